// upstream: package-only (the README's table of bad inputs, held to the messages; upstream asserts each error and warning beside its feature)
import * as fs from 'fs';
import * as path from 'path';
import { Annotations as CoreAnnotations, Aws, CfnParameter, Errors, Fn, SecretValue, type Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { PullThroughCacheRule, UpstreamRegistry } from '../../aws-ecr';
import { ContainerImage, DockerHubImage, RegistryCredentialsSecret, RepositoryCreds } from '../lib';
import { expectSeesMatches, newAgnosticStack, newStack, renumberTokens, SECRET_ARN, warningsOf } from './util';
// upstream: package-only begin
import { FOREIGN_CONSUMER_BAD_INPUTS } from './private/foreign-consumers-bad-inputs';
// upstream: package-only end

/**
 * Every bad input this module catches, and exactly what the user sees.
 *
 * The module README's table of bad inputs lists these rows in this order; the
 * last test of this file holds the two together.
 */
interface BadInput {
  /** The first column of the README row: what the user did. */
  readonly input: string;
  /**
   * The second column: `Error: <excerpt>` or ``Warning `<id>`: <excerpt>``.
   * The id is the warning's; the excerpt is the message's own words, with `…`
   * standing for the parts that vary.
   */
  readonly sees: string;
  /**
   * The fresh stack to do it in.
   *
   * @default newStack
   */
  readonly stack?: () => Stack;
  /** Do it in that stack. */
  readonly act: (stack: Stack) => void;
  /** The error's stable name (its `lit` in the source), for an error. */
  readonly name?: string;
  /** The exact error message, for an error. */
  readonly error?: string;
  /**
   * The path of the construct the error names, for an error.
   *
   * @default CONTAINER_PATH
   */
  readonly errorPath?: string;
  /** The exact warning (without the acknowledgement suffix), for a warning. */
  readonly warning?: string;
}

const SHA = 'a'.repeat(64);

/** The path of the container that `container()` adds: image and credential errors name it. */
const CONTAINER_PATH = 'Stack/TaskDef/app';

function container(stack: Stack, image: ecs.ContainerImage, taskDefinitionProps: ecs.FargateTaskDefinitionProps = {}) {
  new ecs.FargateTaskDefinition(stack, 'TaskDef', taskDefinitionProps).addContainer('app', { image });
}

function imageNamed(name: string) {
  return (stack: Stack) => container(stack, ContainerImage.fromInternet(name));
}

function imageError(name: string, problems: string) {
  return "Expected an image name '[registry-host[:port]/]path[:tag][@sha256:<64 hex>]' for container 'Stack/TaskDef/app', " +
    `got '${name}' (${problems}).`;
}

function withSecret(secret: (stack: Stack) => secretsmanager.ISecret, taskDefinitionProps?: (stack: Stack) => ecs.FargateTaskDefinitionProps) {
  return (stack: Stack) => container(stack,
    ContainerImage.fromInternet('acme/api:1', { credentials: RepositoryCreds.fromSecret(secret(stack)) }),
    taskDefinitionProps?.(stack));
}

const longName = `registry.example.com/${'a'.repeat(240)}`;
const longTag = 't'.repeat(129);
const LONG_OFFICIAL_NAME = 'a'.repeat(238);
const IMAGE_ID = 'da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821';
/** A secret name one character longer than ECS takes. */
const LONG_SECRET_NAME = 'r'.repeat(256);
const OTHER_ACCOUNT_ARN = 'arn:aws:secretsmanager:us-east-1:222222222222:secret:registry-AbCdEf';

/** `quay.io/acme/api:1` pulled through a Quay rule, by a task definition whose execution role is imported with `options`. */
function throughQuayCache(options: iam.FromRoleArnOptions) {
  return (stack: Stack) => container(stack,
    ContainerImage.fromInternet('quay.io/acme/api:1', { pullThroughCache: new PullThroughCacheRule(stack, 'Cache', { upstreamRegistry: UpstreamRegistry.QUAY }) }),
    { executionRole: iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::111111111111:role/ecs-exec', options) });
}

const cacheRoleWarning = "Expected an execution role that this app can grant the pull through the pull through cache rule 'quay' " +
  "for container 'Stack/TaskDef/app', got the immutable role Stack/Imported (arn:aws:iam::111111111111:role/ecs-exec), which needs these statements added by hand: " +
  '[{"Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage","ecr:BatchImportUpstreamImage","ecr:CreateRepository"],' +
  '"Effect":"Allow","Resource":"arn:aws:ecr:us-east-1:111111111111:repository/quay/acme/api"},' +
  '{"Action":"ecr:GetAuthorizationToken","Effect":"Allow","Resource":"*"}]';

export const BAD_INPUTS: BadInput[] = [
  // This package's own, listed in the README before the part that goes upstream.
  // upstream: package-only begin
  ...FOREIGN_CONSUMER_BAD_INPUTS,
  // upstream: package-only end
  {
    input: 'Image path with uppercase letters: `UserX/test`',
    sees: "Error: the repository path component '…' must be lowercase",
    act: imageNamed('UserX/test'),
    name: 'InvalidImageName',
    error: imageError('UserX/test', "the repository path component 'UserX' must be lowercase"),
  },
  {
    input: 'Image path with a space: `acme/api v1`',
    sees: "Error: the repository path component '…' must be lowercase letters and digits, separated inside by '.', '_', '__' or '-'",
    act: imageNamed('acme/api v1'),
    name: 'InvalidImageName',
    error: imageError('acme/api v1', "the repository path component 'api v1' must be lowercase letters and digits, separated inside by '.', '_', '__' or '-'"),
  },
  {
    input: 'Empty path component: `acme//api`',
    sees: 'Error: the repository path has an empty component',
    act: imageNamed('acme//api'),
    name: 'InvalidImageName',
    error: imageError('acme//api', "the repository path has an empty component (a leading, trailing or doubled '/')"),
  },
  {
    input: 'Empty image name',
    sees: 'Error: the name is empty',
    act: imageNamed(''),
    name: 'InvalidImageName',
    error: imageError('', 'the name is empty'),
  },
  {
    input: 'Empty tag: `acme/api:`',
    sees: "Error: the tag after ':' is empty",
    act: imageNamed('acme/api:'),
    name: 'InvalidImageName',
    error: imageError('acme/api:', "the tag after ':' is empty"),
  },
  {
    input: 'Tag of 129 characters',
    sees: 'Error: the tag is … characters long, more than the 128 allowed',
    act: imageNamed(`acme/api:${longTag}`),
    name: 'InvalidImageName',
    error: imageError(`acme/api:${longTag}`, 'the tag is 129 characters long, more than the 128 allowed'),
  },
  {
    input: 'Tag starting with `.` or `-`: `acme/api:.hidden`',
    sees: "Error: the tag '…' must not start with '.' or '-'",
    act: imageNamed('acme/api:.hidden'),
    name: 'InvalidImageName',
    error: imageError('acme/api:.hidden', "the tag '.hidden' must not start with '.' or '-'"),
  },
  {
    input: 'Tag with other characters: `acme/api:v1+build`',
    sees: "Error: the tag '…' may only hold letters, digits, '_', '.' and '-'",
    act: imageNamed('acme/api:v1+build'),
    name: 'InvalidImageName',
    error: imageError('acme/api:v1+build', "the tag 'v1+build' may only hold letters, digits, '_', '.' and '-'"),
  },
  {
    input: 'Name of 261 characters before the digest',
    sees: "Error: it is … characters long before any '@digest', more than the 255 that ECS accepts",
    act: imageNamed(longName),
    name: 'InvalidImageName',
    error: imageError(longName, "it is 261 characters long before any '@digest', more than the 255 that ECS accepts"),
  },
  {
    input: 'One-component Docker Hub name of 238 characters',
    sees: "Error: Docker reads its repository as '…', … characters with the registry host Docker adds, more than the 255 that Docker accepts",
    act: imageNamed(LONG_OFFICIAL_NAME),
    name: 'InvalidImageName',
    error: imageError(LONG_OFFICIAL_NAME,
      `Docker reads its repository as 'docker.io/library/${LONG_OFFICIAL_NAME}', 256 characters with the registry host Docker adds, more than the 255 that Docker accepts`),
  },
  {
    input: 'Image ID as the name: 64 hexadecimal characters',
    sees: "Error: it is 64 hexadecimal characters, which Docker takes for an image ID and refuses as a name ('cannot specify 64-byte hexadecimal strings')",
    act: imageNamed(IMAGE_ID),
    name: 'InvalidImageName',
    error: imageError(IMAGE_ID, "it is 64 hexadecimal characters, which Docker takes for an image ID and refuses as a name ('cannot specify 64-byte hexadecimal strings')"),
  },
  {
    input: 'Digest other than sha256: `acme/api@sha512:…`',
    sees: "Error: the digest '…' must be 'sha256:' followed by exactly 64 lowercase hexadecimal characters",
    act: imageNamed(`acme/api@sha512:${SHA}${SHA}`),
    name: 'InvalidImageName',
    error: imageError(`acme/api@sha512:${SHA}${SHA}`,
      `the digest 'sha512:${SHA}${SHA}' must be 'sha256:' followed by exactly 64 lowercase hexadecimal characters, the only digest ECS accepts`),
  },
  {
    input: 'Truncated digest: `acme/api@sha256:abc`',
    sees: "Error: the digest '…' must be 'sha256:' followed by exactly 64 lowercase hexadecimal characters",
    act: imageNamed('acme/api@sha256:abc'),
    name: 'InvalidImageName',
    error: imageError('acme/api@sha256:abc',
      "the digest 'sha256:abc' must be 'sha256:' followed by exactly 64 lowercase hexadecimal characters, the only digest ECS accepts"),
  },
  {
    input: 'Registry host that is not a domain: `-bad.example.com/acme/api`',
    sees: "Error: the registry host '…' is not a domain name or IP address",
    act: imageNamed('-bad.example.com/acme/api'),
    name: 'InvalidImageName',
    error: imageError('-bad.example.com/acme/api', "the registry host '-bad.example.com' is not a domain name or IP address"),
  },
  {
    input: 'Registry port out of range: `registry.example.com:99999/api`',
    sees: "Error: the registry port '…' must be a number from 0 to 65535",
    act: imageNamed('registry.example.com:99999/api'),
    name: 'InvalidImageName',
    error: imageError('registry.example.com:99999/api', "the registry port '99999' must be a number from 0 to 65535"),
  },
  {
    input: 'Token mixed with invalid literal text: `${Token}/my api`',
    sees: "Error: its literal part '…' holds characters that no image reference may contain",
    act: (stack) => container(stack, ContainerImage.fromInternet(`${Fn.importValue('Registry')}/my api`)),
    name: 'InvalidImageName',
    error: imageError('${Token[TOKEN.0]}/my api', "its literal part '/my api' holds characters that no image reference may contain: ' '"),
  },
  {
    input: 'Credentials that are an SSM parameter, not a secret',
    sees: 'Error: Expected the repository credentials of container … in an AWS Secrets Manager secret',
    act: withSecret((stack) => secretsmanager.Secret.fromSecretPartialArn(stack, 'Param', 'arn:aws:ssm:us-east-1:111111111111:parameter/registry')),
    name: 'RegistryCredentialsNotASecret',
    error: "Expected the repository credentials of container 'Stack/TaskDef/app' in an AWS Secrets Manager secret, " +
      "got 'arn:aws:ssm:us-east-1:111111111111:parameter/registry' (service 'ssm', resource 'parameter').",
  },
  {
    input: 'A custom `ISecret` whose ARN is not an ARN',
    sees: 'Error: Expected the repository credentials of container … as the ARN of a Secrets Manager secret',
    // A secret of the user's own making, that answers a bare name as its ARN.
    act: withSecret((stack) => Object.create(secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', SECRET_ARN), {
      secretArn: { value: 'registry-creds' },
      secretFullArn: { value: 'registry-creds' },
    })),
    name: 'RegistryCredentialsNotAnArn',
    error: "Expected the repository credentials of container 'Stack/TaskDef/app' as the ARN of a Secrets Manager secret " +
      "('arn:<partition>:secretsmanager:<region>:<account>:secret:<name>'), got 'registry-creds'.",
  },
  {
    input: 'Secret ARN with the name after `secret/` instead of `secret:`',
    sees: 'Error: Expected the repository credentials of container … as the ARN of a Secrets Manager secret',
    act: withSecret((stack) => secretsmanager.Secret.fromSecretPartialArn(stack, 'Partial', 'arn:aws:secretsmanager:us-east-1:111111111111:secret/registry')),
    name: 'RegistryCredentialsNotAnArn',
    error: "Expected the repository credentials of container 'Stack/TaskDef/app' as the ARN of a Secrets Manager secret " +
      "('arn:<partition>:secretsmanager:<region>:<account>:secret:<name>'), got 'arn:aws:secretsmanager:us-east-1:111111111111:secret/registry'.",
  },
  {
    input: 'Secret of another account by partial ARN',
    sees: "Error: a secret of account … and not of the stack's (…), by complete ARN",
    act: withSecret((stack) => secretsmanager.Secret.fromSecretPartialArn(stack, 'Shared', 'arn:aws:secretsmanager:us-east-1:222222222222:secret:registry')),
    name: 'CrossAccountRegistrySecretNotCompleteArn',
    error: "Expected the repository credentials of container 'Stack/TaskDef/app', a secret of account 222222222222 and not of the stack's (111111111111), " +
      "by complete ARN (secretsmanager.Secret.fromSecretCompleteArn()), got 'arn:aws:secretsmanager:us-east-1:222222222222:secret:registry'.",
  },
  {
    input: 'Secret of another account by complete ARN',
    sees: "Warning `cdk-ecs-private-registry:crossAccountRegistrySecret`: Expected account … to allow the execution role of container … secretsmanager:GetSecretValue in the secret's resource policy and kms:Decrypt",
    act: withSecret((stack) => secretsmanager.Secret.fromSecretCompleteArn(stack, 'Shared', OTHER_ACCOUNT_ARN)),
    warning: "Expected account 222222222222 to allow the execution role of container 'Stack/TaskDef/app' secretsmanager:GetSecretValue in the secret's resource " +
      'policy and kms:Decrypt in the key policy of a customer managed key ' +
      '(pass that key to this app with Secret.fromSecretAttributes() so the role is granted it here too), ' +
      "got repository credentials in that account and not the stack's (111111111111), " +
      'where the default aws/secretsmanager key cannot be used from another account.',
  },
  {
    input: 'Secret by name or partial ARN, with a name ECS does not take: `registry/dockerhub`',
    sees: "Error: by a name of at most 255 letters, digits, '-' and '_' or by complete ARN … got the secret name '…', which holds …",
    act: withSecret((stack) => secretsmanager.Secret.fromSecretNameV2(stack, 'ByName', 'registry/dockerhub')),
    name: 'RegistrySecretNameNotAccepted',
    error: "Expected the repository credentials of container 'Stack/TaskDef/app' by a name of at most 255 letters, digits, '-' and '_' " +
      "or by complete ARN (secretsmanager.Secret.fromSecretCompleteArn()), got the secret name 'registry/dockerhub', which holds '/'.",
  },
  {
    input: 'Secret by name or partial ARN, with a name of 256 characters',
    sees: "Error: got the secret name '…', which is … characters long",
    act: withSecret((stack) => secretsmanager.Secret.fromSecretPartialArn(stack, 'Partial', `arn:aws:secretsmanager:us-east-1:111111111111:secret:${LONG_SECRET_NAME}`)),
    name: 'RegistrySecretNameNotAccepted',
    error: "Expected the repository credentials of container 'Stack/TaskDef/app' by a name of at most 255 letters, digits, '-' and '_' " +
      `or by complete ARN (secretsmanager.Secret.fromSecretCompleteArn()), got the secret name '${LONG_SECRET_NAME}', which is 256 characters long.`,
  },
  {
    input: 'Secret of another Region by partial ARN',
    sees: "Error: a secret of Region … and not of the stack's (…), by complete ARN",
    act: withSecret((stack) => secretsmanager.Secret.fromSecretPartialArn(stack, 'Partial', 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:registry')),
    name: 'RegistrySecretNameInAnotherRegion',
    error: "Expected the repository credentials of container 'Stack/TaskDef/app', a secret of Region eu-west-1 and not of the stack's (us-east-1), " +
      "by complete ARN (secretsmanager.Secret.fromSecretCompleteArn()), got 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:registry'.",
  },
  {
    input: 'Secret by partial ARN in a stack whose account and Region are known only at deploy time',
    sees: "Warning `cdk-ecs-private-registry:registrySecretNameEnvUnknown`: which ECS looks up by name (…) in the task's own account and Region",
    stack: newAgnosticStack,
    act: withSecret((stack) => secretsmanager.Secret.fromSecretPartialArn(stack, 'Partial', 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:registry')),
    warning: "Expected a stack in account 111111111111 and Region eu-west-1 of the repository credentials of container 'Agnostic/TaskDef/app', which ECS looks up " +
      "by name ('registry') in the task's own account and Region, got a stack whose are known only at deploy time (give it an env, or import the secret " +
      'with secretsmanager.Secret.fromSecretCompleteArn()).',
  },
  {
    input: 'Imported, immutable execution role',
    sees: 'Warning `cdk-ecs-private-registry:executionRoleNotGranted`: got the immutable role …, which needs these statements added by hand',
    act: withSecret(
      (stack) => secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', SECRET_ARN),
      (stack) => ({ executionRole: iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::111111111111:role/ecs-exec', { mutable: false }) })),
    warning: "Expected an execution role that this app can grant read access on the repository credentials for container 'Stack/TaskDef/app', " +
      'got the immutable role Stack/Imported (arn:aws:iam::111111111111:role/ecs-exec), which needs these statements added by hand: ' +
      `[{"Action":"secretsmanager:GetSecretValue","Effect":"Allow","Resource":"${SECRET_ARN}"}]`,
  },
  {
    input: 'Credentials on an Amazon ECR image name',
    sees: 'Warning `cdk-ecs-private-registry:credentialsIgnoredForEcr`: Expected an image outside Amazon ECR … use ContainerImage.fromEcrRepository()',
    act: (stack) => container(stack, ContainerImage.fromInternet('123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1', {
      credentials: RepositoryCreds.fromSecret(secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', SECRET_ARN)),
    })),
    warning: "Expected an image outside Amazon ECR for the repository credentials of container 'Stack/TaskDef/app', got '123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1', " +
      'which ECS pulls with the execution role instead (use ContainerImage.fromEcrRepository(), which grants that role the pull).',
  },
  {
    input: 'Credentials on an Amazon ECR name built from tokens: `${account}.dkr.ecr.${region}.${urlSuffix}/api:1`',
    sees: 'Warning `cdk-ecs-private-registry:credentialsIgnoredForEcr`: Expected an image outside Amazon ECR … use ContainerImage.fromEcrRepository()',
    act: (stack) => container(stack, ContainerImage.fromInternet(`${Aws.ACCOUNT_ID}.dkr.ecr.${Aws.REGION}.${Aws.URL_SUFFIX}/api:1`, {
      credentials: RepositoryCreds.fromSecret(secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', SECRET_ARN)),
    })),
    warning: "Expected an image outside Amazon ECR for the repository credentials of container 'Stack/TaskDef/app', " +
      "got '${Token[AWS.AccountId.0]}.dkr.ecr.${Token[AWS.Region.0]}.${Token[AWS.URLSuffix.0]}/api:1', " +
      'which ECS pulls with the execution role instead (use ContainerImage.fromEcrRepository(), which grants that role the pull).',
  },
  {
    input: 'Token registry with an invalid literal path: `${Token}/UserX/api:.x`',
    sees: "Error: the repository path component '…' must be lowercase",
    act: (stack) => container(stack, ContainerImage.fromInternet(`${Fn.importValue('Registry')}/UserX/api:.x`)),
    name: 'InvalidImageName',
    error: imageError('${Token[TOKEN.0]}/UserX/api:.x', "the repository path component 'UserX' must be lowercase; the tag '.x' must not start with '.' or '-'"),
  },
  {
    input: 'Immutable execution role with `addGrantsToResources`, secret imported',
    sees: 'Warning `cdk-ecs-private-registry:executionRoleNotGranted`: got the immutable role …, which needs these statements added by hand',
    act: withSecret(
      (stack) => secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', SECRET_ARN),
      (stack) => ({
        executionRole: iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::111111111111:role/ecs-exec', { mutable: false, addGrantsToResources: true }),
      })),
    warning: "Expected an execution role that this app can grant read access on the repository credentials for container 'Stack/TaskDef/app', " +
      'got the immutable role Stack/Imported (arn:aws:iam::111111111111:role/ecs-exec), which needs these statements added by hand: ' +
      `[{"Action":"secretsmanager:GetSecretValue","Effect":"Allow","Resource":"${SECRET_ARN}"}]`,
  },
  {
    input: 'Imported, immutable execution role, image pulled through the cache',
    sees: 'Warning `cdk-ecs-private-registry:executionRoleNotGranted`: the pull through the pull through cache rule … got the immutable role …, which needs these statements added by hand',
    act: throughQuayCache({ mutable: false }),
    warning: cacheRoleWarning,
  },
  {
    input: 'Immutable execution role with `addGrantsToResources`, image pulled through the cache',
    sees: 'Warning `cdk-ecs-private-registry:executionRoleNotGranted`: the pull through the pull through cache rule … got the immutable role …, which needs these statements added by hand',
    act: throughQuayCache({ mutable: false, addGrantsToResources: true }),
    warning: cacheRoleWarning,
  },
  {
    input: '`RegistryCredentialsSecret` with a plain-text password',
    sees: 'Error: got a plain-text password',
    act: (stack) => new RegistryCredentialsSecret(stack, 'Creds', { username: 'acme', password: SecretValue.unsafePlainText('hunter2') }),
    errorPath: 'Stack/Creds',
    name: 'RegistryCredentialsSecretPlainTextPassword',
    error: 'Expected a password resolved at deploy time (such as SecretValue.cfnParameter() of a NoEcho parameter) or none, ' +
      'got a plain-text password, which would be written into the template and the cloud assembly.',
  },
  {
    input: '`RegistryCredentialsSecret` with an empty username',
    sees: "Error: got an empty username '…'",
    act: (stack) => new RegistryCredentialsSecret(stack, 'Creds', { username: ' ' }),
    errorPath: 'Stack/Creds',
    name: 'RegistryCredentialsSecretEmptyUsername',
    error: "Expected the user name that signs in to the registry, got an empty username ' '.",
  },
  {
    input: '`RegistryCredentialsSecret` with a value from a `CfnParameter` of another type than `String`: `AWS::SSM::Parameter::Value<String>`',
    sees: "Error: Expected a CfnParameter of type 'String' … got … of type '…'",
    act: (stack) => new RegistryCredentialsSecret(stack, 'Creds', {
      username: new CfnParameter(stack, 'User', { type: 'AWS::SSM::Parameter::Value<String>', default: '/registry/user' }).valueAsString,
    }),
    errorPath: 'Stack/Creds',
    name: 'RegistryCredentialsSecretParameterType',
    error: 'Expected a CfnParameter of type \'String\' (the only type whose AllowedPattern can refuse the ", \\ and control characters that break the secret\'s JSON), ' +
      "got Stack/User of type 'AWS::SSM::Parameter::Value<String>'.",
  },
  {
    input: 'Deprecated `DockerHubImage` or `ContainerImage.fromDockerHub`',
    sees: 'Warning `Deprecated:cdk-ecs-private-registry.aws_ecs.DockerHubImage`: Use WebHostedImage or ContainerImage.fromInternet() instead',
    act: (stack) => container(stack, new DockerHubImage('userx/test')),
    warning: 'The API cdk-ecs-private-registry.aws_ecs.DockerHubImage is deprecated: Use WebHostedImage or ContainerImage.fromInternet() instead. ' +
      'This API will be removed in the next major release',
  },
];

describe('bad inputs', () => {
  test.each(BAD_INPUTS.filter(c => c.error).map(c => [c.input, c] as const))('throws at synth: %s', (_input, badInput) => {
    const stack = (badInput.stack ?? newStack)();
    let error: any;
    try {
      badInput.act(stack);
    } catch (e: any) {
      error = e;
    }
    // aws-cdk-lib's own validation error, which the CDK CLI shows with the construct's path.
    expect(Errors.isValidationError(error)).toBe(true);
    expect(error.name).toBe(badInput.name);
    expect(error.constructPath).toBe(badInput.errorPath ?? CONTAINER_PATH);
    const message = renumberTokens(error.message);
    expect(message).toBe(badInput.error);
    expectSeesMatches(badInput.sees, message);
  });

  test.each(BAD_INPUTS.filter(c => c.warning).map(c => [c.input, c] as const))('warns at synth: %s', (_input, badInput) => {
    const stack = (badInput.stack ?? newStack)();
    badInput.act(stack);
    const warnings = warningsOf(stack);
    expect(warnings.map(w => renumberTokens(w.message))).toEqual([badInput.warning]);
    expectSeesMatches(badInput.sees, warnings[0].message, warnings[0].id);
  });

  test('the warnings can be acknowledged by id', () => {
    const stack = newStack();
    withSecret((s) => secretsmanager.Secret.fromSecretCompleteArn(s, 'Shared', OTHER_ACCOUNT_ARN))(stack);
    const taskDefinition = stack.node.findChild('TaskDef');
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('crossAccountRegistrySecret'));

    CoreAnnotations.of(taskDefinition).acknowledgeWarning('cdk-ecs-private-registry:crossAccountRegistrySecret');

    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('the module README lists exactly these bad inputs, in this order', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
    // Every table of bad inputs, known by its header row, in the README's order (this package's
    // own bad inputs have a table before the part that goes upstream).
    const tables = readme.match(/^\| What you did \| What you see \|\n\| --- \| --- \|\n(?:\|.*\n?)*/gm) ?? [];
    expect(tables.length).toBeGreaterThan(0);
    const rows = tables.flatMap(table =>
      table.trim().split('\n').slice(2).map(row => row.split(' | ').map(cell => cell.replace(/^\|\s*|\s*\|$/g, '').trim())));
    expect(rows).toEqual(BAD_INPUTS.map(c => [c.input, c.sees]));
  });
});
