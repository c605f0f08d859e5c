// The deprecated Docker Hub path: `new DockerHubImage(...)` and
// `ContainerImage.fromDockerHub(...)` must deploy exactly what
// `ContainerImage.fromInternet(...)` deploys, so that code written against the
// old names keeps working.
//
// The same app built with `useDeprecatedApi: false` uses `fromInternet` for both
// containers; test/checks/docker-hub-image.test.ts asserts the two templates are equal.
// As in integ.web-hosted-image-secret, only the task definition is deployed.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { type AppProps, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ContainerImage, DockerHubImage, RepositoryCreds, type WebHostedImageProps } from 'cdk-ecs-private-registry/aws-ecs';
import { assertRegistryCredentials } from '../private-registry-assertions';
import { integLogGroup, newIntegApp, placeholderRegistryCredentials } from '../util';

export const STACK_NAME = 'aws-ecs-integ-docker-hub-image';

export interface DockerHubImageAppProps extends AppProps {
  /**
   * Build the images with the deprecated API (the integ test) or with its
   * replacement (the reference the integ test is compared with).
   *
   * @default true
   */
  readonly useDeprecatedApi?: boolean;
}

export function buildApp(props: DockerHubImageAppProps = {}) {
  const { useDeprecatedApi = true, ...appProps } = props;
  const app = newIntegApp(appProps);
  const stack = new Stack(app, STACK_NAME);

  const secret = placeholderRegistryCredentials(stack);

  const logGroup = integLogGroup(stack);

  const imageProps: WebHostedImageProps = { credentials: RepositoryCreds.fromSecret(secret) };
  const taskDefinition = new ecs.Ec2TaskDefinition(stack, 'TaskDef');
  taskDefinition.addContainer('viaClass', {
    image: useDeprecatedApi
      ? new DockerHubImage('userx/private-app:2.1', imageProps)
      : ContainerImage.fromInternet('userx/private-app:2.1', imageProps),
    memoryLimitMiB: 128,
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'viaClass' }),
  });
  taskDefinition.addContainer('viaFactory', {
    image: useDeprecatedApi
      ? ContainerImage.fromDockerHub('userx/private-worker:2.1', imageProps)
      : ContainerImage.fromInternet('userx/private-worker:2.1', imageProps),
    memoryLimitMiB: 128,
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'viaFactory' }),
  });

  const integ = new IntegTest(app, 'DockerHubImage', { testCases: [stack] });
  assertRegistryCredentials(integ, { taskDefinition, containerNames: ['viaClass', 'viaFactory'], secret });

  return { app, stack, integ, taskDefinition, secret };
}

if (require.main === module) {
  buildApp().app.synth();
}
