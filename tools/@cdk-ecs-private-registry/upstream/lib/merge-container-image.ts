/**
 * Step 4 of `plan()`: merge this repository's `ContainerImage` factories into upstream's
 * `aws-ecs/lib/container-image.ts`, with the imports they need (the image
 * classes at the bottom, where upstream breaks the import cycle).
 */
import * as path from 'path';
import * as ts from 'typescript';
import { CONTAINER_IMAGE_FILE, ECS_MODULE, LIB_PACKAGE } from './config';
import { type FileContext, type ImportGroup, type ImportRewriter, importText } from './imports';
import {
  applyEdits, declaredNames, type Edit, identifiersIn, importBindings, indentOf, isStatic, nodeTextWithComments, normalize, parse,
} from './ts-util';

const posix = path.posix;

/** `packages/aws-cdk-lib/aws-ecs/lib/container-image.ts` */
export const CONTAINER_IMAGE = `${LIB_PACKAGE}/${ECS_MODULE}/${CONTAINER_IMAGE_FILE}`;

export interface MergedMember {
  readonly name: string;
  readonly deprecated: boolean;
}

function findContainerImageClass(sf: ts.SourceFile): ts.ClassDeclaration | undefined {
  return sf.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === 'ContainerImage');
}

function memberName(member: ts.ClassElement): string {
  if (ts.isConstructorDeclaration(member)) return 'constructor';
  return member.name ? member.name.getText() : '';
}

/** The names of the members of the ContainerImage class of a container-image.ts. */
export function containerImageMembers(text: string): string[] {
  const cls = findContainerImageClass(parse(CONTAINER_IMAGE, text));
  return cls ? cls.members.map(memberName) : [];
}

