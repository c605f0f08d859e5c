import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { grantRoleOrWarn } from '../../lib/private/role-policies';

const ROLE_ARN = 'arn:aws:iam::111111111111:role/ecr';

describe('grantRoleOrWarn', () => {
  const statement = () => new iam.PolicyStatement({ actions: ['ecr:CreateRepository'], resources: ['*'] });

  test.each([
    ['a role of this app', false, (s: Stack) => new iam.Role(s, 'Role', { assumedBy: new iam.ServicePrincipal('ecr.amazonaws.com') })],
    ['a lazy role of this app, made by a reference to it', false, (s: Stack) => {
      const role = new iam.LazyRole(s, 'Role', { assumedBy: new iam.ServicePrincipal('ecr.amazonaws.com') });
      new CfnOutput(s, 'RoleArn', { value: role.roleArn });
      return role;
    }],
    ['an imported mutable role, which makes a policy', false, (s: Stack) => iam.Role.fromRoleArn(s, 'Role', ROLE_ARN)],
    ['an imported immutable role, which has no policy', true, (s: Stack) => iam.Role.fromRoleArn(s, 'Role', ROLE_ARN, { mutable: false })],
    ['an immutable role that refuses statements', true, (s: Stack) => iam.Role.fromRoleArn(s, 'Role', ROLE_ARN, { mutable: false, addGrantsToResources: true })],
    ['a bare role reference', true, (_s: Stack) => ({ roleRef: { roleName: 'ecr', roleArn: ROLE_ARN } }) as unknown as iam.IRoleRef],
  ])('given %s, warns: %s', (_case, warns, roleOf) => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack');
    const role = roleOf(stack);

    // WHEN
    grantRoleOrWarn(stack, role, [statement()], 'testRoleNotGranted', 'The test role', 'to test');

    // THEN
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map(w => String(w.entry.data));
    expect(warnings).toEqual(warns ? [
      'The test role cannot take policies here, and needs these statements to test: ' +
        '[{"Action":"ecr:CreateRepository","Effect":"Allow","Resource":"*"}]. [ack: cdk-ecs-private-registry:testRoleNotGranted]',
    ] : []);
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    expect(Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement)).toEqual(warns ? [] : [
      { Action: 'ecr:CreateRepository', Effect: 'Allow', Resource: '*' },
    ]);
  });

  test('a lazy role of this app, made by a reference after the grant, keeps the statements and does not warn', () => {
    // GIVEN: a lazy role holds the statements until it is made, and has no policy yet
    const stack = new Stack(new App(), 'Stack');
    const role = new iam.LazyRole(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecr.amazonaws.com') });

    // WHEN
    grantRoleOrWarn(stack, role, [statement()], 'testRoleNotGranted', 'The test role', 'to test');
    new CfnOutput(stack, 'RoleArn', { value: role.roleArn });

    // THEN
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    expect(Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement)).toEqual([
      { Action: 'ecr:CreateRepository', Effect: 'Allow', Resource: '*' },
    ]);
  });
});
