#!/usr/bin/env node
// @ts-check
/**
 * Writes this repository's aws-ecs additions into a checkout of aws/aws-cdk,
 * in upstream's form, and prints a pull request description for them.
 *
 *     npm run upstream -- <path-to-aws-cdk-checkout> [--dry-run]
 *
 * Every write is planned in memory and validated first: when anything does not
 * have the expected shape, or the change is already there in another form, the
 * script refuses, says why, and writes nothing. Running it again on a checkout
 * it has already changed finds every file identical and changes nothing.
 *
 * See the "Upstreaming" section of CONTRIBUTING.md.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { builtinModules } = require('module');
const { execFileSync } = require('child_process');
const ts = require('typescript');

const posix = path.posix;

/** The npm name of this repository's library. */
const PACKAGE_NAME = 'cdk-ecs-private-registry';
/** The upstream issue this change closes. */
const ISSUE = 1698;

/** Repository-relative paths, the same in this repository and in aws-cdk. */
const LIB_PACKAGE = 'packages/aws-cdk-lib';
const ECS_MODULE = `${LIB_PACKAGE}/aws-ecs`;
const PATHS = {
  lib: `${ECS_MODULE}/lib`,
  test: `${ECS_MODULE}/test`,
  readme: `${ECS_MODULE}/README.md`,
  integ: 'packages/@aws-cdk-testing/framework-integ/test/aws-ecs/test',
  rosettaFixtures: `${LIB_PACKAGE}/rosetta/aws_ecs`,
};
/** The two files of aws-ecs/lib that are merged into upstream's instead of copied. */
const CONTAINER_IMAGE = `${PATHS.lib}/container-image.ts`;
const INDEX = `${PATHS.lib}/index.ts`;
/** Test helpers (not `*.test.ts`) go to this subfolder of aws-ecs/test, away from upstream's own `util.ts`. */
const HELPERS_DIR = 'private-registry';
/**
 * This package's names inside strings (warning ids, deprecated API names), and
 * upstream's: `addWarningV2('${PACKAGE_NAME}:x')` becomes `addWarningV2('@aws-cdk/aws-ecs:x')`.
 * @type {Array<[string, string]>}
 */
const ID_REWRITES = [[`${PACKAGE_NAME}:`, '@aws-cdk/aws-ecs:'], [`${PACKAGE_NAME}.aws_ecs.`, 'aws-cdk-lib.aws_ecs.']];
/**
 * The heading (text after the `#`s) of the first section of the module README
 * that goes upstream: the title and introduction before it are this package's
 * own (how to install and import it). Without such a heading, all of it goes.
 * Headings, not markers in the README: HTML comments there would show in the
 * API documentation of every jsii language.
 */
const README_UPSTREAM_FROM = 'Images from the internet';

const USAGE = `Usage: npm run upstream -- <path-to-aws-cdk-checkout> [--dry-run] [--source <dir>]

Writes the aws-ecs private registry change of this repository into an aws/aws-cdk
checkout, in upstream's layout and import style, then prints what changed and a
pull request description.

  --dry-run        plan and validate, print what would change, write nothing
  --source <dir>   the repository to take the change from (default: this one)
  --help           this text`;

