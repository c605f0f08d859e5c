/**
 * Plans every write of the change in memory, validated. `plan()` runs the
 * steps in this order, each in its own file:
 * 1. check that the target is an aws-cdk checkout (checkout.ts);
 * 2. list the files that go upstream and assign each to a part of the series (parts.ts);
 * 3. rewrite the copied files into upstream's form (imports.ts, resolvers.ts);
 * 4. merge the ContainerImage factories into container-image.ts (merge-container-image.ts);
 * 5. add the exports to each module's lib/index.ts (merge-index.ts);
 * 6. place each module's README part (readme.ts);
 * 7. make aws-batch render repository credentials (batch-patch.ts);
 * 8. add the awslint exclusions of this package's types to upstream's awslint.json (awslint.ts);
 * then compares every planned file with the checkout. The pull request text
 * (pull-request.ts) is written from the plan's summary.
 */
import * as fs from 'fs';
import * as path from 'path';
import { type Exclusion, exclusions, mergeAwslint } from './awslint';
import { patchBatch } from './batch-patch';
import { checkCheckout, scanModule } from './checkout';
import { AWSLINT, BATCH, ECS_MODULE, INTEG_ROOT, LIB_PACKAGE, PACKAGE_NAME, PACKAGE_ONLY_INTEG_DIRS, PACKAGE_ONLY_MODULES, PARTS } from './config';
import { exists, isPackageOnlyFile, isTypeScript, listDirs, listFiles, readText, withoutBlocks } from './files';
import { type FileContext, ImportRewriter } from './imports';
import { CONTAINER_IMAGE, containerImageMembers, type MergedMember, mergeContainerImage } from './merge-container-image';
import { mergeIndex } from './merge-index';
import { PartAssignment, partIndex, type SourceFile } from './parts';
import { destination, libDir } from './paths';
import { placeReadme, readmeAsOf, readmePart, readmePath } from './readme';
import { Findings, Refusal } from './refusal';
import { exportedNames, parse } from './ts-util';

export interface Write {
  readonly rel: string;
  readonly content: Buffer;
  readonly action: 'create' | 'modify' | 'unchanged';
}

/** What the change holds, for the pull request text; `part` is the index in PARTS of the part that brings it. */
export interface Summary {
  readonly libFiles: Array<{ rel: string; module: string; exports: string[]; part: number }>;
  readonly members: Array<MergedMember & { part: number }>;
  readonly testFiles: Array<{ rel: string; part: number }>;
  readonly integTests: Array<{ rel: string; part: number }>;
  readonly readmes: Array<{ module: string; part: number }>;
  /** The awslint exclusions added to upstream's awslint.json, with their reasons. */
  readonly awslint: Exclusion[];
  /** The part that changes aws-batch, if the plan includes it. */
  batch?: number;
}

export interface Plan {
  readonly writes: Write[];
  readonly warnings: string[];
  readonly summary: Summary;
  /** The parts (indexes in PARTS) whose pull request this plan writes. */
  readonly parts: number[];
}

export interface PlanOptions {
  /** Only this part, on a checkout that has the parts before it. @default - every part */
  readonly part?: string;
}

/** This package's modules that go upstream: folders of the library package with a `lib/`, but the package-only ones. */
export function sourceModules(source: string): string[] {
  return listDirs(source, LIB_PACKAGE).filter(m => !PACKAGE_ONLY_MODULES.has(m) && exists(source, `${LIB_PACKAGE}/${m}/lib`));
}

/** The folders of framework-integ's `test/` that hold integ tests of a module. */
export function integModules(source: string): string[] {
  return listDirs(source, INTEG_ROOT).filter(d => !PACKAGE_ONLY_INTEG_DIRS.has(d));
}

interface Copy extends SourceFile {
  readonly dst: string;
}

/**
 * Every write of the change, or of one part of it, validated. Throws a
 * Refusal listing every problem found; with `part`, also when the checkout
 * lacks a part before it (checked by planning that part: the checkout must
 * already hold all it writes).
 */
export function plan(source: string, checkout: string, options: PlanOptions = {}): Plan {
  // Step 1.
  checkCheckout(checkout, source);
  if (!sourceModules(source).includes(ECS_MODULE) || !exists(source, CONTAINER_IMAGE)) {
    throw new Refusal([`${source} has no ${CONTAINER_IMAGE}: run this from (or --source) the ${PACKAGE_NAME} repository.`]);
  }
  if (options.part === undefined) return planUpTo(source, checkout, PARTS.length - 1, PARTS.map((_, i) => i));
  const p = partIndex(options.part);
  if (p === undefined) throw new Refusal([`There is no part '${options.part}'. The parts, in order: ${PARTS.map(x => x.name).join(', ')}.`]);
  for (let q = 0; q < p; q++) {
    let missing: string[];
    try {
      missing = planUpTo(source, checkout, q, [q]).writes.filter(w => w.action !== 'unchanged').map(w => `${w.rel} (${w.action === 'create' ? 'missing' : 'not as that part writes it'})`);
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      missing = e.problems;
    }
    if (missing.length > 0) {
      throw new Refusal([`The checkout does not have the part '${PARTS[q].name}', which '${options.part}' builds on. `
        + `Apply it first (npm run upstream -- <checkout> --part ${PARTS[q].name}), or reconcile by hand:`, ...missing.map(m => `  ${m}`)]);
    }
  }
  return planUpTo(source, checkout, p, [p]);
}

