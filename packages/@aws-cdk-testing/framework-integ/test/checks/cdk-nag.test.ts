// cdk-nag's AwsSolutions pack over every integ app, as integ-runner builds it
// (same feature flags), without running integ-runner.
//
// - No unacknowledged error or warning may remain.
// - Findings on what the tests themselves chose (no VPC flow logs, no secret
//   rotation, no Container Insights) are acknowledged here, on those resources,
//   with the reason: the integ apps stay in the shape upstream's take, where
//   cdk-nag does not run.
// - Nothing the library creates or grants (the task definition, the execution
//   role and its policy) may be covered by an acknowledgment: a finding there
//   is a finding against the library.
//
// The assertion stacks are checked too, and yield nothing: integ-tests-alpha
// builds its Lambda and role from plain CfnResource, which the rules (they
// match L1 classes such as CfnRole and CfnFunction) do not inspect.
import { CfnResource, Validations } from 'aws-cdk-lib';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ContainerImage, type IRepositoryCreds } from 'cdk-ecs-private-registry/aws-ecs';
import { PullThroughCacheRule, RepositoryCreationTemplate } from 'cdk-ecs-private-registry/aws-ecr';
import type { Construct } from 'constructs';
import * as jobDefinitionPrivateRegistry from '../aws-batch/test/integ.job-definition-private-registry';
import * as pullThroughCache from '../aws-ecr/test/integ.pull-through-cache';
import * as repositoryCreationTemplate from '../aws-ecr/test/integ.repository-creation-template';
import * as webHostedImageSecret from '../aws-ecs/test/ec2/integ.web-hosted-image-secret';
import { type BuiltIntegApp, INTEG_APPS, integRunnerAppProps, removeOutdirs } from './integ-apps';
import { integSources } from './integ-files';
import {
  acknowledgmentsCovering, awsSolutionsFindings, describeFindings, libraryOwnedResources, type NagFinding, unscopableStatements, wildcardStatements,
} from '../../../../../tools/testing/cdk-nag';

afterAll(removeOutdirs);

/**
 * What the integ tests chose not to have, and why: each rule is acknowledged on
 * the resources of that kind, and only there.
 */
const TEST_CHOICES: Array<{ kind: new (...args: any[]) => Construct; id: string; reason: string }> = [
  {
    kind: ec2.Vpc,
    id: 'AwsSolutions-VPC7',
    reason: 'The test VPC carries no traffic (the service runs no task) and lives for the duration of the test; flow logs would add a log group and a role for nothing',
  },
  {
    kind: ecs.Cluster,
    id: 'AwsSolutions-ECS4',
    reason: 'Container Insights would collect metrics of a cluster that runs no task, into a log group that outlives the stack',
  },
  {
    kind: secretsmanager.Secret,
    id: 'AwsSolutions-SMG4',
    reason: 'The secret holds placeholder registry credentials for the lifetime of the test; rotating them would need a registry-specific rotation Lambda',
  },
];

/**
 * What aws-cdk-lib itself grants the execution role of an AWS Batch container:
 * the log streams of Batch's default log group. It is acknowledged as exactly
 * this one finding, which no grant of the library can raise (a wildcard grant
 * of the library is another finding, still reported). `Validations.acknowledge()`
 * refuses ids with '::', which this one holds, so the acknowledgment is written
 * as the metadata that cdk-nag reads.
 */
const BATCH_LOGS_FINDING = 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/batch/job:*]';

function acknowledgeTestChoices(scope: Construct) {
  for (const construct of scope.node.findAll()) {
    for (const { kind, id, reason } of TEST_CHOICES) {
      if (construct instanceof kind) {
        Validations.of(construct).acknowledge({ id, reason });
      }
    }
    if (construct instanceof batch.EcsFargateContainerDefinition || construct instanceof batch.EcsEc2ContainerDefinition) {
      construct.executionRole.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, {
        [BATCH_LOGS_FINDING]: "aws-cdk-lib's Batch container definition grants its execution role the log streams of /aws/batch/job",
      });
    }
  }
}

