import { Names, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { ContainerDefinition, ContainerImageConfig } from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { containerLabel } from './container-label';
import { markTokens, MAX_IMAGE_NAME_LENGTH, TOKEN_MARK } from './image-reference';
import { holdsPolicies, warnExecutionRoleNotGranted } from './execution-role-grants';
import { type IPullThroughCacheRule, PullThroughCacheRule } from '../../../aws-ecr';
import { pullThroughCachePermissions } from '../../../aws-ecr/lib/private/pull-through-cache-permissions';
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
      `Expected an image name written out at synth time for ${where}, pulled through the pull through cache rule '${rule.ecrRepositoryPrefix}', ` +
      `got '${imageName}', which holds values known only at deploy time.`, scope);
  }
  if (rule.upstreamRegistry.cachedImagePath(imageName) === undefined) {
    throw new ValidationError(lit`ImageNotServedByPullThroughCache`,
      `Expected an image of ${rule.upstreamRegistry.url}, the registry that pull through cache rule '${rule.ecrRepositoryPrefix}' caches, ` +
      `for ${where}, got '${imageName}'.`, scope);
  }
  // Typed as always present, but a consumer may pass a stand-in without it:
  // AWS Batch's EksContainerDefinition passes itself.
  const taskDefinition: ContainerDefinition['taskDefinition'] | undefined = containerDefinition.taskDefinition;
  if (typeof taskDefinition?.obtainExecutionRole !== 'function') {
    throw new ValidationError(lit`PullThroughCacheNoExecutionRole`,
      `Expected a container of an ECS task definition or of an AWS Batch ECS job, whose task execution role pulls image '${imageName}' ` +
      `through the pull through cache rule '${rule.ecrRepositoryPrefix}', got a consumer without taskDefinition.obtainExecutionRole() ` +
      '(for an EKS container, use rule.imageUri() and rule.grants.pull() for the node role).', scope);
  }
  const executionRole = taskDefinition.obtainExecutionRole();
  rule.grants.pull(executionRole, imageName);
  if (!holdsPolicies(executionRole)) {
    // An immutable role takes no statement. With `addGrantsToResources`, aws-cdk-lib's
    // grants go to the resource's policy instead; the cache's repositories have none
    // to take it: ECR creates them at the first pull, which is what the grant allows.
    warnExecutionRoleNotGranted(scope, where, executionRole,
      `the pull through the pull through cache rule '${rule.ecrRepositoryPrefix}'`,
      pullThroughCachePermissions(rule, imageName).map(permission =>
        new iam.PolicyStatement({ actions: permission.actions, resources: permission.resourceArns })));
  }
  // AWS Batch binds images for a stand-in of the task definition that is no
  // construct: its job definition is not known here, and gets no dependency.
  if (Construct.isConstruct(taskDefinition)) {
    taskDefinition.node.addDependency(rule);
  }
  // ECS takes at most 255 characters before the digest, and the ECR URI is
  // longer than the name: a deploy-time host counts its literal parts only, a
  // lower bound.
  // @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  const imageUri = rule.imageUri(imageName);
  const uriLength = markTokens(imageUri).split('@')[0].split(TOKEN_MARK).join('').length;
  if (uriLength > MAX_IMAGE_NAME_LENGTH) {
    throw new ValidationError(lit`PullThroughCacheImageUriTooLong`,
      `Expected an ECR image URI of at most ${MAX_IMAGE_NAME_LENGTH} characters before any '@digest' for image '${imageName}' of ${where}, ` +
      `got '${imageUri}' through the pull through cache rule '${rule.ecrRepositoryPrefix}', ` +
      `${Token.isUnresolved(imageUri) ? 'at least ' : ''}${uriLength} characters.`, scope);
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
