// The integ apps of this package, as the jest checks build them.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { App, AppProps, Stack } from 'aws-cdk-lib';
import type * as batch from 'aws-cdk-lib/aws-batch';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as jobDefinitionPrivateRegistry from '../aws-batch/test/integ.job-definition-private-registry';
import * as pullThroughCache from '../aws-ecr/test/integ.pull-through-cache';
import * as repositoryCreationTemplate from '../aws-ecr/test/integ.repository-creation-template';
import * as webHostedImageSecret from '../aws-ecs/test/ec2/integ.web-hosted-image-secret';
import * as webHostedImageKms from '../aws-ecs/test/fargate/integ.web-hosted-image-kms';

/** What every integ app's `buildApp()` returns, at least. */
export interface BuiltIntegApp {
  readonly app: App;
  /** The stack under test (the assertion stack is another stack of `app`). */
  readonly stack: Stack;
  /** The task definition whose containers carry the registry credentials (an ECS integ app). */
  readonly taskDefinition?: ecs.TaskDefinition;
  /** The AWS Batch job definitions whose containers carry them (a Batch integ app). */
  readonly jobDefinitions?: Array<batch.EcsJobDefinition | batch.MultiNodeJobDefinition>;
}

/**
 * Every integ app, by its name relative to test/ (as integ-runner names it).
 * A check fails if an integ.*.ts file is missing here.
 */
export const INTEG_APPS: Record<string, (props?: AppProps) => BuiltIntegApp> = {
  'aws-batch/test/integ.job-definition-private-registry': jobDefinitionPrivateRegistry.buildApp,
  'aws-ecr/test/integ.pull-through-cache': pullThroughCache.buildApp,
  'aws-ecr/test/integ.repository-creation-template': repositoryCreationTemplate.buildApp,
  'aws-ecs/test/ec2/integ.web-hosted-image-secret': webHostedImageSecret.buildApp,
  'aws-ecs/test/fargate/integ.web-hosted-image-kms': webHostedImageKms.buildApp,
};

const outdirs: string[] = [];

/**
 * The app props integ-runner synthesizes with: the feature flags it
 * recommends (as context), in a throw-away output directory
 * (see `removeOutdirs()`).
 */
export function integRunnerAppProps(): AppProps {
  const flagsFile = require.resolve('@aws-cdk/integ-runner/lib/recommended-feature-flags.json');
  const context: Record<string, unknown> = JSON.parse(fs.readFileSync(flagsFile, 'utf-8'));
  // integ-runner unsets this one (see getContext() in its runner-base).
  delete context['@aws-cdk/core:target-partitions'];
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'framework-integ-'));
  outdirs.push(outdir);
  return { context, outdir };
}

/** Deletes the output directories of the apps built so far. */
export function removeOutdirs(): void {
  for (const dir of outdirs.splice(0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
