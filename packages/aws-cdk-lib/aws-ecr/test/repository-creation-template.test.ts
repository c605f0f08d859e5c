import { App, Aws, CfnParameter, Duration, type InjectionContext, type IPropertyInjector, PropertyInjectors, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ContainerImage } from '../../aws-ecs/lib';
import { PullThroughCacheRule, RepositoryCreationScenario, RepositoryCreationTemplate, UpstreamRegistry } from '../lib';

const ENV = { account: '111111111111', region: 'us-east-1' };

function stackOf() {
  return new Stack(new App(), 'Stack', { env: ENV });
}

/** The statements of the policies attached to a role, by the role's logical id prefix. */
function statementsOfRole(stack: Stack, roleIdPrefix: string): unknown[] {
  const template = Template.fromStack(stack);
  return Object.entries(template.findResources('AWS::IAM::Policy'))
    .filter(([, policy]) => (policy as any).Properties.Roles.some((r: any) => String(r.Ref).startsWith(roleIdPrefix)))
    .flatMap(([, policy]) => (policy as any).Properties.PolicyDocument.Statement);
}

describe('RepositoryCreationTemplate', () => {
  test('a template without KMS or tags has no role and renders only what it is given', () => {
    // GIVEN
    const stack = stackOf();
    new PullThroughCacheRule(stack, 'Quay', { upstreamRegistry: UpstreamRegistry.QUAY });

    // WHEN
    new RepositoryCreationTemplate(stack, 'Template', { prefix: 'quay', imageTagMutability: ecr.TagMutability.IMMUTABLE });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Role', 0);
    template.hasResourceProperties('AWS::ECR::RepositoryCreationTemplate', {
      Prefix: 'quay',
      AppliedFor: ['PULL_THROUGH_CACHE'],
      ImageTagMutability: 'IMMUTABLE',
      CustomRoleArn: Match.absent(),
      EncryptionConfiguration: Match.absent(),
      LifecyclePolicy: Match.absent(),
      ResourceTags: Match.absent(),
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test("a rule's template has the rule's prefix, and the rule's resource depends on it", () => {
    // GIVEN
    const stack = stackOf();
    const rule = new PullThroughCacheRule(stack, 'Quay', { upstreamRegistry: UpstreamRegistry.QUAY, ecrRepositoryPrefix: 'mirror/quay' });

    // WHEN
    rule.addRepositoryCreationTemplate('Template', { description: 'quay images' });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECR::RepositoryCreationTemplate', { Prefix: 'mirror/quay', Description: 'quay images' });
    const [ruleId] = Object.keys(template.findResources('AWS::ECR::PullThroughCacheRule'));
    const [templateId] = Object.keys(template.findResources('AWS::ECR::RepositoryCreationTemplate'));
    expect(template.toJSON().Resources[ruleId].DependsOn).toEqual([templateId]);
  });

  test('lifecycle rules are rendered in priority order, the ANY rule last', () => {
    // GIVEN
    const stack = stackOf();
    const rule = new PullThroughCacheRule(stack, 'Quay', { upstreamRegistry: UpstreamRegistry.QUAY });
    const template = rule.addRepositoryCreationTemplate('Template', { lifecycleRules: [{ maxImageCount: 20 }] });

    // WHEN
    template.addLifecycleRule({ tagPrefixList: ['pr-'], maxImageAge: Duration.days(3) });
    template.addLifecycleRule({ rulePriority: 1, tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(1) });

    // THEN
    const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::ECR::RepositoryCreationTemplate'));
    expect(JSON.parse((resource as any).Properties.LifecyclePolicy)).toEqual({
      rules: [
        { rulePriority: 1, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 1 }, action: { type: 'expire' } },
        { rulePriority: 2, selection: { tagStatus: 'tagged', tagPrefixList: ['pr-'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 3 }, action: { type: 'expire' } },
        { rulePriority: 3, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 20 }, action: { type: 'expire' } },
      ],
    });
  });

  test('KMS and tags create a role that ECR assumes, with exactly these statements', () => {
    // GIVEN
    const stack = stackOf();
    const rule = new PullThroughCacheRule(stack, 'Quay', { upstreamRegistry: UpstreamRegistry.QUAY });
    const key = new kms.Key(stack, 'Key');

    // WHEN
    rule.addRepositoryCreationTemplate('Template', { encryptionKey: key, resourceTags: { team: 'platform' } });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ecr.amazonaws.com' } }] },
    });
    const keyId = stack.getLogicalId(key.node.defaultChild as kms.CfnKey);
    expect(statementsOfRole(stack, 'QuayTemplateRole')).toEqual([
      { Action: ['ecr:CreateRepository', 'ecr:TagResource'], Effect: 'Allow', Resource: 'arn:aws:ecr:us-east-1:111111111111:repository/quay/*' },
      { Action: ['kms:CreateGrant', 'kms:RetireGrant', 'kms:DescribeKey'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    ]);
    template.hasResourceProperties('AWS::ECR::RepositoryCreationTemplate', {
      EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } },
      ResourceTags: [{ Key: 'team', Value: 'platform' }],
      CustomRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^QuayTemplateRole'), 'Arn'] },
    });
  });

  test('a ROOT template for replication gets ecr:ReplicateImage on every repository of the registry', () => {
    // GIVEN
    const stack = stackOf();

    // WHEN
    new RepositoryCreationTemplate(stack, 'Root', {
      prefix: RepositoryCreationTemplate.ROOT,
      appliedFor: [RepositoryCreationScenario.REPLICATION],
      encryption: ecr.RepositoryEncryption.KMS_DSSE,
    });

    // THEN
    expect(statementsOfRole(stack, 'RootRole')).toEqual([
      { Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'], Effect: 'Allow', Resource: 'arn:aws:ecr:us-east-1:111111111111:repository/*' },
      { Action: ['kms:CreateGrant', 'kms:RetireGrant', 'kms:DescribeKey'], Effect: 'Allow', Resource: '*' },
    ]);
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::RepositoryCreationTemplate', {
      EncryptionConfiguration: { EncryptionType: 'KMS_DSSE', KmsKey: Match.absent() },
    });
  });

  test('a template with tags adds ecr:TagResource to pulls granted before and after it', () => {
    // GIVEN
    const stack = stackOf();
    const rule = new PullThroughCacheRule(stack, 'Quay', { upstreamRegistry: UpstreamRegistry.QUAY });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
    taskDefinition.addContainer('before', { image: ContainerImage.fromInternet('quay.io/acme/a:1', { pullThroughCache: rule }) });

    // WHEN
    rule.addRepositoryCreationTemplate('Template', { resourceTags: { team: 'platform' } });
    taskDefinition.addContainer('after', { image: ContainerImage.fromInternet('quay.io/acme/b:1', { pullThroughCache: rule }) });

    // THEN
    expect(statementsOfRole(stack, 'TaskDefExecutionRole')).toEqual([
      {
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'ecr:BatchImportUpstreamImage',
          'ecr:CreateRepository', 'ecr:TagResource'],
        Effect: 'Allow',
        Resource: ['arn:aws:ecr:us-east-1:111111111111:repository/quay/acme/a', 'arn:aws:ecr:us-east-1:111111111111:repository/quay/acme/b'],
      },
      { Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' },
    ]);
  });

  test('a given role of this app is granted, and no role is created', () => {
    // GIVEN
    const stack = stackOf();
    const role = new iam.Role(stack, 'Given', { assumedBy: new iam.ServicePrincipal('ecr.amazonaws.com') });

    // WHEN
    new RepositoryCreationTemplate(stack, 'Template', { prefix: 'team/app', appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH], resourceTags: { a: 'b' }, role });

    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Role', 1);
    expect(statementsOfRole(stack, 'Given')).toEqual([
      { Action: ['ecr:CreateRepository', 'ecr:TagResource'], Effect: 'Allow', Resource: 'arn:aws:ecr:us-east-1:111111111111:repository/team/app/*' },
    ]);
  });
});

describe('RepositoryCreationTemplate, more', () => {
  test('the repository policy is rendered as JSON text, deploy-time values joined in', () => {
    // GIVEN
    const stack = stackOf();

    // WHEN
    new RepositoryCreationTemplate(stack, 'Template', {
      prefix: 'team',
      appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH],
      repositoryPolicy: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({ principals: [new iam.AccountPrincipal('444455556666')], actions: ['ecr:BatchGetImage'] })],
      }),
    });

    // THEN
    const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::ECR::RepositoryCreationTemplate'));
    const policy = (resource as any).Properties.RepositoryPolicy;
    expect(policy['Fn::Join'][0]).toBe('');
    const text = policy['Fn::Join'][1].map((part: unknown) => typeof part === 'string' ? part : '<partition>').join('');
    expect(JSON.parse(text)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Action: 'ecr:BatchGetImage', Effect: 'Allow', Principal: { AWS: 'arn:<partition>:iam::444455556666:root' } }],
    });
  });

  test('a repository policy statement without a principal fails synthesis', () => {
    // GIVEN
    const stack = stackOf();
    new RepositoryCreationTemplate(stack, 'Template', {
      prefix: 'team',
      appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH],
      repositoryPolicy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['ecr:BatchGetImage'] })] }),
    });

    // THEN
    expect(() => Template.fromStack(stack)).toThrow(
      "[Stack/Template] Expected a principal in statement 1 of the repository policy of repository creation template 'team', got none.");
  });

  test('a repository policy statement that names resources fails synthesis, as ECR refuses it (aws/aws-cdk#24314)', () => {
    // GIVEN
    const stack = stackOf();
    const policy = new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({ principals: [new iam.AccountPrincipal('444455556666')], actions: ['ecr:BatchGetImage'] })],
    });
    new RepositoryCreationTemplate(stack, 'Template', { prefix: 'team', appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH], repositoryPolicy: policy });

    // WHEN: the document changes after the template was created
    policy.addStatements(new iam.PolicyStatement({
      principals: [new iam.AccountPrincipal('444455556666')], actions: ['ecr:BatchGetImage'], resources: ['*'],
    }));

    // THEN
    expect(() => Template.fromStack(stack)).toThrow(
      "[Stack/Template] Expected no resources in statement 2 of the repository policy of repository creation template 'team', " +
      'which ECR refuses in a repository policy, got "*".');
  });

  test('a repository policy statement without actions fails synthesis', () => {
    // GIVEN
    const stack = stackOf();
    new RepositoryCreationTemplate(stack, 'Template', {
      prefix: 'team',
      appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH],
      repositoryPolicy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ principals: [new iam.AccountPrincipal('444455556666')] })] }),
    });

    // THEN
    expect(() => Template.fromStack(stack)).toThrow(/\[Stack\/Template\] A PolicyStatement must specify at least one 'action' or 'notAction'/);
  });

  test('an imported template has its prefix as its reference', () => {
    // GIVEN
    const stack = stackOf();

    // WHEN
    const imported = RepositoryCreationTemplate.fromRepositoryCreationTemplatePrefix(stack, 'Imported', 'team/app');

    // THEN
    expect(imported.repositoryCreationTemplatePrefix).toBe('team/app');
    expect(imported.repositoryCreationTemplateRef).toEqual({ prefix: 'team/app' });
    expect(() => RepositoryCreationTemplate.fromRepositoryCreationTemplatePrefix(stack, 'Bad', 'Team')).toThrow(/got 'Team' \(4 characters\)/);
  });

  test.each([
    ['quay', 'quay', true],
    ['mirror', 'mirror/quay', true],
    ['mirror/quay/team', 'mirror/quay', true],
    ['quay/', 'quay', true],
    ['quay', 'quayio', false],
    ['ROOT', 'anything', true],
  ])('template %s applies to the rule prefix %s: %s', (prefix, rulePrefix, applies) => {
    const template = new RepositoryCreationTemplate(stackOf(), 'Template', { prefix });
    expect(template.appliesToRepositoryPrefix(rulePrefix)).toBe(applies);
  });

  test('a template not applied for pull through cache applies to no rule, and does not warn', () => {
    // GIVEN
    const stack = stackOf();

    // WHEN
    const template = new RepositoryCreationTemplate(stack, 'Template', { prefix: 'quay', appliedFor: [RepositoryCreationScenario.REPLICATION] });

    // THEN
    expect(template.appliesToRepositoryPrefix('quay')).toBe(false);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('in a stack whose Region is known only at deploy time, the role is scoped with deploy-time partition, Region and account', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack');

    // WHEN
    new RepositoryCreationTemplate(stack, 'Template', { prefix: 'team', resourceTags: { a: 'b' } });

    // THEN
    expect(statementsOfRole(stack, 'TemplateRole')).toEqual([{
      Action: ['ecr:CreateRepository', 'ecr:TagResource'],
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':repository/team/*']] },
    }]);
  });
});

describe('property injection', () => {
  test('a template takes the props injected for its PROPERTY_INJECTION_ID', () => {
    // GIVEN
    const stack = stackOf();
    class ImmutableTags implements IPropertyInjector {
      public readonly constructUniqueId = RepositoryCreationTemplate.PROPERTY_INJECTION_ID;
      public inject(props: any, _context: InjectionContext) {
        return { imageTagMutability: ecr.TagMutability.IMMUTABLE, ...props };
      }
    }
    PropertyInjectors.of(stack).add(new ImmutableTags());

    // WHEN
    new RepositoryCreationTemplate(stack, 'Template', { prefix: 'team', appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH] });

    // THEN
    expect(RepositoryCreationTemplate.PROPERTY_INJECTION_ID).toBe('aws-cdk-lib.aws-ecr.RepositoryCreationTemplate');
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::RepositoryCreationTemplate', { Prefix: 'team', ImageTagMutability: 'IMMUTABLE' });
  });
});

describe('ECR to ECR', () => {
  /** Made in each test, not when the file loads, where a throw would stop every test of the file. */
  const upstream = () => UpstreamRegistry.ecr({ account: '222222222222', region: 'eu-west-1', upstreamRepositoryPrefix: 'team' });

  test('the rule creates its role with exactly the documented actions, on the repositories it reads and writes', () => {
    // GIVEN
    const stack = stackOf();

    // WHEN
    new PullThroughCacheRule(stack, 'Central', { upstreamRegistry: upstream(), ecrRepositoryPrefix: 'central' });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECR::PullThroughCacheRule', {
      EcrRepositoryPrefix: 'central',
      UpstreamRegistry: 'ecr',
      UpstreamRegistryUrl: '222222222222.dkr.ecr.eu-west-1.amazonaws.com',
      UpstreamRepositoryPrefix: 'team',
      CustomRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CentralRole'), 'Arn'] },
      CredentialArn: Match.absent(),
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'pullthroughcache.ecr.amazonaws.com' } }] },
    });
    expect(statementsOfRole(stack, 'CentralRole')).toEqual([
      {
        Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:GetImageCopyStatus', 'ecr:BatchImportUpstreamImage',
          'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'],
        Effect: 'Allow',
        Resource: ['arn:aws:ecr:eu-west-1:222222222222:repository/team/*', 'arn:aws:ecr:us-east-1:111111111111:repository/central/*'],
      },
      { Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' },
    ]);
  });

  test('an image of the upstream registry is pulled under the rule prefix, without the upstream prefix', () => {
    // GIVEN
    const stack = stackOf();
    const rule = new PullThroughCacheRule(stack, 'Central', { upstreamRegistry: upstream(), ecrRepositoryPrefix: 'central' });

    // WHEN
    new ecs.FargateTaskDefinition(stack, 'TaskDef').addContainer('api', {
      image: ContainerImage.fromInternet('222222222222.dkr.ecr.eu-west-1.amazonaws.com/team/svc/api:2', { pullThroughCache: rule }),
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Image: '111111111111.dkr.ecr.us-east-1.amazonaws.com/central/svc/api:2' })],
    });
    expect(rule.repositoryNameForImage('222222222222.dkr.ecr.eu-west-1.amazonaws.com/team/svc/api@sha256:' + 'a'.repeat(64))).toBe('central/svc/api');
  });

  test('a registry URL of another partition keeps its domain, and ecr() writes it from the Region', () => {
    expect(UpstreamRegistry.fromEcrRegistryUrl('https://222222222222.dkr.ecr.cn-north-1.amazonaws.com.cn/').url)
      .toBe('222222222222.dkr.ecr.cn-north-1.amazonaws.com.cn');
    expect(UpstreamRegistry.ecr({ account: '222222222222', region: 'cn-north-1' }).url).toBe('222222222222.dkr.ecr.cn-north-1.amazonaws.com.cn');
    expect(UpstreamRegistry.QUAY.upstreamRepositoryPrefix).toBeUndefined();
    expect(UpstreamRegistry.QUAY.requiresCustomRole).toBe(false);
  });

  test('a rule of another registry gets no role, and keeps a given one', () => {
    // GIVEN
    const stack = stackOf();
    const given = iam.Role.fromRoleArn(stack, 'Given', 'arn:aws:iam::111111111111:role/ptc');

    // WHEN
    const quay = new PullThroughCacheRule(stack, 'Quay', { upstreamRegistry: UpstreamRegistry.QUAY });
    const ecrPublic = new PullThroughCacheRule(stack, 'Public', { upstreamRegistry: UpstreamRegistry.ECR_PUBLIC, customRole: given });

    // THEN
    expect(quay.customRole).toBeUndefined();
    expect(ecrPublic.customRole).toBe(given);
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Role', 0);
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::PullThroughCacheRule', {
      EcrRepositoryPrefix: 'ecr-public', CustomRoleArn: 'arn:aws:iam::111111111111:role/ptc', UpstreamRepositoryPrefix: Match.absent(),
    });
  });

  test('ROOT caches the whole upstream registry', () => {
    const registry = UpstreamRegistry.fromEcrRegistryUrl('222222222222.dkr.ecr.eu-west-1.amazonaws.com');
    expect(registry.upstreamRepositoryPrefix).toBe('ROOT');
    expect(registry.cachedImagePath('222222222222.dkr.ecr.eu-west-1.amazonaws.com/team/api:1')).toBe('team/api:1');
    expect(registry.cachedImagePath('333333333333.dkr.ecr.eu-west-1.amazonaws.com/team/api:1')).toBeUndefined();
  });

  test("the upstream account's statement lets the cache account read the upstream repositories under the prefix", () => {
    // GIVEN
    const upstreamStack = new Stack(new App(), 'Upstream', { env: { account: '222222222222', region: 'eu-west-1' } });

    // WHEN
    const statement = upstream().cacheAccountPolicyStatement('111111111111');

    // THEN
    expect(upstreamStack.resolve(statement.toStatementJson())).toEqual({
      Sid: 'PullThroughCacheFrom111111111111',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchImportUpstreamImage', 'ecr:GetImageCopyStatus'],
      Resource: 'arn:aws:ecr:eu-west-1:222222222222:repository/team/*',
    });
  });
});

