// The deprecated alias (`DockerHubImage`, `ContainerImage.fromDockerHub()`).
//
// Deprecated APIs are tested here, in unit tests that allow deprecated calls
// (`testDeprecated`), and never in integ tests: those run with
// JSII_DEPRECATED=fail, under which the compiled package (built with jsii's
// --add-deprecation-warnings) throws on every call of a deprecated API. The
// last tests show that on this package's build.
// upstream: package-only begin
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
// upstream: package-only end
import { testDeprecated } from '@aws-cdk/cdk-build-tools';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ContainerImage, DockerHubImage, RepositoryCreds, WebHostedImage, type WebHostedImageProps } from '../lib';
import { ENV, SECRET_ARN } from './util';

const DEPRECATION = Match.stringLikeRegexp(
  'The API cdk-ecs-private-registry.aws_ecs.DockerHubImage is deprecated.*Use WebHostedImage or ContainerImage.fromInternet\\(\\) instead');

/** An EC2 task definition with two containers sharing one secret, built with the deprecated API or its replacement. */
function twoContainers(useDeprecatedApi: boolean): Stack {
  const stack = new Stack(new App(), 'Stack', { env: ENV });
  const props: WebHostedImageProps = {
    credentials: RepositoryCreds.fromSecret(secretsmanager.Secret.fromSecretCompleteArn(stack, 'RepoSecret', SECRET_ARN)),
  };
  const taskDefinition = new ecs.Ec2TaskDefinition(stack, 'TaskDef');
  taskDefinition.addContainer('viaClass', {
    image: useDeprecatedApi ? new DockerHubImage('userx/private-app:2.1', props) : ContainerImage.fromInternet('userx/private-app:2.1', props),
    memoryLimitMiB: 128,
  });
  taskDefinition.addContainer('viaFactory', {
    image: useDeprecatedApi ? ContainerImage.fromDockerHub('userx/private-worker:2.1', props) : ContainerImage.fromInternet('userx/private-worker:2.1', props),
    memoryLimitMiB: 128,
  });
  return stack;
}

describe('DockerHubImage and ContainerImage.fromDockerHub (deprecated)', () => {
  testDeprecated('synthesize exactly the template of ContainerImage.fromInternet', () => {
    // WHEN
    const deprecated = twoContainers(true);
    const replacement = twoContainers(false);

    // THEN
    expect(Template.fromStack(deprecated).toJSON()).toEqual(Template.fromStack(replacement).toJSON());
    Template.fromStack(deprecated).hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({ Name: 'viaClass', RepositoryCredentials: { CredentialsParameter: SECRET_ARN } }),
        Match.objectLike({ Name: 'viaFactory', RepositoryCredentials: { CredentialsParameter: SECRET_ARN } }),
      ],
    });
  });

  testDeprecated('are the same image class as fromInternet', () => {
    expect(ContainerImage.fromDockerHub('userx/test')).toBeInstanceOf(DockerHubImage);
    expect(new DockerHubImage('userx/test')).toBeInstanceOf(WebHostedImage);
  });

  testDeprecated('report the deprecation on each container that uses them, and only there', () => {
    // WHEN
    const deprecated = twoContainers(true);
    const replacement = twoContainers(false);

    // THEN
    const warned = Annotations.fromStack(deprecated).findWarning('*', DEPRECATION).map(w => w.id).sort();
    expect(warned).toEqual(['/Stack/TaskDef/viaClass', '/Stack/TaskDef/viaFactory']);
    Annotations.fromStack(replacement).hasNoWarning('*', Match.anyValue());
  });

  testDeprecated('CDK_BLOCK_DEPRECATIONS turns the deprecation into a synth error', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    process.env.CDK_BLOCK_DEPRECATIONS = '1';
    try {
      expect(() => new ecs.FargateTaskDefinition(stack, 'TaskDef').addContainer('app', { image: new DockerHubImage('userx/test') }))
        .toThrow(/DockerHubImage is deprecated/);
    } finally {
      delete process.env.CDK_BLOCK_DEPRECATIONS;
    }
  });
});

// upstream: package-only begin
describe('the built package', () => {
  const PACKAGE = path.resolve(__dirname, '..', '..');
  const assembly = path.join(PACKAGE, '.jsii');
  const compiled = path.join(PACKAGE, 'aws-ecs', 'index.js');
  beforeAll(() => {
    if (!fs.existsSync(assembly) || !fs.existsSync(compiled)) throw new Error('packages/aws-cdk-lib is not built: run `npm run build` first');
  });

  test('the jsii assembly marks DockerHubImage and ContainerImage.fromDockerHub @deprecated, and fromInternet not', () => {
    const types = JSON.parse(fs.readFileSync(assembly, 'utf8')).types;
    const containerImage = types['cdk-ecs-private-registry.aws_ecs.ContainerImage'];
    const method = (name: string) => containerImage.methods.find((m: { name: string }) => m.name === name);

    expect(types['cdk-ecs-private-registry.aws_ecs.DockerHubImage'].docs).toEqual(expect.objectContaining({
      deprecated: expect.stringMatching(/Use `WebHostedImage`/),
      stability: 'deprecated',
    }));
    expect(method('fromDockerHub').docs).toEqual(expect.objectContaining({ deprecated: expect.stringMatching(/fromInternet/), stability: 'deprecated' }));
    expect(method('fromInternet').docs.deprecated).toBeUndefined();
    expect(types['cdk-ecs-private-registry.aws_ecs.WebHostedImage'].docs.deprecated).toBeUndefined();
  });

  /** Runs a call of the compiled package in a fresh node process, with JSII_DEPRECATED set. */
  function callCompiled(code: string, mode: string) {
    const script = `const { ContainerImage, DockerHubImage } = require(${JSON.stringify(compiled)});\n${code}\nprocess.stdout.write('ok');`;
    return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, JSII_DEPRECATED: mode } });
  }

  test.each([
    ['ContainerImage.fromDockerHub()', "ContainerImage.fromDockerHub('userx/test');", 'ContainerImage#fromDockerHub'],
    ['new DockerHubImage()', "new DockerHubImage('userx/test');", 'DockerHubImage'],
  ])('under JSII_DEPRECATED=fail, %s throws a DeprecationError', (_api, code, name) => {
    const result = callCompiled(code, 'fail');

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('DeprecationError');
    expect(result.stderr).toContain(`cdk-ecs-private-registry.aws_ecs.${name} is deprecated`);
    expect(result.stdout).toBe('');
  });

  test('under JSII_DEPRECATED=fail, fromInternet() runs; with quiet, the deprecated alias runs too', () => {
    expect(callCompiled("ContainerImage.fromInternet('userx/test');", 'fail')).toEqual(expect.objectContaining({ status: 0, stdout: 'ok' }));
    expect(callCompiled("ContainerImage.fromDockerHub('userx/test');", 'quiet')).toEqual(expect.objectContaining({ status: 0, stdout: 'ok' }));
  });
});
// upstream: package-only end
