// @ts-check
'use strict';

// The checks of `npm run mutation` (scripts/mutation.js) on made-up Stryker
// reports, and the committed list of equivalent mutants against the sources.
// Stryker itself is not run here: it takes too long for `npm test`.
const fs = require('fs');
const path = require('path');
const { parseEquivalents, tabulate, formatTable, problems, parseArgs, scopeReport } = require('../mutation');

const PACKAGE = path.resolve(__dirname, '..', '..', 'packages', 'aws-cdk-lib');

/**
 * A mutant of a report.
 * @param {string} status
 * @param {number} line
 * @param {number} column
 * @param {string} [mutatorName]
 * @param {string} [replacement]
 */
function mutant(status, line, column, mutatorName = 'ConditionalExpression', replacement = 'false') {
  return { id: `${line}:${column}`, mutatorName, replacement, status, location: { start: { line, column }, end: { line, column: column + 1 } } };
}

const SOURCE = 'const a = 1;\nif (x && y) {\n  z();\n}\n';

/** @param {Record<string, ReturnType<typeof mutant>[]>} files */
function report(files) {
  return { files: Object.fromEntries(Object.entries(files).map(([file, mutants]) => [file, { source: SOURCE, mutants }])) };
}

const EQUIVALENT = { file: 'a.ts', line: 2, mutator: 'ConditionalExpression', replacement: 'false', why: 'x is never falsy here' };

describe('the table', () => {
  test('scores each file and all files, counting listed equivalents as survivors and leaving out errors', () => {
    const r = report({
      'a.ts': [mutant('Killed', 1, 1), mutant('Timeout', 1, 5), mutant('Survived', 2, 5), mutant('CompileError', 3, 3)],
      'b.ts': [mutant('Killed', 1, 1), mutant('NoCoverage', 3, 3), mutant('Ignored', 4, 1)],
    });

    const { rows, total } = tabulate(r, parseEquivalents([EQUIVALENT]));

    expect(rows.map(x => [x.file, x.total, x.killed, x.timeout, x.survived, x.noCoverage, x.errors, x.equivalent, x.score]))
      .toEqual([['a.ts', 4, 1, 1, 1, 0, 1, 1, (100 * 2) / 3], ['b.ts', 2, 1, 0, 0, 1, 0, 0, 50]]);
    expect([total.total, total.equivalent, total.score]).toEqual([6, 1, 60]);
    expect(formatTable({ rows, total }).split('\n')).toEqual([
      '| File | Mutants | Killed | Timeout | Survived | No coverage | Listed equivalent | Score |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      '| a.ts | 4 | 1 | 1 | 1 | 0 | 1 | 66.67 % |',
      '| b.ts | 2 | 1 | 0 | 0 | 1 | 0 | 50.00 % |',
      '| **All files** | **6** | 2 | 1 | 1 | 1 | 1 | **60.00 %** |',
    ]);
  });
});

