// @ts-check
'use strict';

// The API reference renders every doc comment as written. jsii splits a doc
// comment into a summary, which jsii-docgen shows on one line (in API.md's
// tables too), and remarks. jsii takes the first paragraph as the summary only
// when it has fewer than 20 words and another paragraph follows; otherwise it
// takes the text up to the first '.', '!', '?' or ';' followed by white space,
// which can cut a paragraph or a list in two and run its lines together (jsii's
// lib/docs.js, summaryLine). The convention that follows (docs/conventions.md):
// a doc comment's first paragraph is a single sentence, or fewer than 20 words.
//
// This test holds the built assembly to it: for every type and member that jsii
// documents, the summary it wrote is the first paragraph of the doc comment at
// that place in the sources.
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const PACKAGE = path.resolve(__dirname, '..', '..', 'packages', 'aws-cdk-lib');

/** @param {string} s */
const normalize = s => s.replace(/\s+/g, ' ').trim().replace(/\.$/, '');

/** @type {Map<string, Map<number, string>>} */
const commentsByFile = new Map();

/**
 * The text (before any tag) of the doc comment of the declaration on a line of a file, by 1-based line.
 * @param {string} file
 */
function docCommentsOf(file) {
  let comments = commentsByFile.get(file);
  if (comments) return comments;
  comments = new Map();
  const sf = ts.createSourceFile(file, fs.readFileSync(path.join(PACKAGE, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const found = comments;
  const visit = (/** @type {ts.Node} */ node) => {
    for (const doc of /** @type {any} */ (node).jsDoc ?? []) {
      const text = typeof doc.comment === 'string' ? doc.comment : ts.getTextOfJSDocComment(doc.comment) ?? '';
      const name = /** @type {any} */ (node).name;
      for (const at of [node.getStart(sf), ...(name ? [name.getStart(sf)] : [])]) {
        found.set(sf.getLineAndCharacterOfPosition(at).line + 1, text.trim());
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  commentsByFile.set(file, comments);
  return comments;
}

/** Every documented type and member of the assembly: where, jsii's summary, and the source's first paragraph. */
function documented() {
  const assembly = JSON.parse(fs.readFileSync(path.join(PACKAGE, '.jsii'), 'utf8'));
  /** @type {Array<{ where: string, summary: string, firstParagraph: string | undefined }>} */
  const out = [];
  for (const type of Object.values(assembly.types)) {
    for (const element of [type, type.initializer, ...type.methods ?? [], ...type.properties ?? [], ...type.members ?? []]) {
      const location = element?.locationInModule ?? (element === type.initializer ? undefined : undefined);
      if (!element?.docs?.summary || !location) continue;
      const comment = docCommentsOf(location.filename).get(location.line);
      out.push({
        where: `${location.filename}:${location.line} (${type.fqn}${element === type ? '' : `.${element.name ?? '<initializer>'}`})`,
        summary: element.docs.summary,
        firstParagraph: comment?.split(/\r?\n\s*\r?\n/)[0],
      });
    }
  }
  return out;
}

beforeAll(() => {
  if (!fs.existsSync(path.join(PACKAGE, '.jsii'))) throw new Error('packages/aws-cdk-lib is not built: run `npm run build` first');
});

test('the documented API is found, with its doc comments', () => {
  const all = documented();
  expect(all.length).toBeGreaterThan(50);
  // Inherited docs (an override documented once, on the parent) are the exception, not the rule.
  expect(all.filter(d => d.firstParagraph !== undefined).length).toBeGreaterThan(all.length * 0.8);
});

test('every summary in the API reference is its doc comment\'s first paragraph, whole', () => {
  const cut = documented()
    .filter(d => d.firstParagraph !== undefined && normalize(d.summary) !== normalize(d.firstParagraph))
    .map(d => `${d.where}: jsii's summary "${d.summary}" is not the first paragraph "${normalize(d.firstParagraph ?? '')}"`);
  expect(cut).toEqual([]);
});
