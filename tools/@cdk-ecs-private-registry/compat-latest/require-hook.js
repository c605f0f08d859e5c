// @ts-check
'use strict';

// `node --require ./require-hook.js app.js`: the same redirection as resolver.js,
// for the processes the tests start (the example app run as `node bin/app.js`).
// The tests of the compat-latest run put it in NODE_OPTIONS (setup.js).
const Module = require('module');
const { HERE, assertNotDevelopmentCopy, isRedirected } = require('./pinned');

/** @type {any} */
const M = Module;
const original = M._resolveFilename;
M._resolveFilename = function (/** @type {string} */ request, /** @type {any} */ parent, /** @type {boolean} */ isMain, /** @type {any} */ options) {
  const resolved = isRedirected(request)
    ? original.call(this, request, parent, isMain, { ...options, paths: [HERE] })
    : original.call(this, request, parent, isMain, options);
  assertNotDevelopmentCopy(resolved, request);
  return resolved;
};
