import { Annotations, type IResource, Resource, Stack, Token } from 'aws-cdk-lib';
import { CfnPullThroughCacheRule } from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import type { Construct } from 'constructs';
import { isRegistryHost, normalizeImageReference } from './private/image-name';
import { UnscopedValidationError, ValidationError } from '../../core/lib/errors';
import { lit } from '../../core/lib/private/literal-string';

/**
 * `EcrRepositoryPrefix`: lowercase components separated by '/', each made of
 * letters and digits separated by one '.', '_' or '-' (ECR API reference,
 * CreatePullThroughCacheRule), 2 to 30 characters.
 */
const REPOSITORY_PREFIX = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const MIN_PREFIX_LENGTH = 2;
const MAX_PREFIX_LENGTH = 30;

/**
 * A registry that an Amazon ECR pull through cache rule can cache images from.
 *
 * Each one knows the URL that ECR pulls from, the registry hosts that image
 * names use for it, and whether ECR needs credentials to pull from it
 * (ECR user guide, "Sync an upstream registry with an Amazon ECR private
 * registry": Docker Hub, GitHub, GitLab, Azure and Chainguard need a Secrets
 * Manager secret; Amazon ECR Public, Kubernetes and Quay do not).
 */
export class UpstreamRegistry {
  /**
   * Docker Hub (`registry-1.docker.io`). Needs credentials.
   *
   * Image names without a registry host are Docker Hub's; official images
   * (`nginx`) are cached under `library/` (`<prefix>/library/nginx`).
   */
  public static readonly DOCKER_HUB = new UpstreamRegistry('docker-hub', 'registry-1.docker.io', 'docker-hub', true,
    ['docker.io', 'index.docker.io', 'registry-1.docker.io']);

  /** GitHub Container Registry (`ghcr.io`). Needs credentials. */
  public static readonly GITHUB_CONTAINER_REGISTRY = new UpstreamRegistry('github-container-registry', 'ghcr.io', 'github', true, ['ghcr.io']);

  /** GitLab Container Registry, GitLab.com only (`registry.gitlab.com`). Needs credentials. */
  public static readonly GITLAB_CONTAINER_REGISTRY = new UpstreamRegistry('gitlab-container-registry', 'registry.gitlab.com', 'gitlab', true,
    ['registry.gitlab.com']);

  /** Chainguard's registry (`cgr.dev`). Needs credentials. */
  public static readonly CHAINGUARD = new UpstreamRegistry('chainguard', 'cgr.dev', 'chainguard', true, ['cgr.dev']);

  /** Quay (`quay.io`). Needs no credentials. */
  public static readonly QUAY = new UpstreamRegistry('quay', 'quay.io', 'quay', false, ['quay.io']);

  /** Amazon ECR Public (`public.ecr.aws`). Needs no credentials. */
  public static readonly ECR_PUBLIC = new UpstreamRegistry('ecr-public', 'public.ecr.aws', 'ecr-public', false, ['public.ecr.aws']);

  /** The Kubernetes container image registry (`registry.k8s.io`). Needs no credentials. */
  public static readonly KUBERNETES = new UpstreamRegistry('k8s', 'registry.k8s.io', 'kubernetes', false, ['registry.k8s.io']);

  /**
   * A Microsoft Azure container registry (`<registryName>.azurecr.io`). Needs credentials.
   *
   * @param registryName the registry's name, the first label of its login server
   */
  public static azureContainerRegistry(registryName: string): UpstreamRegistry {
    if (!Token.isUnresolved(registryName) && !/^[a-zA-Z0-9]+$/.test(registryName)) {
      throw new UnscopedValidationError(lit`InvalidAzureRegistryName`,
        `Invalid Azure container registry name '${registryName}': give the name alone, letters and digits, without '.azurecr.io'.`);
    }
    const host = `${registryName.toLowerCase()}.azurecr.io`;
    return new UpstreamRegistry('azure-container-registry', host, 'azure', true, [host]);
  }

