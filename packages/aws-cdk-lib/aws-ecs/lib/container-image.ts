import { ContainerImage as CoreContainerImage } from 'aws-cdk-lib/aws-ecs';

/**
 * The image of a container: the images of `aws-cdk-lib/aws-ecs`, and images
 * from any registry on the internet with the credentials that open them.
 *
 * Every factory of `aws-cdk-lib`'s `ContainerImage` (`fromRegistry`,
 * `fromEcrRepository`, `fromAsset`, ...) is available here too, and every image
 * made here is accepted wherever `aws-cdk-lib` takes an `ecs.ContainerImage`.
 */
export abstract class ContainerImage extends CoreContainerImage {
  /**
   * An image from Docker Hub or any other registry on the internet, public or
   * private.
   *
   * @param imageName the image reference, for example `userx/test` (Docker Hub) or `ghcr.io/acme/api:1.4`
   * @param props credentials, when the registry is private
   */
  public static fromInternet(imageName: string, props: WebHostedImageProps = {}): WebHostedImage {
    return new WebHostedImage(imageName, props);
  }

  /**
   * An image from Docker Hub or any other registry on the internet.
   *
   * @param imageName the image reference
   * @param props credentials, when the registry is private
   * @deprecated Use `ContainerImage.fromInternet()` instead.
   */
  public static fromDockerHub(imageName: string, props: WebHostedImageProps = {}): DockerHubImage {
    return new DockerHubImage(imageName, props);
  }
}

// Imported last: the image classes extend ContainerImage, defined above.
import { DockerHubImage, WebHostedImage, type WebHostedImageProps } from './images/web-hosted';
