// @ts-check
'use strict';

// CONTRIBUTING.md maps every file of this repository's aws-ecs module (and of
// its integ tests) to where it goes upstream. This keeps the map complete.
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');

/**
 * Source files under `dir`, repository-relative: no build output, no snapshots.
 * @param {string} dir
 * @returns {string[]}
 */
function sourceFiles(dir) {
  return fs.readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.endsWith('.js.snapshot') ? [] : sourceFiles(rel);
    return /\.(js|d\.ts)$/.test(entry.name) ? [] : [rel];
  });
}

test('CONTRIBUTING.md names every source file of aws-ecs and of its integ tests', () => {
  const contributing = fs.readFileSync(path.join(REPO, 'CONTRIBUTING.md'), 'utf-8');
  const files = [
    ...sourceFiles('packages/aws-cdk-lib/aws-ecs'),
    ...sourceFiles('packages/@aws-cdk-testing/framework-integ/test/aws-ecs'),
  ];
  expect(files.length).toBeGreaterThan(15);
  const unmapped = files.filter((file) => {
    const dir = path.posix.dirname(file);
    // A row may name a file by its path, or by its name after a path in the same row.
    return !contributing.includes(`\`${file}\``)
      && !contributing.split('\n').some(line => line.includes(`\`${dir}/`) && line.includes(path.posix.basename(file)));
  });
  expect(unmapped).toEqual([]);
});