  /**
   * @param registryType the value of the rule's `UpstreamRegistry` property
   * @param url the value of the rule's `UpstreamRegistryUrl` property
   * @param defaultRepositoryPrefix the ECR repository prefix that the ECR console proposes for this registry
   * @param requiresCredentials whether ECR needs a Secrets Manager secret to pull from this registry
   * @param hosts the registry hosts that image names use for this registry, lowercase
   */
  private constructor(
    public readonly registryType: string,
    public readonly url: string,
    public readonly defaultRepositoryPrefix: string,
    public readonly requiresCredentials: boolean,
    private readonly hosts: string[]) {
  }

  /**
   * The part of an image name that follows the cache's repository prefix:
   * the repository path in this registry, with the tag or digest.
   *
   * The name is read as Docker reads it: for Docker Hub, `nginx:1.27` gives
   * `library/nginx:1.27` (official images keep their `library/` component in
   * the cache) and `docker.io/acme/api` gives `acme/api`; a path after
   * `registry-1.docker.io/` is taken as written, as Docker takes it.
   *
   * @param imageName a Docker image reference, `[host[:port]/]path[:tag][@digest]`
   * @returns the path with its tag or digest, or `undefined` when the name is
   * not of this registry (or holds unresolved tokens)
   */
  public cachedImagePath(imageName: string): string | undefined {
    if (Token.isUnresolved(imageName)) {
      return undefined;
    }
    const { host, path, tag, digest } = normalizeImageReference(imageName);
    if (!this.hosts.includes(host.toLowerCase()) || path.length === 0) {
      return undefined;
    }
    return `${path}${tag === undefined ? '' : `:${tag}`}${digest === undefined ? '' : `@${digest}`}`;
  }
}

/**
 * A pull through cache rule of Amazon ECR.
 */
export interface IPullThroughCacheRule extends IResource {
  /**
   * The prefix of the ECR repositories that hold the cached images.
   *
   * @attribute
   */
  readonly ecrRepositoryPrefix: string;

  /**
   * The registry that the rule caches images from.
   */
  readonly upstreamRegistry: UpstreamRegistry;

  /**
   * The name of the ECR repository that caches an image of the upstream registry.
   *
   * @param imageName the image's name in the upstream registry, for example `nginx:1.27` or `ghcr.io/acme/api:1.4`
   */
  repositoryNameForImage(imageName: string): string;

  /**
   * The ECR image URI that pulls an image of the upstream registry through
   * this rule: `<account>.dkr.ecr.<region>.<url suffix>/<prefix>/<path>[:tag][@digest]`.
   *
   * @param imageName the image's name in the upstream registry, for example `nginx:1.27` or `ghcr.io/acme/api:1.4`
   */
  imageUri(imageName: string): string;

  /**
   * Grant the principal what pulling the image through this rule needs, the
   * first pull (which creates the repository and imports the image) included.
   *
   * @param grantee the principal that pulls, such as a task execution role
   * @param imageName the image's name in the upstream registry
   */
  grantPullThroughCache(grantee: iam.IGrantable, imageName: string): iam.Grant;
}

/**
 * Attributes of a pull through cache rule defined outside this app.
 */
export interface PullThroughCacheRuleAttributes {
  /**
   * The prefix of the ECR repositories that hold the cached images.
   */
  readonly ecrRepositoryPrefix: string;

  /**
   * The registry that the rule caches images from.
   */
  readonly upstreamRegistry: UpstreamRegistry;
}

/**
 * Properties of a pull through cache rule.
 */
export interface PullThroughCacheRuleProps {
  /**
   * The registry to cache images from.
   */
  readonly upstreamRegistry: UpstreamRegistry;

  /**
   * The prefix of the ECR repositories that hold the cached images.
   *
   * Lowercase letters and digits, separated by '.', '_', '-' or '/', 2 to 30
   * characters. Each rule of a registry needs its own prefix.
   *
   * @default - the namespace that the ECR console uses for the registry (`docker-hub`, `github`, `quay`, ...)
   */
  readonly ecrRepositoryPrefix?: string;

  /**
   * The secret that holds the upstream registry's credentials, as the JSON
   * object `{"username": "...", "accessToken": "..."}`.
   *
   * Required by the registries whose `requiresCredentials` is true, refused by
   * the others. Its name must start with `ecr-pullthroughcache/`, and it must
   * be in the rule's account and Region.
   *
   * @default - no credentials
   */
  readonly credentials?: secretsmanager.ISecret;
}

