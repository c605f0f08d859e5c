import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { awsSolutionsFindings, describeFindings } from '../../../tools/testing/cdk-nag';
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
    ContainerDefinitions: [Match.objectLike({
      Image: 'userx/test:1.0',
      RepositoryCredentials: { CredentialsParameter: SECRET_ARN },
    })],
  });
  template.resourceCountIs('AWS::SecretsManager::Secret', 0);
  expect(JSON.stringify(template.toJSON())).not.toMatch(/password/i);
});

test('cdk-nag AwsSolutions finds nothing in the example, the module\'s grants included', () => {
  // Nothing is acknowledged: neither the example's own resources nor the
  // module's execution role policy and container settings may raise a finding.
  expect(describeFindings(awsSolutionsFindings(exampleStack()))).toEqual([]);
});

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
