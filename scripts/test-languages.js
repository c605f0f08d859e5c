// @ts-check
'use strict';

/**
 * The example app in Python, Java and Go, each on the package as its users
 * install it, synthesizes the same template as the TypeScript app; and the
 * Python tests of the jsii boundary pass.
 *
 *   npm run test:languages       (the last step of `npm test`; the library and
 *                                 the TypeScript example must be built)
 *
 * 1. Which toolchains are here: Python 3 with venv, Java with Maven, Go. A
 *    missing one is skipped, and said so; under CI (CI=true) it fails the run.
 * 2. `node scripts/package.js --build <those languages>` builds the packages
 *    once, into dist/, for all the apps below.
 * 3. Python: a virtual environment (.cache/languages/venv) with
 *    examples/private-registry/python/requirements.txt and the built wheel,
 *    installed by pip; then the app, and pytest over its tests/.
 *    Java: the built jar, with its pom, sources and javadoc, installed into the
 *    local Maven repository (`mvn install:install-file`); then the app
 *    (`mvn compile exec:java`). Go: the app's go.mod replaces the module with
 *    dist/go/cdkecsprivateregistry; then `go run .`.
 * 4. Each app's template must deep-equal the TypeScript app's. Every app runs
 *    with the context `aws:cdk:version-reporting: false`, so that none carries
 *    the AWS::CDK::Metadata resource, which names the app's language: nothing
 *    is stripped from the templates.
 *
 * Caches (pip's, ~/.m2, Go's module and build caches) make a second run fast.
 */
const { spawnSync } = require('child_process');
const assert = require('assert');
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..');
const EXAMPLE = path.join(REPO, 'examples', 'private-registry');
const DIST = path.join(REPO, 'dist');
const VENV = path.join(REPO, '.cache', 'languages', 'venv');
const LANGUAGES = /** @type {const} */ (['python', 'java', 'go']);
const CONTEXT = JSON.stringify({ 'aws:cdk:version-reporting': false });

/** @typedef {typeof LANGUAGES[number]} Language */

/**
 * The commands each language's toolchain needs, each with the arguments that prove it works.
 * @type {Record<Language, Array<[string, string[]]>>}
 */
const TOOLCHAINS = {
  python: [['python3', ['-c', 'import venv, ensurepip']]],
  java: [['java', ['-version']], ['mvn', ['--version']]],
  go: [['go', ['version']]],
};

/**
 * Which languages to test, and what to say of the others.
 * @param {Record<string, boolean>} present each language, and whether its toolchain is here
 * @param {boolean} ci whether this is CI, which requires every toolchain
 * @returns {{ run: Language[], skipped: Language[] }}
 */
function plan(present, ci) {
  const run = LANGUAGES.filter(l => present[l]);
  const skipped = LANGUAGES.filter(l => !present[l]);
  if (ci && skipped.length > 0) {
    throw new Error(`CI requires the toolchains of every language, and ${skipped.join(', ')} ${skipped.length > 1 ? 'are' : 'is'} missing: ` +
      skipped.map(l => `${l} needs ${TOOLCHAINS[l].map(([c]) => c).join(' and ')}`).join('; '));
  }
  return { run, skipped };
}

