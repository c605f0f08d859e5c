/**
 * Step 3 of `plan()`: a copied file of this repository in upstream's form
 * (imports resolved by the resolver of the file's kind, see `resolvers.ts`;
 * this package's names folded into aws-cdk-lib's namespaces; warning ids and
 * deprecated API names renamed). The merges of steps 4 to 6 use the same
 * rewriter for the imports and samples they add.
 */
import * as path from 'path';
import * as ts from 'typescript';
import { idRewrites, PACKAGE_NAME } from './config';
import { libDir } from './paths';
import { type FileContext, type Resolver, type ResolverInputs, resolversByKind, type Target } from './resolvers';
import { sortLeadingImports } from './sort-imports';
import {
  applyEdits, declaredNames, type Edit, importBindings, moduleSpecifierLiterals, parse, relativeSpecifier, removeStatement, renameReferences,
} from './ts-util';

export type { FileContext } from './resolvers';

const posix = path.posix;

interface Specifier {
  readonly text: string;
  readonly imported: string;
  readonly local: string;
  readonly typeOnly: boolean;
}

/** One import statement of upstream's form. */
export interface ImportGroup {
  readonly spec: string;
  readonly typeOnly: boolean;
  named?: Specifier[];
  namespace?: string;
  defaultName?: string;
  readonly sideEffect?: boolean;
}

export function importText(group: ImportGroup, quote: string): string {
  const from = `${quote}${group.spec}${quote}`;
  if (group.sideEffect) return `import ${from};`;
  const type = group.typeOnly ? 'type ' : '';
  const parts: string[] = [];
  if (group.defaultName) parts.push(group.defaultName);
  if (group.namespace) parts.push(`* as ${group.namespace}`);
  if (group.named) parts.push(`{ ${group.named.map(s => s.text).join(', ')} }`);
  return `import ${type}${parts.join(', ')} from ${from};`;
}

/** This package's names in strings replaced by upstream's. */
export function rewriteIds(text: string, module: string): string {
  return idRewrites(module).reduce((t, [from, to]) => t.split(from).join(to), text);
}

/** Where a text mentions this package, as line numbers. */
export function linesMentioningPackage(text: string): number[] {
  return text.split('\n').flatMap((line, i) => (line.includes(PACKAGE_NAME) ? [i + 1] : []));
}

export class ImportRewriter {
  public readonly source: string;
  public readonly checkout: string;
  public readonly findings: ResolverInputs['findings'];
  private readonly resolvers: Record<FileContext['kind'], Resolver>;

  constructor(inputs: ResolverInputs) {
    this.source = inputs.source;
    this.checkout = inputs.checkout;
    this.findings = inputs.findings;
    this.resolvers = resolversByKind(inputs);
  }

  private problem(message: string): void {
    this.findings.problem(message);
  }

  /** The upstream module for a module specifier of a file, for one imported name (undefined: the module as a whole). */
  public target(spec: string, ctx: FileContext, name?: string): Target | undefined {
    return this.resolvers[ctx.kind].resolve(spec, ctx, name);
  }

  /** The upstream imports for one import declaration of this repository. */
  public mapImport(statement: ts.ImportDeclaration, ctx: FileContext): ImportGroup[] | undefined {
    const spec = (statement.moduleSpecifier as ts.StringLiteral).text;
    const clause = statement.importClause;
    if (!clause) {
      const t = this.target(spec, ctx);
      return t && [{ spec: t.spec, typeOnly: false, sideEffect: true }];
    }
    const bindings = clause.namedBindings;
    if (!bindings || ts.isNamespaceImport(bindings)) {
      const t = this.target(spec, ctx);
      if (!t) return undefined;
      return [{ spec: t.spec, typeOnly: clause.isTypeOnly, namespace: bindings?.name.text, defaultName: clause.name?.text }];
    }
    const groups: ImportGroup[] = [];
    let failed = false;
    for (const element of bindings.elements) {
      const imported = (element.propertyName ?? element.name).text;
      const t = this.target(spec, ctx, imported);
      if (!t) {
        failed = true;
        continue;
      }
      if (t.asNamespace) {
        groups.push({ spec: t.spec, typeOnly: clause.isTypeOnly || element.isTypeOnly, namespace: element.name.text });
        continue;
      }
      let group = groups.find(g => g.spec === t.spec && g.named);
      if (!group) {
        group = { spec: t.spec, typeOnly: clause.isTypeOnly, named: [] };
        groups.push(group);
      }
      group.named!.push({ text: element.getText(), imported, local: element.name.text, typeOnly: element.isTypeOnly });
    }
    if (failed) return undefined;
    if (clause.name) {
      if (groups.length !== 1 || !groups[0].named) {
        this.problem(`${ctx.srcRel}: a default import together with names from different upstream modules: '${statement.getText()}'.`);
        return undefined;
      }
      groups[0].defaultName = clause.name.text;
    }
    return groups;
  }

