// @ts-check
'use strict';

// The release check of the API (scripts/api-diff.js, jsii-diff underneath),
// against the assembly that `npm test` has built and copies of it with a
// public method removed, as an earlier or a later release.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { run, mayBreak } = require('../api-diff');

const REPO = path.resolve(__dirname, '..', '..');
const PACKAGE = path.join(REPO, 'packages', 'aws-cdk-lib');
const FROM_INTERNET = 'cdk-ecs-private-registry.aws_ecs.ContainerImage.fromInternet';

/** @type {string} */
let dir;

/**
 * A package folder holding this package's assembly at `version`, edited by `edit`.
 * @param {string} name
 * @param {string} version
 * @param {(assembly: any) => void} [edit]
 */
function assemblyAt(name, version, edit) {
  const assembly = JSON.parse(fs.readFileSync(path.join(PACKAGE, '.jsii'), 'utf8'));
  assembly.version = version;
  edit?.(assembly);
  const folder = path.join(dir, name);
  fs.mkdirSync(folder);
  const manifest = JSON.parse(fs.readFileSync(path.join(PACKAGE, 'package.json'), 'utf8'));
  fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ ...manifest, version }));
  fs.writeFileSync(path.join(folder, '.jsii'), JSON.stringify(assembly));
  return folder;
}

/** @param {any} assembly */
function withoutFromInternet(assembly) {
  const type = assembly.types['cdk-ecs-private-registry.aws_ecs.ContainerImage'];
  const before = type.methods.length;
  type.methods = type.methods.filter((/** @type {{ name: string }} */ m) => m.name !== 'fromInternet');
  expect(type.methods.length).toBe(before - 1);
}

beforeAll(() => {
  if (!fs.existsSync(path.join(PACKAGE, '.jsii'))) throw new Error('packages/aws-cdk-lib is not built: run `npm run build` first');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-diff-test-'));
  // The assemblies' dependencies (aws-cdk-lib, constructs) resolve from here.
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('only a version outside the caret range of the previous one may break its API', () => {
  expect(mayBreak('0.1.0', '0.1.1')).toBe(false);
  expect(mayBreak('0.1.0', '0.2.0')).toBe(true);
  expect(mayBreak('1.2.0', '1.3.0')).toBe(false);
  expect(mayBreak('1.2.0', '1.2.1')).toBe(false);
  expect(mayBreak('1.2.0', '2.0.0')).toBe(true);
  expect(mayBreak('0.9.0', '1.0.0')).toBe(true);
});

test('the same API passes', () => {
  const previous = assemblyAt('same', '1.2.0');
  const { code, report } = run([previous, '--next-version', '1.3.0']);
  expect(report).toContain('No breaking API change');
  expect(code).toBe(0);
});

test('a new method passes in a minor release', () => {
  const previous = assemblyAt('older', '1.2.0', withoutFromInternet);
  const { code, report } = run([previous, '--next-version', '1.3.0']);
  expect(report).toContain('No breaking API change');
  expect(code).toBe(0);
});

// fromInternet is experimental, like every API of this package: jsii-diff's
// default (--error-on prod) would only warn about its removal.
test('a removed public method is refused in a minor release, naming it, and allowed in a major one', () => {
  const previous = assemblyAt('released', '1.2.0');
  const updated = assemblyAt('broken', '1.3.0', withoutFromInternet);
  const minor = run([previous, '--updated', updated, '--next-version', '1.3.0']);
  expect(minor.code).toBe(1);
  expect(minor.report).toContain(`[removed:${FROM_INTERNET}]`);
  expect(minor.report).toContain('Refused: 1.3.0 would break the API of 1.2.0');
  const major = run([previous, '--updated', updated, '--next-version', '2.0.0']);
  expect(major.code).toBe(0);
  expect(major.report).toContain('allowed, since 2.0.0 is outside ^1.2.0');
});