/** @param {string | undefined} value */
function isCi(value) {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** @param {Language} language */
function toolchainPresent(language) {
  return TOOLCHAINS[language].every(([command, args]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0);
}

/**
 * Run a command; its stdout is returned, its stderr passed through.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options]
 */
function run(command, args, options = {}) {
  const cwd = options.cwd ?? REPO;
  process.stderr.write(`$ (${path.relative(REPO, cwd) || '.'}) ${command} ${args.map(a => path.isAbsolute(a) ? path.relative(cwd, a) : a).join(' ')}\n`);
  const result = spawnSync(command, args, {
    cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, CDK_CONTEXT_JSON: CONTEXT, ...options.env },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    process.stderr.write(result.stdout);
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}) in ${path.relative(REPO, cwd) || '.'}`);
  }
  return result.stdout;
}

/** @param {string} dir @param {RegExp} pattern */
function only(dir, pattern) {
  const found = fs.readdirSync(dir).filter(f => pattern.test(f));
  if (found.length !== 1) throw new Error(`expected one ${pattern} in ${dir}, found ${found.length}`);
  return path.join(dir, found[0]);
}

/** The Python app's template, after its tests pass. */
function python() {
  const dir = path.join(EXAMPLE, 'python');
  const bin = path.join(VENV, 'bin');
  if (!fs.existsSync(path.join(bin, 'python'))) run('python3', ['-m', 'venv', VENV]);
  const pip = [path.join(bin, 'python'), '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check'];
  run(pip[0], [...pip.slice(1), '-r', path.join(dir, 'requirements.txt')]);
  // The wheel of this run, over whatever an earlier run installed under the same version.
  run(pip[0], [...pip.slice(1), '--force-reinstall', '--no-deps', only(path.join(DIST, 'python'), /\.whl$/)]);
  run(path.join(bin, 'python'), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'], { cwd: dir });
  return run(path.join(bin, 'python'), ['app.py'], { cwd: dir });
}

/** The Java app's template. */
function java() {
  const dir = path.join(EXAMPLE, 'java');
  const { groupId, artifactId } = require(path.join(REPO, 'packages', 'aws-cdk-lib', 'package.json')).jsii.targets.java.maven;
  const folder = path.join(DIST, 'java', ...groupId.split('.'), artifactId);
  const version = fs.readdirSync(folder, { withFileTypes: true }).filter(e => e.isDirectory()).map(e => e.name)[0];
  const base = path.join(folder, version, `${artifactId}-${version}`);
  run('mvn', ['--batch-mode', '--quiet', 'org.apache.maven.plugins:maven-install-plugin:3.1.2:install-file',
    `-Dfile=${base}.jar`, `-DpomFile=${base}.pom`, `-Dsources=${base}-sources.jar`, `-Djavadoc=${base}-javadoc.jar`], { cwd: dir });
  // Maven's console (jansi) writes a color reset before the program's output,
  // even with colors off: the escape sequences are removed, nothing else.
  return run('mvn', ['--batch-mode', '--quiet', '-Dstyle.color=never', 'compile', 'exec:java'], { cwd: dir }).replace(/\u001b\[[0-9;]*m/g, '');
}

/** The Go app's template. */
function go() {
  return run('go', ['run', '.'], { cwd: path.join(EXAMPLE, 'go') });
}

/**
 * Where two templates differ: the resources (or other top-level keys) that
 * one has and the other lacks, or has otherwise.
 * @param {any} expected
 * @param {any} actual
 */
function differences(expected, actual) {
  /** @type {string[]} */
  const found = [];
  for (const section of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const e = expected[section] ?? {};
    const a = actual[section] ?? {};
    if (typeof e !== 'object' || typeof a !== 'object') {
      if (JSON.stringify(e) !== JSON.stringify(a)) found.push(section);
      continue;
    }
    for (const key of new Set([...Object.keys(e), ...Object.keys(a)])) {
      if (!(key in a)) found.push(`${section}.${key}: missing`);
      else if (!(key in e)) found.push(`${section}.${key}: not in the TypeScript app's`);
      else if (!isDeepStrictEqual(e[key], a[key])) found.push(`${section}.${key}: differs`);
    }
  }
  return found;
}

/** @param {unknown} a @param {unknown} b */
function isDeepStrictEqual(a, b) {
  return require('util').isDeepStrictEqual(a, b);
}

function main() {
  const ci = isCi(process.env.CI);
  const present = Object.fromEntries(LANGUAGES.map(l => [l, toolchainPresent(l)]));
  const { run: languages, skipped } = plan(present, ci);
  if (languages.length === 0) {
    process.stdout.write(`languages: none tested (no toolchain of ${skipped.join(', ')})\n`);
    return;
  }
  const appJs = path.join(EXAMPLE, 'bin', 'app.js');
  if (!fs.existsSync(appJs)) throw new Error('examples/private-registry is not built: run `npm run build` first');
  const expected = JSON.parse(run(process.execPath, [appJs]));

  const started = Date.now();
  run(process.execPath, [path.join(__dirname, 'package.js'), '--build', languages.join(',')]);
  /** @type {string[]} */
  const lines = [`package ${languages.join(', ')}: ${seconds(started)}`];

  const apps = { python, java, go };
  /** @type {string[]} */
  const failures = [];
  for (const language of languages) {
    const start = Date.now();
    const actual = JSON.parse(apps[language]());
    const found = differences(expected, actual);
    if (found.length > 0) failures.push(`${language}: the template differs from the TypeScript app's at\n    ${found.join('\n    ')}`);
    lines.push(`${language}: ${found.length === 0 ? 'template equal to the TypeScript app\'s' : 'template DIFFERS'}` +
      `${language === 'python' ? ', pytest passed' : ''} (${seconds(start)})`);
  }
  process.stdout.write(`\nlanguages tested: ${languages.join(', ')}` +
    `${skipped.length > 0 ? `; skipped (no toolchain): ${skipped.join(', ')}` : ''}\n  ${lines.join('\n  ')}\n`);
  assert.deepStrictEqual(failures, [], failures.join('\n'));
}

/** @param {number} since */
function seconds(since) {
  return `${Math.round((Date.now() - since) / 1000)} s`;
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`test-languages: ${e instanceof Error ? e.message : e}\n`);
    process.exitCode = 1;
  }
}

module.exports = { plan, isCi, differences, LANGUAGES };
