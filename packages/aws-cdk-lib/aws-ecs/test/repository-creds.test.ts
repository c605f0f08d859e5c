import { App, CfnParameter, Errors, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ContainerImage, RepositoryCreds } from '../lib';
import { containerDefinitions, newAgnosticStack, newStack, policyStatements, SECRET_ARN, warningsOf } from './util';

describe('RepositoryCreds.fromSecret', () => {
  test('the RFC usage renders the secret ARN as CredentialsParameter and an execution role', () => {
    // GIVEN
    const stack = newStack();
    const taskDefinition = new ecs.Ec2TaskDefinition(stack, 'TaskDef');
    const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'RepoSecret', SECRET_ARN);

    // WHEN
    taskDefinition.addContainer('myPrivateContainer', {
      image: ContainerImage.fromInternet('userx/test', { credentials: RepositoryCreds.fromSecret(secret) }),
      memoryLimitMiB: 512,
    });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({
        Name: 'myPrivateContainer',
        Image: 'userx/test',
        RepositoryCredentials: { CredentialsParameter: SECRET_ARN },
      })],
      ExecutionRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TaskDefExecutionRole'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'ecs-tasks.amazonaws.com' } })],
      },
    });
  });

  test('grants the execution role GetSecretValue on exactly that secret, and the task role nothing', () => {
    // GIVEN
    const stack = newStack();
    const taskDefinition = new ecs.Ec2TaskDefinition(stack, 'TaskDef');
    const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'RepoSecret', SECRET_ARN);

    // WHEN
    taskDefinition.addContainer('app', {
      image: ContainerImage.fromInternet('userx/test', { credentials: RepositoryCreds.fromSecret(secret) }),
      memoryLimitMiB: 512,
    });

    // THEN
    const statements = policyStatements(stack);
    expect(statements).toEqual([{
      roles: [{ Ref: expect.stringMatching(/^TaskDefExecutionRole/) }],
      statement: { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SECRET_ARN },
    }]);
    // The task role exists (the application's own role) but has no policy at all.
    expect(statements.some(({ roles }) => JSON.stringify(roles).includes('TaskDefTaskRole'))).toBe(false);
  });

  test('a secret created in the stack is referenced and granted by its ARN', () => {
    // GIVEN
    const stack = newStack();
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
    const secret = new secretsmanager.Secret(stack, 'RepoSecret');

    // WHEN
    taskDefinition.addContainer('app', {
      image: ContainerImage.fromInternet('quay.io/acme/api:1.4', { credentials: RepositoryCreds.fromSecret(secret) }),
    });

    // THEN
    expect(containerDefinitions(stack)[0].RepositoryCredentials).toEqual({ CredentialsParameter: stack.resolve(secret.secretArn) });
    expect(policyStatements(stack).map(s => s.statement)).toEqual([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: stack.resolve(secret.secretArn) },
    ]);
  });

  test('a secret imported by name is granted with the six-character suffix wildcard and nothing broader', () => {
    // GIVEN
    const stack = newStack();
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'RepoSecret', 'registry_dockerhub');

    // WHEN
    taskDefinition.addContainer('app', {
      image: ContainerImage.fromInternet('userx/test', { credentials: RepositoryCreds.fromSecret(secret) }),
    });

    // THEN
    expect(policyStatements(stack).map(s => s.statement)).toEqual([{
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:us-east-1:111111111111:secret:registry_dockerhub-??????']] },
    }]);
  });

  test('no credentials: no RepositoryCredentials and no execution role', () => {
    // GIVEN
    const stack = newStack();
    const taskDefinition = new ecs.Ec2TaskDefinition(stack, 'TaskDef');

    // WHEN
    taskDefinition.addContainer('app', {
      image: ContainerImage.fromInternet('nginx:1.27'),
      memoryLimitMiB: 512,
    });

    // THEN
    const template = Template.fromStack(stack);
    expect(containerDefinitions(stack)[0].RepositoryCredentials).toBeUndefined();
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { ExecutionRoleArn: Match.absent() });
    template.resourceCountIs('AWS::IAM::Policy', 0);
    // Only the task role.
    template.resourceCountIs('AWS::IAM::Role', 1);
  });

  test.each([
    ['EC2', (stack: any) => new ecs.Ec2TaskDefinition(stack, 'TaskDef')],
    ['Fargate', (stack: any) => new ecs.FargateTaskDefinition(stack, 'TaskDef')],
    ['External', (stack: any) => new ecs.ExternalTaskDefinition(stack, 'TaskDef')],
  ])('works with %s task definitions', (_kind, makeTaskDefinition) => {
    // GIVEN
    const stack = newStack();
    const taskDefinition: ecs.TaskDefinition = makeTaskDefinition(stack);
    const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'RepoSecret', SECRET_ARN);

    // WHEN
    taskDefinition.addContainer('app', {
      image: ContainerImage.fromInternet('ghcr.io/acme/api:1.4', { credentials: RepositoryCreds.fromSecret(secret) }),
      memoryLimitMiB: 512,
    });

    // THEN
    expect(containerDefinitions(stack)[0].RepositoryCredentials).toEqual({ CredentialsParameter: SECRET_ARN });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::TaskDefinition', {
      ExecutionRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TaskDefExecutionRole'), 'Arn'] },
    });
    expect(policyStatements(stack).map(s => s.statement)).toEqual([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SECRET_ARN },
    ]);
  });

  test('two containers sharing one secret give one statement', () => {
    // GIVEN
    const stack = newStack();
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
    const credentials = RepositoryCreds.fromSecret(secretsmanager.Secret.fromSecretCompleteArn(stack, 'RepoSecret', SECRET_ARN));

    // WHEN
    taskDefinition.addContainer('api', { image: ContainerImage.fromInternet('acme/api:1', { credentials }) });
    taskDefinition.addContainer('worker', { image: ContainerImage.fromInternet('acme/worker:1', { credentials }) });

    // THEN
    expect(containerDefinitions(stack).map(c => c.RepositoryCredentials)).toEqual([
      { CredentialsParameter: SECRET_ARN },
      { CredentialsParameter: SECRET_ARN },
    ]);
    expect(policyStatements(stack).map(s => s.statement)).toEqual([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SECRET_ARN },
    ]);
  });

  test('two secrets give a grant on each', () => {
    // GIVEN
    const stack = newStack();
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
    const otherArn = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:registry/quay-GhIjKl';

    // WHEN
    taskDefinition.addContainer('api', {
      image: ContainerImage.fromInternet('acme/api:1', {
        credentials: RepositoryCreds.fromSecret(secretsmanager.Secret.fromSecretCompleteArn(stack, 'DockerHub', SECRET_ARN)),
      }),
    });
    taskDefinition.addContainer('worker', {
      image: ContainerImage.fromInternet('quay.io/acme/worker:1', {
        credentials: RepositoryCreds.fromSecret(secretsmanager.Secret.fromSecretCompleteArn(stack, 'Quay', otherArn)),
      }),
    });

    // THEN
    const resources = policyStatements(stack).flatMap(({ statement }) => [statement.Resource].flat());
    expect(resources.sort()).toEqual([otherArn, SECRET_ARN].sort());
  });

  test('a customer managed KMS key gets kms:Decrypt, through Secrets Manager only', () => {
    // GIVEN
    const stack = newStack();
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
    const key = new kms.Key(stack, 'Key');
    const secret = new secretsmanager.Secret(stack, 'RepoSecret', { encryptionKey: key });

    // WHEN
    taskDefinition.addContainer('app', {
      image: ContainerImage.fromInternet('acme/api:1', { credentials: RepositoryCreds.fromSecret(secret) }),
    });

    // THEN
    expect(policyStatements(stack).map(s => s.statement)).toEqual([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: stack.resolve(secret.secretArn) },
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: stack.resolve(key.keyArn),
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
      },
    ]);
  });

  test('an imported secret with its key: kms:Decrypt is conditioned on the secret\'s own region', () => {
    // GIVEN
    const stack = newStack();
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
    const keyArn = 'arn:aws:kms:eu-west-1:111111111111:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
    const secret = secretsmanager.Secret.fromSecretAttributes(stack, 'RepoSecret', {
      secretCompleteArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:registry-AbCdEf',
      encryptionKey: kms.Key.fromKeyArn(stack, 'Key', keyArn),
    });

    // WHEN
    taskDefinition.addContainer('app', {
      image: ContainerImage.fromInternet('acme/api:1', { credentials: RepositoryCreds.fromSecret(secret) }),
    });

    // THEN
    expect(policyStatements(stack).map(s => s.statement)).toContainEqual({
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: keyArn,
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('an execution role given by the user is the one granted', () => {
    // GIVEN
    const stack = newStack();
    const executionRole = new iam.Role(stack, 'MyExecutionRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef', { executionRole });

    // WHEN
    taskDefinition.addContainer('app', {
      image: ContainerImage.fromInternet('acme/api:1', {
        credentials: RepositoryCreds.fromSecret(secretsmanager.Secret.fromSecretCompleteArn(stack, 'RepoSecret', SECRET_ARN)),
      }),
    });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Role', 2); // the user's execution role and the task role
    expect(policyStatements(stack)).toEqual([{
      roles: [{ Ref: expect.stringMatching(/^MyExecutionRole/) }],
      statement: { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SECRET_ARN },
    }]);
  });

  test('works in a service on a cluster, and with an unresolved image name and secret ARN', () => {
    // GIVEN
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
    const imageParam = new CfnParameter(stack, 'Image', { type: 'String' });
    const secretParam = new CfnParameter(stack, 'SecretArn', { type: 'String' });
    const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'RepoSecret', secretParam.valueAsString);

    // WHEN
    taskDefinition.addContainer('app', {
      image: ContainerImage.fromInternet(imageParam.valueAsString, { credentials: RepositoryCreds.fromSecret(secret) }),
    });
    new ecs.FargateService(stack, 'Service', { cluster, taskDefinition, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, assignPublicIp: true });

    // THEN
    expect(containerDefinitions(stack)[0]).toMatchObject({
      Image: { Ref: 'Image' },
      RepositoryCredentials: { CredentialsParameter: { Ref: 'SecretArn' } },
    });
    expect(policyStatements(stack).map(s => s.statement)).toEqual([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: 'SecretArn' } },
    ]);
  });

  test('a secret of another account, by complete ARN, is still granted on the execution role\'s own policy, key included', () => {
    // GIVEN
    const stack = newStack();
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
    const secretArn = 'arn:aws:secretsmanager:us-east-1:222222222222:secret:registry-AbCdEf';
    const keyArn = 'arn:aws:kms:us-east-1:222222222222:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
    const secret = secretsmanager.Secret.fromSecretAttributes(stack, 'Shared', {
      secretCompleteArn: secretArn,
      encryptionKey: kms.Key.fromKeyArn(stack, 'SharedKey', keyArn),
    });

    // WHEN
    taskDefinition.addContainer('app', {
      image: ContainerImage.fromInternet('acme/api:1', { credentials: RepositoryCreds.fromSecret(secret) }),
    });

    // THEN
    // The key is known here: the message does not ask for it.
    expect(warningsOf(stack)).toEqual([{
      id: 'cdk-ecs-private-registry:crossAccountRegistrySecret',
      message: "Expected account 222222222222 to allow the execution role of container 'Stack/TaskDef/app' secretsmanager:GetSecretValue " +
        "in the secret's resource policy and kms:Decrypt in the key policy of a customer managed key, got repository credentials in that account " +
        "and not the stack's (111111111111), where the default aws/secretsmanager key cannot be used from another account.",
    }]);
    const executionRole = [{ Ref: expect.stringMatching(/^TaskDefExecutionRole/) }];
    expect(policyStatements(stack)).toEqual([
      { roles: executionRole, statement: { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArn } },
      {
        roles: executionRole,
        statement: {
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: keyArn,
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
        },
      },
    ]);
  });

  test('an immutable execution role imported with addGrantsToResources is granted on the secret\'s and key\'s policies', () => {
    // GIVEN
    const stack = newStack();
    const executionRole = iam.Role.fromRoleArn(stack, 'ExecRole', 'arn:aws:iam::111111111111:role/ecs-exec', {
      mutable: false,
      addGrantsToResources: true,
    });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef', { executionRole });
    const key = new kms.Key(stack, 'Key');
    const secret = new secretsmanager.Secret(stack, 'RepoSecret', { encryptionKey: key });

    // WHEN
    taskDefinition.addContainer('app', {
      image: ContainerImage.fromInternet('acme/api:1', { credentials: RepositoryCreds.fromSecret(secret) }),
    });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::SecretsManager::ResourcePolicy', {
      SecretId: stack.resolve(secret.secretArn),
      ResourcePolicy: {
        Statement: [{
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Principal: { AWS: 'arn:aws:iam::111111111111:role/ecs-exec' },
          Resource: '*',
        }],
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Principal: { AWS: 'arn:aws:iam::111111111111:role/ecs-exec' },
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
        }]),
      },
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('an immutable execution role imported without addGrantsToResources gets no grant anywhere (and a warning)', () => {
    // GIVEN
    const stack = newStack();
    const executionRole = iam.Role.fromRoleArn(stack, 'ExecRole', 'arn:aws:iam::111111111111:role/ecs-exec', { mutable: false });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef', { executionRole });
    const secret = new secretsmanager.Secret(stack, 'RepoSecret');

    // WHEN
    taskDefinition.addContainer('app', {
      image: ContainerImage.fromInternet('acme/api:1', { credentials: RepositoryCreds.fromSecret(secret) }),
    });

    // THEN: the user said the role's grants are theirs to make
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::SecretsManager::ResourcePolicy', 0);
    Annotations.fromStack(stack).hasWarning('/Stack/TaskDef/app', Match.stringLikeRegexp('executionRoleNotGranted'));
  });

  test.each([
    ['a LazyRole', (stack: Stack) => new iam.LazyRole(stack, 'ExecRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') })],
    ['an imported mutable role', (stack: Stack) => iam.Role.fromRoleArn(stack, 'ExecRole', 'arn:aws:iam::111111111111:role/ecs-exec')],
  ])('%s as execution role is granted, without a warning', (_kind, makeRole) => {
    // GIVEN
    const stack = newStack();
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef', { executionRole: makeRole(stack) });

    // WHEN
    taskDefinition.addContainer('app', {
      image: ContainerImage.fromInternet('acme/api:1', {
        credentials: RepositoryCreds.fromSecret(secretsmanager.Secret.fromSecretCompleteArn(stack, 'RepoSecret', SECRET_ARN)),
      }),
    });

    // THEN
    expect(policyStatements(stack).map(s => s.statement)).toEqual([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SECRET_ARN },
    ]);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('roles customized with Role.customizeRoles report the grant, without a warning', () => {
    // GIVEN
    const stack = newStack();
    iam.Role.customizeRoles(stack, { preventSynthesis: false });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');

    // WHEN
    taskDefinition.addContainer('app', {
      image: ContainerImage.fromInternet('acme/api:1', {
        credentials: RepositoryCreds.fromSecret(secretsmanager.Secret.fromSecretCompleteArn(stack, 'RepoSecret', SECRET_ARN)),
      }),
    });

    // THEN
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('executionRoleNotGranted'));
  });
});

