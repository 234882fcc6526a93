// The list feed doors through Fastify (inject) on a real SQLite ledger and the real audit log:
// who may follow a list, the deltas in seq order after a cursor, acknowledgements and their
// conflicts, a removal reaching the consumer, and the consumers' lag for the authority.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUp, loadEngine } from '../../src/app/standing/engine-load.js';
import { syncListFeeds } from '../../src/app/feeds/list-feed-sync.js';
import { loadScoringContext } from '../../src/app/standing/scoring-context.js';
import { instant } from '../../src/core/time/instant.js';
import type { Engine } from '../../src/engine/index.js';
import { personId } from '../factories/subjects.js';
import {
  bearer,
  DAY,
  debtorRecord,
  ingestAsCourt,
  startHarness,
  T0,
  type Harness,
} from './http-harness.js';

const DEBTORS = 'dishonest-debtors';
const FIRST = personId('1980-05-17', 233);
const SECOND = personId('1979-11-02', 18);

interface FeedPage {
  list: string;
  deltas: {
    seq: number;
    op: string;
    entry: { subject: string; list: string; records: number[] };
  }[];
  lastSeq: number;
}

let h: Harness;
let engine: Engine;
let folded: number;
let records: number[];

/** Folds the ledger into the test's engine and syncs the feeds at the harness clock. */
async function syncFeeds(): Promise<number> {
  folded = (await catchUp(h.store, engine, folded)).lastSeq;
  return syncListFeeds(h.store, engine, h.clock());
}

beforeAll(async () => {
  h = await startHarness({
    before: async (store) => {
      records = await ingestAsCourt(
        store,
        [debtorRecord(FIRST, 'feed-1', '2026-01-20'), debtorRecord(SECOND, 'feed-2', '2026-01-22')],
        instant(T0 - 20 * DAY),
      );
    },
  });
  const loaded = await loadEngine(h.store, await loadScoringContext(h.store));
  engine = loaded.engine;
  folded = loaded.lastSeq;
  await syncFeeds();
});
afterAll(async () => h.close());

function feed(kind: string, query = '', list = DEBTORS) {
  return h.app.inject({ url: `/v1/lists/${list}/feed${query}`, headers: bearer(kind) });
}

function ack(kind: string, seq: unknown, list = DEBTORS) {
  return h.app.inject({
    method: 'POST',
    url: `/v1/lists/${list}/feed/ack`,
    headers: bearer(kind),
    payload: { seq },
  });
}

function errorCode(res: { json: () => unknown }): string {
  return (res.json() as { error: { code: string } }).error.code;
}

