// @ts-check
'use strict';

/**
 * Mutation testing of the library: StrykerJS over packages/aws-cdk-lib's
 * `aws-ecs/lib` and `aws-ecr/lib` with their jest tests
 * (packages/aws-cdk-lib/stryker.config.json), then the per-file table and
 * the checks that make the run pass or fail.
 *
 *   npm run mutation                                        # every file (incremental: unchanged mutants are reused)
 *   npm run mutation -- --mutate aws-ecs/lib/private/secret-arn.ts   # one file, while killing its survivors
 *   npm run mutation -- --force                             # every mutant again, ignoring the incremental file
 *   npm run mutation -- --check-only                        # the table and checks of the last report, without running
 *
 * Other arguments go to `stryker run` as they are. The report is written to
 * packages/aws-cdk-lib/reports/mutation/ (git ignores it): index.html, mutation.json,
 * and the incremental files: one of the runs of every file, one of the runs of
 * some (`--mutate`), so that a run of one file does not drop the others' results.
 *
 * A mutant that survives (or that no test reaches) must be killed by a test,
 * or, if no behaviour can tell it from the original, be listed in
 * packages/aws-cdk-lib/stryker-equivalents.json with the reason. The run
 * fails when
 * - a surviving mutant is neither killed nor listed;
 * - a listed entry matches no surviving mutant of a file that was mutated
 *   (stale: the code moved or changed, or a test now kills it);
 * - the score of a file is below FILE_GOAL, or, when every file was mutated,
 *   the overall score is below OVERALL_GOAL. Listed equivalents count as
 *   survivors in every score.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..');
const PACKAGE = path.join(REPO, 'packages', 'aws-cdk-lib');
const CONFIG = path.join(PACKAGE, 'stryker.config.json');
const EQUIVALENTS = path.join(PACKAGE, 'stryker-equivalents.json');
const REPORT = path.join(PACKAGE, 'reports', 'mutation', 'mutation.json');
/** The incremental file of runs of some files (`--mutate`), apart from that of every file (stryker.config.json's). */
const PART_INCREMENTAL = path.join(PACKAGE, 'reports', 'mutation', 'stryker-incremental-part.json');

/** Per cent of the mutants of each file that tests must detect. */
const FILE_GOAL = 90;
/** Per cent of all the mutants that tests must detect, when every file is mutated. */
const OVERALL_GOAL = 97;

/** Statuses of a mutant that no test detected. */
const UNDETECTED = ['Survived', 'NoCoverage'];

/**
 * @typedef {{ file: string, line: number, column?: number, mutator: string, replacement: string, why: string }} Equivalent
 * @typedef {{ id: string, mutatorName: string, replacement?: string, status: string,
 *   location: { start: { line: number, column: number }, end: { line: number, column: number } } }} Mutant
 * @typedef {{ files: Record<string, { source: string, mutants: Mutant[] }> }} Report
 * @typedef {{ file: string, mutant: Mutant }} FileMutant
 * @typedef {{ file: string, total: number, killed: number, timeout: number, survived: number, noCoverage: number,
 *   errors: number, equivalent: number, score: number }} Row
 */

/**
 * The entries of the equivalents file, each checked for its fields.
 * @param {unknown} json
 * @returns {Equivalent[]}
 */
function parseEquivalents(json) {
  if (!Array.isArray(json)) throw new Error('the equivalents file holds a JSON array');
  return json.map((entry, i) => {
    const where = `entry ${i + 1} of the equivalents file`;
    if (typeof entry !== 'object' || entry === null) throw new Error(`${where} is not an object`);
    for (const key of ['file', 'mutator', 'why']) {
      if (typeof entry[key] !== 'string' || entry[key].trim() === '') throw new Error(`${where} has no '${key}'`);
    }
    if (typeof entry.replacement !== 'string') throw new Error(`${where} has no 'replacement'`);
    if (!Number.isInteger(entry.line) || entry.line < 1) throw new Error(`${where} has no 'line'`);
    if (entry.column !== undefined && (!Number.isInteger(entry.column) || entry.column < 1)) {
      throw new Error(`${where} has a 'column' that is not a column number`);
    }
    const known = ['file', 'line', 'column', 'mutator', 'replacement', 'why'];
    const unknown = Object.keys(entry).filter(key => !known.includes(key));
    if (unknown.length > 0) throw new Error(`${where} has unknown keys: ${unknown.join(', ')}`);
    return entry;
  });
}

