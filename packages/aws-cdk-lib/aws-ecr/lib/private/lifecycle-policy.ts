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
  const fail = (problem: string) => {
    throw new ValidationError(lit`InvalidLifecycleRule`, `Lifecycle rule ${what} ${problem}.`, scope);
  };
  if ((rule.maxImageAge === undefined) === (rule.maxImageCount === undefined)) {
    fail('has ' + (rule.maxImageAge === undefined ? 'neither maxImageAge nor maxImageCount' : 'both maxImageAge and maxImageCount') +
      ', and ECR expects exactly one of them');
  }
  const hasPrefixes = (rule.tagPrefixList?.length ?? 0) > 0;
  const hasPatterns = (rule.tagPatternList?.length ?? 0) > 0;
  if (tagStatus === TagStatus.TAGGED && !hasPrefixes && !hasPatterns) {
    fail('selects TagStatus.TAGGED images without tagPrefixList or tagPatternList, and ECR expects one of the two with TAGGED');
  }
  if (tagStatus !== TagStatus.TAGGED && (rule.tagPrefixList !== undefined || rule.tagPatternList !== undefined)) {
    fail(`has tagPrefixList or tagPatternList with TagStatus.${tagStatus.toUpperCase()}, and ECR expects them only with TagStatus.TAGGED`);
  }
  if (hasPrefixes && hasPatterns) {
    fail('has both tagPrefixList and tagPatternList, and ECR expects only one of them');
  }
  for (const pattern of rule.tagPatternList ?? []) {
    const wildcards = pattern.split('*').length - 1;
    if (!Token.isUnresolved(pattern) && wildcards > MAX_PATTERN_WILDCARDS) {
      fail(`has the tag pattern '${pattern}' with ${wildcards} wildcards, and ECR expects at most ${MAX_PATTERN_WILDCARDS}`);
    }
  }
  if (rule.rulePriority !== undefined && !Token.isUnresolved(rule.rulePriority) &&
    (!Number.isInteger(rule.rulePriority) || rule.rulePriority < 1 || rule.rulePriority > 999)) {
    fail(`has rulePriority ${rule.rulePriority}, and ECR expects a whole number from 1 to 999`);
  }
  const count = rule.maxImageCount;
  if (count !== undefined && !Token.isUnresolved(count) && (!Number.isInteger(count) || count < 1)) {
    fail(`has maxImageCount ${rule.maxImageCount}, and ECR expects a whole number of at least 1`);
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
  const fail = (problem: string) => {
    throw new ValidationError(lit`InvalidLifecyclePolicy`, `Lifecycle policy ${problem}.`, scope);
  };
  const anyRules = rules.filter(rule => rule.tagStatus === TagStatus.ANY);
  if (anyRules.length > 1) {
    fail(`has ${anyRules.length} TagStatus.ANY rules (${anyRules.map(describeRule).join(', ')}), and ECR expects at most one`);
  }
  const given = rules.filter(rule => rule.rulePriority !== undefined).map(rule => rule.rulePriority!);
  const seen = new Set<number>();
  for (const priority of given) {
    if (seen.has(priority)) {
      fail(`has two rules with rulePriority ${priority}, and ECR expects each priority once`);
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
    fail(`gives the TagStatus.ANY rule ${describeRule(anyRule)} rulePriority ${anyRule.rulePriority}, lower than ${highest}, ` +
      'and ECR expects the TagStatus.ANY rule to have the highest priority');
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
