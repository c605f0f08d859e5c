import { App, Duration, Fn, Stack } from 'aws-cdk-lib';
import { type LifecycleRule, TagStatus } from 'aws-cdk-lib/aws-ecr';
import { checkLifecycleRule, orderLifecycleRules, renderLifecyclePolicy } from '../../lib/private/lifecycle-policy';

function newScope(): Stack {
  return new Stack(new App(), 'Stack');
}

/** What `act` throws, as its stable name and message, or undefined. */
function errorOf(act: () => unknown): { name: string; message: string } | undefined {
  try {
    act();
  } catch (e: any) {
    return { name: e.name, message: e.message };
  }
  return undefined;
}

describe('checkLifecycleRule', () => {
  test.each([
    ['tag prefixes', { tagPrefixList: ['pr-'], maxImageCount: 5 }, TagStatus.TAGGED],
    ['tag patterns', { tagPatternList: ['v*'], maxImageCount: 5 }, TagStatus.TAGGED],
    ['neither', { maxImageCount: 5 }, TagStatus.ANY],
    ['a tag status of its own', { tagStatus: TagStatus.UNTAGGED, maxImageAge: Duration.days(1) }, TagStatus.UNTAGGED],
  ])('gives a rule with %s its default tag status', (_case, rule: LifecycleRule, tagStatus) => {
    expect(checkLifecycleRule(newScope(), rule)).toEqual({ ...rule, tagStatus });
  });

  test.each([
    ['rulePriority 1', { rulePriority: 1, maxImageCount: 5 }],
    ['rulePriority 999', { rulePriority: 999, maxImageCount: 5 }],
    ['a rulePriority that is a token', { rulePriority: Fn.importValue('Priority') as unknown as number, maxImageCount: 5 }],
    ['maxImageCount 1', { maxImageCount: 1 }],
    ['a maxImageCount that is a token', { maxImageCount: Fn.importValue('Count') as unknown as number }],
    ['a tag pattern with four wildcards', { tagPatternList: ['*a*b*c*d'], maxImageCount: 5 }],
    ['a tag pattern that is a token', { tagPatternList: [`${Fn.importValue('Pattern')}*****`], maxImageCount: 5 }],
  ])('accepts %s', (_case, rule: LifecycleRule) => {
    expect(errorOf(() => checkLifecycleRule(newScope(), rule))).toBeUndefined();
  });

  test.each([
    ['neither maxImageAge nor maxImageCount', { description: 'x' },
      "Expected exactly one of maxImageAge and maxImageCount in lifecycle rule 'x', got neither."],
    ['an empty tagPrefixList with TagStatus.TAGGED', { rulePriority: 3, tagPrefixList: [], maxImageCount: 5 },
      'Expected tagPrefixList or tagPatternList with TagStatus.TAGGED in lifecycle rule of priority 3, got neither.'],
    ['a tagPatternList with TagStatus.ANY', { tagStatus: TagStatus.ANY, tagPatternList: ['v*'], maxImageCount: 5 },
      'Expected tagPrefixList or tagPatternList only with TagStatus.TAGGED in lifecycle rule without description, got one with TagStatus.ANY.'],
    ['a tagPrefixList with TagStatus.UNTAGGED', { tagStatus: TagStatus.UNTAGGED, tagPrefixList: ['v'], maxImageCount: 5 },
      'Expected tagPrefixList or tagPatternList only with TagStatus.TAGGED in lifecycle rule without description, got one with TagStatus.UNTAGGED.'],
    ['both tag lists', { tagPrefixList: ['v'], tagPatternList: ['v*'], maxImageCount: 5 },
      'Expected only one of tagPrefixList and tagPatternList in lifecycle rule without description, got both.'],
    ['rulePriority 1000', { rulePriority: 1000, maxImageCount: 5 },
      'Expected a rulePriority that is a whole number from 1 to 999 in lifecycle rule of priority 1000, got 1000.'],
    ['rulePriority 1.5', { rulePriority: 1.5, maxImageCount: 5 },
      'Expected a rulePriority that is a whole number from 1 to 999 in lifecycle rule of priority 1.5, got 1.5.'],
    ['maxImageCount 0', { maxImageCount: 0 },
      'Expected a maxImageCount that is a whole number of at least 1 in lifecycle rule without description, got 0.'],
    ['maxImageCount 2.5', { maxImageCount: 2.5 },
      'Expected a maxImageCount that is a whole number of at least 1 in lifecycle rule without description, got 2.5.'],
    ['a second tag pattern with five wildcards', { tagPatternList: ['v*', '*a*b*c*d*'], maxImageCount: 5 },
      "Expected tag patterns with at most 4 wildcards in lifecycle rule without description, got '*a*b*c*d*' with 5."],
  ])('refuses %s', (_case, rule: LifecycleRule, message) => {
    expect(errorOf(() => checkLifecycleRule(newScope(), rule))).toEqual({ name: 'InvalidLifecycleRule', message });
  });
});

