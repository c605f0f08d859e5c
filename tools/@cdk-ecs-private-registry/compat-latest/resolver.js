// @ts-check
'use strict';

// Jest resolver of the compat-latest run: `aws-cdk-lib` and `constructs` are
// resolved from this folder, whoever requires them; anything that still
// reaches the repository's own copies fails the test that loads it.
const { HERE, assertNotDevelopmentCopy, isRedirected } = require('./pinned');

/**
 * @param {string} request
 * @param {{ basedir: string, defaultResolver: (request: string, options: any) => string }} options
 */
module.exports = (request, options) => {
  const resolved = options.defaultResolver(request, isRedirected(request) ? { ...options, basedir: HERE } : options);
  assertNotDevelopmentCopy(resolved, request);
  return resolved;
};
