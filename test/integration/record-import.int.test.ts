// An import's batches (record-import.ts), whatever is changed in how they are read, checked and
// written: every rejected line reported once (unreadable lines and invalid rows, across
// batches), every valid row written once and in file order, and a write that fails stops the
// import before any later batch is written. On SQLite always and on PostgreSQL when
// PROBITY_TEST_DATABASE_URL names a scratch database.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAgencies } from '../../src/app/agencies/agency-add.js';
import { initStore } from '../../src/app/ledger/store-init.js';
import { catalogInForce } from '../../src/app/policy/catalog-in-force.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { importRecords, type ImportRejection } from '../../src/app/records/record-import.js';
import { instant } from '../../src/core/time/instant.js';
import { openRecordFile } from '../../src/io/record-file-reader.js';
import { openStore } from '../../src/store/index.js';
import { personId } from '../factories/subjects.js';
import { scratchDir } from '../support/cli-harness.js';
import { storeTargets } from '../support/store-targets.js';

const NOW = instant(Date.parse('2026-06-01T00:00:00Z'));
const AGENCY = { id: 'utility-1', kind: 'utility', name: 'utility-1', createdAt: NOW };

/** 20 lines: every 4th unreadable, every 5th naming an unknown category, the rest valid. */
function billLines(): { lines: string[]; bad: number[]; valid: number } {
  const lines: string[] = [];
  const bad: number[] = [];
  let valid = 0;
  for (let i = 1; i <= 20; i++) {
    if (i % 4 === 0) {
      lines.push('{not json');
      bad.push(i);
    } else {
      lines.push(
        JSON.stringify({
          sourceRef: `bill-${i}`,
          subject: personId('1980-01-01', i),
          category: i % 5 === 0 ? 'no.such.category' : 'utility.arrears',
          occurredAt: '2026-03-01',
          fields: { amount: 100 + i },
        }),
      );
      if (i % 5 === 0) bad.push(i);
      else valid += 1;
    }
  }
  return { lines, bad, valid };
}

for (const target of storeTargets('record_import')) {
  describe(`an import in batches: ${target.name}`, () => {
    let location: string;
    let store: LedgerStore;
    let file: string;

    beforeEach(async () => {
      location = await target.newLocation();
      store = await openStore(location);
      await initStore(
        store,
        {
          catalogText: readFileSync('policies/catalog.yaml', 'utf8'),
          policyText: readFileSync('policies/policy.yaml', 'utf8'),
        },
        NOW,
      );
      await addAgencies(store, [{ id: AGENCY.id, kind: AGENCY.kind }], NOW);
      file = join(scratchDir(), 'bills.jsonl');
      writeFileSync(file, billLines().lines.join('\n') + '\n');
    });

    afterEach(async () => {
      await store.close();
      await target.dispose(location);
    });

    afterAll(() => target.end());

    it('reports every rejected line once and writes every valid row once, in file order, across batches', async () => {
      const { bad, valid } = billLines();
      const rejections: ImportRejection[] = [];
      const catalog = await catalogInForce(store);
      const summary = await importRecords(
        store,
        catalog,
        AGENCY,
        await openRecordFile(file),
        NOW,
        { onRejected: (r) => void rejections.push(r) },
        3,
      );
      expect(summary).toEqual({ accepted: valid, duplicates: 0, rejected: bad.length });
      expect(rejections.map((r) => r.line).sort((a, b) => a - b)).toEqual(bad);
      const records = [];
      for (let id = 1; id <= (await store.headSeq()); id++)
        records.push(await store.findRecord(id));
      const lines = Array.from({ length: 20 }, (_, i) => i + 1);
      // In sequence order (the catalogue, policy and agency hold the first numbers).
      expect(records.filter((r) => r !== undefined).map((r) => r.sourceRef)).toEqual(
        lines.filter((n) => !bad.includes(n)).map((n) => `bill-${n}`),
      );
      const again = await importRecords(store, catalog, AGENCY, await openRecordFile(file), NOW);
      expect(again).toEqual({ accepted: 0, duplicates: valid, rejected: bad.length });
    });

    it('stops at a write that fails: the batches before it are committed, none after it is attempted', async () => {
      let transactions = 0;
      const failing = {
        counts: () => store.counts(),
        bulkLoad: <T>(work: () => Promise<T>) => store.bulkLoad(work),
        transaction: <T>(work: Parameters<LedgerStore['transaction']>[0]): Promise<T> => {
          transactions += 1;
          if (transactions === 3) return Promise.reject(new Error('disk full'));
          return store.transaction(work) as Promise<T>;
        },
      } as unknown as LedgerStore;
      const catalog = await catalogInForce(store);
      const run = importRecords(failing, catalog, AGENCY, await openRecordFile(file), NOW, {}, 3);
      await expect(run).rejects.toThrow('disk full');
      expect(transactions).toBe(3);
      // Batches of three readable lines: 1-3, then 5-7 (5 names no category); 9-11 never written.
      expect((await store.counts()).records).toBe(5);
    });
  });
}
