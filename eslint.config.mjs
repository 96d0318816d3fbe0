import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/dist/**', 'test/bench/.out/**', '**/.tmp/**', 'storybook-static/**', 'node_modules/**', 'coverage/**', 'docs/examples/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "AssignmentExpression[left.property.name='innerHTML']", message: 'Data is text: use textContent, never innerHTML.' },
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Data is text: never insertAdjacentHTML.' },
        { selector: "NewExpression[callee.name='Function']", message: 'No new Function.' },
        { selector: "CallExpression[callee.name='eval']", message: 'No eval.' },
      ],
    },
  },
  // The package graph (docs/architecture.md): core imports no package; renderers and algorithms (charts, gl,
  // explain) import only core; composite views import those; elements imports anything but tests.
  {
    files: ['packages/core/src/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@tensorlens/*'], message: 'core imports no other tensorlens package.' }, { group: ['../../*/src/*', '../../../*/src/*'], message: 'Import another package by its name (@tensorlens/...), never by a relative path.' }] }] },
  },
  {
    files: ['packages/charts/src/**', 'packages/gl/src/**', 'packages/explain/src/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@tensorlens/*', '!@tensorlens/core'], message: 'Renderers and algorithms import only @tensorlens/core; a view that combines them belongs in @tensorlens/views.' }, { group: ['../../*/src/*', '../../../*/src/*'], message: 'Import another package by its name (@tensorlens/...), never by a relative path.' }] }],
    },
  },
  {
    files: ['packages/views/src/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@tensorlens/elements', '@tensorlens/views'], message: 'views import core, charts, gl and explain only.' }, { group: ['../../*/src/*', '../../../*/src/*'], message: 'Import another package by its name (@tensorlens/...), never by a relative path.' }] }] },
  },
  // tfjs is an optional peer: only @tensorlens/explain/attribution (packages/explain/src/attribution/) may import it,
  // type-only imports included (they would reach the published .d.ts). A separate rule name from the package-graph
  // rule above, so that the two do not override each other. Tests, stories and scripts may import it.
  {
    files: ['packages/*/src/**'],
    ignores: ['packages/explain/src/attribution/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['@tensorflow/*'], message: 'tfjs is an optional peer dependency: only packages/explain/src/attribution/ (@tensorlens/explain/attribution) may import it. Duck-type tensors (core: isTensorLike, toNDArray) instead.' }] }],
    },
  },
  {
    files: ['**/test/**', 'stories/**', 'scripts/**', 'test/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
