// GET /v1/public/transparency (docs/http-api.md, "The public site's doors"): the month's counts
// for anyone, without a token, on both dialects. A hand-made month: three debtors recorded in
// December, then in March two flight checks (one denied), a new record, two objections (one
// revoked by the court, one left past its deadline) and nothing else; every count is the test's
// own. No identifier in the answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CitizenSessions } from '../../src/app/citizen/citizen-session.js';
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

const LISTED = personId('1973-09-17', 1);
const OTHER = personId('1980-02-02', 2);
const CLEAN = personId('1985-05-05', 3);
const NEWCOMER = personId('1990-01-01', 4);

interface Report {
  month: string;
  from: string;
  to: string;
  complete: boolean;
  checks: { measure: string; label: string; checks: number; denials: number }[];
  records: { category: string; agency: string; records: number }[];
  agencies: {
    agency: string;
    records: number;
    objectionsFiled: number;
    upheld: number;
    rejected: number;
    pending: number;
    overdue: number;
    repairs: number;
  }[];
  totals: Record<string, number>;
}

for (const target of storeTargets('transparency')) {
  describe(`the transparency report: ${target.name}`, () => {
    let h: Harness;
    let location = '';
    let records: number[] = [];

    beforeAll(async () => {
      h = await startHarness({
        location: (location = await target.newLocation()),
        before: async (store) => {
          records = await ingestAsCourt(
            store,
            [
              debtorRecord(LISTED, 'c-1', '2025-12-20'),
              debtorRecord(OTHER, 'c-2', '2025-12-21', 900_000),
            ],
            instant(T0 - 60 * DAY),
          );
        },
      });
      const check = (subject: string) =>
        h.app.inject({
          method: 'POST',
          url: '/v1/checks',
          headers: bearer('aviation'),
          payload: { subject, measure: 'travel.flight', purpose: 'enforcement' },
        });
      expect((await check(LISTED)).json()).toMatchObject({ decision: 'deny' });
      expect((await check(CLEAN)).json()).toMatchObject({ decision: 'allow' });
      const submitted = await h.app.inject({
        method: 'POST',
        url: '/v1/records',
        headers: bearer('court'),
        payload: { records: [debtorRecord(NEWCOMER, 'c-3', '2026-02-27')] },
      });
      expect(submitted.statusCode).toBe(201);
      const object = async (subject: string, recordId: number) => {
        const { token } = await new CitizenSessions(h.store).open(subject, h.clock());
        const res = await h.app.inject({
          method: 'POST',
          url: '/v1/citizen/objections',
          headers: { authorization: `Bearer ${token}` },
          payload: { recordId, grounds: 'paid in full' },
        });
        expect(res.statusCode).toBe(201);
        return res.json<{ id: number }>().id;
      };
      const revoked = await object(LISTED, records[0]!);
      await object(OTHER, records[1]!);
      const decided = await h.app.inject({
        method: 'POST',
        url: `/v1/objections/${revoked}/decision`,
        headers: bearer('court'),
        payload: { outcome: 'revoked', reason: 'the debt was paid' },
      });
      expect(decided.statusCode).toBe(201);
      // 20 days on: the other objection is past its 15-day deadline, still in March.
      h.clock.advance(20 * DAY);
    });

    afterAll(async () => {
      await h?.close();
      await target.dispose(location);
      await target.end();
    });

    it('counts the month’s checks, records, objections and repairs, for anyone without a token', async () => {
      const res = await h.app.inject({ url: '/v1/public/transparency?month=2026-03' });
      expect(res.statusCode).toBe(200);
      const report = res.json<Report>();
      expect(report).toMatchObject({
        month: '2026-03',
        from: '2026-03-01T00:00:00.000Z',
        complete: false,
      });
      expect(report.checks.find((c) => c.measure === 'travel.flight')).toMatchObject({
        checks: 2,
        denials: 1,
      });
      expect(report.checks.find((c) => c.measure === 'travel.high-speed-rail')).toMatchObject({
        checks: 0,
        denials: 0,
      });
      expect(report.records).toEqual([
        expect.objectContaining({
          category: 'court.dishonest-debtor',
          agency: 'court',
          records: 1,
        }),
      ]);
      expect(report.agencies).toEqual([
        expect.objectContaining({
          agency: 'court',
          records: 1,
          objectionsFiled: 2,
          upheld: 1,
          rejected: 0,
          pending: 1,
          overdue: 1,
          repairs: 0,
        }),
      ]);
      expect(report.totals).toMatchObject({
        checks: 2,
        denials: 1,
        records: 1,
        objectionsFiled: 2,
      });
      expect(res.body).not.toMatch(/\d{17}[\dX]/);
    });

    it('answers an earlier month with its own counts, complete', async () => {
      const report = (
        await h.app.inject({ url: '/v1/public/transparency?month=2025-12' })
      ).json<Report>();
      expect(report).toMatchObject({ complete: true, to: '2026-01-01T00:00:00.000Z' });
      expect(report.records).toEqual([
        expect.objectContaining({ category: 'court.dishonest-debtor', records: 2 }),
      ]);
      expect(report.totals).toMatchObject({ checks: 0, objectionsFiled: 0 });
    });

    it('refuses a month that is not one, or has not begun (400)', async () => {
      for (const month of ['2026-13', '2026-3', 'march', '2027-01']) {
        const res = await h.app.inject({ url: `/v1/public/transparency?month=${month}` });
        expect(res.statusCode, month).toBe(400);
      }
    });
  });
}
