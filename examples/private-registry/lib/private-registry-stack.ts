import { Stack, type StackProps } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ContainerImage, RepositoryCreds } from 'cdk-ecs-private-registry/aws-ecs';
import type { Construct } from 'constructs';

export interface PrivateRegistryStackProps extends StackProps {
  /** The private image to run. */
  readonly imageName: string;
  /** The complete ARN of the secret holding `{"username": ..., "password": ...}`. */
  readonly credentialsSecretArn: string;
}

/**
 * A Fargate task definition whose container runs an image from a private
 * registry, signing in with credentials kept in Secrets Manager.
 */
export class PrivateRegistryStack extends Stack {
  constructor(scope: Construct, id: string, props: PrivateRegistryStackProps) {
    super(scope, id, props);

    const credentials = secretsmanager.Secret.fromSecretCompleteArn(this, 'RegistryCredentials', props.credentialsSecretArn);
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDef', { cpu: 256, memoryLimitMiB: 512 });

    taskDefinition.addContainer('app', {
      image: ContainerImage.fromInternet(props.imageName, { credentials: RepositoryCreds.fromSecret(credentials) }),
      logging: ecs.LogDrivers.awsLogs({
        streamPrefix: 'app',
        logGroup: new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_WEEK }),
      }),
      portMappings: [{ containerPort: 8080 }],
    });
  }
}
