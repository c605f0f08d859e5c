// Shared lint rules for every package of this repository, in the spirit of
// aws-cdk's own eslint plugin: strict TypeScript, consistent imports, and no
// stray console output in library code.
const tseslint = require('typescript-eslint');

/**
 * @param {string} tsconfigRootDir the package that lints
 * @returns {import('typescript-eslint').ConfigArray}
 */
module.exports = function config(tsconfigRootDir) {
  return tseslint.config(
    {
      ignores: ['**/*.js', '**/*.d.ts', 'node_modules/**', '**/*.js.snapshot/**', 'cdk.out/**', 'dist/**'],
    },
    ...tseslint.configs.recommended,
    {
      files: ['**/*.ts'],
      languageOptions: {
        parserOptions: { tsconfigRootDir },
      },
      rules: {
        '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
        '@typescript-eslint/no-explicit-any': 'off',
        '@typescript-eslint/no-require-imports': 'error',
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
        'no-console': 'error',
        'no-duplicate-imports': 'error',
        'eqeqeq': ['error', 'always'],
        'quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: true }],
        'semi': ['error', 'always'],
        'comma-dangle': ['error', 'always-multiline'],
        'indent': ['error', 2, { SwitchCase: 1 }],
        'max-len': ['error', { code: 150, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreComments: true }],
      },
    },
    {
      files: ['**/test/**/*.ts', '**/integ.*.ts'],
      rules: { 'no-console': 'off' },
    },
  );
};
