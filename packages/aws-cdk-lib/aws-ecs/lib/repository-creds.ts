import { Annotations, Stack, Token } from 'aws-cdk-lib';
import type { ContainerDefinition } from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { type Construct, Dependable } from 'constructs';
import { containerLabel } from './private/container-label';
import { holdsPolicies, warnExecutionRoleNotGranted } from './private/execution-role-grants';
import { markTokens, TOKEN_MARK } from './private/image-reference';
import { parseSecretArn, partialArnSecretName, type SecretArnParts } from './private/secret-arn';
import { ValidationError } from '../../core/lib/errors';
import { lit } from '../../core/lib/private/literal-string';

/**
 * The configuration of a container's repository credentials, as
 * `RepositoryCreds.bind()` returns it: the `RepositoryCredentials` of the
 * container definition.
 */
export interface RepositoryCredsConfig {
  /**
   * The secret that ECS reads the credentials from: its complete ARN, or its
   * name when it is in the task's own account and Region.
   */
  readonly credentialsParameter: string;
}

/**
 * Credentials that open a private container image registry.
 *
 * ECS reads them with the task execution role when it pulls the image, before
 * the task starts. Binding grants the execution role what that pull needs.
 */
export interface IRepositoryCreds {
  /**
   * The Secrets Manager secret that holds the registry credentials.
   *
   * Its value must be a JSON object with `username` and `password` keys.
   */
  readonly secret: secretsmanager.ISecret;

  /**
   * Grant the container's task execution role the right to read the
   * credentials, and return the `RepositoryCredentials` of the container.
   *
   * Called once by the image that carries these credentials, when the image is
   * bound to a container definition.
   */
  bind(scope: Construct, containerDefinition: ContainerDefinition): RepositoryCredsConfig;
}

/**
 * Factories for the credentials of a private container image registry.
 */
export abstract class RepositoryCreds implements IRepositoryCreds {
  /**
   * Credentials kept in an AWS Secrets Manager secret.
   *
   * The secret may be created in the app or imported, by complete ARN,
   * partial ARN or name. ECS is given its complete ARN when it is known, and
   * otherwise its name, which ECS looks up in the task's own account and
   * Region: a secret known by name or partial ARN must be there, and have a
   * name that ECS takes (at most 255 letters, digits, '-' and '_'), or
   * synthesis fails. Its value must be the JSON object
   * `{"username": "...", "password": "..."}`; `RegistryCredentialsSecret`
   * creates a secret of exactly that shape.
   *
   * @param secret the secret that holds the registry username and password
   */
  public static fromSecret(secret: secretsmanager.ISecret): RepositoryCreds {
    return new SecretsManagerRepositoryCreds(secret);
  }

  /**
   * The Secrets Manager secret that holds the registry credentials.
   */
  public abstract readonly secret: secretsmanager.ISecret;

  /**
   * Grant the container's task execution role the right to read the
   * credentials, and return the `RepositoryCredentials` of the container.
   */
  public abstract bind(scope: Construct, containerDefinition: ContainerDefinition): RepositoryCredsConfig;
}

/**
 * Registry credentials in a Secrets Manager secret.
 */
class SecretsManagerRepositoryCreds extends RepositoryCreds {
  constructor(public readonly secret: secretsmanager.ISecret) {
    super();
  }

  public bind(scope: Construct, containerDefinition: ContainerDefinition): RepositoryCredsConfig {
    const arn = parseSecretArn(this.secret.secretArn);
    const where = `container '${containerLabel(scope, containerDefinition)}'`;
    this.validate(scope, where, arn);
    const credentialsParameter = this.credentialsParameter(scope, where, arn);
    this.grantRead(scope, where, arn, containerDefinition);
    return { credentialsParameter };
  }

