// Need to know (charter C11, issue 10): an enforcer reading a subject for `enforcement` or
// `eligibility` gets the check answer and its reasons (the lists the subject is on, with their
// dates and legal basis, and the measures its kind enforces, with their decision and end), never
// the score, the grade or the contributions; dispute review, oversight and the subject get the
// full explanation. A list feed delivery is audited once per subject it discloses, so each
// citizen sees it in their own access log. Through Fastify on SQLite and (when
// PROBITY_TEST_DATABASE_URL is set) PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../src/app/access/caller.js';
import { issueSignInCode } from '../../src/app/citizen/sign-in-code-issue.js';
import { instant } from '../../src/core/time/instant.js';
import { personId } from '../factories/subjects.js';
import { storeTargets } from '../support/store-targets.js';
import {
  bearer,
  DAY,
  debtorRecord,
  ingestAsCourt,
  startHarness,
  T0,
  type Harness,
} from './http-harness.js';

const LISTED = personId('1980-05-17', 233);
const CLEAN = personId('1975-02-03', 41);
/** Debtors on the dishonest-debtors list, disclosed by its feed. */
const DEBTORS = [LISTED, ...[1, 2, 3, 4].map((n) => personId(`1970-0${n}-1${n}`, 100 + n))];

/** What an explanation holds and a need-to-know answer must not. */
const EXPLANATION_ONLY = [
  'score',
  'grade',
  'base',
  'contributions',
  'ruleTotals',
  'unclamped',
  'clamped',
  'notInForce',
  'scorable',
];

interface NeedToKnow {
  view: string;
  subject: string;
  purpose: string;
  measures: {
    measure: string;
    kind: string;
    decision: string;
    legalBasis: string;
    lists: string[];
    until: string | null;
  }[];
  lists: {
    list: string;
    since: string;
    until: string | null;
    legalBasis: string;
    records: number[];
  }[];
}

interface AccessLog {
  subject: string;
  entries: { actor: string; purpose: string; action: string; outcome: string }[];
}

