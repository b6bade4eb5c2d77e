// Lint rules keep the layers apart (ARCHITECTURE.md, Layers): the UI never touches TensorFlow.js, the
// worker never touches React, and the app never imports the Node tools.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y-x';
import globals from 'globals';

const noTools = {
  group: ['**/tools/**', '../tools/*', '../../tools/*'],
  message: 'The app never imports the Node tools (tools/): they run in Node, not in the browser.',
};
const noTf = {
  group: ['@tensorflow/*'],
  message:
    'Only the inference worker (src/inference/worker/) and shared preprocessing use TensorFlow.js; the page talks to the worker through src/inference/client.ts.',
};
const noReact = {
  group: ['react', 'react-dom', 'react-dom/*', 'react/*'],
  message: 'Worker and service-worker code has no DOM and no React.',
};

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist-bench/',
      'bench-results/',
      'node_modules/',
      'models/',
      '.cache/',
      'scratch/',
      'test-results/',
      'playwright-report/',
      'dev-dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [noTools, noTf] }],
    },
  },
  // Accessibility in the JSX itself; axe-core checks the rendered states (tests/e2e/a11y.spec.ts).
  { ...jsxA11y.configs.strict, files: ['src/**/*.tsx'] },
  {
    files: [
      'src/inference/worker/**/*.ts',
      'src/inference/tensorInput.ts',
      'src/inference/head.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTools, noReact] }] },
  },
  {
    files: ['src/sw/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTools, noReact, noTf] }] },
  },
  {
    files: ['tools/**/*.ts', 'tests/**/*.ts', '*.config.ts', '*.config.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
