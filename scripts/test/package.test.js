// @ts-check
'use strict';

// The release artifacts as `npm run package` writes them (scripts/package.js,
// run here into a temporary folder on the library that `npm test` has built):
// the npm tarball, installed into an empty app and used the way any CDK app
// uses it (the workspace symlink that the example and the integ tests resolve
// through would hide a tarball without its compiled code), and the sources
// jsii-pacmak generates for the other languages, whose docs must carry
// translated examples.
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');
const PACKAGE = path.join(REPO, 'packages', 'aws-cdk-lib');

/** @type {string} */
let dir;
/** @type {string} */
let dist;
/** @type {string} */
let tarball;
/** @type {string[]} */
let files;

/**
 * Every file under `root`, relative to it.
 * @param {string} root
 * @returns {string[]}
 */
function walk(root) {
  return fs.readdirSync(root, { withFileTypes: true, recursive: true })
    .filter(e => e.isFile())
    .map(e => path.relative(root, path.join(e.parentPath, e.name)));
}

beforeAll(() => {
  if (!fs.existsSync(path.join(PACKAGE, '.jsii'))) {
    throw new Error('packages/aws-cdk-lib is not built: run `npm run build` first');
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'package-test-'));
  dist = path.join(dir, 'dist');
  execFileSync(process.execPath, [path.join(REPO, 'scripts', 'package.js'), '--outdir', dist], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const [name] = fs.readdirSync(path.join(dist, 'js'));
  tarball = path.join(dist, 'js', name);

  // An app with only the peer dependencies and the tarball installed.
  const modules = path.join(dir, 'app', 'node_modules');
  const installed = path.join(modules, 'cdk-ecs-private-registry');
  fs.mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  files = walk(installed);
  for (const peer of ['aws-cdk-lib', 'constructs']) {
    fs.symlinkSync(path.join(REPO, 'node_modules', peer), path.join(modules, peer), 'dir');
  }
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the tarball holds the compiled module, its declarations and the jsii assembly, and no sources or tests', () => {
  expect(path.basename(tarball)).toBe(`cdk-ecs-private-registry@${require(path.join(PACKAGE, 'package.json')).version}.jsii.tgz`);
  for (const expected of ['.jsii', 'index.js', 'aws-ecs/index.js', 'aws-ecs/index.d.ts', 'aws-ecs/lib/repository-creds.js',
    'aws-ecs/lib/images/web-hosted.d.ts', 'aws-ecs/.jsiirc.json', 'aws-ecs/README.md', 'README.md']) {
    expect(files).toContain(expected);
  }
  expect(files.filter(f => /(^|\/)test\/|\.test\.|(?<!\.d)\.ts$/.test(f))).toEqual([]);
});

test('the tarball, and every language\'s package, holds the license and the notice; the tarball holds the rosetta tablet of the README examples', () => {
  const installed = path.join(dir, 'app', 'node_modules', 'cdk-ecs-private-registry');
  for (const legal of ['LICENSE', 'NOTICE']) {
    expect(fs.readFileSync(path.join(installed, legal), 'utf8')).toBe(fs.readFileSync(path.join(REPO, legal), 'utf8'));
  }
  expect(fs.readFileSync(path.join(installed, 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0, January 2004/);
  // jsii-pacmak carries them into every other language's package.
  for (const folder of ['python', 'java', 'dotnet/CdkEcsPrivateRegistry', 'go/cdkecsprivateregistry']) {
    for (const legal of ['LICENSE', 'NOTICE']) {
      expect(fs.readFileSync(path.join(dist, folder, legal), 'utf8')).toBe(fs.readFileSync(path.join(REPO, legal), 'utf8'));
    }
  }
  // A tablet of this assembly: its snippets are the README's, translated.
  const tablet = JSON.parse(fs.readFileSync(path.join(installed, '.jsii.tabl.json'), 'utf8'));
  const snippets = Object.values(tablet.snippets);
  const fromInternet = snippets.find(s => /ContainerImage\.fromInternet\('nginx:1\.27'\)/.test(s.translations.$.source));
  expect(fromInternet.translations.python.source).toContain('ContainerImage.from_internet("nginx:1.27")');
  expect(fromInternet.translations.java.source).toContain('ContainerImage.fromInternet("nginx:1.27")');
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

test('the generated Python exposes ContainerImage.from_internet, documented with Python examples', () => {
  const source = fs.readFileSync(path.join(dist, 'python', 'src', 'cdk_ecs_private_registry', 'aws_ecs', '__init__.py'), 'utf8');
  // The class and its factory, under Python's names.
  const containerImage = source.slice(source.indexOf('class ContainerImage('));
  expect(containerImage).toMatch(/@builtins\.classmethod\s+def from_internet\(\s+cls,\s+image_name: builtins\.str,/);
  // The module's docstring is its README, whose examples are in Python.
  const docstring = /^r'''([\s\S]*?)'''/.exec(source)?.[1] ?? '';
  const examples = [...docstring.matchAll(/```(\w*)\n([\s\S]*?)```/g)];
  expect(examples.length).toBeGreaterThan(5);
  expect(examples.map(([, language]) => language).filter(l => l !== 'python' && l !== 'console')).toEqual([]);
  const python = examples.filter(([, language]) => language === 'python').map(([, , code]) => code).join('\n');
  expect(python).toContain('image=ContainerImage.from_internet("nginx:1.27")');
  expect(python).toContain('from cdk_ecs_private_registry.aws_ecs import ContainerImage, RegistryCredentialsSecret, RepositoryCreds');
  // Nothing of the TypeScript originals is left.
  expect(python).not.toMatch(/declare const|fromInternet\(|addContainer\(|new \w+\(|\bconst \w+ =|;\s*$/m);
});

test('the Java, C# and Go docs carry the README examples in their own language', () => {
  const docs = {
    java: 'java/src/main/java/io/github/cdkecsprivateregistry/services/ecs/package-info.java',
    dotnet: 'dotnet/CdkEcsPrivateRegistry/CdkEcsPrivateRegistry/AWS/ECS/NamespaceDoc.cs',
    go: 'go/cdkecsprivateregistry/privateregistryecs/README.md',
  };
  const text = Object.fromEntries(Object.entries(docs).map(([language, file]) => [language, fs.readFileSync(path.join(dist, file), 'utf8')]));
  expect(text.java).toContain('.image(ContainerImage.fromInternet("nginx:1.27"))');
  expect(text.dotnet).toContain('Image = ContainerImage.FromInternet("nginx:1.27"),');
  expect(text.go).toContain('ContainerImage_FromInternet(jsii.String("nginx:1.27"))');
  for (const doc of Object.values(text)) expect(doc).not.toMatch(/declare const|fromInternet\('/);
});

test('no generated source of any language carries the README\'s HTML comments (once upstream and bad-input markers)', () => {
  const generated = ['python', 'java', 'dotnet', 'go'].flatMap(language => walk(path.join(dist, language))
    .filter(f => /\.(py|java|cs|go|md)$/.test(f))
    .map(f => path.join(language, f)));
  expect(generated.length).toBeGreaterThan(10);
  expect(generated.filter(f => fs.readFileSync(path.join(dist, f), 'utf8').includes('<!--'))).toEqual([]);
});
