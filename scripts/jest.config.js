// Tests of the repository scripts (plain CommonJS, no build step):
//   npx jest --config scripts/jest.config.js
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.js'],
  testPathIgnorePatterns: ['/node_modules/', '/fixtures/'],
  transform: {},
  testTimeout: 60_000,
};