/**
 * Whether a listed entry describes the mutant. Lines and columns are 1-based,
 * as editors and Stryker's HTML report show them.
 * @param {Equivalent} entry
 * @param {FileMutant} fm
 */
function matches(entry, { file, mutant }) {
  return entry.file === file
    && entry.line === mutant.location.start.line
    && (entry.column === undefined || entry.column === mutant.location.start.column)
    && entry.mutator === mutant.mutatorName
    && entry.replacement === (mutant.replacement ?? '');
}

/**
 * The per-file counts and scores. A file's score is the share of its mutants
 * (those that compile) that a test detected; listed equivalents stay survivors.
 * @param {Report} report
 * @param {Equivalent[]} equivalents
 * @returns {{ rows: Row[], total: Row }}
 */
function tabulate(report, equivalents) {
  /** @param {string} file @returns {Row} */
  const row = file => ({ file, total: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0, equivalent: 0, score: 100 });
  /** @param {Row} r */
  const score = r => {
    const valid = r.killed + r.timeout + r.survived + r.noCoverage;
    r.score = valid === 0 ? 100 : (100 * (r.killed + r.timeout)) / valid;
  };
  const total = row('All files');
  const rows = Object.keys(report.files).sort().map((file) => {
    const r = row(file);
    for (const mutant of report.files[file].mutants) {
      /** @type {Row[]} */
      const into = [r, total];
      for (const t of into) {
        if (mutant.status === 'Ignored') continue;
        t.total++;
        if (mutant.status === 'Killed') t.killed++;
        else if (mutant.status === 'Timeout') t.timeout++;
        else if (mutant.status === 'Survived') t.survived++;
        else if (mutant.status === 'NoCoverage') t.noCoverage++;
        else t.errors++;
        if (UNDETECTED.includes(mutant.status) && equivalents.some(e => matches(e, { file, mutant }))) t.equivalent++;
      }
    }
    score(r);
    return r;
  });
  score(total);
  return { rows, total };
}

/**
 * The table, as markdown (CONTRIBUTING.md and notes quote it).
 * @param {{ rows: Row[], total: Row }} table
 */
function formatTable({ rows, total }) {
  const head = '| File | Mutants | Killed | Timeout | Survived | No coverage | Listed equivalent | Score |';
  const rule = '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';
  /** @param {Row} r @param {boolean} bold */
  const line = (r, bold) => {
    const b = (/** @type {string | number} */ s) => (bold ? `**${s}**` : `${s}`);
    return `| ${b(r.file)} | ${b(r.total)} | ${r.killed} | ${r.timeout} | ${r.survived} | ${r.noCoverage} | ${r.equivalent} | ${b(`${r.score.toFixed(2)} %`)} |`;
  };
  return [head, rule, ...rows.map(r => line(r, false)), line(total, true)].join('\n');
}

/**
 * What fails the run.
 * @param {Report} report
 * @param {Equivalent[]} equivalents
 * @param {{ rows: Row[], total: Row }} table
 * @param {{ everyFile: boolean, partialFiles?: boolean }} scope `everyFile`: the whole `mutate` of the config
 *   was run; `partialFiles`: some file was mutated only in part (a range), so its entries cannot be called stale
 * @returns {string[]}
 */
