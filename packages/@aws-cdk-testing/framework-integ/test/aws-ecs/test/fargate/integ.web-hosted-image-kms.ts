// A Fargate service in its own cluster and VPC whose two containers pull from a
// private registry with the same credentials, kept in a secret encrypted with a
// customer managed KMS key.
//
// Cost: the VPC has one AZ, a public subnet and no NAT gateway; the service runs
// no task (desiredCount 0). A task could not start anyway: the secret holds a
// generated placeholder, which the registry rejects, so the pull would fail (the
// circuit breaker below would then fail the deployment; without one,
// CloudFormation waits up to three hours for the service to stabilize). What the
// library is responsible for, the credentials ECS registered and what the
// execution role may read, is asserted against the deployed resources below.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { type AppProps, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ContainerImage, RepositoryCreds } from 'cdk-ecs-private-registry/aws-ecs';
import { assertRegistryCredentials } from '../private-registry-assertions';
import { integLogGroup, newIntegApp, placeholderRegistryCredentials } from '../util';

export const STACK_NAME = 'aws-ecs-integ-web-hosted-image-kms';

export function buildApp(props: AppProps = {}) {
  const app = newIntegApp(props);
  const stack = new Stack(app, STACK_NAME);

  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 1,
    natGateways: 0,
    subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }],
    // Would add a Lambda-backed custom resource to the test, for a VPC that carries no traffic.
    restrictDefaultSecurityGroup: false,
  });

  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });

  const key = new kms.Key(stack, 'RegistryCredentialsKey', {
    description: 'Encrypts the placeholder registry credentials of an integration test',
    enableKeyRotation: true,
    pendingWindow: Duration.days(7),
    removalPolicy: RemovalPolicy.DESTROY,
  });

  // The value is generated at deploy time, in the shape ECS reads:
  // {"username": "integ-placeholder", "password": "<random>"}.
  const secret = placeholderRegistryCredentials(stack, key);

  const logGroup = integLogGroup(stack);

  // Both containers share one secret (and one grant).
  const credentials = RepositoryCreds.fromSecret(secret);
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef', { cpu: 256, memoryLimitMiB: 512 });
  taskDefinition.addContainer('app', {
    image: ContainerImage.fromInternet('docker.io/library/nginx:1.27-alpine', { credentials }),
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'app' }),
    portMappings: [{ containerPort: 80 }],
  });
  taskDefinition.addContainer('sidecar', {
    image: ContainerImage.fromInternet('docker.io/library/busybox:1.37', { credentials }),
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'sidecar' }),
    command: ['sh', '-c', 'while true; do sleep 3600; done'],
    essential: false,
  });

  new ecs.FargateService(stack, 'Service', {
    cluster,
    taskDefinition,
    desiredCount: 0,
    assignPublicIp: true,
    vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    minHealthyPercent: 100,
    maxHealthyPercent: 200,
    // Should someone raise desiredCount, a failing pull ends the deployment instead of hanging it.
    circuitBreaker: { rollback: true },
  });

  const integ = new IntegTest(app, 'WebHostedImageKms', { testCases: [stack] });
  assertRegistryCredentials(integ, { taskDefinition, containerNames: ['app', 'sidecar'], secret, key });

  return { app, stack, integ, taskDefinition, secret, key };
}

if (require.main === module) {
  buildApp().app.synth();
}
