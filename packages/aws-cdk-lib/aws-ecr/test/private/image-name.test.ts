import { normalizeImageReference } from '../../lib/private/image-name';

describe('normalizeImageReference', () => {
  const SHA = '0123456789abcdef'.repeat(4);

  test.each([
    ['nginx', { host: 'docker.io', path: 'library/nginx', tag: undefined, digest: undefined }],
    ['nginx:1.27', { host: 'docker.io', path: 'library/nginx', tag: '1.27', digest: undefined }],
    // A '.' makes a host of the first of two or more components only.
    ['my.image:1', { host: 'docker.io', path: 'library/my.image', tag: '1', digest: undefined }],
    ['userx/test', { host: 'docker.io', path: 'userx/test', tag: undefined, digest: undefined }],
    ['docker.io/nginx', { host: 'docker.io', path: 'library/nginx', tag: undefined, digest: undefined }],
    ['index.docker.io/nginx', { host: 'docker.io', path: 'library/nginx', tag: undefined, digest: undefined }],
    ['registry-1.docker.io/nginx', { host: 'registry-1.docker.io', path: 'nginx', tag: undefined, digest: undefined }],
    ['index.docker.io/userx/test:2', { host: 'docker.io', path: 'userx/test', tag: '2', digest: undefined }],
    ['quay.io/acme/api:1.4', { host: 'quay.io', path: 'acme/api', tag: '1.4', digest: undefined }],
    ['quay.io/api', { host: 'quay.io', path: 'api', tag: undefined, digest: undefined }],
    ['localhost/api', { host: 'localhost', path: 'api', tag: undefined, digest: undefined }],
    ['registry.acme.example:5000/team/api:v1', { host: 'registry.acme.example:5000', path: 'team/api', tag: 'v1', digest: undefined }],
    ['[::1]:5000/api:latest', { host: '[::1]:5000', path: 'api', tag: 'latest', digest: undefined }],
    [`ghcr.io/acme/api:1.4@sha256:${SHA}`, { host: 'ghcr.io', path: 'acme/api', tag: '1.4', digest: `sha256:${SHA}` }],
    [`nginx@sha256:${SHA}`, { host: 'docker.io', path: 'library/nginx', tag: undefined, digest: `sha256:${SHA}` }],
  ])('%s', (name, expected) => {
    expect(normalizeImageReference(name)).toEqual(expected);
  });
});
