// upstream: package-only begin
import { spawnSync } from 'child_process';
import * as path from 'path';
// upstream: package-only end
import { App, Aws, Errors, Fn, type IPropertyInjector, type InjectionContext, PropertyInjectors, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { PullThroughCacheRule, PullThroughCacheRuleGrants, type PullThroughCacheRuleProps, RepositoryCreationScenario, UpstreamRegistry } from '../lib';

const ENV = { account: '111111111111', region: 'us-east-1' };
const DOCKER_HUB_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:ecr-pullthroughcache/docker-hub-AbCdEf';

function newStack(env: { account?: string; region?: string } | undefined = ENV): Stack {
  return new Stack(new App(), 'Stack', { env });
}

function dockerHubRule(stack: Stack, props: { ecrRepositoryPrefix?: string } = {}): PullThroughCacheRule {
  return new PullThroughCacheRule(stack, 'Cache', {
    upstreamRegistry: UpstreamRegistry.DOCKER_HUB,
    credentials: secretsmanager.Secret.fromSecretCompleteArn(stack, 'Creds', DOCKER_HUB_SECRET_ARN),
    ...props,
  });
}

describe('PullThroughCacheRule', () => {
  test('renders the rule with the upstream registry, its URL, the prefix and the secret', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    dockerHubRule(stack);

    // THEN
    const rules = Template.fromStack(stack).findResources('AWS::ECR::PullThroughCacheRule');
    expect(Object.values(rules)).toEqual([{
      Type: 'AWS::ECR::PullThroughCacheRule',
      Properties: {
        EcrRepositoryPrefix: 'docker-hub',
        UpstreamRegistry: 'docker-hub',
        UpstreamRegistryUrl: 'registry-1.docker.io',
        CredentialArn: DOCKER_HUB_SECRET_ARN,
      },
    }]);
  });

  test('a secret by complete ARN, or of this app, draws no warning; one by name keeps its partial ARN, with a warning', () => {
    const stack = newStack();
    dockerHubRule(stack);
    new PullThroughCacheRule(stack, 'Ghcr', {
      upstreamRegistry: UpstreamRegistry.GITHUB_CONTAINER_REGISTRY,
      credentials: new secretsmanager.Secret(stack, 'Secret', { secretName: 'ecr-pullthroughcache/ghcr' }),
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());

    new PullThroughCacheRule(stack, 'ByName', {
      upstreamRegistry: UpstreamRegistry.GITLAB_CONTAINER_REGISTRY,
      credentials: secretsmanager.Secret.fromSecretNameV2(stack, 'Named', 'ecr-pullthroughcache/gitlab'),
    });
    Annotations.fromStack(stack).hasWarning('/Stack/ByName', Match.stringLikeRegexp('pullThroughCacheSecretPartialArn'));
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::PullThroughCacheRule', {
      EcrRepositoryPrefix: 'gitlab',
      CredentialArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:us-east-1:111111111111:secret:ecr-pullthroughcache/gitlab']] },
    });
  });

  test('passes a secret of the stack by reference, and takes a given prefix', () => {
    // GIVEN
    const stack = newStack();
    const secret = new secretsmanager.Secret(stack, 'Secret', { secretName: 'ecr-pullthroughcache/ghcr' });

    // WHEN
    new PullThroughCacheRule(stack, 'Cache', {
      upstreamRegistry: UpstreamRegistry.GITHUB_CONTAINER_REGISTRY,
      ecrRepositoryPrefix: 'cache/ghcr',
      credentials: secret,
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::PullThroughCacheRule', {
      EcrRepositoryPrefix: 'cache/ghcr',
      UpstreamRegistry: 'github-container-registry',
      UpstreamRegistryUrl: 'ghcr.io',
      CredentialArn: { Ref: 'SecretA720EF05' },
    });
  });

  test('a registry without credentials renders no CredentialArn', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new PullThroughCacheRule(stack, 'Cache', { upstreamRegistry: UpstreamRegistry.QUAY });

    // THEN
    const rules = Template.fromStack(stack).findResources('AWS::ECR::PullThroughCacheRule');
    expect(Object.values(rules).map((r: any) => r.Properties)).toEqual([
      { EcrRepositoryPrefix: 'quay', UpstreamRegistry: 'quay', UpstreamRegistryUrl: 'quay.io' },
    ]);
  });

  test('every registry knows its type, URL, default prefix and whether it needs credentials', () => {
    const described = (r: UpstreamRegistry) => [r.registryType, r.url, r.defaultRepositoryPrefix, r.requiresCredentials];
    expect([
      UpstreamRegistry.DOCKER_HUB,
      UpstreamRegistry.GITHUB_CONTAINER_REGISTRY,
      UpstreamRegistry.GITLAB_CONTAINER_REGISTRY,
      UpstreamRegistry.CHAINGUARD,
      UpstreamRegistry.azureContainerRegistry('AcmeRegistry'),
      UpstreamRegistry.QUAY,
      UpstreamRegistry.ECR_PUBLIC,
      UpstreamRegistry.KUBERNETES,
    ].map(described)).toEqual([
      ['docker-hub', 'registry-1.docker.io', 'docker-hub', true],
      ['github-container-registry', 'ghcr.io', 'github', true],
      ['gitlab-container-registry', 'registry.gitlab.com', 'gitlab', true],
      ['chainguard', 'cgr.dev', 'chainguard', true],
      ['azure-container-registry', 'acmeregistry.azurecr.io', 'azure', true],
      ['quay', 'quay.io', 'quay', false],
      ['ecr-public', 'public.ecr.aws', 'ecr-public', false],
      ['k8s', 'registry.k8s.io', 'kubernetes', false],
    ]);
  });

  test('errors are ValidationErrors', () => {
    const stack = newStack();
    let error: unknown;
    try {
      new PullThroughCacheRule(stack, 'Cache', { upstreamRegistry: UpstreamRegistry.DOCKER_HUB });
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
  });

  test('a token prefix and a secret whose name is a token are left to deployment', () => {
    const stack = newStack();
    const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'Creds', DOCKER_HUB_SECRET_ARN);
    const named = new secretsmanager.Secret(stack, 'Named', { secretName: Fn.importValue('SecretName') });

    expect(() => new PullThroughCacheRule(stack, 'A', {
      upstreamRegistry: UpstreamRegistry.DOCKER_HUB, ecrRepositoryPrefix: Fn.importValue('Prefix'), credentials: secret,
    })).not.toThrow();
    expect(() => new PullThroughCacheRule(stack, 'B', {
      upstreamRegistry: UpstreamRegistry.DOCKER_HUB, ecrRepositoryPrefix: 'b-cache', credentials: named,
    })).not.toThrow();
  });
});

