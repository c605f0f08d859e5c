/**
 * Where an import of this repository points in upstream's form: one resolver
 * per kind of file, since each kind imports aws-cdk-lib its own way upstream.
 * - library code (`lib`) imports each name of its own module from the file
 *   that defines it, and other modules by relative path (`../../aws-iam`);
 * - unit tests (`test`) import their module's `lib` as a whole, and other
 *   modules by relative path;
 * - integ tests and README samples (`integ`, `readme`) import the published
 *   `aws-cdk-lib`, which will then hold this change.
 * Relative imports resolve the same way for every kind: to the file's place
 * in the checkout, which must exist there or be part of the change.
 */
import * as fs from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';
import type { ModuleScan } from './checkout';
import { LIB_PACKAGE, PACKAGE_NAME, PACKAGE_ONLY_MODULES, UPSTREAM_TEST_PACKAGES } from './config';
import { exists, isPackageOnlyFile, isTypeScript, readText } from './files';
import { destination, type Kind, libDir, moduleOf } from './paths';
import type { Findings } from './refusal';
import { relativeSpecifier } from './ts-util';

const posix = path.posix;

/** A file being rewritten. */
export interface FileContext {
  readonly kind: Kind;
  /** The module the file belongs to (`aws-ecs`). */
  readonly module: string;
  readonly srcRel: string;
  readonly dstRel: string;
}

/** An import's module in upstream's form; `asNamespace` when an `aws_x` name of the package root becomes a namespace import. */
export interface Target {
  readonly spec: string;
  readonly asNamespace?: boolean;
}

/** What every resolver needs, all known before the first file is rewritten. */
export interface ResolverInputs {
  readonly source: string;
  readonly checkout: string;
  readonly findings: Findings;
  /** This package's modules that go upstream. */
  readonly modules: ReadonlySet<string>;
  /** The files the checkout has once the change (up to the part being planned) is written, repository-relative. */
  readonly planned: ReadonlySet<string>;
  /** The checkout's modules, scanned (without this change's files). */
  readonly scans: ReadonlyMap<string, ModuleScan>;
}

const isCdkSpec = (spec: string) => spec === 'aws-cdk-lib' || spec.startsWith('aws-cdk-lib/');
const isOurSpec = (spec: string) => spec === PACKAGE_NAME || spec.startsWith(`${PACKAGE_NAME}/`);
const AWS_NAMESPACE = /^aws_[a-z0-9_]+$/;

/** Resolves the module specifiers of one kind of file. */
export abstract class Resolver {
  constructor(protected readonly inputs: ResolverInputs) {}

  /** The upstream module for a module specifier, for one imported name (undefined: the module as a whole); undefined, with a problem, when there is none. */
  public resolve(spec: string, ctx: FileContext, name?: string): Target | undefined {
    if (spec.startsWith('.')) {
      const relative = this.relative(spec, ctx);
      return relative === undefined ? undefined : { spec: relative };
    }
    return this.resolvePackage(spec, ctx, name);
  }

  /** A package specifier (`aws-cdk-lib/...`, this package's, or another package). */
  protected abstract resolvePackage(spec: string, ctx: FileContext, name?: string): Target | undefined;

  protected problem(message: string): void {
    this.inputs.findings.problem(message);
  }

  /** Whether a file of this repository stays here (a package-only module, or a file marked package-only). */
  protected isPackageOnly(srcRel: string): boolean {
    const module = moduleOf(srcRel);
    if (srcRel.startsWith(`${LIB_PACKAGE}/`) && module && PACKAGE_ONLY_MODULES.has(module)) return true;
    return isTypeScript(srcRel) && exists(this.inputs.source, srcRel) && isPackageOnlyFile(readText(this.inputs.source, srcRel));
  }