/**
 * What a rule of this app and an imported rule share.
 */
abstract class PullThroughCacheRuleBase extends Resource implements IPullThroughCacheRule {
  public abstract readonly ecrRepositoryPrefix: string;
  public abstract readonly upstreamRegistry: UpstreamRegistry;

  /** The grant of each principal, whose pull statement grows by one repository per image. */
  private readonly grants = new Map<iam.IPrincipal, { readonly grant: iam.Grant; readonly repositoryArns: Set<string> }>();
  /** The cache's registry host and the ARN prefix of its repositories, made once. */
  private registry?: { readonly host: string; readonly repositoryArnPrefix: string };
  /** What `upstreamRegistry.cachedImagePath()` gave for each image name asked about. */
  private readonly cachedPaths = new Map<string, string | undefined>();

  public repositoryNameForImage(imageName: string): string {
    // The cached path is the repository path with its tag or digest.
    this.cachedPath(imageName);
    return `${this.ecrRepositoryPrefix}/${normalizeImageReference(imageName).path}`;
  }

  public imageUri(imageName: string): string {
    return `${this.registryParts().host}/${this.ecrRepositoryPrefix}/${this.cachedPath(imageName)}`;
  }

  // Documented on IPullThroughCacheRule. Two statements (ECR user guide, "IAM
  // permissions required to sync an upstream registry with an Amazon ECR
  // private registry", and the ECS task execution role's ECR permissions):
  //
  // - on the image's repository only: the three actions of a pull, plus
  //   `ecr:BatchImportUpstreamImage` and `ecr:CreateRepository`, which the
  //   first pull needs to create the repository and import the image;
  // - `ecr:GetAuthorizationToken` on `*`: it has no resource type (Service
  //   Authorization Reference, Amazon ECR), so it cannot be scoped.
  //
  // The images of one principal share the two statements: the first lists
  // each image's repository once.
  public grantPullThroughCache(grantee: iam.IGrantable, imageName: string): iam.Grant {
    const repositoryArn = `${this.registryParts().repositoryArnPrefix}/${this.repositoryNameForImage(imageName)}`;
    const granted = this.grants.get(grantee.grantPrincipal);
    if (granted) {
      if (!granted.repositoryArns.has(repositoryArn)) {
        granted.repositoryArns.add(repositoryArn);
        granted.grant.principalStatements[0]?.addResources(repositoryArn);
      }
      return granted.grant;
    }
    const pull = iam.Grant.addToPrincipal({
      grantee,
      actions: [
        'ecr:BatchCheckLayerAvailability',
        'ecr:GetDownloadUrlForLayer',
        'ecr:BatchGetImage',
        'ecr:BatchImportUpstreamImage',
        'ecr:CreateRepository',
      ],
      resourceArns: [repositoryArn],
    });
    const grant = pull.combine(iam.Grant.addToPrincipal({
      grantee,
      actions: ['ecr:GetAuthorizationToken'],
      resourceArns: ['*'],
    }));
    this.grants.set(grantee.grantPrincipal, { grant, repositoryArns: new Set([repositoryArn]) });
    return grant;
  }

  /**
   * `<account>.dkr.ecr.<region>.<url suffix>` and `arn:<partition>:ecr:<region>:<account>:repository`.
   *
   * In a Region known at synth time, the URL suffix and the partition are
   * written out (from the region-info facts), as ECR names them there; they are
   * deploy-time values only when the Region is.
   */
  private registryParts(): { readonly host: string; readonly repositoryArnPrefix: string } {
    if (!this.registry) {
      const { account, region } = this.env;
      const facts = Token.isUnresolved(region) ? undefined : RegionInfo.get(region);
      const stack = Stack.of(this);
      this.registry = {
        host: `${account}.dkr.ecr.${region}.${facts?.domainSuffix ?? stack.urlSuffix}`,
        repositoryArnPrefix: `arn:${facts?.partition ?? stack.partition}:ecr:${region}:${account}:repository`,
      };
    }
    return this.registry;
  }

