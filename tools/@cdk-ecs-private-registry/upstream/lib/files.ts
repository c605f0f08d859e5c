/** Reading this repository's and the checkout's files, and the package-only protocol. */
import * as fs from 'fs';
import * as path from 'path';
import { PACKAGE_ONLY_BEGIN, PACKAGE_ONLY_END, PACKAGE_ONLY_FILE, PART_BEGIN, PART_END } from './config';

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
 * and `end`, and everything between them), and without the blocks of the parts
 * that `keepPart` refuses (`// upstream: part <name> begin` / `end`); the
 * marker lines of the kept part blocks are left out too. An error, with the
 * reason, when the blocks are not well formed or name a part that does not exist.
 */
export function withoutBlocks(text: string, keepPart: (name: string) => boolean | undefined = () => true): { text: string } | { error: string } {
  const lines = text.split('\n');
  const kept: string[] = [];
  let open: { line: number; kind: string; keep: boolean } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const partBegin = PART_BEGIN.exec(line);
    const partEnd = PART_END.exec(line);
    if (PACKAGE_ONLY_BEGIN.test(line) || partBegin) {
      const kind = partBegin ? `part ${partBegin[1]}` : 'package-only';
      if (open) return { error: `line ${i + 1} opens a ${kind} block inside the ${open.kind} block opened on line ${open.line + 1}` };
      const keep = partBegin ? keepPart(partBegin[1]) : false;
      if (keep === undefined) return { error: `line ${i + 1} opens a block of the part '${partBegin![1]}', which is not one of the parts` };
      open = { line: i, kind, keep };
    } else if (PACKAGE_ONLY_END.test(line) || partEnd) {
      const kind = partEnd ? `part ${partEnd[1]}` : 'package-only';
      if (!open) return { error: `line ${i + 1} closes a ${kind} block that was never opened` };
      if (open.kind !== kind) return { error: `line ${i + 1} closes a ${kind} block, but the block opened on line ${open.line + 1} is a ${open.kind} block` };
      open = undefined;
    } else if (!open || open.keep) {
      kept.push(line);
    }
  }
  if (open) return { error: `the ${open.kind} block opened on line ${open.line + 1} is never closed` };
  return { text: kept.join('\n') };
}
