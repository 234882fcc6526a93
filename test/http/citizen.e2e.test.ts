// The citizen doors end to end through Fastify (inject) on a real SQLite ledger, the real audit
// log and a fixed clock: one-time codes and sessions (wrong, expired, reused and locked codes all
// answer the same 401), the subject's own evaluation, records, notices and access log, every read
// audited, and a citizen session refused at every agency door (and an agency at citizen doors).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../src/app/access/caller.js';
import { OneTimeCodeProvider } from '../../src/app/citizen/one-time-code.js';
import { issueSignInCode } from '../../src/app/citizen/sign-in-code-issue.js';
import { instant, type Instant } from '../../src/core/time/instant.js';
import { personId } from '../factories/subjects.js';
import { probity, scratchDir } from '../support/cli-harness.js';
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
const OTHER = personId('1991-09-02', 118);
const MINUTE = 60_000;
/** LISTED with its check character changed. */
const BAD_CHECKSUM = LISTED.slice(0, -1) + (LISTED.endsWith('0') ? '1' : '0');

interface ErrorBody {
  error: { code: string; message: string; details: unknown[] };
}

/** A harness with LISTED and OTHER each on the dishonest-debtor list (accepted 60 days ago). */
async function cityWithDebtors(): Promise<{ h: Harness; listedRecord: number }> {
  let listedRecord = -1;
  const h = await startHarness({
    before: async (store) => {
      [listedRecord = -1] = await ingestAsCourt(
        store,
        [
          debtorRecord(LISTED, 'c-1', '2025-12-20'),
          debtorRecord(OTHER, 'c-2', '2025-12-21', 900_000),
        ],
        instant(T0 - 60 * DAY),
      );
    },
  });
  return { h, listedRecord };
}

function signIn(h: Harness, identifier: string, code: string) {
  return h.app.inject({
    method: 'POST',
    url: '/v1/citizen/session',
    payload: { identifier, code },
  });
}

async function codeFor(h: Harness, subject: string, at: Instant = h.clock()): Promise<string> {
  const deps = { store: h.store, audit: h.audit, clock: () => at };
  return (await issueSignInCode(deps, OPERATOR, { identifier: subject })).code;
}

/** A code that is not `code` (same length). */
function wrong(code: string): string {
  return code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
}

async function sessionFor(h: Harness, subject: string): Promise<Record<string, string>> {
  const res = await signIn(h, subject, await codeFor(h, subject));
  expect(res.statusCode).toBe(201);
  return { authorization: `Bearer ${res.json<{ token: string }>().token}` };
}

