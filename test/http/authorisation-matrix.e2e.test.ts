// The authorisation matrix: every agency kind of the city × every door of the agency API, with
// the status each must get. Expectations come from the rules of access-rules.ts, restated here:
// submit only categories listing the kind as submitter; add events only to one's own records;
// check only measures listing the kind as enforcer; read a subject for enforcement/eligibility
// (enforcer kinds), dispute-review (the agency that submitted a record about the subject),
// oversight (the authority), never subject-access (that is the subject's own door).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PURPOSES } from '../../src/core/access/purposes.js';
import { instant } from '../../src/core/time/instant.js';
import { personId } from '../factories/subjects.js';
import {
  bearer,
  cityKinds,
  DAY,
  debtorRecord,
  ingestAsCourt,
  startHarness,
  T0,
  type Harness,
} from './http-harness.js';

const SUBJECT = personId('1980-05-17', 233);

let h: Harness;
let recordId: number;
let enforcers: Set<string>;

beforeAll(async () => {
  h = await startHarness({
    before: async (store) => {
      [recordId = -1] = await ingestAsCourt(
        store,
        [debtorRecord(SUBJECT, 'm-1', '2026-01-20')],
        instant(T0 - 20 * DAY),
      );
    },
  });
  enforcers = new Set(h.service.policyAt(h.clock()).measures.flatMap((m) => m.enforcers));
});
afterAll(async () => h.close());

describe('authorisation matrix', () => {
  it('covers the kinds of the demo city', () => {
    expect(h.kinds).toEqual(
      expect.arrayContaining(['court', 'aviation', 'rail', 'authority', 'police', 'utility']),
    );
  });

  it.each(cityKinds())('%s at every door', async (kind) => {
    const inject = h.app.inject.bind(h.app);
    const seen: Record<string, number> = {};
    const expected: Record<string, number> = {};

    const submit = await inject({
      method: 'POST',
      url: '/v1/records',
      headers: bearer(kind),
      payload: { records: [debtorRecord(SUBJECT, `mx-${kind}`, '2026-01-25')] },
    });
    seen.submit = submit.statusCode;
    expected.submit = kind === 'court' ? 201 : 403;

    // suspended then resumed, so that the court's own call succeeds whatever ran before.
    const event = await inject({
      method: 'POST',
      url: `/v1/records/${recordId}/events`,
      headers: bearer(kind),
      payload: { type: 'suspended', reason: 'matrix' },
    });
    seen.event = event.statusCode;
    expected.event = kind === 'court' ? 201 : 403;
    if (event.statusCode === 201) {
      await inject({
        method: 'POST',
        url: `/v1/records/${recordId}/events`,
        headers: bearer(kind),
        payload: { type: 'resumed' },
      });
    }

    seen.check = (
      await inject({
        method: 'POST',
        url: '/v1/checks',
        headers: bearer(kind),
        payload: { subject: SUBJECT, measure: 'travel.flight' },
      })
    ).statusCode;
    expected.check = kind === 'aviation' ? 200 : 403;

    seen.batch = (
      await inject({
        method: 'POST',
        url: '/v1/checks/batch',
        headers: bearer(kind),
        payload: { measure: 'travel.high-speed-rail', subjects: [SUBJECT] },
      })
    ).statusCode;
    expected.batch = kind === 'rail' ? 200 : 403;

    for (const purpose of PURPOSES) {
      seen[`read:${purpose}`] = (
        await inject({ url: `/v1/subjects/${SUBJECT}?purpose=${purpose}`, headers: bearer(kind) })
      ).statusCode;
      const allowed =
        purpose === 'enforcement' || purpose === 'eligibility'
          ? enforcers.has(kind)
          : purpose === 'dispute-review'
            ? kind === 'court'
            : purpose === 'oversight'
              ? kind === 'authority'
              : false;
      expected[`read:${purpose}`] = allowed ? 200 : 403;
    }
    expect(seen).toEqual(expected);
  });

  it('refuses every door to a request without a token (401)', async () => {
    const statuses = await Promise.all([
      h.app.inject({
        method: 'POST',
        url: '/v1/records',
        payload: { records: [debtorRecord(SUBJECT, 'anon', '2026-01-25')] },
      }),
      h.app.inject({
        method: 'POST',
        url: `/v1/records/${recordId}/events`,
        payload: { type: 'fulfilled' },
      }),
      h.app.inject({
        method: 'POST',
        url: '/v1/checks',
        payload: { subject: SUBJECT, measure: 'travel.flight' },
      }),
      h.app.inject({
        method: 'POST',
        url: '/v1/checks/batch',
        payload: { measure: 'travel.flight', subjects: [SUBJECT] },
      }),
      h.app.inject({ url: `/v1/subjects/${SUBJECT}?purpose=oversight` }),
    ]);
    expect(statuses.map((s) => s.statusCode)).toEqual([401, 401, 401, 401, 401]);
  });
});
