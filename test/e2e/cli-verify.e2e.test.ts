// `probity verify` as a user runs it: exit 0 with the entry count and head hash while the audit
// log is intact, exit 1 naming the first broken link once someone has edited it.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { personId } from '../factories/subjects.js';
import { probity, scratchDir } from '../support/cli-harness.js';

const NOW = '2026-06-01T00:00:00Z';
const PERSON = personId('1980-05-17');

describe('probity verify', () => {
  it('passes an intact log, with the reads of score and check in it, and fails an edited one', async () => {
    const dir = scratchDir();
    const db = join(dir, 'probity.db');
    const out = join(dir, 'no-publications');
    expect((await probity(['init', '--db', db, '--now', NOW])).code).toBe(0);

    // Every command that opens the store leaves one entry once it has run (`probity init` is the
    // first; each verify is counted by the next one).
    const empty = await probity(['verify', '--db', db, '--out', out, '--json']);
    expect(empty.code).toBe(0);
    expect(empty.json()[0]).toEqual({
      audit: { entries: 1, head: expect.stringMatching(/^[0-9a-f]{64}$/) as string, ok: true },
      // The ledger's chain (init's catalogue and policy) and its copies of publications (none).
      ledger: {
        rows: 2,
        headSeq: 2,
        head: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
        ok: true,
      },
      storedPublications: { ok: true, versions: 0 },
    });

    expect((await probity(['score', PERSON, '--db', db, '--now', NOW, '--json'])).code).toBe(0);
    expect(
      (
        await probity([
          'check',
          PERSON,
          '--measure',
          'travel.flight',
          '--db',
          db,
          '--now',
          NOW,
          '--json',
        ])
      ).code,
    ).toBe(0);
    const intact = await probity(['verify', '--db', db, '--out', out]);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(
      /audit log: 6 entries, chain intact\n {2}head [0-9a-f]{64} \(entry 6\)/,
    );
    expect(intact.stdout).toContain('publications: no publications');
    const json = (await probity(['verify', '--db', db, '--out', out, '--json'])).json<{
      audit: { head: string };
    }>()[0];
    const anchor = `7:${json?.audit.head ?? ''}`;
    expect((await probity(['verify', '--db', db, '--out', out, '--anchor', anchor])).code).toBe(0);

    const sqlite = new Database(db);
    sqlite.prepare("update audit_log set actor = 'nobody' where seq = 1").run();
    sqlite.close();
    const broken = await probity(['verify', '--db', db, '--out', out]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toBe(
      'error AuditChainBroken: entry 1 was altered: its fields no longer match its hash\n',
    );
    const brokenJson = await probity(['verify', '--db', db, '--out', out, '--json']);
    expect(brokenJson.code).toBe(1);
    expect(brokenJson.json()[0]).toMatchObject({
      audit: { entries: 10, ok: false, firstBroken: { seq: 1, problem: 'altered' } },
    });
    expect(JSON.parse(brokenJson.stderr)).toMatchObject({ error: { code: 'AuditChainBroken' } });

    expect((await probity(['verify', '--db', db, '--anchor', 'nonsense'])).code).toBe(2);
  });
});
