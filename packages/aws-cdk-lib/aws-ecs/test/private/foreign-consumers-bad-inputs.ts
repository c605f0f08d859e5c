// upstream: package-only (the bad inputs of lib/private/foreign-consumers.ts, which upstream does not have)
//
// Rows of bad-inputs.test.ts's BAD_INPUTS (and of the README's table before the
// part that goes upstream), and the consumer that the tests of foreign-consumers share.
import { App, Aspects, Size, Stack } from 'aws-cdk-lib';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, type IConstruct } from 'constructs';
import { ContainerImage, RepositoryCreds } from '../../lib';
import { ENV, SECRET_ARN } from '../util';

/**
 * A consumer of an image that renders only its name, as AWS Batch's container
 * definitions of aws-cdk-lib 2.257.0 do.
 */
export class NameOnlyConsumer extends Construct {
  public readonly imageName: string;

  /**
   * @param containerDefinition what to bind the image for; by default, a stand-in
   *   with an execution role, as AWS Batch passes
   */
  constructor(scope: Construct, id: string, image: ecs.ContainerImage, containerDefinition?: ecs.ContainerDefinition) {
    super(scope, id);
    const role = new ecs.FargateTaskDefinition(this, 'Roles').obtainExecutionRole();
    this.imageName = image.bind(this, containerDefinition ?? { containerName: 'app', taskDefinition: { obtainExecutionRole: () => role } } as any).imageName;
  }
}

/** `userx/test:1` with credentials in the secret SECRET_ARN (imported as `id`). */
export function privateImage(scope: Construct, arn = SECRET_ARN, id = 'RepoSecret') {
  const secret = secretsmanager.Secret.fromSecretCompleteArn(scope, id, arn);
  return ContainerImage.fromInternet('userx/test:1', { credentials: RepositoryCreds.fromSecret(secret) });
}

/** The error of a consumer that would drop the credentials of `userx/test:1`. */
export function droppedError(consumer: string) {
  return "Expected image 'userx/test:1', which has repository credentials, in a consumer that renders them (an ECS task definition's " +
    `container, batch.EcsFargateContainerDefinition or batch.EcsEc2ContainerDefinition), got ${consumer}, which would ` +
    'deploy the image name alone.';
}

/** The error of a job definition that the aspect did not reach. */
export function notRenderedError(containerPath: string) {
  return `Expected the job definition and its container ${containerPath}, whose image has repository credentials, ` +
    'created before synthesis starts, got them created after the aspects of the app ran, too late to render the credentials.';
}

/**
 * Creates a job definition for a container of the stack while the app
 * synthesizes, inside an aspect, with aspect stabilization off: the aspects
 * have already visited the stack's children when it is created.
 *
 * @returns the app, its stack 'Stack' and the container 'Stack/Container'
 */
export function lateJobDefinition(aspectStabilization = false) {
  const app = new App({ context: { '@aws-cdk/core:aspectStabilization': aspectStabilization } });
  const stack = new Stack(app, 'Stack', { env: ENV });
  const container = new batch.EcsFargateContainerDefinition(stack, 'Container', {
    image: privateImage(stack), cpu: 0.25, memory: Size.mebibytes(512),
  });
  Aspects.of(app).add({
    visit(node: IConstruct) {
      if (node.node.id === 'Trigger' && !stack.node.tryFindChild('LateJobDef')) {
        new batch.EcsJobDefinition(stack, 'LateJobDef', { container });
      }
    },
  });
  new Construct(stack, 'Trigger');
  return { app, stack, container };
}

/**
 * A subclass of an AWS Batch ECS container definition that renders its
 * image's repository credentials itself, as aws/aws-cdk#37017 would make
 * aws-cdk-lib's `_renderContainerDefinition()` do: `repositoryCredentials:
 * { credentialsParameter }` from what the image's `bind()` returned, or from
 * `credentialsParameter` when given (a value that disagrees with the image's).
 */
export function rendersCredentialsItself<T extends new (...args: any[]) => Construct>(
  Base: T, credentialsParameter?: string) {
  return class extends Base {
    public _renderContainerDefinition(): batch.CfnJobDefinition.ContainerPropertiesProperty {
      const rendered = (Base.prototype as any)._renderContainerDefinition.call(this);
      const parameter = credentialsParameter ?? (this as any).imageConfig?.repositoryCredentials?.credentialsParameter;
      return parameter ? { ...rendered, repositoryCredentials: { credentialsParameter: parameter } } : rendered;
    }
  };
}

/** The error of a Batch container that renders other credentials than its image's. */
export function conflictError(containerPath: string, rendered: string) {
  return `Expected container ${containerPath} to render the repositoryCredentials its image's bind() returned ('${SECRET_ARN}'), ` +
    `got '${rendered}' rendered by aws-cdk-lib itself.`;
}

/** A secret that a Batch container renders in place of its image's. */
export const OTHER_RENDERED_ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:registry/other-MnOpQr';

/** The bad inputs of this package only, in the order of the README's table. */
export const FOREIGN_CONSUMER_BAD_INPUTS = [
  {
    input: 'A construct that binds an image with credentials and renders only its name',
    sees: "Error: Expected image '…', which has repository credentials, in a consumer that renders them … got …, which would deploy the image name alone",
    act: (stack: Stack) => new NameOnlyConsumer(stack, 'Consumer', privateImage(stack)),
    errorPath: 'Stack/Consumer',
    name: 'RepositoryCredentialsDropped',
    error: droppedError('NameOnlyConsumer'),
  },
  {
    input: 'AWS Batch `EksContainerDefinition` with an image with credentials',
    sees: "Error: Expected image '…', which has repository credentials, in a consumer that renders them … got aws-cdk-lib.aws_batch.EksContainerDefinition",
    act: (stack: Stack) => new batch.EksContainerDefinition(stack, 'EksContainer', { image: privateImage(stack) }),
    errorPath: 'Stack/EksContainer',
    name: 'RepositoryCredentialsDropped',
    error: droppedError('aws-cdk-lib.aws_batch.EksContainerDefinition'),
  },
  {
    input: 'AWS Batch job definition created inside an aspect, for a container with credentials',
    sees: 'Error: Expected the job definition and its container …, whose image has repository credentials, created before synthesis starts',
    // The stack it is given is left alone: the context must be set before the app has children.
    act: (_stack: Stack) => lateJobDefinition().app.synth(),
    errorPath: 'Stack/LateJobDef',
    name: 'BatchRepositoryCredentialsNotRendered',
    error: notRenderedError('Stack/Container'),
  },
  {
    input: 'AWS Batch container that renders other repository credentials itself than its image\'s',
    sees: "Error: Expected container … to render the repositoryCredentials its image's bind() returned ('…'), got '…' rendered by aws-cdk-lib itself",
    act: (stack: Stack) => {
      const Container = rendersCredentialsItself(batch.EcsFargateContainerDefinition, OTHER_RENDERED_ARN);
      new batch.EcsJobDefinition(stack, 'JobDef', {
        container: new Container(stack, 'Container', { image: privateImage(stack), cpu: 0.25, memory: Size.mebibytes(512) }),
      });
      // The aspect compares the two while the app synthesizes.
      (stack.node.root as App).synth();
    },
    errorPath: 'Stack/JobDef',
    name: 'BatchRepositoryCredentialsConflict',
    error: conflictError('Stack/Container', OTHER_RENDERED_ARN),
  },
];
