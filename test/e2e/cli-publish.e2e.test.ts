// `probity publish` and `probity verify` as a user runs them, on a real SQLite file with a fixed
// clock: the contract JSON, a second version after a fulfilment (the removal in its delta), a
// verify that passes untouched publications and exits 1 naming the first broken link once a byte
// changed, and the usage errors.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { personId } from '../factories/subjects.js';
import { probity, scratchDir } from '../support/cli-harness.js';

const ACCEPTED = '2026-03-01T09:00:00Z';
const FIRST = '2026-03-15T09:00:00Z';
const SECOND = '2026-03-20T09:00:00Z';
const X = personId('1980-05-17', 233);
const Y = personId('1991-09-02', 118);

interface Published {
  publications: {
    list: string;
    version: number;
    entries: number;
    files: string[];
    delta: { added: number; removed: number };
  }[];
  keyId: string;
}

describe('probity publish and verify', () => {
  const dir = scratchDir('probity-publish-');
  const db = join(dir, 'probity.db');
  const out = join(dir, 'pub');
  const cli = (now: string, ...args: string[]) => probity([...args, '--db', db, '--now', now]);

  beforeAll(async () => {
    expect((await cli(ACCEPTED, 'init')).code).toBe(0);
    expect(
      (await cli(ACCEPTED, 'agency', 'add', 'court-1', '--kind', 'court', '--json')).code,
    ).toBe(0);
    const file = join(dir, 'records.jsonl');
    writeFileSync(
      file,
      [X, Y]
        .map((subject, i) =>
          JSON.stringify({
            sourceRef: `s-${i}`,
            subject,
            category: 'court.dishonest-debtor',
            occurredAt: '2026-02-01',
            fields: { amount: 200_000, caseNumber: `(2026)京0105执${i}号` },
          }),
        )
        .join('\n'),
    );
    expect((await cli(ACCEPTED, 'import', file, '--agency', 'court-1', '--json')).code).toBe(0);
  });

  it('publishes every public list and prints the contract JSON', async () => {
    const run = await cli(FIRST, 'publish', '--out', out, '--json');
    expect(run.code).toBe(0);
    const [result] = run.json<Published>();
    const debtors = result?.publications.find((p) => p.list === 'dishonest-debtors');
    expect(debtors).toMatchObject({ version: 1, entries: 2 });
    expect(debtors?.files).toContain('dishonest-debtors/v1.manifest.json');
    expect(result?.keyId).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(out, 'dishonest-debtors', 'v1.json'), 'utf8')).not.toContain(X);
  });

  it('puts a fulfilled record in the next version as a removal', async () => {
    const records = (await cli(SECOND, 'score', X, '--json')).json<{
      contributions: { recordId: number }[];
    }>()[0];
    const recordId = String(records?.contributions[0]?.recordId);
    const event = await cli(
      SECOND,
      'record',
      'event',
      recordId,
      'fulfilled',
      '--agency',
      'court-1',
      '--json',
    );
    expect(event.code, event.stderr).toBe(0);
    const run = await cli(SECOND, 'publish', '--list', 'dishonest-debtors', '--out', out, '--json');
    expect(run.code).toBe(0);
    expect(run.json<Published>()[0]?.publications).toEqual([
      expect.objectContaining({
        list: 'dishonest-debtors',
        version: 2,
        entries: 1,
        delta: expect.objectContaining({ added: 0, removed: 1 }) as unknown,
      }),
    ]);
  });

  it('verifies untouched publications, and exits 1 naming the first broken link after a change', async () => {
    const ok = await cli(SECOND, 'verify', '--out', out);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('files, signatures and chains intact');
    const json = (await cli(SECOND, 'verify', '--out', out, '--json')).json<{
      publications: { ok: boolean };
    }>()[0];
    expect(json?.publications.ok).toBe(true);

    const path = join(out, 'dishonest-debtors', 'v1.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"version": 1', '"version": 9'));
    const broken = await cli(SECOND, 'verify', '--out', out);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toBe(
      'error PublicationChainBroken: first broken link: dishonest-debtors v1: v1.json was altered: its SHA-256 no longer matches the manifest\n',
    );
  });

  it('refuses a list that does not exist and an instant in the future', async () => {
    expect((await cli(SECOND, 'publish', '--list', 'no-such-list', '--out', out)).code).toBe(1);
    const future = await cli(SECOND, 'publish', '--at', '2030-01-01', '--out', out);
    expect(future.code).toBe(1);
    expect(future.stderr).toContain('PublishInFuture');
  });
});
