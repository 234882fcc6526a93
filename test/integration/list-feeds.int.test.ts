// List feeds end to end below HTTP, on SQLite always and on PostgreSQL when
// PROBITY_TEST_DATABASE_URL names a scratch database: records ingested and followed up through the
// application's use cases, the engine folded from the ledger, the feeds synced from the engine,
// and a consumer following a list across restarts of the store and the engine.
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { catalogInForce } from '../../src/app/policy/catalog-in-force.js';
import { catchUp, loadEngine } from '../../src/app/standing/engine-load.js';
import { ackListFeed, consumerLag, readListFeed } from '../../src/app/feeds/list-feed-read.js';
import { syncListFeeds } from '../../src/app/feeds/list-feed-sync.js';
import { ingestRecords } from '../../src/app/records/record-ingest.js';
import { appendToLedger } from '../../src/app/ledger/ledger-append.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { appendRecordEvent } from '../../src/app/records/record-event-add.js';
import { loadScoringContext } from '../../src/app/standing/scoring-context.js';
import { DomainError } from '../../src/core/errors/domain-error.js';
import type { Agency } from '../../src/core/ledger/ledger-types.js';
import { formatInstant, instant, MS_PER_DAY, type Instant } from '../../src/core/time/instant.js';
import type { Engine } from '../../src/engine/index.js';
import { openStore } from '../../src/store/index.js';
import { personId } from '../factories/subjects.js';
import { storeTargets, type StoreTarget } from '../support/store-targets.js';
import { openReferenceLedger } from '../factories/reference-ledger.js';

const NOW = instant(Date.UTC(2026, 2, 1, 9, 0));
const days = (t: Instant, n: number): Instant => instant(t + n * MS_PER_DAY);
const DEBTORS = 'dishonest-debtors';
const TAX = 'serious-tax-defaulters';

const court: Agency = { id: 'court-1', kind: 'court', name: 'Court', createdAt: NOW };
const tax: Agency = { id: 'tax-1', kind: 'tax', name: 'Tax bureau', createdAt: NOW };

/** A ledger with the reference catalogue and policy, and an engine folded from it. */
class City {
  engine!: Engine;
  lastSeq = 0;

  private constructor(
    readonly location: string,
    public store: LedgerStore,
  ) {}

  static async create(location: string): Promise<City> {
    const store = await openReferenceLedger(
      location,
      [
        { id: court.id, kind: court.kind },
        { id: tax.id, kind: tax.kind },
      ],
      NOW,
    );
    const city = new City(location, store);
    await city.load();
    return city;
  }

  /** Loads a fresh engine from the ledger. */
  async load(): Promise<void> {
    const { engine, lastSeq } = await loadEngine(this.store, await loadScoringContext(this.store));
    this.engine = engine;
    this.lastSeq = lastSeq;
  }

  /** Closes the store and opens it again with a new engine: a server restart. */
  async restart(): Promise<void> {
    await this.store.close();
    this.store = await openStore(this.location);
    await this.load();
  }

  async fold(): Promise<void> {
    this.lastSeq = (await catchUp(this.store, this.engine, this.lastSeq)).lastSeq;
  }

  async submit(agency: Agency, records: readonly object[], at: Instant): Promise<number[]> {
    const summary = await ingestRecords(
      this.store,
      await catalogInForce(this.store),
      agency,
      records,
      at,
      {
        mode: 'atomic',
      },
    );
    await this.fold();
    return summary.outcomes.map((o) => (o.status === 'rejected' ? 0 : o.id));
  }

  async fulfil(recordId: number, at: Instant): Promise<void> {
    await appendRecordEvent(this.store, court, { recordId, type: 'fulfilled' }, at);
    await this.fold();
  }

  /** An objection decided `corrected` (the due-process doors write these). */
  async correct(
    recordId: number,
    subject: string,
    fields: Record<string, number>,
    at: Instant,
  ): Promise<void> {
    await appendToLedger(this.store, (tx, seq) =>
      tx.insertRecordEvents([
        {
          seq: seq.next(),
          recordId,
          subject,
          type: 'corrected',
          at,
          recordedAt: at,
          actor: tax.id,
          reason: 'amount misread',
          fields,
        },
      ]),
    );
    await this.fold();
  }

  sync(t: Instant): Promise<number> {
    return this.syncWith(this.engine, t);
  }

  syncWith(engine: Engine, t: Instant): Promise<number> {
    return syncListFeeds(this.store, engine, t);
  }
}

const debt = (subject: string, ref: string, occurredAt: string) => ({
  sourceRef: ref,
  subject,
  category: 'court.dishonest-debtor',
  occurredAt,
  fields: { amount: 2_500_000, caseNumber: ref },
});

