// upstream: package-only begin
import { spawnSync } from 'child_process';
import * as path from 'path';
// upstream: package-only end
import { App, Aws, CfnParameter, Fn, type IPropertyInjector, type InjectionContext, PropertyInjectors, RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
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
      Description: 'Credentials of a private container image registry, read by Amazon ECS',
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

describe('RegistryCredentialsSecret with values from CfnParameters', () => {
  /**
   * Whether CloudFormation takes `value` for a parameter with `AllowedPattern`
   * `pattern`: the pattern must match the entire value. Java's regular
   * expressions, which CloudFormation uses, read these patterns as JavaScript does.
   */
  function allows(pattern: string, value: string): boolean {
    return new RegExp(`^(?:${pattern})$`).test(value);
  }

  /** The secret's value as CloudFormation would write it, for these parameter values. */
  function deployedSecretString(stack: Stack, parameters: Record<string, string>): string {
    const [secret] = Object.values(Template.fromStack(stack).findResources('AWS::SecretsManager::Secret')) as any[];
    const [separator, parts] = secret.Properties.SecretString['Fn::Join'];
    return parts.map((part: any) => (typeof part === 'string' ? part : parameters[part.Ref])).join(separator);
  }

  /** The JSON value of a secret's string, or undefined where it is not JSON. */
  function readsBack(secretString: string): any {
    try {
      return JSON.parse(secretString);
    } catch {
      return undefined;
    }
  }

  function parameterOf(stack: Stack, id: string) {
    return Template.fromStack(stack).toJSON().Parameters[id];
  }

  const ALLOWED = ['hunter2', 'p@ss w0rd!{}[]:,\'/', 'ghp_0123456789abcdefABCDEF', 'mötley-crüe-🔑', '', '\u007f'];
  const REFUSED = ['a"b', 'a\\b', '"', '\\', 'line\nbreak', 'tab\there', '\u0000', '\u001f'];

  test('a password parameter without a pattern refuses ", \\ and control characters, and every value it allows makes valid JSON', () => {
    // GIVEN
    const stack = newStack();
    const token = new CfnParameter(stack, 'Token', { type: 'String', noEcho: true });

    // WHEN
    new RegistryCredentialsSecret(stack, 'Creds', { username: 'acme-bot', password: SecretValue.cfnParameter(token) });

    // THEN
    const { AllowedPattern: pattern, ConstraintDescription: description } = parameterOf(stack, 'Token');
    expect(description).toBe('must not contain ", \\ or control characters (it is written into the JSON of a Secrets Manager secret)');
    for (const password of ALLOWED) {
      expect(allows(pattern, password)).toBe(true);
      expect(JSON.parse(deployedSecretString(stack, { Token: password }))).toEqual({ username: 'acme-bot', password });
    }
    for (const password of REFUSED) {
      expect(allows(pattern, password)).toBe(false);
      // What the pattern prevents: a secret that is not JSON, which ECS cannot read, or
      // (`a\b`, where `\b` is a JSON escape) one that holds another password than the one given.
      expect(readsBack(deployedSecretString(stack, { Token: password }))?.password).not.toBe(password);
    }
  });

  test('a pattern of the user\'s is kept, and combined with the refusal: a value must match both', () => {
    // GIVEN
    const stack = newStack();
    const token = new CfnParameter(stack, 'Token', {
      type: 'String', noEcho: true, allowedPattern: '[^ ]{8,}|x"y', constraintDescription: 'at least 8 characters, no spaces',
    });

    // WHEN
    new RegistryCredentialsSecret(stack, 'Creds', { username: 'acme-bot', password: SecretValue.cfnParameter(token) });

    // THEN
    const { AllowedPattern: pattern, ConstraintDescription: description } = parameterOf(stack, 'Token');
    expect(description).toBe('at least 8 characters, no spaces');
    expect(allows(pattern, 'hunter2!')).toBe(true);
    expect(allows(pattern, 'short')).toBe(false);
    expect(allows(pattern, 'has spaces in it')).toBe(false);
    // The user's pattern alone would allow these; the combination does not.
    for (const password of ['abc"defgh', 'abc\\defgh', 'x"y']) {
      expect(allows('[^ ]{8,}|x"y', password)).toBe(true);
      expect(allows(pattern, password)).toBe(false);
    }
  });

  test('a parameter shared by two secrets is constrained once', () => {
    const stack = newStack();
    const token = new CfnParameter(stack, 'Token', { type: 'String', noEcho: true });

    new RegistryCredentialsSecret(stack, 'Direct', { username: 'acme', password: SecretValue.cfnParameter(token) });
    new RegistryCredentialsSecret(stack, 'Other', { username: 'acme-2', password: SecretValue.cfnParameter(token) });

    expect(parameterOf(stack, 'Token').AllowedPattern).toBe('(?![\\s\\S]*["\\\\\\x00-\\x1F])[\\s\\S]*');
  });

  // upstream: part ecr-pull-through-cache begin
  test('a secret for a pull through cache rule writes the parameter twice, and every value it allows makes valid JSON', () => {
    // GIVEN
    const stack = newStack();
    const token = new CfnParameter(stack, 'Token', { type: 'String', noEcho: true });

    // WHEN
    new RegistryCredentialsSecret(stack, 'Creds', { username: 'acme-bot', password: SecretValue.cfnParameter(token), forPullThroughCache: true });

    // THEN
    const pattern = parameterOf(stack, 'Token').AllowedPattern;
    for (const password of ALLOWED) {
      expect(JSON.parse(deployedSecretString(stack, { Token: password }))).toEqual({ username: 'acme-bot', password, accessToken: password });
    }
    for (const password of REFUSED) {
      expect(allows(pattern, password)).toBe(false);
    }
  });
  // upstream: part ecr-pull-through-cache end

  test('a user name from a parameter, and a password built from parameters, are constrained too', () => {
    // GIVEN
    const stack = newStack();
    const user = new CfnParameter(stack, 'User', { type: 'String' });
    const prefix = new CfnParameter(stack, 'Prefix', { type: 'String', noEcho: true });
    const other = new CfnParameter(stack, 'Unrelated', { type: 'String' });

    // WHEN
    new RegistryCredentialsSecret(stack, 'Creds', {
      username: user.valueAsString,
      password: SecretValue.unsafePlainText(Fn.join('-', [prefix.valueAsString, Aws.ACCOUNT_ID])),
    });

    // THEN
    expect(parameterOf(stack, 'User').AllowedPattern).toBeDefined();
    expect(parameterOf(stack, 'Prefix').AllowedPattern).toBeDefined();
    expect(parameterOf(stack, 'Unrelated').AllowedPattern).toBeUndefined();
    expect(other.allowedPattern).toBeUndefined();
  });

  test('a literal part of a value that is also the logical ID of a parameter does not constrain that parameter', () => {
    const stack = newStack();
    const token = new CfnParameter(stack, 'Token', { type: 'String', noEcho: true });
    new CfnParameter(stack, 'Team', { type: 'String' });

    new RegistryCredentialsSecret(stack, 'Creds', {
      username: Fn.join('-', ['Team', Aws.ACCOUNT_ID]),
      password: SecretValue.cfnParameter(token),
    });

    expect(parameterOf(stack, 'Token').AllowedPattern).toBeDefined();
    expect(parameterOf(stack, 'Team').AllowedPattern).toBeUndefined();
  });

  test('a Number parameter is left alone: its value cannot hold the characters', () => {
    const stack = newStack();
    const pin = new CfnParameter(stack, 'Pin', { type: 'Number', noEcho: true });

    new RegistryCredentialsSecret(stack, 'Creds', { username: 'acme', password: SecretValue.cfnParameter(pin) });

    expect(parameterOf(stack, 'Pin').AllowedPattern).toBeUndefined();
  });
});
