// The raw row reader a fold reads the ledger with (issue 11, item 2): positional rows decoded
// straight into ledger events (better-sqlite3 raw statements on SQLite, `rowMode: 'array'` on
// PostgreSQL), on SQLite always and on PostgreSQL when PROBITY_TEST_DATABASE_URL names a scratch
// database. It gives the same pages as the query builder (every event kind, nulls and JSON fields,
// keyset pages across tables), the same engine subject by subject, and keeps the fold's
// guarantees: a gap ends the pages where it is and is refused, and catalogue and policy versions
// are accounted for in the page that holds them.
import { afterAll, describe, expect, it } from 'vitest';
import { appendToLedger } from '../../src/app/ledger/ledger-append.js';
import { appendRecordEvent } from '../../src/app/records/record-event-add.js';
import type {
  LedgerPage,
  LedgerReader,
  LedgerRowReader,
  LedgerStore,
} from '../../src/app/ports/ledger-store.js';
import { loadEngine } from '../../src/app/standing/engine-load.js';
import { loadScoringContext } from '../../src/app/standing/scoring-context.js';
import { instant, MS_PER_DAY } from '../../src/core/time/instant.js';
import { ingestAs, openReferenceLedger } from '../factories/reference-ledger.js';
import { adultOf } from '../factories/subjects.js';
import { storeTargets, type StoreTarget } from '../support/store-targets.js';

const NOW = instant(Date.UTC(2026, 2, 1, 9, 0));
const LATER = instant(NOW + 30 * MS_PER_DAY);
const COURT = { id: 'court-1', kind: 'court', name: 'Court' };
const SUBJECTS = 12;

function debt(k: number, sourceRef: string) {
  return {
    sourceRef,
    subject: adultOf(k),
    category: 'court.dishonest-debtor',
    occurredAt: '2026-02-01',
    // Text every row format must carry as it is: tabs, newlines, backslashes (COPY's escapes),
    // quotes and characters of several UTF-8 lengths.
    fields: {
      amount: 1_000_000 + k * 1_000,
      caseNumber: `${sourceRef}\t(2026)京0105执\\N\n"é" 😀 \\.`,
    },
  };
}

/** A ledger with every kind of engine event: records, record events (with and without a reason and fields), subject events. */
async function fill(store: LedgerStore): Promise<void> {
  const agency = await store.findAgency(COURT.id);
  if (!agency) throw new Error('no court');
  const ids = await ingestAs(
    store,
    COURT.id,
    Array.from({ length: SUBJECTS }, (_, i) => debt(i + 1, `R-${i + 1}`)),
    NOW,
  );
  const [a = 0, b = 0, c = 0] = ids;
  await appendRecordEvent(
    store,
    agency,
    { recordId: a, type: 'suspended', reason: 'plan\tA\\N\n分期' },
    NOW,
  );
  await appendRecordEvent(store, agency, { recordId: a, type: 'resumed' }, NOW);
  await appendRecordEvent(store, agency, { recordId: b, type: 'fulfilled' }, NOW);
  await appendToLedger(store, (tx, seq) =>
    tx.insertRecordEvents([
      {
        seq: seq.next(),
        recordId: c,
        subject: adultOf(3),
        type: 'corrected',
        at: NOW,
        recordedAt: NOW,
        actor: COURT.id,
        reason: 'amount misread',
        fields: { amount: 500_000, caseNumber: 'R-3' },
      },
    ]),
  );
  await appendToLedger(store, (tx, seq) =>
    tx.insertSubjectEvents([
      {
        seq: seq.next(),
        subject: adultOf(4),
        type: 'deceased',
        at: NOW,
        recordedAt: NOW,
        actor: COURT.id,
      },
    ]),
  );
  await ingestAs(store, COURT.id, [debt(SUBJECTS + 1, 'R-late')], NOW);
}

async function pages(
  store: LedgerReader,
  after: number,
  size: number,
  reader: LedgerRowReader,
): Promise<LedgerPage[]> {
  const read: LedgerPage[] = [];
  for await (const page of store.ledgerPages(after, size, reader)) read.push(page);
  return read;
}

/** The store, its folds reading through the query builder. */
function throughQueryBuilder(store: LedgerStore): LedgerReader {
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'ledgerPages')
        return (after: number, size: number) => target.ledgerPages(after, size, 'query-builder');
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}

