// An EC2 task definition whose image is pulled from a private registry with
// credentials kept in a Secrets Manager secret created by the stack.
//
// Only the task definition is deployed (no cluster, no instance, nothing runs),
// which is enough for ECS to validate and register the repository credentials
// and for IAM to answer what the execution role may read.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { type AppProps, Aws, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ContainerImage, RepositoryCreds } from 'cdk-ecs-private-registry/aws-ecs';
import { assertRegistryCredentials, simulate } from '../private-registry-assertions';
import { integLogGroup, newIntegApp, placeholderRegistryCredentials } from '../util';

export const STACK_NAME = 'aws-ecs-integ-web-hosted-image-secret';

export function buildApp(props: AppProps = {}) {
  const app = newIntegApp(props);
  const stack = new Stack(app, STACK_NAME);

  const secret = placeholderRegistryCredentials(stack);

  const logGroup = integLogGroup(stack);

  const taskDefinition = new ecs.Ec2TaskDefinition(stack, 'TaskDef');
  taskDefinition.addContainer('app', {
    image: ContainerImage.fromInternet('docker.io/library/nginx:1.27-alpine', {
      credentials: RepositoryCreds.fromSecret(secret),
    }),
    memoryLimitMiB: 128,
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'app' }),
  });

  const integ = new IntegTest(app, 'WebHostedImageSecret', { testCases: [stack] });
  assertRegistryCredentials(integ, { taskDefinition, containerNames: ['app'], secret });
  // The grant names this secret only: another secret of the account stays closed.
  simulate(integ, taskDefinition.executionRole!, 'secretsmanager:GetSecretValue',
    `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:another-secret-AbCdEf`,
    'implicitDeny');

  return { app, stack, integ, taskDefinition, secret };
}

if (require.main === module) {
  buildApp().app.synth();
}
