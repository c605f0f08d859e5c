// @ts-check
'use strict';

// The decisions of scripts/test-languages.js that do not need the toolchains:
// which languages run, and when a missing toolchain fails; how templates are
// compared. (The languages themselves run in `npm run test:languages`.)
const { plan, isCi, differences } = require('../test-languages');
const { dropIndirectRequirements } = require('../package');

test('outside CI, a language without its toolchain is skipped, and said to be', () => {
  expect(plan({ python: true, java: false, go: true }, false)).toEqual({ run: ['python', 'go'], skipped: ['java'] });
});

test('under CI, a language without its toolchain fails the run, naming what is missing', () => {
  expect(() => plan({ python: true, java: false, go: false }, true))
    .toThrow('CI requires the toolchains of every language, and java, go are missing: java needs java and mvn; go needs go');
  expect(plan({ python: true, java: true, go: true }, true)).toEqual({ run: ['python', 'java', 'go'], skipped: [] });
});

test('CI is on for CI=true or 1, off when unset, empty, 0 or false', () => {
  expect([undefined, '', '0', 'false', 'FALSE'].map(isCi)).toEqual([false, false, false, false, false]);
  expect(['true', '1', 'True'].map(isCi)).toEqual([true, true, true]);
});

test('templates that differ are reported by resource', () => {
  const expected = { Resources: { A: { Type: 'X', Properties: { P: 1 } }, B: { Type: 'Y' } }, Parameters: { Q: {} } };
  expect(differences(expected, JSON.parse(JSON.stringify(expected)))).toEqual([]);
  expect(differences(expected, { Resources: { A: { Type: 'X', Properties: { P: 2 } }, C: { Type: 'Z' } }, Parameters: { Q: {} } }))
    .toEqual(['Resources.A: differs', 'Resources.B: missing', "Resources.C: not in the TypeScript app's"]);
});

test('the Go module keeps its direct requirements and loses the indirect ones', () => {
  const goMod = [
    'module example.com/m', '', 'go 1.25', '', 'require (',
    '\tgithub.com/aws/jsii-runtime-go v1.140.0',
    '\tgithub.com/aws/aws-cdk-go/awscdk/v2 v2.257.0',
    '\tgithub.com/cdklabs/cloud-assembly-schema-go/awscdkcloudassemblyschema/v53 v53.28.0 // indirect',
    ')', '',
  ].join('\n');
  expect(dropIndirectRequirements(goMod)).toBe([
    'module example.com/m', '', 'go 1.25', '', 'require (',
    '\tgithub.com/aws/jsii-runtime-go v1.140.0',
    '\tgithub.com/aws/aws-cdk-go/awscdk/v2 v2.257.0',
    ')', '',
  ].join('\n'));
});

describe('run where no language toolchain is on the PATH', () => {
  const { spawnSync } = require('child_process');
  const fs = require('fs');
  const os = require('os');
  const path = require('path');
  /** @type {string} */
  let bin;
  beforeAll(() => {
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'no-toolchains-'));
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  });
  afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));

  /** @param {Record<string, string>} env */
  function run(env) {
    return spawnSync(process.execPath, [path.join(__dirname, '..', 'test-languages.js')], { encoding: 'utf8', env: { PATH: bin, ...env } });
  }

  test('outside CI it tests nothing, says so, and succeeds', () => {
    const result = run({});
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('languages: none tested (no toolchain of python, java, go)\n');
  });

  test('under CI it fails before building anything', () => {
    const result = run({ CI: 'true' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('CI requires the toolchains of every language, and python, java, go are missing');
  });
});
