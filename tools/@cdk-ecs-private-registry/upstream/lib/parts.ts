/**
 * Step 2 of `plan()`: the part of the series each file of the change belongs
 * to, by the rules of `Part` in config.ts (module, then what the file needs),
 * and each file's text as of a part (the blocks of later parts left out).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { LIB_PACKAGE, type Part, PARTS, PACKAGE_NAME } from './config';
import { readText, withoutBlocks } from './files';
import type { Kind } from './paths';
import type { Findings } from './refusal';
import { exportedNames, moduleSpecifierLiterals, parse } from './ts-util';

const posix = path.posix;

/** The position of a part in the series, or undefined for a name that is not a part. */
export function partIndex(name: string): number | undefined {
  const i = PARTS.findIndex(p => p.name === name);
  return i < 0 ? undefined : i;
}

/** The part a module's files belong to: the part that lists it, else the last one. */
export function modulePart(module: string): number {
  const i = PARTS.findIndex(p => p.modules.includes(module));
  return i < 0 ? PARTS.length - 1 : i;
}

/** The last part whose `readme` pattern matches a README heading or table row (-1: none). */
export function readmeTextPart(text: string): number {
  let found = -1;
  PARTS.forEach((p: Part, i) => {
    if (p.readme?.test(text)) found = i;
  });
  return found;
}

/** A file of this repository that goes upstream. */
export interface SourceFile {
  readonly src: string;
  readonly kind: Kind;
  readonly module: string;
}

/** A module's `index.ts` or `lib/index.ts` in this repository: imports of it are followed to the file exporting each name. */
function moduleOfIndex(rel: string): string | undefined {
  const m = new RegExp(`^${LIB_PACKAGE}/([^/]+)/(lib/)?index\\.ts$`).exec(rel);
  return m?.[1];
}

const isPrivateHelper = (rel: string) => rel.includes('/lib/private/');

/** What a file imports: module specifier → the names it takes (undefined: the module as a whole, or a namespace). */
function importsOf(sf: ts.SourceFile): Array<{ spec: string; names?: string[] }> {
  const found: Array<{ spec: string; names?: string[] }> = [];
  const declared = new Set<ts.Node>();
  for (const s of sf.statements) {
    if ((ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier)) {
      declared.add(s.moduleSpecifier);
      const bindings = ts.isImportDeclaration(s) ? s.importClause?.namedBindings : s.exportClause;
      const names = bindings && (ts.isNamedImports(bindings) || ts.isNamedExports(bindings))
        ? bindings.elements.map(e => (e.propertyName ?? e.name).text)
        : undefined;
      found.push({ spec: s.moduleSpecifier.text, names });
    }
  }
  for (const literal of moduleSpecifierLiterals(sf)) {
    if (!declared.has(literal)) found.push({ spec: literal.text });
  }
  return found;
}

/** Whether a file declares the class or interface `type` with a member `member` of its own. */
function declaresMember(sf: ts.SourceFile, type: string, member: string): boolean {
  for (const s of sf.statements) {
    if (!(ts.isClassDeclaration(s) || ts.isInterfaceDeclaration(s)) || s.name?.text !== type) continue;
    const members: ReadonlyArray<ts.ClassElement | ts.TypeElement> = s.members;
    if (members.some(m => m.name !== undefined && ts.isIdentifier(m.name) && m.name.text === member)) return true;
  }
  return false;
}

/** Which part each file belongs to, and its text as of a part. */
export class PartAssignment {
  private readonly parts = new Map<string, number>();
  private readonly files: Map<string, SourceFile>;
  /** Per module: exported name → the file of this repository that exports it. */
  private readonly exporters = new Map<string, Map<string, string>>();
  private readonly texts = new Map<string, string>();

  constructor(private readonly source: string, files: readonly SourceFile[], private readonly findings: Findings) {
    this.files = new Map(files.map(f => [f.src, f]));
    for (const f of files) {
      this.parts.set(f.src, modulePart(f.module));
      if (f.kind !== 'lib' || !f.src.endsWith('.ts') || moduleOfIndex(f.src)) continue;
      if (!this.exporters.has(f.module)) this.exporters.set(f.module, new Map());
      const names = exportedNames(parse(f.src, this.textAsOf(f.src, PARTS.length - 1)));
      for (const name of names) if (!this.exporters.get(f.module)!.has(name)) this.exporters.get(f.module)!.set(name, f.src);
    }
    this.settle();
    // A unit test goes with the code it tests: the latest part of the library files it imports.
    for (const [src, file] of this.files) {
      if (file.kind !== 'test') continue;
      const tested = this.dependencies(src, PARTS.length - 1).filter(d => this.files.get(d)?.kind === 'lib');
      if (tested.length > 0) this.parts.set(src, Math.max(...tested.map(d => this.partOf(d))));
    }
    this.settle();
  }

