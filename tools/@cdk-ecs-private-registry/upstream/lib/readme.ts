/**
 * Step 6 of `plan()`: a module's README in upstream's form. The part that goes upstream
 * (from its first `##` heading on) is placed where `README_PLACEMENT` says:
 * for aws-ecs, inside upstream's "### Images" section (an item in its list of
 * image sources, then each `##` section of this README as a subsection).
 * Samples are rewritten for upstream's rosetta fixture.
 */
import * as ts from 'typescript';
import { LIB_PACKAGE, PACKAGE_NAME, README_PLACEMENT } from './config';
import { modulePart, readmeTextPart } from './parts';
import { exists, readText } from './files';
import { type FileContext, type ImportRewriter, linesMentioningPackage, rewriteIds } from './imports';
import { applyEdits, type Edit, identifiersIn, importBindings, normalize, parse, removeStatement } from './ts-util';


/** `packages/aws-cdk-lib/<module>/README.md` */
export function readmePath(module: string): string {
  return `${LIB_PACKAGE}/${module}/README.md`;
}

/** The rosetta fixtures of a module: upstream keeps them in `rosetta/<aws_x>/`, this repository in `rosetta/`. */
function fixturePaths(module: string, fixture: string): string[] {
  return [`${LIB_PACKAGE}/rosetta/${module.replace(/-/g, '_')}/${fixture}.ts-fixture`, `${LIB_PACKAGE}/rosetta/${fixture}.ts-fixture`];
}

/**
 * The names that a rosetta fixture imports: local name → module (namespace
 * imports) or `module#name` (named imports). Undefined without such a fixture.
 */