describe('signing in with a one-time code', () => {
  let h: Harness;
  beforeAll(async () => {
    ({ h } = await cityWithDebtors());
  });
  afterAll(async () => h.close());

  it('opens a one-hour session for the right code, once', async () => {
    const issued = await issueSignInCode(h, OPERATOR, { identifier: LISTED });
    expect(issued.code).toMatch(/^\d{8}$/);
    expect(issued.expiresAt).toBe(T0 + 10 * MINUTE);
    const res = await signIn(h, LISTED, issued.code);
    expect(res.statusCode).toBe(201);
    const body = res.json<{ token: string; expiresAt: string }>();
    expect(body.token).toMatch(/^prc_[\w-]{43}$/);
    expect(body.expiresAt).toBe(new Date(T0 + 60 * MINUTE).toISOString());

    const reused = await signIn(h, LISTED, issued.code);
    expect(reused.statusCode).toBe(401);
    expect(reused.json<ErrorBody>().error.code).toBe('CitizenCodeInvalid');
  });

  it('refuses a wrong code, and still takes the right one afterwards', async () => {
    const code = await codeFor(h, LISTED);
    expect((await signIn(h, LISTED, wrong(code))).statusCode).toBe(401);
    expect((await signIn(h, LISTED, code)).statusCode).toBe(201);
  });

  it('takes a code until the last millisecond of its ten minutes, and refuses it from then on', async () => {
    const early = await codeFor(h, LISTED);
    h.clock.advance(10 * MINUTE - 1);
    try {
      expect((await signIn(h, LISTED, early)).statusCode).toBe(201);
      const late = await codeFor(h, LISTED, T0);
      h.clock.set(instant(T0 + 10 * MINUTE));
      const res = await signIn(h, LISTED, late);
      expect(res.statusCode).toBe(401);
      expect(res.json<ErrorBody>().error.code).toBe('CitizenCodeInvalid');
    } finally {
      h.clock.set(T0);
    }
  });

  it('locks a code after five wrong tries: the right one is refused from then on', async () => {
    const code = await codeFor(h, LISTED);
    for (let i = 0; i < 5; i += 1)
      expect((await signIn(h, LISTED, wrong(code))).statusCode).toBe(401);
    expect((await signIn(h, LISTED, code)).statusCode).toBe(401);
    // Four wrong tries leave a code usable.
    const next = await codeFor(h, LISTED);
    for (let i = 0; i < 4; i += 1)
      expect((await signIn(h, LISTED, wrong(next))).statusCode).toBe(401);
    expect((await signIn(h, LISTED, next)).statusCode).toBe(201);
  });

  it('gives one answer for a wrong, expired, used, locked or never-issued code (no oracle)', async () => {
    const provider = new OneTimeCodeProvider(h.store);
    const answers: string[] = [];
    const collect = async (identifier: string, code: string) => {
      const res = await signIn(h, identifier, code);
      expect(res.statusCode).toBe(401);
      answers.push(res.body);
    };
    const used = (await provider.issue(OTHER, h.clock())).code;
    expect((await signIn(h, OTHER, used)).statusCode).toBe(201);
    await collect(OTHER, used);
    const open = (await provider.issue(LISTED, h.clock())).code;
    await collect(LISTED, wrong(open));
    await collect(LISTED, '00000000');
    await collect(personId('1970-01-01', 5), '12345678');
    expect(new Set(answers).size).toBe(1);
  });

  it('supersedes a code with the next one issued for the same subject', async () => {
    const first = await codeFor(h, OTHER);
    const second = await codeFor(h, OTHER);
    expect((await signIn(h, OTHER, first)).statusCode).toBe(401);
    expect((await signIn(h, OTHER, second)).statusCode).toBe(201);
  });

  it('answers 422 for an invalid identifier and 400 without a code', async () => {
    const bad = await signIn(h, BAD_CHECKSUM, '12345678');
    expect(bad.statusCode).toBe(422);
    expect(bad.json<ErrorBody>().error.code).toBe('InvalidIdentifier');
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/citizen/session',
      payload: { identifier: LISTED },
    });
    expect(res.statusCode).toBe(400);
  });

  it('stores neither codes nor tokens in clear', async () => {
    const code = await codeFor(h, LISTED);
    const stored = await h.store.openSignInCode(LISTED);
    expect(stored?.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(code);
  });

  it('audits sign-ins, refused ones included, under the identifier they named', async () => {
    const log = await h.store.auditOfSubject(LISTED, 1000);
    const signIns = log.filter((e) => e.action === 'sign-in');
    expect(
      signIns.some(
        (e) => e.actor === `subject:${LISTED}` && e.outcome.startsWith('session opened'),
      ),
    ).toBe(true);
    expect(
      signIns.some((e) => e.actor === 'anonymous' && e.outcome === 'refused CitizenCodeInvalid'),
    ).toBe(true);
    expect(log.some((e) => e.actor === 'operator' && e.action === 'issue-sign-in-code')).toBe(true);
  });
});

