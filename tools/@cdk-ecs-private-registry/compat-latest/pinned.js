// @ts-check
'use strict';

// aws-cdk-lib and constructs, as this folder pins them (package.json), stand in
// for the repository's development pins (the root package-lock.json) wherever
// the library, the example or one of their dependencies (cdk-nag) requires them.
// One copy of each is loaded: a second copy of aws-cdk-lib or constructs would
// make `instanceof` fail across them, so loading the pinned copies throws.
const fs = require('fs');
const path = require('path');

const HERE = __dirname;
const REPO = path.resolve(HERE, '..', '..', '..');
const PACKAGES = ['aws-cdk-lib', 'constructs'];

/** Whether `request` names one of the packages or a path inside it (`aws-cdk-lib/aws-ecs`). */
function isRedirected(request) {
  return PACKAGES.some(p => request === p || request.startsWith(`${p}/`));
}

/**
 * The version of the package installed in `dir`'s node_modules. Read, not
 * required: require-hook.js calls this from inside `require`.
 */
function installedVersion(dir, name) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/** The version this folder installs of a package. */
function version(name) {
  return installedVersion(HERE, name);
}

/** Throws when `file` is inside the repository's own copy of aws-cdk-lib or constructs. */
function assertNotDevelopmentCopy(file, request) {
  for (const p of PACKAGES) {
    const own = path.join(REPO, 'node_modules', p) + path.sep;
    if (file.startsWith(own)) {
      throw new Error(`compat-latest: '${request}' resolved to ${file}, the repository's development copy of ${p} `
        + `(${installedVersion(REPO, p)}), not this folder's ${version(p)}: `
        + 'two copies of it would be loaded at once.');
    }
  }
}

module.exports = { HERE, REPO, PACKAGES, isRedirected, version, assertNotDevelopmentCopy };
