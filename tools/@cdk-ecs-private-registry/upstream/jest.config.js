const base = require('../../config/jest.config.base');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: [...base.testPathIgnorePatterns, '/fixtures/'],
  testTimeout: 120_000,
};
