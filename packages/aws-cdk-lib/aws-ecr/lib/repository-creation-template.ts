import { Annotations, type IResource, Lazy, Resource, Stack, Token } from 'aws-cdk-lib';
import {
  CfnRepositoryCreationTemplate,
  type ImageTagMutabilityExclusionFilter,
  type IRepositoryCreationTemplateRef,
  type LifecycleRule,
  RepositoryEncryption,
  type RepositoryCreationTemplateReference,
  TagMutability,
} from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { checkLifecycleRule, orderLifecycleRules, renderLifecyclePolicy } from './private/lifecycle-policy';
import { partitionOf, sameRegistry } from './private/registry';
import { grantRoleOrWarn } from './private/role-policies';
import { PullThroughCacheRule } from './pull-through-cache-rule';
import { addConstructMetadata } from '../../core/lib/metadata-resource';
import { ValidationError } from '../../core/lib/errors';
import { lit } from '../../core/lib/private/literal-string';
import { propertyInjectable } from '../../core/lib/prop-injectable';

/**
 * `prefix` of CreateRepositoryCreationTemplate: repository name components
 * separated by '/', with an optional trailing '/', or `ROOT`; 1 to 256 characters.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepositoryCreationTemplate.html
 */
const TEMPLATE_PREFIX = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*\/?$/;
const MAX_TEMPLATE_PREFIX_LENGTH = 256;

/**
 * The ways in which Amazon ECR creates a repository that a repository creation
 * template can apply to.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ecr-repositorycreationtemplate.html#cfn-ecr-repositorycreationtemplate-appliedfor
 */
export enum RepositoryCreationScenario {
  /** ECR creates the repository on the first pull through a pull through cache rule. */
  PULL_THROUGH_CACHE = 'PULL_THROUGH_CACHE',
  /** ECR creates the repository when it replicates an image into this registry. */
  REPLICATION = 'REPLICATION',
  /** ECR creates the repository on the first push of an image to a repository that does not exist. */
  CREATE_ON_PUSH = 'CREATE_ON_PUSH',
}

/**
 * A repository creation template of Amazon ECR.
 */
export interface IRepositoryCreationTemplate extends IResource, IRepositoryCreationTemplateRef {
  /**
   * The prefix of the repositories that the template applies to, or `ROOT`.
   *
   * @attribute
   */
  readonly repositoryCreationTemplatePrefix: string;
}

/**
 * The settings of a repository creation template, without its prefix.
 */
export interface RepositoryCreationTemplateOptions {
  /**
   * The ways of creating a repository that the template applies to.
   *
   * @default [RepositoryCreationScenario.PULL_THROUGH_CACHE]
   */
  readonly appliedFor?: RepositoryCreationScenario[];

  /**
   * A description of the template.
   *
   * @default - no description
   */
  readonly description?: string;

  /**
   * How the images of the created repositories are encrypted at rest.
   *
   * `KMS` and `KMS_DSSE` need a role that may use the key: the template
   * creates one unless `role` is given.
   *
   * @default - `KMS` when `encryptionKey` is given, `AES_256` otherwise
   */
  readonly encryption?: RepositoryEncryption;

  /**
   * The KMS key of `KMS` or `KMS_DSSE` encryption, in the template's Region.
   *
   * @default - the AWS managed key of ECR (`aws/ecr`), when the encryption is `KMS` or `KMS_DSSE`
   */
  readonly encryptionKey?: kms.IKeyRef;

  /**
   * Whether the tags of the created repositories can be overwritten.
   *
   * @default TagMutability.MUTABLE
   */
  readonly imageTagMutability?: TagMutability;

  /**
   * The tags that are exempt from `imageTagMutability`.
   *
   * Only with `IMMUTABLE_WITH_EXCLUSION` or `MUTABLE_WITH_EXCLUSION`; 1 to 5
   * filters.
   *
   * @default - no exclusions
   */
  readonly imageTagMutabilityExclusionFilters?: ImageTagMutabilityExclusionFilter[];

  /**
   * Tags of the created repositories.
   *
   * They need a role that may tag the repositories: the template creates one
   * unless `role` is given.
   *
   * @default - no tags
   */
  readonly resourceTags?: { [key: string]: string };

  /**
   * The repository policy of the created repositories.
   *
   * Its statements name principals and actions, and no resources: the policy
   * applies to the repository it is set on, and ECR refuses one that names
   * resources.
   *
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html
   * @default - no repository policy
   */
  readonly repositoryPolicy?: iam.PolicyDocument;