  /** A TypeScript file of this repository in upstream's form. */
  public rewrite(text: string, ctx: FileContext): string {
    const problemsBefore = this.findings.problems.length;
    if (ctx.kind === 'integ') text = this.foldIntoModuleNamespaces(text, ctx);
    const sf = parse(ctx.srcRel, text);
    const edits: Edit[] = [];
    const handled = new Set<ts.Node>();
    for (const statement of sf.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      handled.add(statement.moduleSpecifier);
      const groups = this.mapImport(statement, ctx);
      if (!groups) continue;
      const literal = statement.moduleSpecifier;
      const quote = literal.getText()[0];
      const original = statement.importClause?.namedBindings;
      const originalNamed = original && ts.isNamedImports(original) ? original : undefined;
      const sameShape = groups.length === 1 && (originalNamed
        ? groups[0].named?.length === originalNamed.elements.length
        : !groups[0].named);
      if (sameShape) {
        if (groups[0].spec !== literal.text) edits.push({ start: literal.getStart(), end: literal.end, text: quote + groups[0].spec + quote });
      } else {
        edits.push({ start: statement.getStart(), end: statement.end, text: groups.map(g => importText(g, quote)).join('\n') });
      }
    }
    const moduleLiterals = moduleSpecifierLiterals(sf);
    for (const literal of moduleLiterals) {
      if (handled.has(literal)) continue;
      const t = this.target(literal.text, ctx);
      if (t && t.spec !== literal.text) {
        const quote = literal.getText()[0];
        edits.push({ start: literal.getStart(), end: literal.end, text: quote + t.spec + quote });
      }
    }
    edits.push(...idEdits(sf, new Set(moduleLiterals), ctx.module));
    let rewritten = applyEdits(text, edits);
    if (ctx.kind === 'test') rewritten = foldIntoLibNamespace(rewritten, ctx);
    const result = sortLeadingImports(ctx.dstRel, rewritten);
    for (const literal of moduleSpecifierLiterals(parse(ctx.dstRel, result))) {
      const spec = literal.text;
      const leftover = spec === PACKAGE_NAME || spec.startsWith(`${PACKAGE_NAME}/`)
        || ((ctx.kind === 'lib' || ctx.kind === 'test') && (spec === 'aws-cdk-lib' || spec.startsWith('aws-cdk-lib/')));
      if (leftover && this.findings.problems.length === problemsBefore) {
        this.problem(`${ctx.srcRel}: the import of '${spec}' could not be rewritten to upstream's form.`);
      }
    }
    const mentions = linesMentioningPackage(result);
    if (mentions.length > 0 && ctx.kind !== 'readme') {
      this.findings.warn(`${ctx.dstRel} still mentions '${PACKAGE_NAME}' (line ${mentions.join(', ')}): reword it for upstream.`);
    }
    return result;
  }