  /** The part (index into PARTS) of a file of the change. */
  public partOf(src: string): number {
    // An integ test's snapshot goes with the test.
    const snapshot = /^(.*)\.js\.snapshot\//.exec(src);
    if (snapshot && this.files.has(`${snapshot[1]}.ts`)) return this.partOf(`${snapshot[1]}.ts`);
    return this.parts.get(src) ?? modulePart(this.files.get(src)?.module ?? '');
  }

  /**
   * A source file's text as it is after part `p`: without its package-only
   * blocks, without the blocks of later parts, and without the marker lines.
   */
  public textAsOf(src: string, p: number): string {
    const key = `${p}\0${src}`;
    const cached = this.texts.get(key);
    if (cached !== undefined) return cached;
    const raw = readText(this.source, src);
    const stripped = withoutBlocks(raw, name => {
      const i = partIndex(name);
      return i === undefined ? undefined : i <= p;
    });
    let text = raw;
    if ('error' in stripped) this.findings.problem(`${src}: ${stripped.error}.`);
    else text = stripped.text;
    this.texts.set(key, text);
    return text;
  }

  /** The latest part whose names a piece of code (a README sample) imports from this package (-1: none). */
  public partOfCode(code: string): number {
    let part = -1;
    for (const { spec, names } of importsOf(parse('sample.ts', code))) {
      if (!spec.startsWith(`${PACKAGE_NAME}/`)) continue;
      for (const name of names ?? []) {
        const exporter = this.exporters.get(spec.slice(PACKAGE_NAME.length + 1))?.get(name);
        if (exporter) part = Math.max(part, this.partOf(exporter));
      }
    }
    return part;
  }

  /**
   * The part that brings a name of a module's API, `type` or `type.member`:
   * the part of the file that exports the type, or, for a member that a later
   * part's block of that file declares, that later part (an inherited member:
   * the type's part). Undefined when no file of the change exports the type.
   */
  public partOfApi(module: string, type: string, member?: string): number | undefined {
    const file = this.exporters.get(module)?.get(type);
    if (file === undefined) return undefined;
    const first = this.partOf(file);
    if (member === undefined) return first;
    for (let q = first; q < PARTS.length; q++) {
      if (declaresMember(parse(file, this.textAsOf(file, q)), type, member)) return q;
    }
    return first;
  }

  /** The files of the change that a file's text as of part `p` imports. */
  public dependencies(src: string, p: number): string[] {
    if (!src.endsWith('.ts') || src.includes('.js.snapshot/')) return [];
    const deps = new Set<string>();
    for (const { spec, names } of importsOf(parse(src, this.textAsOf(src, p)))) {
      let module: string | undefined;
      if (spec.startsWith('.')) {
        const base = posix.normalize(posix.join(posix.dirname(src), spec));
        const file = [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`, base].find(c => fs.existsSync(path.join(this.source, c)) && fs.statSync(path.join(this.source, c)).isFile());
        if (!file) continue;
        module = moduleOfIndex(file);
        if (!module) {
          if (this.files.has(file)) deps.add(file);
          continue;
        }
      } else if (spec.startsWith(`${PACKAGE_NAME}/`)) {
        module = spec.slice(PACKAGE_NAME.length + 1);
      }
      // A module's index: each name from the file that exports it (a namespace import says nothing about what is used).
      for (const name of (module && names) || []) {
        const exporter = this.exporters.get(module!)?.get(name);
        if (exporter) deps.add(exporter);
      }
    }
    deps.delete(src);
    return [...deps];
  }

  /**
   * Moves files until every file's dependencies are in its part or an earlier
   * one: a file that needs a later part's file goes with that part, but a
   * private library helper that earlier library code needs goes with the earlier part.
   */
  private settle(): void {
    for (let round = 0; round < 50; round++) {
      let moved = false;
      for (const [src, file] of this.files) {
        const p = this.partOf(src);
        for (const dep of this.dependencies(src, p)) {
          const q = this.partOf(dep);
          if (q <= p) continue;
          if (file.kind === 'lib' && this.files.get(dep)?.kind === 'lib' && isPrivateHelper(dep)) {
            this.parts.set(dep, p);
          } else {
            this.parts.set(src, q);
            moved = true;
            break;
          }
          moved = true;
        }
      }
      if (!moved) return;
    }
    const broken = [...this.files.keys()].flatMap(src => this.dependencies(src, this.partOf(src))
      .filter(dep => this.partOf(dep) > this.partOf(src))
      .map(dep => `${src} (part ${PARTS[this.partOf(src)].name}) needs ${dep} (part ${PARTS[this.partOf(dep)].name})`));
    this.findings.problem(`The files cannot be split into parts that each need only earlier parts: ${broken.join('; ')}. `
      + 'Move the code that needs the later part into its own file, or between `// upstream: part <name> begin` / `end`.');
  }
}
