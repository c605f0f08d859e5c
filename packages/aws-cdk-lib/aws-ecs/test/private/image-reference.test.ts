import { Aws, Fn, Lazy } from 'aws-cdk-lib';
import { imageReferenceProblems, markTokens, MAX_IMAGE_NAME_LENGTH, TOKEN_MARK } from '../../lib/private/image-reference';

describe('imageReferenceProblems', () => {
  const SHA = '0123456789abcdef'.repeat(4);

  test.each([
    'nginx',
    'nginx:1.27',
    'userx/test',
    'library/nginx:1.27-alpine',
    `nginx@sha256:${SHA}`,
    `ghcr.io/acme/api:1.4@sha256:${SHA}`,
    'quay.io/acme/api',
    'registry.acme.example:5000/team/sub/api:v1.0.0-rc_1',
    'localhost/api',
    'localhost:5000/api',
    '127.0.0.1:5000/api',
    '[::1]:5000/api:latest',
    'acme.jfrog.io/docker-local/my__app/a.b-c---d:Tag_With.UPPER-case',
    'Registry.Example.COM/acme/api',
    'x.io/api',
    'registry.example.com:65535/api',
    'registry.example.com:0/api',
    `acme/api:${'t'.repeat(128)}`,
    `registry.example.com/${'a'.repeat(MAX_IMAGE_NAME_LENGTH - 'registry.example.com/'.length)}@sha256:${SHA}`,
  ])('accepts %s', (name) => {
    expect(imageReferenceProblems(name)).toEqual([]);
  });

  test.each([
    ['the whole name is a token', Fn.importValue('Image')],
    ['the tag is a token', `ghcr.io/acme/api:${Fn.importValue('Tag')}`],
    ['the registry is a token', `${Fn.importValue('Registry')}/acme/api:1`],
    ['the digest is a token', `acme/api@${Fn.importValue('Digest')}`],
    ['a lazy value', Lazy.string({ produce: () => 'anything at all' })],
    ['account, region and URL suffix are tokens', `${Aws.ACCOUNT_ID}.dkr.ecr.${Aws.REGION}.${Aws.URL_SUFFIX}/team/api:1.4`],
    ['the registry is a token and the rest literal', `${Fn.importValue('Registry')}/team/api:v1.0-rc_1@sha256:${SHA}`],
    ['a path component is partly a token', `ghcr.io/acme-${Fn.importValue('Env')}/api:1`],
    ['the tag is partly a token', `ghcr.io/acme/api:v${Fn.importValue('Version')}`],
  ])('accepts a name where %s', (_case, name) => {
    expect(imageReferenceProblems(name)).toEqual([]);
  });

  test('reports every problem of a name at once', () => {
    expect(imageReferenceProblems('Acme/API:.x@md5:0')).toEqual([
      "the digest 'md5:0' must be 'sha256:' followed by exactly 64 lowercase hexadecimal characters, the only digest ECS accepts",
      "the tag '.x' must not start with '.' or '-'",
      "the repository path component 'Acme' must be lowercase",
      "the repository path component 'API' must be lowercase",
    ]);
  });

  test('a digest with uppercase hex is refused', () => {
    expect(imageReferenceProblems(`nginx@sha256:${SHA.toUpperCase()}`)).toHaveLength(1);
  });

  test('uppercase in the first component is a path, not a host, unless it looks like a host', () => {
    expect(imageReferenceProblems('UserX/test')).toEqual(["the repository path component 'UserX' must be lowercase"]);
    expect(imageReferenceProblems('UserX.example/test')).toEqual([]);
  });

  test('literal parts of a token name that are too long on their own are refused', () => {
    const name = `${Fn.importValue('Registry')}/${'a'.repeat(MAX_IMAGE_NAME_LENGTH)}`;
    expect(imageReferenceProblems(name)).toEqual([
      `its literal parts alone are ${MAX_IMAGE_NAME_LENGTH + 1} characters long before any '@digest', more than the ${MAX_IMAGE_NAME_LENGTH} that ECS accepts`,
    ]);
  });

  test('a name of one component is a repository path, even one that looks like a host', () => {
    expect(imageReferenceProblems('Example.com')).toEqual(["the repository path component 'Example.com' must be lowercase"]);
  });

  test.each([
    ['a host that ends invalid', 'registry.example.com-/api', "the registry host 'registry.example.com-' is not a domain name or IP address"],
    ['an IPv6 host followed by more', '[::1]x:5000/api', "the registry host '[::1]x' is not a domain name or IP address"],
    ['an IPv6 host after an invalid one', '[z.z][ab]/api', "the registry host '[z.z][ab]' is not a domain name or IP address"],
    ['a port above 65535', 'registry.example.com:65536/api', "the registry port '65536' must be a number from 0 to 65535"],
    ['a port of six digits', 'registry.example.com:000001/api', "the registry port '000001' must be a number from 0 to 65535"],
    ['a port that starts with digits', 'registry.example.com:5000a/api', "the registry port '5000a' must be a number from 0 to 65535"],
    ['a port that ends with digits', 'registry.example.com:a5000/api', "the registry port 'a5000' must be a number from 0 to 65535"],
    ['a digest of 65 hexadecimal characters', `acme/api@sha256:${SHA}0`,
      `the digest 'sha256:${SHA}0' must be 'sha256:' followed by exactly 64 lowercase hexadecimal characters, the only digest ECS accepts`],
    ['a digest with a prefix before sha256', `acme/api@xsha256:${SHA}`,
      `the digest 'xsha256:${SHA}' must be 'sha256:' followed by exactly 64 lowercase hexadecimal characters, the only digest ECS accepts`],
  ])('refuses %s', (_case, name, problem) => {
    expect(imageReferenceProblems(name)).toEqual([problem]);
  });

  test('literal parts of a token name as long as ECS takes are accepted', () => {
    expect(imageReferenceProblems(`${Fn.importValue('Registry')}/${'a'.repeat(MAX_IMAGE_NAME_LENGTH - 1)}`)).toEqual([]);
  });

  test('literal text of a token name is refused with every character that no reference may hold', () => {
    expect(imageReferenceProblems(`${Fn.importValue('Registry')}/my api!`)).toEqual([
      "its literal part '/my api!' holds characters that no image reference may contain: ' !'",
    ]);
  });

  test('an invalid IPv6 host and a non-numeric port are refused', () => {
    expect(imageReferenceProblems('[zz]:5000/api')).toEqual(["the registry host '[zz]' is not a domain name or IP address"]);
    expect(imageReferenceProblems('registry.example.com:http/api')).toEqual(["the registry port 'http' must be a number from 0 to 65535"]);
  });

  test('literal parts of a token name are checked wherever a token cannot reach', () => {
    const registry = Fn.importValue('Registry');
    expect(imageReferenceProblems(`${registry}/Team/api`)).toEqual(["the repository path component 'Team' must be lowercase"]);
    expect(imageReferenceProblems(`${registry}/team//api`)).toEqual(["the repository path has an empty component (a leading, trailing or doubled '/')"]);
    expect(imageReferenceProblems(`${registry}/team/api:-x`)).toEqual(["the tag '-x' must not start with '.' or '-'"]);
    expect(imageReferenceProblems(`${registry}/team/api@sha256:abc`)).toEqual([
      "the digest 'sha256:abc' must be 'sha256:' followed by exactly 64 lowercase hexadecimal characters, the only digest ECS accepts",
    ]);
    // A component before the last holds no tag.
    expect(imageReferenceProblems(`${registry}/team:1/api`)).toEqual([
      "the repository path component 'team:1' must be lowercase letters and digits, separated inside by '.', '_', '__' or '-'",
    ]);
    expect(imageReferenceProblems(`${registry}/team/api@xsha256:${SHA}`)).toEqual([
      `the digest 'xsha256:${SHA}' must be 'sha256:' followed by exactly 64 lowercase hexadecimal characters, the only digest ECS accepts`,
    ]);
    expect(imageReferenceProblems(`${registry}/team/api@sha256:${SHA}0`)).toHaveLength(1);
    // The first component may be a host whose name the token completes: not checked.
    expect(imageReferenceProblems(`Registry.${Fn.importValue('Domain')}/team/api`)).toEqual([]);
  });
});