  /**
   * Turns imports of this package's modules into references through the
   * namespaces of aws-cdk-lib's: `import { ContainerImage } from '${PACKAGE_NAME}/aws-ecs'`
   * then `ContainerImage.fromInternet()` becomes `ecs.ContainerImage.fromInternet()`.
   * The namespace is the file's own `import * as X from 'aws-cdk-lib/<module>'`,
   * else `fallbacks` (README samples, whose rosetta fixture imports `ecs`); with
   * neither, only the module name changes. `implicit` are names of this
   * package that the code uses without importing them (a README sample gets
   * them from this repository's rosetta fixture): local name, module, exported name.
   */
  public foldIntoModuleNamespaces(text: string, ctx: FileContext, fallbacks: Map<string, string> = new Map(),
    implicit: Array<[string, string, string]> = []): string {
    const sf = parse(ctx.srcRel, text);
    const namespaces = new Map(fallbacks);
    for (const statement of sf.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text.startsWith('aws-cdk-lib/')
        && statement.importClause?.namedBindings && ts.isNamespaceImport(statement.importClause.namedBindings)
        && !statement.importClause.isTypeOnly) {
        namespaces.set(statement.moduleSpecifier.text.slice('aws-cdk-lib/'.length), statement.importClause.namedBindings.name.text);
      }
      if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)
        && ts.isStringLiteral(statement.moduleReference.expression) && statement.moduleReference.expression.text.startsWith('aws-cdk-lib/')) {
        namespaces.set(statement.moduleReference.expression.text.slice('aws-cdk-lib/'.length), statement.name.text);
      }
    }
    const edits: Edit[] = [];
    const bound = new Set([...importBindings(sf, ctx.srcRel).keys(), ...sf.statements.flatMap(declaredNames)]);
    for (const [local, module, exported] of implicit) {
      const namespace = namespaces.get(module);
      if (namespace && !bound.has(local)) edits.push(...renameReferences(sf, local, `${namespace}.${exported}`));
    }
    for (const statement of sf.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const spec = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      const module = spec.startsWith(`${PACKAGE_NAME}/`) ? spec.slice(PACKAGE_NAME.length + 1) : spec === PACKAGE_NAME ? '' : undefined;
      if (module === undefined) continue;
      if (!clause || clause.name) {
        this.problem(`${ctx.srcRel}: cannot rewrite '${statement.getText()}' to upstream's form.`);
        continue;
      }
      const bindings = clause.namedBindings;
      const renames: Array<[string, string]> = [];
      let foldable = true;
      if (bindings && ts.isNamespaceImport(bindings)) {
        const namespace = namespaces.get(module);
        if (namespace) renames.push([bindings.name.text, namespace]);
        else foldable = false;
      } else if (bindings) {
        for (const element of bindings.elements) {
          const imported = (element.propertyName ?? element.name).text;
          // `{ aws_ecs }` of the package root is the module's namespace; other names, the module's own.
          const namespace = module === '' ? (/^aws_[a-z0-9_]+$/.test(imported) ? namespaces.get(imported.replace(/_/g, '-')) : undefined) : namespaces.get(module);
          if (!namespace) foldable = false;
          else renames.push([element.name.text, module === '' ? namespace : `${namespace}.${imported}`]);
        }
      }
      // Without a namespace to fold into, the import stays, and only its module name changes.
      if (!foldable) continue;
      edits.push(removeStatement(text, statement));
      for (const [local, replacement] of renames) {
        if (local !== replacement) edits.push(...renameReferences(sf, local, replacement));
      }
    }
    return applyEdits(text, edits);
  }
}

/**
 * In a test file, the names imported from the module's lib become references
 * through the file's namespace import of it, as upstream's tests write them:
 * `import * as ecs from '../lib'` and `import { ContainerImage } from '../lib'`
 * (both were aws-ecs here) give `ecs.ContainerImage`.
 */
function foldIntoLibNamespace(text: string, ctx: FileContext): string {
  const libSpec = relativeSpecifier(posix.dirname(ctx.dstRel), libDir(ctx.module));
  const sf = parse(ctx.dstRel, text);
  const fromLib = sf.statements.filter((s): s is ts.ImportDeclaration => ts.isImportDeclaration(s)
    && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === libSpec && !!s.importClause && !s.importClause.name);
  const namespaceImport = fromLib.find(s => !s.importClause?.isTypeOnly && s.importClause?.namedBindings
    && ts.isNamespaceImport(s.importClause.namedBindings));
  if (!namespaceImport) return text;
  const namespace = (namespaceImport.importClause!.namedBindings as ts.NamespaceImport).name.text;
  const declared = new Set(sf.statements.flatMap(declaredNames));
  const edits: Edit[] = [];
  for (const statement of fromLib) {
    const named = statement.importClause?.namedBindings;
    if (statement === namespaceImport || !named || !ts.isNamedImports(named)) continue;
    if (named.elements.some(e => declared.has(e.name.text))) continue;
    edits.push(removeStatement(text, statement));
    for (const element of named.elements) {
      edits.push(...renameReferences(sf, element.name.text, `${namespace}.${(element.propertyName ?? element.name).text}`));
    }
  }
  return applyEdits(text, edits);
}

/** Edits that put upstream's names in place of this package's in string literals. */
function idEdits(sf: ts.SourceFile, skip: Set<ts.Node>, module: string): Edit[] {
  const edits: Edit[] = [];
  const visit = (node: ts.Node): void => {
    const isText = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
      || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node);
    if (isText && !skip.has(node)) {
      const raw = sf.text.slice(node.getStart(), node.end);
      const rewritten = rewriteIds(raw, module);
      if (rewritten !== raw) edits.push({ start: node.getStart(), end: node.end, text: rewritten });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return edits;
}
