// AWS Batch job definitions whose containers pull from a private registry with
// credentials kept in a Secrets Manager secret created by the stack: a Fargate
// job definition, and a multi-node job definition (EC2) whose first node range
// uses the credentials and whose second runs a public image.
//
// Only the job definitions are deployed (no compute environment, no queue,
// no job), which is enough for AWS Batch to register the repository credentials
// and for IAM to answer what each execution role may read.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { type AppProps, Aws, Size, Stack } from 'aws-cdk-lib';
import * as batch from 'aws-cdk-lib/aws-batch';
import { ContainerImage, RepositoryCreds } from 'cdk-ecs-private-registry/aws-ecs';
import { simulate } from '../../aws-ecs/test/private-registry-assertions';
import { newIntegApp, placeholderRegistryCredentials } from '../../aws-ecs/test/util';

export const STACK_NAME = 'batch-integ-job-definition-private-registry';

export function buildApp(props: AppProps = {}) {
  const app = newIntegApp(props);
  const stack = new Stack(app, STACK_NAME);

  // {"username": "integ-placeholder", "password": <generated at deploy time>}
  const secret = placeholderRegistryCredentials(stack);
  const credentials = RepositoryCreds.fromSecret(secret);

  const fargateContainer = new batch.EcsFargateContainerDefinition(stack, 'FargateContainer', {
    image: ContainerImage.fromInternet('docker.io/library/busybox:1.37', { credentials }),
    command: ['echo', 'pulled with registry credentials'],
    cpu: 0.25,
    memory: Size.mebibytes(512),
  });
  const fargateJob = new batch.EcsJobDefinition(stack, 'FargateJob', { container: fargateContainer });

  const privateNode = new batch.EcsEc2ContainerDefinition(stack, 'PrivateNode', {
    image: ContainerImage.fromInternet('docker.io/library/busybox:1.37', { credentials }),
    cpu: 1,
    memory: Size.mebibytes(512),
  });
  const publicNode = new batch.EcsEc2ContainerDefinition(stack, 'PublicNode', {
    image: ContainerImage.fromInternet('public.ecr.aws/docker/library/busybox:1.37'),
    cpu: 1,
    memory: Size.mebibytes(512),
  });
  const multiNodeJob = new batch.MultiNodeJobDefinition(stack, 'MultiNodeJob', {
    containers: [
      { container: privateNode, startNode: 0, endNode: 0 },
      { container: publicNode, startNode: 1, endNode: 1 },
    ],
  });

  const integ = new IntegTest(app, 'JobDefinitionPrivateRegistry', { testCases: [stack] });

  // One call per job definition: the whole response comes back through a custom
  // resource, whose response CloudFormation caps at 4 KB.
  integ.assertions.awsApiCall('Batch', 'describeJobDefinitions', {
    jobDefinitions: [fargateJob.jobDefinitionArn],
  }).expect(ExpectedResult.objectLike({
    jobDefinitions: [{
      jobDefinitionArn: fargateJob.jobDefinitionArn,
      platformCapabilities: ['FARGATE'],
      containerProperties: {
        executionRoleArn: fargateContainer.executionRole.roleArn,
        repositoryCredentials: { credentialsParameter: secret.secretArn },
      },
    }],
  }));
  integ.assertions.awsApiCall('Batch', 'describeJobDefinitions', {
    jobDefinitions: [multiNodeJob.jobDefinitionArn],
  }).expect(ExpectedResult.objectLike({
    jobDefinitions: [{
      jobDefinitionArn: multiNodeJob.jobDefinitionArn,
      nodeProperties: {
        nodeRangeProperties: [
          { targetNodes: '0:0', container: { repositoryCredentials: { credentialsParameter: secret.secretArn } } },
          { targetNodes: '1:1', container: { image: 'public.ecr.aws/docker/library/busybox:1.37' } },
        ],
      },
    }],
  }));

  // The execution roles that pull with the credentials may read the secret, and
  // that secret only; the role of the public image may not.
  simulate(integ, fargateContainer.executionRole, 'secretsmanager:GetSecretValue', secret.secretArn, 'allowed');
  simulate(integ, privateNode.executionRole, 'secretsmanager:GetSecretValue', secret.secretArn, 'allowed');
  simulate(integ, publicNode.executionRole, 'secretsmanager:GetSecretValue', secret.secretArn, 'implicitDeny');
  simulate(integ, fargateContainer.executionRole, 'secretsmanager:GetSecretValue',
    `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:another-secret-AbCdEf`,
    'implicitDeny');

  return { app, stack, integ, secret, fargateContainer, privateNode, publicNode, jobDefinitions: [fargateJob, multiNodeJob] };
}

if (require.main === module) {
  buildApp().app.synth();
}