  /**
   * The lifecycle rules of the created repositories.
   *
   * @default - no lifecycle policy: the images are kept until they are deleted
   */
  readonly lifecycleRules?: LifecycleRule[];

  /**
   * The role that ECR assumes to create repositories with KMS encryption or
   * resource tags, in the template's account.
   *
   * A role that can take policies (an `iam.IRole` that is not immutable) is
   * granted what the template needs.
   *
   * @default - a role is created when the template has KMS encryption or resource tags
   */
  readonly role?: iam.IRoleRef;
}

/**
 * Properties of a repository creation template.
 *
 * The template's physical name is its `prefix`, which ECR knows it by
 * (`AWS::ECR::RepositoryCreationTemplate` has no name property).
 */
export interface RepositoryCreationTemplateProps extends RepositoryCreationTemplateOptions {
  /**
   * The prefix of the repositories that the template applies to: a repository
   * name or namespace such as `docker-hub` or `team/app`, or
   * `RepositoryCreationTemplate.ROOT` for the repositories that no other
   * template of the registry matches.
   */
  readonly prefix: string;
}

/**
 * A repository creation template of Amazon ECR: the settings that ECR gives a
 * repository it creates itself, on the first pull through a pull through cache
 * rule, on replication or on the first push, when the repository's name starts
 * with the template's prefix.
 *
 * Without a template, such a repository has ECR's defaults: mutable tags,
 * AES-256 encryption, no lifecycle policy, no repository policy and no tags.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates.html
 * @resource AWS::ECR::RepositoryCreationTemplate
 */
@propertyInjectable
export class RepositoryCreationTemplate extends Resource implements IRepositoryCreationTemplate {
  /** Uniquely identifies this class. */
  public static readonly PROPERTY_INJECTION_ID: string = 'aws-cdk-lib.aws-ecr.RepositoryCreationTemplate';

  /**
   * The prefix of the template that applies to every repository that no other
   * template of the registry matches.
   */
  public static readonly ROOT = 'ROOT';

  /**
   * Import a repository creation template of this stack's account and Region by its prefix.
   *
   * @param scope the parent construct
   * @param id the construct id
   * @param repositoryCreationTemplatePrefix the template's prefix
   */
  public static fromRepositoryCreationTemplatePrefix(scope: Construct, id: string,
    repositoryCreationTemplatePrefix: string): IRepositoryCreationTemplate {
    class Import extends Resource implements IRepositoryCreationTemplate {
      public readonly repositoryCreationTemplatePrefix = repositoryCreationTemplatePrefix;
      public get repositoryCreationTemplateRef(): RepositoryCreationTemplateReference {
        return { prefix: this.repositoryCreationTemplatePrefix };
      }
    }
    const imported = new Import(scope, id);
    validateTemplatePrefix(imported, repositoryCreationTemplatePrefix);
    return imported;
  }

  public readonly repositoryCreationTemplatePrefix: string;

  /**
   * The ways of creating a repository that the template applies to.
   */
  public readonly appliedFor: RepositoryCreationScenario[];

  /**
   * The role that ECR assumes to create the repositories, when the template has one.
   */
  public readonly role?: iam.IRoleRef;

  private readonly lifecycleRules: LifecycleRule[] = [];
  private readonly resourceTags: { [key: string]: string };

