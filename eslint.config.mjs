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

const rendererBase = [
  [nodeBuiltins, 'The renderer runs sandboxed: no node built-ins.'],
  electron,
  sdk,
  [['**/src-main/core/*', '**/src-main/sim/*', '**/src-main/web/*', '**/src-main/electron/*', '**/core/*', '**/sim/*', '**/web/*'], 'The renderer talks to main through src-renderer/api only.'],
];

/**
 * The contract's modules that build zod schemas (the domains, the method map joining them, the
 * wire and error shapes). The renderer takes their types only: a value import would put zod
 * and every schema into the renderer's bundle (the dev-only drift check in api/index.ts loads
 * them with a dynamic import, apart). The contract's pure helpers the renderer imports
 * (arn, console-links, rollout, ...) take their types the same way, or zod would come in behind them.
 */
const SCHEMA_MODULES = ['@contract/domains/*', '@contract/api', '@contract/wire', '@contract/errors', '**/contract/domains/*', '**/contract/api', '**/contract/wire', '**/contract/errors'];
const typesOnly = (group) => ({
  '@typescript-eslint/no-restricted-imports': ['error', {
    patterns: [{ group, allowTypeImports: true, message: 'Import only types (`import type`) from the contract\'s schema modules: a value import puts zod into the renderer\'s bundle.' }],
  }],
});

/** The renderer's top-level folders (src-renderer/<name>/). */
const ALL_FOLDERS = ['stores', 'models', 'charts', 'format', 'theme', 'browser', 'terminal', 'composables', 'components', 'views', 'router'];
/** A relative import of one of these top-level renderer folders (from a folder beside it, or from the root). */
const uses = (...folders) => [`^(?:\\./|(?:\\.\\./)+)(?:${folders.join('|')})(?:/|$)`];
const apiContext = ['(?:^|/)stores/api-context$'];
/** The packages of a UI or a chart library, which pure code does without. */
const UI_PACKAGES = ['vue', 'pinia', 'naive-ui', 'vue-router', 'vue-echarts', 'echarts', 'echarts/*', '@xterm/*'];
const packages = (names) => [[names, 'Pure code imports no UI package.']];

/** The renderer's restricted imports: the base groups, plus regexes of folders this one must not use. */
function renderer(regexes = [], message = '', extraGroups = []) {
  return {
    'no-restricted-imports': ['error', {
      patterns: [
        ...[...rendererBase, ...extraGroups].map(([group, msg]) => ({ group, message: msg })),
        ...regexes.map((regex) => ({ regex, message })),
      ],
    }],
  };
}

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
    rules: { ...renderer(), ...typesOnly(SCHEMA_MODULES) },
  },
  {
    files: ['src-main/contract/*.ts'],
    ignores: ['src-main/contract/api.ts', 'src-main/contract/wire.ts'],
    rules: typesOnly(['./domains/*', './api', './wire', './errors']),
  },
  // Inside the renderer: views -> components -> composables -> stores -> api, and only stores
  // call the api. models/ and format/ are pure (no Vue, no stores); charts/ are pure functions
  // to ECharts options. See docs/architecture.md.
  { files: ['src-renderer/api/**'], rules: renderer(uses(...ALL_FOLDERS), 'api/ is the transport: it imports only the contract.') },
  { files: ['src-renderer/stores/**'], rules: renderer(uses('components', 'views', 'composables', 'charts', 'terminal', 'router'), 'Stores hold state and call the api; they never import what shows it.') },
  { files: ['src-renderer/{models,format}/**'], rules: renderer(uses('api', 'stores', 'components', 'views', 'composables', 'charts', 'terminal', 'browser', 'router'), 'models/ and format/ are pure functions of data.', packages(UI_PACKAGES)) },
  { files: ['src-renderer/theme/**'], rules: renderer(uses('api', 'stores', 'components', 'views', 'composables', 'charts', 'terminal', 'browser', 'router', 'models'), 'theme/ holds design tokens only.') },
  { files: ['src-renderer/charts/**'], rules: renderer(uses('api', 'stores', 'components', 'views', 'composables', 'terminal', 'browser', 'router'), 'A chart option is a pure function of store state.', packages(UI_PACKAGES.filter((p) => !p.startsWith('echarts')))) },
  { files: ['src-renderer/{terminal,browser}/**'], rules: renderer(uses('api', 'stores', 'components', 'views', 'composables', 'charts', 'router'), 'terminal/ and browser/ wrap a browser facility; the app\'s layers use them, not the other way.') },
  { files: ['src-renderer/composables/**'], rules: renderer(uses('api', 'components', 'views').concat(apiContext), 'Composables use stores; only stores call the api.') },
  { files: ['src-renderer/components/**'], rules: renderer(uses('api', 'views').concat(apiContext), 'Components show store state; only stores call the api, and views compose components.') },
  { files: ['src-renderer/components/base/**'], rules: renderer(uses('api', 'views', 'stores', 'composables').concat(apiContext), 'A Base* component is generic: props in, events out, never a store.') },
  { files: ['src-renderer/{views,router}/**', 'src-renderer/App.vue'], rules: renderer(uses('api').concat(apiContext), 'Views read stores; only stores call the api.') },

);
