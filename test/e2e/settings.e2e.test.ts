// Settings are read once, at start, and every bad one is reported together before anything is
// opened: a mistyped deployment fails at once, whole, and leaves no store behind.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probity, scratchDir } from '../support/cli-harness.js';

describe('settings at start', () => {
  it.each([['serve'], ['demo']])(
    '`probity %s` reports every bad setting together, exits 2 and opens nothing',
    async (command) => {
      const db = join(scratchDir(), 'never.db');
      const run = await probity([command, '--db', db, '--port', '99999', '--json'], {
        PROBITY_LOG_LEVEL: 'chatty',
        PROBITY_PUBLISH_AT: '25:00',
        PROBITY_NOTICE_WEBHOOK_URL: 'https://notices.example/in',
      });
      expect(run.code).toBe(2);
      const { error } = JSON.parse(run.stderr) as {
        error: { code: string; message: string; details: { path: string; code: string }[] };
      };
      expect(error.code).toBe('ConfigInvalid');
      expect(error.details.map((d) => d.path)).toEqual([
        '--port',
        'PROBITY_LOG_LEVEL',
        'PROBITY_PUBLISH_AT',
        'PROBITY_NOTICE_WEBHOOK_SECRET',
      ]);
      expect(existsSync(db)).toBe(false);
    },
  );

  it('names a lone bad --now with its own code, as a usage error', async () => {
    const run = await probity(['serve', '--now', 'tomorrow-ish']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error InvalidNow: --now "tomorrow-ish" is not a date/);
  });

  it('takes the publications directory from the environment for publish', async () => {
    const dir = scratchDir();
    const db = join(dir, 'p.db');
    expect((await probity(['init', '--db', db, '--now', '2026-03-01T00:00:00Z'])).code).toBe(0);
    const out = join(dir, 'published');
    const run = await probity(['publish', '--db', db, '--now', '2026-03-02T00:00:00Z', '--json'], {
      PROBITY_PUBLICATIONS_DIR: out,
    });
    expect(run.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    const verify = await probity(['verify', '--db', db, '--json'], {
      PROBITY_PUBLICATIONS_DIR: out,
    });
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ publications: { ok: true, dir: out } });
  });
});
