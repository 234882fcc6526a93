// The notice outbox end to end below HTTP, on SQLite always and on PostgreSQL when
// PROBITY_TEST_DATABASE_URL names a scratch database: notices derived from accepted records, list
// feed changes and decisions (once each, whatever the number of runs or restarts), delivered to a
// file and to a signed webhook on a real local HTTP server that fails before it accepts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { catalogInForce } from '../../src/app/policy/catalog-in-force.js';
import { catchUp, loadEngine } from '../../src/app/standing/engine-load.js';
import { syncListFeeds } from '../../src/app/feeds/list-feed-sync.js';
import { ingestRecords } from '../../src/app/records/record-ingest.js';
import { appendToLedger } from '../../src/app/ledger/ledger-append.js';
import { seedCity } from '../../src/app/ledger/city-seed.js';
import {
  deliverNotices,
  noticesOf,
  retryDelay,
  startNoticeDelivery,
  syncNotices,
  type DecisionPayload,
  type ListJoinedPayload,
  type ListLeftPayload,
  type RecordAcceptedPayload,
} from '../../src/app/notices/index.js';
import { fileNoticeChannel, logNoticeChannel } from '../../src/io/file-notice-channel.js';
import {
  NOTICE_ID_HEADER,
  SIGNATURE_HEADER,
  verifyNoticeSignature,
  webhookNoticeChannel,
} from '../../src/io/webhook-notice-channel.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { appendRecordEvent } from '../../src/app/records/record-event-add.js';
import { loadScoringContext, type ScoringContext } from '../../src/app/standing/scoring-context.js';
import { openServerApp } from '../../src/main/server-app.js';
import { agencyCaller } from '../../src/app/access/caller.js';
import type { Agency, RecordEventType, RecordFields } from '../../src/core/ledger/ledger-types.js';
import { formatInstant, instant, MS_PER_DAY, type Instant } from '../../src/core/time/instant.js';
import type { Engine } from '../../src/engine/index.js';
import { openStore } from '../../src/store/index.js';
import { personId } from '../factories/subjects.js';
import { storeTargets, type StoreTarget } from '../support/store-targets.js';
import { openReferenceLedger } from '../factories/reference-ledger.js';

const NOW = instant(Date.UTC(2026, 2, 1, 9, 0));
const days = (t: Instant, n: number): Instant => instant(t + n * MS_PER_DAY);
const DEBTORS = 'dishonest-debtors';

const court: Agency = {
  id: 'court-1',
  kind: 'court',
  name: 'Dongcheng District People’s Court',
  createdAt: NOW,
};
const volunteers: Agency = {
  id: 'civil-1',
  kind: 'civil-affairs',
  name: 'Civil affairs bureau',
  createdAt: NOW,
};
const authority: Agency = {
  id: 'authority-1',
  kind: 'authority',
  name: 'City credit authority',
  createdAt: NOW,
};

/** A ledger with the reference catalogue and policy, an engine folded from it and its context. */
class City {
  engine!: Engine;
  context!: ScoringContext;
  lastSeq = 0;

  private constructor(
    readonly location: string,
    public store: LedgerStore,
  ) {}

  static async create(location: string): Promise<City> {
    const store = await openReferenceLedger(
      location,
      [court, volunteers, authority].map((a) => ({ id: a.id, kind: a.kind, name: a.name })),
      NOW,
    );
    const city = new City(location, store);
    await city.load();
    return city;
  }

  async load(): Promise<void> {
    this.context = await loadScoringContext(this.store);
    const { engine, lastSeq } = await loadEngine(this.store, this.context);
    this.engine = engine;
    this.lastSeq = lastSeq;
  }

  /** Closes the store and opens it again: a server restart. */
  async restart(): Promise<void> {
    await this.store.close();
    this.store = await openStore(this.location);
    await this.load();
  }

