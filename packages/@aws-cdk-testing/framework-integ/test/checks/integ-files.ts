// Where the integ tests and their snapshots are. Only `fs`: cheap to load.
import * as fs from 'fs';
import * as path from 'path';

/** The directory integ-runner discovers tests in. */
export const TEST_ROOT = path.resolve(__dirname, '..');

/** The integ test sources under test/, by name relative to it and without extension. */
export function integSources(): string[] {
  return walk(TEST_ROOT)
    .filter(file => /^integ\..+\.ts$/.test(path.basename(file)) && !file.endsWith('.d.ts'))
    .map(file => path.relative(TEST_ROOT, file).replace(/\.ts$/, ''))
    .sort();
}

/** The snapshot directories under test/, relative to it. */
export function snapshotDirs(): string[] {
  const dirs: string[] = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('cdk-integ.out.')) {
        continue;
      }
      const full = path.join(dir, entry.name);
      if (entry.name.endsWith('.js.snapshot')) {
        dirs.push(path.relative(TEST_ROOT, full));
      } else {
        visit(full);
      }
    }
  };
  visit(TEST_ROOT);
  return dirs.sort();
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name.endsWith('.snapshot') || entry.name === 'node_modules' ? [] : walk(full);
    }
    return [full];
  });
}
