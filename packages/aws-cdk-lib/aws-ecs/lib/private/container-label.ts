import type { ContainerDefinition } from 'aws-cdk-lib/aws-ecs';
import type { Construct } from 'constructs';

/**
 * How messages name the container an image is bound for: by the construct
 * path of the container definition (`Stack/TaskDef/app`), which ends with its
 * id, the default ECS container name, and with the ECS container name after
 * it when that is another (`Stack/TaskDef/web (ECS container name api)`). The path is in the message itself: a user of
 * another language reads the message, and the stack trace that names the
 * construct is JavaScript's (in Python, a chained exception). AWS Batch binds
 * images with a stand-in for the container definition that carries no
 * `containerName` (it spreads its own construct): its containers are named by
 * path alone.
 */
export function containerLabel(scope: Construct, containerDefinition: ContainerDefinition): string {
  // Typed as always present, but missing in the stand-ins of other consumers.
  const name: string | undefined = containerDefinition.containerName;
  const path = scope.node.path;
  return name === undefined || path.endsWith(`/${name}`) ? path : `${path} (ECS container name ${name})`;
}
