import { defineConfig } from 'vitest/config';

// Tests are named by kind (docs/architecture.md, "Tests"): `*.unit.test.ts` beside the code,
// `*.int.test.ts` (real SQLite files and PostgreSQL) and `*.e2e.test.ts` (the CLI, the HTTP API)
// under test/. `npm run test:unit`, `test:int` and `test:e2e` run one kind each.
export default defineConfig({
  test: {
    include: ['src/**/*.unit.test.ts', 'test/**/*.{unit,int,e2e}.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