function problems(report, equivalents, table, { everyFile, partialFiles = false }) {
  /** @type {string[]} */
  const found = [];
  /** @type {FileMutant[]} */
  const undetected = Object.entries(report.files).flatMap(([file, { mutants }]) =>
    mutants.filter(m => UNDETECTED.includes(m.status)).map(mutant => ({ file, mutant })));
  for (const fm of undetected) {
    if (equivalents.some(e => matches(e, fm))) continue;
    const { file, mutant } = fm;
    const { line, column } = mutant.location.start;
    const original = report.files[file].source.split('\n')[line - 1]?.trim() ?? '';
    found.push(`${mutant.status === 'NoCoverage' ? 'not covered' : 'survived'}: ${file}:${line}:${column} ${mutant.mutatorName} `
      + `→ ${JSON.stringify(mutant.replacement ?? '')}\n    in: ${original}\n    kill it with a test, or list it in stryker-equivalents.json with why it is equivalent`);
  }
  if (!partialFiles) {
    for (const entry of equivalents) {
      if (!(entry.file in report.files) && !everyFile) continue;
      if (undetected.some(fm => matches(entry, fm))) continue;
      found.push(`stale entry: ${entry.file}:${entry.line}${entry.column ? `:${entry.column}` : ''} ${entry.mutator} → `
        + `${JSON.stringify(entry.replacement)} matches no surviving mutant: update or remove it`);
    }
  }
  for (const r of table.rows) {
    if (r.score < FILE_GOAL) found.push(`${r.file}: ${r.score.toFixed(2)} % is below the goal of ${FILE_GOAL} % per file`);
  }
  if (everyFile && table.total.score < OVERALL_GOAL) {
    found.push(`overall: ${table.total.score.toFixed(2)} % is below the goal of ${OVERALL_GOAL} %`);
  }
  const errors = table.total.errors;
  if (errors > 0) found.push(`${errors} mutant(s) did not compile or broke the test run (see the HTML report)`);
  return found;
}

/**
 * The arguments of a run. The files given to `--mutate` keep the exclusions
 * of the configuration's `mutate` (its `!` patterns, such as the `.d.ts`
 * files the build writes beside the sources), which Stryker would otherwise
 * drop with the rest of the configured list.
 *
 * @param {string[]} argv
 * @param {string[]} exclusions the `!` patterns of the configuration's `mutate`
 */
function parseArgs(argv, exclusions = []) {
  const checkOnly = argv.includes('--check-only');
  /** @type {string[]} */
  const mutate = [];
  /** @param {string} list */
  const withExclusions = (list) => {
    mutate.push(...list.split(','));
    return [list, ...exclusions].join(',');
  };
  const strykerArgs = argv.filter(a => a !== '--check-only').map((arg, i, all) => {
    if (i > 0 && (all[i - 1] === '--mutate' || all[i - 1] === '-m')) return withExclusions(arg);
    if (arg.startsWith('--mutate=')) return `--mutate=${withExclusions(arg.slice('--mutate='.length))}`;
    return arg;
  });
  return {
    checkOnly,
    strykerArgs,
    mutate,
    everyFile: mutate.length === 0,
    partialFiles: mutate.some(m => /:\d/.test(m)),
  };
}

/**
 * The report without what a run of some files did not mutate: Stryker's
 * report of such a run also holds the results that the incremental file kept
 * of other files, and of the other lines of a file given with a range, which
 * may be stale. Patterns are matched as Stryker matches `mutate`, with its own
 * minimatch, `!` patterns excluding; a range (`file.ts:3-9`, `file.ts:5:4-6:4`)
 * keeps the mutants that start on its lines.
 *
 * @param {Report} report
 * @param {string[]} mutate the `--mutate` patterns given; none for a run of every file
 * @param {string[]} exclusions the `!` patterns of the configuration's `mutate`
 * @returns {Report}
 */
