import { Annotations, Aws, type IResource, Resource, Stack, Token } from 'aws-cdk-lib';
import { CfnPullThroughCacheRule, type IPullThroughCacheRuleRef, type PullThroughCacheRuleReference } from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import type { Construct } from 'constructs';
import { isRegistryHost, normalizeImageReference } from './private/image-name';
import { partitionOf, sameRegistry } from './private/registry';
import { type CacheRegistry, cacheRegistry } from './private/pull-through-cache-permissions';
import { grantRoleOrWarn } from './private/role-policies';
import { PullThroughCacheRuleGrants } from './pull-through-cache-rule-grants';
import { RepositoryCreationScenario, RepositoryCreationTemplate, type RepositoryCreationTemplateOptions } from './repository-creation-template';
import { UnscopedValidationError, ValidationError } from '../../core/lib/errors';
import { addConstructMetadata } from '../../core/lib/metadata-resource';
import { lit } from '../../core/lib/private/literal-string';
import { propertyInjectable } from '../../core/lib/prop-injectable';

/**
 * `EcrRepositoryPrefix`: lowercase components separated by '/', each made of
 * letters and digits separated by one '.', '_' or '-', 2 to 30 characters.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreatePullThroughCacheRule.html
 */
const REPOSITORY_PREFIX = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const MIN_PREFIX_LENGTH = 2;
const MAX_PREFIX_LENGTH = 30;

/**
 * The host of a private ECR registry, `<account>.dkr.ecr.<region>.<domain suffix>`
 * (CreatePullThroughCacheRule, `upstreamRegistryUrl` for `ecr`).
 */
const ECR_REGISTRY_URL = new RegExp('^(?:https://)?(\\d{12})\\.dkr\\.ecr\\.([a-z]{2}(?:-[a-z]+)+-\\d)\\.' +
  '(amazonaws\\.com(?:\\.cn)?|amazonaws\\.eu|c2s\\.ic\\.gov|sc2s\\.sgov\\.gov)/?$');

