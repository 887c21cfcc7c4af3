// Lint, and the layer rules of DESIGN.md as errors: an import that crosses a layer the
// wrong way fails `npm run lint`, so the architecture does not depend on memory.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream', 'events', 'worker_threads', 'zlib', 'tls', 'dns'];

/** A no-restricted-imports rule from a list of forbidden groups, each with its reason. */
function forbid(...groups) {
  return {
    'no-restricted-imports': ['error', {
      patterns: groups.map(([group, message]) => ({ group, message })),
    }],
  };
}

const electron = [['electron', 'electron/*'], 'Only src-main/electron and src-main/preload may import electron.'];
const sdk = [['@aws-sdk/*', '@smithy/*'], 'Only core talks to AWS.'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['src-main/contract/**'],
    rules: forbid(
      [['**/core', '**/core/*', '**/sim', '**/sim/*', '**/web', '**/web/*', '**/electron/*', '**/preload/*', '**/src-renderer/*'], 'contract imports nothing of the project.'],
      electron,
      sdk,
    ),
  },
  {
    files: ['src-main/core/**'],
    rules: forbid(electron, [['**/web/*', '**/web', '**/sim/*', '**/sim', '**/electron/*', '**/preload/*', '**/src-renderer/*'], 'core imports only contract.']),
  },
  {
    files: ['src-main/sim/**'],
    rules: forbid(electron, [['**/contract/*', '**/core/*', '**/web/*', '**/electron/*', '**/preload/*', '**/src-renderer/*'], 'The sim stands apart from the app, as AWS does.'], [['@aws-sdk/*'], 'The sim must not share the client\'s code.']),
  },
  {
    files: ['src-main/web/**'],
    rules: forbid(electron, [['**/electron/*', '**/preload/*', '**/src-renderer/*'], 'web may import core, contract and sim only.']),
  },
  {
    files: ['src-main/preload/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '^(?!electron$)[^.]', message: 'A sandboxed preload cannot load npm packages.' },
          { regex: '^\\.\\./(?!contract/channels$)', message: 'The preload may import only contract/channels (no packages behind it).' },
        ],
      }],
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: forbid(
      [nodeBuiltins, 'The renderer runs sandboxed: no node built-ins.'],
      electron,
      sdk,
      [['**/src-main/core/*', '**/src-main/sim/*', '**/src-main/web/*', '**/src-main/electron/*', '**/core/*', '**/sim/*', '**/web/*'], 'The renderer talks to main through src-renderer/api only.'],
    ),
  },
);
