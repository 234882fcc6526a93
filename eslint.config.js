// ESLint: typescript-eslint's type-checked rules, and the layering of architecture.md
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

/** Forbids imports of the other rooms (by relative path) and of the given packages. */
function onlyFrom(room, allowedRooms, forbiddenPackages = []) {
  const forbiddenRooms = rooms.filter((r) => r !== room && !allowedRooms.includes(r));
  return {
    files: [`src/${room}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...forbiddenRooms.map((r) => ({
              group: [`**/${r}/*`, `**/${r}`],
              message: `src/${room} may not import src/${r} (see architecture.md, layers).`,
            })),
            ...(forbiddenPackages.length > 0
              ? [
                  {
                    group: forbiddenPackages,
                    message: `src/${room} stays free of this dependency.`,
                  },
                ]
              : []),
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', 'web/dist/', 'bin/', '*.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
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
  onlyFrom(
    'app',
    ['core', 'engine', 'synth'],
    ['kysely', 'better-sqlite3', 'pg', 'fastify', 'commander', 'cli-progress'],
  ),
  onlyFrom('synth', ['core'], ['kysely', 'better-sqlite3', 'pg', 'fastify', 'commander']),
  onlyFrom(
    'http',
    ['core', 'engine', 'app', 'config'],
    ['kysely', 'better-sqlite3', 'pg', 'commander'],
  ),
  onlyFrom(
    'cli',
    ['core', 'engine', 'app', 'config'],
    ['kysely', 'better-sqlite3', 'pg', 'fastify'],
  ),
  onlyFrom('config', ['core'], ['kysely', 'better-sqlite3', 'pg', 'fastify', 'commander']),
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