describe('names that Docker refuses', () => {
  const IMAGE_ID = 'da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821';

  test('an image ID (64 hexadecimal characters) is refused as a name, with Docker\'s reason', () => {
    expect(imageReferenceProblems(IMAGE_ID)).toEqual([
      "it is 64 hexadecimal characters, which Docker takes for an image ID and refuses as a name ('cannot specify 64-byte hexadecimal strings')",
    ]);
  });

  test.each([
    ['63 hexadecimal characters', IMAGE_ID.slice(1)],
    ['65 hexadecimal characters', `${IMAGE_ID}0`],
    ['an image ID with a tag', `${IMAGE_ID}:1`],
    ['an image ID in a namespace', `acme/${IMAGE_ID}`],
  ])('%s is a name like any other', (_case, name) => {
    expect(imageReferenceProblems(name)).toEqual([]);
  });

  test('a one-component Docker Hub name counts the docker.io/library/ that Docker adds', () => {
    // 'docker.io/library/' + 237 characters = 255: the longest that Docker takes.
    expect(imageReferenceProblems('a'.repeat(237))).toEqual([]);
    expect(imageReferenceProblems(`${'a'.repeat(237)}:1.0`)).toEqual([]);
    expect(imageReferenceProblems('a'.repeat(238))).toEqual([
      `Docker reads its repository as 'docker.io/library/${'a'.repeat(238)}', 256 characters with the registry host Docker adds, more than the 255 that Docker accepts`,
    ]);
  });

  test('a Docker Hub name of a namespace counts the docker.io/ that Docker adds, and no library/', () => {
    // 'docker.io/' + 'acme/' + 240 characters = 255.
    expect(imageReferenceProblems(`acme/${'a'.repeat(240)}`)).toEqual([]);
    expect(imageReferenceProblems(`acme/${'a'.repeat(245)}`)).toEqual([
      `Docker reads its repository as 'docker.io/acme/${'a'.repeat(245)}', 260 characters with the registry host Docker adds, more than the 255 that Docker accepts`,
    ]);
  });

  test('a name with its registry host is counted as written', () => {
    expect(imageReferenceProblems(`quay.io/${'a'.repeat(247)}`)).toEqual([]);
    expect(imageReferenceProblems(`docker.io/library/${'a'.repeat(237)}`)).toEqual([]);
  });
});

describe('markTokens', () => {
  test('returns a name without tokens as it is, the empty one too', () => {
    expect(markTokens('acme/api:1')).toBe('acme/api:1');
    expect(markTokens('')).toBe('');
  });

  test('puts one mark in the place of each token', () => {
    expect(markTokens(`${Aws.ACCOUNT_ID}.dkr.ecr.${Aws.REGION}.${Aws.URL_SUFFIX}/api`)).toBe(`${TOKEN_MARK}.dkr.ecr.${TOKEN_MARK}.${TOKEN_MARK}/api`);
  });
});
