/**
 * Plans every write of the change in memory, validated: the module steps in
 * order, for every module of this package that goes upstream.
 */
import * as fs from 'fs';
import * as path from 'path';
import { patchBatch } from './batch-patch';
import { checkCheckout, scanModule } from './checkout';
import { BATCH, ECS_MODULE, INTEG_ROOT, LIB_PACKAGE, PACKAGE_NAME, PACKAGE_ONLY_INTEG_DIRS, PACKAGE_ONLY_MODULES } from './config';
import { exists, isPackageOnlyFile, isTypeScript, listDirs, listFiles, readText, withoutPackageOnlyBlocks } from './files';
import { type FileContext, ImportRewriter, type Kind, libDir } from './imports';
import { CONTAINER_IMAGE, type MergedMember, mergeContainerImage } from './merge-container-image';
import { mergeIndex } from './merge-index';
import { placeReadme, readmePart, readmePath } from './readme';
import { Findings, Refusal } from './refusal';
import { exportedNames, parse } from './ts-util';

export interface Write {
  readonly rel: string;
  readonly content: Buffer;
  readonly action: 'create' | 'modify' | 'unchanged';
}

/** What the change holds, for the pull request text. */
export interface Summary {
  readonly libFiles: Array<{ rel: string; module: string; exports: string[] }>;
  members: MergedMember[];
  readonly testFiles: string[];
  readonly integTests: string[];
  readonly readmes: string[];
  batch: boolean;
}

export interface Plan {
  readonly writes: Write[];
  readonly warnings: string[];
  readonly summary: Summary;
}

/** This package's modules that go upstream: folders of the library package with a `lib/`, but the package-only ones. */
export function sourceModules(source: string): string[] {
  return listDirs(source, LIB_PACKAGE).filter(m => !PACKAGE_ONLY_MODULES.has(m) && exists(source, `${LIB_PACKAGE}/${m}/lib`));
}

/** The folders of framework-integ's `test/` that hold integ tests of a module. */
export function integModules(source: string): string[] {
  return listDirs(source, INTEG_ROOT).filter(d => !PACKAGE_ONLY_INTEG_DIRS.has(d));
}

interface Copy {
  readonly src: string;
  readonly dst: string;
  readonly kind: Kind;
  readonly module: string;
}