/** The writes that give the checkout every part up to `upTo`; the summary says what each part brings. */
function planUpTo(source: string, checkout: string, upTo: number, described: number[]): Plan {
  const findings = new Findings();

  // Step 2: the files that go upstream, and the part each belongs to.
  const modules = sourceModules(source);
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
      if (rel !== index) copies.push({ src: rel, dst: rel, kind: 'lib', module });
    }
    for (const rel of listFiles(source, `${LIB_PACKAGE}/${module}/test`)) {
      copies.push({ src: rel, dst: destination(rel)!, kind: 'test', module });
    }
  }
  for (const dir of integModules(source)) {
    for (const rel of listFiles(source, `${INTEG_ROOT}/${dir}`)) copies.push({ src: rel, dst: rel, kind: 'integ', module: dir });
  }
  if (findings.problems.length > 0) throw new Refusal([...new Set(findings.problems)]);
  // Package-only files stay here.
  const travelling = copies.filter(c => !(isTypeScript(c.src) && isPackageOnlyFile(readText(source, c.src))));
  const parts = new PartAssignment(source, travelling, findings);
  const inScope = travelling.filter(c => parts.partOf(c.src) <= upTo);
  const planned = new Set(inScope.map(c => c.dst));
  const scans = new Map(modules.map(m => [m, scanModule(checkout, m, planned)]));
  const u = new ImportRewriter({ source, checkout, findings, modules: new Set(modules), planned, scans });

  // Step 3: the copied files, and what they were as of earlier parts (a later part may change them).
  const contents = new Map<string, Buffer>();
  const earlier = new Map<string, Buffer[]>();
  const summary: Summary = { libFiles: [], members: [], testFiles: [], integTests: [], readmes: [], awslint: [] };
  for (const copy of inScope) {
    if (merged.has(copy.src)) continue;
    const part = parts.partOf(copy.src);
    if (!isTypeScript(copy.src)) {
      contents.set(copy.dst, fs.readFileSync(path.join(source, copy.src)));
      continue;
    }
    const ctx: FileContext = { kind: copy.kind, module: copy.module, srcRel: copy.src, dstRel: copy.dst };
    const text = parts.textAsOf(copy.src, upTo);
    contents.set(copy.dst, Buffer.from(u.rewrite(text, ctx), 'utf8'));
    for (let q = part; q < upTo; q++) {
      const older = parts.textAsOf(copy.src, q);
      if (older !== text) earlier.set(copy.dst, [...(earlier.get(copy.dst) ?? []), Buffer.from(u.rewrite(older, ctx), 'utf8')]);
    }
    if (copy.kind === 'lib') {
      const names = exportedNames(parse(copy.src, text));
      summary.libFiles.push({ rel: copy.dst, module: copy.module, exports: names, part });
      for (const name of names) {
        const clash = [...(scans.get(copy.module)?.definedIn.get(name) ?? [])];
        if (clash.length > 0) findings.problem(`${copy.src} exports '${name}', which upstream already exports from ${clash.join(', ')}.`);
      }
    } else if (copy.kind === 'test' && copy.src.endsWith('.test.ts')) {
      summary.testFiles.push({ rel: copy.dst, part });
    } else if (copy.kind === 'integ' && /(^|\/)integ\.[^/]*\.ts$/.test(copy.src)) {
      summary.integTests.push({ rel: copy.dst, part });
    }
  }
  const checkoutText = (rel: string) => (exists(checkout, rel) ? readText(checkout, rel) : undefined);

  // Step 4: the ContainerImage factories.
  const upstreamContainerImage = checkoutText(CONTAINER_IMAGE);
  if (upstreamContainerImage !== undefined && parts.partOf(CONTAINER_IMAGE) <= upTo) {
    const result = mergeContainerImage(u, parts.textAsOf(CONTAINER_IMAGE, upTo), upstreamContainerImage);
    const firstPart = (name: string) => {
      for (let q = parts.partOf(CONTAINER_IMAGE); q < upTo; q++) {
        if (containerImageMembers(parts.textAsOf(CONTAINER_IMAGE, q)).includes(name)) return q;
      }
      return upTo;
    };
    summary.members.push(...result.members.map(m => ({ ...m, part: firstPart(m.name) })));
    contents.set(CONTAINER_IMAGE, Buffer.from(result.text, 'utf8'));
  }

  // Step 5: the index exports, of the files in this plan's parts.
  for (const module of modules) {
    const index = `${libDir(module)}/index.ts`;
    const upstreamIndex = checkoutText(index);
    if (!exists(source, index) || upstreamIndex === undefined) continue;
    const text = indexAsOf(source, index, parts, upTo, findings);
    if (text.trim() === '') continue;
    contents.set(index, Buffer.from(mergeIndex(u, module, text, upstreamIndex, module === ECS_MODULE ? './container-image' : undefined), 'utf8'));
  }

  // Step 6: the READMEs, section by section.
  for (const module of modules) {
    const readme = readmePath(module);
    if (!exists(source, readme)) continue;
    const raw = readText(source, readme);
    const partAsOf = (q: number) => {
      const text = readmeAsOf(raw, module, q, code => parts.partOfCode(code));
      return text.trim() === '' ? '' : readmePart(u, module, text);
    };
    const part = partAsOf(upTo);
    if (part.length === 0) continue;
    const older = [...Array(upTo).keys()].map(partAsOf).filter(t => t.length > 0 && t !== part);
    const placed = placeReadme(u, module, part, checkoutText(readme) ?? '', older);
    if (placed !== undefined) contents.set(readme, Buffer.from(placed, 'utf8'));
    merged.add(readme);
    for (let q = 0; q <= upTo; q++) {
      const asOf = (x: number) => readmeAsOf(raw, module, x, code => parts.partOfCode(code));
      if (asOf(q) !== (q === 0 ? '' : asOf(q - 1))) summary.readmes.push({ module, part: q });
    }
  }

  // Step 7: AWS Batch renders the credentials.
  const batchPart = PARTS.findIndex(x => x.batch);
  if (batchPart >= 0 && batchPart <= upTo) {
    const batch = patchBatch(findings, checkoutText(BATCH.file));
    if (batch !== undefined) {
      contents.set(BATCH.file, Buffer.from(batch, 'utf8'));
      summary.batch = batchPart;
    }
    merged.add(BATCH.file);
  }

  // Step 8: the awslint exclusions of this package's types, those of the parts in this plan, ordered by part.
  if (exists(source, AWSLINT)) {
    const ours = exclusions(readText(source, AWSLINT), modules, parts, findings).filter(x => x.part <= upTo).sort((a, b) => a.part - b.part);
    if (ours.length > 0) {
      const awslint = mergeAwslint(findings, checkoutText(AWSLINT), ours.map(x => x.entry));
      if (awslint !== undefined) contents.set(AWSLINT, Buffer.from(awslint, 'utf8'));
      merged.add(AWSLINT);
      summary.awslint.push(...ours);
    }
  }

  // Every planned file against the checkout.
  const writes: Write[] = [];
  for (const [rel, content] of contents) {
    const abs = path.join(checkout, rel);
    if (!path.resolve(abs).startsWith(path.resolve(checkout) + path.sep)) {
      findings.problem(`internal error: ${rel} is outside the checkout.`);
      continue;
    }
    if (!fs.existsSync(abs)) {
      writes.push({ rel, content, action: 'create' });
      continue;
    }
    const current = fs.readFileSync(abs);
    if (current.equals(content)) {
      writes.push({ rel, content, action: 'unchanged' });
    } else if (merged.has(rel) || earlier.get(rel)?.some(b => b.equals(current))) {
      writes.push({ rel, content, action: 'modify' });
    } else {
      findings.problem(`${rel} already exists in the checkout with other content than this change's: it is not overwritten. `
        + 'Remove it or reconcile it by hand (if it is an upstream file, rename this repository\'s).');
    }
  }
  if (findings.problems.length > 0) throw new Refusal([...new Set(findings.problems)]);
  writes.sort((a, b) => (a.rel < b.rel ? -1 : 1));
  return { writes, warnings: [...new Set(findings.warnings)], summary, parts: described };
}

/** A module's `lib/index.ts` of this repository as of part `upTo`: the exports of files of later parts left out. */
function indexAsOf(source: string, index: string, parts: PartAssignment, upTo: number, findings: Findings): string {
  const stripped = withoutBlocks(readText(source, index), name => {
    const i = partIndex(name);
    return i === undefined ? undefined : i <= upTo;
  });
  if ('error' in stripped) {
    findings.problem(`${index}: ${stripped.error}.`);
    return '';
  }
  return stripped.text.split('\n').filter(line => {
    const m = /^\s*export\s.*\sfrom\s+['"](\.[^'"]*)['"]/.exec(line);
    if (!m) return true;
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(index), m[1]));
    const file = [`${base}.ts`, `${base}/index.ts`].find(f => exists(source, f));
    return file === undefined || parts.partOf(file) <= upTo;
  }).join('\n');
}
