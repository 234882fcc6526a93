// `probity seed --scale`: a named size for the synthetic city (S, M, L = Beijing), checked before
// anything is opened, and the explicit counts still working beside it.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_USAGE } from '../../src/cli/exit-codes.js';
import { openStore } from '../../src/store/index.js';
import { probity, scratchDir } from '../support/cli-harness.js';

const NOW = '2026-06-01T00:00:00Z';
const dir = scratchDir('probity-seed-scale-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('probity seed --scale', () => {
  it('refuses a scale it does not know with a usage error naming the scales, and writes nothing', async () => {
    const db = join(dir, 'refused.db');
    const run = await probity(['seed', '--scale', 'XL', '--db', db, '--now', NOW]);
    expect(run.code).toBe(EXIT_USAGE);
    expect(run.stderr).toContain('--scale must be one of S, M, L, not "XL"');
    expect(run.stdout).toBe('');
    expect(existsSync(db)).toBe(false);
  });

  it('refuses a seed with neither a scale nor both counts, and writes nothing', async () => {
    const db = join(dir, 'no-size.db');
    const run = await probity(['seed', '--persons', '10', '--db', db, '--now', NOW]);
    expect(run.code).toBe(EXIT_USAGE);
    expect(run.stderr).toContain('give --scale (S, M, L), or both --persons and --orgs');
    expect(existsSync(db)).toBe(false);
  });

  it('takes a scale in any case, explicit counts overriding its sizes', async () => {
    const db = join(dir, 'scaled.db');
    const args = ['seed', '--scale', 's', '--persons', '40', '--orgs', '4', '--years', '1'];
    const run = await probity([...args, '--db', db, '--now', NOW, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()[0]).toMatchObject({ persons: 40, organizations: 4 });
    const store = await openStore(db);
    try {
      const counts = await store.counts();
      expect(counts.persons).toBe(40);
      expect(counts.organizations).toBe(4);
    } finally {
      await store.close();
    }
  });
});
