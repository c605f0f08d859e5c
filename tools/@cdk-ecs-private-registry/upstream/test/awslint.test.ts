/**
 * This package's awslint exclusions in upstream's awslint.json: renamed to
 * aws-cdk-lib's names, appended after upstream's own entries (whose text is
 * left as it is), each with the part that brings its type, and their reasons
 * in the pull request text.
 */
import * as fs from 'fs';
import * as path from 'path';
import { plan } from '../lib/plan';
import { CHECKOUT_FIXTURE, expectSuccess, makeCheckout, read, REPO, run, tmp, treeHash } from './helpers';

const AWSLINT = 'packages/aws-cdk-lib/awslint.json';
const INTEG_ROOT = 'packages/@aws-cdk-testing/framework-integ/test';
const HEADING = '### awslint exclusions';

/** The fixture's awslint.json: upstream's shape, with a few of its real entries. */
const upstreamText = () => read(CHECKOUT_FIXTURE, AWSLINT);
const upstreamEntries = (): string[] => JSON.parse(upstreamText()).exclude;
const excludeOf = (root: string): string[] => JSON.parse(read(root, AWSLINT)).exclude;

/** Upstream's text with `entries` after its last entry, one a line, as upstream's pull requests add theirs. */
function appended(text: string, entries: string[]): string {
  const last = upstreamEntries()[upstreamEntries().length - 1];
  const at = text.indexOf(`"${last}"`) + last.length + 2;
  return text.slice(0, at) + entries.map(e => `,\n    "${e}"`).join('') + text.slice(at);
}

/** The pull request text of one part, from a run's output. */
function description(stdout: string, part: string): string {
  const start = stdout.search(new RegExp(`^-+ pull request \\d+ of \\d+: ${part} -*$`, 'm'));
  expect(start).toBeGreaterThanOrEqual(0);
  const body = stdout.indexOf('\n', start) + 1;
  const next = stdout.slice(body).search(/^-+ pull request \d+ of \d+: /m);
  return next < 0 ? stdout.slice(start) : stdout.slice(start, body + next);
}

/** This repository's library and integ tests, copied, with an awslint.json of the test's own. */
function variant(awslint: { exclude: string[]; excludeReasons: string[] }): string {
  const dir = tmp('upstream-awslint-source-');
  for (const rel of ['packages/aws-cdk-lib', INTEG_ROOT]) {
    const filter = (src: string) => !/(^|\/)(node_modules|coverage|cdk\.out)(\/|$)/.test(src);
    fs.cpSync(path.join(REPO, rel), path.join(dir, rel), { recursive: true, filter });
  }
  fs.writeFileSync(path.join(dir, AWSLINT), `${JSON.stringify(awslint, undefined, 2)}\n`);
  return dir;
}

/** Entries of every kind: package-only, of each part, a member that a later part's block declares, inherited members. */
const ENTRIES: Array<[string, string]> = [
  ['*:aws-cdk-lib.*', "aws-cdk-lib's own types"],
  ['props-physical-name:cdk-ecs-private-registry.aws_ecr.PullThroughCacheRuleProps', 'a rule has no name'],
  ['attribute-tag:cdk-ecs-private-registry.aws_ecs.RegistryCredentialsSecret.secretName', 'inherited from secretsmanager.Secret'],
  ['docs-public-apis:cdk-ecs-private-registry.aws_ecs.WebHostedImageProps.pullThroughCache', 'a member of the ECR part, see cdk-ecs-private-registry.aws_ecr.PullThroughCacheRule'],
  ['props-default-doc:cdk-ecs-private-registry.aws_ecs.WebHostedImageProps.credentials', 'a member of the ECS part'],
  ['props-physical-name:aws-cdk-lib.aws_ecs.TaskDefinitionProps', 'one of aws-cdk-lib'],
];
const source = () => variant({ exclude: ENTRIES.map(([e]) => e), excludeReasons: ENTRIES.map(([e, r]) => `${e}: ${r}`) });
/** What each part adds, in upstream's names, in the order it goes: by part, then in this repository's order. */
const ECS_ENTRIES = [
  'attribute-tag:aws-cdk-lib.aws_ecs.RegistryCredentialsSecret.secretName',
  'props-default-doc:aws-cdk-lib.aws_ecs.WebHostedImageProps.credentials',
];
const ECR_ENTRIES = [
  'props-physical-name:aws-cdk-lib.aws_ecr.PullThroughCacheRuleProps',
  'docs-public-apis:aws-cdk-lib.aws_ecs.WebHostedImageProps.pullThroughCache',
];

