// @ts-check
'use strict';

// Every TypeScript sample of the READMEs a user reads (the repository's, the
// package's and its modules') compiles as printed in a fresh app: its own
// imports, against the package as `npm pack` ships it, with the compiler
// options of `cdk init app --language=typescript`. A sample's imports and
// `declare` lines go at the top of the file, the rest into a stack's
// constructor (`this`), where the READMEs say to put it; that stack is the only
// thing the file adds, under names no sample uses.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const ts = require('typescript');

const REPO = path.resolve(__dirname, '..', '..');
const PACKAGE = path.join(REPO, 'packages', 'aws-cdk-lib');
const READMES = ['README.md', 'packages/aws-cdk-lib/README.md', 'packages/aws-cdk-lib/aws-ecs/README.md', 'packages/aws-cdk-lib/aws-ecr/README.md'];

/** The compiler options of an app made by `cdk init app --language=typescript` (its tsconfig.json). */
const CDK_INIT_OPTIONS = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2022.d.ts'],
  strict: true,
  noImplicitAny: true,
  strictNullChecks: true,
  noImplicitThis: true,
  alwaysStrict: true,
  noImplicitReturns: true,
  experimentalDecorators: true,
  strictPropertyInitialization: false,
  noEmit: true,
  types: [],
};

/**
 * The TypeScript code blocks of a Markdown text, with the line each starts on.
 * @param {string} markdown
 * @returns {Array<{ line: number, code: string }>}
 */
