// Shared by the integ apps of this directory (not an integ test itself:
// integ-runner only runs `integ.*.js`).
import { App, type AppProps, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { RegistryCredentialsSecret } from 'cdk-ecs-private-registry/aws-ecs';

/**
 * An app for an integ test.
 *
 * integ-runner synthesizes without the CLI's defaults, so constructs would
 * record their creation stack traces, with absolute paths of this machine, in
 * the cloud assembly, and so in the committed snapshot. These two context
 * keys keep them out (CDK_DEBUG=true still records them when debugging).
 */
export function newIntegApp(props: AppProps = {}): App {
  return new App({
    ...props,
    context: {
      'aws:cdk:disable-creation-stack-traces': true,
      'aws:cdk:disable-stack-trace': true,
      ...props.context,
    },
  });
}

/**
 * The registry credentials of an integ test: a secret in the shape ECS reads,
 * whose password is a placeholder generated at deploy time, so that no
 * password is ever written into a template, a snapshot or a source file.
 */
export function placeholderRegistryCredentials(stack: Stack, encryptionKey?: kms.IKey, secretName?: string): RegistryCredentialsSecret {
  return new RegistryCredentialsSecret(stack, 'RegistryCredentials', {
    username: 'integ-placeholder',
    description: 'Placeholder credentials of a private registry, for an integration test',
    encryptionKey,
    secretName,
    removalPolicy: RemovalPolicy.DESTROY,
  });
}

/** A log group for the containers of an integ test, kept one day and removed with the stack. */
export function integLogGroup(stack: Stack): logs.LogGroup {
  return new logs.LogGroup(stack, 'Logs', {
    retention: logs.RetentionDays.ONE_DAY,
    removalPolicy: RemovalPolicy.DESTROY,
  });
}