/** A reason to write nothing. */
class Refusal extends Error {
  /** @param {string[]} problems */
  constructor(problems) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

/**
 * The module specifier that reaches `to` from a file in `fromDir` (both repository-relative).
 * @param {string} fromDir
 * @param {string} to
 */
function relativeSpecifier(fromDir, to) {
  const rel = posix.relative(fromDir, to);
  if (rel === '') return '.';
  return rel.startsWith('../') || rel === '..' ? rel : `./${rel}`;
}

/** @param {string} text */
function rewriteIds(text) {
  return ID_REWRITES.reduce((t, [from, to]) => t.split(from).join(to), text);
}

/** Where a text mentions this package, as line numbers. @param {string} text */
function linesMentioningPackage(text) {
  return text.split('\n').flatMap((line, i) => (line.includes(PACKAGE_NAME) ? [i + 1] : []));
}

/** @param {string} file @param {string} text */
function parse(file, text) {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** @param {ts.Node} node */
function isExported(node) {
  const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return !!modifiers && modifiers.some(m => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** Lines without trailing blanks, no leading or trailing blank lines: for comparing code. @param {string} text */
function normalize(text) {
  return text.replace(/\r\n/g, '\n').split('\n').map(l => l.trimEnd()).join('\n').trim();
}

/** The names a top-level statement declares. @param {ts.Statement} statement */
function declaredNames(statement) {
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap(d => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  }
  const name = /** @type {any} */ (statement).name;
  return name && ts.isIdentifier(name) ? [name.text] : [];
}

/** The names a source file exports by declaration or by `export { ... }` (not by `export *`). @param {ts.SourceFile} sf */
function exportedNames(sf) {
  /** @type {string[]} */
  const names = [];
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

/** Every identifier text under the nodes. @param {readonly ts.Node[]} nodes */
function identifiersIn(nodes) {
  /** @type {Set<string>} */
  const names = new Set();
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  nodes.forEach(visit);
  return names;
}

/**
 * @typedef {{ start: number, end: number, text: string }} Edit
 */

/** @param {string} text @param {Edit[]} edits */
function applyEdits(text, edits) {
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

/** An edit that removes a statement with the line break after it. @param {string} text @param {ts.Node} node @returns {Edit} */
function removeStatement(text, node) {
  let end = node.end;
  if (text.startsWith('\r\n', end)) end += 2;
  else if (text[end] === '\n') end += 1;
  return { start: node.getStart(), end, text: '' };
}

/**
 * The string literals that name modules: in imports, exports, `import x = require()`,
 * `import('...')` types and calls, `require()` and jest's module functions.
 * @param {ts.SourceFile} sf
 * @returns {ts.StringLiteral[]}
 */
function moduleSpecifierLiterals(sf) {
  /** @type {ts.StringLiteral[]} */
  const found = [];
  const jestModuleFunctions = new Set(['mock', 'unmock', 'doMock', 'dontMock', 'requireActual', 'requireMock', 'createMockFromModule']);
  /** @param {ts.Node} node */
  const visit = (node) => {
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
        && callee.expression.text === 'jest' && jestModuleFunctions.has(callee.name.text);
      if (isRequire || isDynamicImport || isJest) found.push(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/**
 * Edits that make every reference to the local name `local` read `replacement`
 * (imports, declarations and property names are left alone).
 * @param {ts.SourceFile} sf
 * @param {string} local
 * @param {string} replacement
 * @returns {Edit[]}
 */
function renameReferences(sf, local, replacement) {
  /** @type {Edit[]} */
  const edits = [];
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node)) return;
    if (ts.isIdentifier(node) && node.text === local) {
      const parent = node.parent;
      const isName = ts.isExportSpecifier(parent)
        || (/** @type {any} */ (parent).name === node && !ts.isShorthandPropertyAssignment(parent))
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

/**
 * Sorts the block of imports at the top of a file the way upstream's lint
 * (import/order, alphabetized) wants them: packages first, then relative
 * modules, each by module name. Left alone when comments sit inside the block.
 * @param {string} file
 * @param {string} text
 */
function sortLeadingImports(file, text) {
  const sf = parse(file, text);
  /** @type {ts.ImportDeclaration[]} */
  const block = [];
  for (const statement of sf.statements) {
    if (!ts.isImportDeclaration(statement)) break;
    block.push(statement);
  }
  if (block.length < 2) return text;
  const commented = block.some((s, i) => !s.importClause
    || (i > 0 && (ts.getLeadingCommentRanges(text, s.pos) ?? []).length > 0)
    || (ts.getTrailingCommentRanges(text, s.end) ?? []).length > 0);
  if (commented) return text;
  /** @param {ts.ImportDeclaration} s */
  const key = (s) => {
    const spec = /** @type {ts.StringLiteral} */ (s.moduleSpecifier).text;
    return { group: spec.startsWith('.') ? 1 : 0, name: spec.toLowerCase() };
  };
  const sorted = block.map((s, i) => ({ s, i, k: key(s) })).sort((a, b) =>
    a.k.group - b.k.group || (a.k.name < b.k.name ? -1 : a.k.name > b.k.name ? 1 : 0) || a.i - b.i);
  if (sorted.every((entry, i) => entry.i === i)) return text;
  const start = block[0].getStart();
  const end = block[block.length - 1].end;
  return text.slice(0, start) + sorted.map(e => e.s.getText()).join('\n') + text.slice(end);
}

// ---------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------

const SKIPPED_DIRS = new Set(['node_modules', '.git', 'cdk.out', 'coverage', 'dist', '.jsii-cache']);

/**
 * Build output next to its TypeScript source (x.js, x.d.ts and their maps next
 * to x.ts), and compiler state: not part of the change.
 * @param {string} dir
 * @param {string} name
 */
function isBuildArtifact(dir, name) {
  if (name.endsWith('.tsbuildinfo') || name === '.DS_Store') return true;
  const match = /^(.*?)(\.d\.ts|\.js)(\.map)?$/.exec(name);
  return !!match && fs.existsSync(path.join(dir, `${match[1]}.ts`));
}

/**
 * Repository-relative posix paths of the files under `rel`, sorted. Integ
 * snapshot directories are taken whole.
 * @param {string} root
 * @param {string} rel
 * @returns {string[]}
 */
function listFiles(root, rel) {
  const dir = path.join(root, rel);
  if (!fs.existsSync(dir)) return [];
  /** @type {string[]} */
  const files = [];
  /** @param {string} relDir @param {boolean} whole */
  const walk = (relDir, whole) => {
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

/** @param {string} root @param {string} rel */
function readText(root, rel) {
  return fs.readFileSync(path.join(root, rel), 'utf8');
}

/** @param {string} rel */
function isInSnapshot(rel) {
  return rel.split('/').some(part => part.endsWith('.js.snapshot'));
}

/** @param {string} rel */
function isTypeScript(rel) {
  return rel.endsWith('.ts') && !rel.endsWith('.d.ts') && !isInSnapshot(rel);
}

// ---------------------------------------------------------------------------
// The checkout
// ---------------------------------------------------------------------------

/**
 * Refuses unless `checkout` is an aws-cdk checkout whose files have the shape
 * that the merge expects.
 * @param {string} checkout
 * @param {string} source
 */
function checkCheckout(checkout, source) {
  const notCheckout = (/** @type {string} */ why) => new Refusal([
    `${checkout} is not an aws-cdk checkout: ${why}.`,
    'Pass the root of a clone of https://github.com/aws/aws-cdk (the directory with its package.json named "aws-cdk").',
  ]);
  if (!fs.existsSync(checkout) || !fs.statSync(checkout).isDirectory()) throw notCheckout('no such directory');
  if (fs.realpathSync(checkout) === fs.realpathSync(source)) throw notCheckout('it is this repository');
  /** @param {string} rel */
  const packageName = (rel) => {
    try {
      return JSON.parse(readText(checkout, rel)).name;
    } catch {
      return undefined;
    }
  };
  const rootName = packageName('package.json');
  if (rootName !== 'aws-cdk') {
    throw notCheckout(rootName === undefined ? 'it has no readable package.json' : `its package.json is named "${rootName}", not "aws-cdk"`);
  }
  if (packageName(`${LIB_PACKAGE}/package.json`) !== 'aws-cdk-lib') throw notCheckout(`${LIB_PACKAGE}/package.json is not the aws-cdk-lib package`);
  if (!fs.existsSync(path.join(checkout, PATHS.lib))) throw notCheckout(`${PATHS.lib} does not exist`);
  if (!fs.existsSync(path.join(checkout, CONTAINER_IMAGE))) {
    throw new Refusal([`${CONTAINER_IMAGE} does not exist in ${checkout}: the ContainerImage factories cannot be merged into it.`]);
  }
  if (!fs.existsSync(path.join(checkout, INDEX))) {
    throw new Refusal([`${INDEX} does not exist in ${checkout}: the new modules cannot be exported from it.`]);
  }
}

/**
 * Where the checkout's aws-ecs/lib defines each name, and where its files
 * import each name from (for generated files that a fresh checkout lacks).
 * @param {string} checkout
 * @param {Set<string>} exclude repository-relative files to leave out (this change's own)
 */
function scanCheckoutLib(checkout, exclude) {
  /** @type {Map<string, Set<string>>} */
  const definedIn = new Map();
  /** @type {Map<string, Map<string, number>>} */
  const importedFrom = new Map();
  for (const rel of listFiles(checkout, PATHS.lib)) {
    if (!isTypeScript(rel) || exclude.has(rel)) continue;
    const sf = parse(rel, readText(checkout, rel));
    const moduleRel = rel.replace(/\.ts$/, '');
    if (posix.basename(rel) !== 'index.ts') {
      for (const name of exportedNames(sf)) {
        if (!definedIn.has(name)) definedIn.set(name, new Set());
        /** @type {Set<string>} */ (definedIn.get(name)).add(moduleRel);
      }
    }
    for (const statement of sf.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const spec = statement.moduleSpecifier.text;
      const bindings = statement.importClause?.namedBindings;
      if (!spec.startsWith('.') || !bindings || !ts.isNamedImports(bindings)) continue;
      const target = posix.normalize(posix.join(posix.dirname(rel), spec));
      for (const element of bindings.elements) {
        const name = (element.propertyName ?? element.name).text;
        if (!importedFrom.has(name)) importedFrom.set(name, new Map());
        const counts = /** @type {Map<string, number>} */ (importedFrom.get(name));
        counts.set(target, (counts.get(target) ?? 0) + 1);
      }
    }
  }
  return { definedIn, importedFrom };
}

// ---------------------------------------------------------------------------
// Import rewriting
// ---------------------------------------------------------------------------

/**
 * @typedef {'lib' | 'test' | 'integ'} Kind
 * @typedef {{ kind: Kind, srcRel: string, dstRel: string }} FileContext
 * @typedef {{ text: string, imported: string, local: string, typeOnly: boolean }} Specifier
 * @typedef {{ spec: string, typeOnly: boolean, named?: Specifier[], namespace?: string, defaultName?: string, sideEffect?: boolean }} ImportGroup
 * @typedef {{ spec: string, asNamespace?: boolean }} Target
 */

class Upstreamer {
  /**
   * @param {string} source
   * @param {string} checkout
   */
  constructor(source, checkout) {
    this.source = source;
    this.checkout = checkout;
    /** @type {string[]} */
    this.problems = [];
    /** @type {string[]} */
    this.warnings = [];
    /** Files this change will have in the checkout, by repository-relative path. @type {Set<string>} */
    this.planned = new Set();
    /** @type {ReturnType<typeof scanCheckoutLib>} */
    this.scan = { definedIn: new Map(), importedFrom: new Map() };
  }

  /** @param {string} message */
  problem(message) {
    this.problems.push(message);
  }

  /** Where a file of this repository goes in the checkout; undefined when outside the change. @param {string} srcRel */
  destination(srcRel) {
    if (srcRel.startsWith(`${PATHS.test}/`) && isTypeScript(srcRel) && !srcRel.endsWith('.test.ts')) {
      return `${PATHS.test}/${HELPERS_DIR}/${srcRel.slice(PATHS.test.length + 1)}`;
    }
    if (srcRel.startsWith(`${LIB_PACKAGE}/`) || srcRel.startsWith(`${PATHS.integ}/`)) return srcRel;
    return undefined;
  }

  /** @param {string} dstRel */
  existsInCheckout(dstRel) {
    return this.planned.has(dstRel) || fs.existsSync(path.join(this.checkout, dstRel));
  }

  /**
   * The upstream form of a relative module specifier.
   * @param {string} spec
   * @param {FileContext} ctx
   * @returns {string | undefined}
   */
  relativeTarget(spec, ctx) {
    const base = posix.normalize(posix.join(posix.dirname(ctx.srcRel), spec));
    /** @type {Array<[string, 'strip' | 'dir' | 'exact']>} */
    const candidates = [[`${base}.ts`, 'strip'], [`${base}.tsx`, 'strip'], [`${base}/index.ts`, 'dir'], [base, 'exact']];
    const found = candidates.find(([file]) => fs.existsSync(path.join(this.source, file)) && fs.statSync(path.join(this.source, file)).isFile());
    if (!found) {
      this.problem(`${ctx.srcRel}: cannot resolve the import '${spec}' in this repository.`);
      return undefined;
    }
    const [file, style] = found;
    const dst = this.destination(file);
    if (!dst) {
      this.problem(`${ctx.srcRel}: the import '${spec}' reaches ${file}, outside the files that go upstream.`);
      return undefined;
    }
    if (!this.existsInCheckout(dst)) {
      this.problem(`${ctx.srcRel}: the import '${spec}' would reach ${dst}, which the checkout does not have.`);
      return undefined;
    }
    const target = style === 'strip' ? dst.replace(/\.tsx?$/, '') : style === 'dir' ? posix.dirname(dst) : dst;
    return relativeSpecifier(posix.dirname(ctx.dstRel), target);
  }

  /**
   * The upstream module of an `aws-cdk-lib` submodule, checked to exist.
   * @param {string} sub e.g. 'core', 'aws-iam', 'assertions'
   * @param {FileContext} ctx
   */
  submoduleTarget(sub, ctx) {
    const rel = `${LIB_PACKAGE}/${sub}`;
    if (!fs.existsSync(path.join(this.checkout, rel)) && !fs.existsSync(path.join(this.checkout, `${rel}.ts`))) {
      this.problem(`${ctx.srcRel}: imports '${sub === 'core' ? 'aws-cdk-lib' : `aws-cdk-lib/${sub}`}', but the checkout has no ${rel}.`);
      return undefined;
    }
    return relativeSpecifier(posix.dirname(ctx.dstRel), rel);
  }

  /**
   * The checkout module that defines a name of aws-ecs, for imports inside aws-ecs/lib.
   * @param {string} name
   * @param {FileContext} ctx
   */
  ecsNameTarget(name, ctx) {
    const defined = [...(this.scan.definedIn.get(name) ?? [])];
    /** @type {string | undefined} */
    let moduleRel;
    if (defined.length === 1) {
      moduleRel = defined[0];
    } else if (defined.length > 1) {
      this.problem(`${ctx.srcRel}: '${name}' of aws-cdk-lib/aws-ecs is exported by several files of the checkout (${defined.join(', ')}); cannot tell which to import.`);
      return undefined;
    } else {
      const counts = [...(this.scan.importedFrom.get(name) ?? new Map()).entries()].sort((a, b) => b[1] - a[1]);
      if (counts.length > 0) {
        moduleRel = counts[0][0];
      } else if (/^Cfn[A-Z]/.test(name)) {
        // L1 classes live in the generated file, absent from a checkout that was never built.
        moduleRel = `${PATHS.lib}/${posix.basename(ECS_MODULE).replace(/^aws-/, '')}.generated`;
      }
    }
    if (!moduleRel) {
      this.problem(`${ctx.srcRel}: '${name}' is imported from aws-cdk-lib/aws-ecs, but no file of the checkout's ${PATHS.lib} exports it.`);
      return undefined;
    }
    return relativeSpecifier(posix.dirname(ctx.dstRel), moduleRel);
  }

  /**
   * The upstream module for a module specifier of this repository, for one
   * imported name (undefined: the module as a whole).
   * @param {string} spec
   * @param {FileContext} ctx
   * @param {string} [name]
   * @returns {Target | undefined}
   */
  target(spec, ctx, name) {
    if (spec.startsWith('.')) {
      const relative = this.relativeTarget(spec, ctx);
      return relative === undefined ? undefined : { spec: relative };
    }
    const isCdk = spec === 'aws-cdk-lib' || spec.startsWith('aws-cdk-lib/');
    const isOurs = spec === PACKAGE_NAME || spec.startsWith(`${PACKAGE_NAME}/`);
    if (ctx.kind === 'integ') {
      // Upstream integ tests import the published aws-cdk-lib, which will then hold this change.
      return { spec: isOurs ? `aws-cdk-lib${spec.slice(PACKAGE_NAME.length)}` : spec };
    }
    if (!isCdk && !isOurs) {
      const bare = spec.replace(/^node:/, '').split('/')[0];
      if (spec !== 'constructs' && !builtinModules.includes(bare)) {
        this.warnings.push(`${ctx.srcRel} imports the package '${spec}': check that aws-cdk-lib depends on it.`);
      }
      return { spec };
    }
    const sub = spec.includes('/') ? spec.slice(spec.indexOf('/') + 1) : '';
    if (sub === '') {
      // The package root: core for aws-cdk-lib, and the `aws_x` namespaces of either package.
      if (name && /^aws_[a-z0-9_]+$/.test(name)) {
        const moduleName = name.replace(/_/g, '-');
        if (moduleName === 'aws-ecs') return this.ecsModuleTarget(spec, ctx);
        const submodule = this.submoduleTarget(moduleName, ctx);
        return submodule === undefined ? undefined : { spec: submodule, asNamespace: true };
      }
      if (isOurs) {
        this.problem(`${ctx.srcRel}: imports ${name ? `'${name}' from ` : ''}'${spec}', which has no upstream counterpart; import from aws-ecs instead.`);
        return undefined;
      }
      const core = this.submoduleTarget('core', ctx);
      return core === undefined ? undefined : { spec: core };
    }
    if (sub === 'aws-ecs') {
      if (ctx.kind === 'lib') {
        if (!name) {
          this.problem(`${ctx.srcRel}: imports the whole of '${spec}' inside aws-ecs/lib, where upstream imports each name from the file that defines it; import the names instead.`);
          return undefined;
        }
        const defining = this.ecsNameTarget(name, ctx);
        return defining === undefined ? undefined : { spec: defining };
      }
      return { spec: relativeSpecifier(posix.dirname(ctx.dstRel), PATHS.lib) };
    }
    if (isOurs) {
      this.problem(`${ctx.srcRel}: imports '${spec}', which has no upstream counterpart.`);
      return undefined;
    }
    const submodule = this.submoduleTarget(sub, ctx);
    return submodule === undefined ? undefined : { spec: submodule };
  }

  /** The whole aws-ecs module, as a namespace. @param {string} spec @param {FileContext} ctx @returns {Target | undefined} */
  ecsModuleTarget(spec, ctx) {
    if (ctx.kind === 'lib') {
      this.problem(`${ctx.srcRel}: imports the aws_ecs namespace of '${spec}' inside aws-ecs/lib; import the names you need instead.`);
      return undefined;
    }
    return { spec: relativeSpecifier(posix.dirname(ctx.dstRel), PATHS.lib), asNamespace: true };
  }

  /**
   * The upstream imports for one import declaration of this repository.
   * @param {ts.ImportDeclaration} statement
   * @param {FileContext} ctx
   * @returns {ImportGroup[] | undefined}
   */
  mapImport(statement, ctx) {
    const spec = /** @type {ts.StringLiteral} */ (statement.moduleSpecifier).text;
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
    /** @type {ImportGroup[]} */
    const groups = [];
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
      /** @type {Specifier[]} */ (group.named).push({ text: element.getText(), imported, local: element.name.text, typeOnly: element.isTypeOnly });
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

  /**
   * A file of this repository in upstream's form.
   * @param {string} text
   * @param {FileContext} ctx
   */
  rewrite(text, ctx) {
    const problemsBefore = this.problems.length;
    if (ctx.kind === 'integ') text = this.foldIntoEcsNamespace(text, ctx, undefined);
    const sf = parse(ctx.srcRel, text);
    /** @type {Edit[]} */
    const edits = [];
    /** @type {Set<ts.Node>} */
    const handled = new Set();
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
    edits.push(...idEdits(sf, new Set(moduleLiterals)));
    let rewritten = applyEdits(text, edits);
    if (ctx.kind === 'test') rewritten = foldIntoLibNamespace(rewritten, ctx);
    const result = sortLeadingImports(ctx.dstRel, rewritten);
    for (const literal of moduleSpecifierLiterals(parse(ctx.dstRel, result))) {
      const spec = literal.text;
      const leftover = spec === PACKAGE_NAME || spec.startsWith(`${PACKAGE_NAME}/`)
        || (ctx.kind !== 'integ' && (spec === 'aws-cdk-lib' || spec.startsWith('aws-cdk-lib/')));
      if (leftover && this.problems.length === problemsBefore) {
        this.problem(`${ctx.srcRel}: the import of '${spec}' could not be rewritten to upstream's form.`);
      }
    }
    const mentions = linesMentioningPackage(result);
    if (mentions.length > 0 && ctx.srcRel !== PATHS.readme) {
      this.warnings.push(`${ctx.dstRel} still mentions '${PACKAGE_NAME}' (line ${mentions.join(', ')}): reword it for upstream.`);
    }
    return result;
  }

  /**
   * Turns imports of this package into references through the aws-ecs
   * namespace: `import { ContainerImage } from '${PACKAGE_NAME}/aws-ecs'` then
   * `ContainerImage.fromInternet()` becomes `ecs.ContainerImage.fromInternet()`.
   * The namespace is the file's own `import * as X from 'aws-cdk-lib/aws-ecs'`,
   * else `fallback` (README samples, whose fixture imports `ecs`); with
   * neither, only the module name changes. `implicit` are names of this
   * package that the code uses without importing them (a README sample gets
   * them from this repository's rosetta fixture): local and exported name.
   * @param {string} text
   * @param {FileContext} ctx
   * @param {string | undefined} fallback
   * @param {Array<[string, string]>} [implicit]
   */
  foldIntoEcsNamespace(text, ctx, fallback, implicit = []) {
    const sf = parse(ctx.srcRel, text);
    /** @type {string | undefined} */
    let namespace;
    for (const statement of sf.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === 'aws-cdk-lib/aws-ecs'
        && statement.importClause?.namedBindings && ts.isNamespaceImport(statement.importClause.namedBindings) && !statement.importClause.isTypeOnly) {
        namespace = statement.importClause.namedBindings.name.text;
      }
      if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)
        && ts.isStringLiteral(statement.moduleReference.expression) && statement.moduleReference.expression.text === 'aws-cdk-lib/aws-ecs') {
        namespace = statement.name.text;
      }
    }
    namespace = namespace ?? fallback;
    if (!namespace) return text;
    /** @type {Edit[]} */
    const edits = [];
    const bound = new Set([...importBindings(sf, ctx.srcRel).keys(), ...sf.statements.flatMap(declaredNames)]);
    for (const [local, exported] of implicit) {
      if (!bound.has(local)) edits.push(...renameReferences(sf, local, `${namespace}.${exported}`));
    }
    for (const statement of sf.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const spec = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (spec !== `${PACKAGE_NAME}/aws-ecs` && spec !== PACKAGE_NAME) continue;
      if (!clause || clause.name) {
        this.problem(`${ctx.srcRel}: cannot rewrite '${statement.getText()}' to upstream's form.`);
        continue;
      }
      const bindings = clause.namedBindings;
      /** @type {Array<[string, string]>} local name and what it becomes */
      const renames = [];
      if (bindings && ts.isNamespaceImport(bindings)) {
        if (spec !== PACKAGE_NAME) renames.push([bindings.name.text, namespace]);
        else this.problem(`${ctx.srcRel}: cannot rewrite '${statement.getText()}' to upstream's form.`);
      } else if (bindings) {
        for (const element of bindings.elements) {
          const imported = (element.propertyName ?? element.name).text;
          if (spec === PACKAGE_NAME) {
            if (imported === 'aws_ecs') renames.push([element.name.text, namespace]);
            else this.problem(`${ctx.srcRel}: '${imported}' is not exported by '${PACKAGE_NAME}'.`);
          } else {
            renames.push([element.name.text, `${namespace}.${imported}`]);
          }
        }
      }
      edits.push(removeStatement(text, statement));
      for (const [local, replacement] of renames) {
        if (local !== replacement) edits.push(...renameReferences(sf, local, replacement));
      }
    }
    return applyEdits(text, edits);
  }
}

/**
 * In a test file, the names imported from aws-ecs/lib become references through
 * the file's namespace import of it, as upstream's tests write them:
 * `import * as ecs from '../lib'` and `import { ContainerImage } from '../lib'`
 * (both were aws-ecs here) give `ecs.ContainerImage`.
 * @param {string} text
 * @param {FileContext} ctx
 */
function foldIntoLibNamespace(text, ctx) {
  const libSpec = relativeSpecifier(posix.dirname(ctx.dstRel), PATHS.lib);
  const sf = parse(ctx.dstRel, text);
  const fromLib = sf.statements.filter(/** @returns {s is ts.ImportDeclaration} */ s => ts.isImportDeclaration(s)
    && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === libSpec && !!s.importClause && !s.importClause.name);
  const namespaceImport = fromLib.find(s => !s.importClause?.isTypeOnly && s.importClause?.namedBindings && ts.isNamespaceImport(s.importClause.namedBindings));
  if (!namespaceImport) return text;
  const namespace = /** @type {ts.NamespaceImport} */ (namespaceImport.importClause?.namedBindings).name.text;
  const declared = new Set(sf.statements.flatMap(declaredNames));
  /** @type {Edit[]} */
  const edits = [];
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

/**
 * Edits that put upstream's names in place of this package's in string literals.
 * @param {ts.SourceFile} sf
 * @param {Set<ts.Node>} skip
 * @returns {Edit[]}
 */
function idEdits(sf, skip) {
  /** @type {Edit[]} */
  const edits = [];
  /** @param {ts.Node} node */
  const visit = (node) => {
    const isText = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
      || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node);
    if (isText && !skip.has(node)) {
      const raw = sf.text.slice(node.getStart(), node.end);
      const rewritten = rewriteIds(raw);
      if (rewritten !== raw) edits.push({ start: node.getStart(), end: node.end, text: rewritten });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return edits;
}

/** @param {ImportGroup} group @param {string} quote */
function importText(group, quote) {
  const from = `${quote}${group.spec}${quote}`;
  if (group.sideEffect) return `import ${from};`;
  const type = group.typeOnly ? 'type ' : '';
  const parts = [];
  if (group.defaultName) parts.push(group.defaultName);
  if (group.namespace) parts.push(`* as ${group.namespace}`);
  if (group.named) parts.push(`{ ${group.named.map(s => s.text).join(', ')} }`);
  return `import ${type}${parts.join(', ')} from ${from};`;
}

// ---------------------------------------------------------------------------
// Merging container-image.ts and index.ts
// ---------------------------------------------------------------------------

/** @param {ts.SourceFile} sf */
function findContainerImageClass(sf) {
  return sf.statements.find(/** @returns {s is ts.ClassDeclaration} */ s => ts.isClassDeclaration(s) && s.name?.text === 'ContainerImage');
}

/** @param {ts.ClassElement} member */
function memberName(member) {
  if (ts.isConstructorDeclaration(member)) return 'constructor';
  return member.name ? member.name.getText() : '';
}

/** @param {ts.Node} node */
function isStatic(node) {
  const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return !!modifiers && modifiers.some(m => m.kind === ts.SyntaxKind.StaticKeyword);
}

/**
 * A node's text with its doc comment, without the blank lines before it,
 * re-indented from `from` to `to`.
 * @param {string} text @param {ts.Node} node @param {string} from @param {string} to
 */
function nodeTextWithComments(text, node, from, to) {
  const lines = text.slice(node.getFullStart(), node.end).replace(/\r\n/g, '\n').split('\n');
  while (lines.length > 0 && lines[0].trim() === '') lines.shift();
  if (from === to) return lines.join('\n');
  return lines.map(l => (l.startsWith(from) ? to + l.slice(from.length) : l)).join('\n');
}

/** The indentation of the line a node starts on. @param {ts.SourceFile} sf @param {ts.Node} node */
function indentOf(sf, node) {
  const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
  const lineStart = sf.getPositionOfLineAndCharacter(line, 0);
  return /^[ \t]*/.exec(sf.text.slice(lineStart, node.getStart()))?.[0] ?? '';
}

/**
 * The bindings a file's imports create: local name → module (resolved,
 * repository-relative), imported name, type-only.
 * @param {ts.SourceFile} sf
 * @param {string} rel
 */
function importBindings(sf, rel) {
  /** @type {Map<string, { module: string, imported: string, typeOnly: boolean }>} */
  const bindings = new Map();
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
        bindings.set(element.name.text, { module, imported: (element.propertyName ?? element.name).text, typeOnly: clause.isTypeOnly || element.isTypeOnly });
      }
    }
  }
  return bindings;
}

/**
 * Upstream's container-image.ts with the members of this repository's
 * ContainerImage class, and the imports those need.
 * @param {Upstreamer} u
 * @param {string} srcText
 * @param {string} dstText
 * @returns {{ text: string, members: Array<{ name: string, deprecated: boolean }> }}
 */
function mergeContainerImage(u, srcText, dstText) {
  const ctx = /** @type {FileContext} */ ({ kind: 'lib', srcRel: CONTAINER_IMAGE, dstRel: CONTAINER_IMAGE });
  const src = parse(CONTAINER_IMAGE, srcText);
  const dst = parse(CONTAINER_IMAGE, dstText);
  const srcClass = findContainerImageClass(src);
  const dstClass = findContainerImageClass(dst);
  if (!srcClass) {
    u.problem(`${CONTAINER_IMAGE} of this repository declares no class ContainerImage: nothing to merge.`);
    return { text: dstText, members: [] };
  }
  if (!dstClass) {
    u.problem(`${CONTAINER_IMAGE} in the checkout does not declare a class ContainerImage, so fromInternet() and fromDockerHub() have nowhere to go; `
      + 'upstream has changed shape, and this script needs updating.');
    return { text: dstText, members: [] };
  }

  // What travels: the class members, and any other declarations of the file.
  const srcIndent = srcClass.members.length > 0 ? indentOf(src, srcClass.members[0]) : '  ';
  const dstIndent = dstClass.members.length > 0 ? indentOf(dst, dstClass.members[0]) : '  ';
  /** @type {Map<string, ts.ClassElement>} */
  const dstMembers = new Map(dstClass.members.map(m => [memberName(m), m]));
  /** @type {string[]} */
  const newMembers = [];
  /** @type {Array<{ name: string, deprecated: boolean }>} */
  const members = [];
  for (const member of srcClass.members) {
    const name = memberName(member);
    const text = nodeTextWithComments(srcText, member, srcIndent, dstIndent);
    members.push({ name, deprecated: ts.getJSDocTags(member).some(t => t.tagName.text === 'deprecated') });
    const existing = dstMembers.get(name);
    if (existing) {
      if (normalize(nodeTextWithComments(dstText, existing, dstIndent, dstIndent)) !== normalize(text)) {
        u.problem(`${CONTAINER_IMAGE} in the checkout already has ContainerImage.${name}, different from this repository's: `
          + 'the change seems applied in another form; reconcile by hand.');
      }
      continue;
    }
    newMembers.push(text);
  }
  const otherStatements = src.statements.filter(s => !ts.isImportDeclaration(s) && s !== srcClass);
  const dstDeclarations = new Map(dst.statements.flatMap(s => declaredNames(s).map(n => [n, s])));
  /** @type {string[]} */
  const newStatements = [];
  for (const statement of otherStatements) {
    const names = declaredNames(statement);
    const text = nodeTextWithComments(srcText, statement, '', '');
    const existing = names.map(n => dstDeclarations.get(n)).find(s => s);
    if (existing) {
      if (normalize(nodeTextWithComments(dstText, existing, '', '')) !== normalize(text)) {
        u.problem(`${CONTAINER_IMAGE} in the checkout already declares ${names.join(', ')}, different from this repository's.`);
      }
      continue;
    }
    newStatements.push(text);
  }

  // The imports the travelling code uses, in upstream's form.
  const used = identifiersIn([...srcClass.members, ...otherStatements]);
  const dstBindings = importBindings(dst, CONTAINER_IMAGE);
  const self = CONTAINER_IMAGE.replace(/\.ts$/, '');
  /** @type {{ top: ImportGroup[], bottom: ImportGroup[] }} */
  const needed = { top: [], bottom: [] };
  for (const statement of src.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const groups = u.mapImport(statement, ctx);
    if (!groups) continue;
    const where = statement.pos > srcClass.pos ? needed.bottom : needed.top;
    for (const group of groups) {
      const module = group.spec.startsWith('.') ? posix.normalize(posix.join(posix.dirname(CONTAINER_IMAGE), group.spec)) : group.spec;
      /** @type {Array<{ local: string, imported: string, typeOnly: boolean }>} */
      const locals = [
        ...(group.defaultName ? [{ local: group.defaultName, imported: 'default', typeOnly: group.typeOnly }] : []),
        ...(group.namespace ? [{ local: group.namespace, imported: '*', typeOnly: group.typeOnly }] : []),
        ...(group.named ?? []).map(s => ({ local: s.local, imported: s.imported, typeOnly: group.typeOnly || s.typeOnly })),
      ];
      if (module === self) {
        // e.g. `ContainerImage as CoreContainerImage`: the class it extended is the one merged into.
        for (const { local } of locals) {
          if (used.has(local)) u.problem(`${CONTAINER_IMAGE}: the code that moves upstream uses '${local}', which refers to upstream's own ContainerImage there.`);
        }
        continue;
      }
      const missing = locals.filter(({ local, imported, typeOnly }) => {
        if (!used.has(local)) return false;
        const existing = dstBindings.get(local);
        if (existing) {
          if (existing.module !== module || existing.imported !== imported || (existing.typeOnly && !typeOnly)) {
            u.problem(`${CONTAINER_IMAGE} in the checkout already binds '${local}' to another import than this change needs ('${imported}' from '${group.spec}').`);
          }
          return false;
        }
        if (dstDeclarations.has(local)) u.problem(`${CONTAINER_IMAGE} in the checkout already declares '${local}', which this change imports.`);
        return true;
      });
      if (missing.length === 0) continue;
      const keep = new Set(missing.map(m => m.local));
      where.push({
        ...group,
        named: group.named?.filter(s => keep.has(s.local)),
        namespace: group.namespace && keep.has(group.namespace) ? group.namespace : undefined,
        defaultName: group.defaultName && keep.has(group.defaultName) ? group.defaultName : undefined,
      });
    }
  }

  /** @type {Edit[]} */
  const edits = [];
  if (newMembers.length > 0) {
    const statics = dstClass.members.filter(isStatic);
    const anchor = statics.length > 0 ? statics[statics.length - 1].end : dstClass.members.pos;
    const text = newMembers.map(m => `\n\n${m}`).join('');
    edits.push({ start: anchor, end: anchor, text: statics.length > 0 ? text : `${text.slice(1)}\n` });
  }
  const dstImports = dst.statements.filter(ts.isImportDeclaration);
  const topImports = dstImports.filter(s => s.pos < dstClass.pos);
  const bottomImports = dstImports.filter(s => s.pos > dstClass.pos);
  const lastDeclaration = [...dst.statements].reverse().find(s => !ts.isImportDeclaration(s));
  if (needed.top.length > 0) {
    const text = needed.top.map(g => importText(g, "'")).join('\n');
    if (topImports.length > 0) {
      const at = topImports[topImports.length - 1].end;
      edits.push({ start: at, end: at, text: `\n${text}` });
    } else {
      const at = dst.statements[0].getStart();
      edits.push({ start: at, end: at, text: `${text}\n\n` });
    }
  }
  if (newStatements.length > 0 && lastDeclaration) {
    edits.push({ start: lastDeclaration.end, end: lastDeclaration.end, text: newStatements.map(s => `\n\n${s}`).join('') });
  }
  if (needed.bottom.length > 0) {
    const text = needed.bottom.map(g => importText(g, "'")).join('\n');
    if (bottomImports.length > 0) {
      const at = bottomImports[bottomImports.length - 1].end;
      edits.push({ start: at, end: at, text: `\n${text}` });
    } else {
      const at = dstText.trimEnd().length;
      edits.push({ start: at, end: at, text: `\n\n// Imported last to prevent circular imports: these classes extend ContainerImage.\n${text}` });
    }
  }
  return { text: applyEdits(dstText, edits), members };
}

/**
 * Upstream's aws-ecs/lib/index.ts with this repository's exports added.
 * @param {Upstreamer} u
 * @param {string} srcText
 * @param {string} dstText
 */
function mergeIndex(u, srcText, dstText) {
  const ctx = /** @type {FileContext} */ ({ kind: 'lib', srcRel: INDEX, dstRel: INDEX });
  const src = parse(INDEX, srcText);
  const dst = parse(INDEX, dstText);
  /** @param {ts.ExportDeclaration} s */
  const shape = (s) => `${s.isTypeOnly ? 'type ' : ''}${s.exportClause ? s.exportClause.getText() : '*'}`;
  /** @type {ts.ExportDeclaration[]} */
  const dstExportList = dst.statements.filter(/** @returns {s is ts.ExportDeclaration} */ s =>
    ts.isExportDeclaration(s) && !!s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier));
  /** @param {ts.ExportDeclaration} s */
  const specOf = (s) => /** @type {ts.StringLiteral} */ (s.moduleSpecifier).text;
  if (!dstExportList.some(s => !s.exportClause && specOf(s) === './container-image')) {
    u.problem(`${INDEX} in the checkout does not have the expected shape: it has no \`export * from './container-image'\`, `
      + 'so the new images would not be exported next to ContainerImage. Merge the exports by hand.');
  }
  /** Text to insert after each statement of upstream's index (or at the end: -1). @type {Map<number, string[]>} */
  const insertions = new Map();
  /** Where the previous export of this repository's index is, or went. @type {number | undefined} */
  let previousAnchor;
  for (const statement of src.statements) {
    if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) {
      u.problem(`${INDEX} of this repository holds '${statement.getText()}', which is not an \`export ... from\`: merge it by hand.`);
      continue;
    }
    const t = u.target(statement.moduleSpecifier.text, ctx);
    if (!t) continue;
    const existing = dstExportList.filter(s => specOf(s) === t.spec);
    if (existing.length > 0) {
      const same = existing.find(s => shape(s) === shape(statement));
      if (!same) {
        u.problem(`${INDEX} in the checkout already exports '${t.spec}' as '${existing[0].getText()}', not as this change does.`);
      }
      previousAnchor = dst.statements.indexOf(same ?? existing[0]);
      continue;
    }
    const literal = statement.moduleSpecifier;
    const text = srcText.slice(statement.getStart(), literal.getStart()) + literal.getText()[0] + t.spec + literal.getText()[0]
      + srcText.slice(literal.end, statement.end);
    // Next to upstream's exports of the same folder; else after the export that precedes it here; else before the generated L1s.
    const folder = posix.dirname(t.spec);
    const sameFolder = folder !== '.' ? dstExportList.filter(s => !s.exportClause && posix.dirname(specOf(s)) === folder) : [];
    let anchor;
    if (sameFolder.length > 0) {
      anchor = dst.statements.indexOf(sameFolder[sameFolder.length - 1]);
    } else if (previousAnchor !== undefined) {
      anchor = previousAnchor;
    } else {
      const generated = dstExportList.find(s => /\.generated$/.test(specOf(s)));
      anchor = generated ? dst.statements.indexOf(generated) - 1 : dst.statements.length - 1;
    }
    if (!insertions.has(anchor)) insertions.set(anchor, []);
    /** @type {string[]} */ (insertions.get(anchor)).push(text);
    previousAnchor = anchor;
  }
  /** @type {Edit[]} */
  const edits = [...insertions.entries()].map(([anchor, texts]) => {
    const at = anchor >= 0 ? dst.statements[anchor].end : 0;
    return anchor >= 0
      ? { start: at, end: at, text: texts.map(t => `\n${t}`).join('') }
      : { start: at, end: at, text: texts.map(t => `${t}\n`).join('') };
  });
  return applyEdits(dstText, edits);
}

// ---------------------------------------------------------------------------
// README
// ---------------------------------------------------------------------------

/**
 * The names that a rosetta fixture imports: local name → module (namespace
 * imports) or `module#name` (named imports). Undefined without such a fixture.
 * @param {string} root
 * @param {string} fixture
 */
function fixtureImports(root, fixture) {
  const rel = [`${PATHS.rosettaFixtures}/${fixture}.ts-fixture`, `${LIB_PACKAGE}/rosetta/${fixture}.ts-fixture`]
    .find(candidate => fs.existsSync(path.join(root, candidate)));
  /** @type {Map<string, string>} */
  const aliases = new Map();
  if (!rel) return undefined;
  const sf = parse(rel, readText(root, rel));
  for (const statement of sf.statements) {
    if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)
      && ts.isStringLiteral(statement.moduleReference.expression)) {
      aliases.set(statement.name.text, statement.moduleReference.expression.text);
    } else if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.importClause) {
      const spec = statement.moduleSpecifier.text;
      const named = statement.importClause.namedBindings;
      if (named && ts.isNamespaceImport(named)) aliases.set(named.name.text, spec);
      if (named && ts.isNamedImports(named)) named.elements.forEach(e => aliases.set(e.name.text, `${spec}#${(e.propertyName ?? e.name).text}`));
    }
  }
  return aliases;
}

/**
 * A TypeScript sample of the README in upstream's form: this package's
 * imports folded into `ecs.`, and the imports that upstream's rosetta fixture
 * already makes left out.
 * @param {Upstreamer} u
 * @param {string} code
 * @param {string} info the fence's info string, e.g. `ts fixture=with-secret`
 */
function rewriteSample(u, code, info) {
  const fixture = /\bfixture=(\S+)/.exec(info)?.[1] ?? 'default';
  const noFixture = /\bnofixture\b/.test(info);
  const provided = noFixture ? new Map() : fixtureImports(u.checkout, fixture);
  const ours = (noFixture ? undefined : fixtureImports(u.source, fixture)) ?? new Map();
  if (!provided && fixture !== 'default') {
    u.warnings.push(`README sample uses the rosetta fixture '${fixture}', which the checkout lacks (${PATHS.rosettaFixtures}/${fixture}.ts-fixture).`);
  }
  const ctx = /** @type {FileContext} */ ({ kind: 'integ', srcRel: PATHS.readme, dstRel: PATHS.readme });
  // Upstream's samples reach aws-ecs through the fixture's `ecs`; a sample without a fixture keeps its own imports.
  const ecsAlias = noFixture ? undefined
    : [...(provided ?? new Map()).entries()].find(([, m]) => m === 'aws-cdk-lib/aws-ecs')?.[0] ?? 'ecs';
  // Names that this repository's fixture imports from this package, which samples use bare.
  /** @type {Array<[string, string]>} */
  const implicit = [...ours.entries()].flatMap(([local, m]) => {
    const [module, exported] = m.split('#');
    return exported && (module === `${PACKAGE_NAME}/aws-ecs`) ? [/** @type {[string, string]} */ ([local, exported])] : [];
  });
  let text = u.rewrite(u.foldIntoEcsNamespace(code, ctx, ecsAlias, implicit), ctx);
  const used = identifiersIn([parse('sample.ts', text)]);
  const ownImports = importBindings(parse('sample.ts', text), PATHS.readme);
  for (const [local, module] of ours) {
    if (used.has(local) && !ownImports.has(local) && provided?.get(local) !== module && !implicit.some(([l]) => l === local)) {
      u.warnings.push(`A README sample uses '${local}', which this repository's rosetta fixture '${fixture}' imports but the checkout's does not: `
        + 'import it in the sample, or add it to the fixture upstream.');
    }
  }
  // Leave out the imports that the fixture makes the same way.
  if (provided && provided.size > 0) {
    const sf = parse('sample.ts', text);
    /** @type {Edit[]} */
    const edits = [];
    for (const statement of sf.statements) {
      let same = false;
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.importClause && !statement.importClause.name) {
        const spec = statement.moduleSpecifier.text;
        const named = statement.importClause.namedBindings;
        if (named && ts.isNamespaceImport(named)) same = provided.get(named.name.text) === spec;
        if (named && ts.isNamedImports(named)) same = named.elements.every(e => provided.get(e.name.text) === `${spec}#${(e.propertyName ?? e.name).text}`);
      } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)
        && ts.isStringLiteral(statement.moduleReference.expression)) {
        same = provided.get(statement.name.text) === statement.moduleReference.expression.text;
      }
      if (same) edits.push(removeStatement(text, statement));
    }
    text = applyEdits(text, edits);
  }
  return text.replace(/^(\s*\n)+/, '');
}

