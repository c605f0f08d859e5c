// Shared jest configuration for every package of this repository.
// Each package's jest.config.js spreads this and adds what is its own.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.js\\.snapshot/', '/cdk\\.out/'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.dev.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // ts-jest only transpiles (isolatedModules in tsconfig.dev.json): types are
  // checked once by `tsc -p tsconfig.dev.json` in each package's test script.
  testTimeout: 60_000,
};