describe('list feeds over HTTP', () => {
  it("gives an enforcing agency the list's deltas in seq order, after a cursor and a page at a time", async () => {
    const res = await feed('aviation');
    expect(res.statusCode).toBe(200);
    const page = res.json<FeedPage>();
    expect(page.list).toBe(DEBTORS);
    // One sync's deltas come by list, then by subject.
    expect(page.deltas.map((d) => [d.op, d.entry.subject, d.entry.records])).toEqual([
      ['add', SECOND, [records[1]]],
      ['add', FIRST, [records[0]]],
    ]);
    const seqs = page.deltas.map((d) => d.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(page.lastSeq).toBe(seqs.at(-1));

    const first = (await feed('aviation', '?limit=1')).json<FeedPage>();
    expect(first.deltas.map((d) => d.seq)).toEqual([seqs[0]]);
    const rest = (await feed('aviation', `?after=${seqs[0]}&limit=10`)).json<FeedPage>();
    expect(rest.deltas.map((d) => d.seq)).toEqual([seqs[1]]);
    expect((await feed('aviation', `?after=${page.lastSeq}`)).json<FeedPage>().deltas).toEqual([]);
  });

  it('lets the authority follow any list, and refuses agencies that enforce no measure of it', async () => {
    expect((await feed('authority')).statusCode).toBe(200);
    const court = await feed('court');
    expect(court.statusCode).toBe(403);
    expect(errorCode(court)).toBe('FeedNotPermitted');
    // Utilities enforce measures of the dishonest-debtors list, not of the aviation offenders' list.
    const utility = await feed('utility', '', 'aviation-safety-offenders');
    expect(utility.statusCode).toBe(403);
    const none = await h.app.inject({ url: `/v1/lists/${DEBTORS}/feed` });
    expect(none.statusCode).toBe(401);
  });

  it('answers 404 for a list the policy does not have, and 400 for a bad cursor or page size', async () => {
    const unknown = await feed('aviation', '', 'no-such-list');
    expect(unknown.statusCode).toBe(404);
    expect(errorCode(unknown)).toBe('UnknownList');
    expect((await feed('aviation', '?after=-1')).statusCode).toBe(400);
    expect((await feed('aviation', '?limit=10001')).statusCode).toBe(400);
  });

  it('acknowledges up to a seq, refusing 409 beyond the feed and backwards', async () => {
    const { deltas, lastSeq } = (await feed('rail')).json<FeedPage>();
    const firstSeq = deltas[0]?.seq ?? 0;
    const beyond = await ack('rail', lastSeq + 1);
    expect(beyond.statusCode).toBe(409);
    expect(errorCode(beyond)).toBe('AckBeyondFeed');
    const ok = await ack('rail', lastSeq);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ list: DEBTORS, ackedSeq: lastSeq });
    expect((await ack('rail', lastSeq)).statusCode).toBe(200);
    const backwards = await ack('rail', firstSeq);
    expect(backwards.statusCode).toBe(409);
    expect(errorCode(backwards)).toBe('AckBackwards');
    expect((await ack('rail', 'x')).statusCode).toBe(400);
    expect((await ack('court', lastSeq)).statusCode).toBe(403);
    expect((await ack('rail', 1, 'no-such-list')).statusCode).toBe(404);
  });

  it('brings a fulfilment to the consumer as a removal after its acknowledged seq', async () => {
    const before = (await feed('tourism')).json<FeedPage>();
    expect((await ack('tourism', before.lastSeq)).statusCode).toBe(200);
    h.clock.advance(DAY);
    const fulfil = await h.app.inject({
      method: 'POST',
      url: `/v1/records/${records[0]}/events`,
      headers: bearer('court'),
      payload: { type: 'fulfilled' },
    });
    expect(fulfil.statusCode).toBe(201);
    await syncFeeds();
    const after = (await feed('tourism', `?after=${before.lastSeq}`)).json<FeedPage>();
    expect(after.deltas).toMatchObject([
      { op: 'remove', entry: { subject: FIRST, records: [records[0]] } },
    ]);
    expect(after.deltas[0]?.seq).toBeGreaterThan(before.lastSeq);
  });

  it("shows the authority every consumer's acknowledged seq and lag, and no one else", async () => {
    const res = await h.app.inject({ url: '/v1/feeds/consumers', headers: bearer('authority') });
    expect(res.statusCode).toBe(200);
    const { consumers } = res.json<{
      consumers: {
        list: string;
        agency: string;
        ackedSeq: number;
        lastSeq: number;
        behind: number;
        ackedAt: string | null;
      }[];
    }>();
    const lastSeq = (await feed('authority')).json<FeedPage>().lastSeq;
    const row = (agency: string) =>
      consumers.find((c) => c.list === DEBTORS && c.agency === agency);
    expect(row('aviation')).toEqual({
      list: DEBTORS,
      agency: 'aviation',
      ackedSeq: 0,
      lastSeq,
      behind: 3,
      ackedAt: null,
    });
    expect(row('tourism')).toMatchObject({ behind: 1, lastSeq });
    expect(row('rail')).toMatchObject({ behind: 1 });
    const refused = await h.app.inject({ url: '/v1/feeds/consumers', headers: bearer('aviation') });
    expect(refused.statusCode).toBe(403);
    expect(errorCode(refused)).toBe('FeedNotPermitted');
  });

  it('records every feed read in the audit log, refused ones included', async () => {
    const entries = await h.store.readAudit(0, 100_000);
    const reads = entries.filter((e) => e.action === 'feed-read');
    expect(
      reads.some(
        (e) =>
          e.actor === 'agency:aviation' &&
          e.purpose === 'enforcement' &&
          e.outcome.startsWith('read'),
      ),
    ).toBe(true);
    expect(reads.some((e) => e.actor === 'agency:authority' && e.purpose === 'oversight')).toBe(
      true,
    );
    expect(
      reads.some((e) => e.actor === 'agency:court' && e.outcome === 'refused FeedNotPermitted'),
    ).toBe(true);
  });
});
