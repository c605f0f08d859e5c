/** A reason to write nothing: every problem found, for the user to fix. */
export class Refusal extends Error {
  constructor(public readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Collects the problems and warnings of one run; a plan with problems is refused whole. */
export class Findings {
  public readonly problems: string[] = [];
  public readonly warnings: string[] = [];

  public problem(message: string): void {
    this.problems.push(message);
  }

  public warn(message: string): void {
    this.warnings.push(message);
  }
}
