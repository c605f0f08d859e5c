import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type * as batch from 'aws-cdk-lib/aws-batch';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  acknowledgmentsCovering, awsSolutionsFindings, describeFindings, type NagFinding, unscopableStatements, wildcardStatements,
} from '../../../tools/testing/cdk-nag';
import { PrivateRegistryStack } from '../lib/private-registry-stack';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:registry/dockerhub-AbCdEf';

function exampleStack() {
  const app = new App();
  return new PrivateRegistryStack(app, 'Example', {
    env: { account: '111111111111', region: 'us-east-1' },
    imageName: 'userx/test:1.0',
    credentialsSecretArn: SECRET_ARN,
  });
}

test('the example pulls its image with the credentials secret and only references it', () => {
  const stack = exampleStack();
  const template = Template.fromStack(stack);

  template.hasResourceProperties('AWS::ECS::TaskDefinition', {
    ContainerDefinitions: Match.arrayWith([Match.objectLike({
      Image: 'userx/test:1.0',
      RepositoryCredentials: { CredentialsParameter: SECRET_ARN },
    })]),
  });
  template.resourceCountIs('AWS::SecretsManager::Secret', 0);
  expect(JSON.stringify(template.toJSON())).not.toMatch(/password/i);
});

test('the worker container is pulled through the Quay cache, from ECR, without credentials', () => {
  const template = Template.fromStack(exampleStack());

  template.hasResourceProperties('AWS::ECR::PullThroughCacheRule', { UpstreamRegistryUrl: 'quay.io', EcrRepositoryPrefix: 'quay' });
  const [worker] = containersNamed(template, 'worker');
  expect(JSON.stringify(worker.Image)).toContain('dkr.ecr.us-east-1.');
  expect(JSON.stringify(worker.Image)).toContain('/quay/acme/worker:3.2');
  expect(worker.RepositoryCredentials).toBeUndefined();
});

test("the Quay cache's repositories expire images, by a creation template with the rule's prefix that exists before the rule", () => {
  const template = Template.fromStack(exampleStack());

  const templates = template.findResources('AWS::ECR::RepositoryCreationTemplate');
  expect(Object.keys(templates)).toHaveLength(1);
  const [[templateId, creationTemplate]] = Object.entries(templates) as Array<[string, any]>;
  expect(creationTemplate.Properties).toMatchObject({ Prefix: 'quay', AppliedFor: ['PULL_THROUGH_CACHE'] });
  // No KMS key and no tags: ECR needs no role to create the repositories.
  expect(creationTemplate.Properties.CustomRoleArn).toBeUndefined();
  expect(JSON.parse(creationTemplate.Properties.LifecyclePolicy)).toEqual({
    rules: [
      {
        rulePriority: 1,
        description: 'untagged images after a week',
        selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 },
        action: { type: 'expire' },
      },
      {
        rulePriority: 2,
        description: 'at most 20 images',
        selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 20 },
        action: { type: 'expire' },
      },
    ],
  });
  const [rule] = Object.values(template.findResources('AWS::ECR::PullThroughCacheRule')) as any[];
  expect(rule.DependsOn).toContain(templateId);
});

test('the ecs-patterns service signs in with a secret given by name, granted with the suffix Secrets Manager adds', () => {
  const stack = exampleStack();
  const template = Template.fromStack(stack);

  const [web] = containersNamed(template, 'web');
  expect(web.Image).toBe('ghcr.io/acme/web:1.4');
  expect(web.RepositoryCredentials).toEqual({ CredentialsParameter: 'registry-ghcr' });
  const service = stack.node.findChild('Web') as ecsPatterns.ApplicationLoadBalancedFargateService;
  expect(policyOf(stack, service.taskDefinition.executionRole!)).toContainEqual(expect.objectContaining({
    Action: 'secretsmanager:GetSecretValue',
    Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:us-east-1:111111111111:secret:registry-ghcr-??????']] },
  }));
});

