// upstream: package-only (tests lib/private/foreign-consumers.ts, which makes up for aws-cdk-lib 2.257.0's aws-batch)
import { App, Aspects, Errors, type IAspect, Size, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, type IConstruct } from 'constructs';
import { ContainerImage, RepositoryCreds } from '../../lib';
import { containerDefinitions, ENV, newStack, policyStatements, SECRET_ARN } from '../util';
import {
  conflictError, droppedError, lateJobDefinition, NameOnlyConsumer, notRenderedError, OTHER_RENDERED_ARN, privateImage, rendersCredentialsItself,
} from './foreign-consumers-bad-inputs';

const OTHER_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:registry/quay-GhIjKl';

function fargateContainer(scope: Construct, id: string, image: ecs.ContainerImage) {
  return new batch.EcsFargateContainerDefinition(scope, id, { image, cpu: 0.25, memory: Size.mebibytes(512) });
}

function ec2Container(scope: Construct, id: string, image: ecs.ContainerImage) {
  return new batch.EcsEc2ContainerDefinition(scope, id, { image, cpu: 1, memory: Size.mebibytes(512) });
}

/** The resolved properties of every job definition of a stack, by construct path. */
function jobDefinitions(stack: Stack): Record<string, any> {
  const resources = Template.fromStack(stack).findResources('AWS::Batch::JobDefinition');
  const paths = Object.fromEntries(stack.node.findAll()
    .filter((c): c is batch.CfnJobDefinition => c instanceof batch.CfnJobDefinition)
    .map(c => [stack.getLogicalId(c), c.node.path]));
  return Object.fromEntries(Object.entries(resources).map(([id, r]: [string, any]) => [paths[id], r.Properties]));
}

/** The statement that aws-cdk-lib's Batch container definitions give their execution role for logs. */
const BATCH_LOGS = {
  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  Effect: 'Allow',
  Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:111111111111:log-group:/aws/batch/job:*']] },
};

/** The policy statements attached to a role of the stack. */
function statementsOf(stack: Stack, role: { node: IConstruct['node'] }) {
  const logicalId = stack.getLogicalId(role.node.defaultChild as any);
  return policyStatements(stack)
    .filter(({ roles }) => roles.some((r: any) => r.Ref === logicalId))
    .map(({ statement }) => statement);
}

/** What `act` throws, or undefined. */
function thrownBy(act: () => unknown): any {
  try {
    act();
  } catch (e) {
    return e;
  }
  return undefined;
}

const GET_SECRET_VALUE = { Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: SECRET_ARN };