describe("the subject's own data", () => {
  let h: Harness;
  let listedRecord: number;
  let citizen: Record<string, string>;
  let checkId: string;

  beforeAll(async () => {
    ({ h, listedRecord } = await cityWithDebtors());
    const check = await h.app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: bearer('aviation'),
      payload: { subject: LISTED, measure: 'travel.flight', purpose: 'enforcement' },
    });
    expect(check.statusCode).toBe(200);
    checkId = check.json<{ checkId: string }>().checkId;
    citizen = await sessionFor(h, LISTED);
  });
  afterAll(async () => h.close());

  it('explains my score and list entries as agencies see them, with what would change each contribution', async () => {
    const res = await h.app.inject({ url: '/v1/citizen/me', headers: citizen });
    expect(res.statusCode).toBe(200);
    const me = res.json<{
      subject: string;
      contributions: {
        recordId: number;
        points: number;
        outlook: { endsWhenFulfilled: boolean; effectEnd: string };
      }[];
      lists: { list: string; legalBasis: string; records: number[] }[];
      measures: { measure: string }[];
    }>();
    expect(me.subject).toBe(LISTED);
    const contribution = me.contributions.find((c) => c.recordId === listedRecord);
    expect(contribution?.points).toBeLessThan(0);
    expect(contribution?.outlook.endsWhenFulfilled).toBe(true);
    expect(me.lists).toEqual([
      expect.objectContaining({ list: 'dishonest-debtors', records: [listedRecord] }),
    ]);
    expect(me.measures.map((m) => m.measure)).toContain('travel.flight');
    // The same explanation the authority reads.
    const agencyView = await h.app.inject({
      url: `/v1/subjects/${LISTED}?purpose=oversight`,
      headers: bearer('authority'),
    });
    expect(res.json()).toEqual(agencyView.json());
  });

  it('lists my records with their events and whether each is in force and why', async () => {
    let res = await h.app.inject({ url: '/v1/citizen/records', headers: citizen });
    expect(res.statusCode).toBe(200);
    type Records = {
      subject: string;
      records: {
        id: number;
        agency: string;
        inForce: boolean;
        notInForceReason: string | null;
        lists: string[];
        fields: Record<string, unknown>;
        events: { type: string; reason: string | null }[];
      }[];
    };
    let body = res.json<Records>();
    expect(body.subject).toBe(LISTED);
    expect(body.records).toEqual([
      expect.objectContaining({
        id: listedRecord,
        agency: 'court',
        inForce: true,
        notInForceReason: null,
        lists: ['dishonest-debtors'],
        events: [],
      }),
    ]);
    expect(body.records[0]?.fields).toMatchObject({ amount: 2_500_000 });

    const event = await h.app.inject({
      method: 'POST',
      url: `/v1/records/${listedRecord}/events`,
      headers: bearer('court'),
      payload: { type: 'suspended', reason: 'payment plan agreed' },
    });
    expect(event.statusCode).toBe(201);
    res = await h.app.inject({ url: '/v1/citizen/records', headers: citizen });
    body = res.json<Records>();
    expect(body.records[0]).toMatchObject({
      inForce: false,
      notInForceReason: 'suspended',
      lists: [],
      events: [{ type: 'suspended', reason: 'payment plan agreed' }],
    });
    await h.app.inject({
      method: 'POST',
      url: `/v1/records/${listedRecord}/events`,
      headers: bearer('court'),
      payload: { type: 'resumed' },
    });
  });

  it('lists my notices, newest first, and only mine', async () => {
    await h.service.sync();
    const res = await h.app.inject({ url: '/v1/citizen/notices', headers: citizen });
    expect(res.statusCode).toBe(200);
    const { notices } = res.json<{
      notices: { id: number; kind: string; payload: Record<string, unknown> }[];
    }>();
    const accepted = notices.filter((n) => n.kind === 'record-accepted');
    expect(accepted.map((n) => (n.payload['record'] as { id: number }).id)).toEqual([listedRecord]);
    expect(JSON.stringify(notices)).not.toContain('c-2'); // OTHER's record
    const ids = notices.map((n) => n.id);
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
  });

  it('shows who checked my data, when, why and with what outcome, and my own reads too', async () => {
    const res = await h.app.inject({ url: '/v1/citizen/access-log', headers: citizen });
    expect(res.statusCode).toBe(200);
    const log = res.json<{
      subject: string;
      entries: {
        seq: number;
        at: string;
        actor: string;
        purpose: string;
        action: string;
        outcome: string;
      }[];
    }>();
    expect(log.subject).toBe(LISTED);
    expect(log.entries).toContainEqual(
      expect.objectContaining({
        actor: 'agency:aviation',
        purpose: 'enforcement',
        action: 'check',
        at: new Date(T0).toISOString(),
        outcome: `deny travel.flight ${checkId}`,
      }),
    );
    expect(log.entries).toContainEqual(
      expect.objectContaining({
        actor: `subject:${LISTED}`,
        purpose: 'subject-access',
        action: 'read-own-evaluation',
        outcome: 'read',
      }),
    );
    // Newest first, and only entries about me.
    const seqs = log.entries.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const limited = await h.app.inject({ url: '/v1/citizen/access-log?limit=1', headers: citizen });
    expect(limited.json<{ entries: unknown[] }>().entries).toHaveLength(1);
  });

  it('audits every read of my own data as subject-access by me', async () => {
    const before = (await h.store.auditOfSubject(LISTED, 10_000)).length;
    for (const path of ['me', 'records', 'notices', 'access-log']) {
      expect(
        (await h.app.inject({ url: `/v1/citizen/${path}`, headers: citizen })).statusCode,
      ).toBe(200);
    }
    const log = await h.store.auditOfSubject(LISTED, 4);
    expect(log.length + before).toBe((await h.store.auditOfSubject(LISTED, 10_000)).length);
    expect(log.map((e) => [e.actor, e.purpose, e.action]).reverse()).toEqual([
      [`subject:${LISTED}`, 'subject-access', 'read-own-evaluation'],
      [`subject:${LISTED}`, 'subject-access', 'read-own-records'],
      [`subject:${LISTED}`, 'subject-access', 'read-own-notices'],
      [`subject:${LISTED}`, 'subject-access', 'read-own-access-log'],
    ]);
  });

  it("refuses a citizen session at every agency door, so no other subject's data can be read", async () => {
    const doors = await Promise.all([
      h.app.inject({ url: `/v1/subjects/${OTHER}?purpose=subject-access`, headers: citizen }),
      h.app.inject({ url: `/v1/subjects/${LISTED}?purpose=subject-access`, headers: citizen }),
      h.app.inject({
        method: 'POST',
        url: '/v1/checks',
        headers: citizen,
        payload: { subject: OTHER, measure: 'travel.flight' },
      }),
      h.app.inject({
        method: 'POST',
        url: '/v1/checks/batch',
        headers: citizen,
        payload: { measure: 'travel.flight', subjects: [OTHER] },
      }),
      h.app.inject({
        method: 'POST',
        url: '/v1/records',
        headers: citizen,
        payload: { records: [debtorRecord(OTHER, 'x-1', '2026-01-25')] },
      }),
      h.app.inject({
        method: 'POST',
        url: `/v1/records/${listedRecord}/events`,
        headers: citizen,
        payload: { type: 'fulfilled' },
      }),
      h.app.inject({ url: '/v1/lists/dishonest-debtors/feed?after=0', headers: citizen }),
    ]);
    expect(doors.map((r) => r.statusCode)).toEqual([403, 403, 403, 403, 403, 403, 403]);
    for (const r of doors) expect(r.json<ErrorBody>().error.code).toBe('AgencyOnly');
    expect(
      (await h.store.auditOfSubject(OTHER, 1000)).some((e) => e.actor.startsWith('subject:')),
    ).toBe(false);
  });

  it('refuses an agency token (403) and no token or an unknown one (401) at the citizen doors', async () => {
    for (const path of ['me', 'records', 'notices', 'access-log']) {
      const agency = await h.app.inject({
        url: `/v1/citizen/${path}`,
        headers: bearer('authority'),
      });
      expect(agency.statusCode).toBe(403);
      expect(agency.json<ErrorBody>().error.code).toBe('CitizenOnly');
      expect((await h.app.inject({ url: `/v1/citizen/${path}` })).statusCode).toBe(401);
      expect(
        (
          await h.app.inject({
            url: `/v1/citizen/${path}`,
            headers: { authorization: 'Bearer prc_nobody' },
          })
        ).statusCode,
      ).toBe(401);
    }
  });

  it('ends the session after an hour', async () => {
    const session = await sessionFor(h, OTHER);
    h.clock.advance(60 * MINUTE - 1);
    try {
      expect((await h.app.inject({ url: '/v1/citizen/me', headers: session })).statusCode).toBe(
        200,
      );
      h.clock.advance(1);
      const res = await h.app.inject({ url: '/v1/citizen/me', headers: session });
      expect(res.statusCode).toBe(401);
      expect(res.json<ErrorBody>().error.code).toBe('InvalidToken');
    } finally {
      h.clock.set(T0);
    }
  });

  it("sees the other subject's session only their own data", async () => {
    const other = await sessionFor(h, OTHER);
    const res = await h.app.inject({ url: '/v1/citizen/records', headers: other });
    const body = res.json<{ subject: string; records: { id: number }[] }>();
    expect(body.subject).toBe(OTHER);
    expect(body.records.map((r) => r.id)).not.toContain(listedRecord);
  });
});

