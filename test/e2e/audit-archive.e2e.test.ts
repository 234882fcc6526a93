// `probity audit archive` and `probity verify` at the command line (docs/audit.md): the closed
// months of a store's audit log archived into the directory named once, verify reporting the
// segments and still passing, an archived entry's anchor holding, the operator reading a
// subject's archived entries, and one changed byte of a
// segment failing verify with exit 1 and a message naming the segment.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { personId } from '../factories/subjects.js';
import { probity, scratchDir } from '../support/cli-harness.js';

const PERSON = personId('1980-05-17');

describe('probity audit archive', () => {
  it('archives the closed months, verify checks them end to end, and names a segment changed by one byte', async () => {
    const dir = scratchDir('probity-audit-archive-e2e-');
    const db = join(dir, 'probity.db');
    const out = join(dir, 'no-publications');
    const archive = join(dir, 'audit-archive');
    const at = (now: string) => ['--db', db, '--now', now];
    expect((await probity(['init', ...at('2026-01-15T08:00:00Z')])).code).toBe(0);
    for (const now of ['2026-01-20T08:00:00Z', '2026-02-10T08:00:00Z', '2026-03-05T08:00:00Z']) {
      const check = await probity(['check', PERSON, '--measure', 'travel.flight', ...at(now)]);
      expect(check.code, check.stderr).toBe(0);
    }
    const before = (await probity(['verify', '--db', db, '--out', out, '--json'])).json<{
      audit: { entries: number; head: string };
    }>()[0];
    expect(before?.audit.entries).toBeGreaterThan(3);

    const archived = await probity([
      'audit',
      'archive',
      '--before',
      '2026-03',
      '--dir',
      archive,
      ...at('2026-03-10T08:00:00Z'),
    ]);
    expect(archived.code, archived.stdout + archived.stderr).toBe(0);
    expect(archived.stdout).toMatch(
      /archived 2026-01: entries 1\.\.\d+ .* -> audit-2026-01\.r0\.jsonl\.gz/,
    );
    expect(archived.stdout).toMatch(/archived 2026-02: .* -> audit-2026-02\.r0\.jsonl\.gz/);
    expect(readdirSync(archive).filter((f) => f.endsWith('.gz'))).toEqual([
      'audit-2026-01.r0.jsonl.gz',
      'audit-2026-02.r0.jsonl.gz',
    ]);

    const intact = await probity(['verify', '--db', db, '--out', out]);
    expect(intact.code, intact.stdout + intact.stderr).toBe(0);
    expect(intact.stdout).toContain(`archive ${archive}: 2 segments`);
    // The first entry (init's) is archived; its anchor still holds.
    const first = readFileSync(join(archive, 'audit-2026-01.r0.jsonl.gz'));
    const anchored = await probity([
      'verify',
      '--db',
      db,
      '--out',
      out,
      '--anchor',
      `${before?.audit.entries}:${before?.audit.head}`,
      '--json',
    ]);
    expect(anchored.code, anchored.stdout + anchored.stderr).toBe(0);
    expect(
      anchored.json<{ audit: { archive: { segments: number } } }>()[0]?.audit.archive.segments,
    ).toBe(2);

    // The operator reads the subject's archived entries: January's and February's checks.
    const read = await probity(['audit', 'read', PERSON, '--db', db, '--json']);
    expect(read.code, read.stderr).toBe(0);
    expect(
      read
        .json<{ entries: { action: string; at: number }[] }>()[0]
        ?.entries.filter((e) => e.action === 'check')
        .map((e) => new Date(e.at).toISOString().slice(0, 7)),
    ).toEqual(['2026-01', '2026-02']);

    const bytes = Buffer.from(first);
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0x01;
    writeFileSync(join(archive, 'audit-2026-01.r0.jsonl.gz'), bytes);
    const broken = await probity(['verify', '--db', db, '--out', out]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(
      /AuditChainBroken.*archived segment audit-2026-01\.r0\.jsonl\.gz \(2026-01, entries 1\.\.\d+\): it was altered/s,
    );
  });
});