describe('one prefix per registry', () => {
  test('two rules of one stack with the same prefix fail on the second', () => {
    const stack = newStack();
    new PullThroughCacheRule(stack, 'A', { upstreamRegistry: UpstreamRegistry.QUAY });
    expect(() => new PullThroughCacheRule(stack, 'B', { upstreamRegistry: UpstreamRegistry.QUAY }))
      .toThrow(expect.objectContaining({ name: 'DuplicatePullThroughCachePrefix', constructPath: 'Stack/B' }));
  });

  test('a rule that failed synthesis holds no prefix', () => {
    const stack = newStack();
    expect(() => new PullThroughCacheRule(stack, 'A', { upstreamRegistry: UpstreamRegistry.DOCKER_HUB })).toThrow(/only pulls from with credentials/);
    expect(() => dockerHubRule(stack)).not.toThrow();
  });

  test('an environment-agnostic stack is compared with itself only', () => {
    const app = new App();
    const first = new Stack(app, 'First');
    new PullThroughCacheRule(first, 'A', { upstreamRegistry: UpstreamRegistry.QUAY });
    expect(() => new PullThroughCacheRule(first, 'B', { upstreamRegistry: UpstreamRegistry.QUAY }))
      .toThrow(/its own in stack First, got 'quay', the prefix of the rule First\/A\./);
    expect(() => new PullThroughCacheRule(new Stack(app, 'Second'), 'A', { upstreamRegistry: UpstreamRegistry.QUAY })).not.toThrow();
  });

  test('the same prefix in another Region or account, under another prefix, or imported, is fine', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: ENV });
    new PullThroughCacheRule(stack, 'A', { upstreamRegistry: UpstreamRegistry.QUAY });
    expect(() => {
      new PullThroughCacheRule(new Stack(app, 'West', { env: { ...ENV, region: 'eu-west-1' } }), 'A', { upstreamRegistry: UpstreamRegistry.QUAY });
      new PullThroughCacheRule(new Stack(app, 'Other', { env: { ...ENV, account: '222222222222' } }), 'A', { upstreamRegistry: UpstreamRegistry.QUAY });
      new PullThroughCacheRule(stack, 'B', { upstreamRegistry: UpstreamRegistry.QUAY, ecrRepositoryPrefix: 'quay-2' });
      PullThroughCacheRule.fromPullThroughCacheRuleAttributes(stack, 'Imported', { ecrRepositoryPrefix: 'quay', upstreamRegistry: UpstreamRegistry.QUAY });
    }).not.toThrow();
  });
});

