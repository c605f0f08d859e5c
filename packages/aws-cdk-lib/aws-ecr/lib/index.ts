export * from './pull-through-cache-rule';
export * from './repository-creation-template';