/**
 * This repository's README in the form of a section of upstream's aws-ecs
 * README: the part from the heading README_UPSTREAM_FROM on (or all of it), headings one
 * level down when it starts with a `#` title, samples in upstream's form.
 * @param {Upstreamer} u
 * @param {string} readme
 */
function readmeSection(u, readme) {
  let text = readme.replace(/\r\n/g, '\n');
  const from = text.split('\n').findIndex(line => /^#{1,6}\s/.test(line) && line.replace(/^#+\s+/, '').trim() === README_UPSTREAM_FROM);
  if (from >= 0) text = text.split('\n').slice(from).join('\n');
  const lines = text.split('\n');
  /** @type {string[]} */
  const out = [];
  /** @type {{ fence: string, info: string, body: string[] } | undefined} */
  let block;
  let firstHeading;
  let inOtherFence = '';
  for (const line of lines) {
    const fence = /^\s*(`{3,}|~{3,})(.*)$/.exec(line);
    if (block) {
      if (fence && fence[1].startsWith(block.fence) && fence[2].trim() === '') {
        out.push(rewriteSample(u, block.body.join('\n'), block.info).replace(/\s+$/, ''), line);
        block = undefined;
      } else {
        block.body.push(line);
      }
      continue;
    }
    if (inOtherFence) {
      if (fence && fence[1].startsWith(inOtherFence) && fence[2].trim() === '') inOtherFence = '';
      out.push(line);
      continue;
    }
    if (fence) {
      out.push(line);
      const info = fence[2].trim();
      if (/^(ts|typescript)\b/.test(info)) block = { fence: fence[1], info, body: [] };
      else inOtherFence = fence[1];
      continue;
    }
    const heading = /^(#{1,6})\s/.exec(line);
    if (heading && firstHeading === undefined) firstHeading = heading[1].length;
    out.push(line);
  }
  if (block) u.problem(`${PATHS.readme}: a code block is never closed.`);
  let section = out.join('\n');
  if (firstHeading === 1) {
    // Headings one level down, outside code blocks: the title becomes a section of upstream's README.
    let fenced = '';
    section = section.split('\n').map(line => {
      const fence = /^\s*(`{3,}|~{3,})/.exec(line);
      if (fence) fenced = fenced ? (fence[1].startsWith(fenced) ? '' : fenced) : fence[1];
      return !fenced && !fence && /^#{1,5}\s/.test(line) ? `#${line}` : line;
    }).join('\n');
  }
  section = rewriteIds(section.trim());
  const mentions = linesMentioningPackage(section);
  if (mentions.length > 0) {
    u.warnings.push(`The README section still mentions '${PACKAGE_NAME}' (its line ${mentions.join(', ')}): edit it in the checkout, `
      + `or move what only this package needs before its heading '${README_UPSTREAM_FROM}' in ${PATHS.readme}.`);
  }
  return section;
}

