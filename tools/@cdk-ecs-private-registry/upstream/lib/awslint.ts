/**
 * Step 8 of `plan()`: this package's awslint exclusions in upstream's
 * `packages/aws-cdk-lib/awslint.json`. Upstream's build runs awslint over
 * aws-cdk-lib with that file's `exclude` list, so the exclusions of this
 * package's types must go with them, renamed to aws-cdk-lib's names; their
 * reasons go in the pull request text, as upstream's file has none.
 *
 * Each exclusion belongs to the part that brings the type it names (the part
 * of the file that exports it, as parts.ts assigns files). The file is
 * edited as text: upstream's entries, their order and their formatting stay
 * as they are, and the new entries go at the end of the array, where upstream's
 * pull requests add theirs.
 */
import * as ts from 'typescript';
import { AWSLINT, PACKAGE_NAME } from './config';
import { modulePart, type PartAssignment } from './parts';
import type { Findings } from './refusal';

/** An exclusion that goes upstream. */
export interface Exclusion {
  /** The entry in upstream's form: `<rule>:aws-cdk-lib.aws_x.Y`. */
  readonly entry: string;
  /** Why it is there, from this package's `excludeReasons`. */
  readonly reason: string;
  /** The part (index in PARTS) that brings the type it names. */
  readonly part: number;
}

const OURS = `${PACKAGE_NAME}.`;
const UPSTREAM = 'aws-cdk-lib.';

/**
 * The exclusions of this package's awslint.json that go upstream, in its
 * order, renamed, each with its part and reason. An entry for a type of
 * another package (`*:aws-cdk-lib.*`) is this package's own and left out;
 * one whose type does not go upstream is left out with a warning; one
 * without a reason is a problem.
 * @param modules this package's modules that go upstream (`aws-ecs`, ...)
 */
export function exclusions(text: string, modules: readonly string[], parts: PartAssignment, findings: Findings): Exclusion[] {
  let config: { exclude?: unknown; excludeReasons?: unknown };
  try {
    config = JSON.parse(text);
  } catch (e) {
    findings.problem(`${AWSLINT} of this repository is not valid JSON (${(e as Error).message}).`);
    return [];
  }
  const strings = (x: unknown) => (Array.isArray(x) ? x.filter((v): v is string => typeof v === 'string') : []);
  const reasons = strings(config.excludeReasons);
  const found: Exclusion[] = [];
  for (const entry of new Set(strings(config.exclude))) {
    const colon = entry.indexOf(':');
    const scope = entry.slice(colon + 1);
    if (colon < 0 || !scope.startsWith(OURS)) continue;
    // <rule>:cdk-ecs-private-registry.<submodule>.<Type>[.<member>...]
    const [submodule, type, member] = scope.slice(OURS.length).split('.');
    const module = modules.find(m => m.replace(/-/g, '_') === submodule);
    if (module === undefined) {
      findings.warn(`${AWSLINT} excludes '${entry}', which names no module that goes upstream: not carried upstream.`);
      continue;
    }
    // A wildcard over the module's types: the module's part.
    const part = type === undefined || type.includes('*')
      ? modulePart(module)
      : parts.partOfApi(module, type, member === undefined || member.includes('*') ? undefined : member);
    if (part === undefined) {
      findings.warn(`${AWSLINT} excludes '${entry}', but no file that goes upstream exports ${module}'s '${type}': not carried upstream.`);
      continue;
    }
    const reason = reasons.find(r => r.startsWith(`${entry}: `));
    if (reason === undefined) {
      findings.problem(`${AWSLINT} excludes '${entry}' without a reason in "excludeReasons" ("${entry}: <why>"): the pull request must say why.`);
      continue;
    }
    const upstream = (s: string) => s.split(OURS).join(UPSTREAM);
    found.push({ entry: upstream(entry), reason: upstream(reason.slice(entry.length + 2)), part });
  }
  return found;
}

/**
 * Upstream's awslint.json with `entries` added at the end of its `exclude`
 * array, but those it already has; the rest of the text is left as it is.
 * Undefined, with a problem, when the checkout has no such file or array:
 * the file is not created.
 */
export function mergeAwslint(findings: Findings, text: string | undefined, entries: readonly string[]): string | undefined {
  const byHand = `add these entries to its "exclude" by hand: ${entries.join(', ')}`;
  if (text === undefined) {
    findings.problem(`${AWSLINT} does not exist in the checkout: upstream's awslint would fail on this change's types; ${byHand}.`);
    return undefined;
  }
  try {
    JSON.parse(text);
  } catch (e) {
    findings.problem(`${AWSLINT} in the checkout is not valid JSON (${(e as Error).message}): ${byHand}.`);
    return undefined;
  }
  const sf = ts.parseJsonText(AWSLINT, text);
  const root = sf.statements[0]?.expression;
  const exclude = root && ts.isObjectLiteralExpression(root)
    ? root.properties.find(p => ts.isPropertyAssignment(p) && ts.isStringLiteral(p.name) && p.name.text === 'exclude')
    : undefined;
  const array = exclude && ts.isPropertyAssignment(exclude) && ts.isArrayLiteralExpression(exclude.initializer) ? exclude.initializer : undefined;
  if (array === undefined) {
    findings.problem(`${AWSLINT} in the checkout does not have the expected shape: it has no "exclude" array; ${byHand}.`);
    return undefined;
  }
  const present = new Set(array.elements.filter(ts.isStringLiteral).map(e => e.text));
  const added = [...new Set(entries)].filter(e => !present.has(e));
  if (added.length === 0) return text;
  const indentOf = (pos: number) => /[ \t]*$/.exec(text.slice(text.lastIndexOf('\n', pos - 1) + 1, pos))![0];
  const last = array.elements[array.elements.length - 1];
  if (last !== undefined) {
    const indent = indentOf(last.getStart(sf));
    return text.slice(0, last.end) + added.map(e => `,\n${indent}${JSON.stringify(e)}`).join('') + text.slice(last.end);
  }
  // An empty array: one entry a line, one level deeper than the "exclude" key.
  const outer = indentOf(exclude!.getStart(sf));
  const inner = `${outer}  `;
  return `${text.slice(0, array.getStart(sf))}[\n${added.map(e => `${inner}${JSON.stringify(e)}`).join(',\n')}\n${outer}]${text.slice(array.end)}`;
}