/** The error that `act` throws, or a failure when it throws none. */
function errorOf(act: () => unknown): any {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('Expected an error, got none');
}

const PREFIX_RULE = "Expected a repository creation template prefix of 'ROOT' or up to 256 characters of lowercase letters and " +
  "digits, separated inside by one '.', '_' or '-', in components separated by '/', such as 'docker-hub' or 'team/app', ";

describe('RepositoryCreationTemplate prefixes', () => {
  test.each([
    ['256 characters of one component', 'a'.repeat(256)],
    ["separators inside the components before and after a '/'", 'team-app/web.api'],
    ["a trailing '/'", 'docker-hub/library_x/'],
    ['256 characters of 128 components', `${'a/'.repeat(127)}ab`],
  ])('a prefix of %s is rendered as it is', (_case, prefix) => {
    // GIVEN
    const stack = stackOf();

    // WHEN
    new RepositoryCreationTemplate(stack, 'Template', { prefix, appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH] });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::RepositoryCreationTemplate', { Prefix: prefix });
  });

  test.each([
    ['257 characters in one component', 'a'.repeat(257)],
    ['257 characters in 128 components', `${'a/'.repeat(127)}abc`],
    ['a separator that ends the last component', 'team/app-'],
    ['a separator for a whole component', 'team/app/-'],
    ['a separator that starts the first component', '-team/app'],
    ['two separators in a row', 'a..b'],
    ["a separator before a '/'", 'a-/b'],
    ["a separator after a '/'", 'a/-b'],
    ['an empty component', 'team//app'],
    ["a leading '/'", '/team'],
    ['an uppercase letter', 'team/App'],
  ])('a prefix with %s fails with the prefix rule', (_case, prefix) => {
    // WHEN
    const error = errorOf(() => new RepositoryCreationTemplate(stackOf(), 'Template', { prefix }));

    // THEN
    expect(error.name).toBe('InvalidRepositoryCreationTemplatePrefix');
    expect(error.message).toBe(`${PREFIX_RULE}got '${prefix}' (${prefix.length} characters).`);
  });

  test('an empty appliedFor fails', () => {
    // WHEN
    const error = errorOf(() => new RepositoryCreationTemplate(stackOf(), 'Template', { prefix: 'team', appliedFor: [] }));

    // THEN
    expect(error.name).toBe('TemplateAppliedForInvalid');
    expect(error.message).toBe("Expected one to three different RepositoryCreationScenario values in the appliedFor of repository creation template 'team', got [].");
  });

  test.each([
    ['quay/', 'quay'],
    ['quay', 'quay/'],
    ['team/app', 'team/app'],
  ])('a template %s, then a template %s in the same registry, fails', (first, second) => {
    // GIVEN
    const stack = stackOf();
    new RepositoryCreationTemplate(stack, 'First', { prefix: first, appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH] });

    // WHEN
    const error = errorOf(() => new RepositoryCreationTemplate(stack, 'Second', { prefix: second, appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH] }));

    // THEN
    expect(error.name).toBe('DuplicateRepositoryCreationTemplatePrefix');
    expect(error.message).toBe(`Expected a prefix of its own for repository creation template '${second}' (ECR holds one template per prefix in an ` +
      'account and Region), got the prefix of the template Stack/First in the same registry.');
  });

  test.each([
    ['team/app', 'teamapp'],
    ['teamapp', 'team/app'],
    ['team', 'team/app'],
    ['team/app/', 'team'],
  ])('templates %s and %s are both rendered in one registry', (first, second) => {
    // GIVEN
    const stack = stackOf();
    new RepositoryCreationTemplate(stack, 'First', { prefix: first, appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH] });

    // WHEN
    new RepositoryCreationTemplate(stack, 'Second', { prefix: second, appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH] });

    // THEN
    const prefixes = Object.values(Template.fromStack(stack).findResources('AWS::ECR::RepositoryCreationTemplate')).map((r: any) => r.Properties.Prefix);
    expect(prefixes).toEqual([first, second]);
  });

  test.each([
    ['another account', { account: '222222222222', region: 'us-east-1' }],
    ['another Region', { account: '111111111111', region: 'eu-west-1' }],
  ])('a template with the prefix of a template in %s is allowed', (_case, env) => {
    // GIVEN
    const stack = stackOf();
    new RepositoryCreationTemplate(stack, 'Template', { prefix: 'team', appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH] });
    const other = new Stack(stack.node.root as App, 'Other', { env });

    // WHEN
    new RepositoryCreationTemplate(other, 'Template', { prefix: 'team/', appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH] });

    // THEN
    Template.fromStack(other).hasResourceProperties('AWS::ECR::RepositoryCreationTemplate', { Prefix: 'team/' });
  });

  test('prefixes known only at deploy time are not compared: one text can name a prefix of each stack', () => {
    // GIVEN: two stacks of one registry, each with a template named after the stack
    const app = new App();
    const stacks = ['One', 'Two'].map(id => new Stack(app, id, { env: ENV }));

    // WHEN
    for (const stack of stacks) {
      new RepositoryCreationTemplate(stack, 'Template', { prefix: `cache/${Aws.STACK_NAME}`, appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH] });
    }

    // THEN
    for (const stack of stacks) {
      Template.fromStack(stack).hasResourceProperties('AWS::ECR::RepositoryCreationTemplate', {
        Prefix: { 'Fn::Join': ['', ['cache/', { Ref: 'AWS::StackName' }]] },
      });
    }
  });
});

