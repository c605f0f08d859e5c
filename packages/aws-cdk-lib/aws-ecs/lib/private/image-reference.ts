import { Token, Tokenization } from 'aws-cdk-lib';
import { isRegistryHost, normalizeImageReference } from '../../../aws-ecr/lib/private/image-name';

/**
 * The most characters ECS accepts in an image name before any `@digest`.
 */
export const MAX_IMAGE_NAME_LENGTH = 255;

const MAX_TAG_LENGTH = 128;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_NAME = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*$/;
const IPV6_HOST = /^\[[a-fA-F0-9:]+\]$/;
const TAG = /^\w[\w.-]*$/;
/**
 * An image ID: Docker refuses a name that is one (`anchoredIdentifierRegexp`).
 *
 * @see https://github.com/distribution/reference/blob/main/regexp.go
 */
const IMAGE_ID = /^[a-f0-9]{64}$/;
const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;
/** Every character that may appear somewhere in an image reference. */
const REFERENCE_CHARACTERS = /^[A-Za-z0-9._\-/:@[\]]*$/;
/** What `markTokens()` puts in the place of each token. */
export const TOKEN_MARK = '\u0000';

/**
 * What is wrong with an image reference, one sentence each; empty when valid.
 *
 * The grammar is Docker's (`[host[:port]/]path[:tag][@digest]`, with the first
 * component read as a registry host only when it holds a '.' or a ':' or is
 * 'localhost', as `docker pull` reads it), plus the limits of ECS: at most 255
 * characters before the digest, and only sha256 digests. Like Docker, it
 * refuses a name that is an image ID (64 hexadecimal characters), and a
 * repository name longer than 255 characters once Docker has normalized it
 * (`docker.io/` added to a Docker Hub name, and `library/` to a one-component one).
 *
 * A name that holds unresolved tokens is checked only in its literal parts,
 * and only for what no deploy-time value could repair.
 */
export function imageReferenceProblems(name: string): string[] {
  if (Token.isUnresolved(name)) {
    return partialReferenceProblems(markTokens(name));
  }
  if (name.length === 0) {
    return ['the name is empty'];
  }

  if (IMAGE_ID.test(name)) {
    // Docker takes such a name for an image ID and refuses it as a name.
    return ["it is 64 hexadecimal characters, which Docker takes for an image ID and refuses as a name ('cannot specify 64-byte hexadecimal strings')"];
  }

  const problems: string[] = [];
  const at = name.indexOf('@');
  const nameAndTag = at === -1 ? name : name.slice(0, at);
  if (nameAndTag.length > MAX_IMAGE_NAME_LENGTH) {
    problems.push(`it is ${nameAndTag.length} characters long before any '@digest', more than the ${MAX_IMAGE_NAME_LENGTH} that ECS accepts`);
  } else {
    // Docker limits the repository name it pulls, registry host included
    // (distribution/reference: ParseNormalizedNamed parses '<domain>/<rest>'
    // and Parse refuses a name over NameTotalLengthMax, 255). Only a Docker Hub
    // name without its host, to which Docker adds 'docker.io/' (and 'library/'
    // to a one-component name), can pass the limit above and still be too long.
    const { host, path } = normalizeImageReference(name);
    const repositoryName = `${host}/${path}`;
    if (repositoryName.length > MAX_IMAGE_NAME_LENGTH) {
      problems.push(`Docker reads its repository as '${repositoryName}', ${repositoryName.length} characters with the registry host ` +
        `Docker adds, more than the ${MAX_IMAGE_NAME_LENGTH} that Docker accepts`);
    }
  }
  if (at !== -1) {
    const digest = name.slice(at + 1);
    if (!SHA256_DIGEST.test(digest)) {
      problems.push(`the digest '${digest}' must be 'sha256:' followed by exactly 64 lowercase hexadecimal characters, the only digest ECS accepts`);
    }
  }

  const components = nameAndTag.split('/');
  let last = components[components.length - 1];
  const colon = last.indexOf(':');
  if (colon !== -1) {
    problems.push(...tagProblems(last.slice(colon + 1)));
    last = last.slice(0, colon);
    components[components.length - 1] = last;
  }

  if (components.length > 1 && isRegistryHost(components[0])) {
    problems.push(...hostProblems(components.shift()!));
  }
  components.forEach((component) => problems.push(...pathComponentProblems(component)));
  return problems;
}

