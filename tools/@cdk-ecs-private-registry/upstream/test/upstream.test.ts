/**
 * The tool against a fixture in the shape of an aws-cdk checkout
 * (fixtures/aws-cdk), with two sources: this repository's library modules and
 * tests plus a fixture README and integ test (fixtures/source), and this
 * repository itself.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { plan } from '../lib/plan';
import {
  BATCH_FILE, CHECKOUT_FIXTURE, diagnostics, ECS, expectSuccess, FIXTURE_INTEG, gitAvailable, gitInit, INTEG, LIB, listTs, makeCheckout, makeSource,
  moduleSpecifiers, PACKAGE_NAME, parse, program, read, REPO, run, SOURCE_FIXTURE, TEST, tmp, treeHash,
} from './helpers';

/** Type-checks the lib and test folders of every module, and aws-batch's lib, of a checkout. */
function typecheck(checkout: string): string[] {
  const roots = [...listTs(checkout, LIB), ...listTs(checkout, TEST), ...listTs(checkout, 'packages/aws-cdk-lib/aws-batch/lib')];
  return diagnostics(checkout, program(checkout, roots));
}

function containerImageClass(sf: ts.SourceFile): ts.ClassDeclaration {
  const cls = sf.statements.find(s => ts.isClassDeclaration(s) && s.name?.text === 'ContainerImage');
  if (!cls || !ts.isClassDeclaration(cls)) throw new Error('no class ContainerImage');
  return cls;
}

const memberName = (m: ts.ClassElement) => (m.name ? m.name.getText() : '');

