import * as fs from 'fs';
import * as path from 'path';
import { App, Errors, Fn, Stack } from 'aws-cdk-lib';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ContainerImage } from '../../aws-ecs/lib';
import { expectSeesMatches, renumberTokens, warningsOf } from '../../aws-ecs/test/util';
import { type IPullThroughCacheRule, PullThroughCacheRule, UpstreamRegistry } from '../lib';
import { TEMPLATE_BAD_INPUTS } from './bad-inputs-templates';

/**
 * Every bad input of pull through cache rules, and exactly what the user sees.
 *
 * The module README's table of bad inputs lists these rows in this order; the
 * last test of this file holds the two together.
 */
interface BadInput {
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

const SECRET_ARN = (account: string, region: string, name: string) => `arn:aws:secretsmanager:${region}:${account}:secret:${name}-AbCdEf`;

function dockerHubRule(secret: (stack: Stack) => secretsmanager.ISecret | undefined) {
  return (stack: Stack) => new PullThroughCacheRule(stack, 'Cache', { upstreamRegistry: UpstreamRegistry.DOCKER_HUB, credentials: secret(stack) });
}

function quayRule(props: { ecrRepositoryPrefix?: string; credentials?: (stack: Stack) => secretsmanager.ISecret } = {}) {
  return (stack: Stack): IPullThroughCacheRule => new PullThroughCacheRule(stack, 'Cache', {
    upstreamRegistry: UpstreamRegistry.QUAY,
    ecrRepositoryPrefix: props.ecrRepositoryPrefix,
    credentials: props.credentials?.(stack),
  });
}

function containerThroughQuay(imageName: (stack: Stack) => string) {
  return (stack: Stack) => new ecs.FargateTaskDefinition(stack, 'TaskDef').addContainer('app', {
    image: ContainerImage.fromInternet(imageName(stack), { pullThroughCache: quayRule()(stack) }),
  });
}

const PREFIX_EXAMPLE = "For example 'docker-hub' or 'cache/ghcr'.";

const BAD_INPUTS: BadInput[] = [
  {
    input: 'Rule for a registry that needs credentials (Docker Hub, GitHub, GitLab, Azure, Chainguard), without them',
    sees: 'Error: … which ECR only pulls from with credentials',
    act: dockerHubRule(() => undefined),
    name: 'PullThroughCacheCredentialsMissing',
    error: "Pull through cache rule 'docker-hub' caches registry-1.docker.io, which ECR only pulls from with credentials. " +
      "Give 'credentials': a Secrets Manager secret named 'ecr-pullthroughcache/...' holding {\"username\": ..., \"accessToken\": ...}, " +
      'such as a RegistryCredentialsSecret with forPullThroughCache: true.',
  },
  {
    input: 'Credentials for a registry that needs none (Quay, ECR Public, Kubernetes)',
    sees: "Error: … which ECR pulls from without credentials and for which it refuses a secret. Leave out 'credentials'.",
    act: quayRule({ credentials: (stack) => secretsmanager.Secret.fromSecretCompleteArn(stack, 'Creds', SECRET_ARN('111111111111', 'us-east-1', 'ecr-pullthroughcache/quay')) }),
    name: 'PullThroughCacheCredentialsUnwanted',
    error: "Pull through cache rule 'quay' caches quay.io, which ECR pulls from without credentials and for which it refuses a secret. Leave out 'credentials'.",
  },
  {
    input: 'Secret whose name lacks the prefix: `registry/dockerhub`',
    sees: "Error: … whose name does not start with 'ecr-pullthroughcache/', the only secrets ECR accepts for a rule",
    act: dockerHubRule((stack) => secretsmanager.Secret.fromSecretCompleteArn(stack, 'Creds', SECRET_ARN('111111111111', 'us-east-1', 'registry/dockerhub'))),
    name: 'PullThroughCacheSecretName',
    error: "The credentials of pull through cache rule 'docker-hub' are in the secret 'registry/dockerhub', whose name does not start with " +
      "'ecr-pullthroughcache/', the only secrets ECR accepts for a rule. " +
      "Name the secret 'ecr-pullthroughcache/<name>' (RegistryCredentialsSecret does with forPullThroughCache: true).",
  },
  {
    input: 'Secret of this app without a name',
    sees: "Error: … a secret of this app without a name, which CloudFormation would name without the 'ecr-pullthroughcache/' prefix",
    act: dockerHubRule((stack) => new secretsmanager.Secret(stack, 'Creds')),
    name: 'PullThroughCacheSecretUnnamed',
    error: "The credentials of pull through cache rule 'docker-hub' are in a secret of this app without a name, " +
      "which CloudFormation would name without the 'ecr-pullthroughcache/' prefix that ECR requires. " +
      "Give it a secretName starting with 'ecr-pullthroughcache/' (RegistryCredentialsSecret does with forPullThroughCache: true).",
  },
  {
    input: 'Secret in another account',
    sees: 'Error: … are in account …, not the rule\'s (…). ECR only reads a secret in the account and Region of the rule',
    act: dockerHubRule((stack) => secretsmanager.Secret.fromSecretCompleteArn(stack, 'Creds', SECRET_ARN('222222222222', 'us-east-1', 'ecr-pullthroughcache/hub'))),
    name: 'PullThroughCacheSecretElsewhere',
    error: "The credentials of pull through cache rule 'docker-hub' are in account 222222222222, not the rule's (111111111111). " +
      'ECR only reads a secret in the account and Region of the rule: create the secret there.',
  },
  {
    input: 'Secret in another Region',
    sees: 'Error: … are in Region …, not the rule\'s (…). ECR only reads a secret in the account and Region of the rule',
    act: dockerHubRule((stack) => secretsmanager.Secret.fromSecretCompleteArn(stack, 'Creds', SECRET_ARN('111111111111', 'eu-west-1', 'ecr-pullthroughcache/hub'))),
    name: 'PullThroughCacheSecretElsewhere',
    error: "The credentials of pull through cache rule 'docker-hub' are in Region eu-west-1, not the rule's (us-east-1). " +
      'ECR only reads a secret in the account and Region of the rule: create the secret there.',
  },
  {
    input: 'Secret imported by name or partial ARN: `ecr-pullthroughcache/hub`',
    sees: 'Warning `cdk-ecs-private-registry:pullThroughCacheSecretPartialArn`: Import the secret by its complete ARN',
    act: dockerHubRule((stack) => secretsmanager.Secret.fromSecretNameV2(stack, 'Creds', 'ecr-pullthroughcache/hub')),
    warning: "The credentials of pull through cache rule 'docker-hub' are in a secret known by name or partial ARN " +
      "('ecr-pullthroughcache/hub'), whose partial ARN becomes the rule's CredentialArn, " +
      'where ECR documents the ARN of the secret. Secrets Manager resolves a partial ARN only while it matches exactly one secret. ' +
      'Import the secret by its complete ARN with secretsmanager.Secret.fromSecretCompleteArn().',
  },
  {
    input: 'Secret imported by name or partial ARN, the name ending in `-` and six characters: `ecr-pullthroughcache/hub-prod01`',
    sees: "Error: … ends in '-' and six characters, which Secrets Manager takes for the suffix of a complete ARN",
    act: dockerHubRule((stack) => secretsmanager.Secret.fromSecretNameV2(stack, 'Creds', 'ecr-pullthroughcache/hub-prod01')),
    name: 'PullThroughCacheSecretPartialArnAmbiguous',
    error: "The credentials of pull through cache rule 'docker-hub' are in a secret known by name or partial ARN, " +
      "and its name 'ecr-pullthroughcache/hub-prod01' " +
      "ends in '-' and six characters, which Secrets Manager takes for the suffix of a complete ARN: ECR would not find the secret. " +
      'Import it by its complete ARN with secretsmanager.Secret.fromSecretCompleteArn().',
  },
  {
    input: 'Repository prefix of one character: `q`',
    sees: 'Error: Invalid ECR repository prefix … it is … characters long, not 2 to 30',
    act: quayRule({ ecrRepositoryPrefix: 'q' }),
    name: 'InvalidPullThroughCachePrefix',
    error: `Invalid ECR repository prefix 'q' for a pull through cache rule: it is 1 characters long, not 2 to 30. ${PREFIX_EXAMPLE}`,
  },
  {
    input: 'Repository prefix with uppercase letters: `Quay`',
    sees: "Error: Invalid ECR repository prefix … it must be lowercase letters and digits, separated inside by one '.', '_' or '-'",
    act: quayRule({ ecrRepositoryPrefix: 'Quay' }),
    name: 'InvalidPullThroughCachePrefix',
    error: "Invalid ECR repository prefix 'Quay' for a pull through cache rule: it must be lowercase letters and digits, " +
      `separated inside by one '.', '_' or '-', in components separated by '/'. ${PREFIX_EXAMPLE}`,
  },
  {
    input: 'Repository prefix `ROOT` (no prefix)',
    sees: "Error: Invalid ECR repository prefix … 'ROOT' (no prefix) is not supported here",
    act: quayRule({ ecrRepositoryPrefix: 'ROOT' }),
    name: 'InvalidPullThroughCachePrefix',
    error: "Invalid ECR repository prefix 'ROOT' for a pull through cache rule: 'ROOT' (no prefix) is not supported here: " +
      `a prefix keeps the cache's repositories, and the grants on them, apart from the others. ${PREFIX_EXAMPLE}`,
  },
  {
    input: 'Two rules with the same prefix in one account and Region',
    sees: 'Error: … has the prefix of the rule …, in the same account … and Region …. ECR identifies a rule by its prefix',
    act: (stack) => {
      new PullThroughCacheRule(stack, 'Quay', { upstreamRegistry: UpstreamRegistry.QUAY, ecrRepositoryPrefix: 'mirror' });
      // Another stack of the app, deployed to the same account and Region.
      const other = new Stack(stack.node.root as App, 'Other', { env: { account: '111111111111', region: 'us-east-1' } });
      new PullThroughCacheRule(other, 'K8s', { upstreamRegistry: UpstreamRegistry.KUBERNETES, ecrRepositoryPrefix: 'mirror' });
    },
    name: 'DuplicatePullThroughCachePrefix',
    error: "Pull through cache rule 'mirror' has the prefix of the rule Stack/Quay, in the same account 111111111111 and Region us-east-1. " +
      'ECR identifies a rule by its prefix in the registry of an account and Region, and refuses a second one with the same prefix. ' +
      'Give one of them another ecrRepositoryPrefix, or use the one rule for both.',
  },
  {
    input: 'Azure registry given as a host: `acme.azurecr.io`',
    sees: "Error: Invalid Azure container registry name … give the name alone, letters and digits, without '.azurecr.io'",
    act: () => UpstreamRegistry.azureContainerRegistry('acme.azurecr.io'),
    name: 'InvalidAzureRegistryName',
    error: "Invalid Azure container registry name 'acme.azurecr.io': give the name alone, letters and digits, without '.azurecr.io'.",
  },
  {
    input: "Image of another registry than the rule's: `ghcr.io/acme/api:1` through a Quay rule",
    sees: 'Error: Image … of container … is not in …, the registry that the pull through cache rule … caches',
    act: containerThroughQuay(() => 'ghcr.io/acme/api:1'),
    name: 'ImageNotServedByPullThroughCache',
    error: "Image 'ghcr.io/acme/api:1' of container 'app' is not in quay.io, the registry that the pull through cache rule 'quay' caches (quay). " +
      'Pull it directly (leave out pullThroughCache), or through a rule for its registry.',
  },
  {
    input: 'Image name with values known at deploy time, through a rule: `quay.io/${Token}/api`',
    sees: 'Error: … holds values known only at deploy time, and cannot be pulled through the pull through cache rule',
    act: containerThroughQuay(() => `quay.io/${Fn.importValue('Namespace')}/api`),
    name: 'PullThroughCacheImageNameUnresolved',
    error: "Image 'quay.io/${Token[TOKEN.0]}/api' of container 'app' holds values known only at deploy time, and cannot be pulled through " +
      "the pull through cache rule 'quay', which must know the image's registry and path while the app synthesizes. Write the name out.",
  },
  {
    input: 'Image through a rule in AWS Batch `EksContainerDefinition`, which has no execution role',
    sees: 'Error: … binds image … through the pull through cache rule …, but gives no task execution role to grant the ECR pull to',
    act: (stack) => new batch.EksContainerDefinition(stack, 'Eks', {
      image: ContainerImage.fromInternet('quay.io/acme/api:1', { pullThroughCache: quayRule()(stack) }),
    }),
    name: 'PullThroughCacheNoExecutionRole',
    error: "Stack/Eks binds image 'quay.io/acme/api:1' through the pull through cache rule 'quay', " +
      'but gives no task execution role to grant the ECR pull to (its container definition has no taskDefinition.obtainExecutionRole()). ' +
      'Pull through the cache in a container of an ECS task definition or an AWS Batch ECS container definition. ' +
      'An AWS Batch EKS container is pulled by the EKS node, with the node role: leave out pullThroughCache, use rule.imageUri() as ' +
      'the image name, and grant the node role with rule.grantPullThroughCache().',
  },
  {
    input: 'Image whose ECR URI is longer than 255 characters: `quay.io/` and 240 characters',
    sees: "Error: Image … of container … is pulled through the pull through cache rule … as …, … characters before any '@digest', more than the 255 that ECS accepts",
    act: containerThroughQuay(() => `quay.io/${'a'.repeat(240)}`),
    name: 'PullThroughCacheImageUriTooLong',
    error: `Image 'quay.io/${'a'.repeat(240)}' of container 'app' is pulled through the pull through cache rule 'quay' as ` +
      `'111111111111.dkr.ecr.us-east-1.amazonaws.com/quay/${'a'.repeat(240)}', 290 characters before any '@digest', more than the 255 ` +
      'that ECS accepts. Pull it directly (leave out pullThroughCache), or use a rule with a shorter ecrRepositoryPrefix.',
  },
  {
    input: '`rule.imageUri()` of a name of another registry: `nginx` through a Quay rule',
    sees: 'Error: Image … cannot be pulled through the pull through cache rule …: a name without a registry host is an image on Docker Hub',
    act: (stack) => quayRule()(stack).imageUri('nginx'),
    name: 'ImageNotServedByPullThroughCache',
    error: "Image 'nginx' cannot be pulled through the pull through cache rule 'quay', which caches quay.io (quay): " +
      'a name without a registry host is an image on Docker Hub.',
  },
];

// The README's first table: repository creation templates and ECR upstream registries.
BAD_INPUTS.unshift(...TEMPLATE_BAD_INPUTS);

describe('bad inputs', () => {
  test.each(BAD_INPUTS.filter(c => c.warning).map(c => [c.input, c] as const))('warns at synth: %s', (_input, badInput) => {
    const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
    badInput.act(stack);
    const warnings = warningsOf(stack);
    expect(warnings.map(w => w.message)).toEqual([badInput.warning]);
    expectSeesMatches(badInput.sees, warnings[0].message, warnings[0].id);
  });

  test.each(BAD_INPUTS.filter(c => c.error).map(c => [c.input, c] as const))('throws at synth: %s', (_input, badInput) => {
    const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
    let error: any;
    try {
      badInput.act(stack);
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(error.name).toBe(badInput.name);
    expect(renumberTokens(error.message)).toBe(badInput.error);
    expectSeesMatches(badInput.sees, error.message);
  });

  test('the module README lists exactly these bad inputs, in this order', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
    // The table of bad inputs, known by its header row.
    const tables = readme.match(/^\| What you did \| What you see \|\n\| --- \| --- \|\n(?:\|.*\n?)*/gm) ?? [];
    expect(tables).toHaveLength(2);
    const rows = tables.flatMap(table => table.trim().split('\n').slice(2).map(row => row.split(' | ').map(cell => cell.replace(/^\|\s*|\s*\|$/g, '').trim())));
    expect(rows).toEqual(BAD_INPUTS.map(c => [c.input, c.sees]));
  });
});