describe('rate limit of sign-ins', () => {
  it('answers 429 past 30 sign-in attempts a minute from one address', async () => {
    const { h } = await cityWithDebtors();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 31; i += 1)
        statuses.push((await signIn(h, OTHER, '00000000')).statusCode);
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(statuses[30]).toBe(429);
    } finally {
      await h.close();
    }
  });
});

describe('probity citizen code', () => {
  const db = join(scratchDir('probity-citizen-'), 'p.db');

  it('prints {identifier, code, expiresAt} for a valid identifier, normalised', async () => {
    const now = '2026-03-01T08:00:00Z';
    const run = await probity([
      'citizen',
      'code',
      ` ${LISTED.toLowerCase()} `,
      '--db',
      db,
      '--now',
      now,
      '--json',
    ]);
    expect(run.code).toBe(0);
    const [out] = run.json<{ identifier: string; code: string; expiresAt: string }>();
    expect(Object.keys(out ?? {}).sort()).toEqual(['code', 'expiresAt', 'identifier']);
    expect(out).toMatchObject({ identifier: LISTED, expiresAt: '2026-03-01T08:10:00.000Z' });
    expect(out?.code).toMatch(/^\d{8}$/);
  });

  it('exits 1 for an invalid identifier', async () => {
    const run = await probity(['citizen', 'code', BAD_CHECKSUM, '--db', db, '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('InvalidIdentifier');
  });
});
