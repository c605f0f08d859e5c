// What the compat-latest run loads: this folder's aws-cdk-lib and constructs,
// one copy of each, for the library's sources, the built package and the
// processes the tests start.
import { execFileSync } from 'child_process';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { ContainerImage } from '../../../../packages/aws-cdk-lib/aws-ecs/lib';

const HERE = path.join(__dirname, '..');
const REPO = path.join(HERE, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pinned: Record<string, string> = require(path.join(HERE, 'package.json')).dependencies;

/** The jsii version of a class of aws-cdk-lib, which its build writes into the class. */
function jsiiVersion(type: object): string {
  return (type as any)[Symbol.for('jsii.rtti')].version;
}

test('aws-cdk-lib and constructs are this folder\'s pinned versions, newer than the development pins', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = { 'aws-cdk-lib': require('aws-cdk-lib/package.json').version, 'constructs': require('constructs/package.json').version };
  // eslint-disable-next-line no-console
  console.log(`compat-latest loads aws-cdk-lib ${loaded['aws-cdk-lib']} from ${require.resolve('aws-cdk-lib')}, `
    + `constructs ${loaded.constructs} from ${require.resolve('constructs')}`);

  expect(loaded).toEqual(pinned);
  expect(jsiiVersion(ecs.ContainerDefinition)).toBe(pinned['aws-cdk-lib']);
  expect(require.resolve('aws-cdk-lib')).toBe(path.join(HERE, 'node_modules', 'aws-cdk-lib', 'index.js'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const development = require(path.join(REPO, 'packages', 'aws-cdk-lib', 'package.json')).devDependencies;
  for (const name of ['aws-cdk-lib', 'constructs']) {
    expect(pinned[name]).not.toBe(development[name]);
  }
});

test('the library\'s sources extend the aws-cdk-lib that the tests use: one copy of each', () => {
  expect(Object.getPrototypeOf(ContainerImage)).toBe(ecs.ContainerImage);
  const stack = new cdk.Stack(new cdk.App(), 'Stack');
  expect(stack).toBeInstanceOf(Construct);
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
  const container = taskDefinition.addContainer('app', { image: ContainerImage.fromInternet('nginx:1.27') });
  expect(container).toBeInstanceOf(Construct);
});

test('the built package, as an app requires it, extends the same aws-cdk-lib', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const built = require('cdk-ecs-private-registry/aws-ecs');
  expect(require.resolve('cdk-ecs-private-registry/aws-ecs')).toBe(path.join(REPO, 'packages', 'aws-cdk-lib', 'aws-ecs', 'index.js'));
  expect(Object.getPrototypeOf(built.ContainerImage)).toBe(ecs.ContainerImage);
});

test('a process that a test starts loads the same aws-cdk-lib, and fails if it reaches the development copy', () => {
  const versionOf = (request: string) => execFileSync(process.execPath, ['-p', `require(${JSON.stringify(request)}).version`], {
    cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

  expect(versionOf('aws-cdk-lib/package.json')).toBe(pinned['aws-cdk-lib']);
  expect(() => versionOf(path.join(REPO, 'node_modules', 'aws-cdk-lib', 'package.json')))
    .toThrow(/the repository's development copy of aws-cdk-lib \(2\.257\.0\), not this folder's 2\.278\.0/);
});

test('the tests\' resolver refuses the development copy, which jest then reports as a module it cannot find', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const resolver = require(path.join(HERE, 'resolver.js'));
  const options = { basedir: __dirname, defaultResolver: (request: string) => request };

  expect(resolver('aws-cdk-lib/aws-ecs', { ...options, defaultResolver: (request: string, o: any) => `${o.basedir}:${request}` }))
    .toBe(`${HERE}:aws-cdk-lib/aws-ecs`);
  expect(() => resolver(path.join(REPO, 'node_modules', 'constructs', 'lib', 'index.js'), options))
    .toThrow(/the repository's development copy of constructs \(10\.5\.1\), not this folder's 10\.8\.1/);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  expect(() => require(path.join(REPO, 'node_modules', 'constructs', 'package.json'))).toThrow(/Cannot find module/);
});