  /** The upstream form of a relative module specifier. */
  private relative(spec: string, ctx: FileContext): string | undefined {
    const { source, checkout, planned } = this.inputs;
    const base = posix.normalize(posix.join(posix.dirname(ctx.srcRel), spec));
    const candidates: Array<[string, 'strip' | 'dir' | 'exact']> = [[`${base}.ts`, 'strip'], [`${base}.tsx`, 'strip'], [`${base}/index.ts`, 'dir'], [base, 'exact']];
    const found = candidates.find(([file]) => fs.existsSync(path.join(source, file)) && fs.statSync(path.join(source, file)).isFile());
    if (!found) {
      this.problem(`${ctx.srcRel}: cannot resolve the import '${spec}' in this repository.`);
      return undefined;
    }
    const [file, style] = found;
    const strip = (rel: string) => (style === 'strip' ? rel.replace(/\.tsx?$/, '') : style === 'dir' ? posix.dirname(rel) : rel);
    if (this.isPackageOnly(file)) {
      // A stand-in: fine only where upstream has its own file at the same path (core/lib/errors, core/lib/metadata-resource, ...).
      if (exists(checkout, file)) return relativeSpecifier(posix.dirname(ctx.dstRel), strip(file));
      this.problem(`${ctx.srcRel}: imports '${spec}', the package-only file ${file}, which does not go upstream and which the checkout does not have. `
        + 'Wrap the import and its use in `// upstream: package-only begin` / `end`, or import what upstream has instead.');
      return undefined;
    }
    const dst = destination(file);
    if (!dst) {
      this.problem(`${ctx.srcRel}: the import '${spec}' reaches ${file}, outside the files that go upstream.`);
      return undefined;
    }
    if (!planned.has(dst) && !exists(checkout, dst)) {
      this.problem(`${ctx.srcRel}: the import '${spec}' would reach ${dst}, which the checkout does not have.`);
      return undefined;
    }
    return relativeSpecifier(posix.dirname(ctx.dstRel), strip(dst));
  }

  /** The relative path to an `aws-cdk-lib` submodule of the checkout (`core` for the package root), checked to exist. */
  protected submodule(sub: string, ctx: FileContext): string | undefined {
    const rel = `${LIB_PACKAGE}/${sub}`;
    if (!exists(this.inputs.checkout, rel) && !exists(this.inputs.checkout, `${rel}.ts`)) {
      this.problem(`${ctx.srcRel}: imports '${sub === 'core' ? 'aws-cdk-lib' : `aws-cdk-lib/${sub}`}', but the checkout has no ${rel}.`);
      return undefined;
    }
    return relativeSpecifier(posix.dirname(ctx.dstRel), rel);
  }
}

/** Code inside aws-cdk-lib (library code and unit tests): every module by relative path. */
abstract class InsidePackageResolver extends Resolver {
  protected resolvePackage(spec: string, ctx: FileContext, name?: string): Target | undefined {
    const isOurs = isOurSpec(spec);
    if (!isCdkSpec(spec) && !isOurs) {
      const bare = spec.replace(/^node:/, '').split('/')[0];
      const known = spec === 'constructs' || builtinModules.includes(bare) || (ctx.kind === 'test' && UPSTREAM_TEST_PACKAGES.has(spec));
      if (!known) {
        this.inputs.findings.warn(`${ctx.srcRel} imports the package '${spec}': check that aws-cdk-lib depends on it.`);
      }
      return { spec };
    }
    const sub = spec.includes('/') ? spec.slice(spec.indexOf('/') + 1) : '';
    if (sub === '') {
      // The package root: core for aws-cdk-lib, and the `aws_x` namespaces of either package.
      if (name && AWS_NAMESPACE.test(name)) {
        const module = name.replace(/_/g, '-');
        if (module === ctx.module) return this.ownModuleNamespace(name, spec, ctx);
        const submodule = this.submodule(module, ctx);
        return submodule === undefined ? undefined : { spec: submodule, asNamespace: true };
      }
      if (isOurs) {
        this.problem(`${ctx.srcRel}: imports ${name ? `'${name}' from ` : ''}'${spec}', which has no upstream counterpart; import from the module instead.`);
        return undefined;
      }
      const core = this.submodule('core', ctx);
      return core === undefined ? undefined : { spec: core };
    }
    if (sub === ctx.module) return this.ownModule(spec, ctx, name);
    if (isOurs && !this.inputs.modules.has(sub)) {
      this.problem(`${ctx.srcRel}: imports '${spec}', which has no upstream counterpart.`);
      return undefined;
    }
    // Another module, of aws-cdk-lib or of this package (upstream, it is aws-cdk-lib's).
    const submodule = this.submodule(sub, ctx);
    return submodule === undefined ? undefined : { spec: submodule };
  }

