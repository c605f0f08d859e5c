/** Small helpers over the TypeScript syntax tree and over text edits, shared by the steps. */
import * as path from 'path';
import * as ts from 'typescript';

const posix = path.posix;

/** A replacement of `text.slice(start, end)`. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export function parse(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** The module specifier that reaches `to` from a file in `fromDir` (both repository-relative). */
export function relativeSpecifier(fromDir: string, to: string): string {
  const rel = posix.relative(fromDir, to);
  if (rel === '') return '.';
  return rel.startsWith('../') || rel === '..' ? rel : `./${rel}`;
}

/** Lines without trailing blanks, no leading or trailing blank lines: for comparing code. */
export function normalize(text: string): string {
  return text.replace(/\r\n/g, '\n').split('\n').map(l => l.trimEnd()).join('\n').trim();
}

export function isExported(node: ts.Node): boolean {
  const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return !!modifiers && modifiers.some(m => m.kind === ts.SyntaxKind.ExportKeyword);
}

export function isStatic(node: ts.Node): boolean {
  const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return !!modifiers && modifiers.some(m => m.kind === ts.SyntaxKind.StaticKeyword);
}

/** The names a top-level statement declares. */
export function declaredNames(statement: ts.Statement): string[] {
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap(d => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  }
  const name = (statement as { name?: ts.Node }).name;
  return name && ts.isIdentifier(name) ? [name.text] : [];
}

/** The names a source file exports by declaration or by `export { ... }` (not by `export *`). */
export function exportedNames(sf: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const statement of sf.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        names.push(...statement.exportClause.elements.map(e => e.name.text));
      }
    } else if (isExported(statement)) {
      names.push(...declaredNames(statement));
    }
  }
  return names;
}

/** Every identifier text under the nodes. */
export function identifiersIn(nodes: readonly ts.Node[]): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  nodes.forEach(visit);
  return names;
}

/** Applies non-overlapping edits. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].end > sorted[i - 1].start) {
      throw new Error(`internal error: overlapping edits at ${sorted[i].start}-${sorted[i].end}`);
    }
  }
  let result = text;
  for (const edit of sorted) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}

/** An edit that removes a statement with the line break after it. */
export function removeStatement(text: string, node: ts.Node): Edit {
  let end = node.end;
  if (text.startsWith('\r\n', end)) end += 2;
  else if (text[end] === '\n') end += 1;
  return { start: node.getStart(), end, text: '' };
}

const JEST_MODULE_FUNCTIONS = new Set(['mock', 'unmock', 'doMock', 'dontMock', 'requireActual', 'requireMock', 'createMockFromModule']);

/**
 * The string literals that name modules: in imports, exports, `import x = require()`,
 * `import('...')` types and calls, `require()` and jest's module functions.
 */
export function moduleSpecifierLiterals(sf: ts.SourceFile): ts.StringLiteral[] {
  const found: ts.StringLiteral[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier);
    } else if (ts.isExternalModuleReference(node) && ts.isStringLiteral(node.expression)) {
      found.push(node.expression);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal);
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      const isDynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isJest = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)
        && callee.expression.text === 'jest' && JEST_MODULE_FUNCTIONS.has(callee.name.text);
      if (isRequire || isDynamicImport || isJest) found.push(node.arguments[0] as ts.StringLiteral);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/**
 * Edits that make every reference to the local name `local` read `replacement`
 * (imports, declarations and property names are left alone).
 */
export function renameReferences(sf: ts.SourceFile, local: string, replacement: string): Edit[] {
  const edits: Edit[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node)) return;
    if (ts.isIdentifier(node) && node.text === local) {
      const parent = node.parent;
      const isName = ts.isExportSpecifier(parent)
        || ((parent as { name?: ts.Node }).name === node && !ts.isShorthandPropertyAssignment(parent))
        || (ts.isQualifiedName(parent) && parent.right === node)
        || (ts.isBindingElement(parent) && parent.propertyName === node);
      if (ts.isShorthandPropertyAssignment(parent)) {
        edits.push({ start: node.getStart(), end: node.end, text: `${local}: ${replacement}` });
      } else if (!isName) {
        edits.push({ start: node.getStart(), end: node.end, text: replacement });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return edits;
}

/** What one local name of a file is bound to by its imports. */
export interface ImportBinding {
  /** Resolved and repository-relative for relative specifiers, else the package specifier. */
  readonly module: string;
  /** The exported name, `default`, or `*` for a namespace. */
  readonly imported: string;
  readonly typeOnly: boolean;
}

/** The bindings a file's imports create, by local name. */
export function importBindings(sf: ts.SourceFile, rel: string): Map<string, ImportBinding> {
  const bindings = new Map<string, ImportBinding>();
  for (const statement of sf.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || !statement.importClause) continue;
    const spec = statement.moduleSpecifier.text;
    const module = spec.startsWith('.') ? posix.normalize(posix.join(posix.dirname(rel), spec)) : spec;
    const clause = statement.importClause;
    if (clause.name) bindings.set(clause.name.text, { module, imported: 'default', typeOnly: clause.isTypeOnly });
    const named = clause.namedBindings;
    if (named && ts.isNamespaceImport(named)) bindings.set(named.name.text, { module, imported: '*', typeOnly: clause.isTypeOnly });
    if (named && ts.isNamedImports(named)) {
      for (const element of named.elements) {
        const imported = (element.propertyName ?? element.name).text;
        bindings.set(element.name.text, { module, imported, typeOnly: clause.isTypeOnly || element.isTypeOnly });
      }
    }
  }
  return bindings;
}

/** A node's text with its doc comment, without the blank lines before it, re-indented from `from` to `to`. */
export function nodeTextWithComments(text: string, node: ts.Node, from: string, to: string): string {
  const lines = text.slice(node.getFullStart(), node.end).replace(/\r\n/g, '\n').split('\n');
  while (lines.length > 0 && lines[0].trim() === '') lines.shift();
  if (from === to) return lines.join('\n');
  return lines.map(l => (l.startsWith(from) ? to + l.slice(from.length) : l)).join('\n');
}

/** The indentation of the line a node starts on. */
export function indentOf(sf: ts.SourceFile, node: ts.Node): string {
  const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
  const lineStart = sf.getPositionOfLineAndCharacter(line, 0);
  return /^[ \t]*/.exec(sf.text.slice(lineStart, node.getStart()))?.[0] ?? '';
}
