// The CLI's record files are a door like the HTTP API: a JSON lines or CSV file whose rows hold a
// NUL or a lone surrogate, or a value nested 10 000 deep, gets those rows rejected with a code and
// the field's path (InvalidText, TooDeep), the good rows imported, no crash, and nothing
// unstorable written. On SQLite and (when PROBITY_TEST_DATABASE_URL is set) PostgreSQL.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../src/app/audit/audit-verify.js';
import { openStore } from '../../src/store/index.js';
import { personId } from '../factories/subjects.js';
import { probity, scratchDir } from '../support/cli-harness.js';
import { storeTargets, type StoreTarget } from '../support/store-targets.js';

const A = personId('1980-05-17', 233);
const B = personId('1991-09-02', 118);
const C = personId('1975-02-03', 41);

interface RejectRow {
  line: number;
  sourceRef: string | null;
  code: string;
  message: string;
  details: { path: string; code: string; message: string }[];
}

const row = (sourceRef: string, subject: string, caseNumber = `c-${sourceRef}`) =>
  `{"sourceRef":"${sourceRef}","subject":"${subject}","category":"court.dishonest-debtor","occurredAt":"2026-01-15","fields":{"amount":1000,"caseNumber":"${caseNumber}"}}`;

function describeImport(target: StoreTarget): void {
  describe(`import of hostile text: ${target.name}`, () => {
    let location: string;
    const dir = scratchDir('probity-hostile-import-');
    const cli = (...args: string[]) => probity([...args, '--db', location]);

    beforeAll(async () => {
      location = await target.newLocation();
      expect((await cli('init')).code).toBe(0);
      expect((await cli('agency', 'add', 'court-1', '--kind', 'court')).code).toBe(0);
    });

    afterAll(async () => {
      await target.dispose(location);
      await target.end();
    });

    function rejectsOf(path: string): RejectRow[] {
      return readFileSync(path, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as RejectRow);
    }

    it('rejects JSON lines holding NUL, lone surrogates or deep nesting, and imports the rest', async () => {
      const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
      const file = join(dir, 'records.jsonl');
      writeFileSync(
        file,
        [
          row('j1', A),
          row('j-\\u0000', A),
          row('j3', A, '\\ud800'),
          row('j4', A).replace('"amount":1000', '"\\udc00":1,"amount":1000'),
          row('j5', '\\u0000'),
          row('j6', A).replace('"amount":1000', `"amount":${deep}`),
          row('j7', B),
        ].join('\n'),
      );
      const rejects = join(dir, 'rejects.jsonl');
      const r = await cli('import', file, '--agency', 'court-1', '--rejects', rejects, '--json');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.json()[0]).toEqual({ accepted: 2, duplicates: 0, rejected: 5 });
      const rows = rejectsOf(rejects);
      expect(rows.map((x) => [x.line, x.code, x.details[0]?.path])).toEqual([
        [2, 'InvalidText', 'sourceRef'],
        [3, 'InvalidText', 'fields.caseNumber'],
        [4, 'InvalidText', 'fields.\\udc00'],
        [5, 'InvalidText', 'subject'],
        [6, 'TooDeep', expect.stringMatching(/^fields\.amount\[0\]/) as unknown],
      ]);
      expect(rows[0]?.sourceRef).toBeNull(); // an unstorable sourceRef is not echoed
      const store = await openStore(location);
      try {
        expect((await store.recordsOfSubject(A)).map((rec) => rec.sourceRef)).toEqual(['j1']);
        expect((await store.recordsOfSubject(B)).map((rec) => rec.sourceRef)).toEqual(['j7']);
        expect(await verifyAuditLog(store)).toMatchObject({ ok: true });
      } finally {
        await store.close();
      }
    });

    it('refuses an argument holding a NUL or a lone surrogate with InvalidText, auditing nothing', async () => {
      const store = await openStore(location);
      const before = (await store.lastAudit())?.seq ?? 0;
      await store.close();
      for (const subject of ['\u0000', '\ud800']) {
        const r = await cli('check', subject, '--measure', 'travel.flight');
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/^error InvalidText: argv\[1\] contains /);
      }
      const after = await openStore(location);
      try {
        expect((await after.lastAudit())?.seq ?? 0).toBe(before);
        expect(await verifyAuditLog(after)).toMatchObject({ ok: true });
      } finally {
        await after.close();
      }
    });

    it('quotes a long bad argument as an excerpt, not whole', async () => {
      const id = `${'9'.repeat(5_000)}x`;
      const r = await cli('record', 'event', id, 'fulfilled', '--agency', 'court-1');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`not "${'9'.repeat(64)}…"`);
      expect(r.stderr.length).toBeLessThan(200);
    });

    it('rejects CSV rows holding a NUL byte, and imports the rest', async () => {
      const file = join(dir, 'records.csv');
      writeFileSync(
        file,
        [
          'sourceRef,subject,category,occurredAt,amount,caseNumber',
          `k1,${C},court.dishonest-debtor,2026-01-15,1000,case\u0000one`,
          `k2\u0000,${C},court.dishonest-debtor,2026-01-15,1000,case-two`,
          `k3,${C},court.dishonest-debtor,2026-01-15,1000,case-three`,
        ].join('\n'),
      );
      const rejects = join(dir, 'rejects.csv.jsonl');
      const r = await cli('import', file, '--agency', 'court-1', '--rejects', rejects, '--json');
      expect(r.stderr).toBe('');
      expect(r.json()[0]).toEqual({ accepted: 1, duplicates: 0, rejected: 2 });
      expect(rejectsOf(rejects).map((x) => [x.line, x.code, x.details[0]?.path])).toEqual([
        [2, 'InvalidText', 'fields.caseNumber'],
        [3, 'InvalidText', 'sourceRef'],
      ]);
      const store = await openStore(location);
      try {
        expect((await store.recordsOfSubject(C)).map((rec) => rec.sourceRef)).toEqual(['k3']);
      } finally {
        await store.close();
      }
    });
  });
}

for (const target of storeTargets('hostileimport')) describeImport(target);