  /** `{ aws_x }` from the package root, where `aws-x` is the file's own module. */
  protected abstract ownModuleNamespace(name: string, spec: string, ctx: FileContext): Target | undefined;
  /** `aws-cdk-lib/<own module>` or `${PACKAGE_NAME}/<own module>`. */
  protected abstract ownModule(spec: string, ctx: FileContext, name?: string): Target | undefined;
}

/** A module's library code: names of its own module come from the file that defines them, as upstream's do (no import cycles through the index). */
export class LibResolver extends InsidePackageResolver {
  protected ownModuleNamespace(name: string, spec: string, ctx: FileContext): Target | undefined {
    this.problem(`${ctx.srcRel}: imports the ${name} namespace of '${spec}' inside ${ctx.module}/lib; import the names you need instead.`);
    return undefined;
  }

  protected ownModule(spec: string, ctx: FileContext, name?: string): Target | undefined {
    if (!name) {
      this.problem(`${ctx.srcRel}: imports the whole of '${spec}' inside ${ctx.module}/lib, where upstream imports each name from the file that defines it; `
        + 'import the names instead.');
      return undefined;
    }
    const defining = this.definingFile(name, ctx);
    return defining === undefined ? undefined : { spec: relativeSpecifier(posix.dirname(ctx.dstRel), defining) };
  }

  /** The checkout file (without `.ts`) that defines a name of the file's own module. */
  private definingFile(name: string, ctx: FileContext): string | undefined {
    const scan = this.inputs.scans.get(ctx.module);
    const defined = [...(scan?.definedIn.get(name) ?? [])];
    if (defined.length > 1) {
      this.problem(`${ctx.srcRel}: '${name}' of aws-cdk-lib/${ctx.module} is exported by several files of the checkout (${defined.join(', ')}); cannot tell which to import.`);
      return undefined;
    }
    if (defined.length === 1) return defined[0];
    const counts = [...(scan?.importedFrom.get(name) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1]);
    if (counts.length > 0) return counts[0][0];
    // L1 classes, and the reference interfaces that file declares, live in the generated file,
    // absent from a checkout that was never built.
    if (/^Cfn[A-Z]/.test(name) || /^I[A-Z]\w*Ref$/.test(name) || /^[A-Z]\w*Reference$/.test(name)) return `${libDir(ctx.module)}/${ctx.module.replace(/^aws-/, '')}.generated`;
    this.problem(`${ctx.srcRel}: '${name}' is imported from aws-cdk-lib/${ctx.module}, but no file of the checkout's ${libDir(ctx.module)} exports it.`);
    return undefined;
  }
}

/** A module's unit tests: their own module is its `lib`, as upstream's tests import it (`import * as ecs from '../lib'`). */
export class TestResolver extends InsidePackageResolver {
  protected ownModuleNamespace(_name: string, _spec: string, ctx: FileContext): Target {
    return { spec: relativeSpecifier(posix.dirname(ctx.dstRel), libDir(ctx.module)), asNamespace: true };
  }

  protected ownModule(_spec: string, ctx: FileContext): Target {
    return { spec: relativeSpecifier(posix.dirname(ctx.dstRel), libDir(ctx.module)) };
  }
}

/** Integ tests and README samples: they import the published aws-cdk-lib, which will then hold this change. */
export class PublishedResolver extends Resolver {
  protected resolvePackage(spec: string): Target {
    return { spec: isOurSpec(spec) ? `aws-cdk-lib${spec.slice(PACKAGE_NAME.length)}` : spec };
  }
}

/** The resolver of each kind of file. */
export function resolversByKind(inputs: ResolverInputs): Record<Kind, Resolver> {
  const published = new PublishedResolver(inputs);
  return { lib: new LibResolver(inputs), test: new TestResolver(inputs), integ: published, readme: published };
}