/**
 * A registry that an Amazon ECR pull through cache rule can cache images from.
 *
 * Each one knows the URL that ECR pulls from, the registry hosts that image
 * names use for it, and whether ECR needs credentials to pull from it: Docker
 * Hub, GitHub, GitLab, Azure and Chainguard need a Secrets Manager secret;
 * Amazon ECR Public, Kubernetes and Quay do not.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-creating-rule.html
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
        `Expected an Azure container registry name of letters and digits only, without '.azurecr.io', got '${registryName}'.`);
    }
    const host = `${registryName.toLowerCase()}.azurecr.io`;
    return new UpstreamRegistry('azure-container-registry', host, 'azure', true, [host]);
  }

  /**
   * The private Amazon ECR registry of an account in a Region (ECR to ECR pull through cache).
   *
   * The account and Region may be the rule's own or others. Such a registry
   * needs no credentials: ECR assumes a role of the rule's account to pull
   * from it.
   *
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-private.html
   * @param options the registry's account and Region, and the prefix of its repositories to cache
   */
  public static ecr(options: EcrUpstreamRegistryOptions): UpstreamRegistry {
    const { account, region } = options;
    if (!Token.isUnresolved(account) && !/^\d{12}$/.test(account)) {
      throw new UnscopedValidationError(lit`InvalidEcrUpstreamRegistry`,
        `Expected the 12-digit account ID of an ECR upstream registry, got '${account}'.`);
    }
    const suffix = Token.isUnresolved(region) ? 'amazonaws.com' : RegionInfo.get(region).domainSuffix ?? 'amazonaws.com';
    return UpstreamRegistry.ecrRegistry(account, region, `${account}.dkr.ecr.${region}.${suffix}`, options.upstreamRepositoryPrefix);
  }

  /**
   * The private Amazon ECR registry with this URL (ECR to ECR pull through cache).
   *
   * @see https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreatePullThroughCacheRule.html
   * @param registryUrl the registry's host, `<account>.dkr.ecr.<region>.amazonaws.com`
   * @param options the prefix of its repositories to cache
   */
  public static fromEcrRegistryUrl(registryUrl: string, options: EcrUpstreamRegistryUrlOptions = {}): UpstreamRegistry {
    // A token's text ('${Token[...]}') never matches: the URL must be known at synth time.
    const match = ECR_REGISTRY_URL.exec(registryUrl);
    if (!match) {
      throw new UnscopedValidationError(lit`InvalidEcrUpstreamRegistry`,
        "Expected the host of a private ECR registry, '<12-digit account>.dkr.ecr.<region>.amazonaws.com', as an ECR upstream " +
        `registry URL, got '${registryUrl}'.`);
    }
    return UpstreamRegistry.ecrRegistry(match[1], match[2], `${match[1]}.dkr.ecr.${match[2]}.${match[3]}`, options.upstreamRepositoryPrefix);
  }

  private static ecrRegistry(account: string, region: string, host: string, upstreamRepositoryPrefix: string | undefined): UpstreamRegistry {
    if (upstreamRepositoryPrefix !== undefined && !Token.isUnresolved(upstreamRepositoryPrefix) && upstreamRepositoryPrefix !== 'ROOT' &&
      (!REPOSITORY_PREFIX.test(upstreamRepositoryPrefix) ||
        upstreamRepositoryPrefix.length < MIN_PREFIX_LENGTH || upstreamRepositoryPrefix.length > MAX_PREFIX_LENGTH)) {
      throw new UnscopedValidationError(lit`InvalidUpstreamRepositoryPrefix`,
        `Expected an upstreamRepositoryPrefix of 'ROOT' or ${MIN_PREFIX_LENGTH} to ${MAX_PREFIX_LENGTH} characters of lowercase letters ` +
        "and digits, separated inside by one '.', '_' or '-', in components separated by '/', " +
        `got '${upstreamRepositoryPrefix}'.`);
    }
    const registry = new UpstreamRegistry('ecr', host, 'ecr', false, [host.toLowerCase()]);
    registry.ecrUpstream = { account, region, upstreamRepositoryPrefix };
    return registry;
  }

  /** For an ECR registry: its account and Region, and the prefix of the repositories the rule caches. */
  private ecrUpstream?: { readonly account: string; readonly region: string; readonly upstreamRepositoryPrefix?: string };

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
   * For an ECR registry, the prefix of its repositories that the rule caches
   * (`ROOT` for all of them).
   *
   * @default - not an ECR registry
   */
  public get upstreamRepositoryPrefix(): string | undefined {
    return this.ecrUpstream ? this.ecrUpstream.upstreamRepositoryPrefix ?? 'ROOT' : undefined;
  }

  /**
   * Whether ECR needs a role of the rule's account (`customRole`) to pull from
   * this registry: an ECR registry.
   */
  public get requiresCustomRole(): boolean {
    return this.ecrUpstream !== undefined;
  }

  /**
   * The statement that this ECR registry's policy must hold for a rule of another account to cache its images.
   *
   * The registry policy, or the repository policies, let the cache's account
   * get the images and their layers from the cached repositories, import
   * them, and follow the copy. Only a rule of another account needs it; one
   * of the same account in another Region needs only its role.
   *
   * Use it in a stack of the upstream account, for example in an
   * `ecr.CfnRegistryPolicy`; in a repository policy, leave out its resources.
   *
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-private.html
   * @param cacheAccount the account of the pull through cache rule
   */
  public cacheAccountPolicyStatement(cacheAccount: string): iam.PolicyStatement {
    if (!this.ecrUpstream) {
      throw new UnscopedValidationError(lit`NotAnEcrUpstreamRegistry`,
        `Expected an ECR upstream registry (UpstreamRegistry.ecr()) for the policy statement of a cache account, got ${this.url}.`);
    }
    const { region } = this.ecrUpstream;
    // The upstream registry's partition: written out in a Region known at synth time, the deploying stack's otherwise.
    const partition = (Token.isUnresolved(region) ? undefined : RegionInfo.get(region).partition) ?? Aws.PARTITION;
    return new iam.PolicyStatement({
      sid: `PullThroughCacheFrom${Token.isUnresolved(cacheAccount) ? '' : cacheAccount}`,
      principals: [new iam.ArnPrincipal(`arn:${partition}:iam::${cacheAccount}:root`)],
      actions: [...ECR_UPSTREAM_POLICY_ACTIONS],
      resources: [this._upstreamRepositoryArn(partition)],
    });
  }

  /**
   * The ARN pattern of the upstream repositories that the rule caches:
   * `<upstream prefix>/*`, or `*` for the whole registry. Only for an ECR
   * upstream registry (`requiresCustomRole`).
   *
   * @internal
   */
  public _upstreamRepositoryArn(partition: string): string {
    const { account, region, upstreamRepositoryPrefix: prefix } = this.ecrUpstream!;
    const pattern = prefix === undefined || prefix === 'ROOT' ? '*' : `${prefix}/*`;
    return `arn:${partition}:ecr:${region}:${account}:repository/${pattern}`;
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
    // ECR to ECR: the cache's prefix stands for the upstream repository prefix.
    const upstreamPrefix = this.upstreamRepositoryPrefix;
    let cachedPath = path;
    if (upstreamPrefix !== undefined && upstreamPrefix !== 'ROOT') {
      if (!path.startsWith(`${upstreamPrefix}/`) || path.length === upstreamPrefix.length + 1) {
        return undefined;
      }
      cachedPath = path.slice(upstreamPrefix.length + 1);
    }
    return `${cachedPath}${tag === undefined ? '' : `:${tag}`}${digest === undefined ? '' : `@${digest}`}`;
  }
}

