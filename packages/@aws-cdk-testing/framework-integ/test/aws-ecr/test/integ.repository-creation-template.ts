// Pull through cache for production: a Quay rule with its repository creation
// template (lifecycle rules, KMS encryption, resource tags, through the role
// the template creates), an ECR to ECR rule with the role it creates, and a
// Fargate task definition whose container pulls through the Quay rule.
//
// Cost: two rules, a template, a KMS key, three roles and a task definition,
// and no running task: nothing is pulled, so no repository is created. What
// the library is responsible for, the template and the rules as ECR registered
// them, and what each role may do (and may not), is asserted against the
// deployed resources below.
//
// The ECR to ECR rule caches a registry of this account in another Region
// (us-west-2), under a prefix that holds nothing: ECR stores the rule without
// pulling, and a pull would only reach what the role allows.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { type AppProps, Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { PullThroughCacheRule, UpstreamRegistry } from 'cdk-ecs-private-registry/aws-ecr';
import { ContainerImage } from 'cdk-ecs-private-registry/aws-ecs';
import { simulate } from '../../aws-ecs/test/private-registry-assertions';
import { integLogGroup, newIntegApp } from '../../aws-ecs/test/util';

export const STACK_NAME = 'aws-ecr-integ-repository-creation-template';

/** Apart from the prefixes an account may already use, so that the test can run anywhere. */
const QUAY_PREFIX = 'integ-ptc-quay';
const ECR_PREFIX = 'integ-ptc-ecr';
const UPSTREAM_PREFIX = 'integ-ptc-upstream';
const UPSTREAM_REGION = 'us-west-2';
const IMAGE = 'quay.io/prometheus/busybox:latest';

export function buildApp(props: AppProps = {}) {
  const app = newIntegApp(props);
  const stack = new Stack(app, STACK_NAME);

  const key = new kms.Key(stack, 'CacheKey', {
    description: 'Encrypts the repositories of an integration test pull through cache',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.DESTROY,
  });

  const quay = new PullThroughCacheRule(stack, 'QuayCache', {
    upstreamRegistry: UpstreamRegistry.QUAY,
    ecrRepositoryPrefix: QUAY_PREFIX,
  });
  const template = quay.addRepositoryCreationTemplate('Template', {
    description: 'Repositories of the quay.io cache of an integration test',
    encryptionKey: key,
    imageTagMutability: ecr.TagMutability.MUTABLE,
    resourceTags: { purpose: 'integ-pull-through-cache' },
    lifecycleRules: [
      { description: 'untagged after a day', tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(1) },
      { description: 'at most 10 images', maxImageCount: 10 },
    ],
  });

  const central = new PullThroughCacheRule(stack, 'EcrCache', {
    upstreamRegistry: UpstreamRegistry.ecr({ account: Aws.ACCOUNT_ID, region: UPSTREAM_REGION, upstreamRepositoryPrefix: UPSTREAM_PREFIX }),
    ecrRepositoryPrefix: ECR_PREFIX,
  });

  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef', { cpu: 256, memoryLimitMiB: 512 });
  taskDefinition.addContainer('app', {
    image: ContainerImage.fromInternet(IMAGE, { pullThroughCache: quay }),
    logging: ecs.LogDrivers.awsLogs({ logGroup: integLogGroup(stack), streamPrefix: 'app' }),
  });

  const integ = new IntegTest(app, 'RepositoryCreationTemplate', { testCases: [stack] });
  const templateRole = template.role as iam.IRole;
  const centralRole = central.customRole as iam.IRole;

  integ.assertions.awsApiCall('ECR', 'DescribeRepositoryCreationTemplates', {
    prefixes: [QUAY_PREFIX],
  }).expect(ExpectedResult.objectLike({
    repositoryCreationTemplates: [{
      prefix: QUAY_PREFIX,
      appliedFor: ['PULL_THROUGH_CACHE'],
      encryptionConfiguration: { encryptionType: 'KMS', kmsKey: key.keyArn },
      imageTagMutability: 'MUTABLE',
      resourceTags: [{ Key: 'purpose', Value: 'integ-pull-through-cache' }],
      customRoleArn: templateRole.roleArn,
    }],
  }));

  integ.assertions.awsApiCall('ECR', 'DescribePullThroughCacheRules', {
    ecrRepositoryPrefixes: [ECR_PREFIX],
  }).expect(ExpectedResult.objectLike({
    pullThroughCacheRules: [{
      ecrRepositoryPrefix: ECR_PREFIX,
      upstreamRegistry: 'ecr',
      upstreamRegistryUrl: central.upstreamRegistry.url,
      upstreamRepositoryPrefix: UPSTREAM_PREFIX,
      customRoleArn: centralRole.roleArn,
    }],
  }));

  const repository = (region: string, name: string) =>
    `arn:${Aws.PARTITION}:ecr:${region}:${Aws.ACCOUNT_ID}:repository/${name}`;

  // The template's role: create and tag the template's repositories, and use the key; nothing else.
  const cachedRepository = repository(Aws.REGION, quay.repositoryNameForImage(IMAGE));
  simulate(integ, templateRole, 'ecr:CreateRepository', cachedRepository, 'allowed');
  simulate(integ, templateRole, 'ecr:TagResource', cachedRepository, 'allowed');
  simulate(integ, templateRole, 'kms:CreateGrant', key.keyArn, 'allowed');
  simulate(integ, templateRole, 'ecr:CreateRepository', repository(Aws.REGION, `${ECR_PREFIX}/app`), 'implicitDeny');
  simulate(integ, templateRole, 'ecr:ReplicateImage', cachedRepository, 'implicitDeny');

  // The ECR to ECR rule's role: read the upstream repositories under the upstream prefix, write the cache's.
  simulate(integ, centralRole, 'ecr:BatchGetImage', repository(UPSTREAM_REGION, `${UPSTREAM_PREFIX}/app`), 'allowed');
  simulate(integ, centralRole, 'ecr:PutImage', repository(Aws.REGION, `${ECR_PREFIX}/app`), 'allowed');
  simulate(integ, centralRole, 'ecr:GetAuthorizationToken', '*', 'allowed');
  simulate(integ, centralRole, 'ecr:BatchGetImage', repository(UPSTREAM_REGION, 'other/app'), 'implicitDeny');
  simulate(integ, centralRole, 'ecr:PutImage', repository(Aws.REGION, `${QUAY_PREFIX}/app`), 'implicitDeny');

  // The execution role: the pull of its image, with the tagging the template needs; no other repository.
  const executionRole = taskDefinition.executionRole!;
  simulate(integ, executionRole, 'ecr:BatchImportUpstreamImage', cachedRepository, 'allowed');
  simulate(integ, executionRole, 'ecr:TagResource', cachedRepository, 'allowed');
  simulate(integ, executionRole, 'ecr:TagResource', repository(Aws.REGION, `${QUAY_PREFIX}/other`), 'implicitDeny');

  return { app, stack, integ, taskDefinition, template, quay, central, key };
}

if (require.main === module) {
  buildApp().app.synth();
}
