import { Annotations, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * Give a role the statements that ECR needs from it, or, when the role keeps
 * no statements, warn with the statements to add to it by hand.
 *
 * A role keeps them when it is a role of this app, or an imported mutable
 * role (which makes a policy for them). A role imported with `mutable: false`
 * reports them added but has no policy to hold them; a bare `iam.IRoleRef`
 * takes none.
 *
 * @param warningId the id of the warning, under `cdk-ecs-private-registry:`
 * @param whose how the warning names the role, for example "The role of repository creation template 'quay'"
 * @param purpose what the statements are for, for example 'to create its repositories'
 */
export function grantRoleOrWarn(scope: Construct, role: iam.IRoleRef, statements: iam.PolicyStatement[],
  warningId: string, whose: string, purpose: string): void {
  const grantable = typeof (role as Partial<iam.IRole>).addToPrincipalPolicy === 'function' ? role as iam.IRole : undefined;
  const added = grantable ? statements.map(statement => grantable.addToPrincipalPolicy(statement).statementAdded) : [];
  const holds = grantable !== undefined && !added.includes(false) && (grantable instanceof iam.Role ||
    grantable instanceof iam.LazyRole || grantable.node.findAll().some(construct => construct instanceof iam.Policy));
  if (!holds) {
    Annotations.of(scope).addWarningV2(`cdk-ecs-private-registry:${warningId}`,
      `${whose} cannot take policies here, and needs these statements ${purpose}: ` +
      `${JSON.stringify(Stack.of(scope).resolve(statements.map(statement => statement.toStatementJson())))}.`);
  }
}
