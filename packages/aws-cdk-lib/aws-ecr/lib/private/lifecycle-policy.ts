import { Stack, Token } from 'aws-cdk-lib';
import { type LifecycleRule, TagStatus } from 'aws-cdk-lib/aws-ecr';
import type { Construct } from 'constructs';
import { ValidationError } from '../../../core/lib/errors';
import { lit } from '../../../core/lib/private/literal-string';

/**
 * The largest number of wildcards ('*') that ECR takes in one tag pattern.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html
 */
const MAX_PATTERN_WILDCARDS = 4;

/**
 * Check one lifecycle rule as ECR checks it when it reads a lifecycle policy,
 * and give it the tag status it has by default: `TAGGED` when it lists tag
 * prefixes or patterns, `ANY` otherwise.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html
 */
export function checkLifecycleRule(scope: Construct, rule: LifecycleRule): LifecycleRule {
  const tagStatus = rule.tagStatus ?? (rule.tagPrefixList === undefined && rule.tagPatternList === undefined ? TagStatus.ANY : TagStatus.TAGGED);
  const what = describeRule(rule);
  const fail = (problem: { expected: string; got: string }) => {
    throw new ValidationError(lit`InvalidLifecycleRule`, `Expected ${problem.expected} in lifecycle rule ${what}, got ${problem.got}.`, scope);
  };
  if ((rule.maxImageAge === undefined) === (rule.maxImageCount === undefined)) {
    fail({ expected: 'exactly one of maxImageAge and maxImageCount', got: rule.maxImageAge === undefined ? 'neither' : 'both' });
  }
  const hasPrefixes = (rule.tagPrefixList?.length ?? 0) > 0;
  const hasPatterns = (rule.tagPatternList?.length ?? 0) > 0;
  if (tagStatus === TagStatus.TAGGED && !hasPrefixes && !hasPatterns) {
    fail({ expected: 'tagPrefixList or tagPatternList with TagStatus.TAGGED', got: 'neither' });
  }
  if (tagStatus !== TagStatus.TAGGED && (rule.tagPrefixList !== undefined || rule.tagPatternList !== undefined)) {
    fail({ expected: 'tagPrefixList or tagPatternList only with TagStatus.TAGGED', got: `one with TagStatus.${tagStatus.toUpperCase()}` });
  }
  if (hasPrefixes && hasPatterns) {
    fail({ expected: 'only one of tagPrefixList and tagPatternList', got: 'both' });
  }
  for (const pattern of rule.tagPatternList ?? []) {
    const wildcards = pattern.split('*').length - 1;
    if (!Token.isUnresolved(pattern) && wildcards > MAX_PATTERN_WILDCARDS) {
      fail({ expected: `tag patterns with at most ${MAX_PATTERN_WILDCARDS} wildcards`, got: `'${pattern}' with ${wildcards}` });
    }
  }
  if (rule.rulePriority !== undefined && !Token.isUnresolved(rule.rulePriority) &&
    (!Number.isInteger(rule.rulePriority) || rule.rulePriority < 1 || rule.rulePriority > 999)) {
    fail({ expected: 'a rulePriority that is a whole number from 1 to 999', got: `${rule.rulePriority}` });
  }
  const count = rule.maxImageCount;
  if (count !== undefined && !Token.isUnresolved(count) && (!Number.isInteger(count) || count < 1)) {
    fail({ expected: 'a maxImageCount that is a whole number of at least 1', got: `${rule.maxImageCount}` });
  }
  return { ...rule, tagStatus };
}

/**
 * Give every rule its priority and check the policy as a whole, as ECR does:
 * priorities are unique, and the one `TagStatus.ANY` rule, if any, comes last
 * (it has the highest priority). Rules without a priority follow those with
 * one, in the order they were added, the `ANY` rule last.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html
 */
export function orderLifecycleRules(scope: Construct, rules: LifecycleRule[]): LifecycleRule[] {
  const fail = (expected: string, got: string) => {
    throw new ValidationError(lit`InvalidLifecyclePolicy`, `Expected ${expected} in a lifecycle policy, got ${got}.`, scope);
  };
  const anyRules = rules.filter(rule => rule.tagStatus === TagStatus.ANY);
  if (anyRules.length > 1) {
    fail('at most one TagStatus.ANY rule', `${anyRules.length} (${anyRules.map(describeRule).join(', ')})`);
  }
  const given = rules.filter(rule => rule.rulePriority !== undefined).map(rule => rule.rulePriority!);
  const seen = new Set<number>();
  for (const priority of given) {
    if (seen.has(priority)) {
      fail('each rulePriority once', `two rules with rulePriority ${priority}`);
    }
    seen.add(priority);
  }
  let next = (given.length > 0 ? Math.max(...given) : 0) + 1;
  const ordered = [
    ...rules.filter(rule => rule.tagStatus !== TagStatus.ANY),
    ...anyRules,
  ].map(rule => ({ ...rule, rulePriority: rule.rulePriority ?? next++ }));
  const anyRule = ordered.find(rule => rule.tagStatus === TagStatus.ANY);
  const highest = Math.max(...ordered.map(rule => rule.rulePriority));
  if (anyRule && anyRule.rulePriority !== highest) {
    fail('the highest rulePriority on the TagStatus.ANY rule',
      `rulePriority ${anyRule.rulePriority} on the TagStatus.ANY rule ${describeRule(anyRule)}, lower than ${highest}`);
  }
  return ordered.sort((a, b) => a.rulePriority - b.rulePriority);
}

/**
 * The lifecycle policy text that ECR reads: `{"rules": [...]}`, each rule with
 * its priority, selection and the `expire` action.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html
 */
export function renderLifecyclePolicy(scope: Construct, rules: LifecycleRule[]): string {
  return JSON.stringify(Stack.of(scope).resolve({
    rules: rules.map(rule => ({
      rulePriority: rule.rulePriority,
      description: rule.description,
      selection: {
        tagStatus: rule.tagStatus,
        tagPrefixList: rule.tagPrefixList,
        tagPatternList: rule.tagPatternList,
        countType: rule.maxImageAge !== undefined ? 'sinceImagePushed' : 'imageCountMoreThan',
        countUnit: rule.maxImageAge !== undefined ? 'days' : undefined,
        countNumber: rule.maxImageAge !== undefined ? rule.maxImageAge.toDays() : rule.maxImageCount,
      },
      action: { type: 'expire' },
    })),
  }));
}

function describeRule(rule: LifecycleRule): string {
  if (rule.description !== undefined) {
    return `'${rule.description}'`;
  }
  return rule.rulePriority !== undefined ? `of priority ${rule.rulePriority}` : 'without description';
}
