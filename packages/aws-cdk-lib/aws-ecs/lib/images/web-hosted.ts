import { Annotations } from 'aws-cdk-lib';
import type { ContainerDefinition, ContainerImageConfig } from 'aws-cdk-lib/aws-ecs';
import type { Construct } from 'constructs';
// upstream: part ecr-pull-through-cache begin
import type { IPullThroughCacheRule } from '../../../aws-ecr';
// upstream: part ecr-pull-through-cache end
import { ContainerImage } from '../container-image';
import { imageReferenceProblems, markTokens } from '../private/image-reference';
import { containerLabel } from '../private/container-label';
// upstream: package-only begin
import { assertConsumerRendersCredentials, renderInBatchJobDefinitions } from '../private/foreign-consumers';
// upstream: package-only end
// upstream: part ecr-pull-through-cache begin
import { bindPullThroughCache } from '../private/pull-through-cache';
// upstream: part ecr-pull-through-cache end
import type { IRepositoryCreds } from '../repository-creds';
import { ValidationError } from '../../../core/lib/errors';
import { lit } from '../../../core/lib/private/literal-string';

/**
 * Matches a name whose registry host is Amazon ECR's (`<account>.dkr.ecr.<region>.amazonaws.com`,
 * FIPS, China and dual-stack `<account>.dkr-ecr.<region>.on.aws` forms), where ECS
 * ignores repository credentials. Tokens (account, region, URL suffix) are allowed.
 */
const ECR_REGISTRY = /^[^/]*\.dkr[.-]ecr(-fips)?\.[^/]+\//;

/**
 * Properties of an image pulled from a registry on the internet.
 */
export interface WebHostedImageProps {
  /**
   * The credentials that open the registry, for a private image.
   *
   * @default - no credentials: the image must be public
   */
  readonly credentials?: IRepositoryCreds;

  // upstream: part ecr-pull-through-cache begin
  /**
   * Pull the image through this Amazon ECR pull through cache rule instead of
   * from its registry.
   *
   * The container then names the image's copy in ECR, has no repository
   * credentials (`credentials` is not used: the rule has its own), and its
   * execution role may pull the image from its cache repository. The image
   * must be in the rule's upstream registry.
   *
   * @default - the image is pulled from its registry
   */
  readonly pullThroughCache?: IPullThroughCacheRule;
  // upstream: part ecr-pull-through-cache end
}

/**
 * An image in any registry that ECS can reach over the internet, public or
 * private: Docker Hub, Quay, GitHub Container Registry, JFrog Artifactory, or
 * a registry of your own.
 *
 * The name is a Docker image reference, `[registry-host[:port]/]path[:tag][@sha256:digest]`;
 * without a registry host it names an image on Docker Hub. It is checked at
 * synth time and an invalid one fails synthesis.
 */
export class WebHostedImage extends ContainerImage {
  /**
   * The image reference that ECS pulls.
   */
  public readonly imageName: string;

  /**
   * The credentials that open the registry.
   *
   * @default - no credentials: the image must be public
   */
  public readonly repositoryCredentials?: IRepositoryCreds;

  // upstream: part ecr-pull-through-cache begin
  /**
   * The pull through cache rule that the image is pulled through.
   *
   * @default - the image is pulled from its registry
   */
  public readonly pullThroughCache?: IPullThroughCacheRule;
  // upstream: part ecr-pull-through-cache end

  /**
   * @param imageName the image reference, for example `quay.io/acme/api:1.4` or `userx/test`
   * @param props credentials, when the registry is private
   */
  constructor(imageName: string, props: WebHostedImageProps = {}) {
    super();
    this.imageName = imageName;
    this.repositoryCredentials = props.credentials;
    // upstream: part ecr-pull-through-cache begin
    this.pullThroughCache = props.pullThroughCache;
    // upstream: part ecr-pull-through-cache end
  }

  public bind(scope: Construct, containerDefinition: ContainerDefinition): ContainerImageConfig {
    const container = containerLabel(scope, containerDefinition);
    const problems = imageReferenceProblems(this.imageName);
    if (problems.length > 0) {
      throw new ValidationError(lit`InvalidImageName`,
        `Expected an image name '[registry-host[:port]/]path[:tag][@sha256:<64 hex>]' for container '${container}', ` +
        `got '${this.imageName}' (${problems.join('; ')}).`,
        scope,
      );
    }
    // upstream: part ecr-pull-through-cache begin
    if (this.pullThroughCache) {
      return bindPullThroughCache(scope, containerDefinition, this.imageName, this.pullThroughCache);
    }
    // upstream: part ecr-pull-through-cache end
    if (this.repositoryCredentials && ECR_REGISTRY.test(markTokens(this.imageName))) {
      Annotations.of(scope).addWarningV2('cdk-ecs-private-registry:credentialsIgnoredForEcr',
        `Expected an image outside Amazon ECR for the repository credentials of container '${container}', got '${this.imageName}', ` +
        'which ECS pulls with the execution role instead (use ContainerImage.fromEcrRepository(), which grants that role the pull).');
    }
    // upstream: package-only begin
    if (this.repositoryCredentials) { assertConsumerRendersCredentials(scope, containerDefinition, this.imageName); }
    // upstream: package-only end
    const repositoryCredentials = this.repositoryCredentials?.bind(scope, containerDefinition);
    // upstream: package-only begin
    renderInBatchJobDefinitions(scope, repositoryCredentials);
    // upstream: package-only end
    return { imageName: this.imageName, repositoryCredentials };
  }
}

/**
 * An image on Docker Hub or another registry on the internet.
 *
 * @deprecated Use `WebHostedImage` (or `ContainerImage.fromInternet()`) instead: it is the same image under a name that says it is not only for Docker Hub.
 */
export class DockerHubImage extends WebHostedImage {
  /**
   * @param imageName the image reference
   * @param props credentials, when the registry is private
   */
  constructor(imageName: string, props: WebHostedImageProps = {}) {
    super(imageName, props);
  }

  public bind(scope: Construct, containerDefinition: ContainerDefinition): ContainerImageConfig {
    Annotations.of(scope).addDeprecation('cdk-ecs-private-registry.aws_ecs.DockerHubImage',
      'Use WebHostedImage or ContainerImage.fromInternet() instead');
    return super.bind(scope, containerDefinition);
  }
}
