import { type App, Duration, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ContainerImage } from '../../aws-ecs/lib';
import { PullThroughCacheRule, RepositoryCreationScenario, RepositoryCreationTemplate, type RepositoryCreationTemplateProps, UpstreamRegistry } from '../lib';

/**
 * A bad input and exactly what the user sees: a row of a table of bad inputs
 * in the module README.
 */
export interface BadInput {
  /** The first column of the README row: what the user did. */
  readonly input: string;
  /**
   * The second column: `Error: <excerpt>` or ``Warning `<id>`: <excerpt>``, the
   * message's own words, `…` for what varies.
   */
  readonly sees: string;
  /** Do it in a fresh stack. */
  readonly act: (stack: Stack) => void;
  /** The error's stable name, for an error. */
  readonly name?: string;
  /** The exact error message, for an error. */
  readonly error?: string;
  /** The exact warning (without the acknowledgement suffix), for a warning. */
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

/**
 * The bad inputs of repository creation templates and ECR upstream
 * registries: the rows of the first table of bad inputs in the module README,
 * in its order. `bad-inputs.test.ts` runs them with the others.
 */
export const TEMPLATE_BAD_INPUTS: BadInput[] = [
  {
    input: 'Template prefix with uppercase letters: `Team/App`',
    sees: "Error: Expected a repository creation template prefix of 'ROOT' or up to 256 characters of lowercase letters and digits … got '…'",
    act: template(() => ({ prefix: 'Team/App' })),
    name: 'InvalidRepositoryCreationTemplatePrefix',
    error: "Expected a repository creation template prefix of 'ROOT' or up to 256 characters of lowercase letters and " +
      "digits, separated inside by one '.', '_' or '-', in components separated by '/', such as 'docker-hub' or " +
      "'team/app', got 'Team/App' (8 characters).",
  },
  {
    input: 'Template prefix longer than 256 characters',
    sees: "Error: Expected a repository creation template prefix of 'ROOT' or up to 256 characters … got '…' (… characters)",
    act: template(() => ({ prefix: 'a'.repeat(257) })),
    name: 'InvalidRepositoryCreationTemplatePrefix',
    error: "Expected a repository creation template prefix of 'ROOT' or up to 256 characters of lowercase letters and " +
      "digits, separated inside by one '.', '_' or '-', in components separated by '/', such as 'docker-hub' or " +
      "'team/app', got " +
      `'${'a'.repeat(257)}' ` +
      '(257 characters).',
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
    sees: 'Error: Expected a prefix of its own for repository creation template … (ECR holds one template per prefix in an account and Region), got the prefix of the template …',
    act: (stack) => {
      quayRule(stack).addRepositoryCreationTemplate('Template');
      // Another stack of the app, deployed to the same account and Region.
      const other = new Stack(stack.node.root as App, 'Other', { env: { account: '111111111111', region: 'us-east-1' } });
      new RepositoryCreationTemplate(other, 'Other', { prefix: 'quay/' });
    },
    name: 'DuplicateRepositoryCreationTemplatePrefix',
    error: "Expected a prefix of its own for repository creation template 'quay/' (ECR holds one template per prefix in an " +
      'account and Region), got the prefix of the template Stack/Cache/Template in the same registry.',
  },
  {
    input: 'Template `appliedFor` with one scenario twice',
    sees: 'Error: Expected one to three different RepositoryCreationScenario values in the appliedFor of repository creation template …, got […]',
    act: template(() => ({ appliedFor: [RepositoryCreationScenario.PULL_THROUGH_CACHE, RepositoryCreationScenario.PULL_THROUGH_CACHE] })),
    name: 'TemplateAppliedForInvalid',
    error: 'Expected one to three different RepositoryCreationScenario values in the appliedFor of repository creation ' +
      "template 'quay', got [PULL_THROUGH_CACHE, PULL_THROUGH_CACHE].",
  },
  {
    input: 'Lifecycle rule with both `maxImageAge` and `maxImageCount`',
    sees: 'Error: Expected exactly one of maxImageAge and maxImageCount in lifecycle rule …, got both',
    act: template(() => ({ lifecycleRules: [{ description: 'old', maxImageAge: Duration.days(30), maxImageCount: 10 }] })),
    name: 'InvalidLifecycleRule',
    error: "Expected exactly one of maxImageAge and maxImageCount in lifecycle rule 'old', got both.",
  },
  {
    input: 'Lifecycle rule `TagStatus.TAGGED` without tag prefixes or patterns',
    sees: 'Error: Expected tagPrefixList or tagPatternList with TagStatus.TAGGED in lifecycle rule …, got neither',
    act: template(() => ({ lifecycleRules: [{ description: 'tagged', tagStatus: ecr.TagStatus.TAGGED, maxImageCount: 10 }] })),
    name: 'InvalidLifecycleRule',
    error: "Expected tagPrefixList or tagPatternList with TagStatus.TAGGED in lifecycle rule 'tagged', got neither.",
  },
  {
    input: 'Lifecycle rule with tag prefixes and `TagStatus.UNTAGGED`',
    sees: 'Error: Expected tagPrefixList or tagPatternList only with TagStatus.TAGGED in lifecycle rule …, got one with TagStatus.…',
    act: template(() => ({ lifecycleRules: [{ description: 'dev', tagStatus: ecr.TagStatus.UNTAGGED, tagPrefixList: ['dev-'], maxImageCount: 5 }] })),
    name: 'InvalidLifecycleRule',
    error: "Expected tagPrefixList or tagPatternList only with TagStatus.TAGGED in lifecycle rule 'dev', got one with " +
      'TagStatus.UNTAGGED.',
  },
  {
    input: 'Lifecycle tag pattern with more than four wildcards: `*a*b*c*d*`',
    sees: "Error: Expected tag patterns with at most 4 wildcards in lifecycle rule …, got '…' with …",
    act: template(() => ({ lifecycleRules: [{ description: 'pattern', tagPatternList: ['*a*b*c*d*'], maxImageCount: 5 }] })),
    name: 'InvalidLifecycleRule',
    error: "Expected tag patterns with at most 4 wildcards in lifecycle rule 'pattern', got '*a*b*c*d*' with 5.",
  },
  {
    input: 'Lifecycle rule with `rulePriority` 0',
    sees: 'Error: Expected a rulePriority that is a whole number from 1 to 999 in lifecycle rule …, got …',
    act: template(() => ({ lifecycleRules: [{ rulePriority: 0, maxImageCount: 5 }] })),
    name: 'InvalidLifecycleRule',
    error: 'Expected a rulePriority that is a whole number from 1 to 999 in lifecycle rule of priority 0, got 0.',
  },
  {
    input: 'Two lifecycle rules with one `rulePriority`',
    sees: 'Error: Expected each rulePriority once in a lifecycle policy, got two rules with rulePriority …',
    act: template(() => ({
      lifecycleRules: [
        { rulePriority: 1, tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(1) },
        { rulePriority: 1, tagPrefixList: ['dev-'], maxImageCount: 5 },
      ],
    })),
    name: 'InvalidLifecyclePolicy',
    error: 'Expected each rulePriority once in a lifecycle policy, got two rules with rulePriority 1.',
  },
  {
    input: 'Two `TagStatus.ANY` lifecycle rules',
    sees: 'Error: Expected at most one TagStatus.ANY rule in a lifecycle policy, got … (…)',
    act: template(() => ({ lifecycleRules: [{ description: 'a', maxImageCount: 5 }, { description: 'b', maxImageAge: Duration.days(90) }] })),
    name: 'InvalidLifecyclePolicy',
    error: `Expected at most one TagStatus.ANY rule in a lifecycle policy, got 2 ('a', 'b').`,
  },
  {
    input: 'A `TagStatus.ANY` lifecycle rule without the highest priority',
    sees: 'Error: Expected the highest rulePriority on the TagStatus.ANY rule in a lifecycle policy, got rulePriority … on the TagStatus.ANY rule …, lower than …',
    act: template(() => ({
      lifecycleRules: [
        { description: 'any', rulePriority: 1, maxImageCount: 100 },
        { rulePriority: 2, tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(1) },
      ],
    })),
    name: 'InvalidLifecyclePolicy',
    error: 'Expected the highest rulePriority on the TagStatus.ANY rule in a lifecycle policy, got rulePriority 1 on the ' +
      "TagStatus.ANY rule 'any', lower than 2.",
  },
  {
    input: 'Exclusion filters without `IMMUTABLE_WITH_EXCLUSION` or `MUTABLE_WITH_EXCLUSION`',
    sees: 'Error: Expected 1 to 5 imageTagMutabilityExclusionFilters with IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION and none otherwise, got … with imageTagMutability …',
    act: template(() => ({
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      imageTagMutabilityExclusionFilters: [ecr.ImageTagMutabilityExclusionFilter.wildcard('latest')],
    })),
    name: 'TemplateTagMutabilityExclusionFilters',
    error: 'Expected 1 to 5 imageTagMutabilityExclusionFilters with IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION and ' +
      'none otherwise, got 1 with imageTagMutability IMMUTABLE.',
  },
  {
    input: 'Template `encryptionKey` with `AES_256` encryption',
    sees: 'Error: Expected KMS or KMS_DSSE encryption with the encryptionKey of repository creation template …, got AES_256',
    act: template((stack) => ({ encryption: ecr.RepositoryEncryption.AES_256, encryptionKey: new kms.Key(stack, 'Key') })),
    name: 'TemplateEncryptionKeyWithoutKms',
    error: "Expected KMS or KMS_DSSE encryption with the encryptionKey of repository creation template 'quay', got " +
      'AES_256.',
  },
  {
    input: 'Template KMS key in another Region',
    sees: 'Error: Expected a KMS key in the Region of repository creation template … (…), got a key in …',
    act: template((stack) => ({ encryptionKey: kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab') })),
    name: 'TemplateEncryptionKeyElsewhere',
    error: "Expected a KMS key in the Region of repository creation template 'quay' (us-east-1), got a key in eu-west-1.",
  },
  {
    input: 'Template role in another account',
    sees: 'Error: Expected a role of the account of repository creation template … (…), which ECR assumes, got a role of account …',
    act: template((stack) => ({ role: iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::222222222222:role/ecr-templates') })),
    name: 'TemplateRoleElsewhere',
    error: "Expected a role of the account of repository creation template 'quay' (111111111111), which ECR assumes, got a " +
      'role of account 222222222222.',
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
    sees: 'Error: Expected the repository creation template of pull through cache rule … to be applied for PULL_THROUGH_CACHE, got […]',
    act: (stack) => quayRule(stack).addRepositoryCreationTemplate('Template', { appliedFor: [RepositoryCreationScenario.REPLICATION] }),
    name: 'RuleTemplateNotForPullThroughCache',
    error: "Expected the repository creation template of pull through cache rule 'quay' to be applied for " +
      'PULL_THROUGH_CACHE, got [REPLICATION].',
  },
  {
    input: 'ECR upstream registry URL that is not an ECR registry: `quay.io`',
    sees: "Error: Expected the host of a private ECR registry, '<12-digit account>.dkr.ecr.<region>.amazonaws.com', as an ECR upstream registry URL, got '…'",
    act: () => UpstreamRegistry.fromEcrRegistryUrl('quay.io'),
    name: 'InvalidEcrUpstreamRegistry',
    error: "Expected the host of a private ECR registry, '<12-digit account>.dkr.ecr.<region>.amazonaws.com', as an ECR " +
      "upstream registry URL, got 'quay.io'.",
  },
  {
    input: 'ECR upstream registry account that is not 12 digits: `2222`',
    sees: "Error: Expected the 12-digit account ID of an ECR upstream registry, got '…'",
    act: () => UpstreamRegistry.ecr({ ...UPSTREAM, account: '2222' }),
    name: 'InvalidEcrUpstreamRegistry',
    error: "Expected the 12-digit account ID of an ECR upstream registry, got '2222'.",
  },
  {
    input: 'Upstream repository prefix with uppercase letters: `Team`',
    sees: "Error: Expected an upstreamRepositoryPrefix of 'ROOT' or 2 to 30 characters of lowercase letters and digits … got '…'",
    act: () => UpstreamRegistry.ecr({ ...UPSTREAM, upstreamRepositoryPrefix: 'Team' }),
    name: 'InvalidUpstreamRepositoryPrefix',
    error: "Expected an upstreamRepositoryPrefix of 'ROOT' or 2 to 30 characters of lowercase letters and digits, " +
      "separated inside by one '.', '_' or '-', in components separated by '/', got 'Team'.",
  },
  {
    input: 'Custom role of an ECR to ECR rule in another account',
    sees: 'Error: Expected a customRole of the account of pull through cache rule … (…), which ECR assumes, got a role of account …',
    act: (stack) => new PullThroughCacheRule(stack, 'Cache', {
      upstreamRegistry: UpstreamRegistry.ecr(UPSTREAM),
      ecrRepositoryPrefix: 'central',
      customRole: iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::222222222222:role/ptc'),
    }),
    name: 'PullThroughCacheRoleElsewhere',
    error: "Expected a customRole of the account of pull through cache rule 'central' (111111111111), which ECR assumes, " +
      'got a role of account 222222222222.',
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
    sees: 'Error: Expected an ECR upstream registry (UpstreamRegistry.ecr()) for the policy statement of a cache account, got …',
    act: () => UpstreamRegistry.QUAY.cacheAccountPolicyStatement('111111111111'),
    name: 'NotAnEcrUpstreamRegistry',
    error: 'Expected an ECR upstream registry (UpstreamRegistry.ecr()) for the policy statement of a cache account, got ' +
      'quay.io.',
  },
];