/** The containers of an AWS Batch job definition. */
function containersOf(jobDefinition: batch.EcsJobDefinition | batch.MultiNodeJobDefinition): batch.IEcsContainerDefinition[] {
  return jobDefinition instanceof batch.EcsJobDefinition ? [jobDefinition.container] : jobDefinition.containers.map(c => c.container);
}

/** The execution roles the library grants: the task definition's, or those of the Batch job definitions' containers. */
function executionRolesOf(built: BuiltIntegApp): iam.IRole[] {
  return built.taskDefinition ? [built.taskDefinition.executionRole!] : (built.jobDefinitions ?? []).flatMap(containersOf).map(c => c.executionRole);
}

/** The resources the library renders the credentials into, and the execution roles with their policies. */
function ownedResourcesOf(built: BuiltIntegApp): CfnResource[] {
  if (built.taskDefinition) {
    return libraryOwnedResources(built.taskDefinition);
  }
  return [
    ...(built.jobDefinitions ?? []).map(jobDefinition => jobDefinition.node.defaultChild!),
    ...executionRolesOf(built).flatMap(role => role.node.findAll()),
  ].filter(CfnResource.isCfnResource);
}

test('every integ test is checked', () => {
  expect(Object.keys(INTEG_APPS).sort()).toEqual(integSources());
});

describe.each(Object.keys(INTEG_APPS))('%s', (name) => {
  let built: BuiltIntegApp;
  beforeAll(() => {
    built = INTEG_APPS[name](integRunnerAppProps());
    built.app.synth();
    acknowledgeTestChoices(built.app);
  });

  test('AwsSolutions reports no unacknowledged error or warning, in any of its stacks', () => {
    expect(describeFindings(awsSolutionsFindings(built.app).filter(f => !isUnscopableOnly(f, built) && !isEcrRoleScope(f, built.app)))).toEqual([]);
  });

  test('no acknowledgment covers the task or job definitions, the execution roles or their policies', () => {
    const owned = ownedResourcesOf(built);
    expect(owned.map(r => r.cfnResourceType)).toEqual(expect.arrayContaining([
      built.taskDefinition ? 'AWS::ECS::TaskDefinition' : 'AWS::Batch::JobDefinition', 'AWS::IAM::Role', 'AWS::IAM::Policy']));

    expect(owned.flatMap(acknowledgmentsCovering).filter(ack => !ack.startsWith(`${BATCH_LOGS_FINDING} on `))).toEqual([]);
  });

  test('the execution roles are granted no wildcard action or resource, but aws-cdk-lib\'s Batch log streams', () => {
    const roles = executionRolesOf(built);
    expect(roles.length).toBeGreaterThan(0);

    const wildcards = roles.flatMap(wildcardStatements).filter(statement => !statement.includes(':log-group:/aws/batch/job:*"'));

    expect(wildcards).toEqual([]);
  });
});

/**
 * AwsSolutions-IAM5 on the execution role's policy, for `Resource::*`, where
 * the only statements on `*` grant actions that have no resource type
 * (`ecr:GetAuthorizationToken`, which an ECR pull needs): IAM offers nothing
 * narrower. Not acknowledged on the library's resources, which the check
 * forbids, but left out here, and only while the wildcard check below finds no
 * other wildcard in that role.
 */
function isUnscopableOnly(finding: NagFinding, built: BuiltIntegApp): boolean {
  return finding.rule === 'AwsSolutions-IAM5[Resource::*]' && executionRolesOf(built).some(executionRole =>
    finding.path === `${executionRole.node.path}/DefaultPolicy/Resource`
    && unscopableStatements(executionRole).length > 0 && wildcardStatements(executionRole).length === 0);
}

/**
 * The roles that ECR assumes, which the library creates: a repository creation
 * template's and an ECR to ECR rule's, with the prefixes their statements may
 * name.
 */
