// Due process end to end through Fastify (inject) on a real SQLite ledger, the real audit log and
// a fixed clock moved forward (never sleeping): a listed subject objects, the deadline passes and
// the check flips to allow, the court upholds and it flips back to deny, the subject appeals, the
// authority revokes and the subject leaves the list and its feed. Then repairs, and the refusals:
// 401, 403, 404 (another subject's record), 409 and 422.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CitizenSessions } from '../../src/app/citizen/citizen-session.js';
import { instant, type Instant } from '../../src/core/time/instant.js';
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
const OTHER = personId('1979-11-02', 18);
const REPAIRER = personId('1975-02-03', 41);
const DEBTORS = 'dishonest-debtors';

interface ErrorBody {
  error: {
    code: string;
    message: string;
    details: { path: string; code: string; message: string }[];
  };
}
interface ObjectionView {
  id: number;
  recordId: number;
  subject: string;
  agency: string;
  status: string;
  objectedAt: string;
  deadline: string;
  overdue: boolean;
  grounds: string;
  evidence: string | null;
  decision: {
    outcome: string;
    decidedAt: string;
    by: string;
    reason: string;
    fields: Record<string, unknown> | null;
  } | null;
  appealUntil: string | null;
  appeal: { id: number; decision: { outcome: string; by: string; reason: string } | null } | null;
}

let h: Harness;
let listedRecord: number;
let otherRecord: number;
/** REPAIRER's records: an old one (repairable once fulfilled), a recent one (too early). */
let oldRecord: number;
let recentRecord: number;

beforeAll(async () => {
  h = await startHarness({
    before: async (store) => {
      [listedRecord = -1, otherRecord = -1, oldRecord = -1, recentRecord = -1] =
        await ingestAsCourt(
          store,
          [
            debtorRecord(LISTED, 'dp-1', '2026-01-20'),
            debtorRecord(OTHER, 'dp-2', '2026-01-21'),
            debtorRecord(REPAIRER, 'dp-3', '2024-06-01'),
            debtorRecord(REPAIRER, 'dp-4', '2026-01-22'),
          ],
          instant(T0 - 20 * DAY),
        );
    },
  });
});
afterAll(async () => h.close());

/** A fresh one-hour citizen session at the harness clock (the clock moves by days here). */
async function citizen(subject: string): Promise<Record<string, string>> {
  const { token } = await new CitizenSessions(h.store).open(subject, h.clock());
  return { authorization: `Bearer ${token}` };
}

function expectError(
  res: { statusCode: number; json: () => unknown },
  status: number,
  code: string,
) {
  const body = res.json() as ErrorBody;
  expect({ status: res.statusCode, code: body.error.code }).toEqual({ status, code });
  expect(typeof body.error.message).toBe('string');
}

async function post(url: string, headers: Record<string, string>, payload: unknown) {
  return h.app.inject({
    method: 'POST',
    url,
    headers,
    payload: payload as Record<string, unknown>,
  });
}

async function flightCheck(subject: string): Promise<string> {
  const res = await post('/v1/checks', bearer('aviation'), {
    subject,
    measure: 'travel.flight',
    purpose: 'enforcement',
  });
  expect(res.statusCode).toBe(200);
  return res.json<{ decision: string }>().decision;
}

const iso = (t: Instant) => new Date(t).toISOString();

