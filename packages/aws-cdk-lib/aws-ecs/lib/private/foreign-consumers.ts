// upstream: package-only (aws-cdk-lib 2.257.0's aws-batch renders no repositoryCredentials; upstream renders them in aws-batch itself)
//
// An `ecs.ContainerImage` is bound by more than `ecs.ContainerDefinition`:
// aws-cdk-lib's AWS Batch container definitions bind it too, and so can any
// construct of another library. `ecs.ContainerDefinition` renders what `bind()`
// returned, `RepositoryCredentials` included. AWS Batch's ECS container
// definitions (`EcsFargateContainerDefinition`, `EcsEc2ContainerDefinition`)
// render only the image name: the execution role is granted the secret, yet
// the job definition names no credentials and every job fails to pull.
//
// This file makes up for that in the published aws-cdk-lib, with its public API
// only:
//
// - a Batch ECS container definition records what the image's `bind()` returned;
//   one aspect per stage adds it to the `AWS::Batch::JobDefinition` of every job
//   definition that runs the container (`ContainerProperties.RepositoryCredentials`,
//   and `NodeProperties.NodeRangeProperties[i].Container.RepositoryCredentials`
//   for multi-node jobs), unless aws-cdk-lib's container renders them itself
//   (failing synthesis when what it renders differs), and a validation fails
//   synthesis for a job definition that the aspect did not reach;
// - any other consumer that binds an image with credentials fails synthesis,
//   instead of deploying a task or job that cannot pull.
//
// Jobs on EC2 and Fargate read the secret named in the container's
// `repositoryCredentials.credentialsParameter`, with the execution role granted
// `secretsmanager:GetSecretValue` (and `kms:Decrypt` on a customer managed key),
// which is what the ECS grant gives; `RepositoryCredentials` is a property of
// `ContainerProperties`, which is also the type of a node range's `Container`.
//
// @see https://docs.aws.amazon.com/batch/latest/userguide/private-registry.html
// @see https://docs.aws.amazon.com/batch/latest/userguide/private-auth-iam.html
// @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-batch-jobdefinition-repositorycredentials.html
// @see https://github.com/aws/aws-cdk/issues/37003
import { AspectPriority, Aspects, CfnResource, type IAspect, Stack, Stage } from 'aws-cdk-lib';
import type * as batch from 'aws-cdk-lib/aws-batch';
import type { CfnTaskDefinition, ContainerDefinition } from 'aws-cdk-lib/aws-ecs';
import type { Construct, IConstruct } from 'constructs';
import { ValidationError } from '../../../core/lib/errors';
import { lit } from '../../../core/lib/private/literal-string';

/** A Batch ECS container definition with credentials, and what its image's `bind()` returned. */
const BATCH_CREDENTIALS = new WeakMap<IConstruct, CfnTaskDefinition.RepositoryCredentialsProperty>();

/** The containers whose credentials the aspect rendered, per job definition. */
const RENDERED = new WeakMap<IConstruct, Set<IConstruct>>();

/** The stages that already have the aspect and the validation. */
const WATCHED = new WeakSet<IConstruct>();

/**
 * Fail for a consumer that would drop the image's credentials.
 *
 * Called by the image's `bind()` before the credentials are bound: a consumer
 * that is no container definition at all (such as AWS Batch's
 * `EksContainerDefinition`, which passes itself) would otherwise fail inside the
 * grant with a TypeError that says nothing of the cause.
 *
 * @param scope the construct that binds the image (the consumer)
 * @param containerDefinition what the consumer passed as its container definition
 * @param imageName the image's name, for the message
 */
export function assertConsumerRendersCredentials(scope: Construct, containerDefinition: ContainerDefinition, imageName: string): void {
  // aws-cdk-lib's ContainerDefinition binds its image with itself as scope and
  // renders `imageConfig.repositoryCredentials`; task definitions of every
  // kind, and the services of ecs-patterns, create their containers through it.
  if (containerDefinition === scope && isA(containerDefinition, 'aws-cdk-lib.aws_ecs.ContainerDefinition')) {
    return;
  }
  if (isBatchEcsContainer(scope)) {
    return;
  }
  throw new ValidationError(lit`RepositoryCredentialsDropped`,
    `Expected image '${imageName}', which has repository credentials, in a consumer that renders them (an ECS task definition's ` +
    `container, batch.EcsFargateContainerDefinition or batch.EcsEc2ContainerDefinition), got ${consumerName(scope)}, which would ` +
    'deploy the image name alone.',
    scope);
}

/**
 * Record what the image's `bind()` returned for an AWS Batch ECS container
 * definition, so that the job definitions that run the container render it.
 *
 * @param scope the construct that bound the image
 * @param repositoryCredentials the `RepositoryCredentials` the image's `bind()` returns
 */
export function renderInBatchJobDefinitions(
  scope: Construct,
  repositoryCredentials: CfnTaskDefinition.RepositoryCredentialsProperty | undefined,
): void {
  // Batch requires CredentialsParameter where ECS's type has it optional: nothing to render without it.
  if (!repositoryCredentials?.credentialsParameter || !isBatchEcsContainer(scope)) {
    return;
  }
  BATCH_CREDENTIALS.set(scope, repositoryCredentials);

  const stage = Stage.of(scope) ?? scope.node.root;
  if (WATCHED.has(stage)) {
    return;
  }
  WATCHED.add(stage);
  // Runs before the aspects of default priority, such as checks that read the job definitions.
  Aspects.of(stage).add(new RenderBatchRepositoryCredentials(), { priority: AspectPriority.MUTATING });
  stage.node.addValidation({ validate: () => assertBatchCredentialsRendered(stage) });
}