  private cachedPath(imageName: string): string {
    if (!this.cachedPaths.has(imageName)) {
      this.cachedPaths.set(imageName, this.upstreamRegistry.cachedImagePath(imageName));
    }
    const path = this.cachedPaths.get(imageName);
    if (path === undefined) {
      throw new ValidationError(lit`ImageNotServedByPullThroughCache`,
        `Image '${imageName}' cannot be pulled through the pull through cache rule '${this.ecrRepositoryPrefix}', ` +
        `which caches ${this.upstreamRegistry.url} (${this.upstreamRegistry.registryType}): ${notServedReason(imageName)}.`,
        this);
    }
    return path;
  }
}

/**
 * A pull through cache rule of Amazon ECR: images of an upstream registry
 * pulled through ECR are cached in ECR repositories under a prefix, and kept
 * up to date from the upstream registry.
 *
 * The rule is checked while the app synthesizes: the repository prefix, and
 * that the registry gets credentials if and only if it needs them, in a
 * secret that ECR can use.
 *
 * @resource AWS::ECR::PullThroughCacheRule
 */
export class PullThroughCacheRule extends PullThroughCacheRuleBase {
  /**
   * The start of the name of every secret that a pull through cache rule reads.
   *
   * The pattern of `AWS::ECR::PullThroughCacheRule.CredentialArn` is
   * `^arn:aws:secretsmanager:[a-zA-Z0-9-:]+:secret:ecr\-pullthroughcache\/[a-zA-Z0-9\/_+=.@-]+$`
   * (CloudFormation template reference), and ECR's service-linked role may only
   * read secrets of that prefix (ECR user guide, "Amazon ECR service-linked role
   * for pull through cache").
   */
  public static readonly SECRET_NAME_PREFIX = 'ecr-pullthroughcache/';

  /**
   * Import a pull through cache rule of this stack's account and Region.
   *
   * @param scope the parent construct
   * @param id the construct id
   * @param attrs the rule's prefix and upstream registry
   */
  public static fromPullThroughCacheRuleAttributes(scope: Construct, id: string, attrs: PullThroughCacheRuleAttributes): IPullThroughCacheRule {
    class Import extends PullThroughCacheRuleBase {
      public readonly ecrRepositoryPrefix = attrs.ecrRepositoryPrefix;
      public readonly upstreamRegistry = attrs.upstreamRegistry;
    }
    const imported = new Import(scope, id);
    validatePrefix(imported, attrs.ecrRepositoryPrefix);
    return imported;
  }

  public readonly ecrRepositoryPrefix: string;
  public readonly upstreamRegistry: UpstreamRegistry;

