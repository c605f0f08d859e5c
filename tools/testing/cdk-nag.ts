// cdk-nag, run from a test: shared by the example app's and the integ tests.
//
// cdk-nag 3 is a policy validation plugin: it reports violations in a
// validation report, not as annotations. Its `validate()` needs the construct
// tree on the validation context, which aws-cdk-lib 2.257.0 does not pass, so
// registered with `Validations.of(app).addPlugins()` it fails inside synthesis.
// Its documented entry point for tests is `validateScope()`, used here; a pack
// that could not run is an error, never an empty list of findings.
import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** An unacknowledged cdk-nag violation on one resource. */
export interface NagFinding {
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
}

/** The AwsSolutions errors and warnings on the resources under `scope`, acknowledged ones left out. */
export function awsSolutionsFindings(scope: IConstruct): NagFinding[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  const error = (report.metadata as Record<string, string> | undefined)?.error;
  if (error) {
    throw new Error(`cdk-nag could not check ${scope.node.path || 'the app'}: ${error}`);
  }
  return report.violations
    .filter(violation => /^AwsSolutions-/.test(violation.ruleName))
    .flatMap(violation => violation.violatingResources.map(resource => ({
      rule: violation.ruleName,
      severity: violation.severity ?? 'error',
      path: resource.constructPath ?? resource.resourceLogicalId ?? '?',
    })));
}

/** One line per finding, for readable test failures. */
export function describeFindings(findings: NagFinding[]): string[] {
  return findings.map(f => `[${f.severity}] ${f.rule} at ${f.path}`);
}

/**
 * The resources that cdk-ecs-private-registry creates or changes for a task
 * definition: the task definition (its RepositoryCredentials), and the
 * execution role with the policy that holds the grants.
 */
export function libraryOwnedResources(taskDefinition: ecs.TaskDefinition): CfnResource[] {
  const owned: IConstruct[] = [taskDefinition.node.defaultChild!];
  if (taskDefinition.executionRole) {
    owned.push(...taskDefinition.executionRole.node.findAll());
  }
  return owned.filter(CfnResource.isCfnResource);
}

/**
 * The acknowledgments that apply to `resource`: cdk-nag honors those recorded
 * on the resource or on any construct above it, up to the app.
 */
export function acknowledgmentsCovering(resource: IConstruct): string[] {
  const found: string[] = [];
  for (let current: IConstruct | undefined = resource; current; current = current.node.scope) {
    for (const entry of current.node.metadata) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
        const at = current.node.path || '(the app)';
        found.push(...Object.keys(entry.data ?? {}).map(id => `${id} on ${at}, covering ${resource.node.path}`));
      }
    }
  }
  return found;
}

/**
 * Actions that have no resource type, so that IAM only grants them on `*`
 * (Service Authorization Reference, "Actions defined by Amazon Elastic
 * Container Registry": GetAuthorizationToken lists no resource type). ECS
 * needs it to pull from ECR with the execution role.
 */
export const ACTIONS_WITHOUT_RESOURCE_TYPE = ['ecr:GetAuthorizationToken'];

/**
 * Statements of the role's policies with a wildcard in an action or a
 * resource. Unlike AwsSolutions-IAM5, which only looks for `*`, this also
 * catches `?` (as in the `<name>-??????` form of a secret's ARN). Statements
 * of only `ACTIONS_WITHOUT_RESOURCE_TYPE` on `*` are left out: see
 * `unscopableStatements()`.
 */
export function wildcardStatements(role: iam.IRole): string[] {
  return allowStatements(role)
    .filter(({ statement }) => !isUnscopable(statement))
    .filter(({ statement }) => [...toArray(statement.Action), ...toArray(statement.Resource)]
      .some(value => /[*?]/.test(typeof value === 'string' ? value : JSON.stringify(value))))
    .map(({ policy, statement }) => `${policy.node.path}: ${JSON.stringify(statement)}`);
}

/**
 * Statements of the role's policies that grant only actions without a
 * resource type, on `*`: the one wildcard IAM leaves no way around.
 */
export function unscopableStatements(role: iam.IRole): string[] {
  return allowStatements(role)
    .filter(({ statement }) => isUnscopable(statement))
    .map(({ policy, statement }) => `${policy.node.path}: ${JSON.stringify(statement)}`);
}

function allowStatements(role: iam.IRole): Array<{ policy: iam.CfnPolicy; statement: any }> {
  const stack = Stack.of(role);
  return role.node.findAll()
    .filter((c): c is iam.CfnPolicy => c instanceof iam.CfnPolicy)
    .flatMap(policy => (stack.resolve(policy.policyDocument).Statement ?? [])
      .filter((statement: any) => statement.Effect === 'Allow')
      .map((statement: any) => ({ policy, statement })));
}

function isUnscopable(statement: any): boolean {
  const actions = toArray(statement.Action);
  const resources = toArray(statement.Resource);
  return actions.length > 0 && actions.every(action => ACTIONS_WITHOUT_RESOURCE_TYPE.includes(action as string))
    && resources.length > 0 && resources.every(resource => resource === '*')
    && statement.NotAction === undefined && statement.NotResource === undefined && statement.Condition === undefined;
}

function toArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
