import { Duration, Size, Stack, type StackProps } from 'aws-cdk-lib';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { PullThroughCacheRule, UpstreamRegistry } from 'cdk-ecs-private-registry/aws-ecr';
import { ContainerImage, RepositoryCreds } from 'cdk-ecs-private-registry/aws-ecs';
import type { Construct } from 'constructs';

export interface PrivateRegistryStackProps extends StackProps {
  /** The private image to run. */
  readonly imageName: string;
  /** The complete ARN of the secret holding `{"username": ..., "password": ...}`. */
  readonly credentialsSecretArn: string;
}

/**
 * Every way of the package to pull a private image, in one stack:
 *
 * - a Fargate task definition whose container signs in with a secret given by
 *   its complete ARN (`TaskDef`, container `app`), and a second container of it
 *   pulled through an Amazon ECR pull through cache of Quay (`worker`), whose
 *   repository creation template expires cached images (`QuayCache`);
 * - an ecs-patterns load-balanced Fargate service whose image signs in with a
 *   secret given by name (`Web`);
 * - an AWS Batch job definition whose container signs in with a secret of
 *   another account, with its customer managed KMS key (`NightlyReport`).
 *
 * The same app is written in Python, Java and Go beside this one (`python/`,
 * `java/`, `go/`), and synthesizes the same template.
 */
export class PrivateRegistryStack extends Stack {
  constructor(scope: Construct, id: string, props: PrivateRegistryStackProps) {
    super(scope, id, props);

    // 1. Credentials by complete ARN, on a task definition of its own.
    const credentials = secretsmanager.Secret.fromSecretCompleteArn(this, 'RegistryCredentials', props.credentialsSecretArn);
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDef', { cpu: 256, memoryLimitMiB: 512 });
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_WEEK });

    taskDefinition.addContainer('app', {
      image: ContainerImage.fromInternet(props.imageName, { credentials: RepositoryCreds.fromSecret(credentials) }),
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app', logGroup }),
      portMappings: [{ containerPort: 8080 }],
    });

    // 2. The pull through cache: Quay needs no credentials; the image keeps its
    // Quay name and is pulled from its copy in ECR.
    const quay = new PullThroughCacheRule(this, 'QuayCache', { upstreamRegistry: UpstreamRegistry.QUAY });
    // The repositories that ECR creates on the first pull would keep every
    // image, and bill it, forever: the rule's creation template expires them.
    quay.addRepositoryCreationTemplate('CachedRepositories', {
      description: 'Repositories of the quay.io cache',
      lifecycleRules: [
        { description: 'untagged images after a week', tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(7) },
        { description: 'at most 20 images', maxImageCount: 20 },
      ],
    });
    taskDefinition.addContainer('worker', {
      image: ContainerImage.fromInternet('quay.io/acme/worker:3.2', { pullThroughCache: quay }),
      essential: false,
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'worker', logGroup }),
    });

    // 3. Credentials by name, in an ecs-patterns service: ECS looks the name up
    // in the task's own account and Region.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      availabilityZones: [`${this.region}a`, `${this.region}b`],
      natGateways: 1,
      flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } },
    });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const byName = secretsmanager.Secret.fromSecretNameV2(this, 'WebCredentials', 'registry-ghcr');
    new ecsPatterns.ApplicationLoadBalancedFargateService(this, 'Web', {
      cluster,
      publicLoadBalancer: false,
      openListener: false,
      taskImageOptions: {
        image: ContainerImage.fromInternet('ghcr.io/acme/web:1.4', { credentials: RepositoryCreds.fromSecret(byName) }),
        containerPort: 8080,
        logDriver: ecs.LogDrivers.awsLogs({ streamPrefix: 'web', logGroup }),
      },
    });

    // 4. Credentials of another account, by complete ARN with their KMS key,
    // on an AWS Batch job definition.
    const shared = secretsmanager.Secret.fromSecretAttributes(this, 'SharedCredentials', {
      secretCompleteArn: 'arn:aws:secretsmanager:us-east-1:222222222222:secret:registry-AbCdEf',
      encryptionKey: kms.Key.fromKeyArn(this, 'SharedKey', 'arn:aws:kms:us-east-1:222222222222:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'),
    });
    new batch.EcsJobDefinition(this, 'NightlyReport', {
      container: new batch.EcsFargateContainerDefinition(this, 'ReportContainer', {
        image: ContainerImage.fromInternet('acme/report:2.1', { credentials: RepositoryCreds.fromSecret(shared) }),
        cpu: 1,
        memory: Size.gibibytes(2),
      }),
    });
  }
}