function ecrRolesOf(app: Construct): Array<{ role: iam.IRole; prefixes: string[] }> {
  return app.node.findAll().flatMap(construct => {
    if (construct instanceof RepositoryCreationTemplate && construct.role instanceof iam.Role) {
      return [{ role: construct.role, prefixes: [construct.repositoryCreationTemplatePrefix] }];
    }
    if (construct instanceof PullThroughCacheRule && construct.customRole instanceof iam.Role) {
      const upstream = construct.upstreamRegistry.upstreamRepositoryPrefix;
      return [{ role: construct.customRole, prefixes: [construct.ecrRepositoryPrefix, ...upstream && upstream !== 'ROOT' ? [upstream] : []] }];
    }
    return [];
  });
}

/** `arn:...:ecr:<region>:<account>:repository/<prefix>/*`, as cdk-nag writes it, for one of the prefixes. */
function isPrefixPattern(resource: string, prefixes: string[]): boolean {
  return prefixes.some(prefix => new RegExp(`^arn:.+:ecr:.+:repository/${prefix.replace(/[.]/g, '\\.')}/\\*$`).test(resource));
}

/**
 * AwsSolutions-IAM5 on the policy of a role that ECR assumes for a rule or a
 * template: `repository/<prefix>/*` of the construct's own prefixes is the
 * narrowest resource there is (ECR creates those repositories on the first
 * pull, under names the app does not know), and `*` is left out only where
 * the statements on it grant actions without a resource type. Left out here,
 * not acknowledged, and only while every other wildcard of the role is such a
 * prefix pattern.
 */
function isEcrRoleScope(finding: NagFinding, app: Construct): boolean {
  const [, resource] = /^AwsSolutions-IAM5\[Resource::(.*)\]$/.exec(finding.rule) ?? [];
  if (resource === undefined) {
    return false;
  }
  return ecrRolesOf(app).some(({ role, prefixes }) => {
    if (finding.path !== `${role.node.path}/DefaultPolicy/Resource`) {
      return false;
    }
    const othersArePrefixes = wildcardStatements(role).every(line => {
      const statement = JSON.parse(line.slice(line.indexOf(': ') + 2));
      return ([] as unknown[]).concat(statement.Resource).every(r => isPrefixPattern(nagResource(r), prefixes));
    });
    return othersArePrefixes && (resource === '*' ? unscopableStatements(role).length > 0 : isPrefixPattern(resource, prefixes));
  });
}

/** A resource as cdk-nag writes it in a finding: `Fn::Join` flattened, references as `<Name>`. */
function nagResource(resource: unknown): string {
  if (typeof resource === 'string') {
    return resource;
  }
  const join = (resource as any)['Fn::Join'];
  if (join) {
    return join[1].map((part: unknown) => nagResource(part)).join(join[0]);
  }
  const ref = (resource as any).Ref;
  return ref !== undefined ? `<${ref}>` : JSON.stringify(resource);
}

// The checks above must fail when the library does the wrong thing. A grant
// from RepositoryCreds goes through the execution role's addToPrincipalPolicy
// into its DefaultPolicy, the resource cdk-nag's AwsSolutions-IAM5 inspects:
// these credentials behave like a library that grants too much.
class OverlyBroadCreds implements IRepositoryCreds {
  constructor(public readonly secret: secretsmanager.ISecret, private readonly resource: string) {}

  public bind(_scope: Construct, containerDefinition: ecs.ContainerDefinition) {
    containerDefinition.taskDefinition.obtainExecutionRole().addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: [this.resource],
    }));
    return { credentialsParameter: this.secret.secretArn };
  }
}

