import { Annotations, Stack, Token } from 'aws-cdk-lib';
import type { CfnTaskDefinition, ContainerDefinition } from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { parseSecretArn, type SecretArnParts } from './private/secret-arn';
import { lit, ValidationError } from '../../core/lib/errors';

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
  bind(scope: Construct, containerDefinition: ContainerDefinition): CfnTaskDefinition.RepositoryCredentialsProperty;
}

/**
 * Factories for the credentials of a private container image registry.
 */
export abstract class RepositoryCreds implements IRepositoryCreds {
  /**
   * Credentials kept in an AWS Secrets Manager secret.
   *
   * The secret may be created in the app or imported, by complete ARN
   * (recommended), partial ARN or name. Its value must be the JSON object
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
  public abstract bind(scope: Construct, containerDefinition: ContainerDefinition): CfnTaskDefinition.RepositoryCredentialsProperty;
}

/**
 * Registry credentials in a Secrets Manager secret.
 */
class SecretsManagerRepositoryCreds extends RepositoryCreds {
  constructor(public readonly secret: secretsmanager.ISecret) {
    super();
  }

  public bind(scope: Construct, containerDefinition: ContainerDefinition): CfnTaskDefinition.RepositoryCredentialsProperty {
    const arn = parseSecretArn(this.secret.secretArn);
    const where = `container '${containerDefinition.containerName}'`;
    this.validate(scope, where, arn);
    this.grantRead(scope, where, arn, containerDefinition);
    return { credentialsParameter: this.secret.secretArn };
  }

  /** Fail on a secret ECS cannot use; warn about one that often fails at pull time. */
  private validate(scope: Construct, where: string, arn: SecretArnParts | undefined) {
    const stack = Stack.of(scope);
    if (!arn && !Token.isUnresolved(this.secret.secretArn)) {
      throw new ValidationError(lit`RegistryCredentialsNotAnArn`,
        `Repository credentials of ${where} must be the ARN of a Secrets Manager secret, got '${this.secret.secretArn}'. ` +
        "Expected 'arn:<partition>:secretsmanager:<region>:<account>:secret:<name>': import the secret with " +
        'secretsmanager.Secret.fromSecretCompleteArn() or fromSecretNameV2().',
        scope,
      );
    }
    const notSecretsManager = (arn?.service !== undefined && arn.service !== 'secretsmanager')
      || (arn?.resourceType !== undefined && arn.resourceType !== 'secret');
    if (arn && notSecretsManager) {
      throw new ValidationError(lit`RegistryCredentialsNotASecret`,
        `Repository credentials of ${where} must be an AWS Secrets Manager secret, ` +
        `got '${this.secret.secretArn}' (service '${arn.service}', resource '${arn.resourceType}'). ` +
        'ECS only reads registry credentials from Secrets Manager: store them in a secret and pass it to RepositoryCreds.fromSecret().',
        scope,
      );
    }

    const partial = this.secret.secretFullArn === undefined;
    const crossAccount = isCrossAccount(arn, stack);
    if (crossAccount && partial) {
      throw new ValidationError(lit`CrossAccountRegistrySecretNotCompleteArn`,
        `Repository credentials of ${where} are in account ${arn!.account}, another account than the stack's (${stack.account}), ` +
        `and are referenced by name or partial ARN ('${this.secret.secretArn}'). ` +
        'ECS only accepts a secret of another account by its complete ARN, with the six-character suffix Secrets Manager adds: ' +
        'import it with secretsmanager.Secret.fromSecretCompleteArn().',
        scope,
      );
    }
    if (crossAccount) {
      Annotations.of(scope).addWarningV2('cdk-ecs-private-registry:crossAccountRegistrySecret',
        `Repository credentials of ${where} are in account ${arn!.account}, not the stack's (${stack.account}). ` +
        'The execution role is granted read access on its side; for the pull to succeed, the other account must also: ' +
        '(1) allow this task definition\'s execution role in the secret\'s resource policy (secretsmanager:GetSecretValue); ' +
        '(2) encrypt the secret with a customer managed KMS key whose key policy allows the execution role kms:Decrypt, ' +
        'since the default aws/secretsmanager key cannot be used from another account' +
        (this.secret.encryptionKey ? '.' : '; and pass that key to this app (Secret.fromSecretAttributes with encryptionKey) ' +
          'so that the execution role is granted kms:Decrypt here too.'));
    } else if (partial && arn) {
      Annotations.of(scope).addWarningV2('cdk-ecs-private-registry:registrySecretNotCompleteArn',
        `Repository credentials of ${where} reference the secret by name or partial ARN ('${this.secret.secretArn}'). ` +
        'ECS resolves it in the same account and region, but names ending in a hyphen and six characters, and grants on the ' +
        "'-??????' wildcard, have caused AccessDenied errors at pull time. " +
        'Prefer secretsmanager.Secret.fromSecretCompleteArn() with the full ARN of the secret.');
    }
  }