describe('AWS Batch job definitions', () => {
  test.each([
    ['EcsFargateContainerDefinition', fargateContainer, 'FARGATE'],
    ['EcsEc2ContainerDefinition', ec2Container, 'EC2'],
  ])('an EcsJobDefinition with an %s carries the credentials, and its execution role exactly the ECS grant', (_kind, make, platform) => {
    // GIVEN
    const stack = newStack();
    const container = make(stack, 'Container', privateImage(stack));

    // WHEN
    new batch.EcsJobDefinition(stack, 'JobDef', { container });

    // THEN
    expect(jobDefinitions(stack)['Stack/JobDef/Resource']).toMatchObject({
      PlatformCapabilities: [platform],
      ContainerProperties: {
        Image: 'userx/test:1',
        RepositoryCredentials: { CredentialsParameter: SECRET_ARN },
        ExecutionRoleArn: { 'Fn::GetAtt': [stack.getLogicalId(container.executionRole.node.defaultChild as any), 'Arn'] },
      },
    });
    // aws-cdk-lib's own statement for logs, and exactly the grant a task definition's execution role gets.
    expect(statementsOf(stack, container.executionRole)).toEqual([BATCH_LOGS, GET_SECRET_VALUE]);
    expect(policyStatements(stack)).toHaveLength(2);
  });

  test('the containers of a MultiNodeJobDefinition carry their own credentials, also one added later', () => {
    // GIVEN
    const stack = newStack();
    const first = ec2Container(stack, 'First', privateImage(stack));
    const public_ = ec2Container(stack, 'Public', ContainerImage.fromInternet('busybox:1.37'));
    const third = ec2Container(stack, 'Third', privateImage(stack, OTHER_SECRET_ARN, 'OtherSecret'));

    // WHEN
    const job = new batch.MultiNodeJobDefinition(stack, 'JobDef', {
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.C5, ec2.InstanceSize.LARGE),
      containers: [{ container: first, startNode: 0, endNode: 0 }, { container: public_, startNode: 1, endNode: 2 }],
    });
    job.addContainer({ container: third, startNode: 3, endNode: 4 });

    // THEN
    const ranges = jobDefinitions(stack)['Stack/JobDef/Resource'].NodeProperties.NodeRangeProperties;
    expect(ranges.map((r: any) => [r.TargetNodes, r.Container.Image, r.Container.RepositoryCredentials])).toEqual([
      ['0:0', 'userx/test:1', { CredentialsParameter: SECRET_ARN }],
      ['1:2', 'busybox:1.37', undefined],
      ['3:4', 'userx/test:1', { CredentialsParameter: OTHER_SECRET_ARN }],
    ]);
    // The other properties of the ranges are still there.
    expect(ranges[0].Container).toMatchObject({ InstanceType: 'c5.large', ResourceRequirements: expect.any(Array) });
    expect(statementsOf(stack, first.executionRole)).toEqual([BATCH_LOGS, GET_SECRET_VALUE]);
    expect(statementsOf(stack, public_.executionRole)).toEqual([BATCH_LOGS]);
    expect(statementsOf(stack, third.executionRole)).toEqual([BATCH_LOGS, { ...GET_SECRET_VALUE, Resource: OTHER_SECRET_ARN }]);
  });

  test('renders exactly what the image renders for an ECS container, and grants exactly the same, for a secret of the stack with a KMS key', () => {
    // GIVEN
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const secret = new secretsmanager.Secret(stack, 'Secret', { encryptionKey: key });
    const image = ContainerImage.fromInternet('quay.io/acme/api:1.4', { credentials: RepositoryCreds.fromSecret(secret) });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
    taskDefinition.addContainer('app', { image });

    // WHEN
    const container = fargateContainer(stack, 'Container', image);
    new batch.EcsJobDefinition(stack, 'JobDef', { container });

    // THEN
    const ecsCredentials = containerDefinitions(stack)[0].RepositoryCredentials;
    expect(ecsCredentials).toEqual({ CredentialsParameter: { Ref: stack.getLogicalId(secret.node.defaultChild as any) } });
    expect(jobDefinitions(stack)['Stack/JobDef/Resource'].ContainerProperties.RepositoryCredentials).toEqual(ecsCredentials);

    const [logs, ...batchGrant] = statementsOf(stack, container.executionRole);
    expect(logs).toEqual(BATCH_LOGS);
    expect(batchGrant).toEqual(statementsOf(stack, taskDefinition.executionRole!));
    expect(batchGrant.map(s => s.Action)).toEqual(['secretsmanager:GetSecretValue', 'kms:Decrypt']);
    expect(batchGrant[1].Condition).toEqual({ StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } });
  });

  test('credentials with an empty parameter add no RepositoryCredentials, which Batch would refuse without one', () => {
    const stack = newStack();
    const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'RepoSecret', SECRET_ARN);
    const image = ContainerImage.fromInternet('userx/test:1', { credentials: { secret, bind: () => ({ credentialsParameter: '' }) } });

    new batch.EcsJobDefinition(stack, 'JobDef', { container: fargateContainer(stack, 'Container', image) });

    expect(jobDefinitions(stack)['Stack/JobDef/Resource'].ContainerProperties.RepositoryCredentials).toBeUndefined();
  });

  test('a container run by two job definitions gives its credentials to both', () => {
    const stack = newStack();
    const container = fargateContainer(stack, 'Container', privateImage(stack));

    new batch.EcsJobDefinition(stack, 'Nightly', { container });
    new batch.EcsJobDefinition(stack, 'OnDemand', { container });

    const jobs = jobDefinitions(stack);
    expect(Object.keys(jobs)).toEqual(['Stack/Nightly/Resource', 'Stack/OnDemand/Resource']);
    for (const job of Object.values(jobs)) {
      expect(job.ContainerProperties.RepositoryCredentials).toEqual({ CredentialsParameter: SECRET_ARN });
    }
  });

  test('a job definition in another stack than its container carries the credentials', () => {
    const app = new App();
    const images = new Stack(app, 'Images', { env: ENV });
    const jobs = new Stack(app, 'Jobs', { env: ENV });
    const container = fargateContainer(images, 'Container', privateImage(images));

    new batch.EcsJobDefinition(jobs, 'JobDef', { container });

    expect(jobDefinitions(jobs)['Jobs/JobDef/Resource'].ContainerProperties.RepositoryCredentials).toEqual({ CredentialsParameter: SECRET_ARN });
  });

  test('a job definition inside a nested Stage carries the credentials', () => {
    const stage = new Stage(new App(), 'Prod');
    const stack = new Stack(stage, 'Jobs', { env: ENV });

    new batch.EcsJobDefinition(stack, 'JobDef', { container: fargateContainer(stack, 'Container', privateImage(stack)) });

    expect(jobDefinitions(stack)['Prod/Jobs/JobDef/Resource'].ContainerProperties.RepositoryCredentials).toEqual({ CredentialsParameter: SECRET_ARN });
  });

  test('an app with many containers with credentials gets one aspect', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: ENV });

    new batch.EcsJobDefinition(stack, 'FirstJob', { container: fargateContainer(stack, 'First', privateImage(stack)) });
    expect(Aspects.of(app).all).toHaveLength(1);
    new batch.EcsJobDefinition(stack, 'SecondJob', { container: ec2Container(stack, 'Second', privateImage(stack, SECRET_ARN, 'OtherSecret')) });

    expect(Aspects.of(app).all).toHaveLength(1);
    expect(Object.values(jobDefinitions(stack)).map(job => job.ContainerProperties.RepositoryCredentials))
      .toEqual([{ CredentialsParameter: SECRET_ARN }, { CredentialsParameter: SECRET_ARN }]);
  });

  test('a public image adds no credentials, and no aspect', () => {
    const stack = newStack();

    new batch.EcsJobDefinition(stack, 'JobDef', { container: fargateContainer(stack, 'Container', ContainerImage.fromInternet('busybox:1.37')) });

    expect(jobDefinitions(stack)['Stack/JobDef/Resource'].ContainerProperties.RepositoryCredentials).toBeUndefined();
    expect(Aspects.of(stack.node.root).all).toEqual([]);
    expect(policyStatements(stack).map(p => p.statement)).toEqual([BATCH_LOGS]);
  });

  test('a container that no job definition runs synthesizes: nothing deploys it', () => {
    const stack = newStack();

    const container = fargateContainer(stack, 'Container', privateImage(stack));

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Batch::JobDefinition', 0);
    // aws-cdk-lib creates the container's execution role in its constructor, and the image's bind() grants it.
    expect(statementsOf(stack, container.executionRole)).toEqual([BATCH_LOGS, GET_SECRET_VALUE]);
  });

  test('the credentials are in place before aspects of default priority read the job definition', () => {
    // GIVEN an aspect that reads the rendered job definition, added before anything else
    const app = new App();
    const seen: any[] = [];
    Aspects.of(app).add(new class implements IAspect {
      public visit(node: IConstruct) {
        if (node instanceof batch.CfnJobDefinition) {
          seen.push(Stack.of(node).resolve((node as any)._toCloudFormation()));
        }
      }
    }());
    const stack = new Stack(app, 'Stack', { env: ENV });

    // WHEN
    new batch.EcsJobDefinition(stack, 'JobDef', { container: fargateContainer(stack, 'Container', privateImage(stack)) });
    app.synth();

    // THEN
    expect(seen).toHaveLength(1);
    const [jobDefinition] = Object.values<any>(seen[0].Resources);
    expect(jobDefinition.Properties.ContainerProperties.RepositoryCredentials).toEqual({ CredentialsParameter: SECRET_ARN });
  });

  describe('built while the app synthesizes, inside an aspect', () => {
    /**
     * An aspect that builds in the stack when it visits the stack's last
     * child: the aspects have visited the stack's children by then.
     */
    function buildingAspect(build: (stack: Stack) => void): IAspect {
      return {
        visit(node: IConstruct) {
          if (node.node.id === 'Trigger' && !node.node.scope!.node.tryFindChild('LateJobDef')) {
            build(Stack.of(node));
          }
        },
      };
    }

    function appWith(aspectStabilization: boolean) {
      const app = new App({ context: { '@aws-cdk/core:aspectStabilization': aspectStabilization } });
      const stack = new Stack(app, 'Stack', { env: ENV });
      return { app, stack, trigger: () => new Construct(stack, 'Trigger') };
    }

    test.each([false, true])('a job definition created then, for a container created before, gets the credentials or fails synthesis (aspectStabilization %s)', (stabilization) => {
      // GIVEN
      const { app, stack } = lateJobDefinition(stabilization);

      // WHEN
      const error = thrownBy(() => app.synth());

      // THEN
      if (stabilization) {
        // The aspects run again over what they built: the job definition gets its credentials.
        expect(error).toBeUndefined();
        expect(jobDefinitions(stack)['Stack/LateJobDef/Resource'].ContainerProperties.RepositoryCredentials).toEqual({ CredentialsParameter: SECRET_ARN });
      } else {
        // Without stabilization, the aspect never visits it: synthesis fails instead of dropping the credentials.
        expect(Errors.isValidationError(error)).toBe(true);
        expect(error.constructPath).toBe('Stack/LateJobDef');
        expect(error.message).toBe(notRenderedError('Stack/Container'));
      }
    });

    test.each([false, true])('a container and job definition created then get the credentials or fail synthesis (aspectStabilization %s)', (stabilization) => {
      // GIVEN
      const { app, trigger } = appWith(stabilization);
      Aspects.of(app).add(buildingAspect(s =>
        new batch.EcsJobDefinition(s, 'LateJobDef', { container: fargateContainer(s, 'LateContainer', privateImage(s)) })));
      trigger();

      // WHEN
      const error = thrownBy(() => app.synth());

      // THEN
      expect(Errors.isValidationError(error)).toBe(true);
      if (stabilization) {
        // aws-cdk-lib refuses to run an aspect added late with a higher priority than one that already ran.
        // Loud, if not clear: the credentials are not dropped.
        expect(error.message).toMatch(
          /^Cannot invoke Aspect RenderBatchRepositoryCredentials with priority 200 on node .*: an Aspect .* with a lower priority/);
      } else {
        expect(error.constructPath).toBe('Stack/LateJobDef');
        expect(error.message).toBe(notRenderedError('Stack/LateContainer'));
      }
    });
  });
});