  constructor(scope: Construct, id: string, props: RepositoryCreationTemplateProps) {
    super(scope, id);
    addConstructMetadata(this, props);

    this.repositoryCreationTemplatePrefix = props.prefix;
    this.appliedFor = props.appliedFor ?? [RepositoryCreationScenario.PULL_THROUGH_CACHE];
    this.resourceTags = props.resourceTags ?? {};
    validateTemplatePrefix(this, props.prefix);
    this.validateAppliedFor();
    this.validateUniquePrefix();
    validateTagMutability(this, props.imageTagMutability, props.imageTagMutabilityExclusionFilters);

    const encryption = this.encryptionOf(props);
    const usesKms = encryption !== RepositoryEncryption.AES_256;
    const tagged = Object.keys(this.resourceTags).length > 0;
    if (props.role) {
      this.validateRoleAccount(props.role);
    }
    this.role = props.role ?? (usesKms || tagged ? new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('ecr.amazonaws.com'),
      description: `Lets Amazon ECR create the repositories of the repository creation template '${props.prefix}'`,
    }) : undefined);
    if (this.role && (usesKms || tagged)) {
      this.grantTemplateRole(this.role, tagged, usesKms ? props.encryptionKey : undefined, usesKms);
    }

    for (const rule of props.lifecycleRules ?? []) {
      this.addLifecycleRule(rule);
    }

    new CfnRepositoryCreationTemplate(this, 'Resource', {
      prefix: props.prefix,
      appliedFor: this.appliedFor,
      description: props.description,
      encryptionConfiguration: encryption === RepositoryEncryption.AES_256 && props.encryption === undefined ? undefined : {
        encryptionType: encryption.value,
        kmsKey: props.encryptionKey?.keyRef.keyArn,
      },
      imageTagMutability: props.imageTagMutability,
      imageTagMutabilityExclusionFilters: props.imageTagMutabilityExclusionFilters?.map(filter => filter._render()),
      resourceTags: tagged ? Object.entries(this.resourceTags).map(([key, value]) => ({ key, value })) : undefined,
      // A JSON string, with the policy's deploy-time values (such as a partition) joined in.
      repositoryPolicy: props.repositoryPolicy ? Stack.of(this).toJsonString(props.repositoryPolicy) : undefined,
      lifecyclePolicy: Lazy.string({
        produce: () => this.lifecycleRules.length === 0
          ? undefined
          : renderLifecyclePolicy(this, orderLifecycleRules(this, this.lifecycleRules)),
      }),
      customRoleArn: this.role?.roleRef.roleArn,
    });
    if (props.repositoryPolicy) {
      const policy = props.repositoryPolicy;
      this.node.addValidation({ validate: () => this.repositoryPolicyErrors(policy) });
    }
    this.node.addValidation({ validate: () => this.warnWithoutRule() });
    TEMPLATES_OF_APP.set(this.node.root, [...TEMPLATES_OF_APP.get(this.node.root) ?? [], this]);
  }

  public get repositoryCreationTemplateRef(): RepositoryCreationTemplateReference {
    return { prefix: this.repositoryCreationTemplatePrefix };
  }

  /**
   * Add a lifecycle rule to the created repositories.
   *
   * The rule is checked as ECR checks it; the policy as a whole (unique
   * priorities, the `TagStatus.ANY` rule last) while the app synthesizes.
   *
   * @param rule the rule
   */
  public addLifecycleRule(rule: LifecycleRule): void {
    const checked = checkLifecycleRule(this, rule);
    // Fail at once for what the whole policy forbids, so that the error points at this call.
    orderLifecycleRules(this, [...this.lifecycleRules, checked]);
    this.lifecycleRules.push(checked);
  }

  /**
   * Whether the template applies to the repositories that ECR creates under the
   * repository prefix of a pull through cache rule.
   *
   * ECR applies the template with the longest prefix that the repository's
   * name starts with, and the `ROOT` template to a name that none matches.
   *
   * @param ecrRepositoryPrefix the rule's repository prefix
   */
  public appliesToRepositoryPrefix(ecrRepositoryPrefix: string): boolean {
    if (!this.appliedFor.includes(RepositoryCreationScenario.PULL_THROUGH_CACHE)) {
      return false;
    }
    const prefix = this.repositoryCreationTemplatePrefix.replace(/\/$/, '');
    return prefix === RepositoryCreationTemplate.ROOT ||
      ecrRepositoryPrefix === prefix || ecrRepositoryPrefix.startsWith(`${prefix}/`) || prefix.startsWith(`${ecrRepositoryPrefix}/`);
  }

  /**
   * Whether the template sets tags on the repositories it creates: a pull
   * through such a template then needs `ecr:TagResource`.
   *
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html
   */
  public get tagsRepositories(): boolean {
    return Object.keys(this.resourceTags).length > 0;
  }

  /**
   * The ARNs that the template's repositories have: `repository/<prefix>/*`,
   * or every repository of the registry for `ROOT`.
   */
  private repositoryArns(): string[] {
    const prefix = this.repositoryCreationTemplatePrefix.replace(/\/$/, '');
    const stack = Stack.of(this);
    const base = `arn:${partitionOf(this)}:ecr:${stack.region}:${stack.account}:repository`;
    return prefix === RepositoryCreationTemplate.ROOT ? [`${base}/*`] : [`${base}/${prefix}/*`];
  }

  /**
   * What the ECR user guide lists for the role of a template: `ecr:CreateRepository`
   * and `ecr:TagResource` (with `ecr:ReplicateImage` when the template applies
   * to replication), here on the template's repositories only; and, with KMS,
   * `kms:CreateGrant`, `kms:RetireGrant` and `kms:DescribeKey` on the key (on
   * any key when it is ECR's AWS managed key, whose ARN the app does not know).
   *
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates-custom.html
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates-create-iam.html
   */
  private grantTemplateRole(role: iam.IRoleRef, tagged: boolean, key: kms.IKeyRef | undefined, usesKms: boolean) {
    const statements = [new iam.PolicyStatement({
      actions: [
        'ecr:CreateRepository',
        ...tagged ? ['ecr:TagResource'] : [],
        ...this.appliedFor.includes(RepositoryCreationScenario.REPLICATION) ? ['ecr:ReplicateImage'] : [],
      ],
      resources: this.repositoryArns(),
    })];
    if (usesKms) {
      statements.push(new iam.PolicyStatement({
        actions: ['kms:CreateGrant', 'kms:RetireGrant', 'kms:DescribeKey'],
        resources: [key ? key.keyRef.keyArn : '*'],
      }));
    }
    grantRoleOrWarn(this, role, statements, 'repositoryCreationTemplateRoleNotGranted',
      `The role of repository creation template '${this.repositoryCreationTemplatePrefix}'`, 'to create its repositories');
  }

  /**
   * A repository policy belongs to the repository it is set on: each statement
   * names actions and principals, and no resources, which ECR refuses
   * (`Invalid repository policy provided`). Checked when the app synthesizes,
   * since the document can still change after the template is created.
   *
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html
   */
  private repositoryPolicyErrors(policy: iam.PolicyDocument): string[] {
    const where = `the repository policy of repository creation template '${this.repositoryCreationTemplatePrefix}'`;
    const statements: Array<Record<string, unknown>> = Stack.of(this).resolve(policy)?.Statement ?? [];
    return [
      ...policy.validateForAnyPolicy(),
      ...statements.flatMap((statement, index) => {
        const errors: string[] = [];
        if (statement.Principal === undefined && statement.NotPrincipal === undefined) {
          errors.push(`Expected a principal in statement ${index + 1} of ${where}, got none.`);
        }
        const resources = statement.Resource ?? statement.NotResource;
        if (resources !== undefined) {
          errors.push(`Expected no resources in statement ${index + 1} of ${where}, which ECR refuses in a repository policy, ` +
            `got ${JSON.stringify(resources)}.`);
        }
        return errors;
      }),
    ];
  }

  private encryptionOf(props: RepositoryCreationTemplateProps): RepositoryEncryption {
    const encryption = props.encryption ?? (props.encryptionKey ? RepositoryEncryption.KMS : RepositoryEncryption.AES_256);
    if (props.encryptionKey && encryption === RepositoryEncryption.AES_256) {
      throw new ValidationError(lit`TemplateEncryptionKeyWithoutKms`,
        `Expected KMS or KMS_DSSE encryption with the encryptionKey of repository creation template '${props.prefix}', got AES_256.`, this);
    }
    const keyRegion = props.encryptionKey?.env.region;
    const region = this.env.region;
    if (keyRegion !== undefined && !Token.isUnresolved(keyRegion) && !Token.isUnresolved(region) && keyRegion !== region) {
      throw new ValidationError(lit`TemplateEncryptionKeyElsewhere`,
        `Expected a KMS key in the Region of repository creation template '${props.prefix}' (${region}), got a key in ${keyRegion}.`, this);
    }
    return encryption;
  }

  private validateRoleAccount(role: iam.IRoleRef) {
    const theirs = role.env.account;
    const ours = this.env.account;
    if (!Token.isUnresolved(theirs) && !Token.isUnresolved(ours) && theirs !== ours) {
      throw new ValidationError(lit`TemplateRoleElsewhere`,
        `Expected a role of the account of repository creation template '${this.repositoryCreationTemplatePrefix}' (${ours}), ` +
        `which ECR assumes, got a role of account ${theirs}.`, this);
    }
  }

  private validateAppliedFor() {
    if (this.appliedFor.length === 0 || new Set(this.appliedFor).size !== this.appliedFor.length) {
      throw new ValidationError(lit`TemplateAppliedForInvalid`,
        `Expected one to three different RepositoryCreationScenario values in the appliedFor of repository creation template ` +
        `'${this.repositoryCreationTemplatePrefix}', got [${this.appliedFor.join(', ')}].`, this);
    }
  }

  /**
   * A registry (account and Region) holds one template per prefix.
   *
   * @see https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepositoryCreationTemplate.html
   */
  private validateUniquePrefix() {
    const prefix = this.repositoryCreationTemplatePrefix;
    if (Token.isUnresolved(prefix)) {
      return;
    }
    const other = (TEMPLATES_OF_APP.get(this.node.root) ?? []).find(template =>
      sameRegistry(template, this) && template.repositoryCreationTemplatePrefix.replace(/\/$/, '') === prefix.replace(/\/$/, ''));
    if (other) {
      throw new ValidationError(lit`DuplicateRepositoryCreationTemplatePrefix`,
        `Expected a prefix of its own for repository creation template '${prefix}' (ECR holds one template per prefix in an account ` +
        `and Region), got the prefix of the template ${other.node.path} in the same registry.`, this);
    }
  }

  /**
   * A template that applies to pull through cache only, and to no rule of
   * this app in its registry, most likely has a mistyped prefix.
   */
  private warnWithoutRule(): string[] {
    const prefix = this.repositoryCreationTemplatePrefix;
    if (Token.isUnresolved(prefix) || prefix === RepositoryCreationTemplate.ROOT ||
      this.appliedFor.length !== 1 || this.appliedFor[0] !== RepositoryCreationScenario.PULL_THROUGH_CACHE) {
      return [];
    }
    const matched = this.node.root.node.findAll().some(construct => construct instanceof PullThroughCacheRule && sameRegistry(construct, this) &&
      !Token.isUnresolved(construct.ecrRepositoryPrefix) && this.appliesToRepositoryPrefix(construct.ecrRepositoryPrefix));
    if (!matched) {
      Annotations.of(this).addWarningV2('cdk-ecs-private-registry:repositoryCreationTemplateWithoutRule',
        `Repository creation template '${prefix}' applies only to pull through cache, and matches the prefix of no pull through cache rule ` +
        'of this app in its account and Region.');
    }
    return [];
  }
}

