const base = require('../../tools/config/jest.config.base');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/aws-ecs'],
  coverageThreshold: {
    global: { branches: 90, statements: 95, functions: 95, lines: 95 },
  },
  collectCoverageFrom: ['aws-ecs/lib/**/*.ts', 'core/lib/**/*.ts', '!**/*.d.ts'],
};
