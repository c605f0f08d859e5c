import { type App, Duration, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ContainerImage } from '../../aws-ecs/lib';
import { PullThroughCacheRule, RepositoryCreationScenario, RepositoryCreationTemplate, type RepositoryCreationTemplateProps, UpstreamRegistry } from '../lib';

/**
 * The bad inputs of repository creation templates and ECR upstream
 * registries: the rows of the first table of bad inputs in the module README,
 * in its order. `bad-inputs.test.ts` runs them with the others.
 */
export interface TemplateBadInput {
  readonly input: string;
  readonly sees: string;
  readonly act: (stack: Stack) => void;
  readonly name?: string;
  readonly error?: string;
  readonly warning?: string;
}

const UPSTREAM = { account: '222222222222', region: 'us-east-1', upstreamRepositoryPrefix: 'team' };

function quayRule(stack: Stack) {
  return new PullThroughCacheRule(stack, 'Cache', { upstreamRegistry: UpstreamRegistry.QUAY });
}

function template(options: (stack: Stack) => Partial<RepositoryCreationTemplateProps>) {
  return (stack: Stack) => new RepositoryCreationTemplate(quayRule(stack), 'Template', {
    prefix: 'quay',
    ...options(stack),
  });
}

export const TEMPLATE_BAD_INPUTS: TemplateBadInput[] = [
  {
    input: 'Template prefix with uppercase letters: `Team/App`',
    sees: "Error: Repository creation template received the prefix … and expects 'ROOT' or up to 256 characters of lowercase letters and digits",
    act: template(() => ({ prefix: 'Team/App' })),
    name: 'InvalidRepositoryCreationTemplatePrefix',
    error: "Repository creation template received the prefix 'Team/App' (8 characters), and expects 'ROOT' or up to 256 characters of " +
      "lowercase letters and digits, separated inside by one '.', '_' or '-', in components separated by '/', such as 'docker-hub' or 'team/app'.",
  },
  {
    input: 'Template prefix longer than 256 characters',
    sees: "Error: Repository creation template received the prefix … and expects 'ROOT' or up to 256 characters",
    act: template(() => ({ prefix: 'a'.repeat(257) })),
    name: 'InvalidRepositoryCreationTemplatePrefix',
    error: `Repository creation template received the prefix '${'a'.repeat(257)}' (257 characters), and expects 'ROOT' or up to 256 characters of ` +
      "lowercase letters and digits, separated inside by one '.', '_' or '-', in components separated by '/', such as 'docker-hub' or 'team/app'.",
  },
  {
    input: 'Template for pull through cache only, whose prefix matches no rule of the app: `qauy`',
    sees: 'Warning `cdk-ecs-private-registry:repositoryCreationTemplateWithoutRule`: … applies only to pull through cache, and matches the prefix of no pull through cache rule',
    act: (stack) => {
      quayRule(stack);
      new RepositoryCreationTemplate(stack, 'Template', { prefix: 'qauy' });
    },
    warning: "Repository creation template 'qauy' applies only to pull through cache, and matches the prefix of no pull through cache rule " +
      'of this app in its account and Region.',
  },
  {
    input: 'Two templates with one prefix in one account and Region',
    sees: 'Error: … has the prefix of the template … in the same registry, and ECR expects one template per prefix',
    act: (stack) => {
      quayRule(stack).addRepositoryCreationTemplate('Template');
      // Another stack of the app, deployed to the same account and Region.
      const other = new Stack(stack.node.root as App, 'Other', { env: { account: '111111111111', region: 'us-east-1' } });
      new RepositoryCreationTemplate(other, 'Other', { prefix: 'quay/' });
    },
    name: 'DuplicateRepositoryCreationTemplatePrefix',
    error: "Repository creation template 'quay/' has the prefix of the template Stack/Cache/Template in the same registry, " +
      'and ECR expects one template per prefix in an account and Region.',
  },
  {
    input: 'Template `appliedFor` with one scenario twice',
    sees: 'Error: Repository creation template … received appliedFor …, and expects one to three different RepositoryCreationScenario values',
    act: template(() => ({ appliedFor: [RepositoryCreationScenario.PULL_THROUGH_CACHE, RepositoryCreationScenario.PULL_THROUGH_CACHE] })),
    name: 'TemplateAppliedForInvalid',
    error: "Repository creation template 'quay' received appliedFor [PULL_THROUGH_CACHE, PULL_THROUGH_CACHE], " +
      'and expects one to three different RepositoryCreationScenario values.',
  },
  {
    input: 'Lifecycle rule with both `maxImageAge` and `maxImageCount`',
    sees: 'Error: Lifecycle rule … has both maxImageAge and maxImageCount, and ECR expects exactly one of them',
    act: template(() => ({ lifecycleRules: [{ description: 'old', maxImageAge: Duration.days(30), maxImageCount: 10 }] })),
    name: 'InvalidLifecycleRule',
    error: "Lifecycle rule 'old' has both maxImageAge and maxImageCount, and ECR expects exactly one of them.",
  },
  {
    input: 'Lifecycle rule `TagStatus.TAGGED` without tag prefixes or patterns',
    sees: 'Error: Lifecycle rule … selects TagStatus.TAGGED images without tagPrefixList or tagPatternList',
    act: template(() => ({ lifecycleRules: [{ description: 'tagged', tagStatus: ecr.TagStatus.TAGGED, maxImageCount: 10 }] })),
    name: 'InvalidLifecycleRule',
    error: "Lifecycle rule 'tagged' selects TagStatus.TAGGED images without tagPrefixList or tagPatternList, and ECR expects one of the two with TAGGED.",
  },
  {
    input: 'Lifecycle rule with tag prefixes and `TagStatus.UNTAGGED`',
    sees: 'Error: Lifecycle rule … has tagPrefixList or tagPatternList with TagStatus.UNTAGGED, and ECR expects them only with TagStatus.TAGGED',
    act: template(() => ({ lifecycleRules: [{ description: 'dev', tagStatus: ecr.TagStatus.UNTAGGED, tagPrefixList: ['dev-'], maxImageCount: 5 }] })),
    name: 'InvalidLifecycleRule',
    error: "Lifecycle rule 'dev' has tagPrefixList or tagPatternList with TagStatus.UNTAGGED, and ECR expects them only with TagStatus.TAGGED.",
  },
  {
    input: 'Lifecycle tag pattern with more than four wildcards: `*a*b*c*d*`',
    sees: 'Error: Lifecycle rule … has the tag pattern … wildcards, and ECR expects at most 4',
    act: template(() => ({ lifecycleRules: [{ description: 'pattern', tagPatternList: ['*a*b*c*d*'], maxImageCount: 5 }] })),
    name: 'InvalidLifecycleRule',
    error: "Lifecycle rule 'pattern' has the tag pattern '*a*b*c*d*' with 5 wildcards, and ECR expects at most 4.",
  },
  {
    input: 'Lifecycle rule with `rulePriority` 0',
    sees: 'Error: Lifecycle rule … has rulePriority 0, and ECR expects a whole number from 1 to 999',
    act: template(() => ({ lifecycleRules: [{ rulePriority: 0, maxImageCount: 5 }] })),
    name: 'InvalidLifecycleRule',
    error: 'Lifecycle rule of priority 0 has rulePriority 0, and ECR expects a whole number from 1 to 999.',
  },
  {
    input: 'Two lifecycle rules with one `rulePriority`',
    sees: 'Error: Lifecycle policy has two rules with rulePriority …, and ECR expects each priority once',
    act: template(() => ({
      lifecycleRules: [
        { rulePriority: 1, tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(1) },
        { rulePriority: 1, tagPrefixList: ['dev-'], maxImageCount: 5 },
      ],
    })),
    name: 'InvalidLifecyclePolicy',
    error: 'Lifecycle policy has two rules with rulePriority 1, and ECR expects each priority once.',
  },
  {
    input: 'Two `TagStatus.ANY` lifecycle rules',
    sees: 'Error: Lifecycle policy has 2 TagStatus.ANY rules …, and ECR expects at most one',
    act: template(() => ({ lifecycleRules: [{ description: 'a', maxImageCount: 5 }, { description: 'b', maxImageAge: Duration.days(90) }] })),
    name: 'InvalidLifecyclePolicy',
    error: "Lifecycle policy has 2 TagStatus.ANY rules ('a', 'b'), and ECR expects at most one.",
  },
  {
    input: 'A `TagStatus.ANY` lifecycle rule without the highest priority',
    sees: 'Error: Lifecycle policy gives the TagStatus.ANY rule … and ECR expects the TagStatus.ANY rule to have the highest priority',
    act: template(() => ({
      lifecycleRules: [
        { description: 'any', rulePriority: 1, maxImageCount: 100 },
        { rulePriority: 2, tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(1) },
      ],
    })),
    name: 'InvalidLifecyclePolicy',
    error: "Lifecycle policy gives the TagStatus.ANY rule 'any' rulePriority 1, lower than 2, and ECR expects the TagStatus.ANY rule to have the highest priority.",
  },
  {
    input: 'Exclusion filters without `IMMUTABLE_WITH_EXCLUSION` or `MUTABLE_WITH_EXCLUSION`',
    sees: 'Error: Repository creation template received imageTagMutability … and expects 1 to 5 filters with IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION',
    act: template(() => ({
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      imageTagMutabilityExclusionFilters: [ecr.ImageTagMutabilityExclusionFilter.wildcard('latest')],
    })),
    name: 'TemplateTagMutabilityExclusionFilters',
    error: 'Repository creation template received imageTagMutability IMMUTABLE with 1 exclusion filters, ' +
      'and expects 1 to 5 filters with IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION and none otherwise.',
  },
  {
    input: 'Template `encryptionKey` with `AES_256` encryption',
    sees: 'Error: … received an encryptionKey with AES_256 encryption, and expects KMS or KMS_DSSE encryption with a key',
    act: template((stack) => ({ encryption: ecr.RepositoryEncryption.AES_256, encryptionKey: new kms.Key(stack, 'Key') })),
    name: 'TemplateEncryptionKeyWithoutKms',
    error: "Repository creation template 'quay' received an encryptionKey with AES_256 encryption, and expects KMS or KMS_DSSE encryption with a key.",
  },
  {
    input: 'Template KMS key in another Region',
    sees: 'Error: … received a KMS key in Region …, and expects a key in its own Region',
    act: template((stack) => ({ encryptionKey: kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab') })),
    name: 'TemplateEncryptionKeyElsewhere',
    error: "Repository creation template 'quay' received a KMS key in Region eu-west-1, and expects a key in its own Region us-east-1.",
  },
  {
    input: 'Template role in another account',
    sees: 'Error: … received a role of account …, and expects a role of its own account',
    act: template((stack) => ({ role: iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::222222222222:role/ecr-templates') })),
    name: 'TemplateRoleElsewhere',
    error: "Repository creation template 'quay' received a role of account 222222222222, and expects a role of its own account 111111111111, which ECR assumes.",
  },
  {
    input: 'KMS encryption with a given role that cannot take policies',
    sees: 'Warning `cdk-ecs-private-registry:repositoryCreationTemplateRoleNotGranted`: … cannot take policies here, and needs these statements',
    act: template((stack) => ({
      encryption: ecr.RepositoryEncryption.KMS,
      role: iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::111111111111:role/ecr-templates', { mutable: false }),
    })),
    warning: "The role of repository creation template 'quay' cannot take policies here, and needs these statements to create its repositories: " +
      '[{"Action":"ecr:CreateRepository","Effect":"Allow","Resource":"arn:aws:ecr:us-east-1:111111111111:repository/quay/*"},' +
      '{"Action":["kms:CreateGrant","kms:RetireGrant","kms:DescribeKey"],"Effect":"Allow","Resource":"*"}].',
  },
  {
    input: "A rule's template not applied for pull through cache",
    sees: 'Error: … received a repository creation template applied for …, and expects one applied for PULL_THROUGH_CACHE',
    act: (stack) => quayRule(stack).addRepositoryCreationTemplate('Template', { appliedFor: [RepositoryCreationScenario.REPLICATION] }),
    name: 'RuleTemplateNotForPullThroughCache',
    error: "Pull through cache rule 'quay' received a repository creation template applied for [REPLICATION], and expects one applied for PULL_THROUGH_CACHE.",
  },
  {
    input: 'ECR upstream registry URL that is not an ECR registry: `quay.io`',
    sees: "Error: ECR upstream registry received the URL …, and expects the host of a private ECR registry, '<12-digit account>.dkr.ecr.<region>.amazonaws.com'",
    act: () => UpstreamRegistry.fromEcrRegistryUrl('quay.io'),
    name: 'InvalidEcrUpstreamRegistry',
    error: "ECR upstream registry received the URL 'quay.io', and expects the host of a private ECR registry, '<12-digit account>.dkr.ecr.<region>.amazonaws.com'.",
  },
  {
    input: 'ECR upstream registry account that is not 12 digits: `2222`',
    sees: 'Error: ECR upstream registry received the account …, and expects an account ID of 12 digits',
    act: () => UpstreamRegistry.ecr({ ...UPSTREAM, account: '2222' }),
    name: 'InvalidEcrUpstreamRegistry',
    error: "ECR upstream registry received the account '2222', and expects an account ID of 12 digits.",
  },
  {
    input: 'Upstream repository prefix with uppercase letters: `Team`',
    sees: "Error: ECR upstream registry received the upstream repository prefix …, and expects 'ROOT' or 2 to 30 characters",
    act: () => UpstreamRegistry.ecr({ ...UPSTREAM, upstreamRepositoryPrefix: 'Team' }),
    name: 'InvalidUpstreamRepositoryPrefix',
    error: "ECR upstream registry received the upstream repository prefix 'Team', and expects 'ROOT' or 2 to 30 characters of lowercase letters " +
      "and digits, separated inside by one '.', '_' or '-', in components separated by '/'.",
  },
  {
    input: 'Custom role of an ECR to ECR rule in another account',
    sees: 'Error: … received a custom role of account …, and expects a role of its own account',
    act: (stack) => new PullThroughCacheRule(stack, 'Cache', {
      upstreamRegistry: UpstreamRegistry.ecr(UPSTREAM),
      ecrRepositoryPrefix: 'central',
      customRole: iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::222222222222:role/ptc'),
    }),
    name: 'PullThroughCacheRoleElsewhere',
    error: "Pull through cache rule 'central' received a custom role of account 222222222222, and expects a role of its own account 111111111111, which ECR assumes.",
  },
  {
    input: 'Custom role of an ECR to ECR rule that cannot take policies',
    sees: 'Warning `cdk-ecs-private-registry:pullThroughCacheRoleNotGranted`: … cannot take policies here, and needs these statements to pull from',
    act: (stack) => new PullThroughCacheRule(stack, 'Cache', {
      upstreamRegistry: UpstreamRegistry.ecr(UPSTREAM),
      ecrRepositoryPrefix: 'central',
      customRole: iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::111111111111:role/ptc', { mutable: false }),
    }),
    warning: "The custom role of pull through cache rule 'central' cannot take policies here, and needs these statements to pull from " +
      '222222222222.dkr.ecr.us-east-1.amazonaws.com: [{"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer","ecr:GetImageCopyStatus",' +
      '"ecr:BatchImportUpstreamImage","ecr:InitiateLayerUpload","ecr:UploadLayerPart","ecr:CompleteLayerUpload","ecr:PutImage"],"Effect":"Allow",' +
      '"Resource":["arn:aws:ecr:us-east-1:222222222222:repository/team/*","arn:aws:ecr:us-east-1:111111111111:repository/central/*"]},' +
      '{"Action":"ecr:GetAuthorizationToken","Effect":"Allow","Resource":"*"}].',
  },
  {
    input: 'Image of an ECR upstream registry outside its upstream prefix: `…/other/api:1` through a rule of prefix `team`',
    sees: 'Error: Expected an image of …, the registry that pull through cache rule … caches, for container … got …',
    act: (stack) => new ecs.FargateTaskDefinition(stack, 'TaskDef').addContainer('app', {
      image: ContainerImage.fromInternet('222222222222.dkr.ecr.us-east-1.amazonaws.com/other/api:1', {
        pullThroughCache: new PullThroughCacheRule(stack, 'Cache', { upstreamRegistry: UpstreamRegistry.ecr(UPSTREAM), ecrRepositoryPrefix: 'central' }),
      }),
    }),
    name: 'ImageNotServedByPullThroughCache',
    error: "Expected an image of 222222222222.dkr.ecr.us-east-1.amazonaws.com, the registry that pull through cache rule 'central' caches, " +
      "for container 'Stack/TaskDef/app', got '222222222222.dkr.ecr.us-east-1.amazonaws.com/other/api:1'.",
  },
  {
    input: 'Policy statement of a cache account asked of a registry that is not ECR',
    sees: 'Error: Upstream registry … received a request for the policy statement of a cache account, and expects an ECR registry',
    act: () => UpstreamRegistry.QUAY.cacheAccountPolicyStatement('111111111111'),
    name: 'NotAnEcrUpstreamRegistry',
    error: 'Upstream registry quay.io received a request for the policy statement of a cache account, and expects an ECR registry (UpstreamRegistry.ecr()).',
  },
];
