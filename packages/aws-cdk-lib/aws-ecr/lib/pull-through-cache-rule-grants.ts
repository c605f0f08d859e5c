import * as iam from 'aws-cdk-lib/aws-iam';
import type { IPullThroughCacheRule } from './pull-through-cache-rule';
import { pullThroughCachePermissions } from './private/pull-through-cache-permissions';

/**
 * Collection of grant methods for a pull through cache rule.
 */
export class PullThroughCacheRuleGrants {
  /**
   * Creates grants for a pull through cache rule.
   *
   * @param rule the rule whose cached images are pulled
   */
  public static fromPullThroughCacheRule(rule: IPullThroughCacheRule): PullThroughCacheRuleGrants {
    return new PullThroughCacheRuleGrants(rule);
  }

  /** Actions that every pull needs besides the usual ones. */
  private readonly extraActions: string[] = [];

  /**
   * The grant of each principal, whose repository statement grows by one
   * repository per image (a statement renders each action and resource once).
   */
  private readonly granted = new Map<iam.IPrincipal, iam.Grant>();

  private constructor(private readonly rule: IPullThroughCacheRule) {
  }

  /**
   * Add an action to every pull granted through the rule, those granted
   * already included: `ecr:TagResource`, when the rule's repository creation
   * template tags the repositories it creates.
   *
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html
   * @internal
   */
  public _addPullAction(action: string): void {
    this.extraActions.push(action);
    for (const grant of this.granted.values()) {
      grant.principalStatements[0]?.addActions(action);
    }
  }

  /**
   * Grant the principal what pulling an image through the rule needs, its
   * first pull (which creates the cache repository and imports the image)
   * included.
   *
   * The images of one principal share two statements: the pull actions on
   * each image's cache repository, listed once, and `ecr:GetAuthorizationToken`.
   *
   * @param grantee the principal that pulls, such as a task execution role
   * @param imageName the image's name in the upstream registry, for example `nginx:1.27` or `ghcr.io/acme/api:1.4`
   */
  public pull(grantee: iam.IGrantable, imageName: string): iam.Grant {
    const [repository, authorization] = pullThroughCachePermissions(this.rule, imageName);
    const granted = this.granted.get(grantee.grantPrincipal);
    if (granted) {
      granted.principalStatements[0]?.addResources(...repository.resourceArns);
      return granted;
    }
    const grant = iam.Grant.addToPrincipal({ grantee, ...repository, actions: [...repository.actions, ...this.extraActions] })
      .combine(iam.Grant.addToPrincipal({ grantee, ...authorization }));
    this.granted.set(grantee.grantPrincipal, grant);
    return grant;
  }
}
