// EC2 task definitions whose image is pulled from a private registry with
// credentials kept in a Secrets Manager secret created by the stack: one
// references the secret itself (ECS is given its complete ARN), the other
// imports it by name with Secret.fromSecretNameV2 (ECS is given the plain name,
// and the execution role reads it through the name's '-??????' grant alone).
//
// Only the task definitions are deployed (no cluster, no instance, nothing
// runs), which is enough for ECS to validate and register the repository
// credentials and for IAM to answer what each execution role may read.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { type AppProps, Aws, Fn, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ContainerImage, RepositoryCreds } from 'cdk-ecs-private-registry/aws-ecs';
import { assertRegistryCredentials, simulate } from '../private-registry-assertions';
import { integLogGroup, newIntegApp, placeholderRegistryCredentials } from '../util';

export const STACK_NAME = 'aws-ecs-integ-web-hosted-image-secret';

export function buildApp(props: AppProps = {}) {
  const app = newIntegApp(props);
  const stack = new Stack(app, STACK_NAME);

  // The name ends in a hyphen and six characters ('-secret'): given as a
  // partial ARN, Secrets Manager would take it for a complete ARN
  // (aws-samples/dify-self-hosted-on-aws#35). The UUID of the stack ID makes it
  // unique to each deployment, so that a secret of an earlier run, still in its
  // recovery window, cannot block this one.
  const secretName = `${Fn.select(2, Fn.split('/', stack.stackId))}-secret`;
  const secret = placeholderRegistryCredentials(stack, undefined, secretName);

  const logGroup = integLogGroup(stack);
  // A task definition whose one container pulls with the given secret.
  const taskDefinitionWith = (id: string, credentials: secretsmanager.ISecret, streamPrefix: string) => {
    const td = new ecs.Ec2TaskDefinition(stack, id);
    td.addContainer('app', {
      image: ContainerImage.fromInternet('docker.io/library/nginx:1.27-alpine', {
        credentials: RepositoryCreds.fromSecret(credentials),
      }),
      memoryLimitMiB: 128,
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix }),
    });
    return td;
  };

  const taskDefinition = taskDefinitionWith('TaskDef', secret, 'app');
  // The same secret, imported by its name.
  const secretByName = secretsmanager.Secret.fromSecretNameV2(stack, 'RegistryCredentialsByName', secretName);
  const taskDefinitionByName = taskDefinitionWith('TaskDefByName', secretByName, 'app-by-name');
  // A name says nothing of the secret it names: deploy the secret first.
  taskDefinitionByName.node.addDependency(secret);

  const integ = new IntegTest(app, 'WebHostedImageSecret', { testCases: [stack] });
  assertRegistryCredentials(integ, { taskDefinition, containerNames: ['app'], secret });
  // The grant names this secret only: another secret of the account stays closed.
  simulate(integ, taskDefinition.executionRole!, 'secretsmanager:GetSecretValue',
    `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:another-secret-AbCdEf`,
    'implicitDeny');

  // By name: ECS registered the plain name, and the '-??????' grant opens the
  // secret at its complete ARN, which the app never knew.
  assertRegistryCredentials(integ, { taskDefinition: taskDefinitionByName, containerNames: ['app'], secret, credentialsParameter: secretName });
  // The wildcard stands for the six characters Secrets Manager adds, no more:
  // a secret whose name only begins with this one stays closed.
  simulate(integ, taskDefinitionByName.executionRole!, 'secretsmanager:GetSecretValue',
    `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:${secretName}-extra-AbCdEf`,
    'implicitDeny');

  return { app, stack, integ, taskDefinition, secret, taskDefinitionByName, secretByName };
}

if (require.main === module) {
  buildApp().app.synth();
}
