// upstream: package-only begin
import { spawnSync } from 'child_process';
import * as path from 'path';
// upstream: package-only end
import { App, CfnParameter, type IPropertyInjector, type InjectionContext, PropertyInjectors, RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ContainerImage, RegistryCredentialsSecret, type RegistryCredentialsSecretProps, RepositoryCreds } from '../lib';
import { containerDefinitions, ENV, newStack, policyStatements } from './util';

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

describe('RegistryCredentialsSecret inputs', () => {
  test('throws for a plain-text password', () => {
    const stack = newStack();
    expect(() => new RegistryCredentialsSecret(stack, 'Creds', { username: 'acme', password: SecretValue.unsafePlainText('hunter2') }))
      .toThrow('got a plain-text password, which would be written into the template and the cloud assembly.');
  });

  test('throws for an empty username', () => {
    const stack = newStack();
    expect(() => new RegistryCredentialsSecret(stack, 'Creds', { username: ' ' }))
      .toThrow("Expected the user name that signs in to the registry, got an empty username ' '.");
  });
});

describe('RegistryCredentialsSecret construct conventions', () => {
  test('takes props injected for its own PROPERTY_INJECTION_ID', () => {
    // GIVEN
    class Describe implements IPropertyInjector {
      public readonly constructUniqueId = RegistryCredentialsSecret.PROPERTY_INJECTION_ID;
      public inject(props: RegistryCredentialsSecretProps, _context: InjectionContext): RegistryCredentialsSecretProps {
        return { description: 'injected', ...props };
      }
    }
    const stack = newStack();
    PropertyInjectors.of(stack).add(new Describe());

    // WHEN
    new RegistryCredentialsSecret(stack, 'Creds', { username: 'acme' });

    // THEN
    expect(RegistryCredentialsSecret.PROPERTY_INJECTION_ID).toBe('aws-cdk-lib.aws-ecs.RegistryCredentialsSecret');
    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::Secret', { Description: 'injected' });
  });

  test('records its props as construct metadata when the app collects it', () => {
    const app = new App({ context: { '@aws-cdk/core:enableAdditionalMetadataCollection': true } });
    const stack = new Stack(app, 'Stack', { env: ENV });

    const secret = new RegistryCredentialsSecret(stack, 'Creds', { username: 'acme' });

    expect(secret.node.metadata.map(m => m.type)).toContain('aws:cdk:analytics:construct');
  });
});

// upstream: package-only begin
describe('the built package', () => {
  test('takes props injected for its own PROPERTY_INJECTION_ID and for Secret\'s, as jsii compiles its decorator', () => {
    const compiled = path.resolve(__dirname, '..', 'index.js');
    const script = `
      const cdk = require('aws-cdk-lib');
      const { RegistryCredentialsSecret } = require(${JSON.stringify(compiled)});
      const app = new cdk.App();
      const stack = new cdk.Stack(app, 'Stack');
      const injectors = cdk.PropertyInjectors.of(stack);
      injectors.add({ constructUniqueId: RegistryCredentialsSecret.PROPERTY_INJECTION_ID, inject: (p) => ({ description: 'registry', ...p }) });
      injectors.add({ constructUniqueId: 'aws-cdk-lib.aws-secretsmanager.Secret', inject: (p) => ({ ...p, description: p.description + ', secret' }) });
      new RegistryCredentialsSecret(stack, 'Creds', { username: 'acme' });
      process.stdout.write(JSON.stringify(app.synth().getStackByName('Stack').template.Resources));`;

    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });

    expect(result.stderr).toBe('');
    expect(Object.values(JSON.parse(result.stdout)).map((r: any) => r.Properties.Description)).toEqual(['registry, secret']);
  });
});
// upstream: package-only end