  async submit(agency: Agency, records: readonly object[], at: Instant): Promise<number[]> {
    const summary = await ingestRecords(
      this.store,
      await catalogInForce(this.store),
      agency,
      records,
      at,
      { mode: 'atomic' },
    );
    this.lastSeq = (await catchUp(this.store, this.engine, this.lastSeq)).lastSeq;
    return summary.outcomes.map((o) => (o.status === 'rejected' ? 0 : o.id));
  }

  /** A due-process event as the objection and appeal doors write it. */
  async event(
    recordId: number,
    subject: string,
    type: RecordEventType,
    actor: string,
    at: Instant,
    reason: string,
    fields?: RecordFields,
  ): Promise<void> {
    await appendToLedger(this.store, (tx, seq) =>
      tx.insertRecordEvents([
        { seq: seq.next(), recordId, subject, type, at, recordedAt: at, actor, reason, fields },
      ]),
    );
    this.lastSeq = (await catchUp(this.store, this.engine, this.lastSeq)).lastSeq;
  }

  notices(t: Instant): Promise<number> {
    return syncNotices(this.store, this.context, t);
  }

  feeds(t: Instant): Promise<number> {
    return syncListFeeds(this.store, this.engine, t);
  }
}

const debt = (subject: string, ref: string, occurredAt: string) => ({
  sourceRef: ref,
  subject,
  category: 'court.dishonest-debtor',
  occurredAt,
  fields: { amount: 2_500_000, caseNumber: ref },
});

