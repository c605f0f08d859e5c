/** Reading this repository's and the checkout's files, and the package-only protocol. */
import * as fs from 'fs';
import * as path from 'path';
import { PACKAGE_ONLY_BEGIN, PACKAGE_ONLY_END, PACKAGE_ONLY_FILE } from './config';

const posix = path.posix;

const SKIPPED_DIRS = new Set(['node_modules', '.git', 'cdk.out', 'coverage', 'dist', '.jsii-cache']);

/**
 * Build output next to its TypeScript source (x.js, x.d.ts and their maps next
 * to x.ts), and compiler state: not part of the change.
 */
function isBuildArtifact(dir: string, name: string): boolean {
  if (name.endsWith('.tsbuildinfo') || name === '.DS_Store') return true;
  const match = /^(.*?)(\.d\.ts|\.js)(\.map)?$/.exec(name);
  return !!match && fs.existsSync(path.join(dir, `${match[1]}.ts`));
}

/** Repository-relative posix paths of the files under `rel`, sorted. Integ snapshot directories are taken whole. */
export function listFiles(root: string, rel: string): string[] {
  const dir = path.join(root, rel);
  if (!fs.existsSync(dir)) return [];
  const files: string[] = [];
  const walk = (relDir: string, whole: boolean): void => {
    const absDir = path.join(root, relDir);
    for (const entry of fs.readdirSync(absDir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const relPath = posix.join(relDir, entry.name);
      if (entry.isDirectory()) {
        if (!whole && SKIPPED_DIRS.has(entry.name)) continue;
        walk(relPath, whole || entry.name.endsWith('.js.snapshot'));
      } else if (entry.isFile() && (whole || !isBuildArtifact(absDir, entry.name))) {
        files.push(relPath);
      }
    }
  };
  walk(rel, false);
  return files;
}

/** The folders directly under `rel`, sorted. */
export function listDirs(root: string, rel: string): string[] {
  const dir = path.join(root, rel);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).filter(e => e.isDirectory() && !SKIPPED_DIRS.has(e.name)).map(e => e.name).sort();
}

export function readText(root: string, rel: string): string {
  return fs.readFileSync(path.join(root, rel), 'utf8');
}

export function exists(root: string, rel: string): boolean {
  return fs.existsSync(path.join(root, rel));
}

export function isInSnapshot(rel: string): boolean {
  return rel.split('/').some(part => part.endsWith('.js.snapshot'));
}

export function isTypeScript(rel: string): boolean {
  return rel.endsWith('.ts') && !rel.endsWith('.d.ts') && !isInSnapshot(rel);
}

/** Whether a source file stays in this package: it starts with `// upstream: package-only (<reason>)`. */
export function isPackageOnlyFile(text: string): boolean {
  return PACKAGE_ONLY_FILE.test(text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]);
}

/**
 * The text without its package-only blocks (the lines `// upstream: package-only begin`
 * and `end`, and everything between them). Undefined, with the reason, when the
 * blocks are not well formed.
 */
export function withoutPackageOnlyBlocks(text: string): { text: string } | { error: string } {
  const lines = text.split('\n');
  const kept: string[] = [];
  let openedAt: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (PACKAGE_ONLY_BEGIN.test(line)) {
      if (openedAt !== undefined) return { error: `line ${i + 1} opens a package-only block inside the one opened on line ${openedAt + 1}` };
      openedAt = i;
    } else if (PACKAGE_ONLY_END.test(line)) {
      if (openedAt === undefined) return { error: `line ${i + 1} closes a package-only block that was never opened` };
      openedAt = undefined;
    } else if (openedAt === undefined) {
      kept.push(line);
    }
  }
  if (openedAt !== undefined) return { error: `the package-only block opened on line ${openedAt + 1} is never closed` };
  return { text: kept.join('\n') };
}