describe.each(storeTargets('needtoknow'))('need to know on $name', (target) => {
  let location: string;
  let h: Harness;
  let records: number[];

  beforeAll(async () => {
    location = await target.newLocation();
    h = await startHarness({
      location,
      before: async (store) => {
        records = await ingestAsCourt(
          store,
          DEBTORS.map((subject, i) => debtorRecord(subject, `ntk-${i}`, `2026-01-2${i}`)),
          instant(T0 - 20 * DAY),
        );
      },
    });
  });
  afterAll(async () => {
    await h.close();
    await target.dispose(location);
    await target.end();
  });

  const read = (kind: string, subject: string, purpose: string) =>
    h.app.inject({ url: `/v1/subjects/${subject}?purpose=${purpose}`, headers: bearer(kind) });

  it('gives an airline reading for enforcement the check answer and its reasons, never the score or a contribution', async () => {
    const res = await read('aviation', LISTED, 'enforcement');
    expect(res.statusCode).toBe(200);
    const body = res.json<NeedToKnow & Record<string, unknown>>();
    for (const field of EXPLANATION_ONLY) expect(body).not.toHaveProperty(field);
    expect(res.body).not.toContain('"points"');
    expect(body).toMatchObject({ view: 'need-to-know', subject: LISTED, purpose: 'enforcement' });
    // Only the measures its kind enforces, each with the check's decision.
    expect(body.measures).toEqual([
      expect.objectContaining({
        measure: 'travel.flight',
        kind: 'restriction',
        decision: 'deny',
        lists: ['dishonest-debtors'],
      }),
    ]);
    const [list] = body.lists;
    expect(body.lists).toHaveLength(1);
    expect(list).toMatchObject({ list: 'dishonest-debtors', records: [records[0]] });
    expect(list?.since).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(list?.legalBasis).not.toBe('');
    expect(body.measures[0]?.until).toBe(list?.until);
    expect(body.measures[0]?.legalBasis).toMatch(/High Consumption/);
    // The same answer as the check door.
    const check = await h.app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: bearer('aviation'),
      payload: { subject: LISTED, measure: 'travel.flight' },
    });
    expect(check.json()).toMatchObject({
      decision: 'deny',
      reasons: [{ list: 'dishonest-debtors', since: list?.since, until: list?.until }],
    });
    const audit = await h.store.auditOfSubject(LISTED, 5);
    expect(
      audit.find((e) => e.action === 'read-subject' && e.actor === 'agency:aviation'),
    ).toMatchObject({ purpose: 'enforcement', outcome: 'read' });
  });

  it('answers allow with no list for a subject on none, and gives eligibility readers the same view', async () => {
    const clean = (await read('aviation', CLEAN, 'eligibility')).json<NeedToKnow>();
    expect(clean).toMatchObject({ view: 'need-to-know', purpose: 'eligibility', lists: [] });
    expect(clean.measures).toEqual([
      expect.objectContaining({
        measure: 'travel.flight',
        decision: 'allow',
        lists: [],
        until: null,
      }),
    ]);
    // The registry enforces restrictions and a benefit: it sees each with its decision.
    const registry = (await read('registry', LISTED, 'eligibility')).json<NeedToKnow>();
    expect(registry.view).toBe('need-to-know');
    expect(Object.fromEntries(registry.measures.map((m) => [m.measure, m.decision]))).toEqual({
      'consumption.real-estate': 'deny',
      'market.legal-representative': 'deny',
      'market.company-registration': 'deny',
      'benefit.green-channel': 'not-eligible',
    });
  });

  it('still gives the full explanation for dispute review, oversight and the subject itself', async () => {
    for (const [kind, purpose] of [
      ['court', 'dispute-review'],
      ['authority', 'oversight'],
    ] as const) {
      const res = await read(kind, LISTED, purpose);
      expect(res.statusCode).toBe(200);
      const body = res.json<Record<string, unknown>>();
      expect(body).not.toHaveProperty('view');
      expect(body).toMatchObject({ subject: LISTED, contributions: [{ recordId: records[0] }] });
      expect(body.score).toEqual(expect.any(Number));
    }
    const code = await issueSignInCode(
      { store: h.store, audit: h.audit, clock: h.clock },
      OPERATOR,
      {
        identifier: LISTED,
      },
    );
    const session = await h.app.inject({
      method: 'POST',
      url: '/v1/citizen/session',
      payload: { identifier: LISTED, code: code.code },
    });
    const me = await h.app.inject({
      url: '/v1/citizen/me',
      headers: { authorization: `Bearer ${session.json<{ token: string }>().token}` },
    });
    expect(me.json()).toEqual((await read('authority', LISTED, 'oversight')).json());
  });

  it('documents both answers in the OpenAPI document: the need-to-know view has no score', async () => {
    interface Shape {
      required?: string[];
      properties?: Record<string, { enum?: string[] }>;
    }
    const spec = (await h.app.inject({ url: '/openapi.json' })).json<{
      paths: Record<string, { get: { responses: Record<string, unknown> } }>;
    }>();
    const ok = spec.paths['/v1/subjects/{identifier}']?.get.responses['200'] as {
      content: { 'application/json': { schema: { anyOf?: Shape[]; oneOf?: Shape[] } } };
    };
    const schema = ok.content['application/json'].schema;
    const shapes = schema.anyOf ?? schema.oneOf ?? [];
    expect(shapes).toHaveLength(2);
    const needToKnow = shapes.find((s) => s.required?.includes('view'));
    const explanation = shapes.find((s) => s !== needToKnow);
    expect(needToKnow?.properties?.view?.enum).toEqual(['need-to-know']);
    expect(Object.keys(needToKnow?.properties ?? {})).not.toContain('score');
    expect(Object.keys(needToKnow?.properties ?? {})).not.toContain('contributions');
    expect(explanation?.required).toEqual(expect.arrayContaining(['score', 'contributions']));
    // The answer itself has exactly the documented fields.
    const body = (await read('aviation', LISTED, 'enforcement')).json<Record<string, unknown>>();
    expect(Object.keys(body).sort()).toEqual(Object.keys(needToKnow?.properties ?? {}).sort());
  });

  it('refuses a bad identifier or purpose with a stable code, and writes nothing to the ledger', async () => {
    const head = await h.store.headSeq();
    const bad = await read('aviation', '110105198005172339', 'enforcement');
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ error: { code: 'InvalidIdentifier' } });
    const purpose = await read('aviation', LISTED, 'curiosity');
    expect(purpose.statusCode).toBe(400);
    const court = await read('court', LISTED, 'enforcement');
    expect(court.statusCode).toBe(403);
    expect(court.json()).toMatchObject({ error: { code: 'PurposeNotPermitted' } });
    expect(await h.store.headSeq()).toBe(head);
  });

  it("audits a feed delivery once per subject disclosed, each entry in that citizen's access log", async () => {
    const res = await h.app.inject({
      url: '/v1/lists/dishonest-debtors/feed',
      headers: bearer('rail'),
    });
    expect(res.statusCode).toBe(200);
    const page = res.json<{ deltas: { seq: number; op: string; entry: { subject: string } }[] }>();
    const disclosed = [...new Set(page.deltas.map((d) => d.entry.subject))].sort();
    expect(disclosed).toEqual([...DEBTORS].sort());

    const entries = (await h.store.readAudit(0, 100_000)).filter(
      (e) => e.actor === 'agency:rail' && e.action === 'feed-read' && e.subject !== '',
    );
    expect(entries.map((e) => e.subject).sort()).toEqual(disclosed);
    for (const e of entries) {
      const delta = page.deltas.find((d) => d.entry.subject === e.subject);
      expect(e).toMatchObject({
        purpose: 'enforcement',
        outcome: `read dishonest-debtors ${delta?.op} ${delta?.seq}`,
      });
    }
    // The entries of one page are consecutive: written together, in one batch.
    const seqs = entries.map((e) => e.seq);
    expect(seqs.at(-1)! - seqs[0]!).toBe(seqs.length - 1);

    for (const subject of DEBTORS) {
      const code = await issueSignInCode(
        { store: h.store, audit: h.audit, clock: h.clock },
        OPERATOR,
        { identifier: subject },
      );
      const session = await h.app.inject({
        method: 'POST',
        url: '/v1/citizen/session',
        payload: { identifier: subject, code: code.code },
      });
      expect(session.statusCode).toBe(201);
      const log = await h.app.inject({
        url: '/v1/citizen/access-log',
        headers: { authorization: `Bearer ${session.json<{ token: string }>().token}` },
      });
      expect(log.statusCode).toBe(200);
      expect(log.json<AccessLog>().entries).toContainEqual(
        expect.objectContaining({
          actor: 'agency:rail',
          purpose: 'enforcement',
          action: 'feed-read',
        }),
      );
    }
  });

  it('audits an empty page, and a refused feed read, without naming anyone', async () => {
    const last = (await h.store.lastAudit())?.seq ?? 0;
    const empty = await h.app.inject({
      url: '/v1/lists/dishonest-debtors/feed?after=1000000',
      headers: bearer('rail'),
    });
    expect(empty.statusCode).toBe(200);
    const refused = await h.app.inject({
      url: '/v1/lists/dishonest-debtors/feed?limit=0',
      headers: bearer('rail'),
    });
    expect(refused.statusCode).toBe(400);
    const court = await h.app.inject({
      url: '/v1/lists/dishonest-debtors/feed',
      headers: bearer('court'),
    });
    expect(court.statusCode).toBe(403);
    const after = await h.store.readAudit(last, 100);
    expect(after.map((e) => [e.actor, e.subject, e.outcome])).toEqual([
      ['agency:rail', '', 'read dishonest-debtors 0 (1000000, 1000000]'],
      ['agency:court', '', 'refused FeedNotPermitted'],
    ]);
  });
});