  /**
   * The value of `CredentialsParameter`, in one of the two forms that ECS
   * documents: the secret's complete ARN, or its name when the secret is in
   * the task's own account and Region (a secret of another account only by
   * complete ARN). ECS documents no partial ARN, and Secrets Manager reads a
   * name ending in a hyphen and six characters as a complete ARN.
   *
   * Every task definition and job definition that renders these credentials
   * renders this value, as `bind()` returns it.
   *
   * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html
   * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RepositoryCredentials.html
   */
  private credentialsParameter(scope: Construct, where: string, arn: SecretArnParts | undefined): string {
    if (this.secret.secretFullArn !== undefined) {
      return this.secret.secretFullArn;
    }
    const name = partialArnSecretName(this.secret.secretArn);
    const stack = Stack.of(scope);
    if (arn?.region !== undefined && !Token.isUnresolved(stack.region) && arn.region !== stack.region) {
      throw new ValidationError(lit`RegistrySecretNameInAnotherRegion`,
        `Expected the repository credentials of ${where}, a secret of Region ${arn.region} and not of the stack's (${stack.region}), ` +
        `by complete ARN (secretsmanager.Secret.fromSecretCompleteArn()), got '${this.secret.secretArn}'.`,
        scope,
      );
    }
    const problem = secretNameProblem(name);
    if (problem) {
      throw new ValidationError(lit`RegistrySecretNameNotAccepted`,
        `Expected the repository credentials of ${where} by a name of at most ${MAX_SECRET_NAME_LENGTH} letters, digits, '-' and '_' ` +
        `or by complete ARN (secretsmanager.Secret.fromSecretCompleteArn()), got the secret name '${name}', which ${problem}.`,
        scope,
      );
    }
    const unknown = [
      arn?.account !== undefined && Token.isUnresolved(stack.account) ? `account ${arn.account}` : undefined,
      arn?.region !== undefined && Token.isUnresolved(stack.region) ? `Region ${arn.region}` : undefined,
    ].filter(Boolean);
    if (unknown.length > 0) {
      Annotations.of(scope).addWarningV2('cdk-ecs-private-registry:registrySecretNameEnvUnknown',
        `Expected a stack in ${unknown.join(' and ')} of the repository credentials of ${where}, which ECS looks up by name ('${name}') ` +
        "in the task's own account and Region, got a stack whose are known only at deploy time (give it an env, or import the secret " +
        'with secretsmanager.Secret.fromSecretCompleteArn()).');
    }
    return name;
  }

  /** Fail on a secret ECS cannot use; warn about one that needs more than this app can give. */
  private validate(scope: Construct, where: string, arn: SecretArnParts | undefined) {
    const stack = Stack.of(scope);
    const notAnArn = () => new ValidationError(lit`RegistryCredentialsNotAnArn`,
      `Expected the repository credentials of ${where} as the ARN of a Secrets Manager secret ` +
      `('arn:<partition>:secretsmanager:<region>:<account>:secret:<name>'), got '${this.secret.secretArn}'.`,
      scope,
    );
    if (!arn && !Token.isUnresolved(this.secret.secretArn)) {
      throw notAnArn();
    }
    const notSecretsManager = (arn?.service !== undefined && arn.service !== 'secretsmanager')
      || (arn?.resourceType !== undefined && arn.resourceType !== 'secret');
    if (arn && notSecretsManager) {
      throw new ValidationError(lit`RegistryCredentialsNotASecret`,
        `Expected the repository credentials of ${where} in an AWS Secrets Manager secret, ` +
        `got '${this.secret.secretArn}' (service '${arn.service}', resource '${arn.resourceType}').`,
        scope,
      );
    }
    // A secret's name follows 'secret:'; in 'secret/name' ECS would be given an empty name.
    if (arn && partialArnSecretName(this.secret.secretArn) === '') {
      throw notAnArn();
    }

    const partial = this.secret.secretFullArn === undefined;
    const crossAccount = isCrossAccount(arn, stack);
    if (crossAccount && partial) {
      throw new ValidationError(lit`CrossAccountRegistrySecretNotCompleteArn`,
        `Expected the repository credentials of ${where}, a secret of account ${arn!.account} and not of the stack's (${stack.account}), ` +
        `by complete ARN (secretsmanager.Secret.fromSecretCompleteArn()), got '${this.secret.secretArn}'.`,
        scope,
      );
    }
    if (crossAccount) {
      Annotations.of(scope).addWarningV2('cdk-ecs-private-registry:crossAccountRegistrySecret',
        `Expected account ${arn!.account} to allow the execution role of ${where} secretsmanager:GetSecretValue in the secret's resource ` +
        'policy and kms:Decrypt in the key policy of a customer managed key' +
        (this.secret.encryptionKey ? '' : ' (pass that key to this app with Secret.fromSecretAttributes() so the role is granted it here too)') +
        `, got repository credentials in that account and not the stack's (${stack.account}), ` +
        'where the default aws/secretsmanager key cannot be used from another account.');
    }
  }