describe('cachedImagePath', () => {
  test.each([
    ['nginx', 'library/nginx'],
    ['nginx:1.27', 'library/nginx:1.27'],
    ['docker.io/library/nginx:1.27', 'library/nginx:1.27'],
    ['index.docker.io/acme/api', 'acme/api'],
    ['registry-1.docker.io/acme/api:2', 'acme/api:2'],
    // Docker adds library/ after docker.io and index.docker.io only, and the cache follows it.
    ['docker.io/nginx', 'library/nginx'],
    ['index.docker.io/nginx:1.27', 'library/nginx:1.27'],
    ['registry-1.docker.io/nginx', 'nginx'],
    ['DOCKER.IO/acme/api', 'acme/api'],
    [`acme/api:1@sha256:${'a'.repeat(64)}`, `acme/api:1@sha256:${'a'.repeat(64)}`],
    ['ghcr.io/acme/api:1', undefined],
    ['localhost:5000/api', undefined],
    ['localhost/api', undefined],
  ])('Docker Hub serves %s as %s', (name, path) => {
    expect(UpstreamRegistry.DOCKER_HUB.cachedImagePath(name)).toEqual(path);
  });

  test.each([
    [UpstreamRegistry.GITHUB_CONTAINER_REGISTRY, 'ghcr.io/acme/api:1.4', 'acme/api:1.4'],
    [UpstreamRegistry.GITHUB_CONTAINER_REGISTRY, 'acme/api:1.4', undefined],
    [UpstreamRegistry.QUAY, 'quay.io/prometheus/node-exporter', 'prometheus/node-exporter'],
    [UpstreamRegistry.QUAY, 'quay.io:443/prometheus/node-exporter', undefined],
    [UpstreamRegistry.ECR_PUBLIC, 'public.ecr.aws/nginx/nginx:stable', 'nginx/nginx:stable'],
    [UpstreamRegistry.KUBERNETES, 'registry.k8s.io/pause:3.10', 'pause:3.10'],
    [UpstreamRegistry.GITLAB_CONTAINER_REGISTRY, 'registry.gitlab.com/acme/group/api', 'acme/group/api'],
    [UpstreamRegistry.CHAINGUARD, 'cgr.dev/chainguard/nginx', 'chainguard/nginx'],
  ])('%#: serves %s as %s', (registry, name, path) => {
    expect(registry.cachedImagePath(name)).toEqual(path);
  });

  test('an Azure registry serves its own host only', () => {
    // Made in the test, not in the table: a table is built when the file loads, where a throw would stop every test of the file.
    const azure = UpstreamRegistry.azureContainerRegistry('acme');
    expect(azure.cachedImagePath('acme.azurecr.io/api:1')).toBe('api:1');
    expect(azure.cachedImagePath('other.azurecr.io/api:1')).toBeUndefined();
  });

  test('a name with tokens is not served', () => {
    expect(UpstreamRegistry.DOCKER_HUB.cachedImagePath(`${Fn.importValue('Namespace')}/api`)).toBeUndefined();
  });
});

describe('image URIs and grants', () => {
  test('the image URI is the cache repository in the rule\'s account and Region, with tag or digest', () => {
    const stack = newStack();
    const rule = dockerHubRule(stack);

    expect(rule.imageUri('nginx:1.27')).toBe('111111111111.dkr.ecr.us-east-1.amazonaws.com/docker-hub/library/nginx:1.27');
    expect(rule.repositoryNameForImage(`acme/api:1@sha256:${'b'.repeat(64)}`)).toBe('docker-hub/acme/api');
    expect(rule.repositoryNameForImage('nginx')).toBe('docker-hub/library/nginx');
  });

  test('in a Region of another partition, the URL suffix and partition are that partition\'s', () => {
    const stack = newStack({ account: '111111111111', region: 'cn-north-1' });
    const rule = new PullThroughCacheRule(stack, 'Cache', { upstreamRegistry: UpstreamRegistry.QUAY });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });

    rule.grants.pull(role, 'quay.io/acme/api:1');

    expect(rule.imageUri('quay.io/acme/api:1')).toBe('111111111111.dkr.ecr.cn-north-1.amazonaws.com.cn/quay/acme/api:1');
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements[0].Resource).toBe('arn:aws-cn:ecr:cn-north-1:111111111111:repository/quay/acme/api');
  });

  test('in an environment-agnostic stack, the image URI uses the deploy-time account and Region', () => {
    const stack = new Stack(new App(), 'Agnostic');
    const rule = new PullThroughCacheRule(stack, 'Cache', { upstreamRegistry: UpstreamRegistry.ECR_PUBLIC });

    expect(stack.resolve(rule.imageUri('public.ecr.aws/nginx/nginx:stable'))).toEqual({
      'Fn::Join': ['', [
        { Ref: 'AWS::AccountId' }, '.dkr.ecr.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/ecr-public/nginx/nginx:stable',
      ]],
    });
  });

  test('grants the pull and the first pull\'s import on the image\'s repository, and the token on *', () => {
    // GIVEN
    const stack = newStack();
    const rule = dockerHubRule(stack);
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });

    // WHEN
    rule.grants.pull(role, 'nginx:1.27');

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: [
              'ecr:BatchCheckLayerAvailability',
              'ecr:GetDownloadUrlForLayer',
              'ecr:BatchGetImage',
              'ecr:BatchImportUpstreamImage',
              'ecr:CreateRepository',
            ],
            Resource: 'arn:aws:ecr:us-east-1:111111111111:repository/docker-hub/library/nginx',
          },
          { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
        ],
        Version: '2012-10-17',
      },
    });
  });

  test('a name with deploy-time values has no URI: the cache needs its registry and path at synth time', () => {
    const stack = newStack();
    const rule = dockerHubRule(stack);

    expect(() => rule.imageUri(`${Fn.importValue('Namespace')}/api:1`)).toThrow(new RegExp(
      "Expected an image of registry-1.docker.io, the registry that pull through cache rule 'docker-hub' caches, " +
      'got .* \\(a name with values known only at deploy time\\)'));
  });

  test('more images for one principal extend its statement, each repository once', () => {
    // GIVEN
    const stack = newStack();
    const rule = dockerHubRule(stack);
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });

    // WHEN
    const first = rule.grants.pull(role, 'nginx:1.27');
    const again = rule.grants.pull(role, 'nginx:1.28');
    rule.grants.pull(role, 'acme/api');

    // THEN
    expect(again).toBe(first);
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements.map((st: any) => st.Resource)).toEqual([
      [
        'arn:aws:ecr:us-east-1:111111111111:repository/docker-hub/library/nginx',
        'arn:aws:ecr:us-east-1:111111111111:repository/docker-hub/acme/api',
      ],
      '*',
    ]);
  });

  test('a principal that takes no statements is granted nothing, for one image or more and an action added after', () => {
    // GIVEN
    const stack = newStack();
    const rule = dockerHubRule(stack);
    const principal = { grantPrincipal: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') };

    // WHEN
    const grant = rule.grants.pull(principal, 'nginx:1.27');
    rule.grants.pull(principal, 'acme/api');
    rule.grants._addPullAction('ecr:TagResource');

    // THEN
    expect(grant.principalStatements).toEqual([]);
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('an imported rule gives the same URIs and grants', () => {
    const stack = newStack();
    const rule = PullThroughCacheRule.fromPullThroughCacheRuleAttributes(stack, 'Imported', {
      ecrRepositoryPrefix: 'hub', upstreamRegistry: UpstreamRegistry.DOCKER_HUB,
    });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });

    rule.grants.pull(role, 'acme/api:1');

    expect(rule.repositoryNameForImage('acme/api:1')).toBe('hub/acme/api');
    expect(rule.imageUri('acme/api:1')).toBe('111111111111.dkr.ecr.us-east-1.amazonaws.com/hub/acme/api:1');
    Template.fromStack(stack).resourceCountIs('AWS::ECR::PullThroughCacheRule', 0);
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements.map((s: any) => s.Resource)).toEqual(['arn:aws:ecr:us-east-1:111111111111:repository/hub/acme/api', '*']);
  });
});

