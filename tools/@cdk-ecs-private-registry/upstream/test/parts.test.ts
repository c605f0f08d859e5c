/**
 * The change as a series of pull requests: `--list-parts`, `--part <name>`
 * one by one on the fixture checkout (each part type-checks and meets
 * upstream's gates), the refusal of a part whose predecessors are missing,
 * and the series writing exactly what the whole change writes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../lib/cli';
import { PARTS } from '../lib/config';
import { plan } from '../lib/plan';
import { deprecatedUses, mentionsOutsideSection, noThrowDefaultErrorFindings, sampleErrors, tsSamples } from './gates';
import {
  BATCH_FILE, CHECKOUT_FIXTURE, diagnostics, ECS, expectSuccess, LIB, listTs, makeCheckout, moduleSpecifiers, program, read, REPO, run, tmp, treeHash,
} from './helpers';

const INTEG_ROOT = 'packages/@aws-cdk-testing/framework-integ/test';
const ECR = 'packages/aws-cdk-lib/aws-ecr';
const names = PARTS.map(p => p.name);

/** Every file under `dir` (but .git), by relative path. */
function files(dir: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git') walk(child);
      } else {
        found.set(child, fs.readFileSync(path.join(dir, child)));
      }
    }
  };
  walk('');
  return found;
}