describe('what fails the run', () => {
  /**
   * 19 killed mutants and `extra`, in one file: 95 % when one of them survives.
   * @param {ReturnType<typeof mutant>[]} extra
   */
  function withKilled(...extra) {
    return report({ 'a.ts': [...Array.from({ length: 19 }, (_, i) => mutant('Killed', 1, i + 1)), ...extra] });
  }

  /**
   * @param {ReturnType<typeof report>} r
   * @param {unknown[]} equivalents
   * @param {{ everyFile: boolean, partialFiles?: boolean }} [scope]
   */
  function check(r, equivalents, scope = { everyFile: false }) {
    const list = parseEquivalents(equivalents);
    return problems(r, list, tabulate(r, list), scope);
  }

  test('a surviving mutant that is not listed, named with its place, mutator and the line it changes', () => {
    expect(check(withKilled(mutant('Survived', 2, 5)), [])).toEqual([
      'survived: a.ts:2:5 ConditionalExpression → "false"\n    in: if (x && y) {\n'
      + '    kill it with a test, or list it in stryker-equivalents.json with why it is equivalent',
    ]);
  });

  test('a mutant that no test reaches, unless listed', () => {
    expect(check(withKilled(mutant('NoCoverage', 3, 3, 'BlockStatement', '{}')), [])[0]).toMatch(/^not covered: a\.ts:3:3 BlockStatement → "\{\}"/);
    expect(check(withKilled(mutant('NoCoverage', 3, 3, 'BlockStatement', '{}')),
      [{ ...EQUIVALENT, line: 3, mutator: 'BlockStatement', replacement: '{}' }])).toEqual([]);
  });

  test('a listed survivor passes; a listed entry that differs in line, column, mutator or replacement does not match it', () => {
    const r = withKilled(mutant('Survived', 2, 5));
    expect(check(r, [EQUIVALENT])).toEqual([]);
    expect(check(r, [{ ...EQUIVALENT, column: 5 }])).toEqual([]);
    for (const wrong of [{ line: 3 }, { column: 6 }, { mutator: 'LogicalOperator' }, { replacement: 'true' }]) {
      const found = check(r, [{ ...EQUIVALENT, ...wrong }]);
      expect(found).toHaveLength(2);
      expect(found[0]).toMatch(/^survived: a\.ts:2:5/);
      expect(found[1]).toMatch(/^stale entry: a\.ts:/);
    }
  });

  test('a listed entry whose mutant is now killed is stale', () => {
    expect(check(withKilled(mutant('Killed', 2, 5)), [EQUIVALENT]))
      .toEqual(['stale entry: a.ts:2 ConditionalExpression → "false" matches no surviving mutant: update or remove it']);
  });

  test("entries of a file that was not mutated are stale only in a run of every file; none is in a run of part of a file", () => {
    const r = withKilled();
    const other = { ...EQUIVALENT, file: 'gone.ts' };
    expect(check(r, [other], { everyFile: false })).toEqual([]);
    expect(check(r, [other], { everyFile: true })).toEqual([expect.stringMatching(/^stale entry: gone\.ts:2 /)]);
    expect(check(r, [EQUIVALENT], { everyFile: false, partialFiles: true })).toEqual([]);
  });

  test('a file below 90 %, listed equivalents included', () => {
    const r = report({ 'a.ts': [...Array.from({ length: 8 }, (_, i) => mutant('Killed', 1, i + 1)), mutant('Survived', 2, 5), mutant('Survived', 2, 10)] });
    expect(check(r, [EQUIVALENT])).toEqual(['a.ts: 80.00 % is below the goal of 90 % per file']);
    expect(check(withKilled(mutant('Survived', 2, 5)), [EQUIVALENT])).toEqual([]);
  });

  test('all files below 97 %, in a run of every file only', () => {
    const r = withKilled(mutant('Survived', 2, 5));
    expect(check(r, [EQUIVALENT], { everyFile: false })).toEqual([]);
    expect(check(r, [EQUIVALENT], { everyFile: true })).toEqual(['overall: 95.00 % is below the goal of 97 %']);
    const r2 = report({ 'a.ts': [...Array.from({ length: 97 }, (_, i) => mutant('Killed', 1, i + 1)), ...[5, 6, 7].map(c => mutant('Survived', 2, c))] });
    expect(check(r2, [EQUIVALENT], { everyFile: true })).toEqual([]);
  });

  test('a mutant that broke the run', () => {
    expect(check(withKilled(mutant('RuntimeError', 1, 30)), [])).toEqual(['1 mutant(s) did not compile or broke the test run (see the HTML report)']);
  });
});

describe('the arguments', () => {
  test('--mutate (in either form) makes a run of part of the files, a range a run of part of a file', () => {
    expect(parseArgs([])).toEqual({ checkOnly: false, strykerArgs: [], mutate: [], everyFile: true, partialFiles: false });
    expect(parseArgs(['--mutate', 'a.ts', '--check-only'])).toEqual({ checkOnly: true, strykerArgs: ['--mutate', 'a.ts'], mutate: ['a.ts'], everyFile: false, partialFiles: false });
    expect(parseArgs(['--mutate=a.ts:3-9,b.ts'])).toMatchObject({ everyFile: false, partialFiles: true });
    expect(parseArgs(['-m', 'a.ts', '--force'])).toMatchObject({ strykerArgs: ['-m', 'a.ts', '--force'], everyFile: false });
    // The configuration's exclusions go with the files given, in both spellings, and are not counted as files given.
    expect(parseArgs(['--mutate', 'aws-ecr/lib/**/*.ts', '--force'], ['!**/*.d.ts', '!**/index.ts'])).toEqual({
      checkOnly: false, strykerArgs: ['--mutate', 'aws-ecr/lib/**/*.ts,!**/*.d.ts,!**/index.ts', '--force'], mutate: ['aws-ecr/lib/**/*.ts'],
      everyFile: false, partialFiles: false,
    });
    expect(parseArgs(['--mutate=a.ts:3-9'], ['!**/*.d.ts']).strykerArgs).toEqual(['--mutate=a.ts:3-9,!**/*.d.ts']);
    expect(parseArgs(['--force'], ['!**/*.d.ts']).strykerArgs).toEqual(['--force']);
  });
});

