// Integ tests never call a deprecated API: `npm test` runs these checks and
// integ-runner with JSII_DEPRECATED=fail, as aws-cdk does, and the library is
// compiled with jsii's --add-deprecation-warnings, so any such call throws while
// the app synthesizes. Deprecated APIs are tested in the library's unit tests
// (aws-ecs/test/deprecated.test.ts), with deprecated calls allowed.
import { spawnSync } from 'child_process';
import * as path from 'path';

const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

/** Synthesizes a one-container app in a fresh node process, as integ-runner runs an integ app (same environment). */
function synthesize(image: string) {
  const app = `
    const { App, Stack } = require('aws-cdk-lib');
    const ecs = require('aws-cdk-lib/aws-ecs');
    const { ContainerImage, DockerHubImage } = require('cdk-ecs-private-registry/aws-ecs');
    const app = new App({ outdir: require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'deprecated-')) });
    const stack = new Stack(app, 'aws-ecs-integ-deprecated');
    new ecs.Ec2TaskDefinition(stack, 'TaskDef').addContainer('app', { image: ${image}, memoryLimitMiB: 64 });
    app.synth();
    process.stdout.write('synthesized');
  `;
  return spawnSync(process.execPath, ['-e', app], { cwd: PACKAGE_ROOT, encoding: 'utf8', env: process.env });
}

describe('integ apps run with JSII_DEPRECATED=fail', () => {
  test('the test script sets it for these checks and for integ-runner', () => {
    expect(process.env.JSII_DEPRECATED).toBe('fail');
  });

  test.each([
    ["ContainerImage.fromDockerHub('userx/test')", 'ContainerImage#fromDockerHub'],
    ["new DockerHubImage('userx/test')", 'DockerHubImage'],
  ])('an app that calls %s fails to synthesize', (image, api) => {
    const result = synthesize(image);

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`DeprecationError: cdk-ecs-private-registry.aws_ecs.${api} is deprecated.`);
    expect(result.stdout).toBe('');
  });

  test('the same app with ContainerImage.fromInternet synthesizes', () => {
    const result = synthesize("ContainerImage.fromInternet('userx/test')");

    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('synthesized');
  });
});