export function fixtureImports(root: string, module: string, fixture: string): Map<string, string> | undefined {
  const rel = fixturePaths(module, fixture).find(candidate => exists(root, candidate));
  if (!rel) return undefined;
  const aliases = new Map<string, string>();
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
 * imports folded into the fixture's namespaces (`ecs.`), and the imports that
 * upstream's rosetta fixture already makes left out.
 * @param info the fence's info string, e.g. `ts fixture=with-secret`
 */
export function rewriteSample(u: ImportRewriter, module: string, code: string, info: string): string {
  const fixture = /\bfixture=(\S+)/.exec(info)?.[1] ?? 'default';
  const noFixture = /\bnofixture\b/.test(info);
  const provided = noFixture ? new Map<string, string>() : fixtureImports(u.checkout, module, fixture);
  const ours = (noFixture ? undefined : fixtureImports(u.source, module, fixture)) ?? new Map<string, string>();
  if (!provided && fixture !== 'default') {
    u.findings.warn(`A README sample uses the rosetta fixture '${fixture}', which the checkout lacks (${fixturePaths(module, fixture)[0]}).`);
  }
  const readme = readmePath(module);
  const ctx: FileContext = { kind: 'readme', module, srcRel: readme, dstRel: readme };
  // Upstream's samples reach a module through the fixture's namespace (`ecs`); a sample without a fixture keeps its own imports.
  const namespaces = new Map<string, string>();
  if (!noFixture) {
    for (const [local, spec] of provided ?? []) {
      if (spec.startsWith('aws-cdk-lib/') && !spec.includes('#')) namespaces.set(spec.slice('aws-cdk-lib/'.length), local);
    }
    if (!namespaces.has(module)) namespaces.set(module, module.replace(/^aws-/, ''));
  }
  // Names that this repository's fixture imports from this package, which samples use bare.
  const implicit: Array<[string, string, string]> = [...ours.entries()].flatMap(([local, m]) => {
    const [spec, exported] = m.split('#');
    return exported && spec.startsWith(`${PACKAGE_NAME}/`) ? [[local, spec.slice(PACKAGE_NAME.length + 1), exported] as [string, string, string]] : [];
  });
  let text = u.rewrite(u.foldIntoModuleNamespaces(code, ctx, namespaces, implicit), ctx);
  const used = identifiersIn([parse('sample.ts', text)]);
  const ownImports = importBindings(parse('sample.ts', text), readme);
  for (const [local, spec] of ours) {
    if (used.has(local) && !ownImports.has(local) && provided?.get(local) !== spec && !implicit.some(([l]) => l === local)) {
      u.findings.warn(`A README sample uses '${local}', which this repository's rosetta fixture '${fixture}' imports but the checkout's does not: `
        + 'import it in the sample, or add it to the fixture upstream.');
    }
  }
  // Leave out the imports that the fixture makes the same way.
  if (provided && provided.size > 0) {
    const sf = parse('sample.ts', text);
    const edits: Edit[] = [];
    for (const statement of sf.statements) {
      let same = false;
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)
        && statement.importClause && !statement.importClause.name) {
        const spec = statement.moduleSpecifier.text;
        const named = statement.importClause.namedBindings;
        if (named && ts.isNamespaceImport(named)) same = provided.get(named.name.text) === spec;
        if (named && ts.isNamedImports(named)) {
          const isProvided = (e: ts.ImportSpecifier) => provided.get(e.name.text) === `${spec}#${(e.propertyName ?? e.name).text}`;
          same = named.elements.every(isProvided);
          // Some of the names: keep the others (`import { CfnParameter, SecretValue }` → `import { CfnParameter }`).
          if (!same && named.elements.some(isProvided)) {
            edits.push({ start: named.getStart(), end: named.getEnd(), text: `{ ${named.elements.filter(e => !isProvided(e)).map(e => e.getText()).join(', ')} }` });
          }
        }
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

const FENCE = /^\s*(`{3,}|~{3,})(.*)$/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;

/** Calls `f` for each line outside code blocks. */
function outsideFences(lines: string[], f: (line: string, i: number) => void): void {
  let fenced = '';
  lines.forEach((line, i) => {
    const fence = FENCE.exec(line);
    if (fence) {
      if (!fenced) fenced = fence[1];
      else if (fence[1].startsWith(fenced) && fence[2].trim() === '') fenced = '';
      return;
    }
    if (!fenced) f(line, i);
  });
}

interface Heading {
  readonly line: number;
  readonly level: number;
  readonly text: string;
}

export function headings(markdown: string): Heading[] {
  const found: Heading[] = [];
  outsideFences(markdown.split('\n'), (line, i) => {
    const m = HEADING.exec(line);
    if (m) found.push({ line: i, level: m[1].length, text: m[2] });
  });
  return found;
}

/**
 * The part of a module README that goes upstream: from its heading
 * `README_PLACEMENT[module].from`, else its first `##` heading, on (before it:
 * this package's title, introduction and package-only sections), samples in
 * upstream's form. A README without `##` headings goes whole, its title one
 * level down.
 */
export function readmePart(u: ImportRewriter, module: string, readme: string): string {
  const lines = readme.replace(/\r\n/g, '\n').split('\n');
  const from = README_PLACEMENT[module]?.from;
  const first = headings(readme).find(h => (from ? h.text === from : h.level === 2));
  if (from && !first) {
    u.findings.problem(`${readmePath(module)} has no heading '${from}', where README_PLACEMENT says the part that goes upstream starts.`);
  }
  let part = first ? lines.slice(first.line) : lines;
  if (!first) {
    const outside = new Set<number>();
    outsideFences(part, (_, i) => outside.add(i));
    part = part.map((line, i) => (outside.has(i) && /^#{1,5}\s/.test(line) ? `#${line}` : line));
  }
  const out: string[] = [];
  let block: { fence: string; info: string; body: string[] } | undefined;
  let inOtherFence = '';
  for (const line of part) {
    const fence = FENCE.exec(line);
    if (block) {
      if (fence && fence[1].startsWith(block.fence) && fence[2].trim() === '') {
        out.push(rewriteSample(u, module, block.body.join('\n'), block.info).replace(/\s+$/, ''), line);
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
    out.push(line);
  }
  if (block) u.findings.problem(`${readmePath(module)}: a code block is never closed.`);
  const section = rewriteIds(out.join('\n').trim(), module);
  const mentions = linesMentioningPackage(section);
  if (mentions.length > 0) {
    u.findings.warn(`The README part of ${module} still mentions '${PACKAGE_NAME}' (its line ${mentions.join(', ')}): edit it in the checkout, `
      + `or move what only this package needs before the first '##' heading of ${readmePath(module)}.`);
  }
  return section;
}

/** Moves every heading (outside code blocks) `by` levels down. */
function shiftHeadings(markdown: string, by: number): string {
  const lines = markdown.split('\n');
  const outside = new Set<number>();
  outsideFences(lines, (_, i) => outside.add(i));
  return lines.map((line, i) => (outside.has(i) && /^#{1,6}\s/.test(line) ? `${'#'.repeat(by)}${line}` : line)).join('\n');
}

interface Chunk {
  readonly heading: string;
  /** First line, and the line after the last non-blank one. */
  readonly start: number;
  readonly end: number;
  readonly lines: string[];
}

/** The sections at `level` of `lines[from, to)`, each up to the next heading of that level or higher. */
function chunks(lines: string[], level: number, from = 0, to = lines.length): Chunk[] {
  const all = headings(lines.join('\n')).filter(h => h.line >= from && h.line < to);
  return all.filter(h => h.level === level).map(h => {
    const next = all.find(n => n.line > h.line && n.level <= level);
    let end = next ? next.line : to;
    while (end > h.line + 1 && lines[end - 1].trim() === '') end--;
    return { heading: h.text, start: h.line, end, lines: lines.slice(h.line, end) };
  });
}

/**
 * Upstream's README of a module with this README's part in its place, or
 * undefined (with a problem recorded) when that place is not found or the
 * README already has the feature in another form.
 *
 * The part is placed section by section (its \`##\` sections, one level
 * below \`into\`, or at the README's end): a section the README already has
 * is left as it is, or replaced when it is the section as an earlier part of
 * the series wrote it (\`older\`: the module's README part as of each earlier
 * part); a new section goes after the one that precedes it here. Applying
 * the parts one by one thus gives the README that applying them at once does.
 */
export function placeReadme(u: ImportRewriter, module: string, part: string, before: string, older: readonly string[] = []): string | undefined {
  const readme = readmePath(module);
  const problem = (message: string) => u.findings.problem(message);
  const placement = README_PLACEMENT[module] ?? {};
  const text = before.replace(/\r\n/g, '\n');
  const lines = text.split('\n');
  const all = headings(text);

  // Where the part goes: inside `into`, or the whole README.
  let start = 0;
  let end = lines.length;
  let level = 2;
  if (placement.into) {
    const into = all.filter(h => h.text === placement.into);
    if (into.length !== 1) {
      problem(`${readme} in the checkout has ${into.length === 0 ? 'no' : 'more than one'} section '${placement.into}' to document the change in; `
        + 'upstream has changed shape: place the README by hand, or update README_PLACEMENT.');
      return undefined;
    }
    const section = into[0];
    const next = all.find(h => h.line > section.line && h.level <= section.level);
    start = section.line + 1;
    end = next ? next.line : lines.length;
    level = section.level + 1;
  } else {
    while (end > 0 && lines[end - 1].trim() === '') end--;
  }
  const shifted = (markdown: string) => shiftHeadings(markdown, level - 2).split('\n');
  const wanted = chunks(shifted(part), level);
  if (wanted.length === 0) {
    problem(`The README part of ${module} has no '##' section to place.`);
    return undefined;
  }
  const earlier = new Map<string, Set<string>>();
  for (const o of older) {
    for (const c of chunks(shifted(o), level)) {
      if (!earlier.has(c.heading)) earlier.set(c.heading, new Set());
      earlier.get(c.heading)!.add(normalize(c.lines.join('\n')));
    }
  }
  const present = chunks(lines, level, start, end);
  const presentLines = new Set(present.flatMap(c => Array.from({ length: c.end - c.start }, (_, i) => c.start + i)));

  const edits: Array<{ line: number; remove: number; insert: string[] }> = [];
  let trimmedEnd = end;
  while (trimmedEnd > start && lines[trimmedEnd - 1].trim() === '') trimmedEnd--;
  let anchor = trimmedEnd;
  let pending: { line: number; remove: number; insert: string[] } | undefined;
  for (const chunk of wanted) {
    const existing = present.find(c => c.heading === chunk.heading);
    if (existing) {
      const now = normalize(existing.lines.join('\n'));
      if (now !== normalize(chunk.lines.join('\n'))) {
        if (!earlier.get(chunk.heading)?.has(now)) {
          problem(`${readme} in the checkout already has the heading '${'#'.repeat(level)} ${chunk.heading}', with other content than this change's: reconcile by hand.`);
          return undefined;
        }
        edits.push({ line: existing.start, remove: existing.end - existing.start, insert: chunk.lines });
      }
      anchor = existing.end;
      pending = undefined;
      continue;
    }
    for (const h of headings(chunk.lines.join('\n'))) {
      const clash = all.find(a => a.text === h.text && a.level === h.level && !presentLines.has(a.line));
      if (clash) {
        problem(`${readme} in the checkout already has the heading '${'#'.repeat(h.level)} ${h.text}', with other content than this change's: reconcile by hand.`);
        return undefined;
      }
    }
    if (!pending) {
      pending = { line: anchor, remove: 0, insert: [] };
      edits.push(pending);
    }
    // A new README (upstream has none) starts with the section itself.
    const emptyReadme = !placement.into && end === 0 && pending.insert.length === 0;
    pending.insert.push(...(emptyReadme ? [] : ['']), ...chunk.lines);
  }

  if (placement.into) {
    const listEdits = listItemEdits(u, module, lines, start, end);
    if (listEdits === undefined) return undefined;
    edits.push(...listEdits);
  }
  if (edits.length === 0) return before;
  const result = [...lines];
  // Stable: of two edits at one line, the one pushed later ends up first.
  const order = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.line - a.e.line || a.i - b.i);
  for (const { e } of order) result.splice(e.line, e.remove, ...e.insert);
  if (!placement.into) return `${result.slice(0, result.length - (lines.length - end)).join('\n')}\n`;
  return result.join('\n');
}

/** The edits of the list of image sources of the `into` section: one item replaced, one added after it. */
function listItemEdits(u: ImportRewriter, module: string, lines: string[], start: number, end: number)
  : Array<{ line: number; remove: number; insert: string[] }> | undefined {
  const readme = readmePath(module);
  const placement = README_PLACEMENT[module] ?? {};
  const problem = (message: string) => u.findings.problem(message);
  const edits: Array<{ line: number; remove: number; insert: string[] }> = [];
  const itemLines: number[] = [];
  for (let i = start; i < end; i++) {
    if (/^[-*] /.test(lines[i])) itemLines.push(i);
    else if (itemLines.length > 0 && !/^\s+\S/.test(lines[i])) break;
  }
  if ((placement.listItem || placement.replaceListItem) && itemLines.length === 0) {
    problem(`${readme} in the checkout has no list in its section '${placement.into}' to add the new API to: place it by hand.`);
    return undefined;
  }
  const itemEnd = (i: number) => {
    let j = i + 1;
    while (j < end && /^\s+\S/.test(lines[j])) j++;
    return j;
  };
  const itemText = (i: number) => lines.slice(i, itemEnd(i)).map(l => l.trim()).join(' ').replace(/^[-*]\s+/, '');
  const bullet = lines[itemLines[0]]?.slice(0, 2) ?? '- ';
  let after = itemLines.length > 0 ? itemEnd(itemLines[itemLines.length - 1]) : end;
  if (placement.replaceListItem) {
    const { startsWith, text: replacement } = placement.replaceListItem;
    const found = itemLines.find(i => itemText(i).startsWith(startsWith));
    if (found === undefined) {
      problem(`${readme} in the checkout has no item starting with ${startsWith} in its section '${placement.into}': `
        + 'upstream has changed shape: place the README by hand, or update README_PLACEMENT.');
      return undefined;
    }
    if (itemText(found) !== replacement) edits.push({ line: found, remove: itemEnd(found) - found, insert: [`${bullet}${replacement}`] });
    after = itemEnd(found);
  }
  if (placement.listItem && !itemLines.some(i => itemText(i) === placement.listItem)) {
    edits.push({ line: after, remove: 0, insert: [`${bullet}${placement.listItem}`] });
  }
  return edits;
}

/**
 * A module README as it is after part \`p\`: without the sections (by
 * heading, with their subsections) and table rows that belong to a later part.
 * A section belongs to the part its heading names (a part's \`readme\`
 * pattern), or to the latest part whose names its own samples import
 * (\`codePart\`), or else to its parent section's; text before the first
 * section, and sections nothing claims, belong to the module's part.
 */
export function readmeAsOf(markdown: string, module: string, p: number, codePart: (code: string) => number = () => -1): string {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const base = modulePart(module);
  const partOfLine: number[] = new Array(lines.length).fill(base);
  const stack: Array<{ level: number; part: number }> = [];
  const heads = headings(lines.join('\n'));
  const headAt = new Map(heads.map(h => [h.line, h]));
  const outside = new Set<number>();
  outsideFences(lines, (_, i) => outside.add(i));
  /** The part of the samples of a section itself (up to the next heading of any level). */
  const samplesPart = (line: number) => {
    const next = heads.find(n => n.line > line);
    const code = lines.slice(line + 1, next ? next.line : lines.length).filter((l, i) => !outside.has(line + 1 + i) && !FENCE.test(l));
    return code.length > 0 ? codePart(code.join('\n')) : -1;
  };
  let current = base;
  for (let i = 0; i < lines.length; i++) {
    const h = headAt.get(i);
    if (h && h.level >= 2) {
      while (stack.length > 0 && stack[stack.length - 1].level >= h.level) stack.pop();
      const parent = stack.length > 0 ? stack[stack.length - 1].part : base;
      stack.push({ level: h.level, part: Math.max(parent, readmeTextPart(h.text), samplesPart(i)) });
      current = stack[stack.length - 1].part;
    }
    partOfLine[i] = outside.has(i) && /^\|/.test(lines[i]) ? Math.max(current, readmeTextPart(lines[i])) : current;
  }
  return lines.filter((_, i) => partOfLine[i] <= p).join('\n');
}

/** Where a README change of a module goes, for the pull request text: `### Images`, or the end. */
export function placementOf(module: string): string {
  const into = README_PLACEMENT[module]?.into;
  return into ? `inside its "${into}" section` : 'at its end';
}