const arrears = (subject: string, ref: string, occurredAt: string, amount: number) => ({
  sourceRef: ref,
  subject,
  category: 'tax.arrears',
  occurredAt,
  fields: { amount },
});

async function expectDomainError(promise: Promise<unknown>, code: string): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
}

function describeListFeeds(name: string, target: StoreTarget): void {
  describe(`list feeds: ${name}`, () => {
    let city: City;

    beforeEach(async () => {
      city = await City.create(await target.newLocation());
    });

    afterEach(async () => {
      await city.store.close();
      await target.dispose(city.location);
    });

    afterAll(() => target.end());

    it('feeds adds after the notice period, a removal on fulfilment and a modify on a correction, in seq order', async () => {
      const p1 = personId('1980-05-05', 1);
      const p3 = personId('1975-01-01', 3);
      const [debtId] = await city.submit(court, [debt(p1, 'D-1', '2026-02-20')], NOW);
      const [t1, t2] = await city.submit(
        tax,
        [
          arrears(p3, 'T-1', '2026-01-10', 20_000_000),
          arrears(p3, 'T-2', '2026-02-10', 30_000_000),
        ],
        NOW,
      );
      expect(await city.sync(NOW)).toBe(0);
      expect(await city.sync(days(NOW, 9))).toBe(0);

      const listed = days(NOW, 11);
      expect(await city.sync(listed)).toBe(2);
      expect(await city.sync(listed)).toBe(0);
      const noticeEnd = formatInstant(days(NOW, 10));
      const p3Entry = {
        subject: p3,
        list: TAX,
        since: noticeEnd,
        until: '2027-02-10T00:00:00.000Z',
        records: [t1, t2],
        legalBasis: expect.stringContaining('SAT') as unknown,
      };
      expect(await city.store.readFeed(DEBTORS, 0, 10)).toEqual([
        {
          seq: 1,
          list: DEBTORS,
          op: 'add',
          subject: p1,
          entry: {
            subject: p1,
            list: DEBTORS,
            since: noticeEnd,
            until: '2029-02-20T00:00:00.000Z',
            records: [debtId],
            legalBasis: expect.stringContaining('SPC') as unknown,
          },
          at: listed,
        },
      ]);
      expect(await city.store.readFeed(TAX, 0, 10)).toMatchObject([
        { seq: 2, op: 'add', subject: p3, entry: p3Entry },
      ]);

      await city.fulfil(debtId ?? 0, days(NOW, 12));
      await city.correct(t2 ?? 0, p3, { amount: 5_000_000 }, days(NOW, 12));
      const later = days(NOW, 13);
      expect(await city.sync(later)).toBe(2);
      expect(await city.sync(later)).toBe(0);
      expect(await city.store.readFeed(DEBTORS, 1, 10)).toMatchObject([
        { seq: 3, op: 'remove', subject: p1, entry: { records: [debtId] }, at: later },
      ]);
      expect(await city.store.readFeed(TAX, 2, 10)).toMatchObject([
        {
          seq: 4,
          op: 'modify',
          subject: p3,
          entry: { ...p3Entry, until: '2027-01-10T00:00:00.000Z', records: [t1] },
        },
      ]);
      expect((await city.store.feedState()).map((d) => [d.list, d.subject])).toEqual([[TAX, p3]]);

      // What the tracker worked out incrementally is what a fresh engine finds from scratch.
      await city.load();
      expect(await city.sync(later)).toBe(0);
    });

    it('follows changes folded between two syncs without rescoring everyone', async () => {
      const p1 = personId('1980-05-05', 1);
      const p2 = personId('1981-06-06', 2);
      const [d1, d2] = await city.submit(
        court,
        [debt(p1, 'D-1', '2026-02-20'), debt(p2, 'D-2', '2026-02-21')],
        NOW,
      );
      expect(await city.sync(days(NOW, 11))).toBe(2);

      const t = instant(days(NOW, 11) + 3_600_000);
      await city.fulfil(d1 ?? 0, t);
      const [d3] = await city.submit(court, [debt(p2, 'D-3', '2026-02-28')], t);
      const rescoring = vi.spyOn(city.engine, 'scoreAll');
      expect(await city.sync(t)).toBe(1);
      expect(rescoring).not.toHaveBeenCalled();
      expect(await city.store.readFeed(DEBTORS, 2, 10)).toMatchObject([
        { seq: 3, op: 'remove', subject: p1 },
      ]);

      // The new record of p2 qualifies once its own notice has run: p2's entry changes then.
      expect(await city.sync(days(t, 11))).toBe(1);
      expect(await city.store.readFeed(DEBTORS, 3, 10)).toMatchObject([
        {
          seq: 4,
          op: 'modify',
          subject: p2,
          entry: { records: [d2, d3], until: '2029-02-28T00:00:00.000Z' },
        },
      ]);
      await city.load();
      expect(await city.sync(days(t, 11))).toBe(0);
    });

    it('delivers every delta exactly once and in order to a consumer across restarts', async () => {
      const people = [1, 2, 3, 4, 5].map((n) => personId('1982-03-04', n));
      const ids = await city.submit(
        court,
        people.map((p, i) => debt(p, `D-${i}`, '2026-02-20')),
        NOW,
      );
      expect(await city.sync(days(NOW, 11))).toBe(5);

      const received: number[] = [];
      const consume = async (pages: number): Promise<void> => {
        for (let page = 0; page < pages; page += 1) {
          const acked =
            (await consumerLag(city.store)).find(
              (c) => c.list === DEBTORS && c.agency === 'airline-1',
            )?.ackedSeq ?? 0;
          const { deltas } = await readListFeed(city.store, DEBTORS, 'airline-1', acked, 2);
          if (deltas.length === 0) return;
          received.push(...deltas.map((d) => d.seq));
          await ackListFeed(city.store, DEBTORS, 'airline-1', deltas.at(-1)?.seq ?? 0, NOW);
          await city.restart();
        }
      };

      await consume(2);
      await city.fulfil(ids[1] ?? 0, days(NOW, 12));
      await city.fulfil(ids[3] ?? 0, days(NOW, 12));
      await city.restart();
      expect(await city.sync(days(NOW, 12))).toBe(2);
      await city.restart();
      expect(await city.sync(days(NOW, 12))).toBe(0);
      await consume(10);

      const all = await city.store.readFeed(DEBTORS, 0, 100);
      expect(all.map((d) => d.op)).toEqual(['add', 'add', 'add', 'add', 'add', 'remove', 'remove']);
      expect(received).toEqual(all.map((d) => d.seq));
      expect(await consumerLag(city.store)).toEqual([
        {
          list: DEBTORS,
          agency: 'airline-1',
          ackedSeq: 7,
          lastSeq: 7,
          behind: 0,
          ackedAt: formatInstant(NOW),
        },
      ]);
    });

    it('refuses acknowledgements beyond the feed or going backwards, and shows each consumer lag', async () => {
      const p1 = personId('1980-05-05', 1);
      const p2 = personId('1981-06-06', 2);
      await city.submit(court, [debt(p1, 'D-1', '2026-02-20'), debt(p2, 'D-2', '2026-02-21')], NOW);
      await city.sync(days(NOW, 11));
      await readListFeed(city.store, DEBTORS, 'airline-1');
      await readListFeed(city.store, DEBTORS, 'rail-1');
      await readListFeed(city.store, TAX, 'rail-1');

      await expectDomainError(
        ackListFeed(city.store, DEBTORS, 'airline-1', 3, NOW),
        'AckBeyondFeed',
      );
      await expectDomainError(ackListFeed(city.store, TAX, 'rail-1', 1, NOW), 'AckBeyondFeed');
      const at = days(NOW, 11);
      expect(await ackListFeed(city.store, DEBTORS, 'airline-1', 2, at)).toEqual({
        list: DEBTORS,
        ackedSeq: 2,
      });
      expect(await ackListFeed(city.store, DEBTORS, 'airline-1', 2, at)).toEqual({
        list: DEBTORS,
        ackedSeq: 2,
      });
      await expectDomainError(ackListFeed(city.store, DEBTORS, 'airline-1', 1, at), 'AckBackwards');
      await ackListFeed(city.store, DEBTORS, 'rail-1', 1, at);
      await expectDomainError(
        readListFeed(city.store, DEBTORS, 'rail-1', 0, 10_001),
        'InvalidRequest',
      );

      expect(await consumerLag(city.store)).toEqual([
        {
          list: DEBTORS,
          agency: 'airline-1',
          ackedSeq: 2,
          lastSeq: 2,
          behind: 0,
          ackedAt: formatInstant(at),
        },
        {
          list: DEBTORS,
          agency: 'rail-1',
          ackedSeq: 1,
          lastSeq: 2,
          behind: 1,
          ackedAt: formatInstant(at),
        },
        { list: TAX, agency: 'rail-1', ackedSeq: 0, lastSeq: 0, behind: 0, ackedAt: null },
      ]);
    });
  });
}

for (const target of storeTargets('feeds')) describeListFeeds(target.name, target);