describe('RepositoryCreationTemplate without a matching rule', () => {
  test.each([
    ['the ROOT template', () => ({ prefix: RepositoryCreationTemplate.ROOT })],
    ['a template also applied for replication', () => ({
      prefix: 'qauy', appliedFor: [RepositoryCreationScenario.PULL_THROUGH_CACHE, RepositoryCreationScenario.REPLICATION],
    })],
    ['a template whose prefix is known only at deploy time', () => ({ prefix: `cache/${Aws.STACK_NAME}` })],
  ])('%s, of a stack without rules, does not warn', (_case, propsOf) => {
    // GIVEN
    const stack = stackOf();

    // WHEN
    new RepositoryCreationTemplate(stack, 'Template', propsOf());

    // THEN
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('a template for pull through cache only, of a stack without rules, warns', () => {
    // GIVEN
    const stack = stackOf();

    // WHEN
    new RepositoryCreationTemplate(stack, 'Template', { prefix: 'quay' });

    // THEN
    Annotations.fromStack(stack).hasWarning('/Stack/Template', Match.stringLikeRegexp(
      "^Repository creation template 'quay' applies only to pull through cache, and matches the prefix of no pull through cache rule"));
  });
});

describe('RepositoryCreationTemplate settings', () => {
  test('the created role says which template it is for', () => {
    // GIVEN
    const stack = stackOf();

    // WHEN
    new RepositoryCreationTemplate(stack, 'Template', { prefix: 'team/app', appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH], resourceTags: { a: 'b' } });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      Description: "Lets Amazon ECR create the repositories of the repository creation template 'team/app'",
    });
  });

  test('a given role, without KMS or tags, is named but granted nothing', () => {
    // GIVEN
    const stack = stackOf();
    const role = new iam.Role(stack, 'Given', { assumedBy: new iam.ServicePrincipal('ecr.amazonaws.com') });

    // WHEN
    const template = new RepositoryCreationTemplate(stack, 'Template', { prefix: 'team', appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH], role });

    // THEN
    expect(template.role).toBe(role);
    const assembly = Template.fromStack(stack);
    assembly.resourceCountIs('AWS::IAM::Policy', 0);
    assembly.hasResourceProperties('AWS::ECR::RepositoryCreationTemplate', {
      CustomRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Given'), 'Arn'] },
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test.each([
    ['an account known only at deploy time', () => stackOf(), (stack: Stack) => new CfnParameter(stack, 'RoleArn').valueAsString],
    ['a known account, in a stack whose account is known only at deploy time', () => new Stack(new App(), 'Stack'),
      () => 'arn:aws:iam::222222222222:role/ecr-templates'],
  ])('a given role of %s is taken', (_case, stackOfCase, arnOf) => {
    // GIVEN
    const stack = stackOfCase();
    const role = iam.Role.fromRoleArn(stack, 'Role', arnOf(stack));

    // WHEN
    new RepositoryCreationTemplate(stack, 'Template', { prefix: 'team', appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH], role });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::RepositoryCreationTemplate', { CustomRoleArn: stack.resolve(role.roleArn) });
  });

  test('AES_256 given explicitly is rendered, and needs no role', () => {
    // GIVEN
    const stack = stackOf();

    // WHEN
    new RepositoryCreationTemplate(stack, 'Template', {
      prefix: 'team', appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH], encryption: ecr.RepositoryEncryption.AES_256,
    });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Role', 0);
    template.hasResourceProperties('AWS::ECR::RepositoryCreationTemplate', {
      EncryptionConfiguration: { EncryptionType: 'AES256', KmsKey: Match.absent() },
      CustomRoleArn: Match.absent(),
    });
  });

  test("a prefix's trailing '/' is not doubled in the role's repository ARNs", () => {
    // GIVEN
    const stack = stackOf();

    // WHEN
    new RepositoryCreationTemplate(stack, 'Template', { prefix: 'team/', appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH], resourceTags: { a: 'b' } });

    // THEN
    expect(statementsOfRole(stack, 'TemplateRole')).toEqual([
      { Action: ['ecr:CreateRepository', 'ecr:TagResource'], Effect: 'Allow', Resource: 'arn:aws:ecr:us-east-1:111111111111:repository/team/*' },
    ]);
  });

  test("a rule's template without tags adds no ecr:TagResource to pulls", () => {
    // GIVEN
    const stack = stackOf();
    const rule = new PullThroughCacheRule(stack, 'Quay', { upstreamRegistry: UpstreamRegistry.QUAY });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');

    // WHEN
    const template = rule.addRepositoryCreationTemplate('Template', { imageTagMutability: ecr.TagMutability.IMMUTABLE });
    taskDefinition.addContainer('app', { image: ContainerImage.fromInternet('quay.io/acme/a:1', { pullThroughCache: rule }) });

    // THEN
    expect(template.tagsRepositories).toBe(false);
    expect(statementsOfRole(stack, 'TaskDefExecutionRole')).toEqual([
      {
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'],
        Effect: 'Allow',
        Resource: 'arn:aws:ecr:us-east-1:111111111111:repository/quay/acme/a',
      },
      { Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' },
    ]);
  });

  test('a template has its prefix as its reference', () => {
    // GIVEN
    const stack = stackOf();

    // WHEN
    const template = new RepositoryCreationTemplate(stack, 'Template', { prefix: 'team/app', appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH] });

    // THEN
    expect(template.repositoryCreationTemplateRef).toEqual({ prefix: 'team/app' });
  });

  test('a repository policy statement with only a NotPrincipal is rendered', () => {
    // GIVEN
    const stack = stackOf();

    // WHEN
    new RepositoryCreationTemplate(stack, 'Template', {
      prefix: 'team',
      appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH],
      repositoryPolicy: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({
          effect: iam.Effect.DENY, notPrincipals: [new iam.AccountPrincipal('444455556666')], actions: ['ecr:DeleteRepository'],
        })],
      }),
    });

    // THEN
    const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::ECR::RepositoryCreationTemplate'));
    const text = (resource as any).Properties.RepositoryPolicy['Fn::Join'][1].map((part: unknown) => typeof part === 'string' ? part : '<partition>').join('');
    expect(JSON.parse(text).Statement).toEqual([
      { Action: 'ecr:DeleteRepository', Effect: 'Deny', NotPrincipal: { AWS: 'arn:<partition>:iam::444455556666:root' } },
    ]);
  });
});

