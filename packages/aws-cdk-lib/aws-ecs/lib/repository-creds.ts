import { Annotations, Stack, Token } from 'aws-cdk-lib';
import type { CfnTaskDefinition, ContainerDefinition } from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { containerLabel } from './private/container-label';
import { holdsPolicies, warnExecutionRoleNotGranted } from './private/execution-role-grants';
import { markTokens, TOKEN_MARK } from './private/image-reference';
import { parseSecretArn, partialArnSecretName, type SecretArnParts } from './private/secret-arn';
import { ValidationError } from '../../core/lib/errors';
import { lit } from '../../core/lib/private/literal-string';

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
    const where = `container '${containerLabel(scope, containerDefinition)}'`;
    this.validate(scope, where, arn);
    const credentialsParameter = this.credentialsParameter(scope, where, arn);
    this.grantRead(scope, where, arn, containerDefinition);
    return { credentialsParameter };
  }

  /**
   * The value of `CredentialsParameter`, in one of the two forms that ECS
   * documents: the secret's complete ARN, or its name when the secret is in
   * the task's own account and Region. ECS documents no partial ARN, and
   * users who gave one saw the pull fail with AccessDenied on that partial ARN
   * (aws/aws-cdk#18555, aws/aws-cdk#20744; aws-samples/dify-self-hosted-on-aws#35
   * for a name ending in a hyphen and six characters, which Secrets Manager
   * reads as a complete ARN).
   *
   * - ECS developer guide, "Private registry authentication for tasks"
   *   (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html):
   *   the secret may be in another Region or account; in the same Region, the
   *   full ARN or the name; in another account, the full ARN.
   * - ECS API reference, `RepositoryCredentials`
   *   (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RepositoryCredentials.html):
   *   the full ARN, or the name of a secret in the task's Region.
   *
   * Every task definition and job definition that renders these credentials
   * renders this value, as `bind()` returns it.
   */
  private credentialsParameter(scope: Construct, where: string, arn: SecretArnParts | undefined): string {
    if (this.secret.secretFullArn !== undefined) {
      return this.secret.secretFullArn;
    }
    const name = partialArnSecretName(this.secret.secretArn);
    const stack = Stack.of(scope);
    if (arn?.region !== undefined && !Token.isUnresolved(stack.region) && arn.region !== stack.region) {
      throw new ValidationError(lit`RegistrySecretNameInAnotherRegion`,
        `Repository credentials of ${where} are in Region ${arn.region}, another Region than the stack's (${stack.region}), ` +
        `and are referenced by name or partial ARN ('${this.secret.secretArn}'). ` +
        "ECS looks a secret up by name only in the task's own Region, and takes a secret of another Region by its complete ARN, " +
        'with the six-character suffix Secrets Manager adds: import it with secretsmanager.Secret.fromSecretCompleteArn().',
        scope,
      );
    }
    const problem = secretNameProblem(name);
    if (problem) {
      throw new ValidationError(lit`RegistrySecretNameNotAccepted`,
        `Repository credentials of ${where} reference the secret by name or partial ARN ('${this.secret.secretArn}'), ` +
        `so ECS would be given its name '${name}', which ${problem}. ` +
        `ECS takes a secret name of at most ${MAX_SECRET_NAME_LENGTH} letters, digits, '-' and '_', or else the secret's complete ARN, ` +
        'with the six-character suffix Secrets Manager adds: import it with secretsmanager.Secret.fromSecretCompleteArn().',
        scope,
      );
    }
    const unknown = [
      arn?.account !== undefined && Token.isUnresolved(stack.account) ? `account ${arn.account}` : undefined,
      arn?.region !== undefined && Token.isUnresolved(stack.region) ? `Region ${arn.region}` : undefined,
    ].filter(Boolean);
    if (unknown.length > 0) {
      Annotations.of(scope).addWarningV2('cdk-ecs-private-registry:registrySecretNameEnvUnknown',
        `Repository credentials of ${where} are given to ECS by name ('${name}'), which ECS looks up in the task's own account and Region, ` +
        `but the secret is in ${unknown.join(' and ')} and this stack's are known only at deploy time. ` +
        'Deploy the stack there (give it an env), or import the secret with secretsmanager.Secret.fromSecretCompleteArn().');
    }
    return name;
  }

  /** Fail on a secret ECS cannot use; warn about one that needs more than this app can give. */
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
      warnExecutionRoleNotGranted(scope, where, executionRole, 'read access on the repository credentials',
        readStatements(this.secret, arn, stack).map(({ statement }) => statement));
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

function isCrossAccount(arn: SecretArnParts | undefined, stack: Stack): boolean {
  return arn?.account !== undefined && !Token.isUnresolved(stack.account) && arn.account !== stack.account;
}

/**
 * The longest secret name that ECS takes as `CredentialsParameter`. Secrets
 * Manager allows names of up to 512 characters, among them '/', '+', '=', '.'
 * and '@'; ECS refuses them at CreateTaskDefinition: "Parameter names can
 * include up to 255 (uppercase and lowercase), numbers, hyphens, and
 * underscores" (reported in aws/aws-cdk#20139).
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