/**
 * Options of an ECR upstream registry known by its URL.
 */
export interface EcrUpstreamRegistryUrlOptions {
  /**
   * The prefix of the upstream registry's repositories that the rule caches.
   *
   * A pull of `<cache prefix>/<name>` is served from the upstream repository
   * `<upstream prefix>/<name>`; `ROOT` caches every repository of the registry.
   *
   * @default 'ROOT'
   */
  readonly upstreamRepositoryPrefix?: string;
}

/**
 * Options of an ECR upstream registry.
 */
export interface EcrUpstreamRegistryOptions extends EcrUpstreamRegistryUrlOptions {
  /**
   * The account of the upstream registry: the rule's own, or another.
   */
  readonly account: string;

  /**
   * The Region of the upstream registry: the rule's own, or another.
   */
  readonly region: string;
}

/**
 * A pull through cache rule of Amazon ECR.
 */
export interface IPullThroughCacheRule extends IResource, IPullThroughCacheRuleRef {
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
   * Grants on the images cached by this rule.
   */
  readonly grants: PullThroughCacheRuleGrants;
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
   * A secret, not a reference to one: the rule checks its name and gives ECR
   * its complete ARN, which `ISecretRef` does not carry.
   * [disable-awslint:prefer-ref-interface]
   *
   * @default - no credentials
   */
  readonly credentials?: secretsmanager.ISecret;

  /**
   * The role that ECR assumes to pull from an ECR upstream registry.
   *
   * It must be in the rule's account. A role that can take policies is
   * granted what ECR needs.
   *
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-private.html
   * @default - for an ECR upstream registry, a role is created; none otherwise
   */
  readonly customRole?: iam.IRoleRef;
}

/**
 * What a rule of this app and an imported rule share.
 */
abstract class PullThroughCacheRuleBase extends Resource implements IPullThroughCacheRule {
  public abstract readonly ecrRepositoryPrefix: string;
  public abstract readonly upstreamRegistry: UpstreamRegistry;
  public readonly grants = PullThroughCacheRuleGrants.fromPullThroughCacheRule(this);

  /** The cache's registry host and the ARN prefix of its repositories, made once. */
  private registry?: CacheRegistry;
  /** What `upstreamRegistry.cachedImagePath()` gave for each image name asked about. */
  private readonly cachedPaths = new Map<string, string | undefined>();

  public get pullThroughCacheRuleRef(): PullThroughCacheRuleReference {
    return { ecrRepositoryPrefix: this.ecrRepositoryPrefix };
  }

  public repositoryNameForImage(imageName: string): string {
    // The cached path is the repository path with its tag or digest.
    return `${this.ecrRepositoryPrefix}/${withoutTagOrDigest(this.cachedPath(imageName))}`;
  }

  public imageUri(imageName: string): string {
    this.registry ??= cacheRegistry(this);
    return `${this.registry.host}/${this.ecrRepositoryPrefix}/${this.cachedPath(imageName)}`;
  }