  /**
   * The secret that holds the upstream registry's credentials.
   *
   * @default - no credentials
   */
  public readonly credentials?: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, props: PullThroughCacheRuleProps) {
    super(scope, id);
    this.upstreamRegistry = props.upstreamRegistry;
    this.ecrRepositoryPrefix = props.ecrRepositoryPrefix ?? props.upstreamRegistry.defaultRepositoryPrefix;
    this.credentials = props.credentials;

    validatePrefix(this, this.ecrRepositoryPrefix);
    this.validateUniquePrefix();
    this.validateCredentials();

    new CfnPullThroughCacheRule(this, 'Resource', {
      ecrRepositoryPrefix: this.ecrRepositoryPrefix,
      upstreamRegistry: this.upstreamRegistry.registryType,
      upstreamRegistryUrl: this.upstreamRegistry.url,
      credentialArn: this.credentials ? this.credentialArn(this.credentials) : undefined,
    });
    // Known to the prefix check once it is valid: a rule that failed synthesis holds no prefix.
    RULES_OF_APP.set(this.node.root, [...RULES_OF_APP.get(this.node.root) ?? [], this]);
  }

  /**
   * The secret's ARN for `CredentialArn`, which the ECR API reference
   * (CreatePullThroughCacheRule, `credentialArn`) documents as "the ARN of the
   * Secrets Manager secret": its complete ARN. Its pattern also matches a
   * partial ARN (without the six characters Secrets Manager adds), which
   * Secrets Manager resolves only while it matches one secret, and misreads as
   * a complete ARN when the name itself ends in '-' and six characters
   * (Secrets Manager API reference, GetSecretValue `SecretId`; user guide,
   * "Finding a secret from a partial ARN"). So: an error for such a name, and
   * a warning for any other partial ARN, which is not the documented form.
   */
  private credentialArn(secret: secretsmanager.ISecret): string {
    if (secret.secretFullArn !== undefined) {
      return secret.secretFullArn;
    }
    const name = literalSecretName(secret);
    if (name !== undefined && /-[A-Za-z0-9]{6}$/.test(name)) {
      throw new ValidationError(lit`PullThroughCacheSecretPartialArnAmbiguous`,
        `The credentials of pull through cache rule '${this.ecrRepositoryPrefix}' are in a secret known by name or partial ARN, ` +
        `and its name '${name}' ends in '-' and six characters, which Secrets Manager takes for the suffix of a complete ARN: ` +
        'ECR would not find the secret. Import it by its complete ARN with secretsmanager.Secret.fromSecretCompleteArn().', this);
    }
    Annotations.of(this).addWarningV2('cdk-ecs-private-registry:pullThroughCacheSecretPartialArn',
      `The credentials of pull through cache rule '${this.ecrRepositoryPrefix}' are in a secret known by name or partial ARN` +
      `${name === undefined ? '' : ` ('${name}')`}, whose partial ARN becomes the rule's CredentialArn, where ECR documents ` +
      'the ARN of the secret. Secrets Manager resolves a partial ARN ' +
      'only while it matches exactly one secret. Import the secret by its complete ARN with secretsmanager.Secret.fromSecretCompleteArn().');
    return secret.secretArn;
  }

  /**
   * Fail for a second rule of the app with this prefix in the same registry:
   * ECR identifies a rule by its registry (account and Region) and prefix
   * (ECR API reference, DeletePullThroughCacheRule and
   * DescribePullThroughCacheRules take `ecrRepositoryPrefix` and `registryId`;
   * CreatePullThroughCacheRule fails with PullThroughCacheRuleAlreadyExistsException).
   * Rules of two stacks whose account or Region is known only at deploy time
   * cannot be compared, and are not.
   */
  private validateUniquePrefix() {
    if (Token.isUnresolved(this.ecrRepositoryPrefix)) {
      return;
    }
    const rules = RULES_OF_APP.get(this.node.root) ?? [];
    const stack = Stack.of(this);
    const known = !Token.isUnresolved(stack.account) && !Token.isUnresolved(stack.region);
    const other = rules.find(rule => {
      const theirs = Stack.of(rule);
      const sameRegistry = theirs === stack || (known && theirs.account === stack.account && theirs.region === stack.region);
      return sameRegistry && rule.ecrRepositoryPrefix === this.ecrRepositoryPrefix;
    });
    if (other) {
      const where = known ? `account ${stack.account} and Region ${stack.region}` : `stack ${stack.node.path}`;
      throw new ValidationError(lit`DuplicatePullThroughCachePrefix`,
        `Pull through cache rule '${this.ecrRepositoryPrefix}' has the prefix of the rule ${other.node.path}, in the same ${where}. ` +
        'ECR identifies a rule by its prefix in the registry of an account and Region, and refuses a second one with the same prefix. ' +
        'Give one of them another ecrRepositoryPrefix, or use the one rule for both.', this);
    }
  }

  private validateCredentials() {
    const registry = this.upstreamRegistry;
    const secret = this.credentials;
    if (registry.requiresCredentials && !secret) {
      throw new ValidationError(lit`PullThroughCacheCredentialsMissing`,
        `Pull through cache rule '${this.ecrRepositoryPrefix}' caches ${registry.url}, which ECR only pulls from with credentials. ` +
        "Give 'credentials': a Secrets Manager secret named 'ecr-pullthroughcache/...' holding {\"username\": ..., \"accessToken\": ...}, " +
        'such as a RegistryCredentialsSecret with forPullThroughCache: true.', this);
    }
    if (!registry.requiresCredentials && secret) {
      throw new ValidationError(lit`PullThroughCacheCredentialsUnwanted`,
        `Pull through cache rule '${this.ecrRepositoryPrefix}' caches ${registry.url}, which ECR pulls from without credentials ` +
        "and for which it refuses a secret. Leave out 'credentials'.", this);
    }
    if (!secret) {
      return;
    }
    const name = literalSecretName(secret);
    if (name !== undefined && !name.startsWith(PullThroughCacheRule.SECRET_NAME_PREFIX)) {
      throw new ValidationError(lit`PullThroughCacheSecretName`,
        `The credentials of pull through cache rule '${this.ecrRepositoryPrefix}' are in the secret '${name}', whose name does not start with ` +
        `'${PullThroughCacheRule.SECRET_NAME_PREFIX}', the only secrets ECR accepts for a rule. ` +
        "Name the secret 'ecr-pullthroughcache/<name>' (RegistryCredentialsSecret does with forPullThroughCache: true).", this);
    }
    const resource = secret.node.defaultChild;
    if (resource instanceof secretsmanager.CfnSecret && Stack.of(resource).resolve(resource.name) === undefined) {
      throw new ValidationError(lit`PullThroughCacheSecretUnnamed`,
        `The credentials of pull through cache rule '${this.ecrRepositoryPrefix}' are in a secret of this app without a name, ` +
        `which CloudFormation would name without the '${PullThroughCacheRule.SECRET_NAME_PREFIX}' prefix that ECR requires. ` +
        "Give it a secretName starting with 'ecr-pullthroughcache/' (RegistryCredentialsSecret does with forPullThroughCache: true).", this);
    }
    for (const [what, theirs, ours] of [['account', secret.env.account, this.env.account], ['Region', secret.env.region, this.env.region]]) {
      if (!Token.isUnresolved(theirs) && !Token.isUnresolved(ours) && theirs !== ours) {
        throw new ValidationError(lit`PullThroughCacheSecretElsewhere`,
          `The credentials of pull through cache rule '${this.ecrRepositoryPrefix}' are in ${what} ${theirs}, not the rule's (${ours}). ` +
          'ECR only reads a secret in the account and Region of the rule: create the secret there.', this);
      }
    }
  }
}

