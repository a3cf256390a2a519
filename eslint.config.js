// Lint config: typescript-eslint recommended, type-aware where it catches real bugs (floating promises).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layers, lowest first: a folder never imports a folder above it (test/architecture checks there is no
// cycle at all). Relative specifiers, so each rule names how far up the forbidden folder sits.
const up = (names) => `^(\\.\\./)+(${names})(/|\\.js$)`;
const layer = (files, regex, why) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ regex, message: why }] }] },
});
const LAYERS = [
  // A later entry replaces an earlier one for the files both match: the general rule comes first.
  layer(['src/mcp/**/*.ts'], up('transports|cli|app'), 'the MCP server knows nothing of how it is reached'),
  layer(
    ['src/evs-client/**/*.ts'],
    `${up('mcp|transports|cli|oauth|sandbox|config|logging|app')}|^(\\.\\./)+evs/(?!data/)`,
    'the outbound EVS client knows HTTP and EVS errors only (records and MCP sit above it)',
  ),
  layer(
    ['src/evs/**/*.ts'],
    up('mcp|transports|cli|oauth|sandbox|config|logging|app'),
    'records describe EVS; they never reach into the MCP side that runs them',
  ),
  layer(
    ['src/config/**/*.ts'],
    up('mcp|transports|cli|sandbox|app'),
    'configuration is read before anything runs',
  ),
  layer(
    ['src/oauth/**/*.ts'],
    up('mcp|evs|evs-client|transports|cli|sandbox|app'),
    'inbound OAuth checks tokens; it knows nothing of EVS',
  ),
  layer(
    ['src/sandbox/*.ts'],
    '^\\.\\./',
    'the sandbox is written independently of the client: it imports nothing outside src/sandbox',
  ),
  layer(['src/sandbox/*/**/*.ts'], '^\\.\\./\\.\\./', 'the sandbox imports nothing outside src/sandbox'),
  layer(
    ['src/mcp/call/**/*.ts'],
    `${up('engine|guardrails|transports|cli|app')}|^\\.\\./[a-z-]+\\.js$`,
    'calling a record sits below the engine and the guard (and the MCP glue above them)',
  ),
  layer(
    ['src/telemetry/**/*.ts'],
    up('[a-z-]+'),
    'telemetry sits below everything that reports to it (the HTTP client included): records reach it as data',
  ),
  layer(
    ['src/mcp/guardrails/**/*.ts'],
    up('engine|transports|cli|app'),
    'the guard judges; it never imports the engine that asks it',
  ),
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'error',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...LAYERS,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
  },
);