describe('PullThroughCacheRuleGrants', () => {
  test('fromPullThroughCacheRule grants the same statements as the rule\'s own grants', () => {
    // GIVEN
    const stack = newStack();
    const rule = dockerHubRule(stack);
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });

    // WHEN
    PullThroughCacheRuleGrants.fromPullThroughCacheRule(rule).pull(role, 'acme/api:1');

    // THEN
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'],
        Resource: 'arn:aws:ecr:us-east-1:111111111111:repository/docker-hub/acme/api',
      },
      { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    ]);
  });

  test('throws, granting nothing, for an image of another registry', () => {
    const stack = newStack();
    const rule = dockerHubRule(stack);
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });

    expect(() => rule.grants.pull(role, 'quay.io/acme/api:1')).toThrow(/got 'quay.io\/acme\/api:1' \(an image on quay.io\)\.$/);
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Policy', 0);
  });
});

describe('construct conventions', () => {
  test('the rule is referenced by its prefix, as the L1 is', () => {
    const stack = newStack();
    const rule = dockerHubRule(stack, { ecrRepositoryPrefix: 'hub' });
    const imported = PullThroughCacheRule.fromPullThroughCacheRuleAttributes(stack, 'Imported', {
      ecrRepositoryPrefix: 'other', upstreamRegistry: UpstreamRegistry.QUAY,
    });

    expect(rule.pullThroughCacheRuleRef).toEqual({ ecrRepositoryPrefix: 'hub' });
    expect(imported.pullThroughCacheRuleRef).toEqual({ ecrRepositoryPrefix: 'other' });
  });

  test('takes props injected for its PROPERTY_INJECTION_ID', () => {
    // GIVEN
    class CachePrefix implements IPropertyInjector {
      public readonly constructUniqueId = PullThroughCacheRule.PROPERTY_INJECTION_ID;
      public inject(props: PullThroughCacheRuleProps, _context: InjectionContext): PullThroughCacheRuleProps {
        return { ecrRepositoryPrefix: 'injected', ...props };
      }
    }
    const stack = newStack();
    PropertyInjectors.of(stack).add(new CachePrefix());

    // WHEN
    new PullThroughCacheRule(stack, 'Quay', { upstreamRegistry: UpstreamRegistry.QUAY });

    // THEN
    expect(PullThroughCacheRule.PROPERTY_INJECTION_ID).toBe('aws-cdk-lib.aws-ecr.PullThroughCacheRule');
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::PullThroughCacheRule', { EcrRepositoryPrefix: 'injected' });
  });

  test('records its props as construct metadata when the app collects it', () => {
    const app = new App({ context: { '@aws-cdk/core:enableAdditionalMetadataCollection': true } });
    const stack = new Stack(app, 'Stack', { env: ENV });

    const rule = new PullThroughCacheRule(stack, 'Quay', { upstreamRegistry: UpstreamRegistry.QUAY });

    expect(rule.node.metadata.map(m => m.type)).toContain('aws:cdk:analytics:construct');
  });

  test('records no metadata by default', () => {
    const stack = newStack();
    const rule = new PullThroughCacheRule(stack, 'Quay', { upstreamRegistry: UpstreamRegistry.QUAY });
    expect(rule.node.metadata).toEqual([]);
  });
});

