// @ts-check
/**
 * Tests of scripts/upstream.js against a fixture in the shape of an aws-cdk
 * checkout (test/fixtures/aws-cdk) and a source made of this repository's
 * aws-ecs lib and tests plus a fixture README, rosetta fixture and integ test
 * (test/fixtures/source).
 */
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');
const ts = require('typescript');
const { plan } = require('../upstream');

const REPO = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(REPO, 'scripts', 'upstream.js');
const CHECKOUT_FIXTURE = path.join(__dirname, 'fixtures', 'aws-cdk');
const SOURCE_FIXTURE = path.join(__dirname, 'fixtures', 'source');
const NODE_MODULES = path.join(REPO, 'node_modules');
const PACKAGE_NAME = 'cdk-ecs-private-registry';

const ECS = 'packages/aws-cdk-lib/aws-ecs';
const LIB = `${ECS}/lib`;
const TEST = `${ECS}/test`;
const INTEG = 'packages/@aws-cdk-testing/framework-integ/test/aws-ecs/test';
const FIXTURE_INTEG = `${INTEG}/fargate/integ.fixture-private-image`;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/** @type {string[]} */
const temporary = [];
afterAll(() => temporary.forEach(dir => fs.rmSync(dir, { recursive: true, force: true })));

/** @param {string} prefix */
function tmp(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** The modules of aws-cdk-lib that this repository's aws-ecs code and tests import. */
function importedCdkModules() {
  const modules = new Set();
  for (const rel of [...listTs(REPO, LIB), ...listTs(REPO, TEST), ...listTs(REPO, INTEG)]) {
    for (const spec of moduleSpecifiers(read(REPO, rel))) {
      const match = /^aws-cdk-lib\/([\w-]+)$/.exec(spec);
      if (match && match[1] !== 'aws-ecs') modules.add(match[1]);
    }
  }
  return modules;
}

/**
 * A copy of the checkout fixture, with a stand-in (`export * from
 * 'aws-cdk-lib/<module>'`) for each other module of aws-cdk-lib that the
 * copied code imports: upstream has them all.
 */
function makeCheckout() {
  const dir = tmp('upstream-checkout-');
  fs.cpSync(CHECKOUT_FIXTURE, dir, { recursive: true });
  for (const name of importedCdkModules()) {
    const moduleDir = path.join(dir, 'packages/aws-cdk-lib', name);
    if (fs.existsSync(moduleDir)) continue;
    fs.mkdirSync(moduleDir, { recursive: true });
    fs.writeFileSync(path.join(moduleDir, 'index.ts'), `export * from 'aws-cdk-lib/${name}';\n`);
  }
  return dir;
}

/** This repository's aws-ecs lib and tests (with their build output), and the source fixture. */
function makeSource() {
  const dir = tmp('upstream-source-');
  for (const rel of [LIB, TEST]) fs.cpSync(path.join(REPO, rel), path.join(dir, rel), { recursive: true });
  fs.cpSync(SOURCE_FIXTURE, dir, { recursive: true });
  // Build output next to an integ test: it must stay behind.
  fs.writeFileSync(path.join(dir, `${FIXTURE_INTEG}.js`), '"use strict";\n');
  return dir;
}

/**
 * @param {string} checkout
 * @param {string | undefined} source
 * @param {string[]} [extra]
 */
function run(checkout, source, extra = []) {
  const args = [SCRIPT, checkout, ...(source ? ['--source', source] : []), ...extra];
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: REPO });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Fails with the script's own words when it did not succeed. @param {ReturnType<typeof run>} result */
function expectSuccess(result) {
  if (result.status !== 0) throw new Error(`upstream.js exited with ${result.status}:\n${result.stderr}\n${result.stdout}`);
}

/** A hash of every file under `dir` (but .git), with its path. @param {string} dir */
function treeHash(dir) {
  const hash = crypto.createHash('sha256');
  /** @param {string} rel */
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git') walk(child);
      } else {
        hash.update(`${child}\0`).update(fs.readFileSync(path.join(dir, child))).update('\0');
      }
    }
  };
  walk('');
  return hash.digest('hex');
}

/** @param {string} root @param {string} rel */
const read = (root, rel) => fs.readFileSync(path.join(root, rel), 'utf8');

