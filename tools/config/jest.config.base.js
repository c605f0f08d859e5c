// Shared jest configuration for every package of this repository.
// Each package's jest.config.js spreads this and adds what is its own.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.js\\.snapshot/', '/cdk\\.out/'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.dev.json', isolatedModules: true }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The library is compiled in place by jsii; tests always run the .ts sources.
  moduleNameMapper: {},
  testTimeout: 60_000,
};
