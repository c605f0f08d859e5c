// @ts-check
'use strict';

// Every relative link of the repository's own documentation leads to a file of
// the repository (and to a heading of it, when it names one): a contributor who
// clones it has nothing else.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');

/** The Markdown files that git tracks, but test fixtures, snapshots and generated API references. */
function documents() {
  return execFileSync('git', ['ls-files', '*.md'], { cwd: REPO, encoding: 'utf8' })
    .split('\n').filter(Boolean)
    .filter(f => !f.includes('/test/fixtures/') && !f.includes('.js.snapshot/') && !/\/API(\.\w+)?\.md$/.test(f));
}

/**
 * The anchors GitHub gives the headings of a Markdown text.
 * @param {string} text
 */
function anchors(text) {
  const out = new Set();
  let fence = '';
  for (const line of text.split('\n')) {
    const f = /^\s*(`{3,}|~{3,})/.exec(line);
    if (f) fence = fence ? (f[1].startsWith(fence) ? '' : fence) : f[1];
    const heading = !fence && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) out.add(heading[1].toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
  }
  return out;
}

/**
 * The relative link targets of a Markdown text, outside code.
 * @param {string} text
 */
function links(text) {
  const prose = text.replace(/^\s*(`{3,}|~{3,})[\s\S]*?^\s*\1\s*$/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map(m => m[1]).filter(t => !/^[a-z]+:/i.test(t));
}

test('the documents are found', () => {
  expect(documents()).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/conventions.md', 'docs/RELEASING.md']));
});

test.each(documents())('%s links only to files and headings in the repository', (doc) => {
  const text = fs.readFileSync(path.join(REPO, doc), 'utf8');
  const broken = links(text).filter(target => {
    const [file, anchor] = target.split('#');
    const resolved = file ? path.resolve(REPO, path.dirname(doc), decodeURI(file)) : path.join(REPO, doc);
    if (path.relative(REPO, resolved).startsWith('..') || !fs.existsSync(resolved)) return true;
    return anchor !== undefined && resolved.endsWith('.md') && !anchors(fs.readFileSync(resolved, 'utf8')).has(anchor);
  });
  expect(broken).toEqual([]);
});
