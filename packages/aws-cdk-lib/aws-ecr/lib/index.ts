export * from './pull-through-cache-rule';
export * from './pull-through-cache-rule-grants';
export * from './repository-creation-template';
