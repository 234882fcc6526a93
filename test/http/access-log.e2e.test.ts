// The access log misses nothing (issue 10, failure 4): every access is filed under the subject's
// canonical key, whatever form the caller named it in (a 15-digit first-generation number, spaces,
// a lower-case x), an identifier that does not validate is filed as `invalid:<what was sent>` and
// never as a citizen, and the citizen's log is paged, filtered and counted over the whole log, so
// that 1 500 checks by one agency cannot push another agency's access out of view. Through
// Fastify, on SQLite and (when PROBITY_TEST_DATABASE_URL is set) PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromLegacyResidentIdentityNumber } from '../../src/core/identifiers/index.js';
import { personId } from '../factories/subjects.js';
import { storeTargets, type StoreTarget } from '../support/store-targets.js';
import {
  bearer,
  debtorRecord,
  startHarness,
  T0,
  type Harness,
  citizenHeaders,
} from './http-harness.js';

const LEGACY = '110106730917001';
const LEGACY_KEY = fromLegacyResidentIdentityNumber(LEGACY);
/** A number whose check character is X. */
const WITH_X = personId('1973-09-17', 2);
/** WITH_X as a clerk might type it: spaces around and inside, a lower-case x. */
const WITH_X_TYPED = ` ${WITH_X.slice(0, 6)} ${WITH_X.slice(6, 14)} ${WITH_X.slice(14).toLowerCase()} `;
const CHECKED = personId('1980-05-17', 233);
/** CHECKED with its check character changed: no one's number. */
const BAD = CHECKED.slice(0, -1) + (CHECKED.endsWith('0') ? '1' : '0');
const CHECKS = 1_500;
const HOUR = 3_600_000;

interface LogEntry {
  seq: number;
  at: string;
  actor: string;
  purpose: string;
  action: string;
  outcome: string;
}
interface AccessLog {
  subject: string;
  entries: LogEntry[];
  next?: number;
  total: number;
  counts: { actor: string; purpose: string; entries: number; first: string; last: string }[];
}

