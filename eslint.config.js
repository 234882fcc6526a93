// ESLint: typescript-eslint's type-checked rules, and the rooms of docs/architecture.md
// (core ← engine ← app ← http/cli ← main; store implements ports declared in core/app).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const rooms = ['core', 'engine', 'store', 'io', 'app', 'http', 'cli', 'synth', 'config', 'main'];
const infrastructure = [
  'kysely',
  'better-sqlite3',
  'pg',
  'pg-copy-streams',
  'fastify',
  'commander',
  'cli-progress',
];

/**
 * Forbids imports of the other rooms (by relative path) and of the given packages, plus any
 * further patterns (typescript-eslint's rule, so a pattern may allow type-only imports).
 */
function onlyFrom(room, allowedRooms, forbiddenPackages = [], morePatterns = []) {
  const forbiddenRooms = rooms.filter((r) => r !== room && !allowedRooms.includes(r));
  return {
    files: [`src/${room}/**/*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            ...forbiddenRooms.map((r) => ({
              group: [`**/${r}/*`, `**/${r}`],
              message: `src/${room} may not import src/${r} (see docs/architecture.md, the rooms).`,
            })),
            ...(forbiddenPackages.length > 0
              ? [
                  {
                    group: forbiddenPackages,
                    message: `src/${room} stays free of this dependency.`,
                  },
                ]
              : []),
            ...morePatterns,
          ],
        },
      ],
    },
  };
}

/**
 * The doors (HTTP routes, CLI commands) only parse, call the application and format: they reach
 * every use case through ProbityApp, never a store, the engine or a use-case module directly.
 */
const doorPatterns = [
  {
    group: ['**/app/ports/*', '**/app/standing/*', '**/app/audit/audit-log*'],
    message:
      'a door never touches a store or the engine: call ProbityApp (src/app/probity-app.ts).',
  },
  {
    // (typescript-eslint lets a type-only import through any pattern that allows type imports,
    // so the forbidden folders above are left out of this one.)
    group: [
      '**/app/*/*',
      '!**/app/access/caller.js',
      '!**/app/ports/*',
      '!**/app/standing/*',
      '!**/app/audit/audit-log*',
    ],
    allowTypeImports: true,
    message:
      'a door calls use cases through ProbityApp (src/app/probity-app.ts); from use-case modules it imports types only.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'data/',
      'coverage/',
      'web/dist/',
      'web/dist-ssr/',
      'web/src/api/schema.d.ts',
      'bin/',
      '*.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      // `import { type X } from 'm'` stays `import {} from 'm'` under verbatimModuleSyntax: it
      // loads m at run time (the typebox provider's 312 modules at every start, bench/README.md).
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  onlyFrom('core', [], ['node:*', ...infrastructure]),
  onlyFrom('engine', ['core'], ['node:*', ...infrastructure]),
  // core/ and engine/ give the same answer for the same input: they never read the clock, draw
  // random numbers or look at the process. The instant `now` and any randomness are passed in.
  {
    files: ['src/core/**/*.ts', 'src/engine/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'core/ and engine/ do not read the process: pass it in.' },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'core/ and engine/ take `now` as a parameter.',
        },
        {
          object: 'performance',
          property: 'now',
          message: 'core/ and engine/ do not read the clock: pass it in.',
        },
        {
          object: 'Math',
          property: 'random',
          message: 'core/ and engine/ are deterministic: pass a seeded random source in.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'new Date() reads the clock: core/ and engine/ take `now` as a parameter.',
        },
        {
          selector: "CallExpression[callee.name='Date']",
          message: 'Date() reads the clock: core/ and engine/ take `now` as a parameter.',
        },
      ],
    },
  },
  onlyFrom('store', ['core', 'app'], ['fastify', 'commander', 'cli-progress']),
  // File and network adapters (record files, publication files, notice channels): like store/,
  // they implement ports declared in app/ and are wired in main/.
  onlyFrom(
    'io',
    ['core', 'app'],
    ['kysely', 'better-sqlite3', 'pg', 'fastify', 'commander', 'cli-progress'],
  ),
  // File and network I/O is done by adapters (src/io, src/store) behind ports.
  onlyFrom(
    'app',
    ['core', 'engine', 'synth'],
    [
      'kysely',
      'better-sqlite3',
      'pg',
      'fastify',
      'commander',
      'cli-progress',
      'node:fs',
      'node:fs/*',
      'node:http',
      'node:https',
      'node:net',
      'node:readline',
    ],
  ),
  onlyFrom('synth', ['core'], ['kysely', 'better-sqlite3', 'pg', 'fastify', 'commander']),
  onlyFrom(
    'http',
    ['core', 'app', 'config'],
    ['kysely', 'better-sqlite3', 'pg', 'commander'],
    doorPatterns,
  ),
  onlyFrom(
    'cli',
    ['core', 'app', 'config'],
    ['kysely', 'better-sqlite3', 'pg', 'fastify'],
    doorPatterns,
  ),
  onlyFrom('config', ['core'], ['kysely', 'better-sqlite3', 'pg', 'fastify', 'commander']),
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