/**
 * The class of a consumer: the jsii name of a jsii library's class (the build
 * of aws-cdk-lib renames its classes `EksContainerDefinition2` and the like),
 * else the class's own name.
 */
function consumerName(scope: IConstruct): string {
  const name = scope.constructor.name;
  const fqn: unknown = (scope.constructor as any)[Symbol.for('jsii.rtti')]?.fqn;
  return typeof fqn === 'string' && name.replace(/\d+$/, '') === fqn.split('.').pop() ? fqn : name;
}

function isBatchEcsContainer(scope: IConstruct): boolean {
  return isA(scope, 'aws-cdk-lib.aws_batch.EcsFargateContainerDefinition') || isA(scope, 'aws-cdk-lib.aws_batch.EcsEc2ContainerDefinition');
}

const JSII_RTTI = Symbol.for('jsii.rtti');

/**
 * Whether `x` is an instance of the jsii class `fqn` or of a subclass, told by
 * the name jsii gives every class: it holds when the app and this package load
 * two copies of aws-cdk-lib, where `instanceof` would not, and loads no module.
 */
function isA(x: object, fqn: string): boolean {
  for (let proto = Object.getPrototypeOf(x); proto; proto = Object.getPrototypeOf(proto)) {
    if (Object.getOwnPropertyDescriptor(proto.constructor, JSII_RTTI)?.value?.fqn === fqn) {
      return true;
    }
  }
  return false;
}

/** Adds the recorded credentials to the job definitions that run the containers. */
class RenderBatchRepositoryCredentials implements IAspect {
  public visit(node: IConstruct): void {
    for (const { container, path } of batchContainers(node)) {
      const credentials = BATCH_CREDENTIALS.get(container);
      const resource = node.node.defaultChild;
      if (!credentials || !CfnResource.isCfnResource(resource) || resource.cfnResourceType !== 'AWS::Batch::JobDefinition') {
        continue;
      }
      const native = nativeRepositoryCredentials(container);
      if (native === undefined) {
        resource.addPropertyOverride(`${path}.RepositoryCredentials`, { CredentialsParameter: credentials.credentialsParameter });
      } else if (!sameValue(node, native.credentialsParameter, credentials.credentialsParameter)) {
        throw new ValidationError(lit`BatchRepositoryCredentialsConflict`,
          `Expected container ${container.node.path} to render the repositoryCredentials its image's bind() returned ('${String(credentials.credentialsParameter)}'), ` +
          `got '${String(native.credentialsParameter)}' rendered by aws-cdk-lib itself.`,
          node);
      }
      let rendered = RENDERED.get(node);
      if (!rendered) {
        rendered = new Set();
        RENDERED.set(node, rendered);
      }
      rendered.add(container);
    }
  }
}

/**
 * The `repositoryCredentials` that aws-cdk-lib's Batch container renders
 * itself, or undefined where it renders none (2.257.0 renders none;
 * aws/aws-cdk#37017 would render the image's). When it renders them, the
 * aspect adds nothing, so the template never holds two values that could
 * disagree, and the execution role keeps the one grant of the image's `bind()`.
 *
 * `_renderContainerDefinition()` is what `EcsJobDefinition` and
 * `MultiNodeJobDefinition` call to render a container; a `MultiNodeJobDefinition`
 * calls it again each time its node ranges are resolved, so calling it here
 * changes nothing.
 */
function nativeRepositoryCredentials(container: IConstruct): { credentialsParameter?: unknown } | undefined {
  const render: unknown = (container as any)._renderContainerDefinition;
  if (typeof render !== 'function') {
    return undefined;
  }
  return render.call(container).repositoryCredentials;
}

/** Whether two values render the same in the template of `scope`'s stack. */
function sameValue(scope: IConstruct, a: unknown, b: unknown): boolean {
  const stack = Stack.of(scope);
  return JSON.stringify(stack.resolve(a)) === JSON.stringify(stack.resolve(b));
}

/**
 * The ECS containers a job definition runs, with the path of each one's
 * properties in its `AWS::Batch::JobDefinition`.
 */
function batchContainers(node: IConstruct): Array<{ container: IConstruct; path: string }> {
  if (isA(node, 'aws-cdk-lib.aws_batch.EcsJobDefinition')) {
    return [{ container: (node as batch.EcsJobDefinition).container, path: 'ContainerProperties' }];
  }
  if (isA(node, 'aws-cdk-lib.aws_batch.MultiNodeJobDefinition')) {
    return (node as batch.MultiNodeJobDefinition).containers
      .map((range, i) => ({ container: range.container, path: `NodeProperties.NodeRangeProperties.${i}.Container` }));
  }
  return [];
}

/**
 * Fail for a job definition that runs a container with credentials where the
 * aspect did not add them: one created after the aspects ran (by another
 * aspect, for example), or a container added to it then.
 *
 * It throws rather than returning messages, so that the error is a
 * ValidationError with the job definition's path, as the other errors of
 * this module are.
 */
function assertBatchCredentialsRendered(stage: IConstruct): string[] {
  for (const node of stage.node.findAll()) {
    for (const { container } of batchContainers(node)) {
      if (BATCH_CREDENTIALS.has(container) && !RENDERED.get(node)?.has(container)) {
        throw new ValidationError(lit`BatchRepositoryCredentialsNotRendered`,
          `Expected the job definition and its container ${container.node.path}, whose image has repository credentials, ` +
          'created before synthesis starts, got them created after the aspects of the app ran, too late to render the credentials.',
          node);
      }
    }
  }
  return [];
}