describe('RepositoryCreationTemplate repository policies', () => {
  test('an empty repository policy document renders no repository policy', () => {
    // GIVEN
    const stack = stackOf();

    // WHEN
    new RepositoryCreationTemplate(stack, 'Template', {
      prefix: 'team', appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH], repositoryPolicy: new iam.PolicyDocument(),
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::RepositoryCreationTemplate', { Prefix: 'team', RepositoryPolicy: Match.absent() });
  });
});

describe('RepositoryCreationTemplate tag mutability exclusions', () => {
  const filters = (count: number) => Array.from({ length: count }, (_, i) => ecr.ImageTagMutabilityExclusionFilter.wildcard(`dev-${i}-*`));

  test.each([
    [ecr.TagMutability.IMMUTABLE_WITH_EXCLUSION, 1],
    [ecr.TagMutability.MUTABLE_WITH_EXCLUSION, 5],
  ])('%s with %d filters renders them', (imageTagMutability, count) => {
    // GIVEN
    const stack = stackOf();

    // WHEN
    new RepositoryCreationTemplate(stack, 'Template', {
      prefix: 'team', appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH], imageTagMutability, imageTagMutabilityExclusionFilters: filters(count),
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::RepositoryCreationTemplate', {
      ImageTagMutability: imageTagMutability,
      ImageTagMutabilityExclusionFilters: Array.from({ length: count }, (_, i) => ({
        ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: `dev-${i}-*`,
      })),
    });
  });

  test.each([
    [ecr.TagMutability.IMMUTABLE_WITH_EXCLUSION, 0, 'IMMUTABLE_WITH_EXCLUSION'],
    [ecr.TagMutability.MUTABLE_WITH_EXCLUSION, 6, 'MUTABLE_WITH_EXCLUSION'],
    [ecr.TagMutability.IMMUTABLE_WITH_EXCLUSION, undefined, 'IMMUTABLE_WITH_EXCLUSION'],
    [ecr.TagMutability.MUTABLE_WITH_EXCLUSION, undefined, 'MUTABLE_WITH_EXCLUSION'],
    [ecr.TagMutability.IMMUTABLE, 1, 'IMMUTABLE'],
    [undefined, 1, 'MUTABLE'],
  ])('%s with %s filters fails', (imageTagMutability, count, shown) => {
    // WHEN
    const error = errorOf(() => new RepositoryCreationTemplate(stackOf(), 'Template', {
      prefix: 'team',
      appliedFor: [RepositoryCreationScenario.CREATE_ON_PUSH],
      imageTagMutability,
      imageTagMutabilityExclusionFilters: count === undefined ? undefined : filters(count),
    }));

    // THEN
    expect(error.name).toBe('TemplateTagMutabilityExclusionFilters');
    expect(error.message).toBe('Expected 1 to 5 imageTagMutabilityExclusionFilters with IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION and ' +
      `none otherwise, got ${count ?? 0} with imageTagMutability ${shown}.`);
  });
});
