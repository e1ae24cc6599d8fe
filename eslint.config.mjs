// Lint: typescript-eslint's recommended rules, plus the architecture's import boundaries.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'Only src/extension/ may import vscode: keep the core, CLI, server, protocol and webviews editor-free.' }],
  }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'dist-vsix/**', 'node_modules/**', '.cache/**', 'test-results/**', 'samples/**', 'out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  { files: ['src/core/**', 'src/cli/**', 'src/server/**', 'src/protocol/**', 'webview/**'], rules: noVscode },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
);
