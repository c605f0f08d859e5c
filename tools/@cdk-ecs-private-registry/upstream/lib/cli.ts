/**
 * Writes this repository's change into a checkout of aws/aws-cdk, in
 * upstream's form, and prints a pull request description for it.
 *
 *     npm run upstream -- <path-to-aws-cdk-checkout> [--part <name>] [--dry-run]
 *     npm run upstream -- --list-parts
 *
 * The change is a series of pull requests (`PARTS` in config.ts); `--part`
 * writes one of them, on a checkout that has the ones before it.
 *
 * Every write is planned in memory and validated first: when anything does not
 * have the expected shape, or the change is already there in another form, the
 * tool refuses, says why, and writes nothing. Running it again on a checkout
 * it has already changed finds every file identical and changes nothing.
 *
 * See the "Upstreaming" section of CONTRIBUTING.md.
 */
import * as fs from 'fs';
import * as path from 'path';
import { INTEG_ROOT, PARTS } from './config';
import { type Plan, plan } from './plan';
import { pullRequestDescription } from './pull-request';
import { Refusal } from './refusal';
import { changeReport } from './report';

export const USAGE = `Usage: npm run upstream -- <path-to-aws-cdk-checkout> [--part <name>] [--dry-run] [--source <dir>]
       npm run upstream -- --list-parts

Writes the private registry change of this repository into an aws/aws-cdk
checkout, in upstream's layout and import style, then prints what changed and
the pull request description of each part of the series.

  --part <name>    write only this part, on a checkout that has the parts before
                   it (refused, writing nothing, when it does not)
  --list-parts     print the parts, in the order they apply, one name a line
  --dry-run        plan and validate, print what would change, write nothing
  --source <dir>   the repository to take the change from (default: this one)
  --help           this text`;

/** The root of this repository: the tool lives in tools/@cdk-ecs-private-registry/upstream/lib. */
export const REPOSITORY = path.resolve(__dirname, '..', '..', '..', '..');

export interface Io {
  readonly out?: (text: string) => void;
  readonly err?: (text: string) => void;
}

/** Runs the tool; returns the exit code. */
export function main(argv: string[], io: Io = {}): number {
  const out = io.out ?? ((t: string) => process.stdout.write(`${t}\n`));
  const err = io.err ?? ((t: string) => process.stderr.write(`${t}\n`));
  let source = REPOSITORY;
  let dryRun = false;
  let part: string | undefined;
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      out(USAGE);
      return 0;
    } else if (arg === '--list-parts') {
      out(PARTS.map(p => p.name).join('\n'));
      return 0;
    } else if (arg === '--part') {
      part = argv[++i];
      if (part === undefined || part.startsWith('-')) {
        err(`--part takes the name of a part (npm run upstream -- --list-parts).\n\n${USAGE}`);
        return 2;
      }
    } else if (arg === '--dry-run') {
      dryRun = true;
    } else if (arg === '--source') {
      source = path.resolve(argv[++i] ?? '');
    } else if (arg.startsWith('-')) {
      err(`Unknown option ${arg}.\n\n${USAGE}`);
      return 2;
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 1) {
    err(USAGE);
    return 2;
  }
  const checkout = path.resolve(positional[0]);

  let result: Plan;
  try {
    result = plan(source, checkout, { part });
  } catch (e) {
    if (e instanceof Refusal) {
      err(`upstream: refusing to change ${checkout}. Nothing was written.\n${e.problems.map(p => `  - ${p}`).join('\n')}`);
      return 1;
    }
    throw e;
  }

  const changed = result.writes.filter(w => w.action !== 'unchanged');
  if (!dryRun) {
    for (const write of changed) {
      const abs = path.join(checkout, write.rel);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, write.content);
    }
  }
  const verb = dryRun ? 'Would change' : 'Changed';
  out(changed.length === 0
    ? `The checkout already has this change: nothing to do (${result.writes.length} files checked).`
    : `${verb} ${changed.length} of ${result.writes.length} files in ${checkout}:`);
  out(dryRun ? result.writes.map(w => `  ${w.action.padEnd(9)} ${w.rel}`).join('\n') : changeReport(checkout, result.writes));
  for (const warning of result.warnings) err(`warning: ${warning}`);
  const integDirs = [...new Set(result.summary.integTests.filter(t => result.parts.includes(t.part))
    .map(t => t.rel.slice(INTEG_ROOT.length + 1).split('/')[0]))];
  out(`
Next, in the checkout:
  npx lerna run build --scope=aws-cdk-lib --skip-nx-cache   # or: cd packages/aws-cdk-lib && yarn build
  cd packages/aws-cdk-lib && yarn test aws-ecs aws-batch aws-ecr
  cd packages/@aws-cdk-testing/framework-integ && ${integDirs.map(d => `yarn integ test/${d}/test --update-on-failed`).join(' && ') || 'true'}   # re-record snapshots
  git add -A && git commit   # then open the pull request with the description below`);
  for (const p of result.parts) {
    out(`
${`-------------------- pull request ${p + 1} of ${PARTS.length}: ${PARTS[p].name} `.padEnd(94, '-')}
${pullRequestDescription(result.summary, p)}`);
  }
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
