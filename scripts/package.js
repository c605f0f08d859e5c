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
 * sources (jsii-pacmak --code-only) unless named in --build: building them
 * needs each language's toolchain and its registry (PyPI for Python's build
 * tools, Maven Central for Java's plugins and the jsii runtime, the .NET SDK
 * and NuGet, the Go toolchain and module proxy), which a release machine has and
 * this project's development machines do not (CONTRIBUTING.md, "Packaging").
 *
 * Every code sample in the docs of every language comes from the rosetta
 * tablet that `npm run build` writes (--rosetta-unknown-snippets fail): a sample
 * missing from it fails the run instead of landing untranslated.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..');
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

/** @param {string[]} argv */
function main(argv) {
  const { outdir, build } = parseArgs(argv);
  checkBuilt();
  fs.rmSync(outdir, { recursive: true, force: true });
  // The npm tarball first: packing runs the package's prepack script, which
  // copies LICENSE and NOTICE into the package, where pacmak's other targets
  // pick them up too.
  pacmak(outdir, ['js'], false);
  const codeOnly = LANGUAGES.filter(l => !build.includes(l));
  if (codeOnly.length > 0) pacmak(outdir, codeOnly, true);
  if (build.length > 0) pacmak(outdir, build, false);
  const { tarball } = checkTarball(path.join(outdir, 'js'));

  const rel = path.relative(process.cwd(), outdir) || '.';
  process.stdout.write(`\nWrote ${rel}/:\n`);
  process.stdout.write(`  js/${tarball}  (built)\n`);
  for (const language of LANGUAGES) {
    process.stdout.write(`  ${language}/  (${build.includes(language) ? 'built' : 'sources only, jsii-pacmak --code-only'})\n`);
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

module.exports = { parseArgs, checkTarball, LANGUAGES };