// ---------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------

/**
 * @typedef {{ rel: string, content: Buffer, action: 'create' | 'modify' | 'unchanged' }} Write
 * @typedef {{ writes: Write[], warnings: string[], summary: Summary }} Plan
 * @typedef {{ libFiles: Array<{ rel: string, exports: string[] }>, members: Array<{ name: string, deprecated: boolean }>,
 *   testFiles: string[], integTests: string[], readme: boolean }} Summary
 */

/**
 * Every write of the change, validated. Throws a Refusal listing every problem found.
 * @param {string} source
 * @param {string} checkout
 * @returns {Plan}
 */
function plan(source, checkout) {
  checkCheckout(checkout, source);
  const u = new Upstreamer(source, checkout);
  for (const rel of [CONTAINER_IMAGE, INDEX]) {
    if (!fs.existsSync(path.join(source, rel))) throw new Refusal([`${source} has no ${rel}: run this from (or --source) the ${PACKAGE_NAME} repository.`]);
  }

  const libFiles = listFiles(source, PATHS.lib).filter(rel => rel !== CONTAINER_IMAGE && rel !== INDEX);
  const testFiles = listFiles(source, PATHS.test);
  const integFiles = listFiles(source, PATHS.integ);
  /** @type {Array<{ src: string, dst: string, kind: Kind }>} */
  const copies = [
    ...libFiles.map(rel => ({ src: rel, dst: rel, kind: /** @type {Kind} */ ('lib') })),
    ...testFiles.map(rel => ({ src: rel, dst: /** @type {string} */ (u.destination(rel)), kind: /** @type {Kind} */ ('test') })),
    ...integFiles.map(rel => ({ src: rel, dst: rel, kind: /** @type {Kind} */ ('integ') })),
  ];
  copies.forEach(c => u.planned.add(c.dst));
  u.scan = scanCheckoutLib(checkout, u.planned);

  /** @type {Map<string, Buffer>} */
  const contents = new Map();
  const summary = /** @type {Summary} */ ({ libFiles: [], members: [], testFiles: [], integTests: [], readme: false });
  for (const copy of copies) {
    const buffer = fs.readFileSync(path.join(source, copy.src));
    if (isTypeScript(copy.src)) {
      const text = u.rewrite(buffer.toString('utf8'), { kind: copy.kind, srcRel: copy.src, dstRel: copy.dst });
      contents.set(copy.dst, Buffer.from(text, 'utf8'));
      const sf = parse(copy.src, buffer.toString('utf8'));
      if (copy.kind === 'lib') {
        const names = exportedNames(sf);
        summary.libFiles.push({ rel: copy.dst, exports: names });
        for (const name of names) {
          const clash = [...(u.scan.definedIn.get(name) ?? [])];
          if (clash.length > 0) u.problem(`${copy.src} exports '${name}', which upstream already exports from ${clash.join(', ')}.`);
        }
      } else if (copy.kind === 'test' && copy.src.endsWith('.test.ts')) {
        summary.testFiles.push(copy.dst);
      } else if (copy.kind === 'integ' && /(^|\/)integ\.[^/]*\.ts$/.test(copy.src)) {
        summary.integTests.push(copy.dst);
      }
    } else {
      contents.set(copy.dst, buffer);
    }
  }

  // The merged files.
  const merged = mergeContainerImage(u, readText(source, CONTAINER_IMAGE), readText(checkout, CONTAINER_IMAGE));
  summary.members = merged.members;
  contents.set(CONTAINER_IMAGE, Buffer.from(merged.text, 'utf8'));
  const index = mergeIndex(u, readText(source, INDEX), readText(checkout, INDEX));
  contents.set(INDEX, Buffer.from(index, 'utf8'));

  if (fs.existsSync(path.join(source, PATHS.readme))) {
    const section = readmeSection(u, readText(source, PATHS.readme));
    const readmePath = path.join(checkout, PATHS.readme);
    const before = fs.existsSync(readmePath) ? fs.readFileSync(readmePath, 'utf8') : '';
    summary.readme = section.length > 0;
    if (section.length > 0) {
      const firstLine = section.split('\n')[0];
      if (normalize(before).includes(normalize(section))) {
        contents.set(PATHS.readme, Buffer.from(before, 'utf8'));
      } else if (/^#/.test(firstLine) && before.split(/\r?\n/).some(l => l.trimEnd() === firstLine.trimEnd())) {
        u.problem(`${PATHS.readme} in the checkout already has the heading '${firstLine}', with other content than this change's section: reconcile by hand.`);
      } else {
        const base = before.length === 0 ? '' : `${before.replace(/\s+$/, '')}\n\n`;
        contents.set(PATHS.readme, Buffer.from(`${base}${section}\n`, 'utf8'));
      }
    }
  }

  /** @type {Write[]} */
  const writes = [];
  const mergedFiles = new Set([CONTAINER_IMAGE, INDEX, PATHS.readme]);
  for (const [rel, content] of contents) {
    const abs = path.join(checkout, rel);
    if (!path.resolve(abs).startsWith(path.resolve(checkout) + path.sep)) {
      u.problem(`internal error: ${rel} is outside the checkout.`);
      continue;
    }
    if (!fs.existsSync(abs)) {
      writes.push({ rel, content, action: 'create' });
    } else if (fs.readFileSync(abs).equals(content)) {
      writes.push({ rel, content, action: 'unchanged' });
    } else if (mergedFiles.has(rel)) {
      writes.push({ rel, content, action: 'modify' });
    } else {
      u.problem(`${rel} already exists in the checkout with other content than this change's: it is not overwritten. `
        + 'Remove it or reconcile it by hand (if it is an upstream file, rename this repository\'s).');
    }
  }
  if (u.problems.length > 0) throw new Refusal([...new Set(u.problems)]);
  writes.sort((a, b) => (a.rel < b.rel ? -1 : 1));
  return { writes, warnings: [...new Set(u.warnings)], summary };
}

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

