// @ts-check
'use strict';

/**
 * The first step of `npm test`: `npm ci`, unless node_modules already holds
 * exactly what package-lock.json pins (npm's own record of what it installed,
 * node_modules/.package-lock.json, lists the same entries). So the README's
 * test command works alone on a fresh clone (CI runs it so), and after the
 * quick start's first command it installs nothing a second time.
 *
 *   node scripts/install.js            # install if needed
 *   node scripts/install.js --check    # exit 1 if an install is needed, install nothing
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..');

/** @param {string} file */
function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Why the node_modules of a project does not match its package-lock.json, or undefined when it does.
 * @param {string} dir the project's folder
 */
function staleness(dir) {
  const pinned = readJson(path.join(dir, 'package-lock.json'))?.packages ?? {};
  const installed = readJson(path.join(dir, 'node_modules', '.package-lock.json'))?.packages;
  if (!installed) return 'nothing is installed';
  const differing = Object.keys(installed).filter(k => JSON.stringify(installed[k]) !== JSON.stringify(pinned[k]));
  const missing = Object.keys(pinned).filter(k => k !== '' && !pinned[k].optional && !(k in installed));
  if (differing.length + missing.length > 0) return `${differing.length + missing.length} package(s) differ from package-lock.json (${[...differing, ...missing][0]}, …)`;
  return undefined;
}

function main() {
  const reason = staleness(REPO);
  if (process.argv.includes('--check')) {
    process.stdout.write(`${reason ?? 'node_modules matches package-lock.json'}\n`);
    process.exit(reason ? 1 : 0);
  }
  if (reason) {
    process.stdout.write(`scripts/install.js: ${reason}: npm ci\n`);
    execFileSync('npm', ['ci'], { cwd: REPO, stdio: 'inherit' });
  } else {
    process.stdout.write('scripts/install.js: node_modules matches package-lock.json: nothing to install\n');
  }
}

if (require.main === module) {
  main();
}

module.exports = { staleness };
