// Finds secret values written into snapshot files: templates, manifests,
// construct trees, asset bundles. The integ tests generate their secrets at
// deploy time, so no snapshot should ever hold one.
import * as fs from 'fs';
import * as path from 'path';

export interface SecretFinding {
  /** The file, relative to the scanned root. */
  readonly file: string;
  /** Where in the file: a JSON path, or a line number. */
  readonly where: string;
  /** What was found (never the value itself). */
  readonly what: string;
}

/** Keys whose value is a secret, when the value is written out (`password`, `MasterUserPassword`, `DB_PASSWORD`, ...). */
const SECRET_KEY = new RegExp('(?:^pwd|password|passwd|passphrase|secret[_-]?access[_-]?key|client[_-]?secret'
  + '|api[_-]?key|private[_-]?key|auth[_-]?token|access[_-]?token)$', 'i');

/** The CloudFormation property that holds a secret's value in clear (and `secretString` in tree.json). */
const SECRET_STRING_KEY = /^secret[_-]?string$/i;

/**
 * A quoted secret key followed by a literal, possibly inside an escaped JSON
 * string (`\"password\":\"...\"`). A dynamic reference is not a value.
 */
const QUOTED_SECRET_PAIR = new RegExp('\\\\*"(password|passwd|passphrase|pwd|client_?secret|api_?key|secret_?access_?key|access_?token)\\\\*"'
  + '\\s*:\\s*\\\\*"(?!\\{\\{resolve:)([^"\\\\]+)', 'gi');
const QUOTED_SECRET_STRING = /\\*"secret_?string\\*"\s*:/gi;

/** Every file under `root`, relative to it. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.isFile()) {
        out.push(path.relative(root, full));
      }
    }
  };
  walk(root);
  return out.sort();
}

/** Scans one file's content. JSON is scanned structurally as well as textually. */
export function scanContent(file: string, content: string): SecretFinding[] {
  const findings: SecretFinding[] = [];

  content.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(QUOTED_SECRET_PAIR)) {
      findings.push({ file, where: `line ${index + 1}`, what: `"${match[1]}" key with the literal value ${mask(match[2])}` });
    }
    if (QUOTED_SECRET_STRING.test(line)) {
      findings.push({ file, where: `line ${index + 1}`, what: 'SecretString property: the secret value is written out' });
    }
    QUOTED_SECRET_STRING.lastIndex = 0;
  });

  if (file.endsWith('.json') || file.endsWith('cdk.out')) {
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch (e) {
      findings.push({ file, where: '(file)', what: `not valid JSON, cannot be checked: ${(e as Error).message}` });
      return findings;
    }
    scanValue(json, '$', file, findings);
  }
  return dedupe(findings);
}

/** Scans every file under `root`. */
export function scanTree(root: string): SecretFinding[] {
  return listFiles(root).flatMap(file => scanContent(file, fs.readFileSync(path.join(root, file), 'utf-8')));
}

function scanValue(value: unknown, where: string, file: string, findings: SecretFinding[]): void {
  if (typeof value === 'string') {
    // JSON inside a string: SecretStringTemplate, the assertions' `expected`, ...
    const nested = parseJsonString(value);
    if (nested !== undefined) {
      scanValue(nested, `${where}(json)`, file, findings);
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => scanValue(item, `${where}[${i}]`, file, findings));
    return;
  }
  if (!value || typeof value !== 'object') {
    return;
  }
  const obj = value as Record<string, unknown>;

  // A string built at deploy time: its literal parts may still form JSON with a password in it.
  const join = joinedLiteral(obj);
  if (join !== undefined) {
    scanValue(join, `${where}(Fn::Join)`, file, findings);
  }

  // { Name: 'DB_PASSWORD', Value: 'hunter2' }, as in a container's environment
  const name = obj.Name ?? obj.name;
  const pairValue = obj.Value ?? obj.value;
  if (typeof name === 'string' && SECRET_KEY.test(name) && isLiteral(pairValue)) {
    findings.push({ file, where, what: `"${name}" set to the literal value ${mask(pairValue as string)}` });
  }

  for (const [key, child] of Object.entries(obj)) {
    const at = `${where}.${key}`;
    if (SECRET_STRING_KEY.test(key)) {
      findings.push({ file, where: at, what: 'SecretString property: the secret value is written out' });
    } else if (SECRET_KEY.test(key) && isLiteral(child)) {
      findings.push({ file, where: at, what: `"${key}" key with the literal value ${mask(child as string)}` });
    }
    scanValue(child, at, file, findings);
  }
}

/** A non-empty string that is not a dynamic reference resolved at deploy time. */
function isLiteral(value: unknown): boolean {
  return typeof value === 'string' && value.trim().length > 0 && !value.startsWith('{{resolve:');
}

/** The literal text of an `Fn::Join`, with a placeholder for each part resolved at deploy time. */
function joinedLiteral(obj: Record<string, unknown>): string | undefined {
  const join = obj['Fn::Join'];
  if (Object.keys(obj).length !== 1 || !Array.isArray(join) || join.length !== 2 || !Array.isArray(join[1])) {
    return undefined;
  }
  const [separator, parts] = join as [unknown, unknown[]];
  return parts.map(part => (typeof part === 'string' ? part : 'DEPLOY_TIME_VALUE')).join(typeof separator === 'string' ? separator : '');
}

function parseJsonString(value: string): unknown {
  const trimmed = value.trim();
  if (!(trimmed.startsWith('{') && trimmed.endsWith('}')) && !(trimmed.startsWith('[') && trimmed.endsWith(']'))) {
    return undefined;
  }
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

/** Says how long the value is, never what it is: test output ends up in CI logs. */
function mask(value: string): string {
  return `<${value.length} characters, not shown>`;
}

function dedupe(findings: SecretFinding[]): SecretFinding[] {
  const seen = new Set<string>();
  return findings.filter(f => {
    const key = `${f.file}|${f.where}|${f.what}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