describe('orderLifecycleRules', () => {
  const untagged = (rulePriority?: number): LifecycleRule => ({ rulePriority, tagStatus: TagStatus.UNTAGGED, maxImageAge: Duration.days(1) });
  const any = (rulePriority?: number, description?: string): LifecycleRule =>
    ({ rulePriority, description, tagStatus: TagStatus.ANY, maxImageCount: 10 });

  test('numbers the rules without a priority from 1, in the order given, the TagStatus.ANY rule last', () => {
    expect(orderLifecycleRules(newScope(), [any(), untagged(), untagged()]).map(r => [r.rulePriority, r.tagStatus]))
      .toEqual([[1, TagStatus.UNTAGGED], [2, TagStatus.UNTAGGED], [3, TagStatus.ANY]]);
  });

  test('numbers the rules without a priority after the highest one given, and sorts by priority', () => {
    expect(orderLifecycleRules(newScope(), [untagged(), untagged(7), untagged(2), any()]).map(r => r.rulePriority)).toEqual([2, 7, 8, 9]);
  });

  test('refuses a TagStatus.ANY rule below the highest priority, and two of them', () => {
    expect(errorOf(() => orderLifecycleRules(newScope(), [any(5), untagged(6)]))).toEqual({
      name: 'InvalidLifecyclePolicy',
      message: 'Expected the highest rulePriority on the TagStatus.ANY rule in a lifecycle policy, got rulePriority 5 on the TagStatus.ANY rule ' +
        'of priority 5, lower than 6.',
    });
    expect(errorOf(() => orderLifecycleRules(newScope(), [any(undefined, 'a'), any(undefined, 'b')]))).toEqual({
      name: 'InvalidLifecyclePolicy',
      message: "Expected at most one TagStatus.ANY rule in a lifecycle policy, got 2 ('a', 'b').",
    });
  });

  test('refuses one priority given twice, and takes a TagStatus.ANY rule of the highest priority', () => {
    expect(errorOf(() => orderLifecycleRules(newScope(), [untagged(4), untagged(4)]))?.message).toBe(
      'Expected each rulePriority once in a lifecycle policy, got two rules with rulePriority 4.');
    expect(orderLifecycleRules(newScope(), [any(9), untagged(3)]).map(r => r.rulePriority)).toEqual([3, 9]);
  });
});

describe('renderLifecyclePolicy', () => {
  test('counts days since the push for an age, and images for a count', () => {
    const rules: LifecycleRule[] = [
      { rulePriority: 1, description: 'old', tagStatus: TagStatus.UNTAGGED, maxImageAge: Duration.days(14) },
      { rulePriority: 2, tagStatus: TagStatus.ANY, maxImageCount: 30 },
    ];

    expect(JSON.parse(renderLifecyclePolicy(newScope(), rules))).toEqual({
      rules: [
        {
          rulePriority: 1,
          description: 'old',
          selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 },
          action: { type: 'expire' },
        },
        { rulePriority: 2, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 }, action: { type: 'expire' } },
      ],
    });
  });
});
