import { CfnParameter, RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ContainerImage, RegistryCredentialsSecret, RepositoryCreds } from '../lib';
import { containerDefinitions, newStack, policyStatements } from './util';

describe('RegistryCredentialsSecret', () => {
  test('without a password, generates a placeholder in the shape ECS reads', () => {
    const stack = newStack();

    new RegistryCredentialsSecret(stack, 'Creds', { username: 'acme+deployer' });

    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: {
        SecretStringTemplate: '{"username":"acme+deployer"}',
        GenerateStringKey: 'password',
        ExcludePunctuation: true,
        PasswordLength: 32,
      },
      SecretString: Match.absent(),
    });
  });

  test('with a password resolved at deploy time, holds exactly username and password', () => {
    const stack = newStack();
    const token = new CfnParameter(stack, 'Token', { type: 'String', noEcho: true });

    new RegistryCredentialsSecret(stack, 'Creds', { username: 'acme-bot', password: SecretValue.cfnParameter(token) });

    const [secret] = Object.values(Template.fromStack(stack).findResources('AWS::SecretsManager::Secret')) as any[];
    expect(secret.Properties.GenerateSecretString).toBeUndefined();
    expect(secret.Properties.SecretString).toEqual({
      'Fn::Join': ['', ['{"username":"acme-bot","password":"', { Ref: 'Token' }, '"}']],
    });
  });

  test('takes the name, description, key and removal policy given', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');

    const secret = new RegistryCredentialsSecret(stack, 'Creds', {
      username: 'acme',
      secretName: 'registry/quay',
      description: 'Quay robot account',
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    expect(secret.username).toBe('acme');
    expect(secret.encryptionKey).toBe(key);
    Template.fromStack(stack).hasResource('AWS::SecretsManager::Secret', {
      Properties: Match.objectLike({ Name: 'registry/quay', Description: 'Quay robot account', KmsKeyId: stack.resolve(key.keyArn) }),
      DeletionPolicy: 'Retain',
    });
  });

  test('plugs into RepositoryCreds.fromSecret with its key granted', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const secret = new RegistryCredentialsSecret(stack, 'Creds', { username: 'acme', encryptionKey: key });

    new ecs.FargateTaskDefinition(stack, 'TaskDef').addContainer('app', {
      image: ContainerImage.fromInternet('quay.io/acme/api:1.4', { credentials: RepositoryCreds.fromSecret(secret) }),
    });

    expect(containerDefinitions(stack)[0].RepositoryCredentials).toEqual({ CredentialsParameter: stack.resolve(secret.secretArn) });
    expect(policyStatements(stack).map(s => s.statement.Action)).toEqual(['secretsmanager:GetSecretValue', 'kms:Decrypt']);
  });

  test('a password from another secret is only a dynamic reference in the template', () => {
    const stack = newStack();

    new RegistryCredentialsSecret(stack, 'Creds', {
      username: 'acme',
      password: SecretValue.secretsManager('registry/token', { jsonField: 'token' }),
    });

    const [secret] = Object.values(Template.fromStack(stack).findResources('AWS::SecretsManager::Secret')) as any[];
    expect(secret.Properties.SecretString).toBe('{"username":"acme","password":"{{resolve:secretsmanager:registry/token:SecretString:token::}}"}');
  });
});
