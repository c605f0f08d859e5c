export * from './pull-through-cache-rule';
export * from './pull-through-cache-rule-grants';
