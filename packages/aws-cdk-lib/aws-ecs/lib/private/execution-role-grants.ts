import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

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
 */
export function warnExecutionRoleNotGranted(
  scope: Construct,
  where: string,
  executionRole: iam.IRole,
  what: string,
  statements: iam.PolicyStatement[],
): void {
  const arn = Token.isUnresolved(executionRole.roleArn) ? 'ARN known at deploy time' : executionRole.roleArn;
  Annotations.of(scope).addWarningV2('cdk-ecs-private-registry:executionRoleNotGranted',
    `Expected an execution role that this app can grant ${what} for ${where}, got the immutable role ` +
    `${executionRole.node.path} (${arn}), which needs these statements added by hand: ` +
    JSON.stringify(Stack.of(scope).resolve(statements.map(statement => statement.toStatementJson()))));
}
