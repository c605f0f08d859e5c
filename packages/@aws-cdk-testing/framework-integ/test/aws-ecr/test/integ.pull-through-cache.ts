// An ECR pull through cache rule for Docker Hub, with its credentials in a
// secret that serves both a direct pull and the cache, and a Fargate task
// definition whose container pulls nginx through the rule.
//
// Cost: a rule, a secret, a task definition, and no running task: nothing is
// pulled. A task could not pull anyway: the secret holds a generated
// placeholder, which Docker Hub rejects. What the library is responsible for,
// the rule as ECR registered it, the image ECS registered, and what the
// execution role may do in ECR (and may not), is asserted against the deployed
// resources below.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { type AppProps, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { PullThroughCacheRule, UpstreamRegistry } from 'cdk-ecs-private-registry/aws-ecr';
import { ContainerImage, RegistryCredentialsSecret, RepositoryCreds } from 'cdk-ecs-private-registry/aws-ecs';
import { simulate } from '../../aws-ecs/test/private-registry-assertions';
import { integLogGroup, newIntegApp } from '../../aws-ecs/test/util';

export const STACK_NAME = 'aws-ecr-integ-pull-through-cache';

/** Apart from the prefixes an account may already use (`docker-hub`), so that the test can run anywhere. */
const PREFIX = 'integ-ptc-docker-hub';
const IMAGE = 'nginx:1.27-alpine';

export function buildApp(props: AppProps = {}) {
  const app = newIntegApp(props);
  const stack = new Stack(app, STACK_NAME);

  // {"username": "integ-placeholder", "password": "<generated at deploy time>"},
  // named ecr-pullthroughcache/...
  const secret = new RegistryCredentialsSecret(stack, 'DockerHubCredentials', {
    username: 'integ-placeholder',
    description: 'Placeholder Docker Hub credentials of an integration test',
    forPullThroughCache: true,
    removalPolicy: RemovalPolicy.DESTROY,
  });

  const rule = new PullThroughCacheRule(stack, 'DockerHubCache', {
    upstreamRegistry: UpstreamRegistry.DOCKER_HUB,
    ecrRepositoryPrefix: PREFIX,
    credentials: secret,
  });

  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef', { cpu: 256, memoryLimitMiB: 512 });
  taskDefinition.addContainer('app', {
    // The one switch: without pullThroughCache, the same container pulls from Docker Hub with the credentials.
    image: ContainerImage.fromInternet(IMAGE, { credentials: RepositoryCreds.fromSecret(secret), pullThroughCache: rule }),
    logging: ecs.LogDrivers.awsLogs({ logGroup: integLogGroup(stack), streamPrefix: 'app' }),
    portMappings: [{ containerPort: 80 }],
  });

  const integ = new IntegTest(app, 'PullThroughCache', { testCases: [stack] });

  integ.assertions.awsApiCall('ECR', 'DescribePullThroughCacheRules', {
    ecrRepositoryPrefixes: [PREFIX],
  }).expect(ExpectedResult.objectLike({
    pullThroughCacheRules: [{
      ecrRepositoryPrefix: PREFIX,
      upstreamRegistry: 'docker-hub',
      upstreamRegistryUrl: 'registry-1.docker.io',
      credentialArn: secret.secretArn,
    }],
  }));

  integ.assertions.awsApiCall('ECS', 'DescribeTaskDefinition', {
    taskDefinition: taskDefinition.taskDefinitionArn,
  }).expect(ExpectedResult.objectLike({
    taskDefinition: { containerDefinitions: [{ name: 'app', image: rule.imageUri(IMAGE) }] },
  }));

  const executionRole = taskDefinition.executionRole!;
  const repositoryArn = stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: rule.repositoryNameForImage(IMAGE) });
  const otherRepositoryArn = stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: `${PREFIX}/library/busybox` });
  for (const action of ['ecr:BatchGetImage', 'ecr:BatchImportUpstreamImage', 'ecr:CreateRepository']) {
    simulate(integ, executionRole, action, repositoryArn, 'allowed');
  }
  simulate(integ, executionRole, 'ecr:GetAuthorizationToken', '*', 'allowed');
  // Only the image's own repository, only the execution role, and no secret: the cache holds the credentials.
  simulate(integ, executionRole, 'ecr:BatchImportUpstreamImage', otherRepositoryArn, 'implicitDeny');
  simulate(integ, taskDefinition.taskRole, 'ecr:BatchGetImage', repositoryArn, 'implicitDeny');
  simulate(integ, executionRole, 'secretsmanager:GetSecretValue', secret.secretArn, 'implicitDeny');

  return { app, stack, integ, taskDefinition, secret, rule };
}

if (require.main === module) {
  buildApp().app.synth();
}
