/** What the run changed: every planned file, then `git diff --stat` and the new files of the checkout. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import type { Write } from './plan';

function gitTopLevel(checkout: string): string | undefined {
  try {
    const top = execFileSync('git', ['--no-optional-locks', '-C', checkout, 'rev-parse', '--show-toplevel'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return fs.realpathSync(top) === fs.realpathSync(checkout) ? top : undefined;
  } catch {
    return undefined;
  }
}

export function changeReport(checkout: string, writes: Write[]): string {
  const lines = writes.map(w => `  ${w.action.padEnd(9)} ${w.rel}`);
  if (gitTopLevel(checkout) && writes.some(w => w.action !== 'unchanged')) {
    const paths = writes.map(w => w.rel);
    const git = (args: string[]) => execFileSync('git', ['--no-optional-locks', '-C', checkout, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const stat = git(['diff', '--stat', '--', ...paths]).trimEnd();
    const untracked = git(['ls-files', '--others', '--exclude-standard', '--', ...paths]).trim().split('\n').filter(Boolean);
    lines.push('', 'git diff --stat (tracked files):', stat || '  (no tracked file changed)');
    if (untracked.length > 0) lines.push('', `New (untracked) files: ${untracked.length}`, ...untracked.map(f => `  ${f}`));
  }
  return lines.join('\n');
}
