export * from './pull-through-cache-rule';
