// The agency API end to end through Fastify (inject) on a real SQLite ledger, the real audit log
// and a fixed clock: every contract endpoint, its error statuses and the error body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instant } from '../../src/core/time/instant.js';
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

const LISTED = personId('1980-05-17', 233);
const CLEAN = personId('1975-02-03', 41);
const FRESH = personId('1985-07-09', 12);

interface ErrorBody {
  error: {
    code: string;
    message: string;
    details: { path: string; code: string; message: string }[];
  };
}

let h: Harness;
let listedRecord: number;

beforeAll(async () => {
  h = await startHarness({
    before: async (store) => {
      [listedRecord = -1] = await ingestAsCourt(
        store,
        [debtorRecord(LISTED, 'old-1', '2026-01-20')],
        instant(T0 - 20 * DAY),
      );
    },
  });
});
afterAll(async () => h.close());

function expectError(body: unknown, code: string) {
  const e = body as ErrorBody;
  expect(e.error.code).toBe(code);
  expect(typeof e.error.message).toBe('string');
  expect(Array.isArray(e.error.details)).toBe(true);
}

describe('health and documentation', () => {
  it('answers /healthz and /readyz once the engine is loaded', async () => {
    expect((await h.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const ready = await h.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready' });
  });

  it('publishes an OpenAPI 3.1 document listing every route', async () => {
    const res = await h.app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const spec = res.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(spec.openapi).toMatch(/^3\.1/);
    for (const [path, method] of [
      ['/v1/records', 'post'],
      ['/v1/records/{id}/events', 'post'],
      ['/v1/checks', 'post'],
      ['/v1/checks/batch', 'post'],
      ['/v1/subjects/{identifier}', 'get'],
      ['/healthz', 'get'],
      ['/readyz', 'get'],
    ] as const) {
      expect(spec.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
  });

  it('serves the browsable reference at /docs from the package, with security headers', async () => {
    const res = await h.app.inject({ url: '/docs/' });
    expect([200, 302]).toContain(res.statusCode);
    const page =
      res.statusCode === 302 ? await h.app.inject({ url: String(res.headers.location) }) : res;
    expect(page.body).toContain('swagger');
    expect(page.body).not.toMatch(/https?:\/\/(cdn|unpkg)/);
    const api = await h.app.inject({ url: '/healthz' });
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['content-security-policy']).toBeDefined();
  });

  it('answers an unknown route with 404 and the error body', async () => {
    const res = await h.app.inject({ url: '/v1/nothing' });
    expect(res.statusCode).toBe(404);
    expectError(res.json(), 'NotFound');
  });
});

describe('checks', () => {
  it('denies a listed subject with the list, legal basis, end date and records, and gives a checkId', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: bearer('aviation'),
      payload: { subject: LISTED, measure: 'travel.flight', purpose: 'enforcement' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      decision: string;
      checkId: string;
      reasons: { list: string; legalBasis: string; until: string | null; records: number[] }[];
    }>();
    expect(body.decision).toBe('deny');
    expect(body.checkId).toMatch(/^chk_/);
    expect(body.reasons[0]).toMatchObject({ list: 'dishonest-debtors', records: [listedRecord] });
    expect(body.reasons[0]?.legalBasis).toContain('Fa Shi');
    expect(body.reasons[0]?.until).not.toBeNull();
    const audit = await h.store.readAudit(0, 10_000);
    expect(
      audit.some(
        (e) =>
          e.actor === 'agency:aviation' &&
          e.subject === LISTED &&
          e.outcome.includes(body.checkId) &&
          e.outcome.startsWith('deny'),
      ),
    ).toBe(true);
  });

  it('allows an unlisted subject, and an identifier the ledger has never seen', async () => {
    for (const subject of [CLEAN, personId('1999-12-31', 7)]) {
      const res = await h.app.inject({
        method: 'POST',
        url: '/v1/checks',
        headers: bearer('aviation'),
        payload: { subject, measure: 'travel.flight' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        subject,
        measure: 'travel.flight',
        decision: 'allow',
        reasons: [],
      });
    }
  });

  it('normalises the identifier at the door (white space, lower case)', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: bearer('aviation'),
      payload: { subject: ` ${LISTED.toLowerCase()} `, measure: 'travel.flight' },
    });
    expect(res.json()).toMatchObject({ subject: LISTED, decision: 'deny' });
  });

  it('refuses 401 without a token and with an unknown one', async () => {
    const none = await h.app.inject({
      method: 'POST',
      url: '/v1/checks',
      payload: { subject: CLEAN, measure: 'travel.flight' },
    });
    expect(none.statusCode).toBe(401);
    expectError(none.json(), 'Unauthenticated');
    const bad = await h.app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: { authorization: 'Bearer nope' },
      payload: { subject: CLEAN, measure: 'travel.flight' },
    });
    expect(bad.statusCode).toBe(401);
    expectError(bad.json(), 'InvalidToken');
  });

  it('refuses 403 NotAnEnforcer to a kind that does not enforce the measure', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: bearer('rail'),
      payload: { subject: CLEAN, measure: 'travel.flight' },
    });
    expect(res.statusCode).toBe(403);
    expectError(res.json(), 'NotAnEnforcer');
  });

  it('refuses a check for a purpose other than enforcement or eligibility (403)', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: bearer('aviation'),
      payload: { subject: CLEAN, measure: 'travel.flight', purpose: 'oversight' },
    });
    expect(res.statusCode).toBe(403);
    expectError(res.json(), 'PurposeNotPermitted');
  });

  it('answers 404 for an unknown measure, 422 for an invalid identifier, 400 for a malformed body', async () => {
    const unknown = await h.app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: bearer('aviation'),
      payload: { subject: CLEAN, measure: 'travel.teleport' },
    });
    expect(unknown.statusCode).toBe(404);
    expectError(unknown.json(), 'UnknownMeasure');
    const invalid = await h.app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: bearer('aviation'),
      payload: { subject: `${CLEAN.slice(0, 17)}0`, measure: 'travel.flight' },
    });
    expect(invalid.statusCode).toBe(422);
    expectError(invalid.json(), 'InvalidIdentifier');
    const malformed = await h.app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: bearer('aviation'),
      payload: { measure: 'travel.flight', purpose: 'whim' },
    });
    expect(malformed.statusCode).toBe(400);
    const body = malformed.json<ErrorBody>();
    expect(body.error.code).toBe('InvalidRequest');
    expect(body.error.details.map((d) => d.path)).toEqual(
      expect.arrayContaining(['body.subject', 'body.purpose']),
    );
    const notJson = await h.app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: { ...bearer('aviation'), 'content-type': 'application/json' },
      payload: '{"subject":',
    });
    expect(notJson.statusCode).toBe(400);
    expectError(notJson.json(), 'MalformedJson');
  });

  it('answers a batch in input order, with a per-item error for an invalid identifier', async () => {
    const bad = '123';
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/checks/batch',
      headers: bearer('aviation'),
      payload: { measure: 'travel.flight', subjects: [CLEAN, LISTED, bad, LISTED] },
    });
    expect(res.statusCode).toBe(200);
    const { results } = res.json<{
      results: { subject: string; decision?: string; error?: { code: string } }[];
    }>();
    expect(results.map((r) => r.decision ?? r.error?.code)).toEqual([
      'allow',
      'deny',
      'InvalidIdentifier',
      'deny',
    ]);
    expect(results[2]?.subject).toBe(bad);
  });

  it('refuses a batch to a non-enforcer (403) and a batch without subjects (400)', async () => {
    const forbidden = await h.app.inject({
      method: 'POST',
      url: '/v1/checks/batch',
      headers: bearer('court'),
      payload: { measure: 'travel.flight', subjects: [CLEAN] },
    });
    expect(forbidden.statusCode).toBe(403);
    const empty = await h.app.inject({
      method: 'POST',
      url: '/v1/checks/batch',
      headers: bearer('aviation'),
      payload: { measure: 'travel.flight', subjects: [] },
    });
    expect(empty.statusCode).toBe(400);
  });
});