/** @param {string} checkout */
function gitTopLevel(checkout) {
  try {
    const top = execFileSync('git', ['--no-optional-locks', '-C', checkout, 'rev-parse', '--show-toplevel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return fs.realpathSync(top) === fs.realpathSync(checkout) ? top : undefined;
  } catch {
    return undefined;
  }
}

/** @param {string} checkout @param {Write[]} writes */
function changeReport(checkout, writes) {
  const lines = writes.map(w => `  ${w.action.padEnd(9)} ${w.rel}`);
  if (gitTopLevel(checkout) && writes.some(w => w.action !== 'unchanged')) {
    const paths = writes.map(w => w.rel);
    const git = (/** @type {string[]} */ args) => execFileSync('git', ['--no-optional-locks', '-C', checkout, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const stat = git(['diff', '--stat', '--', ...paths]).trimEnd();
    const untracked = git(['ls-files', '--others', '--exclude-standard', '--', ...paths]).trim().split('\n').filter(Boolean);
    lines.push('', 'git diff --stat (tracked files):', stat || '  (no tracked file changed)');
    if (untracked.length > 0) lines.push('', `New (untracked) files: ${untracked.length}`, ...untracked.map(f => `  ${f}`));
  }
  return lines.join('\n');
}

/** @param {Summary} s */
function pullRequestDescription(s) {
  const api = [
    ...s.members.map(m => `- \`ContainerImage.${m.name}()\`${m.deprecated ? ' (deprecated from the start: an alias kept for the name used in the issue)' : ''}`),
    ...s.libFiles.filter(f => !f.rel.includes('/private/') && f.exports.length > 0)
      .map(f => `- \`${f.rel.slice(PATHS.lib.length + 1)}\`: ${f.exports.map(n => `\`${n}\``).join(', ')}`),
  ];
  const privateFiles = s.libFiles.filter(f => f.rel.includes('/private/')).map(f => `\`${f.rel.slice(PATHS.lib.length + 1)}\``);
  const exported = new Set(s.libFiles.flatMap(f => f.exports));
  const integ = s.integTests.length > 0
    ? s.integTests.map(t => `  - \`${t.slice('packages/@aws-cdk-testing/framework-integ/'.length)}\` (with its snapshot)`).join('\n')
    : '  - (none yet)';
  return `feat(ecs): private registry credentials with RepositoryCreds and ContainerImage.fromInternet

### Issue # (if applicable)

Closes #${ISSUE}.

### Reason for this change

Amazon ECS pulls images from private registries outside Amazon ECR (Docker Hub, Quay, GitHub Container Registry, Artifactory, self-hosted registries) with a username and password kept in AWS Secrets Manager. In aws-cdk-lib this is \`ContainerImage.fromRegistry(name, { credentials: secret })\`: it takes the secret itself, grants the execution role through \`secret.grantRead()\`, and checks neither the image name nor the secret. The mistakes users meet (a secret in another account referenced by partial ARN, a customer managed key that the execution role cannot use, an ARN that is not a Secrets Manager secret, credentials given to an ECR image, a malformed image reference) all synthesize fine and only fail when ECS pulls the image. The discussion in #${ISSUE} also asked for credentials as their own type, so that other sources can be added without new image classes.

### Description of changes

- \`IRepositoryCreds\` and \`RepositoryCreds.fromSecret(secret)\`: the credentials of a registry as their own abstraction. On \`bind\` they grant the task execution role exactly what the pull needs (\`secretsmanager:GetSecretValue\` on the secret, matched with its six-character suffix when known by name; \`kms:Decrypt\` restricted by \`kms:ViaService\` to Secrets Manager when the secret has a customer managed key) and render \`RepositoryCredentials.CredentialsParameter\`. Synthesis fails for an ARN that is not a Secrets Manager secret and for a secret of another account referenced by partial ARN; warnings explain what another account must allow, partial ARNs, and execution roles that are imported and cannot be granted.
- \`WebHostedImage\`: an image in any registry reachable over the internet, with optional \`credentials: IRepositoryCreds\`. The image reference is checked at synthesis (Docker's grammar and ECS's limits; tokens are checked only in their literal parts), and credentials given to an Amazon ECR image produce a warning, since ECS ignores them there.
- \`DockerHubImage\`: a deprecated subclass of \`WebHostedImage\`, for the name used in the issue; it adds a deprecation annotation.
- \`ContainerImage.fromInternet(imageName, props?)\`, and the deprecated \`ContainerImage.fromDockerHub()\`, as the factories of these images, next to \`fromRegistry\`.${exported.has('RegistryCredentialsSecret') ? `
- \`RegistryCredentialsSecret\`: a \`secretsmanager.Secret\` whose value has the JSON shape ECS reads (\`username\`, \`password\`); it refuses a plain-text password, and generates a placeholder to replace out of band when none is given.` : ''}
- README section on private registries.

Public API added:

${api.join('\n')}
${privateFiles.length > 0 ? `\nInternal helpers (not exported): ${privateFiles.join(', ')}.\n` : ''}
\`fromRegistry\` and \`RepositoryImage\` are unchanged: this is additive and changes no existing synthesized template.

### Describe any new or updated permissions being added

Only for containers that use the new credentials: the task execution role gets \`secretsmanager:GetSecretValue\` on the one secret, and \`kms:Decrypt\` on its customer managed key (if any) with the condition \`kms:ViaService = secretsmanager.<region>.amazonaws.com\`. The task role gets nothing.

### Description of how you validated changes

- Unit tests in ${s.testFiles.map(f => `\`${f.slice(ECS_MODULE.length + 1)}\``).join(', ') || '(none)'} (templates, IAM statements, errors and warnings).
- Integration tests:
${integ}
  Their snapshots were recorded offline (\`integ-runner --update-on-failed --dry-run\`) and have not been deployed yet: re-record them in this checkout with a deployment before merging.
- Built and used first as the standalone construct library \`${PACKAGE_NAME}\` (jsii, with rosetta-compiled README samples) on aws-cdk-lib 2.257.0; this PR is that code in upstream's layout, with its tests.

### Checklist
- [x] My code adheres to the [CONTRIBUTING GUIDE](https://github.com/aws/aws-cdk/blob/main/CONTRIBUTING.md) and [DESIGN GUIDELINES](https://github.com/aws/aws-cdk/blob/main/docs/DESIGN_GUIDELINES.md)

----

*By submitting this pull request, I confirm that my contribution is made under the terms of the Apache-2.0 license*
`;
}

/**
 * @param {string[]} argv
 * @param {{ out?: (text: string) => void, err?: (text: string) => void }} [io]
 * @returns {number} the exit code
 */
function main(argv, io = {}) {
  const out = io.out ?? (t => process.stdout.write(`${t}\n`));
  const err = io.err ?? (t => process.stderr.write(`${t}\n`));
  let source = path.resolve(__dirname, '..');
  let dryRun = false;
  /** @type {string[]} */
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      out(USAGE);
      return 0;
    } else if (arg === '--dry-run') {
      dryRun = true;
    } else if (arg === '--source') {
      source = path.resolve(argv[++i] ?? '');
    } else if (arg.startsWith('-')) {
      err(`Unknown option ${arg}.\n\n${USAGE}`);
      return 2;
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 1) {
    err(USAGE);
    return 2;
  }
  const checkout = path.resolve(positional[0]);

  /** @type {Plan} */
  let result;
  try {
    result = plan(source, checkout);
  } catch (e) {
    if (e instanceof Refusal) {
      err(`upstream: refusing to change ${checkout}. Nothing was written.\n${e.problems.map(p => `  - ${p}`).join('\n')}`);
      return 1;
    }
    throw e;
  }

  const changed = result.writes.filter(w => w.action !== 'unchanged');
  if (!dryRun) {
    for (const write of changed) {
      const abs = path.join(checkout, write.rel);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, write.content);
    }
  }
  const verb = dryRun ? 'Would change' : 'Changed';
  out(changed.length === 0
    ? `The checkout already has this change: nothing to do (${result.writes.length} files checked).`
    : `${verb} ${changed.length} of ${result.writes.length} files in ${checkout}:`);
  out(dryRun ? result.writes.map(w => `  ${w.action.padEnd(9)} ${w.rel}`).join('\n') : changeReport(checkout, result.writes));
  for (const warning of result.warnings) err(`warning: ${warning}`);
  out(`
Next, in the checkout:
  npx lerna run build --scope=aws-cdk-lib --skip-nx-cache   # or: cd packages/aws-cdk-lib && yarn build
  cd packages/aws-cdk-lib && yarn test aws-ecs
  cd packages/@aws-cdk-testing/framework-integ && yarn integ test/aws-ecs/test --update-on-failed   # re-record snapshots
  git add -A && git commit   # then open the pull request with the description below

---------------------------------------- pull request ----------------------------------------
${pullRequestDescription(result.summary)}`);
  return 0;
}

module.exports = { main, plan, Refusal, readmeSection, sortLeadingImports, PATHS };

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
