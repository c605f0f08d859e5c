const base = require('../../tools/config/jest.config.base');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/aws-ecs', '<rootDir>/aws-ecr'],
  // Upstream's test helpers, not published to npm: a stand-in of this repository.
  moduleNameMapper: { '^@aws-cdk/cdk-build-tools$': '<rootDir>/../../tools/testing/cdk-build-tools.ts' },
  coverageThreshold: {
    global: { branches: 90, statements: 95, functions: 95, lines: 95 },
  },
  collectCoverageFrom: ['aws-ecs/lib/**/*.ts', 'aws-ecr/lib/**/*.ts', 'core/lib/**/*.ts', '!**/*.d.ts'],
};