function tsSamples(markdown) {
  /** @type {Array<{ line: number, code: string }>} */
  const samples = [];
  /** @type {string[] | undefined} */
  let body;
  let start = 0;
  let fence = '';
  markdown.split('\n').forEach((line, i) => {
    const m = /^\s*(`{3,}|~{3,})(.*)$/.exec(line);
    if (body) {
      if (m && m[1].startsWith(fence) && m[2].trim() === '') {
        samples.push({ line: start, code: body.join('\n') });
        body = undefined;
      } else {
        body.push(line);
      }
    } else if (m) {
      fence = m[1];
      if (/^(ts|typescript)\b/.test(m[2].trim())) {
        body = [];
        start = i + 2;
      }
    }
  });
  return samples;
}

/**
 * The file a sample becomes in the app.
 * @param {string} code
 */
function asAppFile(code) {
  const sf = ts.createSourceFile('sample.ts', code, ts.ScriptTarget.Latest, true);
  /** @type {string[]} */
  const top = [];
  /** @type {string[]} */
  const body = [];
  for (const s of sf.statements) {
    const hoisted = ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s)
      || (ts.canHaveModifiers(s) && (ts.getModifiers(s) ?? []).some(m => m.kind === ts.SyntaxKind.DeclareKeyword));
    (hoisted ? top : body).push(s.getFullText());
  }
  return [
    ...top,
    "import { Stack as FreshAppStack$ } from 'aws-cdk-lib';",
    "import { Construct as FreshAppConstruct$ } from 'constructs';",
    'export class SampleStack$ extends FreshAppStack$ {',
    '  constructor(scope: FreshAppConstruct$, id: string) {',
    '    super(scope, id);',
    ...body,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** @type {string} */
let app;

/**
 * Type-checks files in the app; returns their diagnostics as `file:line: message`.
 * @param {Record<string, string>} files name → text
 */
function compile(files) {
  const names = Object.entries(files).map(([name, text]) => {
    const file = path.join(app, 'lib', `${name}.ts`);
    fs.writeFileSync(file, text);
    return file;
  });
  const program = ts.createProgram(names, CDK_INIT_OPTIONS);
  return ts.getPreEmitDiagnostics(program).map(d => {
    const where = d.file && d.start !== undefined ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

beforeAll(() => {
  if (!fs.existsSync(path.join(PACKAGE, 'aws-ecs', 'index.d.ts'))) {
    throw new Error('packages/aws-cdk-lib is not built: run `npm run build` first');
  }
  app = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-samples-'));
  fs.mkdirSync(path.join(app, 'lib'));
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'fresh-app', version: '0.1.0', private: true }));
  // The package as the tarball holds it: `npm pack`, unpacked into node_modules.
  const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', app], { cwd: PACKAGE, encoding: 'utf8' }));
  const installed = path.join(app, 'node_modules', 'cdk-ecs-private-registry');
  fs.mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', path.join(app, filename), '-C', installed, '--strip-components=1']);
  for (const peer of ['aws-cdk-lib', 'constructs']) {
    fs.symlinkSync(path.join(REPO, 'node_modules', peer), path.join(app, 'node_modules', peer), 'dir');
  }
}, 120_000);

afterAll(() => {
  if (app) fs.rmSync(app, { recursive: true, force: true });
});

test('the READMEs have samples, and the package\'s samples import what they use from aws-cdk-lib', () => {
  const counts = Object.fromEntries(READMES.map(readme => [readme, tsSamples(fs.readFileSync(path.join(REPO, readme), 'utf8')).length]));
  expect(Object.values(counts).every(n => n > 0)).toBe(true);
  const ecs = tsSamples(fs.readFileSync(path.join(REPO, 'packages/aws-cdk-lib/aws-ecs/README.md'), 'utf8')).map(s => s.code).join('\n');
  expect(ecs).toContain("import { CfnParameter, SecretValue } from 'aws-cdk-lib';");
  expect(ecs).toContain("import { Size } from 'aws-cdk-lib';");
});

/** The samples, and one that uses a name it does not import, compiled in one program. */
function compiledSamples() {
  /** @type {Record<string, string>} */
  const files = {
    missing: asAppFile("import * as batch from 'aws-cdk-lib/aws-batch';\n\nnew batch.EcsFargateContainerDefinition(this, 'C', "
      + "{ image: undefined as any, cpu: 1, memory: Size.gibibytes(2) });"),
  };
  /** @type {Record<string, string>} */
  const origin = {};
  for (const readme of READMES) {
    tsSamples(fs.readFileSync(path.join(REPO, readme), 'utf8')).forEach(({ line, code }, i) => {
      const name = `${readme.replace(/[/.]/g, '_')}_${i}`;
      files[name] = asAppFile(code);
      origin[`${name}.ts`] = `${readme} (sample from line ${line})`;
    });
  }
  const errors = compile(files);
  return {
    samples: errors.filter(e => !e.startsWith('missing.ts:')).map(e => e.replace(/^([^:]+)/, f => origin[f] ?? f)),
    missing: errors.filter(e => e.startsWith('missing.ts:')),
  };
}

/** @type {{ samples: string[], missing: string[] } | undefined} */
let compiled;

test('every sample compiles as printed in a fresh app', () => {
  compiled ??= compiledSamples();
  expect(compiled.samples).toEqual([]);
}, 120_000);

test('a sample that uses a name it does not import fails to compile', () => {
  compiled ??= compiledSamples();
  expect(compiled.missing).toEqual([expect.stringMatching(/^missing\.ts:\d+: Cannot find name 'Size'\./)]);
}, 120_000);

test('the package\'s engines are aws-cdk-lib\'s, as the README says', () => {
  const own = require(path.join(PACKAGE, 'package.json')).engines.node;
  expect(own).toBe(require(path.join(REPO, 'node_modules', 'aws-cdk-lib', 'package.json')).engines.node);
  expect(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8')).toContain(`as \`aws-cdk-lib\`'s own \`engines\` (\`${own}\`)`);
});

test('the READMEs the package ships name no file it does not ship, such as its tests', () => {
  const shipped = ['packages/aws-cdk-lib/README.md', 'packages/aws-cdk-lib/aws-ecs/README.md', 'packages/aws-cdk-lib/aws-ecr/README.md'];
  const mentions = shipped.flatMap(readme => [...fs.readFileSync(path.join(REPO, readme), 'utf8').matchAll(/[\w./-]*\btest\/[\w./-]+\.ts\b/g)]
    .map(m => `${readme}: ${m[0]}`));
  expect(mentions).toEqual([]);
});