function describeRawReader(target: StoreTarget): void {
  describe(`the raw ledger reader: ${target.name}`, () => {
    afterAll(() => target.end());

    it('reads the same pages as the query builder, every event kind, in pages of any size', async () => {
      const location = await target.newLocation();
      const store = await openReferenceLedger(location, [COURT], NOW);
      try {
        await fill(store);
        const kinds = new Set(
          (await pages(store, 0, 1_000, 'raw')).flatMap((p) => p.events.map((e) => e.kind)),
        );
        expect([...kinds].sort()).toEqual(['record', 'record-event', 'subject-event']);
        for (const size of [1, 3, 7, 1_000]) {
          for (const after of [0, 5]) {
            const raw = await pages(store, after, size, 'raw');
            expect(raw).toEqual(await pages(store, after, size, 'query-builder'));
            expect(raw[raw.length - 1]?.throughSeq).toBe(await store.headSeq());
          }
        }
        const [first] = await pages(store, 0, 1_000, 'raw');
        expect(first?.documentSeqs.length).toBeGreaterThan(0);
      } finally {
        await store.close();
        await target.dispose(location);
      }
    });

    it('folds the same engine as the query builder, subject by subject', async () => {
      const location = await target.newLocation();
      const store = await openReferenceLedger(location, [COURT], NOW);
      try {
        await fill(store);
        const context = await loadScoringContext(store);
        const raw = await loadEngine(store, context);
        const reference = await loadEngine(throughQueryBuilder(store), context);
        expect(raw.lastSeq).toBe(await store.headSeq());
        expect(raw.lastSeq).toBe(reference.lastSeq);
        expect(raw.events).toBe(reference.events);
        expect(raw.engine.stats()).toEqual(reference.engine.stats());
        for (let k = 1; k <= SUBJECTS + 1; k++) {
          const subject = adultOf(k);
          expect(raw.engine.evaluate(subject, LATER)).toEqual(
            reference.engine.evaluate(subject, LATER),
          );
        }
      } finally {
        await store.close();
        await target.dispose(location);
      }
    });

    it('ends the pages at a gap and the fold refuses it, as the query builder does', async () => {
      const location = await target.newLocation();
      const store = await openReferenceLedger(location, [COURT], NOW);
      try {
        await fill(store);
        const ids = await ingestAs(store, COURT.id, [debt(40, 'G-1'), debt(41, 'G-2')], NOW);
        const hidden = ids[0] ?? 0;
        await target.tamper(location, [`update records set id = -id where id = ${hidden}`]);
        const raw = await pages(store, 0, 3, 'raw');
        expect(raw).toEqual(await pages(store, 0, 3, 'query-builder'));
        const last = raw[raw.length - 1];
        expect(last?.gapAt).toBe(hidden);
        expect(last?.throughSeq).toBe(hidden - 1);
        await expect(loadEngine(store, await loadScoringContext(store))).rejects.toMatchObject({
          code: 'LedgerSequenceBroken',
          message: expect.stringContaining(`${hidden}`) as string,
        });
      } finally {
        await store.close();
        await target.dispose(location);
      }
    });

    it('never reads a head another transaction has moved and not committed: it reads once that transaction ends', async () => {
      const location = await target.newLocation();
      const store = await openReferenceLedger(location, [COURT], NOW);
      try {
        await fill(store);
        const head = await store.headSeq();
        let release: () => void = () => undefined;
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        let moved: () => void = () => undefined;
        const headMoved = new Promise<void>((resolve) => {
          moved = resolve;
        });
        // A writer moves the head (five numbers no row holds), then waits, then rolls back.
        const writer = store
          .transaction(async (tx) => {
            await tx.setHead((await tx.lockHead()) + 5);
            moved();
            await held;
            throw new Error('rolled back');
          })
          .catch((error: unknown) => error);
        await headMoved;
        const read = pages(store, 0, 1_000, 'raw');
        // Turns of the event loop in which a read that did not wait for the writer would finish.
        for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
        release();
        expect(await writer).toMatchObject({ message: 'rolled back' });
        const after = await read;
        expect(after[after.length - 1]?.throughSeq).toBe(head);
        expect(after.some((page) => page.gapAt !== undefined)).toBe(false);
      } finally {
        await store.close();
        await target.dispose(location);
      }
    });
  });
}

for (const target of storeTargets('rawreader')) describeRawReader(target);