  /**
   * Grant the execution role what the pull needs, or say what to grant by hand.
   *
   * Containers that share a secret share the grant: it is built once per role.
   */
  private grantRead(scope: Construct, where: string, arn: SecretArnParts | undefined, containerDefinition: ContainerDefinition) {
    const stack = Stack.of(scope);
    const executionRole = containerDefinition.taskDefinition.obtainExecutionRole();
    let grants = GRANTS.get(executionRole);
    if (!grants) {
      grants = new Map();
      GRANTS.set(executionRole, grants);
    }
    let landed = grants.get(this.secret);
    if (landed === undefined) {
      landed = readStatements(this.secret, arn, stack)
        .map(({ statement, resource }) => grantOnRoleOrResource(executionRole, statement, resource))
        .every(Boolean);
      grants.set(this.secret, landed);
    }
    if (!landed) {
      Annotations.of(scope).addWarningV2('cdk-ecs-private-registry:executionRoleNotGranted',
        `The execution role of ${where} (${executionRole.node.path}, ${Token.isUnresolved(executionRole.roleArn) ? 'ARN known at deploy time' : executionRole.roleArn}) ` +
        'is imported and cannot be changed by this app, so it was not granted read access on the repository credentials. ' +
        'Add these statements to its policy by hand, or ECS will fail to pull the image: ' +
        JSON.stringify(stack.resolve(readStatements(this.secret, arn, stack).map(({ statement }) => statement.toStatementJson()))));
    }
  }
}

/** Whether each execution role already holds the grant on each secret (and whether it landed). */
const GRANTS = new WeakMap<iam.IRole, Map<secretsmanager.ISecret, boolean>>();

/** A statement of the grant, and the resource whose policy can hold it instead of the role's. */
interface ReadStatement {
  readonly statement: iam.PolicyStatement;
  readonly resource: iam.IResourceWithPolicy;
}

/**
 * The least that ECS needs to read registry credentials: GetSecretValue on the
 * secret, and Decrypt on its customer managed key through Secrets Manager.
 */
function readStatements(secret: secretsmanager.ISecret, arn: SecretArnParts | undefined, stack: Stack): ReadStatement[] {
  const statements: ReadStatement[] = [{
    resource: secret,
    statement: new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      // A secret known by name or partial ARN is matched with the six characters
      // that Secrets Manager appends to every secret's ARN.
      resources: [secret.secretFullArn ?? `${secret.secretArn}-??????`],
    }),
  }];
  if (secret.encryptionKey) {
    const region = arn?.region ?? stack.region;
    statements.push({
      resource: secret.encryptionKey,
      statement: new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [secret.encryptionKey.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` },
        },
      }),
    });
  }
  return statements;
}

/**
 * Add a statement to the role's policy, or else to the resource's policy, and
 * tell whether it landed anywhere.
 *
 * An immutable role (imported with `mutable: false`, or `withoutPolicyUpdates()`)
 * takes no statement. By default it still reports them added, and there is no
 * policy to hold them; imported with `addGrantsToResources: true` it refuses
 * them, and the grant goes to the resource's policy, as aws-cdk-lib's grants do.
 */
function grantOnRoleOrResource(role: iam.IRole, statement: iam.PolicyStatement, resource: iam.IResourceWithPolicy): boolean {
  if (role.addToPrincipalPolicy(statement).statementAdded) {
    return holdsPolicies(role);
  }
  return resource.addToResourcePolicy(new iam.PolicyStatement({
    actions: statement.actions,
    resources: ['*'],
    principals: [role],
    conditions: statement.conditions,
  })).statementAdded;
}

/**
 * Whether a role keeps the statements given to it: a role of this app (also
 * with `Role.customizeRoles()`, which reports them), or an imported mutable
 * role, which makes a policy for them.
 */
function holdsPolicies(role: iam.IRole): boolean {
  return role instanceof iam.Role
    || role instanceof iam.LazyRole
    || role.node.findAll().some(construct => construct instanceof iam.Policy);
}

function isCrossAccount(arn: SecretArnParts | undefined, stack: Stack): boolean {
  return arn?.account !== undefined && !Token.isUnresolved(stack.account) && arn.account !== stack.account;
}
