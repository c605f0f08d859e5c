import { SecretValue, CfnParameter, Size, type Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { type IPullThroughCacheRule, PullThroughCacheRule, UpstreamRegistry } from '../../../aws-ecr';
import { ContainerImage, RegistryCredentialsSecret, RepositoryCreds } from '../../lib';
import { containerDefinitions, newAgnosticStack, newStack, policyStatements } from '../util';

const REPOSITORY_ARN = (name: string) => `arn:aws:ecr:us-east-1:111111111111:repository/${name}`;
const ECR = '111111111111.dkr.ecr.us-east-1.amazonaws.com';
const PULL_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchGetImage',
  'ecr:BatchImportUpstreamImage',
  'ecr:CreateRepository',
];
const TOKEN_STATEMENT = { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' };

/** A Docker Hub rule whose secret serves both paths, as an app would write it. */
function dockerHub(stack: Stack) {
  const secret = new RegistryCredentialsSecret(stack, 'DockerHubCredentials', { username: 'acme', forPullThroughCache: true });
  const rule = new PullThroughCacheRule(stack, 'DockerHubCache', { upstreamRegistry: UpstreamRegistry.DOCKER_HUB, credentials: secret });
  return { secret, rule };
}

/** One container of `imageName`, pulled through the rule or not: the one switch. */
function app(useCache: boolean) {
  const stack = newStack();
  const { secret, rule } = dockerHub(stack);
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
  taskDefinition.addContainer('app', {
    image: ContainerImage.fromInternet('nginx:1.27', {
      credentials: RepositoryCreds.fromSecret(secret),
      pullThroughCache: useCache ? rule : undefined,
    }),
  });
  return stack;
}

describe('pulling an image through a pull through cache rule', () => {
  test('one option switches the container from a direct pull with credentials to the ECR copy', () => {
    // GIVEN
    const direct = app(false);

    // WHEN
    const cached = app(true);

    // THEN
    expect(containerDefinitions(direct)[0]).toMatchObject({ Image: 'nginx:1.27', RepositoryCredentials: { CredentialsParameter: { Ref: expect.any(String) } } });
    expect(containerDefinitions(cached)[0].Image).toBe(`${ECR}/docker-hub/library/nginx:1.27`);
    expect(containerDefinitions(cached)[0].RepositoryCredentials).toBeUndefined();
  });

  test('the execution role gets exactly the ECR pull and import on the image\'s repository, and no secret', () => {
    const stack = app(true);

    expect(policyStatements(stack).map(s => s.statement)).toEqual([
      { Effect: 'Allow', Action: PULL_ACTIONS, Resource: REPOSITORY_ARN('docker-hub/library/nginx') },
      TOKEN_STATEMENT,
    ]);
    expect(policyStatements(stack).map(s => s.roles)).toEqual([
      [{ Ref: 'TaskDefExecutionRoleB4775C97' }],
      [{ Ref: 'TaskDefExecutionRoleB4775C97' }],
    ]);
  });

  test('the direct pull grants the secret and nothing of ECR', () => {
    const stack = app(false);

    expect(policyStatements(stack).map(s => s.statement.Action)).toEqual(['secretsmanager:GetSecretValue']);
  });

  test('the task definition waits for the rule', () => {
    const stack = app(true);

    const taskDefinitions = Template.fromStack(stack).findResources('AWS::ECS::TaskDefinition');
    expect(Object.values(taskDefinitions)[0].DependsOn).toEqual([expect.stringMatching(/^DockerHubCache/)]);
  });

  test('an AWS Batch job definition pulls the ECR copy, its execution role granted the same', () => {
    // GIVEN
    const stack = newStack();
    const { rule } = dockerHub(stack);

    // WHEN
    new batch.EcsJobDefinition(stack, 'JobDef', {
      container: new batch.EcsFargateContainerDefinition(stack, 'Container', {
        image: ContainerImage.fromInternet('nginx:1.27', { pullThroughCache: rule }),
        cpu: 0.25,
        memory: Size.mebibytes(512),
      }),
    });

    // THEN
    const jobDefinition = Object.values(Template.fromStack(stack).findResources('AWS::Batch::JobDefinition'))[0];
    expect(jobDefinition.Properties.ContainerProperties.Image).toBe(`${ECR}/docker-hub/library/nginx:1.27`);
    expect(jobDefinition.Properties.ContainerProperties.RepositoryCredentials).toBeUndefined();
    expect(policyStatements(stack).map(s => s.statement)).toContainEqual(
      { Effect: 'Allow', Action: PULL_ACTIONS, Resource: REPOSITORY_ARN('docker-hub/library/nginx') });
  });

  test('an AWS Batch job definition waits for the rule only when told to, as the README says', () => {
    const stack = newStack();
    const { rule } = dockerHub(stack);
    const container = new batch.EcsFargateContainerDefinition(stack, 'Container', {
      image: ContainerImage.fromInternet('nginx:1.27', { pullThroughCache: rule }),
      cpu: 0.25,
      memory: Size.mebibytes(512),
    });
    new batch.EcsJobDefinition(stack, 'Plain', { container });
    const told = new batch.EcsJobDefinition(stack, 'Told', { container });

    told.node.addDependency(rule);

    const jobDefinitions = Template.fromStack(stack).findResources('AWS::Batch::JobDefinition');
    expect(Object.entries(jobDefinitions).map(([id, resource]) => [id.replace(/[A-F0-9]{8}$/, ''), resource.DependsOn])).toEqual([
      ['Plain', undefined],
      ['Told', [expect.stringMatching(/^DockerHubCache/)]],
    ]);
  });

  test('the containers of a task definition share two statements, which list each image\'s repository once', () => {
    // GIVEN
    const stack = newStack();
    const { rule } = dockerHub(stack);
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');

    // WHEN
    for (const [id, name] of [['a', 'nginx:1.27'], ['b', 'docker.io/library/nginx:1.28'], ['c', 'acme/api:2']]) {
      taskDefinition.addContainer(id, { image: ContainerImage.fromInternet(name, { pullThroughCache: rule }) });
    }

    // THEN
    expect(policyStatements(stack).map(s => s.statement)).toEqual([
      { Effect: 'Allow', Action: PULL_ACTIONS, Resource: [REPOSITORY_ARN('docker-hub/library/nginx'), REPOSITORY_ARN('docker-hub/acme/api')] },
      TOKEN_STATEMENT,
    ]);
    expect(containerDefinitions(stack).map(c => c.Image)).toEqual([
      `${ECR}/docker-hub/library/nginx:1.27`, `${ECR}/docker-hub/library/nginx:1.28`, `${ECR}/docker-hub/acme/api:2`,
    ]);
  });

  test('each task definition\'s execution role gets its own statements', () => {
    // GIVEN
    const stack = newStack();
    const { rule } = dockerHub(stack);

    // WHEN
    for (const id of ['One', 'Two']) {
      new ecs.FargateTaskDefinition(stack, id).addContainer('app', { image: ContainerImage.fromInternet(`acme/${id.toLowerCase()}`, { pullThroughCache: rule }) });
    }

    // THEN
    expect(policyStatements(stack).map(s => [s.roles[0].Ref.replace(/ExecutionRole.*/, ''), s.statement.Action, s.statement.Resource])).toEqual([
      ['One', PULL_ACTIONS, REPOSITORY_ARN('docker-hub/acme/one')],
      ['One', 'ecr:GetAuthorizationToken', '*'],
      ['Two', PULL_ACTIONS, REPOSITORY_ARN('docker-hub/acme/two')],
      ['Two', 'ecr:GetAuthorizationToken', '*'],
    ]);
  });

  test('an ECR URI of 255 characters is taken, one of 256 is not, and a deploy-time host counts its literal parts', () => {
    const through = (stack: Stack, path: string) => new ecs.FargateTaskDefinition(stack, `TaskDef${path.length}`).addContainer('app', {
      image: ContainerImage.fromInternet(`quay.io/${path}:1`, { pullThroughCache: rule(stack) }),
    });
    const rules = new Map<Stack, PullThroughCacheRule>();
    const rule = (stack: Stack) => rules.get(stack) ?? rules.set(stack, new PullThroughCacheRule(stack, 'Quay', { upstreamRegistry: UpstreamRegistry.QUAY })).get(stack)!;
    const stack = newStack();

    // '111111111111.dkr.ecr.us-east-1.amazonaws.com/quay/' is 50 characters, and ':1' two more.
    expect(() => through(stack, 'a'.repeat(203))).not.toThrow();
    expect(() => through(stack, 'b'.repeat(204))).toThrow(/got '.*' through the pull through cache rule 'quay', 256 characters\./);

    // In an environment-agnostic stack, '.dkr.ecr.', '.' and '/quay/' are 16 literal characters.
    const agnostic = newAgnosticStack();
    expect(() => through(agnostic, 'c'.repeat(237))).not.toThrow();
    expect(() => through(agnostic, 'd'.repeat(238))).toThrow(/, at least 256 characters\./);
  });

  test('an imported mutable execution role gets the grant in a policy of this app, and no warning', () => {
    const stack = newStack();
    const rule = new PullThroughCacheRule(stack, 'QuayCache', { upstreamRegistry: UpstreamRegistry.QUAY });
    const executionRole = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::111111111111:role/ecs-exec');
    new ecs.FargateTaskDefinition(stack, 'TaskDef', { executionRole }).addContainer('app', {
      image: ContainerImage.fromInternet('quay.io/acme/api:1', { pullThroughCache: rule }),
    });

    expect(policyStatements(stack)).toEqual([
      { roles: ['ecs-exec'], statement: { Effect: 'Allow', Action: PULL_ACTIONS, Resource: REPOSITORY_ARN('quay/acme/api') } },
      { roles: ['ecs-exec'], statement: TOKEN_STATEMENT },
    ]);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('an imported rule works the same', () => {
    const stack = newStack();
    const rule: IPullThroughCacheRule = PullThroughCacheRule.fromPullThroughCacheRuleAttributes(stack, 'Quay', {
      ecrRepositoryPrefix: 'quay', upstreamRegistry: UpstreamRegistry.QUAY,
    });
    new ecs.FargateTaskDefinition(stack, 'TaskDef').addContainer('app', {
      image: ContainerImage.fromInternet('quay.io/prometheus/node-exporter:v1.8.2', { pullThroughCache: rule }),
    });

    expect(containerDefinitions(stack)[0].Image).toBe(`${ECR}/quay/prometheus/node-exporter:v1.8.2`);
    expect(policyStatements(stack).map(s => s.statement)).toEqual([
      { Effect: 'Allow', Action: PULL_ACTIONS, Resource: REPOSITORY_ARN('quay/prometheus/node-exporter') },
      TOKEN_STATEMENT,
    ]);
  });
});

describe('RegistryCredentialsSecret for a pull through cache', () => {
  function secretResource(stack: Stack) {
    return Object.values(Template.fromStack(stack).findResources('AWS::SecretsManager::Secret'))[0].Properties;
  }

  test('is named with the ecr-pullthroughcache/ prefix, unique in the app', () => {
    const stack = newStack();

    new RegistryCredentialsSecret(stack, 'Creds', { username: 'acme', forPullThroughCache: true });

    expect(secretResource(stack).Name).toBe('ecr-pullthroughcache/StackCreds');
  });

  test('a given name gets the prefix, unless it has it', () => {
    const stack = newStack();

    new RegistryCredentialsSecret(stack, 'A', { username: 'acme', secretName: 'dockerhub', forPullThroughCache: true });
    new RegistryCredentialsSecret(stack, 'B', { username: 'acme', secretName: 'ecr-pullthroughcache/ghcr', forPullThroughCache: true });

    const names = Object.values(Template.fromStack(stack).findResources('AWS::SecretsManager::Secret')).map((r: any) => r.Properties.Name);
    expect(names).toEqual(['ecr-pullthroughcache/dockerhub', 'ecr-pullthroughcache/ghcr']);
  });

  test('a given token is written under password and accessToken, as references only', () => {
    // GIVEN
    const stack = newStack();
    const token = new CfnParameter(stack, 'Token', { type: 'String', noEcho: true });

    // WHEN
    new RegistryCredentialsSecret(stack, 'Creds', { username: 'acme', password: SecretValue.cfnParameter(token), forPullThroughCache: true });

    // THEN
    expect(secretResource(stack).SecretString).toEqual({
      'Fn::Join': ['', ['{"username":"acme","password":"', { Ref: 'Token' }, '","accessToken":"', { Ref: 'Token' }, '"}']],
    });
  });

  test('without a token, a placeholder is generated at deploy time, in no template', () => {
    const stack = newStack();

    new RegistryCredentialsSecret(stack, 'Creds', { username: 'acme', forPullThroughCache: true });

    expect(secretResource(stack)).toMatchObject({
      GenerateSecretString: { SecretStringTemplate: '{"username":"acme"}', GenerateStringKey: 'password' },
    });
    expect(secretResource(stack).SecretString).toBeUndefined();
  });

  test('without the option, nothing changes: no prefix, no accessToken', () => {
    const stack = newStack();
    const token = new CfnParameter(stack, 'Token', { type: 'String', noEcho: true });

    new RegistryCredentialsSecret(stack, 'Creds', { username: 'acme', password: SecretValue.cfnParameter(token) });

    expect(secretResource(stack).Name).toBeUndefined();
    expect(JSON.stringify(secretResource(stack).SecretString)).not.toContain('accessToken');
  });

  test('the rule accepts it, and a plain Secret of the same name', () => {
    const stack = newStack();
    const secret = new secretsmanager.Secret(stack, 'Plain', { secretName: 'ecr-pullthroughcache/plain' });

    expect(() => dockerHub(stack)).not.toThrow();
    expect(() => new PullThroughCacheRule(stack, 'Ghcr', {
      upstreamRegistry: UpstreamRegistry.GITHUB_CONTAINER_REGISTRY, credentials: secret,
    })).not.toThrow();
  });
});

describe('images that cannot be pulled through a rule', () => {
  function quayRule(stack: Stack) {
    return new PullThroughCacheRule(stack, 'Cache', { upstreamRegistry: UpstreamRegistry.QUAY });
  }
  function addContainer(stack: Stack, name: string, rule: IPullThroughCacheRule, taskDefinitionProps: ecs.FargateTaskDefinitionProps = {}) {
    new ecs.FargateTaskDefinition(stack, 'TaskDef', taskDefinitionProps).addContainer('app', {
      image: ContainerImage.fromInternet(name, { pullThroughCache: rule }),
    });
  }

  test('throws for an image of another registry', () => {
    const stack = newStack();
    expect(() => addContainer(stack, 'ghcr.io/acme/api:1', quayRule(stack)))
      .toThrow("Expected an image of quay.io, the registry that pull through cache rule 'quay' caches, for container 'Stack/TaskDef/app', got 'ghcr.io/acme/api:1'.");
  });

  test('throws for an image name with values known at deploy time', () => {
    const stack = newStack();
    const path = new CfnParameter(stack, 'Path', { type: 'String' });
    expect(() => addContainer(stack, `quay.io/${path.valueAsString}/api`, quayRule(stack)))
      .toThrow(/^Expected an image name written out at synth time for container 'Stack\/TaskDef\/app', .* known only at deploy time\.$/);
  });

  test('throws for a consumer without an execution role: an AWS Batch EKS container', () => {
    const stack = newStack();
    const rule = quayRule(stack);
    expect(() => new batch.EksContainerDefinition(stack, 'Eks', { image: ContainerImage.fromInternet('quay.io/acme/api:1', { pullThroughCache: rule }) }))
      .toThrow('got a consumer without taskDefinition.obtainExecutionRole() (for an EKS container, use rule.imageUri() and rule.grants.pull() for the node role).');
  });

  test.each([
    ['imported immutable', { mutable: false }],
    ['imported immutable with addGrantsToResources', { mutable: false, addGrantsToResources: true }],
  ])('warns, with the statements to add, for an %s execution role', (_kind, options) => {
    // GIVEN
    const stack = newStack();
    const executionRole = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::111111111111:role/ecs-exec', options);

    // WHEN
    addContainer(stack, 'quay.io/acme/api:1', quayRule(stack), { executionRole });

    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Policy', 0);
    Annotations.fromStack(stack).hasWarning('/Stack/TaskDef/app', Match.stringLikeRegexp(
      "^Expected an execution role that this app can grant the pull through the pull through cache rule 'quay' for container 'Stack/TaskDef/app', " +
      'got the immutable role Stack/Imported .*"Resource":"arn:aws:ecr:us-east-1:111111111111:repository/quay/acme/api"'));
  });
});
