/** Shared by the tool's tests: temporary copies of the fixtures, running the tool, hashing and type-checking trees. */
import * as crypto from 'crypto';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { main } from '../lib/cli';

export const REPO = path.resolve(__dirname, '..', '..', '..', '..');
export const CHECKOUT_FIXTURE = path.join(__dirname, 'fixtures', 'aws-cdk');
export const SOURCE_FIXTURE = path.join(__dirname, 'fixtures', 'source');
export const NODE_MODULES = path.join(REPO, 'node_modules');
export const PACKAGE_NAME = 'cdk-ecs-private-registry';

export const ECS = 'packages/aws-cdk-lib/aws-ecs';
export const LIB = `${ECS}/lib`;
export const TEST = `${ECS}/test`;
export const INTEG = 'packages/@aws-cdk-testing/framework-integ/test/aws-ecs/test';
export const FIXTURE_INTEG = `${INTEG}/fargate/integ.fixture-private-image`;
export const BATCH_FILE = 'packages/aws-cdk-lib/aws-batch/lib/ecs-container-definition.ts';

const temporary: string[] = [];
afterAll(() => temporary.forEach(dir => fs.rmSync(dir, { recursive: true, force: true })));

export function tmp(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

export const read = (root: string, rel: string): string => fs.readFileSync(path.join(root, rel), 'utf8');

/** The TypeScript files under `rel` (no declarations, no snapshots), repository-relative and sorted. */
export function listTs(root: string, rel: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const child = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.endsWith('.js.snapshot') && entry.name !== 'node_modules') walk(child);
      } else if (child.endsWith('.ts') && !child.endsWith('.d.ts')) {
        files.push(child);
      }
    }
  };
  if (fs.existsSync(path.join(root, rel))) walk(rel);
  return files.sort();
}

export const parse = (text: string): ts.SourceFile => ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

