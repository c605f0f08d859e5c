// Deploy-time assertions shared by the private registry integ tests.
//
// This file is not an integ test itself (integ-runner only runs `integ.*.js`):
// the integ apps next to it import it.
import { type IApiCall, type IntegTest, ExpectedResult } from '@aws-cdk/integ-tests-alpha';
import { Aws } from 'aws-cdk-lib';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/**
 * What a task definition with private registry credentials must look like
 * once deployed.
 */
export interface RegistryCredentialsExpectation {
  /** The task definition whose containers pull from the private registry. */
  readonly taskDefinition: ecs.TaskDefinition;
  /** The containers that carry the credentials, in the order they were added. */
  readonly containerNames: string[];
  /**
   * The secret that holds the registry credentials: the execution role must
   * be allowed to read it at this ARN, which should be its complete ARN.
   */
  readonly secret: secretsmanager.ISecret;
  /**
   * What ECS must have registered as `repositoryCredentials.credentialsParameter`.
   *
   * @default - the secret's ARN
   */
  readonly credentialsParameter?: string;
  /** The customer managed key that encrypts the secret, if there is one. */
  readonly key?: kms.IKey;
}

/**
 * Adds the assertions that prove, against the deployed resources, that:
 *
 * - ECS registered every container with `repositoryCredentials.credentialsParameter`
 *   as expected (the secret's ARN, or its name), and with the execution role
 *   that is checked below;
 * - IAM allows the execution role `secretsmanager:GetSecretValue` on the secret,
 *   and `kms:Decrypt` on its key only through Secrets Manager;
 * - IAM does not allow the task role (the application's own role) either.
 *
 * `awsApiCall` grants the assertion Lambda the permission for each call
 * (`ecs:DescribeTaskDefinition`, `iam:SimulatePrincipalPolicy`) through
 * `AssertionsProvider.addPolicyStatementFromSdkCall`, so no extra policy is needed.
 *
 * @returns the API calls, in the assertion stack
 */
export function assertRegistryCredentials(integ: IntegTest, expected: RegistryCredentialsExpectation): IApiCall[] {
  const { taskDefinition, containerNames, secret, key, credentialsParameter = secret.secretArn } = expected;
  const executionRole = taskDefinition.executionRole;
  if (!executionRole) {
    throw new Error(`Task definition ${taskDefinition.node.path} has no execution role: registry credentials were not bound`);
  }
  const taskRole = taskDefinition.taskRole;

  // With expect(), the whole DescribeTaskDefinition response travels back in
  // the custom resource response, which CloudFormation caps at 4096 bytes
  // ("Response object is too long"). Two containers with awslogs come to about
  // 3 KB. outputPaths cannot help here (it flattens the response and expect()
  // then sees nothing): for bigger task definitions, check each container with
  // assertAtPath('taskDefinition.containerDefinitions.<i>.repositoryCredentials.credentialsParameter', ...).
  const calls: IApiCall[] = [
    integ.assertions.awsApiCall('ECS', 'DescribeTaskDefinition', {
      taskDefinition: taskDefinition.taskDefinitionArn,
    }).expect(ExpectedResult.objectLike({
      taskDefinition: {
        executionRoleArn: executionRole.roleArn,
        containerDefinitions: containerNames.map(name => ({
          name,
          repositoryCredentials: { credentialsParameter },
        })),
      },
    })),

    simulate(integ, executionRole, 'secretsmanager:GetSecretValue', secret.secretArn, 'allowed'),
    simulate(integ, taskRole, 'secretsmanager:GetSecretValue', secret.secretArn, 'implicitDeny'),
  ];

  if (key) {
    const throughSecretsManager = viaService(`secretsmanager.${Aws.REGION}.amazonaws.com`);
    calls.push(
      simulate(integ, executionRole, 'kms:Decrypt', key.keyArn, 'allowed', throughSecretsManager),
      simulate(integ, taskRole, 'kms:Decrypt', key.keyArn, 'implicitDeny', throughSecretsManager),
      // The kms:ViaService condition holds: the key cannot be used directly, or by another service.
      simulate(integ, executionRole, 'kms:Decrypt', key.keyArn, 'implicitDeny', viaService(`s3.${Aws.REGION}.amazonaws.com`)),
    );
  }
  return calls;
}

/**
 * Asserts that IAM returns `decision` for `principal` calling `action` on `resourceArn`.
 */
export function simulate(
  integ: IntegTest,
  principal: iam.IRole,
  action: string,
  resourceArn: string,
  decision: 'allowed' | 'implicitDeny' | 'explicitDeny',
  contextEntries?: object[],
): IApiCall {
  return integ.assertions.awsApiCall('IAM', 'SimulatePrincipalPolicy', {
    PolicySourceArn: principal.roleArn,
    ActionNames: [action],
    ResourceArns: [resourceArn],
    ...(contextEntries ? { ContextEntries: contextEntries } : {}),
  }).expect(ExpectedResult.objectLike({
    EvaluationResults: [{
      EvalActionName: action,
      EvalResourceName: resourceArn,
      EvalDecision: decision,
    }],
  }));
}

function viaService(service: string): object[] {
  return [{ ContextKeyName: 'kms:ViaService', ContextKeyValues: [service], ContextKeyType: 'string' }];
}
