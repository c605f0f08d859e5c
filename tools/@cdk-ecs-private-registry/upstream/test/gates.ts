/**
 * The gates a pull request meets in aws/aws-cdk, run over the upstream form
 * that the tool wrote into a checkout:
 * - upstream's lint rule `@cdklabs/no-throw-default-error` (the real plugin) over the library code;
 * - README samples compile against upstream's rosetta fixture, as jsii-rosetta places them;
 * - no integ test calls an API marked `@deprecated` (upstream runs them with `JSII_DEPRECATED=fail`);
 * - the feature is documented inside the README section upstream keeps images in.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { diagnostics, program } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdklabs = require('@cdklabs/eslint-plugin');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Linter } = require('eslint');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tseslint = require('typescript-eslint');

/** Findings of `@cdklabs/no-throw-default-error` over files of the checkout, as `file:line: message`. */
export function noThrowDefaultErrorFindings(checkout: string, files: string[]): string[] {
  const linter = new Linter({ configType: 'flat', cwd: checkout });
  const config = [{
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@cdklabs': cdklabs },
    rules: { '@cdklabs/no-throw-default-error': 'error' },
  }];
  // Only this rule, and files that do not parse: upstream's other rules (named in eslint-disable comments) are not loaded here.
  type Message = { line: number; ruleId: string | null; message: string; fatal?: boolean };
  return files.flatMap(rel => linter.verify(fs.readFileSync(path.join(checkout, rel), 'utf8'), config, path.join(checkout, rel))
    .filter((m: Message) => m.fatal || m.ruleId === '@cdklabs/no-throw-default-error')
    .map((m: Message) => `${rel}:${m.line}: ${m.ruleId ?? 'parse'}: ${m.message}`));
}

/** The TypeScript code blocks of a Markdown text. */
export function tsSamples(markdown: string): string[] {
  const samples: string[] = [];
  let body: string[] | undefined;
  let fence = '';
  for (const line of markdown.split('\n')) {
    const m = /^\s*(`{3,}|~{3,})(.*)$/.exec(line);
    if (body) {
      if (m && m[1].startsWith(fence) && m[2].trim() === '') {
        samples.push(body.join('\n'));
        body = undefined;
      } else {
        body.push(line);
      }
    } else if (m) {
      fence = m[1];
      if (/^(ts|typescript)\b/.test(m[2].trim()) && !/\bnofixture\b/.test(m[2])) body = [];
    }
  }
  return samples;
}

/**
 * Compiles samples in a rosetta fixture as jsii-rosetta does: the sample's
 * imports and `declare` statements at the top of the file, the rest where the
 * fixture says `/// here`. Returns the diagnostics.
 */
export function sampleErrors(checkout: string, fixture: string, samples: string[]): string[] {
  const dir = fs.mkdtempSync(path.join(checkout, '.samples-'));
  try {
    const files = samples.map((sample, i) => {
      const sf = ts.createSourceFile('s.ts', sample, ts.ScriptTarget.Latest, true);
      const top: string[] = [];
      const body: string[] = [];
      for (const s of sf.statements) {
        const hoisted = ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s)
          || (ts.canHaveModifiers(s) && (ts.getModifiers(s) ?? []).some(m => m.kind === ts.SyntaxKind.DeclareKeyword));
        (hoisted ? top : body).push(s.getFullText());
      }
      const [before, after] = fixture.split('/// here');
      const file = path.join(dir, `sample-${i}.ts`);
      fs.writeFileSync(file, `${top.join('\n')}\n${before}${body.join('\n')}\n${after}`);
      return file;
    });
    return diagnostics(checkout, program(checkout, files, { noUnusedLocals: false, noUnusedParameters: false }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Calls and references to APIs marked `@deprecated`, in files of the checkout, as `file:line: name`. */
export function deprecatedUses(checkout: string, files: string[]): string[] {
  const p = program(checkout, files, { noUnusedLocals: false, noUnusedParameters: false });
  const checker = p.getTypeChecker();
  const found: string[] = [];
  for (const rel of files) {
    const sf = p.getSourceFile(path.join(checkout, rel));
    if (!sf) throw new Error(`${rel} is not in the program`);
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node)) return;
      if (ts.isIdentifier(node)) {
        let symbol = checker.getSymbolAtLocation(node);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        const deprecated = symbol?.declarations?.some(d => ts.getJSDocTags(d).some(t => t.tagName.text === 'deprecated'));
        if (deprecated) found.push(`${rel}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.text}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

/**
 * The lines of a README that mention `needle` outside the section headed
 * `heading` (with its subsections). Empty when every mention is inside it.
 */
export function mentionsOutsideSection(markdown: string, heading: string, needle: string): string[] {
  const lines = markdown.split('\n');
  const headingAt = (i: number) => /^(#{1,6})\s+(.*?)\s*$/.exec(lines[i]);
  let start = -1;
  let level = 0;
  let fenced = false;
  const outside: string[] = [];
  let inSection = false;
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*(`{3,}|~{3,})/.test(lines[i])) fenced = !fenced;
    const h = fenced ? null : headingAt(i);
    if (h) {
      if (h[2] === heading) {
        start = i;
        level = h[1].length;
        inSection = true;
      } else if (inSection && h[1].length <= level) {
        inSection = false;
      }
    }
    if (lines[i].includes(needle) && !inSection) outside.push(`${i + 1}: ${lines[i]}`);
  }
  return start < 0 ? [`no section '${heading}'`] : outside;
}