/** The module names a file imports (imports, exports, require and jest.mock calls). */
export function moduleSpecifiers(text: string): string[] {
  const specs: string[] = [];
  const visit = (node: ts.Node): void => {
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

/** The modules of aws-cdk-lib that the code of a source imports, but aws-ecs. */
function importedCdkModules(source: string): Set<string> {
  const modules = new Set<string>(['aws-batch']);
  for (const rel of [...listTs(source, 'packages/aws-cdk-lib'), ...listTs(source, 'packages/@aws-cdk-testing/framework-integ/test')]) {
    for (const spec of moduleSpecifiers(read(source, rel))) {
      const match = /^(?:aws-cdk-lib|cdk-ecs-private-registry)\/([\w-]+)$/.exec(spec);
      if (match) modules.add(match[1]);
    }
  }
  return modules;
}

/**
 * A copy of the checkout fixture, with a stand-in (`export * from
 * 'aws-cdk-lib/<module>'`) for each other module of aws-cdk-lib that the
 * copied code imports: upstream has them all.
 */
export function makeCheckout(source: string = REPO): string {
  const dir = tmp('upstream-checkout-');
  fs.cpSync(CHECKOUT_FIXTURE, dir, { recursive: true });
  for (const name of importedCdkModules(source)) {
    const moduleDir = path.join(dir, 'packages/aws-cdk-lib', name);
    if (fs.existsSync(moduleDir)) continue;
    fs.mkdirSync(path.join(moduleDir, 'lib'), { recursive: true });
    fs.writeFileSync(path.join(moduleDir, 'index.ts'), "export * from './lib';\n");
    fs.writeFileSync(path.join(moduleDir, 'lib', 'index.ts'), `export * from 'aws-cdk-lib/${name}/index';\n`);
    // Upstream generates each service module's L1s into lib/<service>.generated.ts.
    if (name.startsWith('aws-')) {
      fs.writeFileSync(path.join(moduleDir, 'lib', `${name.slice('aws-'.length)}.generated.ts`), `export * from 'aws-cdk-lib/${name}/index';\n`);
    }
  }
  return dir;
}

/** This repository's library modules and tests (with their build output), its awslint.json, and the source fixture. */
export function makeSource(): string {
  const dir = tmp('upstream-source-');
  const lib = path.join(REPO, 'packages/aws-cdk-lib');
  for (const entry of fs.readdirSync(lib, { withFileTypes: true })) {
    if (entry.isDirectory() && fs.existsSync(path.join(lib, entry.name, 'lib'))) {
      fs.cpSync(path.join(lib, entry.name), path.join(dir, 'packages/aws-cdk-lib', entry.name), {
        recursive: true, filter: src => !/(^|\/)(node_modules|coverage)(\/|$)/.test(src) && !src.endsWith('README.md'),
      });
    }
  }
  fs.copyFileSync(path.join(lib, 'awslint.json'), path.join(dir, 'packages/aws-cdk-lib/awslint.json'));
  fs.cpSync(SOURCE_FIXTURE, dir, { recursive: true });
  // Build output next to an integ test: it must stay behind.
  fs.writeFileSync(path.join(dir, `${FIXTURE_INTEG}.js`), '"use strict";\n');
  return dir;
}

export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the tool in this process. */
export function run(checkout: string, source: string | undefined, extra: string[] = []): RunResult {
  const out: string[] = [];
  const err: string[] = [];
  const status = main([checkout, ...(source ? ['--source', source] : []), ...extra], { out: t => out.push(t), err: t => err.push(t) });
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Fails with the tool's own words when it did not succeed. */
export function expectSuccess(result: RunResult): void {
  if (result.status !== 0) throw new Error(`the tool exited with ${result.status}:\n${result.stderr}\n${result.stdout}`);
}

/** A hash of every file under `dir` (but .git), with its path. */
export function treeHash(dir: string): string {
  const hash = crypto.createHash('sha256');
  const walk = (rel: string): void => {
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

export let gitAvailable = true;
try {
  execFileSync('git', ['--version'], { stdio: 'ignore' });
} catch {
  gitAvailable = false;
}

export function gitInit(dir: string): void {
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=test', '-c', 'user.email=test@example.com',
    '-c', 'commit.gpgsign=false', ...args], { stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'fixture');
}

/**
 * A program over files of a checkout, as upstream compiles them: strict, no
 * unused names. `aws-cdk-lib/<module>` is the checkout's module where it has a
 * `lib/index.ts` (aws-ecs with the change, and any module the change adds to);
 * the rest of aws-cdk-lib and constructs come from this repository.
 */
export function program(checkout: string, roots: string[], extra: ts.CompilerOptions = {}): ts.Program {
  const lib = path.join(checkout, 'packages/aws-cdk-lib');
  const modules = Object.fromEntries(fs.readdirSync(lib).filter(m => fs.existsSync(path.join(lib, m, 'lib', 'index.ts')))
    .map(m => [`aws-cdk-lib/${m}`, [path.join(lib, m, 'lib', 'index.ts')]]));
  return ts.createProgram(roots.map(r => (path.isAbsolute(r) ? r : path.join(checkout, r))), {
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
      ...modules,
      'aws-cdk-lib': [path.join(NODE_MODULES, 'aws-cdk-lib')],
      'aws-cdk-lib/*': [path.join(NODE_MODULES, 'aws-cdk-lib/*')],
      'constructs': [path.join(NODE_MODULES, 'constructs')],
      '@aws-cdk/integ-tests-alpha': [path.join(NODE_MODULES, '@aws-cdk/integ-tests-alpha')],
      // Upstream's unit tests take testDeprecated from its build tools.
      '@aws-cdk/cdk-build-tools': [path.join(checkout, 'tools/@aws-cdk/cdk-build-tools/lib/index.ts')],
    },
    ...extra,
  });
}

export function diagnostics(checkout: string, p: ts.Program): string[] {
  return ts.getPreEmitDiagnostics(p).map(d =>
    `${d.file ? `${path.relative(checkout, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : ''}`
    + ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
