// upstream: package-only (the README's table of bad inputs, held to the messages; upstream asserts each error and warning beside its feature)
import * as fs from 'fs';
import * as path from 'path';
import { App, Errors, Fn, Stack } from 'aws-cdk-lib';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ContainerImage } from '../../aws-ecs/lib';
import { expectSeesMatches, renumberTokens, warningsOf } from '../../aws-ecs/test/util';
import { type IPullThroughCacheRule, PullThroughCacheRule, UpstreamRegistry } from '../lib';
import { type BadInput, TEMPLATE_BAD_INPUTS } from './bad-inputs-templates';

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

const PREFIX_EXPECTED = "Expected an ECR repository prefix of 2 to 30 lowercase letters and digits, separated inside by one '.', '_' or '-', " +
  "in components separated by '/' (for example 'docker-hub'), got ";

/**
 * Every bad input of pull through cache rules, in the order of the module
 * README's second table of bad inputs. The first table's rows are put before
 * them below, and the last test holds the README's tables to the whole list.
 */
const BAD_INPUTS: BadInput[] = [
  {
    input: 'Rule for a registry that needs credentials (Docker Hub, GitHub, GitLab, Azure, Chainguard), without them',
    sees: "Error: Expected 'credentials' … for a pull through cache rule of …, which ECR only pulls from with credentials, got none",
    act: dockerHubRule(() => undefined),
    name: 'PullThroughCacheCredentialsMissing',
    error: "Expected 'credentials' (a secret named 'ecr-pullthroughcache/...', such as a RegistryCredentialsSecret with forPullThroughCache: true) " +
      'for a pull through cache rule of registry-1.docker.io, which ECR only pulls from with credentials, got none.',
  },
  {
    input: 'Credentials for a registry that needs none (Quay, ECR Public, Kubernetes)',
    sees: "Error: Expected no 'credentials' for a pull through cache rule of …, which ECR pulls from without credentials, got a secret",
    act: quayRule({ credentials: (stack) => secretsmanager.Secret.fromSecretCompleteArn(stack, 'Creds', SECRET_ARN('111111111111', 'us-east-1', 'ecr-pullthroughcache/quay')) }),
    name: 'PullThroughCacheCredentialsUnwanted',
    error: "Expected no 'credentials' for a pull through cache rule of quay.io, which ECR pulls from without credentials, got a secret.",
  },
  {
    input: 'Secret whose name lacks the prefix: `registry/dockerhub`',
    sees: "Error: Expected pull through cache credentials in a secret whose name starts with 'ecr-pullthroughcache/', got '…'",
    act: dockerHubRule((stack) => secretsmanager.Secret.fromSecretCompleteArn(stack, 'Creds', SECRET_ARN('111111111111', 'us-east-1', 'registry/dockerhub'))),
    name: 'PullThroughCacheSecretName',
    error: "Expected pull through cache credentials in a secret whose name starts with 'ecr-pullthroughcache/', got 'registry/dockerhub'.",
  },
  {
    input: 'Secret of this app without a name',
    sees: 'Error: … got a secret of this app without a name, which CloudFormation would name without it',
    act: dockerHubRule((stack) => new secretsmanager.Secret(stack, 'Creds')),
    name: 'PullThroughCacheSecretUnnamed',
    error: "Expected pull through cache credentials in a secret with a secretName starting with 'ecr-pullthroughcache/', " +
      'got a secret of this app without a name, which CloudFormation would name without it.',
  },
  {
    input: 'Secret in another account',
    sees: "Error: Expected pull through cache credentials in the rule's account (…), where ECR reads them, got a secret in account …",
    act: dockerHubRule((stack) => secretsmanager.Secret.fromSecretCompleteArn(stack, 'Creds', SECRET_ARN('222222222222', 'us-east-1', 'ecr-pullthroughcache/hub'))),
    name: 'PullThroughCacheSecretElsewhere',
    error: "Expected pull through cache credentials in the rule's account (111111111111), where ECR reads them, got a secret in account 222222222222.",
  },
  {
    input: 'Secret in another Region',
    sees: "Error: Expected pull through cache credentials in the rule's Region (…), where ECR reads them, got a secret in Region …",
    act: dockerHubRule((stack) => secretsmanager.Secret.fromSecretCompleteArn(stack, 'Creds', SECRET_ARN('111111111111', 'eu-west-1', 'ecr-pullthroughcache/hub'))),
    name: 'PullThroughCacheSecretElsewhere',
    error: "Expected pull through cache credentials in the rule's Region (us-east-1), where ECR reads them, got a secret in Region eu-west-1.",
  },
  {
    input: 'Secret imported by name or partial ARN: `ecr-pullthroughcache/hub`',
    sees: 'Warning `cdk-ecs-private-registry:pullThroughCacheSecretPartialArn`: Expected the pull through cache credentials by complete ARN … got a secret known by name or partial ARN',
    act: dockerHubRule((stack) => secretsmanager.Secret.fromSecretNameV2(stack, 'Creds', 'ecr-pullthroughcache/hub')),
    warning: 'Expected the pull through cache credentials by complete ARN (secretsmanager.Secret.fromSecretCompleteArn()), as ECR documents ' +
      "CredentialArn, got a secret known by name or partial ARN ('ecr-pullthroughcache/hub'), which Secrets Manager resolves " +
      'only while it matches exactly one secret.',
  },
  {
    input: 'Secret imported by name or partial ARN, the name ending in `-` and six characters: `ecr-pullthroughcache/hub-prod01`',
    sees: "Error: … for a secret whose name ends in '-' and six characters, which Secrets Manager takes for the suffix of a complete ARN, got the name '…'",
    act: dockerHubRule((stack) => secretsmanager.Secret.fromSecretNameV2(stack, 'Creds', 'ecr-pullthroughcache/hub-prod01')),
    name: 'PullThroughCacheSecretPartialArnAmbiguous',
    error: 'Expected the pull through cache credentials by complete ARN (secretsmanager.Secret.fromSecretCompleteArn()) for a secret whose name ' +
      "ends in '-' and six characters, which Secrets Manager takes for the suffix of a complete ARN, got the name 'ecr-pullthroughcache/hub-prod01'.",
  },
  {
    input: 'Repository prefix of one character: `q`',
    sees: "Error: Expected an ECR repository prefix of 2 to 30 lowercase letters and digits … got '…' (… characters long)",
    act: quayRule({ ecrRepositoryPrefix: 'q' }),
    name: 'InvalidPullThroughCachePrefix',
    error: `${PREFIX_EXPECTED}'q' (1 characters long).`,
  },
  {
    input: 'Repository prefix with uppercase letters: `Quay`',
    sees: "Error: Expected an ECR repository prefix of 2 to 30 lowercase letters and digits … got '…' (not lowercase components separated by one '/')",
    act: quayRule({ ecrRepositoryPrefix: 'Quay' }),
    name: 'InvalidPullThroughCachePrefix',
    error: `${PREFIX_EXPECTED}'Quay' (not lowercase components separated by one '/').`,
  },
  {
    input: 'Repository prefix `ROOT` (no prefix)',
    sees: "Error: Expected an ECR repository prefix of 2 to 30 lowercase letters and digits … got 'ROOT' (no prefix)",
    act: quayRule({ ecrRepositoryPrefix: 'ROOT' }),
    name: 'InvalidPullThroughCachePrefix',
    error: `${PREFIX_EXPECTED}'ROOT' (no prefix).`,
  },
  {
    input: 'Two rules with the same prefix in one account and Region',
    sees: "Error: Expected an ecrRepositoryPrefix of its own in account … and Region …, got '…', the prefix of the rule …",
    act: (stack) => {
      new PullThroughCacheRule(stack, 'Quay', { upstreamRegistry: UpstreamRegistry.QUAY, ecrRepositoryPrefix: 'mirror' });
      // Another stack of the app, deployed to the same account and Region.
      const other = new Stack(stack.node.root as App, 'Other', { env: { account: '111111111111', region: 'us-east-1' } });
      new PullThroughCacheRule(other, 'K8s', { upstreamRegistry: UpstreamRegistry.KUBERNETES, ecrRepositoryPrefix: 'mirror' });
    },
    name: 'DuplicatePullThroughCachePrefix',
    error: "Expected an ecrRepositoryPrefix of its own in account 111111111111 and Region us-east-1, got 'mirror', the prefix of the rule Stack/Quay.",
  },
  {
    input: 'Azure registry given as a host: `acme.azurecr.io`',
    sees: "Error: Expected an Azure container registry name of letters and digits only, without '.azurecr.io', got '…'",
    act: () => UpstreamRegistry.azureContainerRegistry('acme.azurecr.io'),
    name: 'InvalidAzureRegistryName',
    error: "Expected an Azure container registry name of letters and digits only, without '.azurecr.io', got 'acme.azurecr.io'.",
  },
  {
    input: "Image of another registry than the rule's: `ghcr.io/acme/api:1` through a Quay rule",
    sees: "Error: Expected an image of …, the registry that pull through cache rule … caches, for container …, got '…'",
    act: containerThroughQuay(() => 'ghcr.io/acme/api:1'),
    name: 'ImageNotServedByPullThroughCache',
    error: "Expected an image of quay.io, the registry that pull through cache rule 'quay' caches, for container 'Stack/TaskDef/app', got 'ghcr.io/acme/api:1'.",
  },
  {
    input: 'Image name with values known at deploy time, through a rule: `quay.io/${Token}/api`',
    sees: "Error: Expected an image name written out at synth time for container …, got '…', which holds values known only at deploy time",
    act: containerThroughQuay(() => `quay.io/${Fn.importValue('Namespace')}/api`),
    name: 'PullThroughCacheImageNameUnresolved',
    error: "Expected an image name written out at synth time for container 'Stack/TaskDef/app', pulled through the pull through cache rule 'quay', " +
      "got 'quay.io/${Token[TOKEN.0]}/api', which holds values known only at deploy time.",
  },
  {
    input: 'Image through a rule in AWS Batch `EksContainerDefinition`, which has no execution role',
    sees: 'Error: Expected a container of an ECS task definition or of an AWS Batch ECS job … got a consumer without taskDefinition.obtainExecutionRole()',
    act: (stack) => new batch.EksContainerDefinition(stack, 'Eks', {
      image: ContainerImage.fromInternet('quay.io/acme/api:1', { pullThroughCache: quayRule()(stack) }),
    }),
    name: 'PullThroughCacheNoExecutionRole',
    error: "Expected a container of an ECS task definition or of an AWS Batch ECS job, whose task execution role pulls image 'quay.io/acme/api:1' " +
      "through the pull through cache rule 'quay', got a consumer without taskDefinition.obtainExecutionRole() " +
      '(for an EKS container, use rule.imageUri() and rule.grants.pull() for the node role).',
  },
  {
    input: 'Image whose ECR URI is longer than 255 characters: `quay.io/` and 240 characters',
    sees: "Error: Expected an ECR image URI of at most 255 characters before any '@digest' for image … got '…' through the pull through cache rule …, … characters",
    act: containerThroughQuay(() => `quay.io/${'a'.repeat(240)}`),
    name: 'PullThroughCacheImageUriTooLong',
    error: `Expected an ECR image URI of at most 255 characters before any '@digest' for image 'quay.io/${'a'.repeat(240)}' of container 'Stack/TaskDef/app', ` +
      `got '111111111111.dkr.ecr.us-east-1.amazonaws.com/quay/${'a'.repeat(240)}' through the pull through cache rule 'quay', 290 characters.`,
  },
  {
    input: '`rule.imageUri()` of a name of another registry: `nginx` through a Quay rule',
    sees: "Error: Expected an image of …, the registry that pull through cache rule … caches, got '…' (an image on Docker Hub)",
    act: (stack) => quayRule()(stack).imageUri('nginx'),
    name: 'ImageNotServedByPullThroughCache',
    error: "Expected an image of quay.io, the registry that pull through cache rule 'quay' caches, got 'nginx' (an image on Docker Hub).",
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
