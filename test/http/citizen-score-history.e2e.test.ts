// My score over time (GET /v1/citizen/score-history, issue 13 item 2: the portal's chart): evenly
// spaced points over the last days, each as the standing computes it for that instant, so the
// score drops only from the day the debtor record was recorded; the last point is my score now;
// a bad span is refused; the read is audited. Through Fastify, on SQLite and (when
// PROBITY_TEST_DATABASE_URL is set) PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instant } from '../../src/core/time/instant.js';
import { personId } from '../factories/subjects.js';
import { storeTargets, type StoreTarget } from '../support/store-targets.js';
import {
  DAY,
  debtorRecord,
  ingestAsCourt,
  startHarness,
  T0,
  type Harness,
  citizenHeaders,
} from './http-harness.js';

const LISTED = personId('1980-05-17', 233);
const RECORDED = T0 - 60 * DAY;

interface History {
  subject: string;
  days: number;
  stepDays: number;
  points: { at: string; scorable: boolean; score: number | null; grade: string | null }[];
}

function describeHistory(target: StoreTarget): void {
  describe(`my score over time: ${target.name}`, () => {
    let location: string;
    let h: Harness;
    let me: Record<string, string>;

    beforeAll(async () => {
      location = await target.newLocation();
      h = await startHarness({
        location,
        before: async (store) => {
          await ingestAsCourt(
            store,
            [debtorRecord(LISTED, 'c-1', '2025-12-20')],
            instant(RECORDED),
          );
        },
      });
      me = await citizenHeaders(h, LISTED);
    });

    afterAll(async () => {
      await h.close();
      await target.dispose(location);
      await target.end();
    });

    it('drops from the day the record was recorded, and ends with my score now', async () => {
      const res = await h.app.inject({ url: '/v1/citizen/score-history?days=120', headers: me });
      expect(res.statusCode).toBe(200);
      const history = res.json<History>();
      expect(history).toMatchObject({ subject: LISTED, days: 120, stepDays: 2 });
      expect(history.points).toHaveLength(61);
      const now = (await h.app.inject({ url: '/v1/citizen/me', headers: me })).json<{
        score: number;
        grade: string;
      }>();
      const last = history.points[history.points.length - 1];
      expect(last).toMatchObject({ at: new Date(h.clock()).toISOString(), score: now.score });
      const before = history.points.filter((p) => Date.parse(p.at) < RECORDED);
      const after = history.points.filter((p) => Date.parse(p.at) >= RECORDED);
      expect(before.length).toBeGreaterThan(20);
      expect(after.length).toBeGreaterThan(20);
      const scores = (points: History['points']) => new Set(points.map((p) => p.score));
      expect(scores(before).size).toBe(1);
      const base = [...scores(before)][0] ?? 0;
      for (const p of after) expect(p.score ?? Infinity).toBeLessThan(base);
    });

    it('leaves out the instants before any policy was in force instead of failing (the fuzz found a 503)', async () => {
      const res = await h.app.inject({ url: '/v1/citizen/score-history?days=3660', headers: me });
      expect(res.statusCode, res.body).toBe(200);
      const history = res.json<History>();
      expect(history.stepDays).toBe(61);
      // Ten years back reaches before the reference policy came into force: those instants are
      // left out, the rest are there, oldest first, the last now.
      expect(history.points.length).toBeGreaterThan(5);
      expect(history.points.length).toBeLessThan(61);
      const times = history.points.map((p) => Date.parse(p.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(history.points[history.points.length - 1]?.at).toBe(new Date(h.clock()).toISOString());
    });

    it('refuses a span that is no whole number of days from 1 to 3660 (400)', async () => {
      for (const days of ['0', '3661', 'soon']) {
        const res = await h.app.inject({
          url: `/v1/citizen/score-history?days=${days}`,
          headers: me,
        });
        expect(res.statusCode, days).toBe(400);
      }
      expect((await h.app.inject({ url: '/v1/citizen/score-history' })).statusCode).toBe(401);
    });

    it('is in my access log as a read of my own data', async () => {
      await h.app.inject({ url: '/v1/citizen/score-history', headers: me });
      const log = (await h.app.inject({ url: '/v1/citizen/access-log', headers: me })).json<{
        entries: { action: string; purpose: string }[];
      }>();
      expect(log.entries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'read-own-score-history', purpose: 'subject-access' }),
        ]),
      );
    });
  });
}

for (const target of storeTargets('scorehistory')) describeHistory(target);
