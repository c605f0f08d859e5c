const config = require('../../config/eslint.config')(__dirname);

module.exports = [
  ...config,
  // The fixtures are files in the shape of an aws-cdk checkout and of this repository: not this package's code.
  { ignores: ['test/fixtures/**'] },
  // A command-line tool: it prints.
  { files: ['lib/cli.ts'], rules: { 'no-console': 'off' } },
];