function describeAccessLog(target: StoreTarget): void {
  describe(`the access log misses nothing: ${target.name}`, () => {
    let location: string;
    let h: Harness;

    beforeAll(async () => {
      location = await target.newLocation();
      h = await startHarness({ location });
    });

    afterAll(async () => {
      await h.close();
      await target.dispose(location);
      await target.end();
    });

    const log = async (headers: Record<string, string>, query = '') => {
      const res = await h.app.inject({ url: `/v1/citizen/access-log${query}`, headers });
      expect(res.statusCode).toBe(200);
      return res.json<AccessLog>();
    };

    it('files a submission naming a 15-digit number, or a number with spaces and a lower-case x, in the log of the citizen it is about', async () => {
      const res = await h.app.inject({
        method: 'POST',
        url: '/v1/records',
        headers: bearer('court'),
        payload: {
          records: [
            debtorRecord(LEGACY, 'legacy-1', '2026-01-10'),
            debtorRecord(WITH_X_TYPED, 'typed-1', '2026-01-11'),
          ],
        },
      });
      expect(res.statusCode).toBe(201);
      const check = await h.app.inject({
        method: 'POST',
        url: '/v1/checks/batch',
        headers: bearer('aviation'),
        payload: { measure: 'travel.flight', subjects: [LEGACY, WITH_X_TYPED] },
      });
      expect(check.statusCode).toBe(200);

      for (const key of [LEGACY_KEY, WITH_X]) {
        const mine = await log(await citizenHeaders(h, key));
        expect(mine.subject).toBe(key);
        expect(mine.entries).toContainEqual(
          expect.objectContaining({
            actor: 'agency:court',
            purpose: 'write',
            action: 'submit-record',
            outcome: 'accepted',
          }),
        );
        expect(mine.entries).toContainEqual(
          expect.objectContaining({ actor: 'agency:aviation', action: 'check' }),
        );
      }
      // Nothing is filed under the forms the caller typed.
      expect(await h.store.auditOfSubject(LEGACY, 10)).toEqual([]);
      expect(await h.store.auditOfSubject(WITH_X_TYPED, 10)).toEqual([]);
    });

    it('files an identifier that does not validate as invalid, never as a citizen', async () => {
      const single = await h.app.inject({
        method: 'POST',
        url: '/v1/checks',
        headers: bearer('aviation'),
        payload: { subject: BAD, measure: 'travel.flight' },
      });
      expect(single.statusCode).toBe(422);
      const batch = await h.app.inject({
        method: 'POST',
        url: '/v1/checks/batch',
        headers: bearer('aviation'),
        payload: { measure: 'travel.flight', subjects: [BAD] },
      });
      expect(batch.statusCode).toBe(200);
      const filed = await h.store.auditOfSubject(`invalid:${BAD}`, 10);
      expect(filed.map((e) => e.outcome)).toEqual([
        expect.stringMatching(/^invalid InvalidIdentifier travel\.flight chk_/) as string,
        'refused InvalidIdentifier',
      ]);
      expect(await h.store.auditOfSubject(BAD, 10)).toEqual([]);
    });

    it('pages, filters and counts the whole log: 1 500 checks by one agency cannot hide a read by another', async () => {
      h.clock.set(T0);
      const read = await h.app.inject({
        url: `/v1/subjects/${CHECKED}?purpose=oversight`,
        headers: bearer('authority'),
      });
      expect(read.statusCode).toBe(200);
      h.clock.advance(HOUR);
      const checks = await h.app.inject({
        method: 'POST',
        url: '/v1/checks/batch',
        headers: bearer('aviation'),
        payload: {
          measure: 'travel.flight',
          subjects: Array.from({ length: CHECKS }, () => CHECKED),
        },
      });
      expect(checks.statusCode).toBe(200);
      h.clock.advance(HOUR);
      const citizen = await citizenHeaders(h, CHECKED);

      // The newest page is all aviation's checks: the authority's read is not on it...
      const first = await log(citizen);
      expect(first.entries).toHaveLength(200);
      expect(first.entries.some((e) => e.actor === 'agency:authority')).toBe(false);
      // ...but it is counted, and found by its agency, its purpose, or its hour.
      expect(first.counts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            actor: 'agency:aviation',
            purpose: 'enforcement',
            entries: CHECKS,
          }),
          {
            actor: 'agency:authority',
            purpose: 'oversight',
            entries: 1,
            first: new Date(T0).toISOString(),
            last: new Date(T0).toISOString(),
          },
        ]),
      );
      const byAgency = await log(citizen, '?agency=authority');
      expect(byAgency.entries).toEqual([
        expect.objectContaining({
          actor: 'agency:authority',
          purpose: 'oversight',
          action: 'read-subject',
          outcome: 'read',
        }),
      ]);
      expect(byAgency.next).toBeUndefined();
      const oversight = (await log(citizen, '?purpose=oversight')).entries;
      expect(oversight.every((e) => e.purpose === 'oversight')).toBe(true);
      expect(oversight.filter((e) => e.actor === 'agency:authority')).toHaveLength(1);
      const hour = `?from=${new Date(T0).toISOString()}&to=${new Date(T0 + HOUR).toISOString()}`;
      expect((await log(citizen, hour)).entries.map((e) => e.actor)).toEqual(['agency:authority']);
      expect((await log(citizen, `?agency=aviation&limit=1000`)).entries).toHaveLength(1000);

      // Every page in turn: each entry once, newest first, the last page without a cursor.
      const seqs: number[] = [];
      let page = await log(citizen, '?limit=1000');
      for (let pages = 0; pages < 10; pages++) {
        seqs.push(...page.entries.map((e) => e.seq));
        if (page.next === undefined) break;
        page = await log(citizen, `?limit=1000&before=${page.next}`);
      }
      expect(page.next).toBeUndefined();
      expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => b - a));
      // The reads of the log itself are entries too: the total counts them as they were then.
      expect(seqs.length).toBeGreaterThanOrEqual(first.total);
      expect(first.total).toBe(first.counts.reduce((n, c) => n + c.entries, 0));
    });

    it.each([
      ['?limit=0', 400, 'InvalidRequest'],
      ['?limit=1001', 400, 'InvalidRequest'],
      ['?before=0', 400, 'InvalidRequest'],
      ['?before=x', 400, 'InvalidRequest'],
      ['?agency=Not%20An%20Id', 400, 'InvalidRequest'],
      ['?purpose=curiosity', 422, 'InvalidPurpose'],
      ['?from=yesterday', 422, 'InvalidInstant'],
      ['?from=2026-03-02&to=2026-03-01', 400, 'InvalidRequest'],
    ])('refuses a bad page or filter %s with %i %s', async (query, status, code) => {
      const citizen = await citizenHeaders(h, CHECKED);
      const res = await h.app.inject({ url: `/v1/citizen/access-log${query}`, headers: citizen });
      expect(res.statusCode).toBe(status);
      expect(res.json<{ error: { code: string } }>().error.code).toBe(code);
    });
  });
}

for (const target of storeTargets('accesslog')) describeAccessLog(target);
