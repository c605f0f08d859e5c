/** Step 1 of `plan()`: check that the target is an aws-cdk checkout, and learn where its modules define each name. */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { LIB_PACKAGE } from './config';
import { isTypeScript, listFiles, readText } from './files';
import { Refusal } from './refusal';
import { exportedNames, parse } from './ts-util';

const posix = path.posix;

/** Refuses unless `checkout` is an aws-cdk checkout (and not the source itself). */
export function checkCheckout(checkout: string, source: string): void {
  const notCheckout = (why: string) => new Refusal([
    `${checkout} is not an aws-cdk checkout: ${why}.`,
    'Pass the root of a clone of https://github.com/aws/aws-cdk (the directory with its package.json named "aws-cdk").',
  ]);
  if (!fs.existsSync(checkout) || !fs.statSync(checkout).isDirectory()) throw notCheckout('no such directory');
  if (fs.realpathSync(checkout) === fs.realpathSync(source)) throw notCheckout('it is this repository');
  const packageName = (rel: string): string | undefined => {
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
}

/** Where a checkout module's lib defines each name, and where its files import each name from. */
export interface ModuleScan {
  /** Exported name → the files (repository-relative, without `.ts`) that export it. */
  readonly definedIn: Map<string, Set<string>>;
  /** Imported name → module imported from (resolved) → how often: finds generated files a fresh checkout lacks. */
  readonly importedFrom: Map<string, Map<string, number>>;
}

/**
 * Scans `<module>/lib` of the checkout.
 * @param exclude repository-relative files to leave out (this change's own)
 */
export function scanModule(checkout: string, module: string, exclude: Set<string>): ModuleScan {
  const definedIn = new Map<string, Set<string>>();
  const importedFrom = new Map<string, Map<string, number>>();
  for (const rel of listFiles(checkout, `${LIB_PACKAGE}/${module}/lib`)) {
    if (!isTypeScript(rel) || exclude.has(rel)) continue;
    const sf = parse(rel, readText(checkout, rel));
    const moduleRel = rel.replace(/\.ts$/, '');
    if (posix.basename(rel) !== 'index.ts') {
      for (const name of exportedNames(sf)) {
        if (!definedIn.has(name)) definedIn.set(name, new Set());
        definedIn.get(name)!.add(moduleRel);
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
        const counts = importedFrom.get(name)!;
        counts.set(target, (counts.get(target) ?? 0) + 1);
      }
    }
  }
  return { definedIn, importedFrom };
}
