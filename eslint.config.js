// Lint configuration. Besides typescript-eslint's recommended rules it enforces the layer rule
// of shared/STYLE.md: imaging -> segmentation -> mesh are pure kernels and never import a front
// end (lab, web, cli) or Node I/O from their core; billing imports no imaging code at all.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const frontEnds = [
  '@anatomodel/lab',
  '@anatomodel/lab/*',
  '@anatomodel/web',
  '@anatomodel/web/*',
  '@anatomodel/cli',
  '@anatomodel/cli/*',
];
const nodeIo = [
  'node:fs',
  'node:fs/*',
  'fs',
  'fs/*',
  'node:child_process',
  'node:net',
  'node:http',
  'node:https',
];
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.tmp/**', 'out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/cli/**'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['packages/imaging/src/**/*.ts'],
    ignores: ['packages/imaging/src/node/**'],
    rules: restrict(
      [
        ...frontEnds,
        '@anatomodel/segmentation',
        '@anatomodel/segmentation/*',
        '@anatomodel/mesh',
        '@anatomodel/mesh/*',
        '@anatomodel/billing',
        '@anatomodel/billing/*',
        ...nodeIo,
      ],
      'imaging is the bottom layer: pure kernels, no front ends, no higher layers, no Node I/O outside src/node/.',
    ),
  },
  {
    files: ['packages/segmentation/src/**/*.ts'],
    ignores: ['packages/segmentation/src/node/**'],
    rules: restrict(
      [
        ...frontEnds,
        '@anatomodel/mesh',
        '@anatomodel/mesh/*',
        '@anatomodel/billing',
        '@anatomodel/billing/*',
        '@anatomodel/imaging/node',
        ...nodeIo,
      ],
      'segmentation may use imaging only; no front ends, no mesh, no Node I/O outside src/node/.',
    ),
  },
  {
    files: ['packages/mesh/src/**/*.ts'],
    ignores: ['packages/mesh/src/node/**'],
    rules: restrict(
      [
        ...frontEnds,
        '@anatomodel/billing',
        '@anatomodel/billing/*',
        '@anatomodel/imaging/node',
        ...nodeIo,
      ],
      'mesh may use imaging and segmentation; no front ends, no billing, no Node I/O outside src/node/.',
    ),
  },
  {
    files: ['packages/billing/**/*.ts'],
    rules: restrict(
      [
        ...frontEnds,
        '@anatomodel/imaging',
        '@anatomodel/imaging/*',
        '@anatomodel/segmentation',
        '@anatomodel/segmentation/*',
        '@anatomodel/mesh',
        '@anatomodel/mesh/*',
      ],
      'billing stands alone: it imports no imaging, segmentation, mesh or front-end code.',
    ),
  },
);
