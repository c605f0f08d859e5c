// An EC2 task definition whose image is pulled from a private registry with
// credentials kept in a Secrets Manager secret created by the stack.
//
// Only the task definition is deployed (no cluster, no instance, nothing runs),
// which is enough for ECS to validate and register the repository credentials
// and for IAM to answer what the execution role may read.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { type AppProps, Aws, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ContainerImage, RepositoryCreds } from 'cdk-ecs-private-registry/aws-ecs';
import { assertRegistryCredentials, simulate } from '../private-registry-assertions';
import { newIntegApp } from '../util';

export const STACK_NAME = 'aws-ecs-integ-web-hosted-image-secret';

export function buildApp(props: AppProps = {}) {
  const app = newIntegApp(props);
  const stack = new Stack(app, STACK_NAME);

  // The value is generated at deploy time: {"username": "integ-placeholder", "password": "<random>"}.
  // No password is ever written into the template, the snapshot or this file.
  const secret = new secretsmanager.Secret(stack, 'RegistryCredentials', {
    description: 'Placeholder credentials of a private registry, for an integration test',
    generateSecretString: {
      secretStringTemplate: JSON.stringify({ username: 'integ-placeholder' }),
      generateStringKey: 'password',
      excludePunctuation: true,
    },
    removalPolicy: RemovalPolicy.DESTROY,
  });
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason: 'The secret holds placeholder registry credentials for the lifetime of the test; rotating them would need a registry-specific rotation Lambda',
  });

  const logGroup = new logs.LogGroup(stack, 'Logs', {
    retention: logs.RetentionDays.ONE_DAY,
    removalPolicy: RemovalPolicy.DESTROY,
  });

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