/** A local webhook receiver that answers 500 to the first `failures` requests, then 204. */
async function receiver(failures: number): Promise<{
  url: string;
  server: Server;
  requests: { headers: Record<string, string>; body: string; status: number }[];
}> {
  const requests: { headers: Record<string, string>; body: string; status: number }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = requests.length < failures ? 500 : 204;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      requests.push({ headers, body: Buffer.concat(chunks).toString('utf8'), status });
      res.statusCode = status;
      res.end(status === 500 ? 'try later' : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/notices`, server, requests };
}

function describeNotices(name: string, target: StoreTarget): void {
  describe(`notices: ${name}`, () => {
    let city: City;
    const p1 = personId('1980-05-05', 1);
    const p2 = personId('1981-06-06', 2);

    beforeEach(async () => {
      city = await City.create(await target.newLocation());
    });

    afterEach(async () => {
      await city.store.close();
      await target.dispose(city.location);
    });

    afterAll(() => target.end());

    it('issues exactly one notice of an accepted adverse record: lists from recordedAt + noticePeriod, objection deadline, once across runs and restarts', async () => {
      const [debtId] = await city.submit(court, [debt(p1, 'D-1', '2026-02-20')], NOW);
      await city.submit(
        volunteers,
        [
          {
            sourceRef: 'V-1',
            subject: p1,
            category: 'civic.volunteering',
            occurredAt: '2026-02-21',
            fields: { hours: 12 },
          },
        ],
        NOW,
      );

      // Two derivations at once (two servers) read the same cursor: the source key keeps one.
      const runs = await Promise.all([city.notices(NOW), city.notices(NOW)]);
      expect(runs[0] + runs[1]).toBe(1);
      expect(await city.notices(NOW)).toBe(0);
      await city.restart();
      expect(await city.notices(days(NOW, 1))).toBe(0);

      const notices = await noticesOf(city.store, p1);
      expect(notices).toHaveLength(1);
      const [notice] = notices;
      expect(notice).toMatchObject({
        kind: 'record-accepted',
        createdAt: formatInstant(NOW),
        delivery: { status: 'pending', attempts: 0, deliveredAt: null },
      });
      const payload = notice?.payload as RecordAcceptedPayload;
      expect(payload).toMatchObject({
        record: {
          id: debtId,
          category: 'court.dishonest-debtor',
          label: 'Dishonest judgment debtor (able to perform but refuses)',
          occurredAt: '2026-02-20T00:00:00.000Z',
          recordedAt: formatInstant(NOW),
          fields: { amount: 2_500_000, caseNumber: 'D-1' },
        },
        agency: { id: court.id, name: court.name },
        legalBasis: expect.stringContaining('art. 1(1)') as unknown,
        effect: {
          from: '2026-02-20T00:00:00.000Z',
          until: '2029-02-20T00:00:00.000Z',
          endsWhenFulfilled: true,
          repairFrom: '2027-02-20T00:00:00.000Z',
        },
        objection: {
          // The first objection is taken as long as the record counts: until its effect end.
          until: '2029-02-20T00:00:00.000Z',
          how: '如有异议，您可在该记录有效期内随时通过 http://127.0.0.1:8080/citizen 提出，最迟至2029年2月20日。',
          door: 'POST /v1/citizen/objections',
          decisionWithin: 'P15D',
        },
        language: 'zh-CN',
        portal: 'http://127.0.0.1:8080/citizen',
      });
      // No window of 15 days to object: 15 days is the agency's time to decide (issue 10).
      expect(payload.objection).not.toHaveProperty('before');
      expect(payload.objection).not.toHaveProperty('within');
      expect(payload.summaries.en).not.toMatch(/object within|by 16 March 2026/);
      expect(payload.summaries.en).toContain(
        'You may object at any time while the record has effect, until 20 February 2029 at the latest, at http://127.0.0.1:8080/citizen.',
      );
      expect(payload.summaries.en).toContain(
        'If you object, Dongcheng District People’s Court must decide within 15 days of your objection; if it has not decided by then, the record has no effect until it does.',
      );
      expect(payload.summaries['zh-CN']).not.toMatch(/在15日内，即|2026年3月16日/);
      expect(payload.summaries['zh-CN']).toContain(
        '须在15日内作出决定；逾期未作出决定的，该记录在作出决定前不产生效力。',
      );
      expect(payload.lists).toEqual([
        expect.objectContaining({
          id: DEBTORS,
          kind: 'sanction',
          label: 'List of dishonest judgment debtors',
          effectiveFrom: formatInstant(days(NOW, 10)),
          noticePeriod: 'P10D',
          until: '2029-02-20T00:00:00.000Z',
          measures: expect.arrayContaining([
            expect.objectContaining({ id: 'travel.flight' }),
          ]) as unknown,
        }),
      ]);
      expect(payload.summary).toBe(payload.summaries['zh-CN']);
      expect(payload.summaries.en).toContain(
        'From 11 March 2026, 17:00 (Beijing time) (10 days after it was recorded) it puts you on the List of dishonest judgment debtors',
      );
      expect(payload.summaries['zh-CN']).toContain(
        '自2026年3月11日17:00（北京时间）起（记录后10日）',
      );
      // The Chinese words name the category, list and measures by the documents' zh-CN labels.
      expect(payload.record.labels).toEqual({ 'zh-CN': '失信被执行人（有履行能力而拒不履行）' });
      expect(payload.summaries['zh-CN']).toContain(
        '对您记录了“失信被执行人（有履行能力而拒不履行）”',
      );
      expect(payload.summaries['zh-CN']).toContain('将使您被列入“失信被执行人名单”（措施：');
      expect(payload.summaries['zh-CN']).toContain('购买民航机票');
      expect(payload.summaries['zh-CN']).not.toContain('List of dishonest judgment debtors');
      expect(payload.summaries.en).toContain('Purchase of civil aviation tickets');

      // The date the notice announces is the date the list entry starts (C6).
      expect(await city.feeds(days(NOW, 11))).toBe(1);
      expect((await city.store.readFeed(DEBTORS, 0, 10))[0]?.entry.since).toBe(
        payload.lists[0]?.effectiveFrom,
      );
    });

    it('stops a long derivation between pages when asked (a shutdown), and the next run goes on from there: every notice once', async () => {
      // A history loaded in bulk (seedCity writes no notices): several pages of records to derive.
      const seeded = async (store: LedgerStore) => {
        const catalog = await catalogInForce(store);
        await seedCity(store, catalog.catalog, catalog.version, {
          persons: 500,
          organizations: 20,
          years: 5,
          seed: 3,
          now: NOW,
        });
        return loadScoringContext(store);
      };
      const context = await seeded(city.store);
      const head = await city.store.headSeq();
      let asked = 0;
      const first = await syncNotices(city.store, context, NOW, { stop: () => asked++ >= 1 });
      const stoppedAt = await city.store.noticeCursor('ledger');
      expect(stoppedAt).toBeGreaterThan(0);
      expect(stoppedAt).toBeLessThan(head); // one page of several, then stopped
      const rest = await syncNotices(city.store, context, NOW);
      expect(rest).toBeGreaterThan(0);
      expect(await city.store.noticeCursor('ledger')).toBe(head);
      expect(await syncNotices(city.store, context, NOW)).toBe(0);

      // The same history derived in one run gives as many notices as the stopped run and its sequel.
      const other = await target.newLocation();
      const store = await openReferenceLedger(
        other,
        [court, volunteers, authority].map((a) => ({ id: a.id, kind: a.kind, name: a.name })),
        NOW,
      );
      try {
        const whole = await syncNotices(store, await seeded(store), NOW);
        expect(whole).toBeGreaterThan(0);
        expect(first + rest).toBe(whole);
      } finally {
        await store.close();
        await target.dispose(other);
      }
    });

    it('issues a notice when a list membership starts and when it ends', async () => {
      const [debtId] = await city.submit(court, [debt(p1, 'D-1', '2026-02-20')], NOW);
      expect(await city.notices(NOW)).toBe(1);

      const listed = days(NOW, 11);
      expect(await city.feeds(listed)).toBe(1);
      expect(await city.notices(listed)).toBe(1);
      expect(await city.notices(listed)).toBe(0);

      await appendRecordEvent(
        city.store,
        court,
        { recordId: debtId ?? 0, type: 'fulfilled' },
        days(NOW, 12),
      );
      city.lastSeq = (await catchUp(city.store, city.engine, city.lastSeq)).lastSeq;
      const later = days(NOW, 13);
      expect(await city.feeds(later)).toBe(1);
      expect(await city.notices(later)).toBe(1);
      await city.restart();
      expect(await city.notices(later)).toBe(0);

      const [left, joined, accepted] = await noticesOf(city.store, p1);
      expect(accepted?.kind).toBe('record-accepted');
      expect(joined).toMatchObject({ kind: 'list-joined', createdAt: formatInstant(listed) });
      expect(joined?.payload as ListJoinedPayload).toMatchObject({
        list: { id: DEBTORS, label: 'List of dishonest judgment debtors' },
        since: formatInstant(days(NOW, 10)),
        until: '2029-02-20T00:00:00.000Z',
        records: [debtId],
      });
      expect(joined?.payload.summaries['zh-CN']).toContain('您被列入“失信被执行人名单”');
      expect(left).toMatchObject({ kind: 'list-left', createdAt: formatInstant(later) });
      expect(left?.payload as ListLeftPayload).toMatchObject({
        list: { id: DEBTORS },
        endedAt: formatInstant(later),
        records: [debtId],
      });
      // Newest first, one page after another.
      expect(
        (await noticesOf(city.store, p1, { limit: 1, beforeId: left?.id ?? 0 })).map((n) => n.kind),
      ).toEqual(['list-joined']);
      expect(await noticesOf(city.store, p2)).toEqual([]);
    });

    it('issues a notice of each decision: an objection decision with its appeal deadline, a final appeal decision, an agency correction', async () => {
      const [r1, r2] = await city.submit(
        court,
        [debt(p1, 'D-1', '2026-02-20'), debt(p1, 'D-2', '2026-02-21')],
        NOW,
      );
      const t1 = days(NOW, 2);
      const t2 = days(NOW, 5);
      await city.event(r1 ?? 0, p1, 'objected', 'subject', t1, 'I paid in January');
      await city.event(r1 ?? 0, p1, 'upheld', court.id, t2, 'No payment reached the court');
      expect(await city.notices(t2)).toBe(3);

      const t3 = days(t2, 9);
      const t4 = days(t2, 20);
      await city.event(
        r1 ?? 0,
        p1,
        'appealed',
        'subject',
        t3,
        'Bank transfer of 2026-01-15 attached',
      );
      await city.event(r1 ?? 0, p1, 'revoked', authority.id, t4, 'The transfer settled the debt');
      await city.event(r2 ?? 0, p1, 'corrected', court.id, t4, 'Amount misread', {
        amount: 1_000_000,
        caseNumber: 'D-2',
      });
      expect(await city.notices(t4)).toBe(2);
      expect(await city.notices(t4)).toBe(0);

      const notices = await noticesOf(city.store, p1);
      expect(notices.map((n) => n.kind)).toEqual([
        'record-changed',
        'appeal-decided',
        'objection-decided',
        'record-accepted',
        'record-accepted',
      ]);
      const [changed, appeal, objection] = notices.map((n) => n.payload as DecisionPayload);
      expect(objection).toMatchObject({
        decision: 'upheld',
        record: { id: r1, category: 'court.dishonest-debtor' },
        decidedAt: formatInstant(t2),
        decidedBy: { id: court.id, name: court.name },
        reason: 'No payment reached the court',
        appeal: {
          before: formatInstant(days(t2, 10)),
          within: 'P10D',
          how: '如不服该决定，您可在10日内，即2026年3月16日17:00（北京时间）之前，通过 http://127.0.0.1:8080/citizen 向信用主管部门申诉。',
          door: 'POST /v1/citizen/appeals',
        },
        // A repeat needs new evidence, until the record's notice (NOW) + P1Y.
        repeat: {
          until: '2027-03-01T09:00:00.000Z',
          how: '如有此前未提交过的新证据，您可在2027年3月1日17:00（北京时间）之前，通过 http://127.0.0.1:8080/citizen 再次提出异议。',
          door: 'POST /v1/citizen/objections',
        },
        final: false,
      });
      expect(objection?.summaries.en).toContain('Reason: No payment reached the court.');
      expect(objection?.summaries.en).toContain(
        'You may object again only with evidence you have not offered before, by 1 March 2027, 17:00 (Beijing time), at http://127.0.0.1:8080/citizen.',
      );
      expect(objection?.summary).toContain(
        '如有此前未提交过的新证据，您可在2027年3月1日17:00（北京时间）之前',
      );
      expect(appeal).toMatchObject({
        decision: 'revoked',
        decidedBy: { name: authority.name },
        appeal: null,
        final: true,
      });
      expect(appeal).toMatchObject({ repeat: null });
      expect(appeal?.summaries.en).toContain(
        'This decision is final: no further objection or appeal can be filed on this record. You can still take it to court, and the agency that submitted the record can correct it by submitting a new record.',
      );
      expect(appeal?.summary).toContain(
        '该决定为最终决定，不能再就该记录提出异议或申诉。您仍可依法向人民法院提起诉讼，提交该记录的机关也可以提交更正后的记录。',
      );
      expect(changed).toMatchObject({
        decision: 'corrected',
        record: { id: r2 },
        fields: { amount: 1_000_000 },
        appeal: null,
        repeat: null,
        final: false,
      });
      expect(changed?.summaries.en).toContain('now reads: amount CN¥10,000.00; case number D-2');
      expect(changed?.summary).toContain('现为：金额¥10,000.00；案号D-2');
      // Every notice, in both languages, in words: no ISO duration or instant, no door, no JSON.
      for (const notice of notices) {
        for (const text of Object.values(notice.payload.summaries)) {
          expect(text).not.toMatch(
            /\bP(?:T?\d+[YMWDHS])+|\d{4}-\d{2}-\d{2}T|\/v1\/|[{}"]|the portal\b/,
          );
          expect(text).toContain('http://127.0.0.1:8080/citizen');
        }
      }
    });

    it('offers neither an appeal nor a repeat objection after an objection decided revoked, and caps a repeat at the record’s effect end', async () => {
      // D-1 has effect until 2029-02-20; D-2, conduct of 2023-03-10, only until 2026-03-10 (P3Y):
      // its repeat window ends with its effect, before the notice + P1Y.
      const [r1, r2] = await city.submit(
        court,
        [debt(p1, 'D-1', '2026-02-20'), debt(p1, 'D-2', '2023-03-10')],
        NOW,
      );
      const t1 = days(NOW, 1);
      const t2 = days(NOW, 3);
      await city.event(r1 ?? 0, p1, 'objected', 'subject', t1, 'I paid in January');
      await city.event(r2 ?? 0, p1, 'objected', 'subject', t1, 'Not my debt');
      await city.event(r1 ?? 0, p1, 'revoked', court.id, t2, 'The payment reached the court');
      await city.event(r2 ?? 0, p1, 'upheld', court.id, t2, 'The judgment names you');
      expect(await city.notices(t2)).toBe(4);

      const decided = (await noticesOf(city.store, p1))
        .filter((n) => n.kind === 'objection-decided')
        .map((n) => n.payload as DecisionPayload);
      const revoked = decided.find((p) => p.record.id === r1);
      expect(revoked).toMatchObject({ decision: 'revoked', appeal: null, repeat: null });
      expect(revoked?.summaries.en).not.toMatch(/appeal|object again/);
      expect(revoked?.summaries.en).toContain('Details: http://127.0.0.1:8080/citizen.');
      expect(revoked?.summaries['zh-CN']).not.toMatch(/申诉|再次提出异议/);
      expect(revoked?.summaries['zh-CN']).toContain('详情请见 http://127.0.0.1:8080/citizen。');

      const upheld = decided.find((p) => p.record.id === r2);
      expect(upheld).toMatchObject({
        decision: 'upheld',
        // Both end with the record's effect, sooner than the decision + P10D and the notice + P1Y.
        appeal: { before: '2026-03-10T00:00:00.000Z', within: 'P10D' },
        repeat: { until: '2026-03-10T00:00:00.000Z' },
      });
      expect(upheld?.summaries.en).toContain(
        'You may object again only with evidence you have not offered before, by 10 March 2026, at',
      );
    });

    it('delivers through a signed webhook once: retries with backoff after two failures, never resends after the 2xx, even after a restart', async () => {
      await city.submit(court, [debt(p1, 'D-1', '2026-02-20')], NOW);
      await city.notices(NOW);
      const hook = await receiver(2);
      const secret = 'shared-secret-of-the-city';
      const options = { baseDelayMs: 1_000, maxDelayMs: 60_000 };
      const channel = webhookNoticeChannel({ url: hook.url, secret, timeoutMs: 5_000 });
      const delivery = async () => (await city.store.noticesOfSubject(p1, 1))[0]?.delivery;
      try {
        expect(await deliverNotices(city.store, channel, NOW, options)).toEqual({
          attempted: 1,
          delivered: 0,
          retrying: 1,
          failed: 0,
        });
        expect(await delivery()).toMatchObject({
          status: 'pending',
          attempts: 1,
          nextAttemptAt: NOW + 1_000,
          lastError: expect.stringContaining('HTTP 500') as unknown,
        });
        // Not due before its backoff has passed.
        expect(
          (await deliverNotices(city.store, channel, instant(NOW + 999), options)).attempted,
        ).toBe(0);

        expect(
          (await deliverNotices(city.store, channel, instant(NOW + 1_000), options)).retrying,
        ).toBe(1);
        expect(await delivery()).toMatchObject({
          status: 'pending',
          attempts: 2,
          nextAttemptAt: NOW + 1_000 + 2_000,
        });
        expect(
          (await deliverNotices(city.store, channel, instant(NOW + 2_999), options)).attempted,
        ).toBe(0);

        const delivered = instant(NOW + 3_000);
        expect((await deliverNotices(city.store, channel, delivered, options)).delivered).toBe(1);
        expect(await delivery()).toMatchObject({
          status: 'delivered',
          attempts: 3,
          deliveredAt: delivered,
        });
        expect(hook.requests.map((r) => r.status)).toEqual([500, 500, 204]);

        await city.restart();
        const again = webhookNoticeChannel({ url: hook.url, secret });
        expect((await deliverNotices(city.store, again, days(NOW, 30), options)).attempted).toBe(0);
        expect(hook.requests).toHaveLength(3);

        const [notice] = await noticesOf(city.store, p1);
        for (const request of hook.requests) {
          expect(request.headers['content-type']).toBe('application/json');
          expect(request.headers[NOTICE_ID_HEADER]).toBe(String(notice?.id));
          expect(request.headers['content-language']).toBe('zh-CN');
          expect(
            verifyNoticeSignature(request.body, request.headers[SIGNATURE_HEADER] ?? '', secret),
          ).toBe(true);
          expect(
            verifyNoticeSignature(
              request.body,
              request.headers[SIGNATURE_HEADER] ?? '',
              'another secret',
            ),
          ).toBe(false);
          expect(JSON.parse(request.body)).toMatchObject({
            id: notice?.id,
            subject: p1,
            kind: 'record-accepted',
            source: 'record:' + String((notice?.payload as RecordAcceptedPayload).record.id),
          });
        }
        expect(hook.requests[2]?.body).toBe(hook.requests[0]?.body);
      } finally {
        await new Promise((resolve) => hook.server.close(resolve));
      }
    });

    it('appends each notice once to the demo file, and the service issues notices on its own sync', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'probity-notices-'));
      try {
        const server = openServerApp(city.store, { clock: () => NOW, pollMs: 0 });
        await server.load();
        await server.app.submitRecords(agencyCaller(court), [debt(p1, 'D-1', '2026-02-20')]);
        await server.close();
        expect((await noticesOf(city.store, p1)).map((n) => n.kind)).toEqual(['record-accepted']);

        const file = join(dir, 'data', 'notices.jsonl');
        const channel = fileNoticeChannel(file);
        expect((await deliverNotices(city.store, channel, NOW)).delivered).toBe(1);
        expect((await deliverNotices(city.store, channel, days(NOW, 1))).attempted).toBe(0);
        const lines = readFileSync(file, 'utf8').trim().split('\n');
        expect(lines).toHaveLength(1);

        // The server's loop drains a backlog pass after pass (here one notice per pass).
        await city.submit(
          court,
          [debt(p2, 'D-2', '2026-02-21'), debt(p2, 'D-3', '2026-02-22')],
          NOW,
        );
        expect(await city.notices(NOW)).toBe(2);
        const logged: string[] = [];
        const loop = startNoticeDelivery(
          city.store,
          logNoticeChannel((line) => logged.push(line)),
          () => NOW,
          { intervalMs: 10, batch: 1 },
        );
        await vi.waitFor(() => expect(logged).toHaveLength(2));
        await loop.stop();
        expect(logged.map((l) => (JSON.parse(l) as { subject: string }).subject)).toEqual([p2, p2]);
        expect((await noticesOf(city.store, p2)).map((n) => n.delivery.status)).toEqual([
          'delivered',
          'delivered',
        ]);
        expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
          subject: p1,
          kind: 'record-accepted',
          payload: { agency: { name: court.name } },
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

describe('notice delivery backoff', () => {
  it('doubles the delay after each failed attempt up to the cap', () => {
    const options = { baseDelayMs: 1_000, maxDelayMs: 5_000 };
    expect([1, 2, 3, 4, 5, 60].map((n) => retryDelay(n, options))).toEqual([
      1_000, 2_000, 4_000, 5_000, 5_000, 5_000,
    ]);
  });
});

for (const target of storeTargets('notices')) describeNotices(target.name, target);