describe('rules that ECR refuses', () => {
  function quay(stack: Stack, props: Partial<PullThroughCacheRuleProps> = {}) {
    return new PullThroughCacheRule(stack, 'Quay', { upstreamRegistry: UpstreamRegistry.QUAY, ...props });
  }

  test('throws for a registry that needs credentials, without them', () => {
    expect(() => new PullThroughCacheRule(newStack(), 'Hub', { upstreamRegistry: UpstreamRegistry.DOCKER_HUB }))
      .toThrow('for a pull through cache rule of registry-1.docker.io, which ECR only pulls from with credentials, got none.');
  });

  test('throws for credentials for a registry that needs none', () => {
    const stack = newStack();
    expect(() => quay(stack, { credentials: secretsmanager.Secret.fromSecretCompleteArn(stack, 'Creds', DOCKER_HUB_SECRET_ARN) }))
      .toThrow("Expected no 'credentials' for a pull through cache rule of quay.io, which ECR pulls from without credentials, got a secret.");
  });

  test('throws for a secret whose name lacks the prefix', () => {
    const stack = newStack();
    expect(() => new PullThroughCacheRule(stack, 'Hub', {
      upstreamRegistry: UpstreamRegistry.DOCKER_HUB,
      credentials: secretsmanager.Secret.fromSecretNameV2(stack, 'Creds', 'registry/dockerhub'),
    })).toThrow("in a secret whose name starts with 'ecr-pullthroughcache/', got 'registry/dockerhub'.");
  });

  test('throws for a secret of this app without a name', () => {
    const stack = newStack();
    expect(() => new PullThroughCacheRule(stack, 'Hub', {
      upstreamRegistry: UpstreamRegistry.DOCKER_HUB, credentials: new secretsmanager.Secret(stack, 'Creds'),
    })).toThrow('got a secret of this app without a name');
  });

  test.each([
    ['account', 'arn:aws:secretsmanager:us-east-1:222222222222:secret:ecr-pullthroughcache/hub-AbCdEf', "in the rule's account (111111111111), where ECR reads them, got a secret in account 222222222222."],
    ['Region', 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:ecr-pullthroughcache/hub-AbCdEf', "in the rule's Region (us-east-1), where ECR reads them, got a secret in Region eu-west-1."],
  ])('throws for a secret in another %s', (_where, arn, message) => {
    const stack = newStack();
    expect(() => new PullThroughCacheRule(stack, 'Hub', {
      upstreamRegistry: UpstreamRegistry.DOCKER_HUB, credentials: secretsmanager.Secret.fromSecretCompleteArn(stack, 'Creds', arn),
    })).toThrow(message);
  });

  test('throws for a secret by name ending in a hyphen and six characters', () => {
    const stack = newStack();
    expect(() => new PullThroughCacheRule(stack, 'Hub', {
      upstreamRegistry: UpstreamRegistry.DOCKER_HUB,
      credentials: secretsmanager.Secret.fromSecretNameV2(stack, 'Creds', 'ecr-pullthroughcache/hub-prod01'),
    })).toThrow("got the name 'ecr-pullthroughcache/hub-prod01'.");
  });

  test.each([
    ['q', '1 characters long'],
    ['Quay', "not lowercase components separated by one '/'"],
    ['ROOT', 'no prefix'],
    [`${'a'.repeat(31)}`, '31 characters long'],
  ])('throws for the prefix %j', (prefix, problem) => {
    expect(() => quay(newStack(), { ecrRepositoryPrefix: prefix })).toThrow(`(for example 'docker-hub'), got '${prefix}' (${problem}).`);
  });

  test('throws for the image URI of a name of another registry', () => {
    expect(() => quay(newStack()).imageUri('nginx'))
      .toThrow("Expected an image of quay.io, the registry that pull through cache rule 'quay' caches, got 'nginx' (an image on Docker Hub).");
  });

  test('throws for an Azure registry given as a host', () => {
    expect(() => UpstreamRegistry.azureContainerRegistry('acme.azurecr.io'))
      .toThrow("Expected an Azure container registry name of letters and digits only, without '.azurecr.io', got 'acme.azurecr.io'.");
  });
});

describe('limits and each half of the checks', () => {
  /** The statements of the policies attached to roles whose logical ID starts with the prefix. */
  function statementsOfRole(stack: Stack, roleIdPrefix: string): any[] {
    return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .filter((policy: any) => policy.Properties.Roles.some((r: any) => String(r.Ref).startsWith(roleIdPrefix)))
      .flatMap((policy: any) => policy.Properties.PolicyDocument.Statement);
  }

  test.each(['ab', 'a'.repeat(30), 'team-one/app.x', 'a_b/c-d/e.f9'])('takes the prefix %j', (prefix) => {
    const stack = newStack();
    new PullThroughCacheRule(stack, 'Quay', { upstreamRegistry: UpstreamRegistry.QUAY, ecrRepositoryPrefix: prefix });
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::PullThroughCacheRule', { EcrRepositoryPrefix: prefix });
  });

  test.each([
    ['quay-', "not lowercase components separated by one '/'"],
    ['team-/app', "not lowercase components separated by one '/'"],
    ['team--one/app', "not lowercase components separated by one '/'"],
    ['team/app/', "not lowercase components separated by one '/'"],
    ['Q', "1 characters long, not lowercase components separated by one '/'"],
  ])('refuses the prefix %j, naming each problem', (prefix, problems) => {
    const stack = newStack();
    expect(() => new PullThroughCacheRule(stack, 'Quay', { upstreamRegistry: UpstreamRegistry.QUAY, ecrRepositoryPrefix: prefix }))
      .toThrow(expect.objectContaining({
        name: 'InvalidPullThroughCachePrefix',
        message: expect.stringContaining(`got '${prefix}' (${problems}).`),
      }));
  });

  test('two rules with one deploy-time prefix collide; two different deploy-time prefixes are left to deployment', () => {
    // GIVEN
    const stack = newStack();
    const prefix = Fn.importValue('Prefix');
    new PullThroughCacheRule(stack, 'A', { upstreamRegistry: UpstreamRegistry.QUAY, ecrRepositoryPrefix: prefix });

    // THEN
    expect(() => new PullThroughCacheRule(stack, 'B', { upstreamRegistry: UpstreamRegistry.QUAY, ecrRepositoryPrefix: Fn.importValue('Other') }))
      .not.toThrow();
    expect(() => new PullThroughCacheRule(stack, 'C', { upstreamRegistry: UpstreamRegistry.QUAY, ecrRepositoryPrefix: prefix }))
      .toThrow(expect.objectContaining({ name: 'DuplicatePullThroughCachePrefix', constructPath: 'Stack/C' }));
  });

  test('one deploy-time prefix in two stacks of one registry is left to deployment: a token can differ from stack to stack', () => {
    // GIVEN
    const app = new App();
    const prefix = `quay-${Aws.STACK_NAME}`;
    new PullThroughCacheRule(new Stack(app, 'Blue', { env: ENV }), 'Quay', { upstreamRegistry: UpstreamRegistry.QUAY, ecrRepositoryPrefix: prefix });

    // THEN
    expect(() => new PullThroughCacheRule(new Stack(app, 'Green', { env: ENV }), 'Quay', {
      upstreamRegistry: UpstreamRegistry.QUAY, ecrRepositoryPrefix: prefix,
    })).not.toThrow();
  });

  test('a duplicate prefix in a stack whose account alone is known is reported by stack', () => {
    const stack = newStack({ account: '111111111111' });
    new PullThroughCacheRule(stack, 'A', { upstreamRegistry: UpstreamRegistry.QUAY });
    expect(() => new PullThroughCacheRule(stack, 'B', { upstreamRegistry: UpstreamRegistry.QUAY }))
      .toThrow("Expected an ecrRepositoryPrefix of its own in stack Stack, got 'quay', the prefix of the rule Stack/A.");
  });

  test('a secret of this app is held to its name, and one known by deploy-time ARN only is left to deployment', () => {
    // GIVEN
    const stack = newStack();

    // THEN
    expect(() => new PullThroughCacheRule(stack, 'Hub', {
      upstreamRegistry: UpstreamRegistry.DOCKER_HUB,
      credentials: new secretsmanager.Secret(stack, 'Creds', { secretName: 'registry/dockerhub' }),
    })).toThrow(expect.objectContaining({
      name: 'PullThroughCacheSecretName',
      message: expect.stringContaining("whose name starts with 'ecr-pullthroughcache/', got 'registry/dockerhub'."),
    }));
    const deployTime = secretsmanager.Secret.fromSecretCompleteArn(stack, 'Imported', Fn.importValue('SecretArn'));
    new PullThroughCacheRule(stack, 'Ghcr', { upstreamRegistry: UpstreamRegistry.GITHUB_CONTAINER_REGISTRY, credentials: deployTime });
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::PullThroughCacheRule', {
      EcrRepositoryPrefix: 'github', CredentialArn: { 'Fn::ImportValue': 'SecretArn' },
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('the warning for a secret by partial ARN names the secret only when its name is known', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new PullThroughCacheRule(stack, 'Named', {
      upstreamRegistry: UpstreamRegistry.DOCKER_HUB,
      credentials: secretsmanager.Secret.fromSecretNameV2(stack, 'ByName', 'ecr-pullthroughcache/hub'),
    });
    new PullThroughCacheRule(stack, 'Unnamed', {
      upstreamRegistry: UpstreamRegistry.GITHUB_CONTAINER_REGISTRY,
      credentials: secretsmanager.Secret.fromSecretPartialArn(stack, 'ByArn', Fn.importValue('PartialArn')),
    });

    // THEN
    const warning = (name: string) => 'Expected the pull through cache credentials by complete ARN (secretsmanager.Secret.fromSecretCompleteArn()), ' +
      `as ECR documents CredentialArn, got a secret known by name or partial ARN${name}, which Secrets Manager resolves only while it ` +
      'matches exactly one secret. [ack: cdk-ecs-private-registry:pullThroughCacheSecretPartialArn]';
    Annotations.fromStack(stack).hasWarning('/Stack/Named', warning(" ('ecr-pullthroughcache/hub')"));
    Annotations.fromStack(stack).hasWarning('/Stack/Unnamed', warning(''));
  });

  test('a given custom role known by deploy-time ARN, or of an environment-agnostic stack, is taken', () => {
    // GIVEN
    const stack = newStack();
    const agnostic = new Stack(new App(), 'Agnostic');

    // WHEN
    const deployTime = new PullThroughCacheRule(stack, 'Quay', {
      upstreamRegistry: UpstreamRegistry.QUAY, customRole: iam.Role.fromRoleArn(stack, 'Given', Fn.importValue('RoleArn')),
    });
    const fromAgnostic = new PullThroughCacheRule(agnostic, 'Quay', {
      upstreamRegistry: UpstreamRegistry.QUAY, customRole: iam.Role.fromRoleArn(agnostic, 'Given', 'arn:aws:iam::222222222222:role/ptc'),
    });

    // THEN
    expect(stack.resolve(deployTime.customRole?.roleRef.roleArn)).toEqual({ 'Fn::ImportValue': 'RoleArn' });
    expect(fromAgnostic.customRole?.roleRef.roleArn).toBe('arn:aws:iam::222222222222:role/ptc');
  });

  test('a template of a rule names the scenarios it was given when it is not for pull through cache', () => {
    const rule = new PullThroughCacheRule(newStack(), 'Quay', { upstreamRegistry: UpstreamRegistry.QUAY });
    expect(() => rule.addRepositoryCreationTemplate('Template', {
      appliedFor: [RepositoryCreationScenario.REPLICATION, RepositoryCreationScenario.CREATE_ON_PUSH],
    })).toThrow(expect.objectContaining({
      name: 'RuleTemplateNotForPullThroughCache',
      message: expect.stringContaining('to be applied for PULL_THROUGH_CACHE, got [REPLICATION, CREATE_ON_PUSH].'),
    }));
  });

  test('a template without tags adds no action to the pulls through its rule', () => {
    // GIVEN
    const stack = newStack();
    const rule = new PullThroughCacheRule(stack, 'Quay', { upstreamRegistry: UpstreamRegistry.QUAY });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });

    // WHEN
    rule.addRepositoryCreationTemplate('Template', { description: 'untagged' });
    rule.grants.pull(role, 'quay.io/acme/api:1');

    // THEN
    expect(statementsOfRole(stack, 'Role')[0].Action).toEqual([
      'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'ecr:BatchImportUpstreamImage', 'ecr:CreateRepository',
    ]);
  });

  test.each([
    ['quay.io/', 'an image on quay.io'],
    ['nginx:1.27', 'an image on Docker Hub'],
    ['acme/api', 'an image on Docker Hub'],
    ['ghcr.io/acme/api', 'an image on ghcr.io'],
  ])('the image %j is not served by a Quay rule: %s', (name, reason) => {
    expect(() => new PullThroughCacheRule(newStack(), 'Quay', { upstreamRegistry: UpstreamRegistry.QUAY }).imageUri(name))
      .toThrow(expect.objectContaining({ name: 'ImageNotServedByPullThroughCache', message: expect.stringContaining(`got '${name}' (${reason}).`) }));
  });

  test('Docker Hub serves a name whose legacy host is written in capitals', () => {
    expect(UpstreamRegistry.DOCKER_HUB.cachedImagePath('INDEX.DOCKER.IO/acme/api:1')).toBe('acme/api:1');
  });

  test('a name with deploy-time values is not served, even by Docker Hub, whose names need no host', () => {
    expect(UpstreamRegistry.DOCKER_HUB.cachedImagePath(Fn.importValue('Image'))).toBeUndefined();
  });
});

