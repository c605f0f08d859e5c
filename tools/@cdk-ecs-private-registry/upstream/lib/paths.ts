/** Where a file of this repository belongs, and where it goes in the checkout. */
import { HELPERS_DIR, INTEG_ROOT, LIB_PACKAGE } from './config';
import { isTypeScript } from './files';

/** What a file is: a module's library code, its unit tests, an integ test, or a README sample. */
export type Kind = 'lib' | 'test' | 'integ' | 'readme';

/** `<LIB_PACKAGE>/<module>/lib` */
export function libDir(module: string): string {
  return `${LIB_PACKAGE}/${module}/lib`;
}

/** The module a repository-relative path belongs to, if any. */
export function moduleOf(rel: string): string | undefined {
  for (const root of [`${LIB_PACKAGE}/`, `${INTEG_ROOT}/`]) {
    if (rel.startsWith(root)) return rel.slice(root.length).split('/')[0];
  }
  return undefined;
}

/** Where a file of this repository goes in the checkout; undefined when outside the change. */
export function destination(srcRel: string): string | undefined {
  const module = moduleOf(srcRel);
  if (srcRel.startsWith(`${LIB_PACKAGE}/`) && module) {
    // Test helpers (not `*.test.ts`) go to a subfolder, away from upstream's own `test/util.ts`.
    const testDir = `${LIB_PACKAGE}/${module}/test`;
    if (srcRel.startsWith(`${testDir}/`) && isTypeScript(srcRel) && !srcRel.endsWith('.test.ts')) {
      return `${testDir}/${HELPERS_DIR}/${srcRel.slice(testDir.length + 1)}`;
    }
    return srcRel;
  }
  if (srcRel.startsWith(`${INTEG_ROOT}/`)) return srcRel;
  return undefined;
}
