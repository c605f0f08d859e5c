/** Sorting the imports at the top of a file as upstream's lint wants them. */
import * as ts from 'typescript';
import { parse } from './ts-util';

/**
 * Sorts the block of imports at the top of a file the way upstream's lint
 * (import/order, alphabetized) wants them: packages first, then relative
 * modules, each by module name. Left alone when comments sit inside the block.
 */
export function sortLeadingImports(file: string, text: string): string {
  const sf = parse(file, text);
  const block: ts.ImportDeclaration[] = [];
  for (const statement of sf.statements) {
    if (!ts.isImportDeclaration(statement)) break;
    block.push(statement);
  }
  if (block.length < 2) return text;
  const commented = block.some((s, i) => !s.importClause
    || (i > 0 && (ts.getLeadingCommentRanges(text, s.pos) ?? []).length > 0)
    || (ts.getTrailingCommentRanges(text, s.end) ?? []).length > 0);
  if (commented) return text;
  const key = (s: ts.ImportDeclaration) => {
    const spec = (s.moduleSpecifier as ts.StringLiteral).text;
    return { group: spec.startsWith('.') ? 1 : 0, name: spec.toLowerCase() };
  };
  const sorted = block.map((s, i) => ({ s, i, k: key(s) })).sort((a, b) =>
    a.k.group - b.k.group || (a.k.name < b.k.name ? -1 : a.k.name > b.k.name ? 1 : 0) || a.i - b.i);
  if (sorted.every((entry, i) => entry.i === i)) return text;
  const start = block[0].getStart();
  const end = block[block.length - 1].end;
  return text.slice(0, start) + sorted.map(e => e.s.getText()).join('\n') + text.slice(end);
}