describe('the whole path: object, deadline, decision, appeal, final revocation', () => {
  let objection: ObjectionView;

  it('starts listed', async () => {
    expect(await flightCheck(LISTED)).toBe('deny');
  });

  it('takes the objection of the subject on their own record: 201, open, with its deadline', async () => {
    const res = await post('/v1/citizen/objections', await citizen(LISTED), {
      recordId: listedRecord,
      grounds: 'I paid the judgment in full in December',
      evidence: 'bank transfer 2025-12-18',
    });
    expect(res.statusCode).toBe(201);
    objection = res.json<ObjectionView>();
    expect(objection).toMatchObject({
      recordId: listedRecord,
      subject: LISTED,
      agency: 'court',
      status: 'open',
      objectedAt: iso(T0),
      deadline: iso(instant(T0 + 15 * DAY)),
      overdue: false,
      evidence: 'bank transfer 2025-12-18',
      decision: null,
      appeal: null,
    });
    const audit = await h.store.readAudit(0, 10_000);
    expect(
      audit.some(
        (e) =>
          e.actor === `subject:${LISTED}` &&
          e.action === 'file-objection' &&
          e.outcome.startsWith('accepted'),
      ),
    ).toBe(true);
  });

  it('refuses a second open objection on the record (409)', async () => {
    expectError(
      await post('/v1/citizen/objections', await citizen(LISTED), {
        recordId: listedRecord,
        grounds: 'again',
      }),
      409,
      'ObjectionOpen',
    );
  });

  it('queues it for the court, not for another agency', async () => {
    const court = await h.app.inject({
      url: '/v1/objections?status=open',
      headers: bearer('court'),
    });
    expect(court.statusCode).toBe(200);
    expect(court.json<{ objections: ObjectionView[] }>().objections.map((o) => o.id)).toEqual([
      objection.id,
    ]);
    const police = await h.app.inject({ url: '/v1/objections', headers: bearer('police') });
    expect(police.json<{ objections: ObjectionView[] }>().objections).toEqual([]);
  });

  it('keeps the listing until the deadline, 1 ms before included', async () => {
    h.clock.set(instant(T0 + 15 * DAY - 1));
    expect(await flightCheck(LISTED)).toBe('deny');
  });

  it('lifts the effect exactly at the deadline: the check allows, and the queue says overdue', async () => {
    h.clock.set(instant(T0 + 15 * DAY));
    expect(await flightCheck(LISTED)).toBe('allow');
    const queue = await h.app.inject({ url: '/v1/objections', headers: bearer('court') });
    expect(queue.json<{ objections: ObjectionView[] }>().objections[0]).toMatchObject({
      id: objection.id,
      overdue: true,
      status: 'open',
    });
  });

  it('refuses the decision to another agency (403) and an unknown objection (404)', async () => {
    expectError(
      await post(`/v1/objections/${objection.id}/decision`, bearer('police'), {
        outcome: 'upheld',
        reason: 'x',
      }),
      403,
      'NotSubmittingAgency',
    );
    expectError(
      await post('/v1/objections/999999/decision', bearer('court'), {
        outcome: 'upheld',
        reason: 'x',
      }),
      404,
      'ObjectionNotFound',
    );
    expectError(
      await post(`/v1/objections/${listedRecord}/decision`, bearer('court'), {
        outcome: 'upheld',
        reason: 'x',
      }),
      404,
      'ObjectionNotFound',
    );
  });

  it('refuses corrected fields the catalogue does not allow (422) and a decision without a reason (400)', async () => {
    const bad = await post(`/v1/objections/${objection.id}/decision`, bearer('court'), {
      outcome: 'corrected',
      fields: { amount: -5 },
      reason: 'x',
    });
    expectError(bad, 422, 'FieldsRejected');
    expect(bad.json<ErrorBody>().error.details[0]).toMatchObject({ path: 'fields.amount' });
    expectError(
      await post(`/v1/objections/${objection.id}/decision`, bearer('court'), { outcome: 'upheld' }),
      400,
      'InvalidRequest',
    );
  });

  it('reinstates the listing at a late upheld decision: the check denies again', async () => {
    h.clock.set(instant(T0 + 18 * DAY));
    const res = await post(`/v1/objections/${objection.id}/decision`, bearer('court'), {
      outcome: 'upheld',
      reason: 'no payment reached the enforcement account',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json<ObjectionView>()).toMatchObject({
      status: 'decided',
      overdue: false,
      decision: {
        outcome: 'upheld',
        by: 'court',
        reason: 'no payment reached the enforcement account',
      },
      appealUntil: iso(instant(T0 + 28 * DAY)),
    });
    expect(await flightCheck(LISTED)).toBe('deny');
    expectError(
      await post(`/v1/objections/${objection.id}/decision`, bearer('court'), {
        outcome: 'revoked',
        reason: 'changed my mind',
      }),
      409,
      'ObjectionDecided',
    );
  });

  it('takes the appeal within P10D; the listing stays during the review', async () => {
    h.clock.set(instant(T0 + 28 * DAY - 1));
    const res = await post('/v1/citizen/appeals', await citizen(LISTED), {
      recordId: listedRecord,
      grounds: 'the court ignored the transfer receipt',
    });
    expect(res.statusCode).toBe(201);
    objection = res.json<ObjectionView>();
    expect(objection).toMatchObject({ status: 'under-appeal', appeal: { decision: null } });
    expect(await flightCheck(LISTED)).toBe('deny');
  });

  it('shows the appeal to the authority only (403 AuthorityOnly for the court)', async () => {
    expectError(
      await h.app.inject({ url: '/v1/appeals', headers: bearer('court') }),
      403,
      'AuthorityOnly',
    );
    const res = await h.app.inject({
      url: '/v1/appeals?status=open',
      headers: bearer('authority'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ appeals: ObjectionView[] }>().appeals.map((a) => a.appeal?.id)).toEqual([
      objection.appeal?.id,
    ]);
    const appealId = objection.appeal?.id ?? -1;
    expectError(
      await post(`/v1/appeals/${appealId}/decision`, bearer('court'), {
        outcome: 'revoked',
        reason: 'x',
      }),
      403,
      'AuthorityOnly',
    );
  });

  it('removes the subject from the list when the authority revokes, finally', async () => {
    h.clock.set(instant(T0 + 35 * DAY));
    const appealId = objection.appeal?.id ?? -1;
    const res = await post(`/v1/appeals/${appealId}/decision`, bearer('authority'), {
      outcome: 'revoked',
      reason: 'the payment is proven by the bank',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json<ObjectionView>();
    expect(body).toMatchObject({
      status: 'final',
      appeal: { id: appealId, decision: { outcome: 'revoked', by: 'authority' } },
    });
    expect(body.appeal?.decision?.reason).toMatch(new RegExp(`^appeal ${appealId} `));
    expect(await flightCheck(LISTED)).toBe('allow');
    const feed = await h.app.inject({
      url: `/v1/lists/${DEBTORS}/feed`,
      headers: bearer('aviation'),
    });
    expect(feed.statusCode).toBe(200);
    const deltas = feed
      .json<{ deltas: { op: string; entry: { subject: string } }[] }>()
      .deltas.filter((d) => d.entry.subject === LISTED);
    expect(deltas[deltas.length - 1]?.op).toBe('remove');
  });

  it('refuses anything further on the revoked record: an appeal or objection (409 RecordClosed), a second appeal decision (409)', async () => {
    const session = await citizen(LISTED);
    expectError(
      await post('/v1/citizen/appeals', session, { recordId: listedRecord, grounds: 'again' }),
      409,
      'RecordClosed',
    );
    expectError(
      await post('/v1/citizen/objections', session, { recordId: listedRecord, grounds: 'again' }),
      409,
      'RecordClosed',
    );
    const appealId = objection.appeal?.id ?? -1;
    expectError(
      await post(`/v1/appeals/${appealId}/decision`, bearer('authority'), {
        outcome: 'upheld',
        reason: 'x',
      }),
      409,
      'AppealDecided',
    );
    const decided = await h.app.inject({
      url: '/v1/appeals?status=decided',
      headers: bearer('authority'),
    });
    expect(decided.json<{ appeals: ObjectionView[] }>().appeals.map((a) => a.id)).toContain(
      objection.id,
    );
  });
});

describe('the appeal window and a final upheld decision', () => {
  let objectionId: number;

  it('refuses an appeal before any decision (409), then exactly at decidedAt + P10D (422)', async () => {
    h.clock.set(instant(T0 + 40 * DAY));
    const session = await citizen(OTHER);
    expectError(
      await post('/v1/citizen/appeals', session, { recordId: otherRecord, grounds: 'g' }),
      409,
      'NothingToAppeal',
    );
    const filed = await post('/v1/citizen/objections', session, {
      recordId: otherRecord,
      grounds: 'wrong amount',
    });
    expect(filed.statusCode).toBe(201);
    objectionId = filed.json<ObjectionView>().id;
    const decided = await post(`/v1/objections/${objectionId}/decision`, bearer('court'), {
      outcome: 'corrected',
      fields: { amount: 1_200_000 },
      reason: 'the amount was mistyped',
    });
    expect(decided.statusCode).toBe(201);
    expect(decided.json<ObjectionView>().decision).toMatchObject({
      outcome: 'corrected',
      fields: { amount: 1_200_000 },
    });
    h.clock.set(instant(T0 + 50 * DAY));
    expectError(
      await post('/v1/citizen/appeals', await citizen(OTHER), {
        recordId: otherRecord,
        grounds: 'late',
      }),
      422,
      'AppealWindowClosed',
    );
  });

  it('a new objection with new evidence can follow; its appeal upheld by the authority is final (409 DecisionFinal)', async () => {
    const session = await citizen(OTHER);
    const again = await post('/v1/citizen/objections', session, {
      recordId: otherRecord,
      grounds: 'new facts',
      evidence: 'payment order 2026-0412',
    });
    expect(again.statusCode).toBe(201);
    const id = again.json<ObjectionView>().id;
    expect(
      (
        await post(`/v1/objections/${id}/decision`, bearer('court'), {
          outcome: 'upheld',
          reason: 'no new facts',
        })
      ).statusCode,
    ).toBe(201);
    const appeal = await post('/v1/citizen/appeals', session, {
      recordId: otherRecord,
      grounds: 'please review',
    });
    expect(appeal.statusCode).toBe(201);
    const appealId = appeal.json<ObjectionView>().appeal?.id ?? -1;
    expect(
      (
        await post(`/v1/appeals/${appealId}/decision`, bearer('authority'), {
          outcome: 'upheld',
          reason: 'the listing stands',
        })
      ).statusCode,
    ).toBe(201);
    expectError(
      await post('/v1/citizen/appeals', session, { recordId: otherRecord, grounds: 'again' }),
      409,
      'DecisionFinal',
    );
    expect(await flightCheck(OTHER)).toBe('deny');
  });
});

describe('repairs', () => {
  it('refuses with every reason (422): not fulfilled; then too early, with the date', async () => {
    h.clock.set(instant(T0 + 60 * DAY));
    const session = await citizen(REPAIRER);
    expectError(
      await post('/v1/citizen/repairs', session, { recordId: oldRecord }),
      422,
      'RepairNotFulfilled',
    );
    const both = await post('/v1/citizen/repairs', session, { recordId: recentRecord });
    expectError(both, 422, 'RepairNotFulfilled');
    expect(both.json<ErrorBody>().error.details.map((d) => d.code)).toEqual([
      'RepairNotFulfilled',
      'RepairTooEarly',
    ]);
    expect(both.json<ErrorBody>().error.details[1]?.message).toContain('2027-01-22T00:00:00');
  });

  it('grants the repair of a fulfilled record past its repairAfter: 201, and it stops counting', async () => {
    const fulfil = await post(`/v1/records/${oldRecord}/events`, bearer('court'), {
      type: 'fulfilled',
    });
    expect(fulfil.statusCode).toBe(201);
    const session = await citizen(REPAIRER);
    const res = await post('/v1/citizen/repairs', session, { recordId: oldRecord });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ recordId: oldRecord, status: 'granted', by: 'authority' });
    expectError(
      await post('/v1/citizen/repairs', session, { recordId: oldRecord }),
      409,
      'AlreadyRepaired',
    );
    const score = await h.app.inject({
      url: `/v1/subjects/${REPAIRER}?purpose=oversight`,
      headers: bearer('authority'),
    });
    expect(score.statusCode).toBe(200);
    const evaluation = score.json<{
      contributions: { recordId: number }[];
      notInForce: { recordId: number; reason: string }[];
    }>();
    expect(evaluation.contributions.map((c) => c.recordId)).not.toContain(oldRecord);
    expect(evaluation.notInForce).toContainEqual(
      expect.objectContaining({ recordId: oldRecord, reason: 'repaired' }),
    );
  });

  it('refuses too early alone once fulfilled', async () => {
    expect(
      (await post(`/v1/records/${recentRecord}/events`, bearer('court'), { type: 'fulfilled' }))
        .statusCode,
    ).toBe(201);
    expectError(
      await post('/v1/citizen/repairs', await citizen(REPAIRER), { recordId: recentRecord }),
      422,
      'RepairTooEarly',
    );
  });
});

describe('who may call what', () => {
  it('401 without a session, 403 for an agency at citizen doors and a citizen at agency doors', async () => {
    expectError(
      await post('/v1/citizen/objections', {}, { recordId: otherRecord, grounds: 'g' }),
      401,
      'Unauthenticated',
    );
    expectError(
      await post(
        '/v1/citizen/repairs',
        { authorization: 'Bearer prc_nobody' },
        { recordId: otherRecord },
      ),
      401,
      'InvalidToken',
    );
    expectError(
      await post('/v1/citizen/objections', bearer('court'), {
        recordId: otherRecord,
        grounds: 'g',
      }),
      403,
      'CitizenOnly',
    );
    const session = await citizen(OTHER);
    expectError(await h.app.inject({ url: '/v1/objections', headers: session }), 403, 'AgencyOnly');
    expectError(
      await post('/v1/objections/1/decision', session, { outcome: 'revoked', reason: 'mine' }),
      403,
      'AgencyOnly',
    );
    expectError(await h.app.inject({ url: '/v1/appeals', headers: session }), 403, 'AgencyOnly');
  });

  it("answers 404 for another subject's record, exactly as for a record that does not exist", async () => {
    const session = await citizen(OTHER);
    const theirs = await post('/v1/citizen/objections', session, {
      recordId: oldRecord,
      grounds: 'g',
    });
    const none = await post('/v1/citizen/objections', session, { recordId: 999_999, grounds: 'g' });
    expectError(theirs, 404, 'RecordNotFound');
    expectError(none, 404, 'RecordNotFound');
    expect(theirs.json<ErrorBody>().error.message.replace(String(oldRecord), 'N')).toBe(
      none.json<ErrorBody>().error.message.replace('999999', 'N'),
    );
    expectError(
      await post('/v1/citizen/repairs', session, { recordId: oldRecord }),
      404,
      'RecordNotFound',
    );
    expectError(
      await post('/v1/citizen/appeals', session, { recordId: listedRecord, grounds: 'g' }),
      404,
      'RecordNotFound',
    );
  });

  it('400 for a body without grounds or with empty grounds', async () => {
    const session = await citizen(OTHER);
    expectError(
      await post('/v1/citizen/objections', session, { recordId: otherRecord }),
      400,
      'InvalidRequest',
    );
    expectError(
      await post('/v1/citizen/objections', session, { recordId: otherRecord, grounds: '' }),
      400,
      'InvalidRequest',
    );
  });

  it('422 for grounds of white space only', async () => {
    expectError(
      await post('/v1/citizen/objections', await citizen(OTHER), {
        recordId: otherRecord,
        grounds: '   ',
      }),
      422,
      'GroundsRequired',
    );
  });

  it('lists the due-process doors in the OpenAPI document', async () => {
    const spec = (await h.app.inject({ url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    for (const [path, method] of [
      ['/v1/citizen/objections', 'post'],
      ['/v1/citizen/appeals', 'post'],
      ['/v1/citizen/repairs', 'post'],
      ['/v1/objections', 'get'],
      ['/v1/objections/{id}/decision', 'post'],
      ['/v1/appeals', 'get'],
      ['/v1/appeals/{id}/decision', 'post'],
    ] as const) {
      expect(spec.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
  });
});