/** Every write of the change, validated. Throws a Refusal listing every problem found. */
export function plan(source: string, checkout: string): Plan {
  checkCheckout(checkout, source);
  const modules = sourceModules(source);
  if (!modules.includes(ECS_MODULE) || !exists(source, CONTAINER_IMAGE)) {
    throw new Refusal([`${source} has no ${CONTAINER_IMAGE}: run this from (or --source) the ${PACKAGE_NAME} repository.`]);
  }
  const findings = new Findings();
  const u = new ImportRewriter(source, checkout, findings, new Set(modules));
  const merged = new Set<string>();
  const copies: Copy[] = [];
  for (const module of modules) {
    const lib = libDir(module);
    if (!exists(checkout, lib)) {
      findings.problem(`${lib} does not exist in the checkout: upstream has no module ${module} to add this change's files to.`);
      continue;
    }
    const index = `${lib}/index.ts`;
    if (!exists(checkout, index)) findings.problem(`${index} does not exist in ${checkout}: the new modules cannot be exported from it.`);
    merged.add(index);
    if (module === ECS_MODULE) {
      if (!exists(checkout, CONTAINER_IMAGE)) {
        findings.problem(`${CONTAINER_IMAGE} does not exist in ${checkout}: the ContainerImage factories cannot be merged into it.`);
      }
      merged.add(CONTAINER_IMAGE);
    }
    for (const rel of listFiles(source, lib)) {
      if (!merged.has(rel)) copies.push({ src: rel, dst: rel, kind: 'lib', module });
    }
    for (const rel of listFiles(source, `${LIB_PACKAGE}/${module}/test`)) {
      copies.push({ src: rel, dst: u.destination(rel)!, kind: 'test', module });
    }
  }
  for (const dir of integModules(source)) {
    for (const rel of listFiles(source, `${INTEG_ROOT}/${dir}`)) copies.push({ src: rel, dst: rel, kind: 'integ', module: dir });
  }
  if (findings.problems.length > 0) throw new Refusal([...new Set(findings.problems)]);

  // Package-only files stay here.
  const travelling = copies.filter(c => !(isTypeScript(c.src) && isPackageOnlyFile(readText(source, c.src))));
  travelling.forEach(c => u.planned.add(c.dst));
  for (const module of modules) u.scans.set(module, scanModule(checkout, module, u.planned));

  /** A source file's text without its package-only blocks. */
  const upstreamText = (rel: string): string => {
    const stripped = withoutPackageOnlyBlocks(readText(source, rel));
    if ('error' in stripped) {
      findings.problem(`${rel}: ${stripped.error}.`);
      return readText(source, rel);
    }
    return stripped.text;
  };

  const contents = new Map<string, Buffer>();
  const summary: Summary = { libFiles: [], members: [], testFiles: [], integTests: [], readmes: [], batch: false };
  for (const copy of travelling) {
    if (!isTypeScript(copy.src)) {
      contents.set(copy.dst, fs.readFileSync(path.join(source, copy.src)));
      continue;
    }
    const text = upstreamText(copy.src);
    const ctx: FileContext = { kind: copy.kind, module: copy.module, srcRel: copy.src, dstRel: copy.dst };
    contents.set(copy.dst, Buffer.from(u.rewrite(text, ctx), 'utf8'));
    if (copy.kind === 'lib') {
      const names = exportedNames(parse(copy.src, text));
      summary.libFiles.push({ rel: copy.dst, module: copy.module, exports: names });
      for (const name of names) {
        const clash = [...(u.scans.get(copy.module)?.definedIn.get(name) ?? [])];
        if (clash.length > 0) findings.problem(`${copy.src} exports '${name}', which upstream already exports from ${clash.join(', ')}.`);
      }
    } else if (copy.kind === 'test' && copy.src.endsWith('.test.ts')) {
      summary.testFiles.push(copy.dst);
    } else if (copy.kind === 'integ' && /(^|\/)integ\.[^/]*\.ts$/.test(copy.src)) {
      summary.integTests.push(copy.dst);
    }
  }

  // The merged files.
  const checkoutText = (rel: string) => (exists(checkout, rel) ? readText(checkout, rel) : undefined);
  for (const module of modules) {
    const index = `${libDir(module)}/index.ts`;
    const upstreamIndex = checkoutText(index);
    if (exists(source, index) && upstreamIndex !== undefined) {
      contents.set(index, Buffer.from(mergeIndex(u, module, upstreamText(index), upstreamIndex, module === ECS_MODULE ? './container-image' : undefined), 'utf8'));
    }
    const readme = readmePath(module);
    if (exists(source, readme)) {
      const part = readmePart(u, module, readText(source, readme));
      if (part.length > 0) {
        const placed = placeReadme(u, module, part, checkoutText(readme) ?? '');
        if (placed !== undefined) contents.set(readme, Buffer.from(placed, 'utf8'));
        summary.readmes.push(module);
        merged.add(readme);
      }
    }
  }
  const upstreamContainerImage = checkoutText(CONTAINER_IMAGE);
  if (upstreamContainerImage !== undefined) {
    const result = mergeContainerImage(u, upstreamText(CONTAINER_IMAGE), upstreamContainerImage);
    summary.members = result.members;
    contents.set(CONTAINER_IMAGE, Buffer.from(result.text, 'utf8'));
  }
  const batch = patchBatch(findings, checkoutText(BATCH.file));
  if (batch !== undefined) {
    contents.set(BATCH.file, Buffer.from(batch, 'utf8'));
    summary.batch = true;
  }
  merged.add(BATCH.file);

  const writes: Write[] = [];
  for (const [rel, content] of contents) {
    const abs = path.join(checkout, rel);
    if (!path.resolve(abs).startsWith(path.resolve(checkout) + path.sep)) {
      findings.problem(`internal error: ${rel} is outside the checkout.`);
      continue;
    }
    if (!fs.existsSync(abs)) {
      writes.push({ rel, content, action: 'create' });
    } else if (fs.readFileSync(abs).equals(content)) {
      writes.push({ rel, content, action: 'unchanged' });
    } else if (merged.has(rel)) {
      writes.push({ rel, content, action: 'modify' });
    } else {
      findings.problem(`${rel} already exists in the checkout with other content than this change's: it is not overwritten. `
        + 'Remove it or reconcile it by hand (if it is an upstream file, rename this repository\'s).');
    }
  }
  if (findings.problems.length > 0) throw new Refusal([...new Set(findings.problems)]);
  writes.sort((a, b) => (a.rel < b.rel ? -1 : 1));
  return { writes, warnings: [...new Set(findings.warnings)], summary };
}