test('the AWS Batch job definition signs in with the secret of another account, and its key is granted through Secrets Manager', () => {
  const stack = exampleStack();
  const template = Template.fromStack(stack);

  template.hasResourceProperties('AWS::Batch::JobDefinition', {
    ContainerProperties: Match.objectLike({
      Image: 'acme/report:2.1',
      RepositoryCredentials: { CredentialsParameter: 'arn:aws:secretsmanager:us-east-1:222222222222:secret:registry-AbCdEf' },
    }),
  });
  const container = stack.node.findChild('ReportContainer') as batch.EcsFargateContainerDefinition;
  expect(policyOf(stack, container.executionRole)).toEqual(expect.arrayContaining([
    expect.objectContaining({ Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:us-east-1:222222222222:secret:registry-AbCdEf' }),
    expect.objectContaining({
      Action: 'kms:Decrypt',
      Resource: 'arn:aws:kms:us-east-1:222222222222:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
    }),
  ]));
});

/**
 * What the example chose not to have, each acknowledged on that resource only,
 * with the reason; nothing the module creates or grants is acknowledged.
 */
const BATCH_LOGS_FINDING = 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:us-east-1:111111111111:log-group:/aws/batch/job:*]';
function acknowledgeExampleChoices(stack: ReturnType<typeof exampleStack>) {
  const service = stack.node.findChild('Web') as ecsPatterns.ApplicationLoadBalancedFargateService;
  Validations.of(service.loadBalancer).acknowledge({
    id: 'AwsSolutions-ELB2',
    reason: 'The internal load balancer of the example logs no access: access logs need an S3 bucket of their own, whose own access logs need another',
  });
  const report = stack.node.findChild('ReportContainer') as batch.EcsFargateContainerDefinition;
  report.executionRole.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, {
    [BATCH_LOGS_FINDING]: "aws-cdk-lib's Batch container definition grants its execution role the log streams of /aws/batch/job",
  });
}

/** The execution roles the module grants, in the example. */
function executionRoles(stack: ReturnType<typeof exampleStack>): iam.IRole[] {
  return [
    (stack.node.findChild('TaskDef') as ecs.TaskDefinition).executionRole!,
    (stack.node.findChild('Web') as ecsPatterns.ApplicationLoadBalancedFargateService).taskDefinition.executionRole!,
    (stack.node.findChild('ReportContainer') as batch.EcsFargateContainerDefinition).executionRole,
  ];
}

/**
 * AwsSolutions-IAM5 for `Resource::*` on an execution role whose only statement
 * on `*` is ecr:GetAuthorizationToken (a pull from ECR needs it, and IAM offers
 * no resource to scope it to), while no other wildcard is in that role.
 */
function isUnscopableOnly(finding: NagFinding, stack: ReturnType<typeof exampleStack>): boolean {
  return finding.rule === 'AwsSolutions-IAM5[Resource::*]' && executionRoles(stack).some(role =>
    finding.path === `${role.node.path}/DefaultPolicy/Resource` && unscopableStatements(role).length > 0 && wildcardStatements(role).length === 0);
}

test('cdk-nag AwsSolutions finds nothing in the example but what the example chose, the module\'s grants included', () => {
  const stack = exampleStack();
  acknowledgeExampleChoices(stack);

  expect(describeFindings(awsSolutionsFindings(stack).filter(f => !isUnscopableOnly(f, stack)))).toEqual([]);
  // No cdk-nag rule is acknowledged on what the module grants. (aws-cdk-lib
  // 2.278 and later acknowledge CloudFormation-Validate::W3010 on the stack for
  // the VPC's given Availability Zones: not a cdk-nag rule.)
  const owned = executionRoles(stack).flatMap(role => role.node.findAll());
  expect(owned.flatMap(acknowledgmentsCovering)
    .filter(ack => ack.startsWith('AwsSolutions-') && !ack.startsWith(`${BATCH_LOGS_FINDING} on `))).toEqual([]);
});

/** The container definitions of every task definition of the template with this name. */
function containersNamed(template: Template, name: string): any[] {
  return Object.values(template.findResources('AWS::ECS::TaskDefinition'))
    .flatMap((r: any) => r.Properties.ContainerDefinitions)
    .filter((c: any) => c.Name === name);
}

/** The statements of a role's default policy, resolved. */
function policyOf(stack: ReturnType<typeof exampleStack>, role: iam.IRole): any[] {
  const policy = role.node.findChild('DefaultPolicy').node.defaultChild as iam.CfnPolicy;
  return stack.resolve(policy.policyDocument).Statement;
}

test('the cdk-nag check catches a broader grant than the module makes', () => {
  // GIVEN the grant a careless implementation would make
  const stack = exampleStack();
  const taskDefinition = stack.node.findChild('TaskDef') as ecs.TaskDefinition;
  taskDefinition.obtainExecutionRole().addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['secretsmanager:*'],
    resources: ['*'],
  }));

  // THEN
  expect(describeFindings(awsSolutionsFindings(stack))).toContainEqual(
    expect.stringMatching(/AwsSolutions-IAM5\[Resource::\*\] at Example\/TaskDef\/ExecutionRole\/DefaultPolicy/));
});

test('two separate runs of the example app print byte-identical templates', () => {
  // Separate processes: nothing carried over in memory (token counters, caches).
  const appJs = path.join(__dirname, '..', 'bin', 'app.js');
  if (!fs.existsSync(appJs)) {
    throw new Error('examples/private-registry is not built: run `npm run build` first');
  }
  const [first, second] = [1, 2].map(() => execFileSync(process.execPath, [appJs], { encoding: 'utf8' }));
  expect(first).toContain('"RepositoryCredentials"');
  expect(first).toBe(second);
});
