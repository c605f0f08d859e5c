import { Names, Token } from 'aws-cdk-lib';
import type { ContainerDefinition, ContainerImageConfig } from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { containerLabel } from './container-label';
import { markTokens, MAX_IMAGE_NAME_LENGTH, TOKEN_MARK } from './image-reference';
import { holdsPolicies, statementsOfGrant, warnExecutionRoleNotGranted } from './execution-role-grants';
import { type IPullThroughCacheRule, PullThroughCacheRule } from '../../../aws-ecr';
import { ValidationError } from '../../../core/lib/errors';
import { lit } from '../../../core/lib/private/literal-string';

/**
 * The image config of a container whose image is pulled through an ECR pull
 * through cache rule instead of from its registry.
 *
 * The container gets the image's ECR URI and no repository credentials: ECS
 * pulls from ECR with the task execution role, which is granted the pull and
 * the first pull's import on the image's cache repository only. The task
 * definition depends on the rule, so that no task starts before the rule exists.
 */
export function bindPullThroughCache(
  scope: Construct,
  containerDefinition: ContainerDefinition,
  imageName: string,
  rule: IPullThroughCacheRule,
): ContainerImageConfig {
  const where = `container '${containerLabel(scope, containerDefinition)}'`;
  if (Token.isUnresolved(imageName)) {
    throw new ValidationError(lit`PullThroughCacheImageNameUnresolved`,
      `Image '${imageName}' of ${where} holds values known only at deploy time, and cannot be pulled through the pull through cache rule ` +
      `'${rule.ecrRepositoryPrefix}', which must know the image's registry and path while the app synthesizes. Write the name out.`, scope);
  }
  if (rule.upstreamRegistry.cachedImagePath(imageName) === undefined) {
    throw new ValidationError(lit`ImageNotServedByPullThroughCache`,
      `Image '${imageName}' of ${where} is not in ${rule.upstreamRegistry.url}, the registry that the pull through cache rule ` +
      `'${rule.ecrRepositoryPrefix}' caches (${rule.upstreamRegistry.registryType}). ` +
      'Pull it directly (leave out pullThroughCache), or through a rule for its registry.', scope);
  }
  // Typed as always present, but a consumer may pass a stand-in without it:
  // AWS Batch's EksContainerDefinition passes itself.
  const taskDefinition: ContainerDefinition['taskDefinition'] | undefined = containerDefinition.taskDefinition;
  if (typeof taskDefinition?.obtainExecutionRole !== 'function') {
    throw new ValidationError(lit`PullThroughCacheNoExecutionRole`,
      `${scope.node.path} binds image '${imageName}' through the pull through cache rule '${rule.ecrRepositoryPrefix}', ` +
      'but gives no task execution role to grant the ECR pull to (its container definition has no taskDefinition.obtainExecutionRole()). ' +
      'Pull through the cache in a container of an ECS task definition or an AWS Batch ECS container definition. ' +
      'An AWS Batch EKS container is pulled by the EKS node, with the node role: leave out pullThroughCache, use rule.imageUri() as ' +
      'the image name, and grant the node role with rule.grantPullThroughCache().', scope);
  }
  const executionRole = taskDefinition.obtainExecutionRole();
  rule.grantPullThroughCache(executionRole, imageName);
  if (!holdsPolicies(executionRole)) {
    // An immutable role takes no statement. With `addGrantsToResources`, aws-cdk-lib's
    // grants go to the resource's policy instead; the cache's repositories have none
    // to take it: ECR creates them at the first pull, which is what the grant allows.
    warnExecutionRoleNotGranted(scope, where, executionRole,
      `the pull through the pull through cache rule '${rule.ecrRepositoryPrefix}'`,
      statementsOfGrant(grantee => rule.grantPullThroughCache(grantee, imageName)),
      "The grant cannot go to the cache repository's policy instead (addGrantsToResources): ECR creates that repository at the first pull. ");
  }
  // AWS Batch binds images for a stand-in of the task definition that is no
  // construct: its job definition is not known here, and gets no dependency.
  if (Construct.isConstruct(taskDefinition)) {
    taskDefinition.node.addDependency(rule);
  }
  // ECS takes at most 255 characters before the digest (ContainerDefinition
  // `image`), and the ECR URI is longer than the name: a deploy-time host
  // counts its literal parts only, a lower bound.
  const imageUri = rule.imageUri(imageName);
  const uriLength = markTokens(imageUri).split('@')[0].split(TOKEN_MARK).join('').length;
  if (uriLength > MAX_IMAGE_NAME_LENGTH) {
    throw new ValidationError(lit`PullThroughCacheImageUriTooLong`,
      `Image '${imageName}' of ${where} is pulled through the pull through cache rule '${rule.ecrRepositoryPrefix}' as '${imageUri}', ` +
      `${Token.isUnresolved(imageUri) ? 'at least ' : ''}${uriLength} characters before any '@digest', more than the ${MAX_IMAGE_NAME_LENGTH} ` +
      'that ECS accepts. Pull it directly (leave out pullThroughCache), or use a rule with a shorter ecrRepositoryPrefix.', scope);
  }
  return { imageName: imageUri };
}

/**
 * The name of a secret that a pull through cache rule can read: it starts
 * with `ecr-pullthroughcache/` (the pattern of the rule's `CredentialArn`).
 */
export function pullThroughCacheSecretName(scope: Construct, id: string, secretName: string | undefined): string {
  const prefix = PullThroughCacheRule.SECRET_NAME_PREFIX;
  if (secretName === undefined) {
    // Unique in the app, as the path of the secret-to-be is.
    return `${prefix}${Names.uniqueId(scope)}${id}`;
  }
  return Token.isUnresolved(secretName) || secretName.startsWith(prefix) ? secretName : `${prefix}${secretName}`;
}