/** The gates of upstream over a checkout: type-check, no-throw-default-error, JSII_DEPRECATED, README placement, rosetta fixture. */
function gateFindings(checkout: string): Record<string, string[]> {
  const integ = listTs(checkout, INTEG_ROOT).filter(f => fs.existsSync(path.join(REPO, f)));
  const roots = [
    ...listTs(checkout, 'packages/aws-cdk-lib').filter(f => /\/(lib|test)\//.test(f) && !f.includes('/rosetta/')),
    ...integ,
  ];
  const libFiles = listTs(checkout, 'packages/aws-cdk-lib').filter(f => /^packages\/aws-cdk-lib\/[^/]+\/lib\//.test(f) && fs.existsSync(path.join(REPO, f)));
  const readme = read(checkout, `${ECS}/README.md`);
  const before = new Set(tsSamples(read(CHECKOUT_FIXTURE, `${ECS}/README.md`)));
  const added = tsSamples(readme).filter(s => !before.has(s));
  return {
    typecheck: diagnostics(checkout, program(checkout, roots)),
    noThrowDefaultError: noThrowDefaultErrorFindings(checkout, libFiles),
    deprecatedInInteg: deprecatedUses(checkout, integ.filter(f => /(^|\/)integ\.[^/]*\.ts$/.test(f))),
    readmeOutsideImages: [...mentionsOutsideSection(readme, 'Images', 'fromInternet'), ...mentionsOutsideSection(readme, 'Images', 'RepositoryCreds')],
    samples: sampleErrors(checkout, read(checkout, 'packages/aws-cdk-lib/rosetta/aws_ecs/default.ts-fixture'), added),
  };
}

/** The awslint exclusions a checkout has beyond the fixture's (upstream's). */
function awslintAdded(checkout: string): string[] {
  const upstream: string[] = JSON.parse(read(CHECKOUT_FIXTURE, 'packages/aws-cdk-lib/awslint.json')).exclude;
  return (JSON.parse(read(checkout, 'packages/aws-cdk-lib/awslint.json')).exclude as string[]).filter(e => !upstream.includes(e));
}

const NO_FINDINGS = { typecheck: [], noThrowDefaultError: [], deprecatedInInteg: [], readmeOutsideImages: [], samples: [] };

describe('the series of pull requests', () => {
  test('--list-parts prints the parts in order, one name a line', () => {
    const out: string[] = [];
    expect(main(['--list-parts'], { out: t => out.push(t), err: () => undefined })).toBe(0);

    expect(out.join('\n')).toEqual(`${names.join('\n')}`);
    expect(names.slice(0, 3)).toEqual(['ecs-private-registry', 'batch-repository-credentials', 'ecr-pull-through-cache']);
  });

  test('applied one by one, each part passes the gates, and the series writes what the whole change writes', () => {
    const whole = makeCheckout();
    expectSuccess(run(whole, undefined));
    const series = makeCheckout();
    const stdouts: string[] = [];

    for (const name of names) {
      const result = run(series, undefined, ['--part', name]);
      expectSuccess(result);
      stdouts.push(result.stdout);
      expect({ part: name, ...gateFindings(series) }).toEqual({ part: name, ...NO_FINDINGS });

      if (name === 'ecs-private-registry') {
        // The ECS API without what later parts bring.
        const webHosted = read(series, `${LIB}/images/web-hosted.ts`);
        expect(webHosted).toContain('export class WebHostedImage');
        expect(webHosted).not.toMatch(/pullThroughCache|upstream: part/);
        expect(read(series, `${LIB}/registry-credentials-secret.ts`)).not.toMatch(/readonly forPullThroughCache|ACCESS_TOKEN_KEY|pullThroughCacheSecretName/);
        expect(read(series, BATCH_FILE)).toEqual(read(CHECKOUT_FIXTURE, BATCH_FILE));
        expect(fs.existsSync(path.join(series, `${ECR}/lib/pull-through-cache-rule.ts`))).toBe(false);
        expect(read(series, `${ECR}/lib/index.ts`)).toEqual(read(CHECKOUT_FIXTURE, `${ECR}/lib/index.ts`));
        // The private helper it needs from aws-ecr comes with it.
        expect(fs.existsSync(path.join(series, `${ECR}/lib/private/image-name.ts`))).toBe(true);
        expect(read(series, `${ECS}/README.md`)).not.toMatch(/^#### (AWS Batch|Through an Amazon ECR pull through cache)$/m);
        // The awslint exclusions of aws-ecs's types, not yet those of aws-ecr's.
        expect(awslintAdded(series).length).toBeGreaterThan(0);
        expect(awslintAdded(series).filter(e => !e.includes(':aws-cdk-lib.aws_ecs.'))).toEqual([]);
      } else if (name === 'batch-repository-credentials') {
        expect(read(series, BATCH_FILE)).toContain('repositoryCredentials: this.imageConfig.repositoryCredentials?.credentialsParameter');
        expect(read(series, `${ECS}/README.md`)).toMatch(/^#### AWS Batch$/m);
        expect(fs.existsSync(path.join(series, `${INTEG_ROOT}/aws-batch/test/integ.job-definition-private-registry.ts`))).toBe(true);
        expect(result.stdout).toContain('#37017');
        expect(result.stdout).toContain('aws-batch/test/integ.job-definition-private-registry.ts');
      } else if (name === 'ecr-pull-through-cache') {
        expect(read(series, `${LIB}/images/web-hosted.ts`)).toContain('readonly pullThroughCache?: IPullThroughCacheRule;');
        expect(moduleSpecifiers(read(series, `${LIB}/images/web-hosted.ts`))).toEqual(expect.arrayContaining(['../../../aws-ecr', '../private/pull-through-cache']));
        expect(result.stdout).toContain('docs/rfcs/');
        expect(result.stdout).toMatch(/#20464[\s\S]*#22145/);
        expect(awslintAdded(series).filter(e => e.includes(':aws-cdk-lib.aws_ecr.')).length).toBeGreaterThan(0);
      }
      // Only this part's pull request is printed.
      expect(result.stdout.match(/^-+ pull request \d+ of \d+: (\S+) -*$/gm)).toEqual([expect.stringContaining(`: ${name} `)]);
    }

    // Byte for byte, file by file.
    const a = files(whole);
    const b = files(series);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    const different = [...a.keys()].filter(rel => !a.get(rel)!.equals(b.get(rel)!));
    expect(different).toEqual([]);
    expect(treeHash(series)).toEqual(treeHash(whole));
    // And the whole change prints every part's pull request, in order.
    const wholeRun = run(makeCheckout(), undefined, ['--dry-run']);
    expect(wholeRun.stdout.match(/^-+ pull request \d+ of \d+: (\S+) -*$/gm)?.map(l => / (\S+) -*$/.exec(l)![1])).toEqual(names);
  });

  test('refuses a part whose earlier parts the checkout lacks, writing nothing', () => {
    const checkout = makeCheckout();
    const before = treeHash(checkout);

    const batch = run(checkout, undefined, ['--part', 'batch-repository-credentials']);

    expect(batch.status).toBe(1);
    expect(batch.stderr).toContain("The checkout does not have the part 'ecs-private-registry', which 'batch-repository-credentials' builds on.");
    expect(batch.stderr).toMatch(/aws-ecs\/lib\/repository-creds\.ts \(missing\)/);
    expect(batch.stderr).toContain('Nothing was written.');
    expect(treeHash(checkout)).toEqual(before);

    // With the first part only, the third is refused for lack of the second.
    expectSuccess(run(checkout, undefined, ['--part', 'ecs-private-registry']));
    const first = treeHash(checkout);
    const ecr = run(checkout, undefined, ['--part', 'ecr-pull-through-cache']);
    expect(ecr.status).toBe(1);
    expect(ecr.stderr).toContain("does not have the part 'batch-repository-credentials'");
    expect(ecr.stderr).toMatch(/ecs-container-definition\.ts \(not as that part writes it\)/);
    expect(treeHash(checkout)).toEqual(first);
  });

  test('refuses a part that does not exist, and --part without a name', () => {
    const checkout = makeCheckout();
    const unknown = run(checkout, undefined, ['--part', 'ecr']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain(`There is no part 'ecr'. The parts, in order: ${names.join(', ')}.`);
    const err: string[] = [];
    expect(main([checkout, '--part'], { out: () => undefined, err: t => err.push(t) })).toBe(2);
    expect(err.join('\n')).toContain('--part takes the name of a part');
  });

  test('a part applied twice changes nothing the second time', () => {
    const checkout = makeCheckout();
    expectSuccess(run(checkout, undefined, ['--part', 'ecs-private-registry']));
    const once = treeHash(checkout);
    const again = run(checkout, undefined, ['--part', 'ecs-private-registry']);
    expectSuccess(again);
    expect(again.stdout).toContain('nothing to do');
    expect(treeHash(checkout)).toEqual(once);
  });
});

describe('files are assigned to parts by rule', () => {
  /** This repository's library and integ tests, copied, for a variant. */
  function variant(): string {
    const dir = tmp('upstream-parts-source-');
    for (const rel of ['packages/aws-cdk-lib', INTEG_ROOT]) {
      const filter = (src: string) => !/(^|\/)(node_modules|coverage|cdk\.out)(\/|$)/.test(src);
      fs.cpSync(path.join(REPO, rel), path.join(dir, rel), { recursive: true, filter });
    }
    return dir;
  }
  const created = (source: string, checkout: string, part: string) =>
    plan(source, checkout, { part }).writes.filter(w => w.action !== 'unchanged').map(w => w.rel);

  test('new files land in the part of their module, or of the later part they need, with no change to the tool', () => {
    const source = variant();
    fs.writeFileSync(path.join(source, `${ECR}/lib/cache-report.ts`), '/** A report. */\nexport interface CacheReport {\n  readonly hits: number;\n}\n');
    fs.appendFileSync(path.join(source, `${ECR}/lib/index.ts`), "export * from './cache-report';\n");
    fs.writeFileSync(path.join(source, `${LIB}/image-digest.ts`), '/** A digest. */\nexport interface ImageDigest {\n  readonly value: string;\n}\n');
    fs.appendFileSync(path.join(source, `${LIB}/index.ts`), "export * from './image-digest';\n");
    // aws-ecs code that needs the ECR part's construct goes with that part.
    fs.writeFileSync(path.join(source, `${LIB}/cached-image.ts`), [
      "import type { IPullThroughCacheRule } from '../../aws-ecr';", '',
      '/** An image of a cache. */', 'export interface CachedImage {', '  readonly rule: IPullThroughCacheRule;', '}', '',
    ].join('\n'));
    fs.appendFileSync(path.join(source, `${LIB}/index.ts`), "export * from './cached-image';\n");
    const checkout = makeCheckout(source);

    const first = created(source, checkout, 'ecs-private-registry');
    expect(first).toEqual(expect.arrayContaining([`${LIB}/image-digest.ts`]));
    expect(first).not.toEqual(expect.arrayContaining([`${ECR}/lib/cache-report.ts`]));
    expect(first).not.toEqual(expect.arrayContaining([`${LIB}/cached-image.ts`]));
    expect(plan(source, checkout, { part: 'ecs-private-registry' }).writes.find(w => w.rel === `${LIB}/index.ts`)!.content.toString())
      .not.toContain('cached-image');
    expectSuccess(run(checkout, source, ['--part', 'ecs-private-registry']));
    expectSuccess(run(checkout, source, ['--part', 'batch-repository-credentials']));
    const last = created(source, checkout, 'ecr-pull-through-cache');
    expect(last).toEqual(expect.arrayContaining([`${ECR}/lib/cache-report.ts`, `${LIB}/cached-image.ts`, `${LIB}/index.ts`, `${ECR}/lib/index.ts`]));
  });

  test('a README section goes with the part its heading names, or whose names its samples import', () => {
    const source = variant();
    fs.appendFileSync(path.join(source, `${ECS}/README.md`), [
      '', '## Shared caches', '', 'One rule for many images.', '', '```ts',
      "import { PullThroughCacheRule, UpstreamRegistry } from 'cdk-ecs-private-registry/aws-ecr';", '',
      "new PullThroughCacheRule(this, 'Shared', { upstreamRegistry: UpstreamRegistry.QUAY });", '```', '',
      '## Batch array jobs', '', 'Each child job pulls with the same credentials.', '',
    ].join('\n'));
    const checkout = makeCheckout(source);
    const readmeOf = (part: string) => plan(source, checkout, { part }).writes.find(w => w.rel === `${ECS}/README.md`)!.content.toString('utf8');

    const first = readmeOf('ecs-private-registry');
    expect(first).toMatch(/^#### Private registries$/m);
    expect(first).not.toMatch(/^#### (Shared caches|Batch array jobs|AWS Batch)$/m);
    expectSuccess(run(checkout, source, ['--part', 'ecs-private-registry']));
    const second = readmeOf('batch-repository-credentials');
    expect(second).toMatch(/^#### Batch array jobs$/m);
    expect(second).not.toMatch(/^#### Shared caches$/m);
    expectSuccess(run(checkout, source, ['--part', 'batch-repository-credentials']));
    expect(readmeOf('ecr-pull-through-cache')).toMatch(/^#### Shared caches\n\nOne rule for many images\.\n\n```ts\n[^`]*new PullThroughCacheRule\(this, 'Shared'/m);
  });

  test("upstream's own core files stand in for this package's: imports of them are kept, nothing is written to core", () => {
    const source = variant();
    fs.writeFileSync(path.join(source, `${ECR}/lib/cache-metadata.ts`), [
      "import { Construct } from 'constructs';",
      "import { addConstructMetadata } from '../../core/lib/metadata-resource';",
      "import { propertyInjectable } from '../../core/lib/prop-injectable';", '',
      '/** Records its props. */',
      '@propertyInjectable',
      'export class CacheMetadata extends Construct {',
      "  public static readonly PROPERTY_INJECTION_ID: string = 'aws-cdk-lib.aws-ecr.CacheMetadata';",
      '  constructor(scope: Construct, id: string, props: { readonly note?: string } = {}) {',
      '    super(scope, id);',
      '    addConstructMetadata(this, props);',
      '  }',
      '}', '',
    ].join('\n'));
    fs.appendFileSync(path.join(source, `${ECR}/lib/index.ts`), "export * from './cache-metadata';\n");
    const checkout = makeCheckout(source);

    const { writes } = plan(source, checkout);

    const file = writes.find(w => w.rel === `${ECR}/lib/cache-metadata.ts`)!.content.toString('utf8');
    expect(moduleSpecifiers(file)).toEqual(['constructs', '../../core/lib/metadata-resource', '../../core/lib/prop-injectable']);
    expect(writes.filter(w => w.rel.startsWith('packages/aws-cdk-lib/core/'))).toEqual([]);
    expectSuccess(run(checkout, source));
    expect(diagnostics(checkout, program(checkout, [`${ECR}/lib/cache-metadata.ts`]))).toEqual([]);
  });

  test("a unit test may take testDeprecated from upstream's build tools: kept, not warned about, and it type-checks", () => {
    const source = variant();
    const rel = `${ECS}/test/fixture-deprecated.test.ts`;
    fs.writeFileSync(path.join(source, rel), [
      "import { testDeprecated } from '@aws-cdk/cdk-build-tools';",
      "import { ContainerImage } from '../lib';", '',
      "testDeprecated('the alias still works', () => {", "  expect(ContainerImage.fromDockerHub('nginx').imageName).toBe('nginx');", '});', '',
    ].join('\n'));
    const checkout = makeCheckout(source);

    const result = plan(source, checkout, { part: 'ecs-private-registry' });

    expect(moduleSpecifiers(result.writes.find(w => w.rel === rel)!.content.toString('utf8'))).toEqual(['@aws-cdk/cdk-build-tools', '../lib']);
    expect(result.warnings.filter(w => w.includes('cdk-build-tools'))).toEqual([]);
    expectSuccess(run(checkout, source, ['--part', 'ecs-private-registry']));
    expect(diagnostics(checkout, program(checkout, [rel]))).toEqual([]);
  });

  test('a block of a part that does not exist is refused', () => {
    const source = variant();
    fs.appendFileSync(path.join(source, `${LIB}/private/secret-arn.ts`), '\n// upstream: part no-such-part begin\nexport const X = 1;\n// upstream: part no-such-part end\n');

    expect(() => plan(source, makeCheckout(source)))
      .toThrow(/secret-arn\.ts: line \d+ opens a block of the part 'no-such-part', which is not one of the parts/);
  });
});