describe('when aws-cdk-lib\'s AWS Batch renders the credentials itself (aws/aws-cdk#37017)', () => {
  const NativeFargate = rendersCredentialsItself(batch.EcsFargateContainerDefinition);
  const NativeEc2 = rendersCredentialsItself(batch.EcsEc2ContainerDefinition);

  /** The raw overrides of a job definition's L1: what the aspect added. */
  function overridesOf(job: batch.EcsJobDefinition | batch.MultiNodeJobDefinition) {
    return (job.node.defaultChild as any).rawOverrides;
  }

  test('an EcsJobDefinition holds the credentials once, as aws-cdk-lib renders them, and the execution role one grant', () => {
    // GIVEN
    const stack = newStack();
    const container = new NativeFargate(stack, 'Container', { image: privateImage(stack), cpu: 0.25, memory: Size.mebibytes(512) });

    // WHEN
    const job = new batch.EcsJobDefinition(stack, 'JobDef', { container });

    // THEN
    expect(jobDefinitions(stack)['Stack/JobDef/Resource'].ContainerProperties).toMatchObject({
      Image: 'userx/test:1',
      RepositoryCredentials: { CredentialsParameter: SECRET_ARN },
    });
    // Nothing added on top of aws-cdk-lib's rendering: one RepositoryCredentials in the whole template.
    expect(overridesOf(job)).toEqual({});
    expect(JSON.stringify(Template.fromStack(stack).toJSON()).match(/RepositoryCredentials/g)).toHaveLength(1);
    expect(statementsOf(stack, container.executionRole)).toEqual([BATCH_LOGS, GET_SECRET_VALUE]);
    expect(policyStatements(stack)).toHaveLength(2);
  });

  test('the ranges of a MultiNodeJobDefinition hold the credentials once, as aws-cdk-lib renders them', () => {
    // GIVEN
    const stack = newStack();
    const first = new NativeEc2(stack, 'First', { image: privateImage(stack), cpu: 1, memory: Size.mebibytes(512) });
    const public_ = new NativeEc2(stack, 'Public', { image: ContainerImage.fromInternet('busybox:1.37'), cpu: 1, memory: Size.mebibytes(512) });

    // WHEN
    const job = new batch.MultiNodeJobDefinition(stack, 'JobDef', {
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.C5, ec2.InstanceSize.LARGE),
      containers: [{ container: first, startNode: 0, endNode: 0 }, { container: public_, startNode: 1, endNode: 1 }],
    });

    // THEN
    const ranges = jobDefinitions(stack)['Stack/JobDef/Resource'].NodeProperties.NodeRangeProperties;
    expect(ranges.map((r: any) => r.Container.RepositoryCredentials)).toEqual([{ CredentialsParameter: SECRET_ARN }, undefined]);
    expect(overridesOf(job)).toEqual({});
    expect(statementsOf(stack, first.executionRole)).toEqual([BATCH_LOGS, GET_SECRET_VALUE]);
    expect(statementsOf(stack, public_.executionRole)).toEqual([BATCH_LOGS]);
  });

  test('the same app renders the same template with and without aws-cdk-lib rendering the credentials', () => {
    function template(native: boolean) {
      const stack = newStack();
      const Container = native ? NativeFargate : batch.EcsFargateContainerDefinition;
      new batch.EcsJobDefinition(stack, 'JobDef', {
        container: new Container(stack, 'Container', { image: privateImage(stack), cpu: 0.25, memory: Size.mebibytes(512) }),
      });
      return Template.fromStack(stack).toJSON();
    }

    expect(template(true)).toEqual(template(false));
  });

  test('a container that renders other credentials than its image\'s fails synthesis, naming both', () => {
    // GIVEN
    const stack = newStack();
    const Conflicting = rendersCredentialsItself(batch.EcsFargateContainerDefinition, OTHER_RENDERED_ARN);
    new batch.EcsJobDefinition(stack, 'JobDef', {
      container: new Conflicting(stack, 'Container', { image: privateImage(stack), cpu: 0.25, memory: Size.mebibytes(512) }),
    });

    // WHEN
    const error = thrownBy(() => Template.fromStack(stack));

    // THEN
    expect(Errors.isValidationError(error)).toBe(true);
    expect(error.constructPath).toBe('Stack/JobDef');
    expect(error.message).toBe(conflictError('Stack/Container', OTHER_RENDERED_ARN));
  });
});

