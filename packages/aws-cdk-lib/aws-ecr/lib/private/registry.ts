import { Stack, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import type { Construct } from 'constructs';

/**
 * Whether two constructs are in one ECR registry: the same stack, or stacks of
 * the same account and Region when both are known at synth time. ECR keeps
 * one registry per account and Region.
 */
export function sameRegistry(a: Construct, b: Construct): boolean {
  const ours = Stack.of(a);
  const theirs = Stack.of(b);
  if (ours === theirs) {
    return true;
  }
  const known = [ours.account, ours.region, theirs.account, theirs.region].every(value => !Token.isUnresolved(value));
  return known && ours.account === theirs.account && ours.region === theirs.region;
}

/**
 * The partition of a construct's stack: written out when its Region is known
 * at synth time (from the region-info facts), a deploy-time value otherwise.
 */
export function partitionOf(scope: Construct): string {
  const stack = Stack.of(scope);
  return Token.isUnresolved(stack.region) ? stack.partition : RegionInfo.get(stack.region).partition ?? stack.partition;
}