describe('npm run upstream', () => {
  const source = makeSource();
  /** The checkout the first test changes, for the second. */
  let applied = '';

  test('writes the change in upstream form, and the result type-checks', () => {
    const checkout = makeCheckout(source);
    if (gitAvailable) gitInit(checkout);

    const result = run(checkout, source);

    expectSuccess(result);
    applied = checkout;

    // The report: what changed, and the pull request.
    expect(result.stdout).toMatch(/^feat\(ecs\): \S/m);
    expect(result.stdout).toContain('Follows up #1698.');
    expect(result.stdout).not.toMatch(/Closes #1698/);
    expect(result.stdout).toContain('have **not been deployed**');
    for (const name of ['IRepositoryCreds', 'RepositoryCreds', 'WebHostedImage', 'DockerHubImage', 'ContainerImage.fromInternet()',
      'RegistryCredentialsSecret', 'AWS Batch', 'Relation between the APIs', 'not deprecated']) {
      expect(result.stdout).toContain(name);
    }
    expect(result.stdout).toMatch(/create\s+packages\/aws-cdk-lib\/aws-ecs\/lib\/repository-creds\.ts/);
    expect(result.stdout).toMatch(/modify\s+packages\/aws-cdk-lib\/aws-batch\/lib\/ecs-container-definition\.ts/);
    expect(result.stdout).toMatch(/modify\s+packages\/aws-cdk-lib\/awslint\.json/);
    expect(result.stdout).toContain('### awslint exclusions');
    if (gitAvailable) {
      expect(result.stdout).toContain('git diff --stat');
      expect(result.stdout).toMatch(/aws-ecs\/lib\/container-image\.ts\s+\|\s+\d+ \+/);
      expect(result.stdout).toMatch(/New \(untracked\) files: \d+/);
    }

    // It type-checks: lib and tests, with strict and no-unused checks.
    expect(typecheck(checkout)).toEqual([]);

    // container-image.ts: the factories, once each, with their doc comments; the import at the bottom.
    const containerImage = parse(read(checkout, `${LIB}/container-image.ts`));
    const cls = containerImageClass(containerImage);
    const names = cls.members.map(memberName);
    for (const name of ['fromInternet', 'fromDockerHub', 'fromRegistry', 'fromEcrRepository', 'bind']) {
      expect(names.filter(n => n === name)).toHaveLength(1);
    }
    const fromInternet = cls.members.find(m => memberName(m) === 'fromInternet')!;
    const fromDockerHub = cls.members.find(m => memberName(m) === 'fromDockerHub')!;
    expect(ts.getJSDocTags(fromInternet).map(t => t.tagName.text)).toContain('param');
    expect(ts.getJSDocTags(fromDockerHub).map(t => t.tagName.text)).toContain('deprecated');
    const webHosted = containerImage.statements.filter(s => ts.isImportDeclaration(s) && s.pos > cls.end && ts.isStringLiteral(s.moduleSpecifier)
      && s.moduleSpecifier.text === './images/web-hosted');
    expect(webHosted).toHaveLength(1);
    expect(webHosted[0].getText()).toMatch(/\bWebHostedImage\b.*\bDockerHubImage\b|\bDockerHubImage\b.*\bWebHostedImage\b/);
    expect(containerImage.text).not.toContain('CoreContainerImage');

    // index.ts: every `export * from` of this repository's index, once.
    const starExports = (text: string) => parse(text).statements.flatMap(s => (ts.isExportDeclaration(s) && !s.exportClause
      && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? [s.moduleSpecifier.text] : []));
    const indexExports = starExports(read(checkout, `${LIB}/index.ts`));
    const ours = starExports(read(source, `${LIB}/index.ts`));
    expect(ours.length).toBeGreaterThan(2);
    for (const spec of ours) expect(indexExports.filter(s => s === spec)).toHaveLength(1);

    // Every other file of lib and test, copied with upstream's imports; helpers away from upstream's test/util.ts.
    const packageOnly = (rel: string) => read(source, rel).startsWith('// upstream: package-only (');
    const destination = (rel: string) =>
      (rel.startsWith(`${TEST}/`) && !rel.endsWith('.test.ts') ? rel.replace(`${TEST}/`, `${TEST}/private-registry/`) : rel);
    const merged = [`${LIB}/container-image.ts`, `${LIB}/index.ts`];
    const sources = [...listTs(source, LIB).filter(rel => !merged.includes(rel)), ...listTs(source, TEST)];
    const copied = sources.filter(rel => !packageOnly(rel)).map(destination);
    // Package-only files stay here.
    for (const rel of sources.filter(packageOnly)) {
      expect({ rel, copied: fs.existsSync(path.join(checkout, destination(rel))) }).toEqual({ rel, copied: false });
    }
    expect(copied.length).toBeGreaterThan(5);
    for (const rel of copied) {
      expect(fs.existsSync(path.join(checkout, rel))).toBe(true);
      const leftovers = moduleSpecifiers(read(checkout, rel)).filter(s => /^(aws-cdk-lib|cdk-ecs-private-registry)(\/|$)/.test(s));
      expect({ rel, leftovers }).toEqual({ rel, leftovers: [] });
    }
    expect(read(checkout, `${TEST}/util.ts`)).toEqual(read(CHECKOUT_FIXTURE, `${TEST}/util.ts`));
    expect(moduleSpecifiers(read(checkout, `${LIB}/repository-creds.ts`))).toEqual(expect.arrayContaining(
      ['../../core', '../../aws-iam', './container-definition', '../../core/lib/errors', '../../core/lib/private/literal-string']));
    // An L1 class and the reference interfaces of a module come from its generated file.
    expect(moduleSpecifiers(read(checkout, 'packages/aws-cdk-lib/aws-ecr/lib/pull-through-cache-rule.ts'))).toEqual(expect.arrayContaining(
      ['./ecr.generated', '../../core/lib/metadata-resource', '../../core/lib/prop-injectable']));
    expect(moduleSpecifiers(read(checkout, `${LIB}/images/web-hosted.ts`))).toEqual(expect.arrayContaining(['../../../core', '../container-image']));
    expect(moduleSpecifiers(read(checkout, `${TEST}/repository-creds.test.ts`))).toEqual(expect.arrayContaining(
      ['../../assertions', '../lib', './private-registry/util']));
    expect(fs.existsSync(path.join(checkout, `${LIB}/repository-creds.js`))).toBe(false);
    expect(fs.existsSync(path.join(checkout, `${LIB}/repository-creds.d.ts`))).toBe(false);
    // core is this package's own: upstream's core/lib/errors and the home of its `lit` are left as they are.
    for (const rel of ['packages/aws-cdk-lib/core/lib/errors.ts', 'packages/aws-cdk-lib/core/lib/private/literal-string.ts']) {
      expect(read(checkout, rel)).toEqual(read(CHECKOUT_FIXTURE, rel));
    }

    // README: inside upstream's "### Images", samples in upstream's form.
    const readme = read(checkout, `${ECS}/README.md`);
    const original = read(CHECKOUT_FIXTURE, `${ECS}/README.md`);
    const images = readme.slice(readme.indexOf('### Images\n'), readme.indexOf('### Environment variables'));
    expect(images).toContain('- `ecs.ContainerImage.fromInternet(imageName, { credentials })`: ');
    expect(images).toMatch(/- `ecs\.ContainerImage\.fromRegistry\(imageName, \{ credentials: mySecret \}\)`: .*prefer `fromInternet\(\)`/);
    expect(images.match(/^#### Images from the internet$/gm)).toHaveLength(1);
    expect(images.match(/^##### Fixture: names from the rosetta fixture$/gm)).toHaveLength(1);
    expect(readme.replace(images, '')).toEqual(original.replace(original.slice(original.indexOf('### Images\n'), original.indexOf('### Environment variables')), ''));
    expect(images).not.toContain(PACKAGE_NAME);
    expect(images).not.toContain('npm install');
    expect(readme).not.toContain('this package only');
    expect(images).toContain('`@aws-cdk/aws-ecs:fixtureWarning`');
    const samples = images.split('```').filter((_, i) => i % 2 === 1).join('\n');
    expect(samples).toContain("image: ecs.ContainerImage.fromInternet('quay.io/fixture/app:1'");
    expect(samples).toContain('credentials: ecs.RepositoryCreds.fromSecret(secret)');
    expect(samples).toContain("const image = ecs.ContainerImage.fromInternet('userx/fixture', { credentials: ecs.RepositoryCreds.fromSecret(secret) });");
    expect(samples).not.toMatch(/^import /m);

    // AWS Batch renders the credentials the image returned, next to the image.
    expect(read(checkout, BATCH_FILE)).toContain([
      '      image: this.imageConfig.imageName,',
      '      repositoryCredentials: this.imageConfig.repositoryCredentials?.credentialsParameter',
      '        ? { credentialsParameter: this.imageConfig.repositoryCredentials.credentialsParameter }',
      '        : undefined,',
      '      command: this.command,',
    ].join('\n'));

    // Integ tests: importing aws-cdk-lib, with their helper and snapshot; their build output stays behind.
    const integ = read(checkout, `${FIXTURE_INTEG}.ts`);
    expect(moduleSpecifiers(integ)).toEqual(['@aws-cdk/integ-tests-alpha', 'aws-cdk-lib', 'aws-cdk-lib/aws-ecs',
      'aws-cdk-lib/aws-secretsmanager', '../fixture-integ-helper']);
    expect(integ).toContain("image: ecs.ContainerImage.fromInternet('quay.io/fixture/app:1', props)");
    expect(integ).toContain('const props: ecs.WebHostedImageProps = { credentials: ecs.RepositoryCreds.fromSecret(secret) };');
    expect(fs.existsSync(path.join(checkout, `${INTEG}/fixture-integ-helper.ts`))).toBe(true);
    expect(fs.existsSync(path.join(checkout, `${FIXTURE_INTEG}.js`))).toBe(false);
    for (const file of fs.readdirSync(path.join(SOURCE_FIXTURE, `${FIXTURE_INTEG}.js.snapshot`))) {
      const rel = `${FIXTURE_INTEG}.js.snapshot/${file}`;
      expect(fs.readFileSync(path.join(checkout, rel)).equals(fs.readFileSync(path.join(SOURCE_FIXTURE, rel)))).toBe(true);
    }
    // Upstream's own integ test is left alone.
    expect(read(checkout, `${INTEG}/fargate/integ.fargate-basic.ts`)).toEqual(read(CHECKOUT_FIXTURE, `${INTEG}/fargate/integ.fargate-basic.ts`));
  });

  test('a second run changes nothing', () => {
    expect(applied).not.toBe('');
    const before = treeHash(applied);

    const result = run(applied, source);

    expectSuccess(result);
    expect(result.stdout).toContain('already has this change: nothing to do');
    expect(treeHash(applied)).toEqual(before);
  });

  test('completes a change that is partly there, to the same result', () => {
    const checkout = makeCheckout(source);
    expectSuccess(run(checkout, source));
    // Undo part of it: one copied file, the index exports, the README, the Batch change, the awslint exclusions.
    fs.rmSync(path.join(checkout, `${LIB}/private/secret-arn.ts`));
    for (const rel of [`${LIB}/index.ts`, `${ECS}/README.md`, BATCH_FILE, 'packages/aws-cdk-lib/awslint.json']) {
      fs.copyFileSync(path.join(CHECKOUT_FIXTURE, rel), path.join(checkout, rel));
    }

    const result = run(checkout, source);

    expectSuccess(result);
    expect(result.stdout).toMatch(/Changed 5 of \d+ files/);
    expect(treeHash(checkout)).toEqual(treeHash(applied));
  });

  test('--dry-run writes nothing', () => {
    const checkout = makeCheckout(source);
    const before = treeHash(checkout);

    const result = run(checkout, source, ['--dry-run']);

    expectSuccess(result);
    expect(result.stdout).toMatch(/Would change \d+ of \d+ files/);
    expect(treeHash(checkout)).toEqual(before);
  });

  const refusals: Array<[string, (checkout: string, source: string) => void, RegExp]> = [
    ['the target is not an aws-cdk checkout', (checkout) => {
      fs.writeFileSync(path.join(checkout, 'package.json'), JSON.stringify({ name: 'some-other-project' }));
    }, /is not an aws-cdk checkout: its package\.json is named "some-other-project"/],
    ['container-image.ts has no ContainerImage class', (checkout) => {
      fs.writeFileSync(path.join(checkout, `${LIB}/container-image.ts`), 'export interface ContainerImage {\n  readonly imageName: string;\n}\n');
    }, /container-image\.ts in the checkout does not declare a class ContainerImage/],
    ['index.ts is missing', (checkout) => {
      fs.rmSync(path.join(checkout, `${LIB}/index.ts`));
    }, /aws-ecs\/lib\/index\.ts does not exist/],
    ['index.ts does not export container-image', (checkout) => {
      fs.writeFileSync(path.join(checkout, `${LIB}/index.ts`), 'export {};\n');
    }, /index\.ts in the checkout does not have the expected shape: it has no `export \* from '\.\/container-image'`/],
    ['fromInternet is already there in another form', (checkout) => {
      const file = path.join(checkout, `${LIB}/container-image.ts`);
      const text = fs.readFileSync(file, 'utf8');
      const anchor = '  /**\n   * Called when a container definition uses the image.';
      expect(text).toContain(anchor);
      fs.writeFileSync(file, text.replace(anchor,
        '  /**\n   * Someone else\'s take.\n   */\n  public static fromInternet(name: string): RepositoryImage {\n    return new RepositoryImage(name);\n  }\n\n' + anchor));
    }, /already has ContainerImage\.fromInternet, different from this repository's/],
    ['the README already has a section of the change, with other content', (checkout) => {
      fs.appendFileSync(path.join(checkout, `${ECS}/README.md`), '\n#### Images from the internet\n\nAn older text.\n');
    }, /README\.md in the checkout already has the heading '#### Images from the internet'/],
    ['the README has no "Images" section', (checkout) => {
      const file = path.join(checkout, `${ECS}/README.md`);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('### Images\n', '### Container images\n'));
    }, /README\.md in the checkout has no section 'Images' to document the change in/],
    ['a file to copy already exists with other content', (checkout) => {
      fs.writeFileSync(path.join(checkout, `${LIB}/repository-creds.ts`), '// upstream\'s own\nexport {};\n');
    }, /aws-ecs\/lib\/repository-creds\.ts already exists in the checkout with other content/],
    ["aws-batch's container definition no longer renders `image: this.imageConfig.imageName`", (checkout) => {
      const file = path.join(checkout, BATCH_FILE);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('image: this.imageConfig.imageName,', 'image: this.renderImage(),'));
    }, new RegExp('ecs-container-definition\\.ts in the checkout does not have the expected shape: '
      + 'no method _renderContainerDefinition\\(\\) returns an object with `image: this\\.imageConfig\\.imageName`')],
    ['aws-batch already renders repositoryCredentials differently', (checkout) => {
      const file = path.join(checkout, BATCH_FILE);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('image: this.imageConfig.imageName,',
        'image: this.imageConfig.imageName,\n      repositoryCredentials: undefined,'));
    }, /already renders 'repositoryCredentials' as 'repositoryCredentials: undefined'/],
    ['a copied file imports a package-only file that upstream lacks', (_checkout, src) => {
      fs.writeFileSync(path.join(src, `${LIB}/private/only-here.ts`), '// upstream: package-only (a shim of this package)\nexport const ONLY_HERE = 1;\n');
      fs.appendFileSync(path.join(src, `${LIB}/private/secret-arn.ts`), "\nexport { ONLY_HERE } from './only-here';\n");
    }, new RegExp("secret-arn\\.ts: imports '\\./only-here', the package-only file "
      + 'packages/aws-cdk-lib/aws-ecs/lib/private/only-here\\.ts, which does not go upstream')],
    ['a package-only block is never closed', (_checkout, src) => {
      fs.appendFileSync(path.join(src, `${LIB}/private/secret-arn.ts`), '\n// upstream: package-only begin\nexport const X = 1;\n');
    }, /secret-arn\.ts: the package-only block opened on line \d+ is never closed/],
  ];

  test.each(refusals)('refuses, writing nothing, when %s', (_case, arrange, message) => {
    const src = tmp('upstream-source-variant-');
    fs.cpSync(source, src, { recursive: true });
    const checkout = makeCheckout(source);
    arrange(checkout, src);
    const before = treeHash(checkout);

    const result = run(checkout, src);

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Nothing was written.');
    expect(treeHash(checkout)).toEqual(before);
  });

  test('refuses a directory that does not exist', () => {
    const result = run(path.join(tmp('upstream-missing-'), 'nope'), source);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/is not an aws-cdk checkout: no such directory/);
  });

  test('package-only files stay here, and package-only blocks are left out', () => {
    const src = tmp('upstream-source-variant-');
    fs.cpSync(source, src, { recursive: true });
    fs.writeFileSync(path.join(src, `${LIB}/private/only-here.ts`), '// upstream: package-only (a shim of this package)\nexport const ONLY_HERE = 1;\n');
    fs.appendFileSync(path.join(src, `${LIB}/private/secret-arn.ts`),
      "\n// upstream: package-only begin\nexport { ONLY_HERE } from './only-here';\n// upstream: package-only end\n");
    const checkout = makeCheckout(source);

    const { writes } = plan(src, checkout);

    expect(writes.map(w => w.rel)).not.toContain(`${LIB}/private/only-here.ts`);
    expect(writes.some(w => w.rel.startsWith('packages/aws-cdk-lib/core/'))).toBe(false);
    const secretArn = writes.find(w => w.rel === `${LIB}/private/secret-arn.ts`)!.content.toString('utf8');
    expect(secretArn).not.toMatch(/only-here|package-only/);
  });

  test('finds the generated L1 file from how upstream imports it, when the checkout was never built', () => {
    const src = tmp('upstream-source-variant-');
    fs.cpSync(source, src, { recursive: true });
    fs.writeFileSync(path.join(src, `${LIB}/private/task-definition-l1.ts`),
      "import type { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';\n\nexport type Credentials = CfnTaskDefinition.RepositoryCredentialsProperty;\n");
    const checkout = makeCheckout(source);
    fs.rmSync(path.join(checkout, `${LIB}/ecs.generated.ts`));

    const { writes } = plan(src, checkout);

    const l1User = writes.find(w => w.rel === `${LIB}/private/task-definition-l1.ts`);
    expect(l1User && moduleSpecifiers(l1User.content.toString('utf8'))).toContain('../ecs.generated');
  });

  test('the README part starts at its configured heading, with its samples in upstream form; what precedes it stays here', () => {
    const variant = tmp('upstream-source-variant-');
    fs.cpSync(source, variant, { recursive: true });
    fs.writeFileSync(path.join(variant, `${ECS}/README.md`), [
      '# Private registries', '', 'Intro.', '', '## Only here', '', 'Package text.', '', '## Images from the internet', '', '```ts',
      "import { ContainerImage } from 'cdk-ecs-private-registry/aws-ecs';", '',
      "const image = ContainerImage.fromInternet('userx/test');", '```', '',
      '```console', '# not a heading', '```', '',
    ].join('\n'));
    const checkout = makeCheckout(source);

    const { writes } = plan(variant, checkout);

    const readme = writes.find(w => w.rel === `${ECS}/README.md`)!.content.toString('utf8');
    expect(readme).toContain([
      '#### Images from the internet', '', '```ts',
      "const image = ecs.ContainerImage.fromInternet('userx/test');", '```', '',
      '```console', '# not a heading', '```',
    ].join('\n'));
    expect(readme).not.toMatch(/Only here|Package text|Intro\./);
  });

  test('refuses when the README lacks the heading its part starts at', () => {
    const variant = tmp('upstream-source-variant-');
    fs.cpSync(source, variant, { recursive: true });
    fs.writeFileSync(path.join(variant, `${ECS}/README.md`), '# Private registries\n\n## Usage\n\nText.\n');

    expect(() => plan(variant, makeCheckout(source))).toThrow(/README\.md has no heading 'Images from the internet'/);
  });

  test('a module other than aws-ecs goes upstream the same way: lib, index exports, tests, README, integ tests', () => {
    const variant = tmp('upstream-source-variant-');
    fs.cpSync(source, variant, { recursive: true });
    const ecr = path.join(variant, 'packages/aws-cdk-lib/aws-ecr');
    fs.mkdirSync(path.join(ecr, 'lib'), { recursive: true });
    fs.mkdirSync(path.join(ecr, 'test'), { recursive: true });
    fs.writeFileSync(path.join(ecr, 'index.ts'), "export * from './lib';\n");
    fs.writeFileSync(path.join(ecr, 'lib/index.ts'), "export * from './cache-rule';\n");
    fs.writeFileSync(path.join(ecr, 'lib/cache-rule.ts'), [
      "import { Construct } from 'constructs';",
      "import { Annotations } from 'aws-cdk-lib';",
      "import { CfnPullThroughCacheRule } from 'aws-cdk-lib/aws-ecr';",
      "import { ValidationError } from '../../core/lib/errors';",
      "import { lit } from '../../core/lib/private/literal-string';",
      '',
      '/** A rule. */',
      'export class CacheRule extends Construct {',
      '  constructor(scope: Construct, id: string, prefix: string) {',
      '    super(scope, id);',
      "    if (prefix === '') throw new ValidationError(lit`EmptyPrefix`, 'the prefix is empty', this);",
      "    Annotations.of(this).addWarningV2('cdk-ecs-private-registry:cacheRule', 'a warning');",
      "    new CfnPullThroughCacheRule(this, 'Resource', { ecrRepositoryPrefix: prefix, upstreamRegistryUrl: 'public.ecr.aws' });",
      '  }',
      '}',
      '',
    ].join('\n'));
    fs.writeFileSync(path.join(ecr, 'test/cache-rule.test.ts'), [
      "import { Stack } from 'aws-cdk-lib';",
      "import { CacheRule } from '../lib';",
      '',
      "test('builds', () => { new CacheRule(new Stack(), 'R', 'p'); });",
      '',
    ].join('\n'));
    fs.writeFileSync(path.join(ecr, 'README.md'), '# Cache (this package)\n\nInstall it.\n\n## Pull-through cache rules\n\nA rule.\n');
    const integDir = path.join(variant, 'packages/@aws-cdk-testing/framework-integ/test/aws-ecr/test');
    fs.mkdirSync(integDir, { recursive: true });
    fs.writeFileSync(path.join(integDir, 'integ.cache-rule.ts'), [
      "import { App, Stack } from 'aws-cdk-lib';",
      "import { CacheRule } from 'cdk-ecs-private-registry/aws-ecr';",
      '',
      "new CacheRule(new Stack(new App(), 'S'), 'R', 'p');",
      '',
    ].join('\n'));
    const checkout = makeCheckout(variant);
    fs.writeFileSync(path.join(checkout, 'packages/aws-cdk-lib/aws-ecr/README.md'), '# Amazon ECR Construct Library\n\nUpstream text.\n');

    const result = run(checkout, variant);

    expectSuccess(result);
    const rule = read(checkout, 'packages/aws-cdk-lib/aws-ecr/lib/cache-rule.ts');
    expect(moduleSpecifiers(rule)).toEqual(['constructs', '../../core', '../../core/lib/errors', '../../core/lib/private/literal-string', './ecr.generated']);
    expect(rule).toContain("'@aws-cdk/aws-ecr:cacheRule'");
    expect(read(checkout, 'packages/aws-cdk-lib/aws-ecr/lib/index.ts')).toContain("export * from './cache-rule';");
    expect(moduleSpecifiers(read(checkout, 'packages/aws-cdk-lib/aws-ecr/test/cache-rule.test.ts'))).toEqual(['../../core', '../lib']);
    expect(read(checkout, 'packages/aws-cdk-lib/aws-ecr/README.md')).toEqual('# Amazon ECR Construct Library\n\nUpstream text.\n\n## Pull-through cache rules\n\nA rule.\n');
    expect(moduleSpecifiers(read(checkout, 'packages/@aws-cdk-testing/framework-integ/test/aws-ecr/test/integ.cache-rule.ts')))
      .toEqual(['aws-cdk-lib', 'aws-cdk-lib/aws-ecr']);
    expect(result.stdout).toContain('`aws-ecr/lib/cache-rule.ts`: `CacheRule`');
  });

  test('`npm run upstream` runs the built tool from the root', () => {
    if (!fs.existsSync(path.join(__dirname, '..', 'lib', 'cli.js'))) throw new Error('the tool is not built: run `npm run build` first');
    const result = spawnSync('npm', ['run', '--silent', 'upstream', '--', '--help'], { cwd: REPO, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: npm run upstream -- <path-to-aws-cdk-checkout> [--part <name>] [--dry-run]');
    const parts = spawnSync('npm', ['run', '--silent', 'upstream', '--', '--list-parts'], { cwd: REPO, encoding: 'utf8' });
    expect(parts.status).toBe(0);
    expect(parts.stdout).toEqual('ecs-private-registry\nbatch-repository-credentials\necr-pull-through-cache\n');
  });
});
