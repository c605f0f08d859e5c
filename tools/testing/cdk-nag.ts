import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * Run cdk-nag's AwsSolutions rule pack over a construct tree and return every
 * finding that was not acknowledged, as `<rule> <resource path>` lines.
 *
 * cdk-nag 3 runs as a CDK policy-validation plugin, but aws-cdk-lib 2.257.0
 * does not give plugins the construct tree: registered with
 * `Validations.of(app).addPlugins()`, the pack fails inside synthesis without
 * failing it. So the pack is invoked directly, and a pack that could not run
 * is an error here, never an empty list of findings.
 */
export function awsSolutionsFindings(scope: IConstruct): string[] {
  const report = new AwsSolutionsChecks(scope).validateScope(scope);
  const error = (report.metadata as Record<string, string> | undefined)?.error;
  if (error) {
    throw new Error(`cdk-nag could not check ${scope.node.path || 'the app'}: ${error}`);
  }
  return report.violations.flatMap(violation =>
    violation.violatingResources.map(resource =>
      `${violation.ruleName} ${(resource as { constructPath?: string }).constructPath ?? resource.resourceLogicalId} (${violation.description})`),
  );
}
