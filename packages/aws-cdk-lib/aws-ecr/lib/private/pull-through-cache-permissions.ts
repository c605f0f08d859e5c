import { Stack, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import type { IPullThroughCacheRule } from '../pull-through-cache-rule';

/** The actions and resources of one statement of a grant. */
export interface Permission {
  readonly actions: string[];
  readonly resourceArns: string[];
}

/** The registry host of a rule's cache, and the ARN prefix of its repositories. */
export interface CacheRegistry {
  /** `<account>.dkr.ecr.<region>.<url suffix>` */
  readonly host: string;
  /** `arn:<partition>:ecr:<region>:<account>:repository` */
  readonly repositoryArnPrefix: string;
}

/**
 * The registry of the rule's account and Region. In a Region known at synth
 * time, the URL suffix and the partition are written out from the region-info
 * facts, as ECR names them there; they are deploy-time values only when the
 * Region is.
 */
export function cacheRegistry(rule: IPullThroughCacheRule): CacheRegistry {
  const { account, region } = rule.env;
  const facts = Token.isUnresolved(region) ? undefined : RegionInfo.get(region);
  const stack = Stack.of(rule);
  return {
    host: `${account}.dkr.ecr.${region}.${facts?.domainSuffix ?? stack.urlSuffix}`,
    repositoryArnPrefix: `arn:${facts?.partition ?? stack.partition}:ecr:${region}:${account}:repository`,
  };
}

/**
 * What pulling one image through the rule needs, as two statements:
 *
 * - on the image's cache repository only: the three actions of a pull, plus
 *   `ecr:BatchImportUpstreamImage` and `ecr:CreateRepository`, which the first
 *   pull needs to create the repository and import the image;
 * - `ecr:GetAuthorizationToken` on `*`: it has no resource type, so it cannot
 *   be scoped.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html
 */
export function pullThroughCachePermissions(rule: IPullThroughCacheRule, imageName: string): [Permission, Permission] {
  return [
    {
      actions: [
        'ecr:BatchCheckLayerAvailability',
        'ecr:GetDownloadUrlForLayer',
        'ecr:BatchGetImage',
        'ecr:BatchImportUpstreamImage',
        'ecr:CreateRepository',
      ],
      resourceArns: [`${cacheRegistry(rule).repositoryArnPrefix}/${rule.repositoryNameForImage(imageName)}`],
    },
    { actions: ['ecr:GetAuthorizationToken'], resourceArns: ['*'] },
  ];
}
