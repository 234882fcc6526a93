// One caller's hostile request never fails another caller's write, on SQLite and (when
// PROBITY_TEST_DATABASE_URL is set) PostgreSQL. An agency submits records concurrently while
// another loops checks whose subjects hold a NUL or a lone surrogate: every submission is
// acknowledged, every acknowledged record has its audit entry, no answer is a 5xx, no body
// carries a database's message, and the audit chain verifies afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntriesOf, verifyAuditLog } from '../../src/app/audit/audit-verify.js';
import { personId } from '../factories/subjects.js';
import { storeTargets, type StoreTarget } from '../support/store-targets.js';
import { bearer, debtorRecord, startHarness, type Harness } from './http-harness.js';

const SUBMISSIONS = 120;
const HOSTILE_CHECKS = 120;

function describeIsolation(target: StoreTarget): void {
  describe(`audit isolation under hostile checks: ${target.name}`, () => {
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

    it('acknowledges and audits every submission while another agency sends NULs and lone surrogates', async () => {
      const subjects = Array.from({ length: SUBMISSIONS }, (_, i) =>
        personId(`19${60 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`, i),
      );
      const submissions = subjects.map((subject, i) =>
        h.app.inject({
          method: 'POST',
          url: '/v1/records',
          headers: bearer('court'),
          payload: { records: [debtorRecord(subject, `iso-${i}`, '2026-01-15')] },
        }),
      );
      const hostile = Array.from({ length: HOSTILE_CHECKS }, (_, i) =>
        h.app.inject({
          method: 'POST',
          url: '/v1/checks',
          headers: { ...bearer('aviation'), 'content-type': 'application/json' },
          payload: `{"subject":"${i % 2 === 0 ? '11010519800517\\u0000' : '\\ud800'}${i}","measure":"travel.flight"}`,
        }),
      );
      const [written, refused] = await Promise.all([
        Promise.all(submissions),
        Promise.all(hostile),
      ]);

      for (const res of [...written, ...refused]) {
        expect(res.statusCode).toBeLessThan(500);
        expect(res.body).not.toMatch(/byte sequence|UTF8|sqlite|postgres/i);
      }
      expect(written.map((res) => res.statusCode)).toEqual(subjects.map(() => 201));
      expect(new Set(refused.map((res) => res.statusCode))).toEqual(new Set([400]));

      const audited = new Map<string, string>();
      for await (const entry of auditEntriesOf(h.store))
        if (entry.action === 'submit-record' && entry.actor === 'agency:court')
          audited.set(entry.subject, entry.outcome);
      for (const subject of subjects) expect(audited.get(subject)).toBe('accepted');
      expect(await verifyAuditLog(h.store)).toMatchObject({ ok: true });
    });
  });
}

for (const target of storeTargets('isolation')) describeIsolation(target);