describe('the equivalents file', () => {
  test.each([
    ['a non-object', [1], 'is not an object'],
    ['no file', [{ ...EQUIVALENT, file: '' }], "has no 'file'"],
    ['no reason', [{ ...EQUIVALENT, why: ' ' }], "has no 'why'"],
    ['no line', [{ ...EQUIVALENT, line: 0 }], "has no 'line'"],
    ['a column that is not a number', [{ ...EQUIVALENT, column: 'x' }], "has a 'column' that is not a column number"],
    ['no replacement', [{ ...EQUIVALENT, replacement: undefined }], "has no 'replacement'"],
    ['an unknown key', [{ ...EQUIVALENT, reason: 'x' }], 'has unknown keys: reason'],
  ])('refuses an entry with %s', (_what, json, message) => {
    expect(() => parseEquivalents(json)).toThrow(`entry 1 of the equivalents file ${message}`);
  });

  test('the committed list: every entry names a line of its file that the replacement changes', () => {
    const entries = parseEquivalents(JSON.parse(fs.readFileSync(path.join(PACKAGE, 'stryker-equivalents.json'), 'utf8')));
    for (const entry of entries) {
      const file = path.join(PACKAGE, entry.file);
      expect({ entry: entry.file, exists: fs.existsSync(file) }).toEqual({ entry: entry.file, exists: true });
      expect(entry.file).toMatch(/^aws-ec[rs]\/lib\/.*\.ts$/);
      const line = fs.readFileSync(file, 'utf8').split('\n')[entry.line - 1];
      expect({ entry: `${entry.file}:${entry.line}`, inRange: line !== undefined }).toEqual({ entry: `${entry.file}:${entry.line}`, inRange: true });
      expect(entry.why.length).toBeGreaterThan(20);
    }
  });
});

describe('the report of a run of some files', () => {
  const report = {
    files: Object.fromEntries(['aws-ecr/lib/a.ts', 'aws-ecr/lib/a.d.ts', 'aws-ecr/lib/private/b.ts', 'aws-ecs/lib/c.ts']
      .map(file => [file, { source: '', mutants: [] }])),
  };
  const files = (/** @type {string[]} */ mutate, exclusions = ['!**/*.d.ts']) => Object.keys(scopeReport(report, mutate, exclusions).files);

  test('keeps only the files the patterns mutate, ranges dropped, exclusions applied', () => {
    expect(files(['aws-ecr/lib/**/*.ts'])).toEqual(['aws-ecr/lib/a.ts', 'aws-ecr/lib/private/b.ts']);
    expect(files(['aws-ecr/lib/a.ts:3-9', 'aws-ecs/lib/c.ts:5:4-6:4'])).toEqual(['aws-ecr/lib/a.ts', 'aws-ecs/lib/c.ts']);
    expect(files(['aws-ecr/lib/**/*.ts', '!aws-ecr/lib/private/**'])).toEqual(['aws-ecr/lib/a.ts']);
    expect(files(['aws-ecr/lib/a.d.ts'], [])).toEqual(['aws-ecr/lib/a.d.ts']);
  });

  test('a range keeps the mutants that start on its lines', () => {
    const at = (/** @type {number} */ line) => ({ id: `${line}`, mutatorName: 'StringLiteral', status: 'RuntimeError',
      location: { start: { line, column: 1 }, end: { line, column: 9 } } });
    const ranged = { files: { 'aws-ecr/lib/a.ts': { source: '', mutants: [at(2), at(3), at(9), at(10)] } } };
    const lines = (/** @type {string[]} */ mutate) => scopeReport(ranged, mutate, []).files['aws-ecr/lib/a.ts'].mutants.map(m => m.location.start.line);
    expect(lines(['aws-ecr/lib/a.ts:3-9'])).toEqual([3, 9]);
    expect(lines(['aws-ecr/lib/a.ts:3:4-9:2'])).toEqual([3, 9]);
    expect(lines(['aws-ecr/lib/a.ts:3-3', 'aws-ecr/lib/a.ts:10-12'])).toEqual([3, 10]);
    expect(lines(['aws-ecr/lib/a.ts:3-3', 'aws-ecr/lib/**/*.ts'])).toEqual([2, 3, 9, 10]);
  });

  test('a run of every file keeps the whole report', () => {
    expect(scopeReport(report, [], ['!**/*.d.ts'])).toBe(report);
  });
});