/** Debtors enough for a feed page larger than the audit log's batch (1 000 entries). */
const MANY = Array.from({ length: 1_500 }, (_, i) =>
  personId(`19${70 + (i % 20)}-0${1 + (i % 9)}-1${i % 10}`, i),
);

describe.each(storeTargets('needtoknowpage'))('a large feed page on $name', (target) => {
  let location: string;
  let h: Harness;

  beforeAll(async () => {
    location = await target.newLocation();
    h = await startHarness({
      location,
      before: async (store) => {
        await ingestAsCourt(
          store,
          MANY.map((subject, i) => debtorRecord(subject, `many-${i}`, '2026-01-20')),
          instant(T0 - 20 * DAY),
        );
      },
    });
  }, 60_000);
  afterAll(async () => {
    await h.close();
    await target.dispose(location);
    await target.end();
  });

  it('writes one entry per subject of the page, all in one batch, after the entry of the page', async () => {
    expect(new Set(MANY).size).toBe(MANY.length);
    const before = (await h.store.lastAudit())?.seq ?? 0;
    const res = await h.app.inject({
      url: '/v1/lists/dishonest-debtors/feed?limit=10000',
      headers: bearer('authority'),
    });
    expect(res.statusCode).toBe(200);
    const page = res.json<{ deltas: { seq: number; entry: { subject: string } }[] }>();
    expect(page.deltas).toHaveLength(MANY.length);
    const written = await h.store.readAudit(before, 10_000);
    const feed = written.filter((e) => e.actor === 'agency:authority' && e.action === 'feed-read');
    expect(feed).toHaveLength(MANY.length + 1);
    expect(feed[0]).toMatchObject({ subject: '', purpose: 'oversight' });
    expect(feed.slice(1).map((e) => e.subject)).toEqual(page.deltas.map((d) => d.entry.subject));
    expect(new Set(feed.map((e) => e.purpose))).toEqual(new Set(['oversight']));
    // Consecutive: handed to the audit log together and written as one batch.
    expect(feed.at(-1)!.seq - feed[0]!.seq).toBe(MANY.length);
    const [one] = await h.store.auditOfSubject(MANY[1_234]!, 1);
    expect(one).toMatchObject({ actor: 'agency:authority', action: 'feed-read' });
  });
});
