// A large tail written beside a running server does not hold it up (issue 10, failure 9: a CLI
// import of 1.2 M rows blocked a running server for 27 s), on both dialects. A second store handle
// appends many records in import-sized transactions, as `probity import` would; the server folds
// them in small pages, yielding between them, and applies them in one step at the head it read
// up to. /healthz sent while the fold reads the tail is answered before the fold has read it all;
// a check sent then is answered before the fold ends, from the engine before the tail or after all
// of it (never half); after the fold the tail's listed subject is denied. No timing: the test
// counts the pages read.
import { afterAll, describe, expect, it } from 'vitest';
import { loadScoringContext } from '../../src/app/standing/scoring-context.js';
import { IMPORT_BATCH_SIZE } from '../../src/app/records/record-import.js';
import { ingestRecords } from '../../src/app/records/record-ingest.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { instant } from '../../src/core/time/instant.js';
import { openStore } from '../../src/store/index.js';
import { personId } from '../factories/subjects.js';
import { storeTargets } from '../support/store-targets.js';
import { bearer, DAY, debtorRecord, startHarness, T0 } from './http-harness.js';

/** Several import transactions' worth of records: many pages of the server's tail. */
const TAIL = 8_000;
const LISTED = personId('1971-04-05', 7);

/** Appends `TAIL` debtor records as the court, in import-sized transactions, through `store`. */
async function appendTail(store: LedgerStore): Promise<void> {
  const context = await loadScoringContext(store);
  const court = await store.findAgency('court');
  if (!court) throw new Error('no court');
  for (let start = 0; start < TAIL; start += IMPORT_BATCH_SIZE) {
    const rows = [];
    for (let i = start; i < Math.min(TAIL, start + IMPORT_BATCH_SIZE); i += 1) {
      // A few subjects with many records each: the lists that follow the fold change little.
      const subject = i === TAIL - 1 ? LISTED : personId('1960-01-01', i % 40);
      rows.push(debtorRecord(subject, `tail-${i}`, '2026-01-20'));
    }
    const summary = await ingestRecords(
      store,
      { catalog: context.catalog, version: context.catalogVersion },
      court,
      rows,
      instant(T0 - 20 * DAY),
      // As `probity import` does: each record's notice written with it.
      { mode: 'partial', notices: context },
    );
    expect(summary.rejected).toBe(0);
  }
}

for (const target of storeTargets('fold_yields')) {
  describe(`a server following a large tail: ${target.name}`, () => {
    afterAll(() => target.end());

    it('answers /healthz and a check sent while it folds a large tail before the fold ends, from the engine before or after the whole tail', async () => {
      const h = await startHarness({ location: await target.newLocation() });
      const other = await openStore(h.path);
      try {
        const check = () =>
          h.app.inject({
            method: 'POST',
            url: '/v1/checks',
            headers: bearer('aviation'),
            payload: { subject: LISTED, measure: 'travel.flight', purpose: 'enforcement' },
          });
        expect((await check()).json()).toMatchObject({ decision: 'allow' });
        const before = h.service.readiness()?.lastSeq;
        await appendTail(other);
        const head = await h.store.headSeq();

        // What each check saw: the sequence the engine had folded when it answered, and its decision.
        const service = h.service;
        const originalCheck = service.check.bind(service);
        const seen: { lastSeq: number | undefined; decision: string }[] = [];
        service.check = (subject, measure, at) => {
          const result = originalCheck(subject, measure, at);
          seen.push({ lastSeq: service.readiness()?.lastSeq, decision: result.decision });
          return result;
        };
        // Count the pages of the tail read, and ask for health and a check as the first arrives.
        const store = h.store;
        const originalPages = store.ledgerPages.bind(store);
        let pages = 0;
        let foldEnded = false;
        let health: Promise<{ status: number; pagesRead: number }> | undefined;
        let during: Promise<{ status: number; beforeFoldEnded: boolean }> | undefined;
        store.ledgerPages = async function* (afterSeq, pageSize) {
          for await (const page of originalPages(afterSeq, pageSize)) {
            pages += 1;
            health ??= h.app
              .inject({ url: '/healthz' })
              .then((res) => ({ status: res.statusCode, pagesRead: pages }));
            during ??= check().then((res) => ({
              status: res.statusCode,
              beforeFoldEnded: !foldEnded,
            }));
            yield page;
          }
        };
        try {
          await service.sync();
          foldEnded = true;
        } finally {
          store.ledgerPages = originalPages;
        }
        const totalPages = pages;
        const answered = await health;
        expect(answered?.status).toBe(200);
        // Answered between two pages, not once the whole tail had been read.
        expect(answered?.pagesRead).toBeLessThan(totalPages);
        expect(totalPages).toBeGreaterThan(2);
        const checked = await during;
        expect(checked).toEqual({ status: 200, beforeFoldEnded: true });
        // The check saw the engine before the tail (allow) or after all of it (deny), never half.
        expect(service.readiness()?.lastSeq).toBe(head);
        const [during1] = seen;
        expect([before, head]).toContain(during1?.lastSeq);
        expect(during1?.decision).toBe(during1?.lastSeq === head ? 'deny' : 'allow');
        service.check = originalCheck;
        // After the fold, the whole tail: the listed subject is denied.
        expect((await check()).json()).toMatchObject({ decision: 'deny' });
      } finally {
        await other.close();
        await h.close();
      }
    });
  });
}
