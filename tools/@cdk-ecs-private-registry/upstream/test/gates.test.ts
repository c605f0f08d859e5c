/**
 * aws/aws-cdk's own gates over the upstream form of THIS repository, written
 * into the fixture checkout; and, for each gate, a change that makes it fail.
 */
import * as fs from 'fs';
import * as path from 'path';
import { deprecatedUses, mentionsOutsideSection, noThrowDefaultErrorFindings, sampleErrors, tsSamples } from './gates';
import { CHECKOUT_FIXTURE, diagnostics, ECS, expectSuccess, LIB, listTs, makeCheckout, program, read, REPO, run, tmp } from './helpers';
import { plan, type Write } from '../lib/plan';

const INTEG_ROOT = 'packages/@aws-cdk-testing/framework-integ/test';
const UPSTREAM_FIXTURE = 'packages/aws-cdk-lib/rosetta/aws_ecs/default.ts-fixture';

/** The library files (not tests) that the change creates or modifies. */
const libWrites = (writes: Write[]) => writes.filter(w => /^packages\/aws-cdk-lib\/[^/]+\/lib\/.*\.ts$/.test(w.rel)).map(w => w.rel);

/** The samples of the checkout's README that the change added. */
function addedSamples(checkout: string): string[] {
  const before = new Set(tsSamples(read(CHECKOUT_FIXTURE, `${ECS}/README.md`)));
  return tsSamples(read(checkout, `${ECS}/README.md`)).filter(s => !before.has(s));
}

/** This repository, copied, for a variant that breaks one gate. */
function variant(): string {
  const dir = tmp('upstream-gate-source-');
  for (const rel of ['packages/aws-cdk-lib', INTEG_ROOT]) {
    const filter = (src: string) => !/(^|\/)(node_modules|coverage|cdk\.out)(\/|$)/.test(src);
    fs.cpSync(path.join(REPO, rel), path.join(dir, rel), { recursive: true, filter });
  }
  return dir;
}

describe("upstream's gates over this repository's change", () => {
  const checkout = makeCheckout();
  let writes: Write[] = [];

  beforeAll(() => {
    const result = run(checkout, undefined);
    expectSuccess(result);
    writes = plan(REPO, checkout).writes;
    expect(writes.every(w => w.action === 'unchanged')).toBe(true);
  });

  test('the result type-checks: every module lib and test, aws-batch and the integ tests', () => {
    const roots = [
      ...listTs(checkout, 'packages/aws-cdk-lib').filter(f => /\/(lib|test)\//.test(f) && !f.includes('/rosetta/')),
      ...writes.filter(w => w.rel.startsWith(INTEG_ROOT) && w.rel.endsWith('.ts') && !w.rel.includes('.js.snapshot/')).map(w => w.rel),
    ];
    expect(diagnostics(checkout, program(checkout, roots))).toEqual([]);
  });

  test('@cdklabs/no-throw-default-error finds nothing in the library code', () => {
    const files = libWrites(writes);
    expect(files).toEqual(expect.arrayContaining([`${LIB}/repository-creds.ts`, `${LIB}/container-image.ts`]));
    expect(noThrowDefaultErrorFindings(checkout, files)).toEqual([]);
  });

  test('@cdklabs/no-throw-default-error fails on a `throw new Error(` in a copied file', () => {
    const source = variant();
    fs.appendFileSync(path.join(source, `${LIB}/private/secret-arn.ts`), "\nexport function fail(): never {\n  throw new Error('plain');\n}\n");
    const target = makeCheckout();
    expectSuccess(run(target, source));

    const findings = noThrowDefaultErrorFindings(target, libWrites(plan(source, target).writes));

    expect(findings).toEqual([
      expect.stringMatching(/^packages\/aws-cdk-lib\/aws-ecs\/lib\/private\/secret-arn\.ts:\d+: @cdklabs\/no-throw-default-error: /),
    ]);
  });

  test("the README samples it adds compile against upstream's aws_ecs rosetta fixture", () => {
    const samples = addedSamples(checkout);
    expect(samples.length).toBeGreaterThan(4);
    expect(sampleErrors(checkout, read(checkout, UPSTREAM_FIXTURE), samples)).toEqual([]);
  });

  test("a sample that uses a name upstream's fixture does not import fails to compile", () => {
    const source = variant();
    const readme = path.join(source, `${ECS}/README.md`);
    fs.appendFileSync(readme, "\n## Parameters\n\n```ts\nnew CfnParameter(this, 'Token', { noEcho: true });\n```\n");
    const target = makeCheckout();
    expectSuccess(run(target, source));

    const errors = sampleErrors(target, read(target, UPSTREAM_FIXTURE), addedSamples(target));

    expect(errors).toEqual([expect.stringContaining("Cannot find name 'CfnParameter'")]);
  });

  test('no integ test calls a deprecated API', () => {
    const integ = writes.filter(w => /(^|\/)integ\.[^/]*\.ts$/.test(w.rel)).map(w => w.rel);
    expect(integ.length).toBeGreaterThan(1);
    expect(deprecatedUses(checkout, integ)).toEqual([]);
  });

  test('an integ test that calls a deprecated API is found', () => {
    const source = variant();
    const file = 'packages/@aws-cdk-testing/framework-integ/test/aws-ecs/test/ec2/integ.deprecated-call.ts';
    fs.writeFileSync(path.join(source, file), [
      "import { App, Stack } from 'aws-cdk-lib';",
      "import * as ecs from 'aws-cdk-lib/aws-ecs';",
      "import { ContainerImage } from 'cdk-ecs-private-registry/aws-ecs';",
      '',
      "const stack = new Stack(new App(), 'aws-ecs-integ-deprecated-call');",
      "new ecs.Ec2TaskDefinition(stack, 'T').addContainer('c', { image: ContainerImage.fromDockerHub('nginx'), memoryLimitMiB: 64 });",
      '',
    ].join('\n'));
    const target = makeCheckout();
    expectSuccess(run(target, source));

    // Line 5: the import of this package is folded into `ecs.`.
    expect(deprecatedUses(target, [file])).toEqual([`${file}:5: fromDockerHub`]);
  });

  test('the README documents fromInternet inside "### Images" only', () => {
    const readme = read(checkout, `${ECS}/README.md`);
    expect(readme).toContain('fromInternet');
    expect(mentionsOutsideSection(readme, 'Images', 'fromInternet')).toEqual([]);
    expect(mentionsOutsideSection(readme, 'Images', 'RepositoryCreds')).toEqual([]);
    expect(readme).toMatch(/^#### Private registries$/m);
  });

  test('the README gate fails when the feature lands outside "### Images"', () => {
    const readme = `${read(checkout, `${ECS}/README.md`)}\n## Mixins\n\nUse \`ecs.ContainerImage.fromInternet()\`.\n`;
    expect(mentionsOutsideSection(readme, 'Images', 'fromInternet')).toEqual([expect.stringContaining('Use `ecs.ContainerImage.fromInternet()`.')]);
  });
});
