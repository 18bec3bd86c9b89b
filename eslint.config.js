import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'docs/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Electron is a thin shell: only src/main/shell and the preload may import it.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/main/shell/**', 'src/main/index.ts', 'src/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src/main/shell may import electron.' }] },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'child_process', 'electron'],
              message: 'The renderer has no Node access.',
            },
          ],
        },
      ],
    },
  },
  {
    // The sandboxed preload bundles whatever it imports: the zod-free method names, never the schemas.
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: 'The preload stays zod-free; the main process parses.' }],
          patterns: [
            {
              group: ['**/shared/*', '!**/shared/api-methods.js'],
              allowTypeImports: true,
              message: 'The preload imports only src/shared/api-methods.ts (type imports are fine).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { Buffer: 'readonly', URL: 'readonly', console: 'readonly', process: 'readonly' } },
  },
  {
    // Shared by hub, main process and tests: Node only, never Electron or the renderer.
    files: ['src/node-shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Node only.' }] }] },
  },
  {
    // The fake provider ships with the hub (the demo runs on it): nothing from the tests or the test runner.
    files: ['src/fake-provider/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Node only.' },
            { name: 'vitest', message: 'Shipped code: the demo runs it too.' },
          ],
          patterns: [{ group: ['**/test/**'], message: 'Shipped code: it imports nothing from test/.' }],
        },
      ],
    },
  },
  {
    files: ['bench/**/*.ts', 'src/hub/cli.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // The hub's store is asynchronous (src/hub/store/ports/): a promise nobody awaits is a write that may
    // land after its answer, or an error nobody sees. Checked with types, on the hub's code only.
    files: ['src/hub/**/*.ts', 'src/node-shared/**/*.ts', 'src/fake-provider/**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.node.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
    },
  },
  prettier,
);