/** @param {string} root @param {string} rel */
function listTs(root, rel) {
  /** @type {string[]} */
  const files = [];
  /** @param {string} dir */
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const child = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (child.endsWith('.ts') && !child.endsWith('.d.ts')) files.push(child);
    }
  };
  if (fs.existsSync(path.join(root, rel))) walk(rel);
  return files.sort();
}

/** @param {string} text */
const parse = (text) => ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

/** The module names a file imports (imports, exports, require and jest.mock calls). @param {string} text */
function moduleSpecifiers(text) {
  /** @type {string[]} */
  const specs = [];
  /** @param {ts.Node} node */
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specs.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.arguments[0] && ts.isStringLiteral(node.arguments[0])
      && /^(require|jest\.\w+)$/.test(node.expression.getText())) {
      specs.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(text));
  return specs;
}

/**
 * Type-checks aws-ecs/lib and aws-ecs/test of a checkout, aws-cdk-lib and
 * constructs resolved from this repository. Returns the diagnostics.
 * @param {string} checkout
 */
function typecheck(checkout) {
  const roots = [...listTs(checkout, LIB), ...listTs(checkout, TEST)].map(rel => path.join(checkout, rel));
  const program = ts.createProgram(roots, {
    noEmit: true,
    strict: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noImplicitReturns: true,
    noFallthroughCasesInSwitch: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    typeRoots: [path.join(NODE_MODULES, '@types')],
    types: ['jest', 'node'],
    baseUrl: '/',
    paths: {
      'aws-cdk-lib': [path.join(NODE_MODULES, 'aws-cdk-lib')],
      'aws-cdk-lib/*': [path.join(NODE_MODULES, 'aws-cdk-lib/*')],
      'constructs': [path.join(NODE_MODULES, 'constructs')],
    },
  });
  return ts.getPreEmitDiagnostics(program).map(d =>
    `${d.file ? `${path.relative(checkout, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : ''}`
    + ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** @param {ts.SourceFile} sf */
function containerImageClass(sf) {
  const cls = sf.statements.find(s => ts.isClassDeclaration(s) && s.name?.text === 'ContainerImage');
  if (!cls || !ts.isClassDeclaration(cls)) throw new Error('no class ContainerImage');
  return cls;
}

/** @param {ts.ClassElement} m */
const memberName = (m) => (m.name ? m.name.getText() : '');

let gitAvailable = true;
try {
  execFileSync('git', ['--version'], { stdio: 'ignore' });
} catch {
  gitAvailable = false;
}

/** @param {string} dir */
function gitInit(dir) {
  const git = (/** @type {string[]} */ ...args) => execFileSync('git', ['-C', dir, '-c', 'user.name=test', '-c', 'user.email=test@example.com',
    '-c', 'commit.gpgsign=false', ...args], { stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'fixture');
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

describe('npm run upstream', () => {
  const source = makeSource();
  /** The checkout the first test changes, for the second. */
  let applied = '';

  test('writes the change in upstream form, and the result type-checks', () => {
    const checkout = makeCheckout();
    if (gitAvailable) gitInit(checkout);

    const result = run(checkout, source);

    expectSuccess(result);
    applied = checkout;

    // The report: what changed, and the pull request.
    expect(result.stdout).toMatch(/^feat\(ecs\): \S/m);
    expect(result.stdout).toContain('Closes #1698.');
    expect(result.stdout).toContain('have not been deployed yet');
    for (const name of ['IRepositoryCreds', 'RepositoryCreds', 'WebHostedImage', 'DockerHubImage', 'ContainerImage.fromInternet()']) {
      expect(result.stdout).toContain(name);
    }
    expect(result.stdout).toMatch(/create\s+packages\/aws-cdk-lib\/aws-ecs\/lib\/repository-creds\.ts/);
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
    const fromInternet = /** @type {ts.ClassElement} */ (cls.members.find(m => memberName(m) === 'fromInternet'));
    const fromDockerHub = /** @type {ts.ClassElement} */ (cls.members.find(m => memberName(m) === 'fromDockerHub'));
    expect(ts.getJSDocCommentsAndTags(fromInternet).length).toBeGreaterThan(0);
    expect(ts.getJSDocTags(fromInternet).map(t => t.tagName.text)).toContain('param');
    expect(ts.getJSDocTags(fromDockerHub).map(t => t.tagName.text)).toContain('deprecated');
    const bottomImports = containerImage.statements.filter(s => ts.isImportDeclaration(s) && s.pos > cls.end);
    const webHosted = bottomImports.filter(s => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)
      && s.moduleSpecifier.text === './images/web-hosted');
    expect(webHosted).toHaveLength(1);
    expect(webHosted[0].getText()).toMatch(/\bWebHostedImage\b.*\bDockerHubImage\b|\bDockerHubImage\b.*\bWebHostedImage\b/);
    expect(containerImage.text).not.toContain('CoreContainerImage');

    // index.ts: every `export * from` of this repository's index, once.
    /** @param {string} text */
    const starExports = (text) => parse(text).statements.flatMap(s => (ts.isExportDeclaration(s) && !s.exportClause
      && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? [s.moduleSpecifier.text] : []));
    const indexExports = starExports(read(checkout, `${LIB}/index.ts`));
    const ours = starExports(read(source, `${LIB}/index.ts`));
    expect(ours.length).toBeGreaterThan(2);
    for (const spec of ours) {
      expect(indexExports.filter(s => s === spec)).toHaveLength(1);
    }

    // Every other file of lib and test, copied with upstream's imports; helpers away from upstream's test/util.ts.
    const copied = [
      ...listTs(source, LIB).filter(rel => rel !== `${LIB}/container-image.ts` && rel !== `${LIB}/index.ts`),
      ...listTs(source, TEST).map(rel => (rel.endsWith('.test.ts') ? rel : rel.replace(`${TEST}/`, `${TEST}/private-registry/`))),
    ];
    expect(copied.length).toBeGreaterThan(5);
    for (const rel of copied) {
      expect(fs.existsSync(path.join(checkout, rel))).toBe(true);
      const leftovers = moduleSpecifiers(read(checkout, rel)).filter(s => /^(aws-cdk-lib|cdk-ecs-private-registry)(\/|$)/.test(s));
      expect({ rel, leftovers }).toEqual({ rel, leftovers: [] });
    }
    expect(read(checkout, `${TEST}/util.ts`)).toEqual(read(CHECKOUT_FIXTURE, `${TEST}/util.ts`));
    expect(moduleSpecifiers(read(checkout, `${LIB}/repository-creds.ts`))).toEqual(expect.arrayContaining(
      ['../../core', '../../aws-iam', './container-definition', './ecs.generated']));
    expect(moduleSpecifiers(read(checkout, `${LIB}/images/web-hosted.ts`))).toEqual(expect.arrayContaining(['../../../core', '../container-image']));
    expect(moduleSpecifiers(read(checkout, `${TEST}/repository-creds.test.ts`))).toEqual(expect.arrayContaining(
      ['../../assertions', '../lib', './private-registry/util']));
    expect(fs.existsSync(path.join(checkout, `${LIB}/repository-creds.js`))).toBe(false);
    expect(fs.existsSync(path.join(checkout, `${LIB}/repository-creds.d.ts`))).toBe(false);

    // README: the marked part of this repository's README, appended, samples in upstream's form.
    const readme = read(checkout, `${ECS}/README.md`);
    const original = read(CHECKOUT_FIXTURE, `${ECS}/README.md`);
    expect(readme.startsWith(original.trimEnd())).toBe(true);
    const added = readme.slice(original.trimEnd().length);
    expect(added.match(/^## Images from the internet$/gm)).toHaveLength(1);
    expect(added).not.toContain(PACKAGE_NAME);
    expect(added).not.toContain('npm install');
    expect(added).toContain('`@aws-cdk/aws-ecs:fixtureWarning`');
    const samples = added.split('```').filter((_, i) => i % 2 === 1).join('\n');
    expect(samples).toContain("image: ecs.ContainerImage.fromInternet('quay.io/fixture/app:1'");
    expect(samples).toContain('credentials: ecs.RepositoryCreds.fromSecret(secret)');
    expect(samples).toContain("const image = ecs.ContainerImage.fromInternet('userx/fixture', { credentials: ecs.RepositoryCreds.fromSecret(secret) });");
    expect(samples).not.toMatch(/^import /m);

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
    const checkout = makeCheckout();
    expectSuccess(run(checkout, source));
    // Undo part of it: one copied file, the index exports, the README section.
    fs.rmSync(path.join(checkout, `${LIB}/private/secret-arn.ts`));
    fs.copyFileSync(path.join(CHECKOUT_FIXTURE, `${LIB}/index.ts`), path.join(checkout, `${LIB}/index.ts`));
    fs.copyFileSync(path.join(CHECKOUT_FIXTURE, `${ECS}/README.md`), path.join(checkout, `${ECS}/README.md`));

    const result = run(checkout, source);

    expectSuccess(result);
    expect(result.stdout).toMatch(/Changed 3 of \d+ files/);
    expect(treeHash(checkout)).toEqual(treeHash(applied));
  });

  test('--dry-run writes nothing', () => {
    const checkout = makeCheckout();
    const before = treeHash(checkout);

    const result = run(checkout, source, ['--dry-run']);

    expectSuccess(result);
    expect(result.stdout).toMatch(/Would change \d+ of \d+ files/);
    expect(treeHash(checkout)).toEqual(before);
  });

  /** @type {Array<[string, (checkout: string) => void, RegExp]>} */
  const refusals = [
    ['the target is not an aws-cdk checkout', (checkout) => {
      fs.writeFileSync(path.join(checkout, 'package.json'), JSON.stringify({ name: 'some-other-project' }));
    }, /is not an aws-cdk checkout: its package\.json is named "some-other-project"/],
    ['container-image.ts has no ContainerImage class', (checkout) => {
      fs.writeFileSync(path.join(checkout, `${LIB}/container-image.ts`),
        'export interface ContainerImage {\n  readonly imageName: string;\n}\n');
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
    ['the README already has the section, with other content', (checkout) => {
      fs.appendFileSync(path.join(checkout, `${ECS}/README.md`), '\n## Images from the internet\n\nAn older text.\n');
    }, /README\.md in the checkout already has the heading '## Images from the internet'/],
    ['a file to copy already exists with other content', (checkout) => {
      fs.writeFileSync(path.join(checkout, `${LIB}/repository-creds.ts`), '// upstream\'s own\nexport {};\n');
    }, /aws-ecs\/lib\/repository-creds\.ts already exists in the checkout with other content/],
  ];

  test.each(refusals)('refuses, writing nothing, when %s', (_case, arrange, message) => {
    const checkout = makeCheckout();
    arrange(checkout);
    const before = treeHash(checkout);

    const result = run(checkout, source);

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

  test('finds the generated L1 file from how upstream imports it, when the checkout was never built', () => {
    const checkout = makeCheckout();
    fs.rmSync(path.join(checkout, `${LIB}/ecs.generated.ts`));

    const { writes } = plan(source, checkout);

    const repositoryCreds = writes.find(w => w.rel === `${LIB}/repository-creds.ts`);
    expect(repositoryCreds && moduleSpecifiers(repositoryCreds.content.toString('utf8'))).toContain('./ecs.generated');
  });

  test('a README without markers goes upstream whole, its title one level down', () => {
    const variant = tmp('upstream-source-variant-');
    fs.cpSync(source, variant, { recursive: true });
    fs.writeFileSync(path.join(variant, `${ECS}/README.md`), [
      '# Private registries', '', 'Intro.', '', '## Usage', '', '```ts',
      "import { ContainerImage } from 'cdk-ecs-private-registry/aws-ecs';", '',
      "const image = ContainerImage.fromInternet('userx/test');", '```', '',
      '```console', '# not a heading', '```', '',
    ].join('\n'));
    const checkout = makeCheckout();

    const { writes } = plan(variant, checkout);

    const readme = /** @type {{ content: Buffer }} */ (writes.find(w => w.rel === `${ECS}/README.md`)).content.toString('utf8');
    expect(readme).toContain([
      '## Private registries', '', 'Intro.', '', '### Usage', '', '```ts',
      "const image = ecs.ContainerImage.fromInternet('userx/test');", '```', '',
      '```console', '# not a heading', '```',
    ].join('\n'));
  });

  test("this repository's own README and integ tests go upstream too (dry run)", () => {
    const checkout = makeCheckout();
    const before = treeHash(checkout);

    const result = run(checkout, undefined, ['--dry-run']);

    expectSuccess(result);
    expect(treeHash(checkout)).toEqual(before);
  });
});
