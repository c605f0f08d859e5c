/** Step 5 of `plan()`: add a module's `export *` lines to upstream's `lib/index.ts` of the same module. */
import * as path from 'path';
import * as ts from 'typescript';
import { type FileContext, type ImportRewriter } from './imports';
import { libDir } from './paths';
import { applyEdits, type Edit, parse } from './ts-util';

const posix = path.posix;

/**
 * Upstream's `<module>/lib/index.ts` with this repository's exports added, each
 * next to upstream's exports of the same folder, else after the one that
 * precedes it here, else before the generated L1s.
 * @param requires an export that upstream's index must already have (`./container-image` for aws-ecs)
 */
export function mergeIndex(u: ImportRewriter, module: string, srcText: string, dstText: string, requires?: string): string {
  const index = `${libDir(module)}/index.ts`;
  const ctx: FileContext = { kind: 'lib', module, srcRel: index, dstRel: index };
  const src = parse(index, srcText);
  const dst = parse(index, dstText);
  const shape = (s: ts.ExportDeclaration) => `${s.isTypeOnly ? 'type ' : ''}${s.exportClause ? s.exportClause.getText() : '*'}`;
  const dstExportList = dst.statements.filter((s): s is ts.ExportDeclaration =>
    ts.isExportDeclaration(s) && !!s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier));
  const specOf = (s: ts.ExportDeclaration) => (s.moduleSpecifier as ts.StringLiteral).text;
  if (requires && !dstExportList.some(s => !s.exportClause && specOf(s) === requires)) {
    u.findings.problem(`${index} in the checkout does not have the expected shape: it has no \`export * from '${requires}'\`, `
      + 'so the new exports would not sit next to it. Merge the exports by hand.');
  }
  /** Text to insert after each statement of upstream's index (or at the start: -1). */
  const insertions = new Map<number, string[]>();
  let previousAnchor: number | undefined;
  for (const statement of src.statements) {
    if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) {
      u.findings.problem(`${index} of this repository holds '${statement.getText()}', which is not an \`export ... from\`: merge it by hand.`);
      continue;
    }
    const t = u.target(statement.moduleSpecifier.text, ctx);
    if (!t) continue;
    const existing = dstExportList.filter(s => specOf(s) === t.spec);
    if (existing.length > 0) {
      const same = existing.find(s => shape(s) === shape(statement));
      if (!same) {
        u.findings.problem(`${index} in the checkout already exports '${t.spec}' as '${existing[0].getText()}', not as this change does.`);
      }
      previousAnchor = dst.statements.indexOf(same ?? existing[0]);
      continue;
    }
    const literal = statement.moduleSpecifier;
    const quote = literal.getText()[0];
    const text = srcText.slice(statement.getStart(), literal.getStart()) + quote + t.spec + quote + srcText.slice(literal.end, statement.end);
    const folder = posix.dirname(t.spec);
    const sameFolder = folder !== '.' ? dstExportList.filter(s => !s.exportClause && posix.dirname(specOf(s)) === folder) : [];
    let anchor: number;
    if (sameFolder.length > 0) {
      anchor = dst.statements.indexOf(sameFolder[sameFolder.length - 1]);
    } else if (previousAnchor !== undefined) {
      anchor = previousAnchor;
    } else {
      const generated = dstExportList.find(s => /\.generated$/.test(specOf(s)));
      anchor = generated ? dst.statements.indexOf(generated) - 1 : dst.statements.length - 1;
    }
    if (!insertions.has(anchor)) insertions.set(anchor, []);
    insertions.get(anchor)!.push(text);
    previousAnchor = anchor;
  }
  const edits: Edit[] = [...insertions.entries()].map(([anchor, texts]) => {
    const at = anchor >= 0 ? dst.statements[anchor].end : 0;
    return anchor >= 0
      ? { start: at, end: at, text: texts.map(t => `\n${t}`).join('') }
      : { start: at, end: at, text: texts.map(t => `${t}\n`).join('') };
  });
  return applyEdits(dstText, edits);
}