describe('ECR upstream registries, limits and each half of the checks', () => {
  const HOST = '222222222222.dkr.ecr.eu-west-1.amazonaws.com';

  test.each(['2222222222223', 'x222222222222', '22222222222'])('refuses the account %j', (account) => {
    expect(() => UpstreamRegistry.ecr({ account, region: 'eu-west-1' }))
      .toThrow(expect.objectContaining({ name: 'InvalidEcrUpstreamRegistry', message: `Expected the 12-digit account ID of an ECR upstream registry, got '${account}'.` }));
  });

  test.each(['ab', 'a'.repeat(30), 'team-one/app.x', 'ROOT'])('takes the upstream repository prefix %j', (prefix) => {
    expect(UpstreamRegistry.ecr({ account: '222222222222', region: 'eu-west-1', upstreamRepositoryPrefix: prefix }).upstreamRepositoryPrefix).toBe(prefix);
  });

  test.each(['a', 'a'.repeat(31), 'team-', 'team-/app'])('refuses the upstream repository prefix %j', (prefix) => {
    expect(() => UpstreamRegistry.ecr({ account: '222222222222', region: 'eu-west-1', upstreamRepositoryPrefix: prefix }))
      .toThrow(expect.objectContaining({ name: 'InvalidUpstreamRepositoryPrefix', message: expect.stringContaining(`got '${prefix}'.`) }));
  });

  test('a registry URL known only at deploy time is refused: the cache needs it at synth time', () => {
    expect(() => UpstreamRegistry.fromEcrRegistryUrl(Fn.importValue('RegistryUrl')))
      .toThrow(expect.objectContaining({ name: 'InvalidEcrUpstreamRegistry' }));
  });

  test('the URL suffix is the Region\'s, amazonaws.com for a Region known at deploy time or not known to the CDK', () => {
    const stack = newStack();
    expect(stack.resolve(UpstreamRegistry.ecr({ account: '222222222222', region: Aws.REGION }).url))
      .toEqual({ 'Fn::Join': ['', ['222222222222.dkr.ecr.', { Ref: 'AWS::Region' }, '.amazonaws.com']] });
    expect(UpstreamRegistry.ecr({ account: '222222222222', region: 'xx-future-9' }).url).toBe('222222222222.dkr.ecr.xx-future-9.amazonaws.com');
  });

  test.each([
    ['no upstream prefix', undefined, 'repository/*'],
    ['ROOT', 'ROOT', 'repository/*'],
    ['an upstream prefix', 'team', 'repository/team/*'],
  ])('with %s, the role and the upstream statement cover the upstream repositories %s', (_what, upstreamRepositoryPrefix, pattern) => {
    // GIVEN
    const stack = newStack();
    const upstream = UpstreamRegistry.ecr({ account: '222222222222', region: 'eu-west-1', upstreamRepositoryPrefix });

    // WHEN
    new PullThroughCacheRule(stack, 'Central', { upstreamRegistry: upstream });

    // THEN
    const upstreamArn = `arn:aws:ecr:eu-west-1:222222222222:${pattern}`;
    expect(statementsOfRoleIn(stack)[0].Resource).toEqual([upstreamArn, 'arn:aws:ecr:us-east-1:111111111111:repository/ecr/*']);
    expect(stack.resolve(upstream.cacheAccountPolicyStatement('111111111111').toStatementJson()).Resource).toBe(upstreamArn);
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::PullThroughCacheRule', {
      EcrRepositoryPrefix: 'ecr', UpstreamRepositoryPrefix: upstreamRepositoryPrefix ?? 'ROOT',
    });
  });

  test('the created role says what it is for, and the rule waits for its policy', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new PullThroughCacheRule(stack, 'Central', { upstreamRegistry: UpstreamRegistry.fromEcrRegistryUrl(HOST), ecrRepositoryPrefix: 'central' });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      Description: `Lets Amazon ECR pull from ${HOST} for the pull through cache rule 'central'`,
    });
    const [policyId] = Object.keys(template.findResources('AWS::IAM::Policy'));
    const [rule] = Object.values(template.findResources('AWS::ECR::PullThroughCacheRule'));
    expect(policyId).toMatch(/^CentralRoleDefaultPolicy/);
    expect(rule.DependsOn).toEqual([policyId]);
  });

  test('a given role is not waited for: its policy is not this rule\'s', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Given', { assumedBy: new iam.ServicePrincipal('pullthroughcache.ecr.amazonaws.com') });
    new PullThroughCacheRule(stack, 'Central', { upstreamRegistry: UpstreamRegistry.fromEcrRegistryUrl(HOST), customRole: role });
    const [rule] = Object.values(Template.fromStack(stack).findResources('AWS::ECR::PullThroughCacheRule'));
    expect(rule.DependsOn).toBeUndefined();
  });

  test('an image path that is the upstream prefix alone, or not under it, is not served', () => {
    const upstream = UpstreamRegistry.fromEcrRegistryUrl(HOST, { upstreamRepositoryPrefix: 'team' });
    expect(upstream.cachedImagePath(`${HOST}/team/api:1`)).toBe('api:1');
    expect(upstream.cachedImagePath(`${HOST}/team/`)).toBeUndefined();
    expect(upstream.cachedImagePath(`${HOST}/teams/api:1`)).toBeUndefined();
  });

  test('the statement for a cache account known only at deploy time has a Sid without it', () => {
    const stack = newStack();
    const json = stack.resolve(UpstreamRegistry.ecr({ account: '222222222222', region: 'eu-west-1' }).cacheAccountPolicyStatement(Aws.ACCOUNT_ID).toStatementJson());
    expect(json.Sid).toBe('PullThroughCacheFrom');
    expect(json.Principal).toEqual({ AWS: { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':root']] } });
  });

  /** The statements of the policies of the stack's roles. */
  function statementsOfRoleIn(stack: Stack): any[] {
    return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .flatMap((policy: any) => policy.Properties.PolicyDocument.Statement);
  }
});

// upstream: package-only begin
describe('the built package', () => {
  test('takes props injected for the rule\'s PROPERTY_INJECTION_ID, as jsii compiles its decorator', () => {
    const compiled = path.resolve(__dirname, '..', 'index.js');
    const script = `
      const cdk = require('aws-cdk-lib');
      const { PullThroughCacheRule, UpstreamRegistry } = require(${JSON.stringify(compiled)});
      const app = new cdk.App();
      const stack = new cdk.Stack(app, 'Stack');
      cdk.PropertyInjectors.of(stack).add({ constructUniqueId: PullThroughCacheRule.PROPERTY_INJECTION_ID, inject: (p) => ({ ecrRepositoryPrefix: 'injected', ...p }) });
      new PullThroughCacheRule(stack, 'Quay', { upstreamRegistry: UpstreamRegistry.QUAY });
      process.stdout.write(JSON.stringify(app.synth().getStackByName('Stack').template.Resources));`;

    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });

    expect(result.stderr).toBe('');
    expect(Object.values(JSON.parse(result.stdout)).map((r: any) => r.Properties.EcrRepositoryPrefix)).toEqual(['injected']);
  });
});
// upstream: package-only end
