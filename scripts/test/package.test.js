// @ts-check
'use strict';

// The package as npm publishes it: built (`npm run build`) and packed, then
// installed into an empty app and used the way any CDK app uses it. The
// workspace symlink that the example and the integ tests resolve through would
// hide a tarball without its compiled code.
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');
const PACKAGE = path.join(REPO, 'packages', 'aws-cdk-lib');

/** @type {string} */
let dir;
/** @type {string[]} */
let files;

beforeAll(() => {
  if (!fs.existsSync(path.join(PACKAGE, '.jsii'))) {
    throw new Error('packages/aws-cdk-lib is not built: run `npm run build` first');
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'package-test-'));
  const [{ filename, files: packed }] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: PACKAGE, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  files = packed.map((/** @type {{ path: string }} */ f) => f.path);

  // An app with only the peer dependencies and the tarball installed.
  const modules = path.join(dir, 'app', 'node_modules');
  fs.mkdirSync(path.join(modules, 'cdk-ecs-private-registry'), { recursive: true });
  execFileSync('tar', ['-xzf', path.join(dir, filename), '-C', path.join(modules, 'cdk-ecs-private-registry'), '--strip-components=1']);
  for (const peer of ['aws-cdk-lib', 'constructs']) {
    fs.symlinkSync(path.join(REPO, 'node_modules', peer), path.join(modules, peer), 'dir');
  }
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the tarball holds the compiled module, its declarations and the jsii assembly, and no sources or tests', () => {
  for (const expected of ['.jsii', 'index.js', 'aws-ecs/index.js', 'aws-ecs/index.d.ts', 'aws-ecs/lib/repository-creds.js',
    'aws-ecs/lib/images/web-hosted.d.ts', 'aws-ecs/.jsiirc.json', 'aws-ecs/README.md', 'README.md']) {
    expect(files).toContain(expected);
  }
  expect(files.filter(f => /(^|\/)test\/|\.test\.|(?<!\.d)\.ts$/.test(f))).toEqual([]);
});

test('an app with the tarball installed synthesizes a private image with its credentials', () => {
  const app = `
    const { App, Stack } = require('aws-cdk-lib');
    const ecs = require('aws-cdk-lib/aws-ecs');
    const secretsmanager = require('aws-cdk-lib/aws-secretsmanager');
    const { ContainerImage, RepositoryCreds } = require('cdk-ecs-private-registry/aws-ecs');
    const stack = new Stack(new App(), 'Stack');
    const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'S', 'arn:aws:secretsmanager:us-east-1:111111111111:secret:r-AbCdEf');
    new ecs.FargateTaskDefinition(stack, 'T').addContainer('app', {
      image: ContainerImage.fromInternet('userx/test', { credentials: RepositoryCreds.fromSecret(secret) }),
    });
    const template = require('aws-cdk-lib/assertions').Template.fromStack(stack).toJSON();
    const [taskDefinition] = Object.values(template.Resources).filter(r => r.Type === 'AWS::ECS::TaskDefinition');
    process.stdout.write(JSON.stringify(taskDefinition.Properties.ContainerDefinitions[0].RepositoryCredentials));
  `;
  const result = spawnSync(process.execPath, ['-e', app], { cwd: path.join(dir, 'app'), encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(JSON.parse(result.stdout)).toEqual({ CredentialsParameter: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:r-AbCdEf' });
});
