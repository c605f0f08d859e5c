/**
 * How Docker reads an image reference: one parser for the image names of
 * aws-ecs (checked, and their length counted as Docker counts it) and for the
 * names that aws-ecr's pull through cache rules map to their ECR copies, so
 * that the two cannot disagree about a name's registry and repository.
 *
 * It lives in aws-ecr because aws-ecs depends on aws-ecr and not the reverse:
 * the rule's public API takes image names as written.
 */

/** The registry host that Docker gives a name without one, and its legacy alias. */
const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_LEGACY = 'index.docker.io';
/** The namespace of Docker Hub's official images, implicit in a one-component name. */
const OFFICIAL_NAMESPACE = 'library/';

/**
 * An image reference as Docker reads it: every part explicit.
 */
export interface NormalizedImageReference {
  /** The registry host, with its port if any: `docker.io` for Docker Hub. */
  readonly host: string;
  /** The repository path within the registry, with `library/` for an official Docker Hub image. */
  readonly path: string;
  /** The tag, if the reference has one (Docker pulls `latest` when it has neither tag nor digest). */
  readonly tag?: string;
  /** The digest (`sha256:<64 hex>`), if the reference has one. */
  readonly digest?: string;
}

/**
 * Read an image reference the way Docker does (`ParseNormalizedNamed`): the first component is the
 * registry host when it holds a '.' or a ':' or is 'localhost'; otherwise, and
 * for a name of one component, the host is Docker Hub (`docker.io`, also
 * spelled `index.docker.io`), where a one-component path is an official image
 * in the `library/` namespace: `nginx:1.27` is `docker.io` / `library/nginx` /
 * `1.27`. Docker's normalization knows only those two spellings:
 * `registry-1.docker.io`, the host that serves Docker Hub's registry API, is
 * read as any other host, its one-component path left as written.
 *
 * Meant for a name that `imageReferenceProblems()` accepts and that holds no
 * token; it does not check the name itself.
 *
 * @see https://github.com/distribution/reference/blob/main/normalize.go
 */
export function normalizeImageReference(name: string): NormalizedImageReference {
  const at = name.indexOf('@');
  const digest = at === -1 ? undefined : name.slice(at + 1);
  const nameAndTag = at === -1 ? name : name.slice(0, at);
  const lastSlash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.indexOf(':', lastSlash); // the tag's ':' follows the last '/', which is no ':' itself
  const tag = colon === -1 ? undefined : nameAndTag.slice(colon + 1);
  const repository = colon === -1 ? nameAndTag : nameAndTag.slice(0, colon);

  const slash = repository.indexOf('/');
  const first = slash === -1 ? undefined : repository.slice(0, slash);
  let host = DOCKER_HUB;
  let path = repository;
  if (first !== undefined && isRegistryHost(first)) {
    host = first === DOCKER_HUB_LEGACY ? DOCKER_HUB : first;
    path = repository.slice(slash + 1);
  }
  if (host === DOCKER_HUB && !path.includes('/')) {
    path = `${OFFICIAL_NAMESPACE}${path}`;
  }
  return { host, path, tag, digest };
}

/** Whether Docker reads the first component of a name of two or more as its registry host. */
export function isRegistryHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}
