// @ts-check
'use strict';

/**
 * Writes the release artifacts of packages/aws-cdk-lib into dist/, laid out
 * the way jsii libraries release them and publib publishes them:
 *
 *   dist/js/cdk-ecs-private-registry@<version>.jsii.tgz   the npm tarball (built)
 *   dist/python/, dist/java/, dist/dotnet/, dist/go/      jsii-pacmak's output per language
 *
 *   npm run package                                  # builds the library first, then this
 *   node scripts/package.js --outdir /tmp/out        # into another folder (the library must be built)
 *   node scripts/package.js --build python,java      # build those languages' packages too
 *   node scripts/package.js --build all
 *
 * The npm tarball is always built. The other languages are generated as
 * sources (jsii-pacmak --code-only) unless named in --build, which builds their
 * packages and checks each with its ecosystem's own tool:
 *
 *   python  jsii-pacmak builds the wheel and the sdist (in a virtual environment
 *           of its own, from PyPI); then `twine check --strict` over both, with
 *           the twine of scripts/requirements-package.txt, in the virtual
 *           environment .cache/package-venv that this script creates.
 *   java    jsii-pacmak runs Maven's `deploy` into dist/java, a Maven repository
 *           (the lifecycle runs `verify` on the way); the jar, its sources and
 *           javadoc jars and its pom must be there.
 *   go      jsii-pacmak generates the module; this script then drops the
 *           `// indirect` requirements that jsii-pacmak copies from npm's
 *           dependency tree (npm's @aws-cdk/cloud-assembly-schema 53.28.0 has
 *           no Go release: the module proxy answers "not available"; Go derives
 *           indirect requirements from the direct ones' own go.mod), and runs
 *           `go mod tidy`, `go vet ./...` and `go build ./...` in it.
 *   dotnet  needs the .NET SDK and NuGet, which this project's machines lack:
 *           generated sources only (CONTRIBUTING.md, "Packaging").
 *
 * Every code sample in the docs of every language comes from the rosetta
 * tablet that `npm run build` writes (--rosetta-unknown-snippets fail): a sample
 * missing from it fails the run instead of landing untranslated.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..');
const CACHE = path.join(REPO, '.cache');
const PACKAGE = path.join(REPO, 'packages', 'aws-cdk-lib');
const LANGUAGES = ['python', 'java', 'dotnet', 'go'];

/**
 * @param {string[]} argv
 * @returns {{ outdir: string, build: string[] }}
 */
function parseArgs(argv) {
  let outdir = path.join(REPO, 'dist');
  /** @type {string[]} */
  let build = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--outdir') {
      outdir = path.resolve(value());
    } else if (arg === '--build') {
      const v = value();
      build = v === 'all' ? [...LANGUAGES] : v.split(',').map(s => s.trim()).filter(Boolean);
      const unknown = build.filter(l => !LANGUAGES.includes(l));
      if (unknown.length > 0) throw new Error(`--build: unknown language(s) ${unknown.join(', ')}; choose from ${LANGUAGES.join(', ')} or all`);
    } else {
      throw new Error(`unknown argument '${arg}' (usage: node scripts/package.js [--outdir DIR] [--build LANG,...|all])`);
    }
  }
  return { outdir, build };
}

/** The library must be built, with a tablet at least as new as its assembly. */
function checkBuilt() {
  const assembly = path.join(PACKAGE, '.jsii');
  const tablet = path.join(PACKAGE, '.jsii.tabl.json');
  if (!fs.existsSync(assembly) || !fs.existsSync(tablet)) {
    throw new Error('packages/aws-cdk-lib is not built (no .jsii or .jsii.tabl.json): run `npm run package`, which builds it, or `npm run build` first');
  }
  if (fs.statSync(tablet).mtimeMs < fs.statSync(assembly).mtimeMs) {
    throw new Error('the rosetta tablet is older than the assembly: run `npm run build` in packages/aws-cdk-lib');
  }
}

/**
 * @param {string} outdir
 * @param {string[]} targets
 * @param {boolean} codeOnly
 */
function pacmak(outdir, targets, codeOnly) {
  const bin = require.resolve('jsii-pacmak/bin/jsii-pacmak', { paths: [REPO] });
  const args = [bin, PACKAGE, '--outdir', outdir, '--targets', ...targets, '--rosetta-unknown-snippets', 'fail'];
  if (codeOnly) args.push('--code-only');
  process.stderr.write(`$ jsii-pacmak ${args.slice(2).map(a => path.isAbsolute(a) ? path.relative(REPO, a) || '.' : a).join(' ')}\n`);
  const result = spawnSync(process.execPath, args, { cwd: REPO, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`jsii-pacmak failed for ${targets.join(', ')}${codeOnly ? '' : ' (to generate sources only, leave them out of --build)'}`);
  }
}

/**
 * The files of the npm tarball in `dir`, checked to hold what a jsii release needs.
 * @param {string} dir
 */