/** Upstream's container-image.ts with the members of this repository's ContainerImage class, and the imports those need. */
export function mergeContainerImage(u: ImportRewriter, srcText: string, dstText: string): { text: string; members: MergedMember[] } {
  const problem = (message: string) => u.findings.problem(message);
  const ctx: FileContext = { kind: 'lib', module: ECS_MODULE, srcRel: CONTAINER_IMAGE, dstRel: CONTAINER_IMAGE };
  const src = parse(CONTAINER_IMAGE, srcText);
  const dst = parse(CONTAINER_IMAGE, dstText);
  const srcClass = findContainerImageClass(src);
  const dstClass = findContainerImageClass(dst);
  if (!srcClass) {
    problem(`${CONTAINER_IMAGE} of this repository declares no class ContainerImage: nothing to merge.`);
    return { text: dstText, members: [] };
  }
  if (!dstClass) {
    problem(`${CONTAINER_IMAGE} in the checkout does not declare a class ContainerImage, so fromInternet() and fromDockerHub() have nowhere to go; `
      + 'upstream has changed shape, and this tool needs updating.');
    return { text: dstText, members: [] };
  }

  // What travels: the class members, and any other declarations of the file.
  const srcIndent = srcClass.members.length > 0 ? indentOf(src, srcClass.members[0]) : '  ';
  const dstIndent = dstClass.members.length > 0 ? indentOf(dst, dstClass.members[0]) : '  ';
  const dstMembers = new Map(dstClass.members.map(m => [memberName(m), m]));
  const newMembers: string[] = [];
  const members: MergedMember[] = [];
  for (const member of srcClass.members) {
    const name = memberName(member);
    const text = nodeTextWithComments(srcText, member, srcIndent, dstIndent);
    members.push({ name, deprecated: ts.getJSDocTags(member).some(t => t.tagName.text === 'deprecated') });
    const existing = dstMembers.get(name);
    if (existing) {
      if (normalize(nodeTextWithComments(dstText, existing, dstIndent, dstIndent)) !== normalize(text)) {
        problem(`${CONTAINER_IMAGE} in the checkout already has ContainerImage.${name}, different from this repository's: `
          + 'the change seems applied in another form; reconcile by hand.');
      }
      continue;
    }
    newMembers.push(text);
  }
  const otherStatements = src.statements.filter(s => !ts.isImportDeclaration(s) && s !== srcClass);
  const dstDeclarations = new Map(dst.statements.flatMap(s => declaredNames(s).map(n => [n, s] as const)));
  const newStatements: string[] = [];
  for (const statement of otherStatements) {
    const names = declaredNames(statement);
    const text = nodeTextWithComments(srcText, statement, '', '');
    const existing = names.map(n => dstDeclarations.get(n)).find(s => s);
    if (existing) {
      if (normalize(nodeTextWithComments(dstText, existing, '', '')) !== normalize(text)) {
        problem(`${CONTAINER_IMAGE} in the checkout already declares ${names.join(', ')}, different from this repository's.`);
      }
      continue;
    }
    newStatements.push(text);
  }

  // The imports the travelling code uses, in upstream's form.
  const used = identifiersIn([...srcClass.members, ...otherStatements]);
  const dstBindings = importBindings(dst, CONTAINER_IMAGE);
  const self = CONTAINER_IMAGE.replace(/\.ts$/, '');
  const needed: { top: ImportGroup[]; bottom: ImportGroup[] } = { top: [], bottom: [] };
  for (const statement of src.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const groups = u.mapImport(statement, ctx);
    if (!groups) continue;
    const where = statement.pos > srcClass.pos ? needed.bottom : needed.top;
    for (const group of groups) {
      const module = group.spec.startsWith('.') ? posix.normalize(posix.join(posix.dirname(CONTAINER_IMAGE), group.spec)) : group.spec;
      const locals = [
        ...(group.defaultName ? [{ local: group.defaultName, imported: 'default', typeOnly: group.typeOnly }] : []),
        ...(group.namespace ? [{ local: group.namespace, imported: '*', typeOnly: group.typeOnly }] : []),
        ...(group.named ?? []).map(s => ({ local: s.local, imported: s.imported, typeOnly: group.typeOnly || s.typeOnly })),
      ];
      if (module === self) {
        // e.g. `ContainerImage as CoreContainerImage`: the class it extended is the one merged into.
        for (const { local } of locals) {
          if (used.has(local)) problem(`${CONTAINER_IMAGE}: the code that moves upstream uses '${local}', which refers to upstream's own ContainerImage there.`);
        }
        continue;
      }
      const missing = locals.filter(({ local, imported, typeOnly }) => {
        if (!used.has(local)) return false;
        const existing = dstBindings.get(local);
        if (existing) {
          if (existing.module !== module || existing.imported !== imported || (existing.typeOnly && !typeOnly)) {
            problem(`${CONTAINER_IMAGE} in the checkout already binds '${local}' to another import than this change needs ('${imported}' from '${group.spec}').`);
          }
          return false;
        }
        if (dstDeclarations.has(local)) problem(`${CONTAINER_IMAGE} in the checkout already declares '${local}', which this change imports.`);
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

  const edits: Edit[] = [];
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
  /** Imports after the last of `block`, or, without one, where `fallback` says. */
  const addImports = (groups: ImportGroup[], block: ts.ImportDeclaration[], fallback: () => Edit) => {
    if (groups.length === 0) return;
    const text = groups.map(g => importText(g, "'")).join('\n');
    const at = block.length > 0 ? block[block.length - 1].end : undefined;
    edits.push(at !== undefined ? { start: at, end: at, text: `\n${text}` } : { ...fallback(), text: fallback().text.replace('%', text) });
  };
  addImports(needed.top, topImports, () => ({ start: dst.statements[0].getStart(), end: dst.statements[0].getStart(), text: '%\n\n' }));
  if (newStatements.length > 0 && lastDeclaration) {
    edits.push({ start: lastDeclaration.end, end: lastDeclaration.end, text: newStatements.map(s => `\n\n${s}`).join('') });
  }
  const end = dstText.trimEnd().length;
  addImports(needed.bottom, bottomImports, () => ({
    start: end, end, text: '\n\n// Imported last to prevent circular imports: these classes extend ContainerImage.\n%',
  }));
  return { text: applyEdits(dstText, edits), members };
}