  /**
   * Grant the execution role what the pull needs, or say what to grant by hand.
   */
  private grantRead(scope: Construct, where: string, arn: SecretArnParts | undefined, containerDefinition: ContainerDefinition) {
    const executionRole = containerDefinition.taskDefinition.obtainExecutionRole();
    const permissions = readPermissions(this.secret, arn, Stack.of(scope));
    const landed = permissions.map(permission => grantOnRoleOrResource(executionRole, permission));
    if (!holdsPolicies(executionRole) && !landed.every(grant => grant.resourceStatements.length > 0 && isHeld(grant))) {
      warnExecutionRoleNotGranted(scope, where, executionRole, 'read access on the repository credentials',
        permissions.map(({ actions, resourceArns, conditions }) => new iam.PolicyStatement({ actions, resources: resourceArns, conditions })));
    }
  }
}

/** A statement of the grant, and the resource whose policy can hold it instead of the role's. */
interface ReadPermission {
  readonly actions: string[];
  readonly resourceArns: string[];
  readonly conditions?: Record<string, Record<string, unknown>>;
  readonly resource: iam.IResourceWithPolicy;
}

/**
 * The least that ECS needs to read registry credentials: GetSecretValue on the
 * secret, and Decrypt on its customer managed key through Secrets Manager.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html#private-auth-iam
 */
function readPermissions(secret: secretsmanager.ISecret, arn: SecretArnParts | undefined, stack: Stack): ReadPermission[] {
  const permissions: ReadPermission[] = [{
    actions: ['secretsmanager:GetSecretValue'],
    // A secret known by name or partial ARN is matched with the six characters
    // that Secrets Manager appends to every secret's ARN.
    resourceArns: [secret.secretFullArn ?? `${secret.secretArn}-??????`],
    resource: secret,
  }];
  if (secret.encryptionKey) {
    const region = arn?.region ?? stack.region;
    permissions.push({
      actions: ['kms:Decrypt'],
      resourceArns: [secret.encryptionKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
      resource: secret.encryptionKey,
    });
  }
  return permissions;
}

/**
 * Grant on the role's policy, or else on the resource's policy, as
 * `iam.Grant.addToPrincipalOrResource()` does, with the statement's conditions
 * kept on either side.
 *
 * An immutable role (imported with `mutable: false`, or `withoutPolicyUpdates()`)
 * takes no statement. By default it still reports them added, and there is no
 * policy to hold them; imported with `addGrantsToResources: true` it refuses
 * them, and the grant goes to the resource's policy.
 */
function grantOnRoleOrResource(role: iam.IRole, permission: ReadPermission): iam.Grant {
  const { actions, resourceArns, conditions, resource } = permission;
  const grant = iam.Grant.addToPrincipal({ grantee: role, actions, resourceArns, conditions });
  if (grant.success) {
    return grant;
  }
  return iam.Grant.addStatementToResourcePolicy({
    grantee: role,
    actions,
    resourceArns,
    resource,
    // In a resource policy, '*' is the resource itself.
    statement: new iam.PolicyStatement({ actions, resources: ['*'], principals: [role], conditions }),
  });
}

/**
 * Whether a grant made on a resource's policy landed there: a resource without
 * a policy of this app drops it, and the grant then depends on nothing. A KMS
 * key's policy is a document, not a construct, that the grant cannot list among
 * its dependencies: having one is landing.
 */
function isHeld(grant: iam.Grant): boolean {
  try {
    return Dependable.of(grant).dependencyRoots.length > 0;
  } catch {
    return true;
  }
}

function isCrossAccount(arn: SecretArnParts | undefined, stack: Stack): boolean {
  return arn?.account !== undefined && !Token.isUnresolved(stack.account) && arn.account !== stack.account;
}

/**
 * The longest secret name that ECS takes as `CredentialsParameter`. Secrets
 * Manager allows names of up to 512 characters, among them '/', '+', '=', '.'
 * and '@'; ECS refuses them at CreateTaskDefinition: "Parameter names can
 * include up to 255 (uppercase and lowercase), numbers, hyphens, and
 * underscores".
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RepositoryCredentials.html
 */
const MAX_SECRET_NAME_LENGTH = 255;
const SECRET_NAME_CHARACTER = /[A-Za-z0-9_-]/;

/**
 * Why ECS would refuse a secret name, or undefined when it takes it. A name
 * that holds tokens is checked in its literal parts only.
 */
function secretNameProblem(name: string): string | undefined {
  const marked = markTokens(name);
  const bad = [...new Set(marked)].filter(c => c !== TOKEN_MARK && !SECRET_NAME_CHARACTER.test(c));
  if (bad.length > 0) {
    return `holds ${bad.map(c => `'${c}'`).join(', ')}`;
  }
  const literalLength = marked.split(TOKEN_MARK).join('').length;
  if (literalLength > MAX_SECRET_NAME_LENGTH) {
    return `is ${literalLength} characters long`;
  }
  return undefined;
}