function tagProblems(tag: string): string[] {
  if (tag.length === 0) {
    return ["the tag after ':' is empty"];
  }
  const problems: string[] = [];
  if (tag.length > MAX_TAG_LENGTH) {
    problems.push(`the tag is ${tag.length} characters long, more than the ${MAX_TAG_LENGTH} allowed`);
  }
  if (tag.startsWith('.') || tag.startsWith('-')) {
    problems.push(`the tag '${tag}' must not start with '.' or '-'`);
  } else if (!TAG.test(tag)) {
    problems.push(`the tag '${tag}' may only hold letters, digits, '_', '.' and '-'`);
  }
  return problems;
}

function hostProblems(hostAndPort: string): string[] {
  const ipv6 = hostAndPort.startsWith('[');
  const portSeparator = ipv6 ? hostAndPort.indexOf(':', hostAndPort.indexOf(']')) : hostAndPort.indexOf(':');
  const host = portSeparator === -1 ? hostAndPort : hostAndPort.slice(0, portSeparator);
  const problems: string[] = [];
  if (!(ipv6 ? IPV6_HOST.test(host) : DOMAIN_NAME.test(host))) {
    problems.push(`the registry host '${host}' is not a domain name or IP address`);
  }
  if (portSeparator !== -1) {
    const port = hostAndPort.slice(portSeparator + 1);
    if (!/^[0-9]{1,5}$/.test(port) || Number(port) > 65535) {
      problems.push(`the registry port '${port}' must be a number from 0 to 65535`);
    }
  }
  return problems;
}

function pathComponentProblems(component: string): string[] {
  if (component.length === 0) {
    return ["the repository path has an empty component (a leading, trailing or doubled '/')"];
  }
  if (PATH_COMPONENT.test(component)) {
    return [];
  }
  if (PATH_COMPONENT.test(component.toLowerCase())) {
    return [`the repository path component '${component}' must be lowercase`];
  }
  return [`the repository path component '${component}' must be lowercase letters and digits, separated inside by '.', '_', '__' or '-'`];
}

/**
 * The name with each token replaced by TOKEN_MARK. A name without tokens is
 * returned as it is.
 */
export function markTokens(name: string): string {
  if (!Token.isUnresolved(name)) {
    return name;
  }
  return String(Tokenization.reverseString(name)
    .mapTokens({ mapToken: () => TOKEN_MARK })
    .join({ join: (left: string, right: string) => `${left}${right}` }));
}

/**
 * The problems of a name that holds tokens, found in its literal text alone:
 * characters that no reference may hold, a literal text already too long, and
 * the path components, tag and digest that lie wholly between literal '/'s
 * and the end of the name, whatever the tokens turn out to be.
 */
function partialReferenceProblems(marked: string): string[] {
  const problems: string[] = [];
  for (const literal of marked.split(TOKEN_MARK)) {
    if (!REFERENCE_CHARACTERS.test(literal)) {
      const bad = [...new Set(literal.replace(/[A-Za-z0-9._\-/:@[\]]/g, ''))].join('');
      problems.push(`its literal part '${literal}' holds characters that no image reference may contain: '${bad}'`);
    }
  }
  // Tokens only add characters, so the literal text alone is a lower bound.
  const beforeDigest = marked.split('@')[0].split(TOKEN_MARK).join('');
  if (beforeDigest.length > MAX_IMAGE_NAME_LENGTH) {
    problems.push(`its literal parts alone are ${beforeDigest.length} characters long before any '@digest', more than the ${MAX_IMAGE_NAME_LENGTH} that ECS accepts`);
  }
  if (problems.length > 0) {
    return problems;
  }
  // A component after a literal '/' is never the registry host.
  const components = marked.split('/');
  components.slice(1).forEach((component, i) => {
    if (component.includes(TOKEN_MARK)) {
      return;
    }
    const last = i === components.length - 2;
    if (!last) {
      problems.push(...pathComponentProblems(component));
      return;
    }
    const [nameAndTag, digest] = component.split('@');
    if (digest !== undefined && !SHA256_DIGEST.test(digest)) {
      problems.push(`the digest '${digest}' must be 'sha256:' followed by exactly 64 lowercase hexadecimal characters, the only digest ECS accepts`);
    }
    const [path, tag] = nameAndTag.split(':');
    problems.push(...pathComponentProblems(path));
    if (tag !== undefined) {
      problems.push(...tagProblems(tag));
    }
  });
  return problems;
}
