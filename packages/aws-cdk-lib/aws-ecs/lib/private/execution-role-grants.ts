import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { type Construct, DependencyGroup } from 'constructs';

/**
 * Whether a role keeps the statements given to it: a role of this app (also
 * with `Role.customizeRoles()`, which reports them), or an imported mutable
 * role, which makes a policy for them.
 *
 * An immutable role (imported with `mutable: false`, or `withoutPolicyUpdates()`)
 * keeps none: by default it still reports them added, and there is no policy
 * to hold them; imported with `addGrantsToResources: true` it refuses them.
 */
export function holdsPolicies(role: iam.IRole): boolean {
  return role instanceof iam.Role
    || role instanceof iam.LazyRole
    || role.node.findAll().some(construct => construct instanceof iam.Policy);
}

/**
 * Warn that the execution role could not be granted what the image pull needs,
 * and list the statements to add to it by hand.
 *
 * @param scope the construct that binds the image
 * @param where how the message names the container
 * @param executionRole the role that was not granted
 * @param what what it was not granted, as in "not granted <what>"
 * @param statements the statements to add by hand
 * @param note a sentence or more to add before the statements
 */
export function warnExecutionRoleNotGranted(
  scope: Construct,
  where: string,
  executionRole: iam.IRole,
  what: string,
  statements: iam.PolicyStatement[],
  note = '',
): void {
  const arn = Token.isUnresolved(executionRole.roleArn) ? 'ARN known at deploy time' : executionRole.roleArn;
  Annotations.of(scope).addWarningV2('cdk-ecs-private-registry:executionRoleNotGranted',
    `The execution role of ${where} (${executionRole.node.path}, ${arn}) ` +
    `is imported and cannot be changed by this app, so it was not granted ${what}. ${note}` +
    'Add these statements to its policy by hand, or ECS will fail to pull the image: ' +
    JSON.stringify(Stack.of(scope).resolve(statements.map(statement => statement.toStatementJson()))));
}

/**
 * The statements that a grant gives, read by making it to a principal that
 * only records them: for a role that could not take them.
 *
 * @param grant makes the grant to the principal it is given
 */
export function statementsOfGrant(grant: (grantee: iam.IGrantable) => unknown): iam.PolicyStatement[] {
  const recorder = new StatementRecorder();
  grant(recorder);
  return recorder.statements;
}

/** A principal that keeps the statements given to it, and belongs to no policy. */
class StatementRecorder extends iam.PrincipalBase {
  public readonly statements: iam.PolicyStatement[] = [];
  public readonly policyFragment = new iam.PrincipalPolicyFragment({});

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.statements.push(statement);
    return { statementAdded: true, policyDependable: new DependencyGroup() };
  }

  public dedupeString(): string | undefined {
    return undefined;
  }
}
