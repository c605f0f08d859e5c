// @ts-check
'use strict';

/**
 * Refuses a release that breaks the API of the previous one, unless the new
 * version is one that npm's caret range from the previous version does not
 * reach (a new major version from 1.0.0 on; while the major is 0, a new minor,
 * since `^0.1.0` means `<0.2.0`). Compares the jsii assemblies with jsii-diff.
 *
 *   node scripts/api-diff.js npm:cdk-ecs-private-registry@0.1.0                  # against a release on npm
 *   node scripts/api-diff.js ../old/packages/aws-cdk-lib                         # against a built checkout
 *   node scripts/api-diff.js <previous> --next-version 0.2.0                     # the version about to be released
 *   node scripts/api-diff.js <previous> --updated <dir>                          # another assembly than this package's
 *
 * The next version defaults to packages/aws-cdk-lib/package.json's version
 * (after `commit-and-tag-version` has bumped it). Every API of this package is
 * `experimental`, and jsii-diff only fails on changes to stable APIs by default
 * (it merely warns on experimental ones), so this runs it with `--error-on all`.
 *
 * Exit 0: no breaking change, or one that the version allows. Exit 1: refused.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..');
const PACKAGE = path.join(REPO, 'packages', 'aws-cdk-lib');

/**
 * @param {string} version
 * @returns {[number, number, number]}
 */
function parseVersion(version) {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(version);
  if (!m) throw new Error(`'${version}' is not a semantic version`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/**
 * Whether going from `previous` to `next` may break the API: whether npm's
 * caret range of `previous` leaves `next` out.
 * @param {string} previous
 * @param {string} next
 */
function mayBreak(previous, next) {
  const [pMajor, pMinor] = parseVersion(previous);
  const [nMajor, nMinor] = parseVersion(next);
  if (nMajor !== pMajor) return nMajor > pMajor;
  return pMajor === 0 && nMinor > pMinor;
}

/**
 * @param {string[]} argv
 */
function parseArgs(argv) {
  /** @type {string | undefined} */
  let previous;
  let updated = PACKAGE;
  /** @type {string | undefined} */
  let nextVersion;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--updated' || arg === '--next-version') {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      if (arg === '--updated') updated = path.resolve(value);
      else nextVersion = value;
    } else if (!arg.startsWith('-') && previous === undefined) {
      previous = arg;
    } else {
      throw new Error(`unknown argument '${arg}'`);
    }
  }
  if (!previous) {
    throw new Error('name the previous release: npm:cdk-ecs-private-registry@<version>, or the folder of its built package '
      + '(usage: node scripts/api-diff.js <previous> [--next-version X.Y.Z] [--updated DIR])');
  }
  return { previous, updated, nextVersion };
}

/**
 * @param {string[]} argv
 * @returns {{ code: number, report: string }}
 */
function run(argv) {
  const { previous, updated, nextVersion } = parseArgs(argv);
  const next = nextVersion ?? JSON.parse(fs.readFileSync(path.join(PACKAGE, 'package.json'), 'utf8')).version;
  const bin = require.resolve('jsii-diff/bin/jsii-diff', { paths: [REPO] });
  const diff = spawnSync(process.execPath, [bin, '--error-on', 'all', '--keys', previous, updated], { cwd: REPO, encoding: 'utf8' });
  const output = `${diff.stdout}${diff.stderr}`
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n').filter(line => !line.includes('!!')).join('\n').trim();
  // jsii-diff exits 0 when it cannot load the original ("Skipping analysis"):
  // a release that is not on npm, or a misspelt one, would pass unchecked.
  if (/Skipping analysis/.test(output)) {
    return { code: 1, report: `${output}
Nothing was compared: ${previous} could not be loaded. Before the first release there is no previous one; skip this step then.` };
  }
  if (diff.status === 0) {
    return { code: 0, report: `${output ? `${output}\n` : ''}No breaking API change since ${previous}.` };
  }
  const original = /Original assembly: \S+@(\S+)/.exec(output)?.[1];
  if (diff.status !== 1 || !original || !/incompatible changes/.test(output)) {
    return { code: 1, report: `${output}\njsii-diff failed (exit ${diff.status}) without a comparison.` };
  }
  if (mayBreak(original, next)) {
    return { code: 0, report: `${output}\nBreaking API changes from ${original} to ${next}: allowed, since ${next} is outside ^${original}.` };
  }
  return {
    code: 1,
    report: `${output}\nRefused: ${next} would break the API of ${original}, and ^${original} reaches ${next}. `
      + 'Undo the breaking change (deprecate instead of removing), or release it as a new major version '
      + `(while the major is 0, a new minor), with a 'BREAKING CHANGE:' footer in its commit.`,
  };
}

if (require.main === module) {
  try {
    const { code, report } = run(process.argv.slice(2));
    process.stdout.write(`${report}\n`);
    process.exitCode = code;
  } catch (e) {
    process.stderr.write(`api-diff: ${e instanceof Error ? e.message : e}\n`);
    process.exitCode = 1;
  }
}

module.exports = { run, mayBreak, parseVersion };