/** The templates of each app (by its root construct), in the order they were created. */
const TEMPLATES_OF_APP = new WeakMap<Construct, RepositoryCreationTemplate[]>();

/** The prefix of a template, checked unless it is a token. */
function validateTemplatePrefix(scope: Construct, prefix: string) {
  if (Token.isUnresolved(prefix) || prefix === RepositoryCreationTemplate.ROOT) {
    return;
  }
  if (prefix.length > MAX_TEMPLATE_PREFIX_LENGTH || !TEMPLATE_PREFIX.test(prefix)) {
    throw new ValidationError(lit`InvalidRepositoryCreationTemplatePrefix`,
      `Expected a repository creation template prefix of 'ROOT' or up to ${MAX_TEMPLATE_PREFIX_LENGTH} characters of lowercase ` +
      "letters and digits, separated inside by one '.', '_' or '-', in components separated by '/', such as 'docker-hub' or 'team/app', " +
      `got '${prefix}' (${prefix.length} characters).`, scope);
  }
}

/**
 * Exclusion filters go with `IMMUTABLE_WITH_EXCLUSION` or
 * `MUTABLE_WITH_EXCLUSION` only, 1 to 5 of them, and those two settings need them.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ecr-repositorycreationtemplate.html#cfn-ecr-repositorycreationtemplate-imagetagmutabilityexclusionfilters
 */
function validateTagMutability(scope: Construct, mutability: TagMutability | undefined, filters: ImageTagMutabilityExclusionFilter[] | undefined) {
  const withExclusion = mutability === TagMutability.IMMUTABLE_WITH_EXCLUSION || mutability === TagMutability.MUTABLE_WITH_EXCLUSION;
  if (withExclusion !== (filters !== undefined) || (filters !== undefined && (filters.length < 1 || filters.length > 5))) {
    throw new ValidationError(lit`TemplateTagMutabilityExclusionFilters`,
      'Expected 1 to 5 imageTagMutabilityExclusionFilters with IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION and none otherwise, ' +
      `got ${filters?.length ?? 0} with imageTagMutability ${mutability ?? 'MUTABLE'}.`, scope);
  }
}
