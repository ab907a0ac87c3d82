import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'url', 'util', 'events', 'stream'];

/** Layers, enforced: shared imports neither side; the renderer imports nothing of main/ or Node; only main/electron imports electron. */
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict([
      { group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'shared/ is the contract: it imports neither side.' },
      { group: ['electron', ...nodeBuiltins], message: 'shared/ runs in both hosts and the renderer: no Node, no Electron.' },
    ]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict([
      { group: ['**/main/**', '**/preload/**'], message: 'The renderer talks to the core only through the contract.' },
      { group: ['electron', ...nodeBuiltins], message: 'The renderer runs in a sandboxed page and in a plain browser: no Node, no Electron.' },
    ]),
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: restrict([
      { group: ['electron'], message: 'Only main/electron/ imports electron; the core is plain Node.' },
      { group: ['**/renderer/**', '**/preload/**'], message: 'The main process does not import the renderer or the preload.' },
    ]),
  },
  {
    files: ['main/core/**/*.ts'],
    rules: restrict([
      { group: ['electron'], message: 'Only main/electron/ imports electron; the core is plain Node.' },
      { group: ['**/electron/**', '**/web/**', '**/hosting/**', '**/renderer/**', '**/preload/**'], message: 'The core does not know its hosts.' },
    ]),
  },
  {
    files: ['preload/**/*.ts'],
    rules: restrict([{ group: ['**/main/**', '**/renderer/**', ...nodeBuiltins], message: 'The preload exposes the generic client and nothing else.' }]),
  },
);