describe('the checks would catch a library that grants too much', () => {
  function withCredentials(resource: (secret: secretsmanager.ISecret) => string) {
    const built = webHostedImageSecret.buildApp(integRunnerAppProps());
    built.taskDefinition.addContainer('broad', {
      image: ContainerImage.fromInternet('userx/test:1', { credentials: new OverlyBroadCreds(built.secret, resource(built.secret)) }),
      memoryLimitMiB: 128,
    });
    built.app.synth();
    return built;
  }

  test('a grant on every secret ("*") is an AwsSolutions-IAM5 error on the execution role policy', () => {
    const built = withCredentials(() => '*');

    expect(awsSolutionsFindings(built.app)).toContainEqual({
      rule: 'AwsSolutions-IAM5[Resource::*]',
      severity: 'error',
      path: 'aws-ecs-integ-web-hosted-image-secret/TaskDef/ExecutionRole/DefaultPolicy/Resource',
    });
    expect(wildcardStatements(built.taskDefinition.executionRole!)).toHaveLength(1);
  });

  test('only ecr:GetAuthorizationToken may be on "*": an ECR pull action on "*" is caught by both checks', () => {
    const built = pullThroughCache.buildApp(integRunnerAppProps());
    const executionRole = built.taskDefinition.executionRole!;
    expect(unscopableStatements(executionRole)).toHaveLength(1);

    executionRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecr:BatchGetImage'], resources: ['*'] }));
    built.app.synth();

    expect(wildcardStatements(executionRole)).toHaveLength(1);
    expect(awsSolutionsFindings(built.app).filter(f => !isUnscopableOnly(f, built))).toContainEqual({
      rule: 'AwsSolutions-IAM5[Resource::*]',
      severity: 'error',
      path: 'aws-ecr-integ-pull-through-cache/TaskDef/ExecutionRole/DefaultPolicy/Resource',
    });
  });

  test('a role that ECR assumes, granted every repository of the registry, is an AwsSolutions-IAM5 error that the prefix filter keeps', () => {
    const built = repositoryCreationTemplate.buildApp(integRunnerAppProps());
    const role = built.central.customRole as iam.Role;
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecr:PutImage'], resources: [`arn:aws:ecr:us-east-1:${built.stack.account}:repository/*`] }));
    built.app.synth();

    const findings = awsSolutionsFindings(built.app).filter(f => f.path === `${role.node.path}/DefaultPolicy/Resource`);
    expect(findings.filter(f => !isEcrRoleScope(f, built.app)).map(f => f.rule)).toEqual(expect.arrayContaining([
      'AwsSolutions-IAM5[Resource::arn:aws:ecr:us-east-1:<AWS::AccountId>:repository/*]',
    ]));
    // And while the role holds it, its prefix patterns are not left out either.
    expect(findings.filter(f => isEcrRoleScope(f, built.app))).toEqual([]);
  });

  test('a grant on a name pattern ("-??????") escapes AwsSolutions-IAM5, not the wildcard check', () => {
    const built = withCredentials(secret => `${secret.secretArn}-??????`);

    expect(awsSolutionsFindings(built.app).filter(f => f.rule.startsWith('AwsSolutions-IAM5'))).toEqual([]);
    expect(wildcardStatements(built.taskDefinition.executionRole!)).toHaveLength(1);
  });

  test('on a Batch execution role, where aws-cdk-lib\'s own log grant is acknowledged, a grant on every secret is still an error', () => {
    const built = jobDefinitionPrivateRegistry.buildApp(integRunnerAppProps());
    built.fargateContainer.executionRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: ['*'] }));
    built.app.synth();
    acknowledgeTestChoices(built.app);

    expect(awsSolutionsFindings(built.app)).toEqual([{
      rule: 'AwsSolutions-IAM5[Resource::*]',
      severity: 'error',
      path: 'batch-integ-job-definition-private-registry/FargateContainer/ExecutionRole/DefaultPolicy/Resource',
    }]);
  });

  test('an acknowledgment that would hide a finding on the library\'s resources is caught', () => {
    const built = webHostedImageSecret.buildApp(integRunnerAppProps());
    Validations.of(built.taskDefinition).acknowledge({ id: 'AwsSolutions-IAM5', reason: 'hides the library' });
    Validations.of(built.stack).acknowledge({ id: 'AwsSolutions-ECS2', reason: 'stack-wide, hides the library too' });

    const covering = libraryOwnedResources(built.taskDefinition).flatMap(acknowledgmentsCovering);

    expect(covering).toEqual(expect.arrayContaining([
      expect.stringMatching(
        /^annotation::AwsSolutions-IAM5 on aws-ecs-integ-web-hosted-image-secret\/TaskDef, covering .*ExecutionRole\/DefaultPolicy\/Resource$/),
      expect.stringMatching(/^annotation::AwsSolutions-ECS2 on aws-ecs-integ-web-hosted-image-secret, covering .*TaskDef\/Resource$/),
    ]));
  });
});