describe('CredentialsParameter', () => {
  /** The CredentialsParameter and GetSecretValue resource of one container whose credentials are the secret. */
  function render(stack: Stack, secret: (stack: Stack) => secretsmanager.ISecret) {
    new ecs.FargateTaskDefinition(stack, 'TaskDef').addContainer('app', {
      image: ContainerImage.fromInternet('acme/api:1', { credentials: RepositoryCreds.fromSecret(secret(stack)) }),
    });
    const [statement] = policyStatements(stack).map(s => s.statement);
    return {
      credentialsParameter: containerDefinitions(stack)[0].RepositoryCredentials.CredentialsParameter,
      grantedOn: statement.Resource,
    };
  }

  const PARTITION_ARN = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });

  test('a secret imported by complete ARN is given by that ARN', () => {
    expect(render(newStack(), (stack) => secretsmanager.Secret.fromSecretCompleteArn(stack, 'S', SECRET_ARN)))
      .toEqual({ credentialsParameter: SECRET_ARN, grantedOn: SECRET_ARN });
  });

  test('a secret of another Region by complete ARN is given by that ARN', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:registry-AbCdEf';
    expect(render(newStack(), (stack) => secretsmanager.Secret.fromSecretCompleteArn(stack, 'S', arn)))
      .toEqual({ credentialsParameter: arn, grantedOn: arn });
  });

  test('a secret imported by name is given by its plain name, and granted on its name and suffix', () => {
    expect(render(newStack(), (stack) => secretsmanager.Secret.fromSecretNameV2(stack, 'S', 'dockerhub')))
      .toEqual({
        credentialsParameter: 'dockerhub',
        grantedOn: PARTITION_ARN(':secretsmanager:us-east-1:111111111111:secret:dockerhub-??????'),
      });
  });

  test('a name ending in a hyphen and six characters is given whole, never as a partial ARN', () => {
    // secretsmanager's own parser would take 'dockerhub-secret' for 'dockerhub' plus a suffix.
    expect(render(newStack(), (stack) => secretsmanager.Secret.fromSecretPartialArn(stack, 'S',
      'arn:aws:secretsmanager:us-east-1:111111111111:secret:dockerhub-secret')))
      .toEqual({
        credentialsParameter: 'dockerhub-secret',
        grantedOn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:dockerhub-secret-??????',
      });
  });

  test('a secret imported by partial ARN, directly or as an attribute, is given by its name', () => {
    const partialArn = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:registry_creds';
    const expected = { credentialsParameter: 'registry_creds', grantedOn: `${partialArn}-??????` };
    expect(render(newStack(), (stack) => secretsmanager.Secret.fromSecretPartialArn(stack, 'S', partialArn))).toEqual(expected);
    expect(render(newStack(), (stack) => secretsmanager.Secret.fromSecretAttributes(stack, 'S', { secretPartialArn: partialArn }))).toEqual(expected);
  });

  test('a name of exactly 255 characters is given by name', () => {
    const name = 'n'.repeat(255);
    expect(render(newStack(), (stack) => secretsmanager.Secret.fromSecretNameV2(stack, 'S', name)).credentialsParameter).toBe(name);
  });

  test('a name known only at deploy time is given as that name', () => {
    const stack = newStack();
    const name = new CfnParameter(stack, 'SecretName', { type: 'String' });
    expect(render(stack, (s) => secretsmanager.Secret.fromSecretNameV2(s, 'S', name.valueAsString))).toEqual({
      credentialsParameter: { Ref: 'SecretName' },
      grantedOn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:us-east-1:111111111111:secret:', { Ref: 'SecretName' }, '-??????']] },
    });
  });

  test('a partial ARN known only at deploy time is given by the name it ends with', () => {
    const stack = newStack();
    const arn = new CfnParameter(stack, 'SecretPartialArn', { type: 'String' });
    expect(render(stack, (s) => secretsmanager.Secret.fromSecretPartialArn(s, 'S', arn.valueAsString))).toEqual({
      credentialsParameter: { 'Fn::Select': [6, { 'Fn::Split': [':', { Ref: 'SecretPartialArn' }] }] },
      grantedOn: { 'Fn::Join': ['', [{ Ref: 'SecretPartialArn' }, '-??????']] },
    });
  });

  test('a secret imported by name in an environment-agnostic stack is given by name, without a warning', () => {
    const stack = newAgnosticStack();
    expect(render(stack, (s) => secretsmanager.Secret.fromSecretNameV2(s, 'S', 'dockerhub'))).toEqual({
      credentialsParameter: 'dockerhub',
      grantedOn: {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':secret:dockerhub-??????']],
      },
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('a name with literal characters that ECS refuses fails, even when part of it is a token', () => {
    const stack = newStack();
    const team = new CfnParameter(stack, 'Team', { type: 'String' });
    expect(() => render(stack, (s) => secretsmanager.Secret.fromSecretNameV2(s, 'S', `${team.valueAsString}/registry`)))
      .toThrow(/got the secret name '\$\{Token\[TOKEN\.\d+\]\}\/registry', which holds '\/'/);
  });

  test('a name whose literal part alone is longer than 255 characters fails, even with a token in it', () => {
    const stack = newStack();
    const team = new CfnParameter(stack, 'Team', { type: 'String' });
    expect(() => render(stack, (s) => secretsmanager.Secret.fromSecretNameV2(s, 'S', `${team.valueAsString}${'n'.repeat(256)}`)))
      .toThrow(/which is 256 characters long/);
  });

  test('a secret imported by name in another stack of another Region fails', () => {
    const app = new App();
    const secretStack = new Stack(app, 'Secrets', { env: { account: '111111111111', region: 'eu-west-1' } });
    const secret = secretsmanager.Secret.fromSecretNameV2(secretStack, 'S', 'dockerhub');
    let error: any;
    try {
      render(new Stack(app, 'Service', { env: { account: '111111111111', region: 'us-east-1' } }), () => secret);
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(error.message).toMatch(/a secret of Region eu-west-1 and not of the stack's \(us-east-1\)/);
    expect(error.constructPath).toBe('Service/TaskDef/app');
  });
});

describe('secrets that ECS cannot use', () => {
  function addContainer(stack: Stack, secret: (s: Stack) => secretsmanager.ISecret) {
    new ecs.FargateTaskDefinition(stack, 'TaskDef').addContainer('app', {
      image: ContainerImage.fromInternet('acme/api:1', { credentials: RepositoryCreds.fromSecret(secret(stack)) }),
    });
  }

  test('throws for a secret imported by a name that ECS refuses, quoting the name as given', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    let error: any;
    try {
      addContainer(stack, (s) => secretsmanager.Secret.fromSecretNameV2(s, 'ByName', 'my secret!'));
    } catch (e) {
      error = e;
    }

    // THEN
    expect(Errors.isValidationError(error)).toBe(true);
    expect(error.constructPath).toBe('Stack/TaskDef/app');
    expect(error.message).toBe("Expected the repository credentials of container 'Stack/TaskDef/app' by a name of at most 255 letters, digits, '-' and '_' " +
      "or by complete ARN (secretsmanager.Secret.fromSecretCompleteArn()), got the secret name 'my secret!', which holds ' ', '!'.");
    expect(error.message).not.toContain('arn:');
  });

  test('throws for credentials in an SSM parameter', () => {
    const stack = newStack();
    expect(() => addContainer(stack, (s) => secretsmanager.Secret.fromSecretPartialArn(s, 'Param', 'arn:aws:ssm:us-east-1:111111111111:parameter/registry')))
      .toThrow("in an AWS Secrets Manager secret, got 'arn:aws:ssm:us-east-1:111111111111:parameter/registry' (service 'ssm', resource 'parameter').");
  });

  test('throws for a secret whose ARN is not an ARN', () => {
    const stack = newStack();
    expect(() => addContainer(stack, (s) => Object.create(secretsmanager.Secret.fromSecretCompleteArn(s, 'Secret', SECRET_ARN), {
      secretArn: { value: 'registry-creds' },
      secretFullArn: { value: 'registry-creds' },
    }))).toThrow("as the ARN of a Secrets Manager secret ('arn:<partition>:secretsmanager:<region>:<account>:secret:<name>'), got 'registry-creds'.");
  });

  test.each([
    ['five fields', 'arn:aws:secretsmanager:us-east-1:111111111111'],
    ["a first field other than 'arn'", 'nra:aws:secretsmanager:us-east-1:111111111111:secret:registry'],
    ["the name after 'secret/' instead of 'secret:'", 'arn:aws:secretsmanager:us-east-1:111111111111:secret/registry'],
  ])('throws for a secret whose ARN has %s', (_what, arn) => {
    const stack = newStack();
    let error: any;
    try {
      addContainer(stack, (s) => Object.create(secretsmanager.Secret.fromSecretCompleteArn(s, 'Secret', SECRET_ARN), {
        secretArn: { value: arn },
        secretFullArn: { value: undefined },
      }));
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(error.name).toBe('RegistryCredentialsNotAnArn');
    expect(error.message).toBe("Expected the repository credentials of container 'Stack/TaskDef/app' as the ARN of a Secrets Manager secret " +
      `('arn:<partition>:secretsmanager:<region>:<account>:secret:<name>'), got '${arn}'.`);
  });

  test.each([
    ['another service', 'arn:aws:ssm:us-east-1:111111111111:secret:registry', 'ssm', 'secret'],
    ['another resource type', 'arn:aws:secretsmanager:us-east-1:111111111111:parameter/registry', 'secretsmanager', 'parameter'],
    ["a resource type 'secret/…' before the colon", 'arn:aws:secretsmanager:us-east-1:111111111111:secret/dockerhub:registry', 'secretsmanager', 'secret/dockerhub'],
  ])('throws for an ARN of %s, naming its service and resource type', (_what, arn, service, resourceType) => {
    const stack = newStack();
    let error: any;
    try {
      addContainer(stack, (s) => secretsmanager.Secret.fromSecretPartialArn(s, 'Partial', arn));
    } catch (e) {
      error = e;
    }
    expect(error.name).toBe('RegistryCredentialsNotASecret');
    expect(error.message).toBe(`Expected the repository credentials of container 'Stack/TaskDef/app' in an AWS Secrets Manager secret, got '${arn}' ` +
      `(service '${service}', resource '${resourceType}').`);
  });

  test('throws for a secret by partial ARN whose name holds a colon, quoting the whole name', () => {
    const stack = newStack();
    expect(() => addContainer(stack, (s) => secretsmanager.Secret.fromSecretPartialArn(s, 'Partial', 'arn:aws:secretsmanager:us-east-1:111111111111:secret:registry:v2')))
      .toThrow("got the secret name 'registry:v2', which holds ':'.");
  });

  test.each([
    ['web', 'api', "container 'Stack/TaskDef/web (ECS container name api)'"],
    ['myapi', 'api', "container 'Stack/TaskDef/myapi (ECS container name api)'"],
    ['api', 'api', "container 'Stack/TaskDef/api'"],
  ])('names container %s with the ECS container name %s as %s', (id, containerName, label) => {
    const stack = newStack();
    const secret = secretsmanager.Secret.fromSecretPartialArn(stack, 'Param', 'arn:aws:ssm:us-east-1:111111111111:parameter/registry');
    expect(() => new ecs.FargateTaskDefinition(stack, 'TaskDef').addContainer(id, {
      containerName,
      image: ContainerImage.fromInternet('acme/api:1', { credentials: RepositoryCreds.fromSecret(secret) }),
    })).toThrow(`Expected the repository credentials of ${label} in an AWS Secrets Manager secret`);
  });

  test('throws for a secret of another account by partial ARN', () => {
    const stack = newStack();
    expect(() => addContainer(stack, (s) => secretsmanager.Secret.fromSecretPartialArn(s, 'Shared', 'arn:aws:secretsmanager:us-east-1:222222222222:secret:registry')))
      .toThrow("a secret of account 222222222222 and not of the stack's (111111111111), by complete ARN");
  });

  test('warns for a secret of another account by complete ARN', () => {
    const stack = newStack();
    addContainer(stack, (s) => secretsmanager.Secret.fromSecretCompleteArn(s, 'Shared', 'arn:aws:secretsmanager:us-east-1:222222222222:secret:registry-AbCdEf'));
    Annotations.fromStack(stack).hasWarning('/Stack/TaskDef/app', Match.stringLikeRegexp(
      "^Expected account 222222222222 to allow the execution role of container 'Stack/TaskDef/app' secretsmanager:GetSecretValue"));
  });

  test('throws for a secret of another Region by partial ARN', () => {
    const stack = newStack();
    expect(() => addContainer(stack, (s) => secretsmanager.Secret.fromSecretPartialArn(s, 'Partial', 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:registry')))
      .toThrow("a secret of Region eu-west-1 and not of the stack's (us-east-1), by complete ARN");
  });

  test('warns for a secret by partial ARN in a stack whose account and Region are known at deploy time', () => {
    const stack = newAgnosticStack();
    addContainer(stack, (s) => secretsmanager.Secret.fromSecretPartialArn(s, 'Partial', 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:registry'));
    Annotations.fromStack(stack).hasWarning('/Agnostic/TaskDef/app', Match.stringLikeRegexp(
      "^Expected a stack in account 111111111111 and Region eu-west-1 .* by name \\('registry'\\)"));
  });

  test('warns, with the statement to add, for an immutable role with addGrantsToResources and a secret without a policy of this app', () => {
    // GIVEN
    const stack = newStack();
    const executionRole = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::111111111111:role/ecs-exec', { mutable: false, addGrantsToResources: true });

    // WHEN
    new ecs.FargateTaskDefinition(stack, 'TaskDef', { executionRole }).addContainer('app', {
      image: ContainerImage.fromInternet('acme/api:1', {
        credentials: RepositoryCreds.fromSecret(secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', SECRET_ARN)),
      }),
    });

    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Policy', 0);
    Annotations.fromStack(stack).hasWarning('/Stack/TaskDef/app', Match.stringLikeRegexp(
      "^Expected an execution role that this app can grant read access on the repository credentials for container 'Stack/TaskDef/app', " +
      'got the immutable role Stack/Imported .*"Action":"secretsmanager:GetSecretValue"'));
  });

  test('warns, with both statements, for an immutable role with addGrantsToResources when the secret takes its grant and the key does not', () => {
    // GIVEN
    const stack = newStack();
    const executionRole = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::111111111111:role/ecs-exec', { mutable: false, addGrantsToResources: true });
    const encryptionKey = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-east-1:111111111111:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0');

    // WHEN
    new ecs.FargateTaskDefinition(stack, 'TaskDef', { executionRole }).addContainer('app', {
      image: ContainerImage.fromInternet('acme/api:1', {
        credentials: RepositoryCreds.fromSecret(new secretsmanager.Secret(stack, 'Secret', { encryptionKey })),
      }),
    });

    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::SecretsManager::ResourcePolicy', 1);
    Annotations.fromStack(stack).hasWarning('/Stack/TaskDef/app', Match.stringLikeRegexp(
      '^Expected an execution role that this app can grant read access on the repository credentials .*"Action":"secretsmanager:GetSecretValue".*"Action":"kms:Decrypt"'));
  });

  test('names an immutable execution role whose ARN is a token by its path, its ARN known at deploy time', () => {
    const stack = newStack();
    const executionRole = iam.Role.fromRoleArn(stack, 'Imported', new CfnParameter(stack, 'RoleArn').valueAsString, { mutable: false });

    new ecs.FargateTaskDefinition(stack, 'TaskDef', { executionRole }).addContainer('app', {
      image: ContainerImage.fromInternet('acme/api:1', {
        credentials: RepositoryCreds.fromSecret(secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', SECRET_ARN)),
      }),
    });

    Annotations.fromStack(stack).hasWarning('/Stack/TaskDef/app', Match.stringLikeRegexp(
      'got the immutable role Stack/Imported \\(ARN known at deploy time\\), which needs these statements added by hand'));
  });

  test('bind returns the RepositoryCredsConfig of the container', () => {
    const stack = newStack();
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
    const container = taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry('acme/api:1') });
    const creds = RepositoryCreds.fromSecret(secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', SECRET_ARN));

    expect(creds.bind(container, container)).toEqual({ credentialsParameter: SECRET_ARN });
  });
});
