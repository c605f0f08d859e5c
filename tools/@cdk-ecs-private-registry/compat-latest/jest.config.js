// The library's unit tests and the example's tests, the same files with the
// same settings as their own packages' runs, against the aws-cdk-lib and
// constructs that this folder pins (see README.md), and this folder's own test
// of what was loaded.
const path = require('path');
const { REPO, version } = require('./pinned');
const BASE = require('../../config/jest.config.base');

const LIB = path.join(REPO, 'packages', 'aws-cdk-lib');
const EXAMPLE = path.join(REPO, 'examples', 'private-registry');
const label = `aws-cdk-lib ${version('aws-cdk-lib')}, constructs ${version('constructs')}`;

// The processes that the tests start (the example's test runs `node bin/app.js`)
// load the same copies: jest's workers, and their children, inherit this.
process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(path.join(__dirname, 'require-hook.js'))}`.trim();

/** A package's own jest project, run with this folder's resolver (coverage is the package's own run's business). */
function project(dir, name, config = require(path.join(dir, 'jest.config.js'))) {
  const { coverageThreshold: _, collectCoverageFrom: __, testTimeout: ___, ...rest } = config;
  return {
    ...rest,
    rootDir: dir,
    displayName: `${name} (${label})`,
    resolver: path.join(__dirname, 'resolver.js'),
  };
}

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    project(LIB, 'library'),
    project(EXAMPLE, 'example'),
    project(__dirname, 'compat-latest', {
      ...BASE,
      roots: ['<rootDir>/test'],
      transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: path.join(LIB, 'tsconfig.dev.json') }] },
    }),
  ],
  testTimeout: BASE.testTimeout,
};
