// No secret value may be committed in a snapshot. The integ tests generate
// their registry passwords at deploy time (generateSecretString); this test
// fails if a template, manifest, construct tree or asset of any snapshot holds
// a SecretString, or a password-like key with a literal value.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { integSources, snapshotDirs, TEST_ROOT } from './integ-files';
import { listFiles, scanContent, scanTree } from './secret-scan';

const SNAPSHOTS = snapshotDirs();
const REPO_ROOT = path.resolve(TEST_ROOT, '..', '..', '..', '..');

describe('committed snapshots', () => {
  test('every integ test has its snapshot, and every snapshot its integ test', () => {
    const expected = integSources().map(name => `${name}.js.snapshot`);
    expect(SNAPSHOTS).toEqual(expected);
    expect(SNAPSHOTS.length).toBeGreaterThan(0);
  });

  test.each(SNAPSHOTS)('%s holds no secret value', (dir) => {
    const root = path.join(TEST_ROOT, dir);
    expect(listFiles(root).some(file => file.endsWith('.template.json'))).toBe(true);

    const findings = scanTree(root).map(f => `${dir}/${f.file} at ${f.where}: ${f.what}`);

    expect(findings).toEqual([]);
  });

  // Stack traces in the cloud assembly carry absolute paths: they would make
  // every snapshot differ from one machine (and one library line) to the next.
  test.each(SNAPSHOTS)('%s holds no path of this machine', (dir) => {
    const root = path.join(TEST_ROOT, dir);
    const machinePaths = [REPO_ROOT, os.homedir()].filter(p => p.length > 1);

    const found = listFiles(root)
      .filter(file => machinePaths.some(p => fs.readFileSync(path.join(root, file), 'utf-8').includes(p)))
      .map(file => `${dir}/${file}`);

    expect(found).toEqual([]);
  });
});

// The scanner must see what it is meant to see: these are the shapes a secret
// takes in a snapshot when someone writes one into an integ test.
describe('the secret scanner', () => {
  const template = (resources: object) => JSON.stringify({ Resources: resources }, undefined, 1);

  test.each([
    ['SecretValue.unsafePlainText() as the secret value', template({
      S: { Type: 'AWS::SecretsManager::Secret', Properties: { SecretString: 'hunter2' } },
    })],
    ['secretObjectValue with a plain-text password', template({
      S: { Type: 'AWS::SecretsManager::Secret', Properties: { SecretString: '{"username":"u","password":"hunter2"}' } },
    })],
    ['a password next to a deploy-time value, in an Fn::Join', JSON.stringify({
      x: { 'Fn::Join': ['', ['{"username":"', { Ref: 'User' }, '","password":"hunter2"}']] },
    })],
    ['an ECR pull through cache access token in the secret string template', template({
      S: { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: { SecretStringTemplate: '{"username":"u","accessToken":"dckr_pat_x"}', GenerateStringKey: 'password' } } },
    })],
    ['a password in the secret string template', template({
      S: { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: { SecretStringTemplate: '{"username":"u","password":"hunter2"}', GenerateStringKey: 'x' } } },
    })],
    ['the construct tree (camelCase properties)', JSON.stringify({ attributes: { 'aws:cdk:cloudformation:props': { secretString: 'hunter2' } } })],
    ['a password in a container environment variable', template({
      T: { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: [{ Environment: [{ Name: 'REGISTRY_PASSWORD', Value: 'hunter2' }] }] } },
    })],
  ])('finds %s', (_, content) => {
    expect(scanContent('x.template.json', content)).not.toEqual([]);
  });

  test('finds a quoted password pair in a file that is not JSON', () => {
    expect(scanContent('asset.0123.bundle/index.js', 'const creds = {"password": "hunter2"};')).not.toEqual([]);
  });

  test('finds a quoted access token pair (the key ECR pull through cache reads) in a file that is not JSON', () => {
    expect(scanContent('asset.0123.bundle/index.js', 'const creds = {"accessToken": "dckr_pat_x"};')).not.toEqual([]);
  });

  test('never prints the value it found', () => {
    const found = JSON.stringify(scanContent('t.json', '{"password": "hunter2"}'));
    expect(found).toContain('password');
    expect(found).not.toContain('hunter2');
  });

  test.each([
    ['a password generated at deploy time', template({
      S: { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: { SecretStringTemplate: '{"username":"u"}', GenerateStringKey: 'password' } } },
    })],
    ['a dynamic reference', template({ D: { Type: 'AWS::RDS::DBInstance', Properties: { MasterUserPassword: '{{resolve:secretsmanager:s:SecretString:password}}' } } })],
    ['a reference to a NoEcho parameter', template({ D: { Type: 'AWS::RDS::DBInstance', Properties: { MasterUserPassword: { Ref: 'Password' } } } })],
  ])('accepts %s', (_, content) => {
    expect(scanContent('x.template.json', content)).toEqual([]);
  });
});
