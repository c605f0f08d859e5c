const base = require('../../../tools/config/jest.config.base');

/**
 * Jest runs the checks in test/checks/ against the integ apps (their .ts
 * sources) and the committed snapshots. integ-runner, not jest, runs the integ
 * apps themselves.
 *
 * @type {import('jest').Config}
 */
module.exports = {
  ...base,
  roots: ['<rootDir>/test'],
  testPathIgnorePatterns: [...base.testPathIgnorePatterns, '/cdk-integ\\.out\\.'],
};