describe('consumers that would drop the credentials', () => {
  function expectDropError(act: () => void, path: string, consumer: string) {
    const error = thrownBy(act);
    expect(Errors.isValidationError(error)).toBe(true);
    expect(error.message).toBe(droppedError(consumer));
    expect(error.constructPath).toBe(path);
  }

  test('a construct that reads only the image name fails synthesis, naming its path and class', () => {
    const stack = newStack();

    expectDropError(() => new NameOnlyConsumer(stack, 'Consumer', privateImage(stack)), 'Stack/Consumer', 'NameOnlyConsumer');
  });

  test('a construct that binds the image for a container definition that is not itself fails synthesis', () => {
    const stack = newStack();
    const container = new ecs.FargateTaskDefinition(stack, 'TaskDef').addContainer('web', { image: ContainerImage.fromInternet('nginx:1.27') });

    expectDropError(() => new NameOnlyConsumer(stack, 'Consumer', privateImage(stack), container), 'Stack/Consumer', 'NameOnlyConsumer');
  });

  test('an AWS Batch EksContainerDefinition fails synthesis with the reason, not a TypeError', () => {
    const stack = newStack();

    expectDropError(() => new batch.EksContainerDefinition(stack, 'EksContainer', { image: privateImage(stack) }),
      'Stack/EksContainer', 'aws-cdk-lib.aws_batch.EksContainerDefinition');
  });

  test('a class of a jsii library, renamed with a numeric suffix by its build, is named by its jsii name', () => {
    // As aws-cdk-lib's build renames EksContainerDefinition to EksContainerDefinition2: the jsii name is the class's
    // name without the digits at its end, and only there.
    class Ec2Consumer12 extends NameOnlyConsumer {}
    Object.defineProperty(Ec2Consumer12, Symbol.for('jsii.rtti'), { value: { fqn: 'acme.Ec2Consumer', version: '1.0.0' } });
    const stack = newStack();

    expectDropError(() => new Ec2Consumer12(stack, 'Consumer', privateImage(stack)), 'Stack/Consumer', 'acme.Ec2Consumer');
  });

  test('the same consumer passes with a public image', () => {
    const stack = newStack();

    const consumer = new NameOnlyConsumer(stack, 'Consumer', ContainerImage.fromInternet('busybox:1.37'));

    expect(consumer.imageName).toBe('busybox:1.37');
  });

  test.each([
    ['Ec2TaskDefinition', (s: Stack) => new ecs.Ec2TaskDefinition(s, 'TaskDef')],
    ['FargateTaskDefinition', (s: Stack) => new ecs.FargateTaskDefinition(s, 'TaskDef')],
    ['ExternalTaskDefinition', (s: Stack) => new ecs.ExternalTaskDefinition(s, 'TaskDef')],
  ])('a container of an %s renders the credentials', (_kind, make) => {
    const stack = newStack();

    make(stack).addContainer('app', { image: privateImage(stack), memoryLimitMiB: 512 });

    expect(containerDefinitions(stack)[0].RepositoryCredentials).toEqual({ CredentialsParameter: SECRET_ARN });
  });

  test('a subclass of ContainerDefinition, such as a FireLens log router, renders the credentials', () => {
    const stack = newStack();

    new ecs.FargateTaskDefinition(stack, 'TaskDef').addFirelensLogRouter('router', {
      image: privateImage(stack),
      firelensConfig: { type: ecs.FirelensLogRouterType.FLUENTBIT },
    });

    expect(containerDefinitions(stack)[0]).toMatchObject({ Name: 'router', RepositoryCredentials: { CredentialsParameter: SECRET_ARN } });
  });

  test('a subclass of a Batch container definition gets the credentials into its job definition', () => {
    const stack = newStack();
    class ReportContainer extends batch.EcsFargateContainerDefinition {}

    new batch.EcsJobDefinition(stack, 'JobDef', {
      container: new ReportContainer(stack, 'Container', { image: privateImage(stack), cpu: 0.25, memory: Size.mebibytes(512) }),
    });

    expect(jobDefinitions(stack)['Stack/JobDef/Resource'].ContainerProperties.RepositoryCredentials).toEqual({ CredentialsParameter: SECRET_ARN });
  });

  test('an ecs-patterns service with taskImageOptions.image renders the credentials', () => {
    const stack = newStack();

    new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Service', {
      taskImageOptions: { image: privateImage(stack) },
    });

    expect(containerDefinitions(stack)[0]).toMatchObject({
      Image: 'userx/test:1',
      RepositoryCredentials: { CredentialsParameter: SECRET_ARN },
    });
  });
});