  private cachedPath(imageName: string): string {
    if (!this.cachedPaths.has(imageName)) {
      this.cachedPaths.set(imageName, this.upstreamRegistry.cachedImagePath(imageName));
    }
    const path = this.cachedPaths.get(imageName);
    if (path === undefined) {
      throw new ValidationError(lit`ImageNotServedByPullThroughCache`,
        `Expected an image of ${this.upstreamRegistry.url}, the registry that pull through cache rule '${this.ecrRepositoryPrefix}' caches, ` +
        `got '${imageName}' (${notServedReason(imageName)}).`, this);
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
@propertyInjectable
export class PullThroughCacheRule extends PullThroughCacheRuleBase {
  /**
   * Uniquely identifies this class.
   */
  public static readonly PROPERTY_INJECTION_ID: string = 'aws-cdk-lib.aws-ecr.PullThroughCacheRule';

  /**
   * The start of the name of every secret that a pull through cache rule reads.
   *
   * The pattern of `AWS::ECR::PullThroughCacheRule.CredentialArn` is
   * `^arn:aws:secretsmanager:[a-zA-Z0-9-:]+:secret:ecr\-pullthroughcache\/[a-zA-Z0-9\/_+=.@-]+$`,
   * and ECR's service-linked role may only read secrets of that prefix.
   *
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecr-pullthroughcacherule.html
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/slr-pullthroughcache.html
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

  /**
   * The role that ECR assumes to pull from the upstream registry.
   *
   * @default - none: ECR uses its service-linked role
   */
  public readonly customRole?: iam.IRoleRef;


  constructor(scope: Construct, id: string, props: PullThroughCacheRuleProps) {
    super(scope, id);
    // Enhanced CDK Analytics Telemetry
    addConstructMetadata(this, props);
    this.upstreamRegistry = props.upstreamRegistry;
    this.ecrRepositoryPrefix = props.ecrRepositoryPrefix ?? props.upstreamRegistry.defaultRepositoryPrefix;
    this.credentials = props.credentials;

    validatePrefix(this, this.ecrRepositoryPrefix);
    this.validateUniquePrefix();
    this.validateCredentials();
    this.customRole = this.customRoleOf(props.customRole);

    new CfnPullThroughCacheRule(this, 'Resource', {
      ecrRepositoryPrefix: this.ecrRepositoryPrefix,
      upstreamRegistry: this.upstreamRegistry.registryType,
      upstreamRegistryUrl: this.upstreamRegistry.url,
      credentialArn: this.credentials ? this.credentialArn(this.credentials) : undefined,
      customRoleArn: this.customRole?.roleRef.roleArn,
      upstreamRepositoryPrefix: this.upstreamRegistry.requiresCustomRole ? this.upstreamRegistry.upstreamRepositoryPrefix : undefined,
    });
    const rolePolicy = props.customRole ? undefined : this.customRole?.node.tryFindChild('DefaultPolicy');
    if (rolePolicy) {
      // ECR may use the role as soon as the rule exists: give the role its policy first.
      this.node.defaultChild!.node.addDependency(rolePolicy);
    }
    // Known to the prefix check once it is valid: a rule that failed synthesis holds no prefix.
    RULES_OF_APP.set(this.node.root, [...RULES_OF_APP.get(this.node.root) ?? [], this]);
  }

  /**
   * Add a repository creation template with this rule's prefix: the
   * repositories that ECR creates on the first pull through the rule get its
   * settings instead of ECR's defaults.
   *
   * The rule depends on the template, so that no image is pulled through the
   * rule before the template exists. When the template sets resource tags,
   * the pulls granted by the rule include `ecr:TagResource`, which ECR then
   * needs from the principal that pulls.
   *
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates.html
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html
   * @param id the template's construct id, in the scope of this rule
   * @param options the template's settings
   */
  public addRepositoryCreationTemplate(id: string, options: RepositoryCreationTemplateOptions = {}): RepositoryCreationTemplate {
    const template = new RepositoryCreationTemplate(this, id, {
      ...options,
      prefix: this.ecrRepositoryPrefix,
      appliedFor: options.appliedFor ?? [RepositoryCreationScenario.PULL_THROUGH_CACHE],
    });
    if (!template.appliedFor.includes(RepositoryCreationScenario.PULL_THROUGH_CACHE)) {
      throw new ValidationError(lit`RuleTemplateNotForPullThroughCache`,
        `Expected the repository creation template of pull through cache rule '${this.ecrRepositoryPrefix}' to be applied for ` +
        `PULL_THROUGH_CACHE, got [${template.appliedFor.join(', ')}].`, this);
    }
    // The rule's resource, not the rule: the template is in the rule's scope.
    this.node.defaultChild!.node.addDependency(template);
    if (template.tagsRepositories) {
      this.grants._addPullAction('ecr:TagResource');
    }
    return template;
  }

  /**
   * The role of an ECR upstream registry: the given one, in the rule's
   * account, or one created with the trust and permissions that the ECR user
   * guide lists for ECR to ECR pull through cache. The actions are granted on
   * the repositories that the rule reads from and writes to (the upstream
   * repositories under the upstream prefix, and this registry's under the
   * rule's prefix), since the guide does not say which registry each is
   * called on; `ecr:GetAuthorizationToken` has no resource type.
   *
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-private.html
   */
  private customRoleOf(given: iam.IRoleRef | undefined): iam.IRoleRef | undefined {
    if (given) {
      const theirs = given.env.account;
      const ours = this.env.account;
      if (!Token.isUnresolved(theirs) && !Token.isUnresolved(ours) && theirs !== ours) {
        throw new ValidationError(lit`PullThroughCacheRoleElsewhere`,
          `Expected a customRole of the account of pull through cache rule '${this.ecrRepositoryPrefix}' (${ours}), ` +
          `which ECR assumes, got a role of account ${theirs}.`, this);
      }
    }
    if (!this.upstreamRegistry.requiresCustomRole) {
      return given;
    }
    const role = given ?? new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('pullthroughcache.ecr.amazonaws.com'),
      description: `Lets Amazon ECR pull from ${this.upstreamRegistry.url} for the pull through cache rule '${this.ecrRepositoryPrefix}'`,
    });
    const { region, account } = Stack.of(this);
    const partition = partitionOf(this);
    const statements = [
      new iam.PolicyStatement({
        actions: [...ECR_UPSTREAM_ROLE_ACTIONS],
        resources: [
          this.upstreamRegistry._upstreamRepositoryArn(partition),
          `arn:${partition}:ecr:${region}:${account}:repository/${this.ecrRepositoryPrefix}/*`,
        ],
      }),
      new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
    ];
    grantRoleOrWarn(this, role, statements, 'pullThroughCacheRoleNotGranted',
      `The custom role of pull through cache rule '${this.ecrRepositoryPrefix}'`, `to pull from ${this.upstreamRegistry.url}`);
    return role;
  }

  /**
   * The secret's ARN for `CredentialArn`, documented as the ARN of the secret:
   * its complete ARN. Its pattern also matches a partial ARN (without the six
   * characters Secrets Manager adds), which Secrets Manager resolves only while
   * it matches one secret, and misreads as a complete ARN when the name itself
   * ends in '-' and six characters. So: an error for such a name, and a warning
   * for any other partial ARN, which is not the documented form.
   *
   * @see https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreatePullThroughCacheRule.html
   * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
   * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot.html#ARN_secretnamehyphen
   */
  private credentialArn(secret: secretsmanager.ISecret): string {
    if (secret.secretFullArn !== undefined) {
      return secret.secretFullArn;
    }
    const name = literalSecretName(secret);
    if (name !== undefined && /-[A-Za-z0-9]{6}$/.test(name)) {
      throw new ValidationError(lit`PullThroughCacheSecretPartialArnAmbiguous`,
        'Expected the pull through cache credentials by complete ARN (secretsmanager.Secret.fromSecretCompleteArn()) for a secret whose name ' +
        `ends in '-' and six characters, which Secrets Manager takes for the suffix of a complete ARN, got the name '${name}'.`, this);
    }
    Annotations.of(this).addWarningV2('cdk-ecs-private-registry:pullThroughCacheSecretPartialArn',
      'Expected the pull through cache credentials by complete ARN (secretsmanager.Secret.fromSecretCompleteArn()), as ECR documents ' +
      `CredentialArn, got a secret known by name or partial ARN${name === undefined ? '' : ` ('${name}')`}, which Secrets Manager resolves ` +
      'only while it matches exactly one secret.');
    return secret.secretArn;
  }

  /**
   * Fail for a second rule of the app with this prefix in the same registry:
   * ECR identifies a rule by its registry (account and Region) and prefix, and
   * refuses a second one with PullThroughCacheRuleAlreadyExistsException.
   * Rules of two stacks whose account or Region is known only at deploy time
   * cannot be compared, and are not.
   *
   * @see https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreatePullThroughCacheRule.html
   * @see https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribePullThroughCacheRules.html
   */
  private validateUniquePrefix() {
    // A token is one deploy-time value within its stack only (AWS::StackName differs from stack to stack): two rules
    // of one stack with one token as prefix collide; tokens in other stacks, or other tokens, are left to deployment.
    const rules = RULES_OF_APP.get(this.node.root) ?? [];
    const stack = Stack.of(this);
    const deployTime = Token.isUnresolved(this.ecrRepositoryPrefix);
    const other = rules.find(rule => (deployTime ? Stack.of(rule) === stack : sameRegistry(rule, this)) &&
      rule.ecrRepositoryPrefix === this.ecrRepositoryPrefix);
    if (other) {
      const known = !Token.isUnresolved(stack.account) && !Token.isUnresolved(stack.region);
      const where = known ? `account ${stack.account} and Region ${stack.region}` : `stack ${stack.node.path}`;
      throw new ValidationError(lit`DuplicatePullThroughCachePrefix`,
        `Expected an ecrRepositoryPrefix of its own in ${where}, got '${this.ecrRepositoryPrefix}', the prefix of the rule ${other.node.path}.`, this);
    }
  }

  private validateCredentials() {
    const registry = this.upstreamRegistry;
    const secret = this.credentials;
    if (registry.requiresCredentials && !secret) {
      throw new ValidationError(lit`PullThroughCacheCredentialsMissing`,
        `Expected 'credentials' (a secret named 'ecr-pullthroughcache/...', such as a RegistryCredentialsSecret with forPullThroughCache: true) ` +
        `for a pull through cache rule of ${registry.url}, which ECR only pulls from with credentials, got none.`, this);
    }
    if (!registry.requiresCredentials && secret) {
      throw new ValidationError(lit`PullThroughCacheCredentialsUnwanted`,
        `Expected no 'credentials' for a pull through cache rule of ${registry.url}, which ECR pulls from without credentials, got a secret.`, this);
    }
    if (!secret) {
      return;
    }
    const name = literalSecretName(secret);
    if (name !== undefined && !name.startsWith(PullThroughCacheRule.SECRET_NAME_PREFIX)) {
      throw new ValidationError(lit`PullThroughCacheSecretName`,
        `Expected pull through cache credentials in a secret whose name starts with '${PullThroughCacheRule.SECRET_NAME_PREFIX}', got '${name}'.`, this);
    }
    const resource = secret.node.defaultChild;
    if (resource instanceof secretsmanager.CfnSecret && Stack.of(resource).resolve(resource.name) === undefined) {
      throw new ValidationError(lit`PullThroughCacheSecretUnnamed`,
        `Expected pull through cache credentials in a secret with a secretName starting with '${PullThroughCacheRule.SECRET_NAME_PREFIX}', ` +
        'got a secret of this app without a name, which CloudFormation would name without it.', this);
    }
    for (const [what, theirs, ours] of [['account', secret.env.account, this.env.account], ['Region', secret.env.region, this.env.region]]) {
      if (!Token.isUnresolved(theirs) && !Token.isUnresolved(ours) && theirs !== ours) {
        throw new ValidationError(lit`PullThroughCacheSecretElsewhere`,
          `Expected pull through cache credentials in the rule's ${what} (${ours}), where ECR reads them, got a secret in ${what} ${theirs}.`, this);
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
    // A prefix keeps the cache's repositories, and the grants on them, apart from the others.
    problems.push('no prefix');
  } else {
    if (prefix.length < MIN_PREFIX_LENGTH || prefix.length > MAX_PREFIX_LENGTH) {
      problems.push(`${prefix.length} characters long`);
    }
    if (!REPOSITORY_PREFIX.test(prefix)) {
      problems.push('not lowercase components separated by one \'/\'');
    }
  }
  if (problems.length > 0) {
    throw new ValidationError(lit`InvalidPullThroughCachePrefix`,
      `Expected an ECR repository prefix of ${MIN_PREFIX_LENGTH} to ${MAX_PREFIX_LENGTH} lowercase letters and digits, separated inside ` +
      `by one '.', '_' or '-', in components separated by '/' (for example 'docker-hub'), got '${prefix}' (${problems.join(', ')}).`, scope);
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
    return 'a name with values known only at deploy time';
  }
  const [first, ...rest] = imageName.split('/');
  return rest.length === 0 || !isRegistryHost(first)
    ? 'an image on Docker Hub'
    : `an image on ${first}`;
}

/**
 * What the role of an ECR to ECR rule may do, besides `ecr:GetAuthorizationToken`.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-private.html
 */
const ECR_UPSTREAM_ROLE_ACTIONS = [
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'ecr:GetImageCopyStatus',
  'ecr:BatchImportUpstreamImage',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
];

/**
 * What the upstream registry's policy lets the cache's account do.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-private.html
 */
const ECR_UPSTREAM_POLICY_ACTIONS = [
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchImportUpstreamImage',
  'ecr:GetImageCopyStatus',
];

/** A cached path without its tag or digest: the repository's name under the prefix. */
function withoutTagOrDigest(cachedPath: string): string {
  // The host, and with it a port's colon, is not part of a cached path: a colon starts the tag.
  return cachedPath.split('@')[0].split(':')[0];
}