describe("awslint.json: this package's exclusions go upstream", () => {
  test("this repository's own: renamed, after upstream's entries, left as they were; *:aws-cdk-lib.* stays here", () => {
    const checkout = makeCheckout();

    expectSuccess(run(checkout, undefined));

    const ours: string[] = JSON.parse(read(REPO, AWSLINT)).exclude;
    const carried = ours.filter(e => e.includes(':cdk-ecs-private-registry.')).map(e => e.replace('cdk-ecs-private-registry.', 'aws-cdk-lib.'));
    expect(carried.length).toBeGreaterThan(0);
    const merged = excludeOf(checkout);
    expect(merged.slice(0, upstreamEntries().length)).toEqual(upstreamEntries());
    // Every part's entries follow upstream's, each once: aws-ecs's (the first part) before aws-ecr's (the last).
    const added = merged.slice(upstreamEntries().length);
    expect(added).toEqual([...carried.filter(e => e.includes('.aws_ecs.')), ...carried.filter(e => e.includes('.aws_ecr.'))]);
    expect(merged).not.toContain('*:aws-cdk-lib.*');
    expect(merged.filter(e => e.includes('cdk-ecs-private-registry'))).toEqual([]);
    expect(read(checkout, AWSLINT)).toEqual(appended(upstreamText(), added));
  });

  test('in the order of their parts; upstream\'s text, blank line and trailing newline kept; twice adds nothing', () => {
    const src = source();
    const checkout = makeCheckout(src);

    const result = run(checkout, src);

    expectSuccess(result);
    expect(read(checkout, AWSLINT)).toEqual(appended(upstreamText(), [...ECS_ENTRIES, ...ECR_ENTRIES]));
    expect(read(checkout, AWSLINT)).toMatch(/"events-generic:aws-cdk-lib\.aws_appconfig\.Application",\n\s{4}"attribute-tag:/);
    expect(read(checkout, AWSLINT)).toMatch(/\n {2}\]\n\}\n$/);
    const once = treeHash(checkout);
    const again = run(checkout, src);
    expectSuccess(again);
    expect(again.stdout).toContain('nothing to do');
    expect(treeHash(checkout)).toEqual(once);
    expect(excludeOf(checkout)).toHaveLength(upstreamEntries().length + ECS_ENTRIES.length + ECR_ENTRIES.length);
  });

  test('an entry upstream already has is not added again', () => {
    const src = source();
    const checkout = makeCheckout(src);
    const withOne = appended(upstreamText(), [ECR_ENTRIES[0]]);
    fs.writeFileSync(path.join(checkout, AWSLINT), withOne);

    expectSuccess(run(checkout, src));

    expect(read(checkout, AWSLINT)).toEqual(withOne.replace(`"${ECR_ENTRIES[0]}"`, [ECR_ENTRIES[0], ...ECS_ENTRIES, ECR_ENTRIES[1]].map(e => `"${e}"`).join(',\n    ')));
  });

  test('each part adds its own entries, the series writes what the whole change writes, and each pull request gives the reasons', () => {
    const src = source();
    const whole = makeCheckout(src);
    expectSuccess(run(whole, src));
    const series = makeCheckout(src);

    const first = run(series, src, ['--part', 'ecs-private-registry']);
    expectSuccess(first);
    expect(read(series, AWSLINT)).toEqual(appended(upstreamText(), ECS_ENTRIES));
    const second = run(series, src, ['--part', 'batch-repository-credentials']);
    expectSuccess(second);
    expect(read(series, AWSLINT)).toEqual(appended(upstreamText(), ECS_ENTRIES));
    const third = run(series, src, ['--part', 'ecr-pull-through-cache']);
    expectSuccess(third);

    expect(read(series, AWSLINT)).toEqual(read(whole, AWSLINT));
    const ecs = description(first.stdout, 'ecs-private-registry');
    expect(ecs).toContain(`${HEADING}\n`);
    expect(ecs).toContain('- `attribute-tag:aws-cdk-lib.aws_ecs.RegistryCredentialsSecret.secretName`: inherited from secretsmanager.Secret\n');
    expect(ecs).toContain('- `props-default-doc:aws-cdk-lib.aws_ecs.WebHostedImageProps.credentials`: a member of the ECS part\n');
    expect(ecs).not.toMatch(/PullThroughCacheRuleProps|WebHostedImageProps\.pullThroughCache|aws-cdk-lib's own types|TaskDefinitionProps/);
    expect(ecs.indexOf(HEADING)).toBeLessThan(ecs.indexOf('### Describe any new or updated permissions being added'));
    expect(description(second.stdout, 'batch-repository-credentials')).not.toContain(HEADING);
    const ecr = description(third.stdout, 'ecr-pull-through-cache');
    expect(ecr).toContain('- `props-physical-name:aws-cdk-lib.aws_ecr.PullThroughCacheRuleProps`: a rule has no name\n');
    // The reason's own mention of this package's names is renamed too.
    expect(ecr).toContain('- `docs-public-apis:aws-cdk-lib.aws_ecs.WebHostedImageProps.pullThroughCache`: a member of the ECR part, see aws-cdk-lib.aws_ecr.PullThroughCacheRule\n');
    expect(ecr).not.toContain('RegistryCredentialsSecret.secretName');
  });

  test('the earlier part must be there: an awslint.json without its entries is reported, nothing written', () => {
    const src = source();
    const checkout = makeCheckout(src);
    expectSuccess(run(checkout, src, ['--part', 'ecs-private-registry']));
    expectSuccess(run(checkout, src, ['--part', 'batch-repository-credentials']));
    fs.copyFileSync(path.join(CHECKOUT_FIXTURE, AWSLINT), path.join(checkout, AWSLINT));
    const before = treeHash(checkout);

    const result = run(checkout, src, ['--part', 'ecr-pull-through-cache']);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${AWSLINT} (not as that part writes it)`);
    expect(treeHash(checkout)).toEqual(before);
  });

  test('a type that does not go upstream is left out with a warning', () => {
    const entry = 'props-physical-name:cdk-ecs-private-registry.aws_ecs.NoSuchProps';
    const src = variant({ exclude: [entry, ENTRIES[2][0]], excludeReasons: [`${entry}: gone`, `${ENTRIES[2][0]}: ${ENTRIES[2][1]}`] });

    const result = plan(src, makeCheckout(src));

    const merged = JSON.parse(result.writes.find(w => w.rel === AWSLINT)!.content.toString('utf8')).exclude;
    expect(merged).toEqual([...upstreamEntries(), ECS_ENTRIES[0]]);
    expect(result.warnings).toContain(`${AWSLINT} excludes '${entry}', but no file that goes upstream exports aws-ecs's 'NoSuchProps': not carried upstream.`);
  });

  test('an empty exclude array gets the entries one a line', () => {
    const src = source();
    const checkout = makeCheckout(src);
    fs.writeFileSync(path.join(checkout, AWSLINT), '{\n  "exclude": []\n}\n');

    const { writes } = plan(src, checkout, { part: 'ecs-private-registry' });

    expect(writes.find(w => w.rel === AWSLINT)!.content.toString('utf8'))
      .toEqual(`{\n  "exclude": [\n${ECS_ENTRIES.map(e => `    "${e}"`).join(',\n')}\n  ]\n}\n`);
  });

  const refusals: Array<[string, (checkout: string, src: string) => void, RegExp]> = [
    ['the checkout has no awslint.json', (checkout) => fs.rmSync(path.join(checkout, AWSLINT)),
      /awslint\.json does not exist in the checkout: .*add these entries to its "exclude" by hand: attribute-tag:aws-cdk-lib\.aws_ecs\./],
    ["the checkout's awslint.json has no exclude array", (checkout) => fs.writeFileSync(path.join(checkout, AWSLINT), '{\n  "include": []\n}\n'),
      /awslint\.json in the checkout does not have the expected shape: it has no "exclude" array/],
    ['an exclusion has no reason', (_checkout, src) => {
      const config = JSON.parse(read(src, AWSLINT));
      config.excludeReasons = config.excludeReasons.filter((r: string) => !r.startsWith(ENTRIES[1][0]));
      fs.writeFileSync(path.join(src, AWSLINT), JSON.stringify(config));
    }, new RegExp(`excludes '${ENTRIES[1][0].replace(/\./g, '\\.')}' without a reason in "excludeReasons"`)],
  ];

  test.each(refusals)('refuses, writing nothing, when %s', (_case, arrange, message) => {
    const src = source();
    const checkout = makeCheckout(src);
    arrange(checkout, src);
    const before = treeHash(checkout);

    const result = run(checkout, src);

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Nothing was written.');
    expect(treeHash(checkout)).toEqual(before);
    expect(fs.existsSync(path.join(checkout, AWSLINT))).toBe(_case !== 'the checkout has no awslint.json');
  });
});