describe('subject reads', () => {
  it('gives an enforcer what it needs to know for a permitted purpose (no score, no contribution), and audits it', async () => {
    const res = await h.app.inject({
      url: `/v1/subjects/${LISTED}?purpose=enforcement`,
      headers: bearer('aviation'),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      view: string;
      subject: string;
      lists: { list: string; records: number[] }[];
      measures: { measure: string; decision: string }[];
    }>();
    expect(body.view).toBe('need-to-know');
    expect(body.subject).toBe(LISTED);
    expect(body).not.toHaveProperty('score');
    expect(body).not.toHaveProperty('contributions');
    expect(body.lists.map((l) => [l.list, l.records])).toContainEqual([
      'dishonest-debtors',
      [listedRecord],
    ]);
    expect(body.measures).toEqual([
      expect.objectContaining({ measure: 'travel.flight', decision: 'deny' }),
    ]);
    const audit = await h.store.readAudit(0, 100_000);
    expect(
      audit.some(
        (e) =>
          e.action === 'read-subject' &&
          e.purpose === 'enforcement' &&
          e.subject === LISTED &&
          e.outcome === 'read',
      ),
    ).toBe(true);
  });

  it('requires a purpose (400), refuses one the agency may not use (403, audited)', async () => {
    expect(
      (await h.app.inject({ url: `/v1/subjects/${LISTED}`, headers: bearer('aviation') }))
        .statusCode,
    ).toBe(400);
    const res = await h.app.inject({
      url: `/v1/subjects/${LISTED}?purpose=oversight`,
      headers: bearer('aviation'),
    });
    expect(res.statusCode).toBe(403);
    expectError(res.json(), 'PurposeNotPermitted');
    const audit = await h.store.readAudit(0, 100_000);
    expect(
      audit.some(
        (e) =>
          e.action === 'read-subject' &&
          e.purpose === 'oversight' &&
          e.outcome === 'refused PurposeNotPermitted',
      ),
    ).toBe(true);
  });

  it('lets the submitting court read for dispute review, and the authority for oversight', async () => {
    expect(
      (
        await h.app.inject({
          url: `/v1/subjects/${LISTED}?purpose=dispute-review`,
          headers: bearer('court'),
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await h.app.inject({
          url: `/v1/subjects/${CLEAN}?purpose=dispute-review`,
          headers: bearer('court'),
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await h.app.inject({
          url: `/v1/subjects/${CLEAN}?purpose=oversight`,
          headers: bearer('authority'),
        })
      ).statusCode,
    ).toBe(200);
  });

  it('answers 422 for an invalid identifier', async () => {
    const res = await h.app.inject({
      url: '/v1/subjects/12345?purpose=oversight',
      headers: bearer('authority'),
    });
    expect(res.statusCode).toBe(422);
    expectError(res.json(), 'InvalidIdentifier');
  });
});

describe('records', () => {
  it('accepts a batch (201), recognises duplicates, and the check follows once the notice period passes', async () => {
    h.clock.set(T0);
    const payload = { records: [debtorRecord(FRESH, 'new-1', '2026-02-20')] };
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/records',
      headers: bearer('court'),
      payload,
    });
    expect(res.statusCode).toBe(201);
    const [result] = res.json<{ results: { sourceRef: string; id: number; status: string }[] }>()
      .results;
    expect(result).toMatchObject({ sourceRef: 'new-1', status: 'accepted' });
    const again = await h.app.inject({
      method: 'POST',
      url: '/v1/records',
      headers: bearer('court'),
      payload,
    });
    expect(again.json()).toEqual({
      results: [{ sourceRef: 'new-1', id: result?.id, status: 'duplicate' }],
    });

    const check = () =>
      h.app.inject({
        method: 'POST',
        url: '/v1/checks',
        headers: bearer('aviation'),
        payload: { subject: FRESH, measure: 'travel.flight' },
      });
    expect((await check()).json()).toMatchObject({ decision: 'allow' }); // notice period (C6)
    h.clock.set(instant(T0 + 9 * DAY));
    expect((await check()).json()).toMatchObject({ decision: 'allow' });
    h.clock.set(instant(T0 + 11 * DAY));
    expect((await check()).json()).toMatchObject({
      decision: 'deny',
      reasons: [{ list: 'dishonest-debtors', records: [result?.id] }],
    });
    h.clock.set(T0);
  });

  it('rejects a batch with bad items with 422, one detail per problem, and writes nothing', async () => {
    const before = await h.store.counts();
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/records',
      headers: bearer('court'),
      payload: {
        records: [
          debtorRecord(CLEAN, 'ok-1', '2026-01-01'),
          { ...debtorRecord('123', 'bad-1', '2026-01-01') },
          debtorRecord(CLEAN, 'bad-2', '2027-01-01'),
        ],
      },
    });
    expect(res.statusCode).toBe(422);
    const body = res.json<ErrorBody>();
    expect(body.error.code).toBe('RecordsRejected');
    expect(body.error.details.map((d) => d.path.split('.')[0])).toEqual(
      expect.arrayContaining(['records[1]', 'records[2]']),
    );
    expect(body.error.details.some((d) => d.path.startsWith('records[0]'))).toBe(false);
    expect((await h.store.counts()).records).toBe(before.records);
  });

  it('refuses 403 SubmitterNotAllowed when a record is of a category the kind may not submit', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/records',
      headers: bearer('utility'),
      payload: { records: [debtorRecord(CLEAN, 'u-1', '2026-01-01')] },
    });
    expect(res.statusCode).toBe(403);
    const body = res.json<ErrorBody>();
    expect(body.error.code).toBe('SubmitterNotAllowed');
    expect(body.error.details[0]?.path).toBe('records[0].category');
  });

  it('adds events to its own records (201), 409 on a repeat, 403 for another agency, 404 for no record', async () => {
    const [id] = (
      await h.app.inject({
        method: 'POST',
        url: '/v1/records',
        headers: bearer('court'),
        payload: { records: [debtorRecord(CLEAN, 'ev-1', '2026-01-05')] },
      })
    )
      .json<{ results: { id: number }[] }>()
      .results.map((r) => r.id);
    const url = `/v1/records/${id}/events`;
    const res = await h.app.inject({
      method: 'POST',
      url,
      headers: bearer('court'),
      payload: { type: 'suspended', reason: 'payment plan agreed' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      recordId: id,
      subject: CLEAN,
      type: 'suspended',
      actor: 'court',
      reason: 'payment plan agreed',
    });
    const repeat = await h.app.inject({
      method: 'POST',
      url,
      headers: bearer('court'),
      payload: { type: 'suspended', reason: 'again' },
    });
    expect(repeat.statusCode).toBe(409);
    expectError(repeat.json(), 'AlreadySuspended');
    const other = await h.app.inject({
      method: 'POST',
      url,
      headers: bearer('police'),
      payload: { type: 'fulfilled' },
    });
    expect(other.statusCode).toBe(403);
    expectError(other.json(), 'NotSubmittingAgency');
    const none = await h.app.inject({
      method: 'POST',
      url: '/v1/records/99999999/events',
      headers: bearer('court'),
      payload: { type: 'fulfilled' },
    });
    expect(none.statusCode).toBe(404);
    expectError(none.json(), 'RecordNotFound');
    const noReason = await h.app.inject({
      method: 'POST',
      url: `/v1/records/${listedRecord}/events`,
      headers: bearer('court'),
      payload: { type: 'suspended' },
    });
    expect(noReason.statusCode).toBe(422);
    const badType = await h.app.inject({
      method: 'POST',
      url,
      headers: bearer('court'),
      payload: { type: 'revoked' },
    });
    expect(badType.statusCode).toBe(400);
  });

  it('lifts a flight ban as soon as the court records the debt as fulfilled', async () => {
    const check = () =>
      h.app.inject({
        method: 'POST',
        url: '/v1/checks',
        headers: bearer('aviation'),
        payload: { subject: LISTED, measure: 'travel.flight' },
      });
    expect((await check()).json()).toMatchObject({ decision: 'deny' });
    const res = await h.app.inject({
      method: 'POST',
      url: `/v1/records/${listedRecord}/events`,
      headers: bearer('court'),
      payload: { type: 'fulfilled' },
    });
    expect(res.statusCode).toBe(201);
    expect((await check()).json()).toMatchObject({ decision: 'allow' });
  });

  it('audits every write with the agency as actor', async () => {
    const audit = await h.store.readAudit(0, 100_000);
    expect(
      audit.some(
        (e) =>
          e.actor === 'agency:court' &&
          e.action === 'submit-record' &&
          e.purpose === 'write' &&
          e.outcome === 'accepted',
      ),
    ).toBe(true);
    expect(
      audit.some(
        (e) =>
          e.actor === 'agency:court' && e.action === 'record-fulfilled' && e.subject === LISTED,
      ),
    ).toBe(true);
  });
});
