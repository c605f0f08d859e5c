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