function checkTarball(dir) {
  const tarballs = fs.readdirSync(dir).filter(f => f.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(`expected one tarball in ${dir}, found ${tarballs.length}`);
  const list = spawnSync('tar', ['-tzf', path.join(dir, tarballs[0])], { encoding: 'utf8' });
  if (list.status !== 0) throw new Error(`cannot list ${tarballs[0]}: ${list.stderr}`);
  const files = list.stdout.split('\n').filter(Boolean).map(f => f.replace(/^package\//, ''));
  const missing = ['.jsii', '.jsii.tabl.json', 'LICENSE', 'NOTICE', 'README.md', 'package.json'].filter(f => !files.includes(f));
  if (missing.length > 0) throw new Error(`${tarballs[0]} lacks ${missing.join(', ')}`);
  return { tarball: tarballs[0], files };
}

/**
 * Run a command, echoing it; throw when it fails.
 * @param {string} command
 * @param {string[]} args
 * @param {import('child_process').SpawnSyncOptions} [options]
 */
function run(command, args, options = {}) {
  process.stderr.write(`$ ${[command, ...args].map(a => path.isAbsolute(a) ? path.relative(REPO, a) || '.' : a).join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: REPO, stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

/**
 * The Python artifacts: one wheel and one sdist, checked by twine (strict:
 * warnings fail too, such as a README that PyPI would not render).
 * @param {string} dir dist/python
 */
function checkPython(dir) {
  const files = fs.readdirSync(dir);
  const wheels = files.filter(f => f.endsWith('.whl'));
  const sdists = files.filter(f => f.endsWith('.tar.gz'));
  if (wheels.length !== 1 || sdists.length !== 1) throw new Error(`expected one wheel and one sdist in ${dir}, found ${files.join(', ')}`);
  const venv = path.join(CACHE, 'package-venv');
  const python = path.join(venv, 'bin', 'python');
  if (!fs.existsSync(python)) run('python3', ['-m', 'venv', venv]);
  run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', path.join(__dirname, 'requirements-package.txt')]);
  run(python, ['-m', 'twine', 'check', '--strict', ...[...wheels, ...sdists].map(f => path.join(dir, f))]);
  return [...wheels, ...sdists];
}

/**
 * The Maven artifacts that jsii-pacmak deployed into the repository at `dir`.
 * @param {string} dir dist/java
 * @param {{ groupId: string, artifactId: string }} maven
 * @param {string} version
 */
function checkJava(dir, maven, version) {
  const folder = path.join(dir, ...maven.groupId.split('.'), maven.artifactId, version);
  const base = `${maven.artifactId}-${version}`;
  const expected = [`${base}.jar`, `${base}-sources.jar`, `${base}-javadoc.jar`, `${base}.pom`];
  const missing = expected.filter(f => !fs.existsSync(path.join(folder, f)));
  if (missing.length > 0) throw new Error(`${path.relative(REPO, folder)} lacks ${missing.join(', ')}`);
  return expected.map(f => path.relative(dir, path.join(folder, f)));
}

/**
 * The requirements of a go.mod without those marked `// indirect`.
 * @param {string} goMod
 */
function dropIndirectRequirements(goMod) {
  return goMod.split('\n').filter(line => !/^\s*\S+\s+\S+\s*\/\/\s*indirect\s*$/.test(line)).join('\n');
}

/**
 * Build the generated Go module with the Go toolchain: its requirements from
 * the module proxy, then vet and build every package.
 * @param {string} dir dist/go
 */
function buildGo(dir) {
  const [module] = fs.readdirSync(dir, { withFileTypes: true }).filter(e => e.isDirectory()).map(e => path.join(dir, e.name));
  const goMod = path.join(module, 'go.mod');
  fs.writeFileSync(goMod, dropIndirectRequirements(fs.readFileSync(goMod, 'utf8')));
  for (const args of [['mod', 'tidy'], ['vet', './...'], ['build', './...']]) run('go', args, { cwd: module });
  return path.relative(dir, module);
}

/** @param {string[]} argv */
function main(argv) {
  const { outdir, build } = parseArgs(argv);
  checkBuilt();
  fs.rmSync(outdir, { recursive: true, force: true });
  // The npm tarball first: packing runs the package's prepack script, which
  // copies LICENSE and NOTICE into the package, where pacmak's other targets
  // pick them up too.
  pacmak(outdir, ['js'], false);
  // Go is generated here and built below with the Go toolchain itself.
  const byPacmak = build.filter(l => l !== 'go');
  const codeOnly = LANGUAGES.filter(l => !byPacmak.includes(l));
  if (codeOnly.length > 0) pacmak(outdir, codeOnly, true);
  if (byPacmak.length > 0) pacmak(outdir, byPacmak, false);
  const { tarball } = checkTarball(path.join(outdir, 'js'));

  const manifest = require(path.join(PACKAGE, 'package.json'));
  /** @type {Record<string, string>} */
  const built = {};
  if (build.includes('python')) built.python = `${checkPython(path.join(outdir, 'python')).join(', ')} (twine check --strict: PASSED)`;
  if (build.includes('java')) built.java = `${checkJava(path.join(outdir, 'java'), manifest.jsii.targets.java.maven, manifest.version).map(f => path.basename(f)).join(', ')} (mvn deploy, verify included)`;
  if (build.includes('go')) built.go = `${buildGo(path.join(outdir, 'go'))} (go mod tidy, go vet, go build)`;
  if (build.includes('dotnet')) built.dotnet = 'built by jsii-pacmak (dotnet build)';

  const rel = path.relative(process.cwd(), outdir) || '.';
  process.stdout.write(`\nWrote ${rel}/:\n`);
  process.stdout.write(`  js/${tarball}  (built)\n`);
  for (const language of LANGUAGES) {
    process.stdout.write(`  ${language}/  (${built[language] ?? 'sources only, jsii-pacmak --code-only'})\n`);
  }
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`package: ${e instanceof Error ? e.message : e}\n`);
    process.exitCode = 1;
  }
}

module.exports = { parseArgs, checkTarball, dropIndirectRequirements, LANGUAGES };
