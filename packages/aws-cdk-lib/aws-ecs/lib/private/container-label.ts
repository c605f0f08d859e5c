import type { ContainerDefinition } from 'aws-cdk-lib/aws-ecs';
import type { Construct } from 'constructs';

/**
 * How messages name the container an image is bound for: its ECS container
 * name, or the construct path of a consumer that has none. AWS Batch binds
 * images with a stand-in for the container definition that carries no
 * `containerName` (it spreads its own construct), so its containers are named
 * by path.
 */
export function containerLabel(scope: Construct, containerDefinition: ContainerDefinition): string {
  // Typed as always present, but missing in the stand-ins of other consumers.
  const name: string | undefined = containerDefinition.containerName;
  return name ?? scope.node.path;
}
