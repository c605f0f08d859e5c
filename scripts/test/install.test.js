// @ts-check
'use strict';

// scripts/install.js, the first step of `npm test`: it installs when
// node_modules is missing or differs from package-lock.json, and only then.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { staleness } = require('../install');

const REPO = path.resolve(__dirname, '..', '..');

/** @type {string} */
let dir;

/**
 * A project whose lockfile pins `pinned` and whose node_modules holds `installed` (none when undefined).
 * @param {Record<string, any>} pinned
 * @param {Record<string, any> | undefined} installed
 */
function project(pinned, installed) {
  fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'p' }, ...pinned } }));
  fs.rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
  if (installed) {
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.writeFileSync(path.join(dir, 'node_modules', '.package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: installed }));
  }
  return dir;
}

const A = { 'node_modules/a': { version: '1.0.0', integrity: 'sha512-a' } };

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'install-test-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('installs on a fresh clone, where nothing is installed', () => {
  expect(staleness(project(A, undefined))).toBe('nothing is installed');
});

test('installs nothing when node_modules holds exactly what the lockfile pins, optional packages for other platforms left out', () => {
  expect(staleness(project({ ...A, 'node_modules/fsevents': { version: '2.3.3', optional: true } }, A))).toBeUndefined();
});

test('installs when a package differs from the lockfile, is missing, or is not in it', () => {
  expect(staleness(project(A, { 'node_modules/a': { ...A['node_modules/a'], version: '1.0.1' } }))).toMatch(/^1 package\(s\) differ .*node_modules\/a/);
  expect(staleness(project({ ...A, 'node_modules/b': { version: '2.0.0' } }, A))).toMatch(/node_modules\/b/);
  expect(staleness(project(A, { ...A, 'node_modules/c': { version: '3.0.0' } }))).toMatch(/node_modules\/c/);
});

test('this repository, installed by npm ci, needs no second install', () => {
  expect(execFileSync(process.execPath, [path.join(REPO, 'scripts', 'install.js'), '--check'], { encoding: 'utf8' }))
    .toBe('node_modules matches package-lock.json\n');
});