function scopeReport(report, mutate, exclusions) {
  if (mutate.length === 0) return report;
  const core = path.dirname(require.resolve('@stryker-mutator/core/package.json', { paths: [REPO] }));
  const { Minimatch } = require(require.resolve('minimatch', { paths: [core] }));
  const RANGE = /:(\d+)(?::\d+)?-(\d+)(?::\d+)?$/;
  const matcher = (/** @type {string} */ pattern) => new Minimatch(pattern.replace(RANGE, ''), { dot: true });
  const included = mutate.filter(p => !p.startsWith('!')).map(pattern => {
    const range = RANGE.exec(pattern);
    return { matcher: matcher(pattern), lines: range ? [Number(range[1]), Number(range[2])] : undefined };
  });
  const excluded = [...mutate, ...exclusions].filter(p => p.startsWith('!')).map(p => matcher(p.slice(1)));
  /** @type {Report['files']} */
  const files = {};
  for (const [file, result] of Object.entries(report.files)) {
    if (excluded.some(m => m.match(file))) continue;
    const patterns = included.filter(i => i.matcher.match(file));
    if (patterns.length === 0) continue;
    const inRange = (/** @type {Mutant} */ m) => patterns.some(({ lines }) =>
      lines === undefined || (m.location.start.line >= lines[0] && m.location.start.line <= lines[1]));
    files[file] = { ...result, mutants: result.mutants.filter(inRange) };
  }
  return { ...report, files };
}

/**
 * @param {string[]} argv
 * @returns {number} the exit code
 */
function main(argv) {
  /** @type {{ mutate: string[] }} */
  const config = JSON.parse(fs.readFileSync(CONFIG, 'utf8'));
  const exclusions = config.mutate.filter(p => p.startsWith('!'));
  const { checkOnly, strykerArgs, mutate, everyFile, partialFiles } = parseArgs(argv, exclusions);
  const equivalents = parseEquivalents(JSON.parse(fs.readFileSync(EQUIVALENTS, 'utf8')));
  const started = Date.now();
  if (!checkOnly) {
    fs.rmSync(REPORT, { force: true });
    const core = path.dirname(require.resolve('@stryker-mutator/core/package.json', { paths: [REPO] }));
    const bin = path.join(core, 'bin', 'stryker.js');
    // A run of some files keeps its own incremental file: Stryker writes into it the results of those files alone.
    const incremental = everyFile || strykerArgs.some(a => a.startsWith('--incrementalFile'))
      ? [] : ['--incrementalFile', path.relative(PACKAGE, PART_INCREMENTAL)];
    const stryker = spawnSync(process.execPath, [bin, 'run', CONFIG, ...strykerArgs, ...incremental], { cwd: PACKAGE, stdio: 'inherit' });
    if (stryker.status !== 0) {
      process.stderr.write(`mutation: stryker exited with ${stryker.status ?? stryker.signal}\n`);
      return 1;
    }
  }
  if (!fs.existsSync(REPORT)) throw new Error(`no report at ${path.relative(REPO, REPORT)}: run without --check-only first`);
  /** @type {Report} */
  const report = scopeReport(JSON.parse(fs.readFileSync(REPORT, 'utf8')), mutate, exclusions);
  const table = tabulate(report, equivalents);
  process.stdout.write(`\n${formatTable(table)}\n\n`);
  if (!checkOnly) process.stdout.write(`Stryker took ${Math.round((Date.now() - started) / 1000)} s.\n`);
  const found = problems(report, equivalents, table, { everyFile, partialFiles });
  if (found.length > 0) {
    process.stderr.write(`mutation: ${found.length} problem(s):\n${found.map(p => `  ${p}`).join('\n')}\n`);
    return 1;
  }
  process.stdout.write(`Every surviving mutant is listed as equivalent (${table.total.equivalent}); every goal is met.\n`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`mutation: ${e instanceof Error ? e.message : e}\n`);
    process.exitCode = 1;
  }
}

module.exports = { parseEquivalents, matches, tabulate, formatTable, problems, parseArgs, scopeReport, FILE_GOAL, OVERALL_GOAL };
