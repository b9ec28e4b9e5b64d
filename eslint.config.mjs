// ESLint (flat config): typescript-eslint's type-aware recommended rules over
// every TypeScript file, and the architecture's rules (README, Layout): one
// road to PostgreSQL (shared/stores), dependencies that point one way.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** What only the stores (and shared/db, migrations) may touch: the query builder, pg, Objection and the models. */
const DATA_ACCESS = {
  paths: [
    { name: 'knex', message: 'Reach PostgreSQL through a store (shared/stores).' },
    { name: 'pg', message: 'Reach PostgreSQL through a store (shared/stores).' },
    { name: 'objection', message: 'Objection is the stores’ own business (shared/stores).' },
  ],
  patterns: [{ group: ['**/shared/models', '**/shared/models/*'], message: 'Models are the stores’ own: take row types from shared/stores.' }],
};

/** A model's own query methods, which only a store may call. */
const MODEL_QUERIES = {
  selector: 'CallExpression > MemberExpression.callee[property.name=/^\\$(query|relatedQuery|fetchGraph)$/]',
  message: 'Query through a store (shared/stores), not through a model.',
};

/** BullMQ's queues and workers are built by shared/queue/queues.ts only, which gives every key the hash tag (shared/redisKeys.ts). */
const QUEUE_CONSTRUCTION = {
  selector: 'NewExpression[callee.name=/^(Queue|Worker|QueueEvents|FlowProducer|JobScheduler)$/]',
  message: 'Build queues and workers with shared/queue/queues.ts (createQueue, createWorker): it gives their keys the {prefix} hash tag.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'test-output/**', 'services/web/src/api/schema.d.ts'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: {
        // Each file is checked by the tsconfig that includes it: the services' (tsconfig.json) or the web app's (services/web).
        projectService: { allowDefaultProject: ['eslint.config.mjs', 'services/web/vite.config.mts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Express 5 awaits the promises its handlers return and settles a rejected one as an error; Preact's event handlers may return
      // a promise (the page shows its outcome).
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  { files: ['services/web/**'], languageOptions: { globals: globals.browser } },
  {
    files: ['services/**/*.ts', 'shared/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['services/web/**', 'shared/queue/queues.ts'],
    rules: { 'no-restricted-syntax': ['error', QUEUE_CONSTRUCTION] },
  },
  {
    // Where requests and jobs are handled, and the scripts that write the product's data: commands and stores only, not even a type of
    // knex, pg or Objection.
    files: [
      'services/api/routes/**',
      'services/api/commands/**',
      'services/api/contract/**',
      'services/api/presenters/**',
      'services/api/auth/**',
      'services/api/middleware/**',
      'services/worker/processors/**',
      'services/worker/recompute/**',
      'services/worker/notify/**',
      'scripts/createUser.ts',
      'scripts/simulate.ts',
      'scripts/simulator/**',
      'scripts/web/**',
    ],
    ignores: ['services/api/middleware/problem.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', DATA_ACCESS], 'no-restricted-syntax': ['error', MODEL_QUERIES, QUEUE_CONSTRUCTION] },
  },
  {
    // The composition roots (app, wiring, server, the worker's main, the demo seeding) receive the process's pool and hand it to
    // createStores: a type of knex, nothing more.
    files: ['services/api/*.ts', 'services/worker/*.ts', 'scripts/dev/demo.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { ...DATA_ACCESS, paths: DATA_ACCESS.paths.map((p) => (p.name === 'knex' ? { ...p, allowTypeImports: true } : p)) },
      ],
      'no-restricted-syntax': ['error', MODEL_QUERIES, QUEUE_CONSTRUCTION],
    },
  },
  {
    // The problem mapper names Objection's errors (and only them) to map them.
    files: ['services/api/middleware/problem.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { ...DATA_ACCESS, paths: DATA_ACCESS.paths.filter((p) => p.name !== 'objection') }] },
  },
  {
    // The pure rules import nothing but each other.
    files: ['shared/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: DATA_ACCESS.paths, patterns: [{ group: ['../*', '!../domain/*'], message: 'shared/domain imports nothing outside shared/domain.' }] },
      ],
    },
  },
  {
    // Shared code never reaches back into a service.
    files: ['shared/**/*.ts'],
    ignores: ['shared/domain/**', 'shared/stores/**', 'shared/db/**', 'shared/models/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/services/**'], message: 'shared/ is used by the services, never the other way round.' }] },
      ],
    },
  },
  {
    files: ['shared/stores/**/*.ts', 'shared/db/**/*.ts', 'shared/models/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/services/**'], message: 'shared/ is used by the services, never the other way round.' }] },
      ],
    },
  },
  {
    // supertest's bodies and chai's chains are `any` by design: the tests check bodies against the OpenAPI document instead (test/support/contractCheck.ts).
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
      // Stubs satisfy async interfaces without awaiting anything.
      '@typescript-eslint/require-await': 'off',
    },
  },
  { files: ['**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