/** The rules of each app (by its root construct), in the order they were created. */
const RULES_OF_APP = new WeakMap<Construct, PullThroughCacheRule[]>();

/** The prefix of a rule, checked unless it is a token. */
function validatePrefix(scope: Construct, prefix: string) {
  if (Token.isUnresolved(prefix)) {
    return;
  }
  const problems: string[] = [];
  if (prefix === 'ROOT') {
    problems.push("'ROOT' (no prefix) is not supported here: a prefix keeps the cache's repositories, and the grants on them, apart from the others");
  } else {
    if (prefix.length < MIN_PREFIX_LENGTH || prefix.length > MAX_PREFIX_LENGTH) {
      problems.push(`it is ${prefix.length} characters long, not ${MIN_PREFIX_LENGTH} to ${MAX_PREFIX_LENGTH}`);
    }
    if (!REPOSITORY_PREFIX.test(prefix)) {
      problems.push("it must be lowercase letters and digits, separated inside by one '.', '_' or '-', in components separated by '/'");
    }
  }
  if (problems.length > 0) {
    throw new ValidationError(lit`InvalidPullThroughCachePrefix`,
      `Invalid ECR repository prefix '${prefix}' for a pull through cache rule: ${problems.join('; ')}. For example 'docker-hub' or 'cache/ghcr'.`, scope);
  }
}

/** The secret's name when known at synth time: the name given to a secret of this app, or that of an imported one. */
function literalSecretName(secret: secretsmanager.ISecret): string | undefined {
  const resource = secret.node.defaultChild;
  if (resource instanceof secretsmanager.CfnSecret) {
    // A secret of this app: its name as given (a name generated by CloudFormation resolves to nothing).
    const name = Stack.of(resource).resolve(resource.name);
    return typeof name === 'string' ? name : undefined;
  }
  return Token.isUnresolved(secret.secretName) ? undefined : secret.secretName;
}

function notServedReason(imageName: string): string {
  if (Token.isUnresolved(imageName)) {
    return 'the name holds values known only at deploy time, and the cache needs to know its registry and path while the app synthesizes';
  }
  const [first, ...rest] = imageName.split('/');
  return rest.length === 0 || !isRegistryHost(first)
    ? 'a name without a registry host is an image on Docker Hub'
    : `the name's registry host is ${first}`;
}
