export * from './container-image';
export * from './repository-creds';
export * from './images/web-hosted';
export * from './registry-credentials-secret';
