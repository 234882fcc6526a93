// A batch of 100 000 subjects in one request (interfaces.md): answered in input order, listed
// subjects denied where they stand, invalid identifiers as item errors, one audit entry each.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { residentIdentityNumber } from '../../src/core/identifiers/index.js';
import { instant } from '../../src/core/time/instant.js';
import {
  bearer,
  DAY,
  debtorRecord,
  ingestAsCourt,
  startHarness,
  T0,
  type Harness,
} from './http-harness.js';

const N = 100_000;

function subjects(): string[] {
  const out: string[] = [];
  for (let day = 0; out.length < N; day += 1) {
    const birth = new Date(Date.UTC(1960, 0, 1) + day * DAY);
    for (let n = 0; n < 1000 && out.length < N; n += 1) {
      out.push(
        residentIdentityNumber(
          '110105',
          { year: birth.getUTCFullYear(), month: birth.getUTCMonth() + 1, day: birth.getUTCDate() },
          n,
        ),
      );
    }
  }
  return out;
}

const IDS = subjects();
const LISTED = [IDS[7]!, IDS[54_321]!, IDS[N - 1]!];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    before: async (store) => {
      await ingestAsCourt(
        store,
        LISTED.map((s, i) => debtorRecord(s, `b-${i}`, '2026-01-20')),
        instant(T0 - 20 * DAY),
      );
    },
  });
});
afterAll(async () => h.close());

it('checks 100 000 subjects in one request, in input order', async () => {
  const input = [...IDS];
  input[500] = 'not-an-identifier';
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/checks/batch',
    headers: bearer('aviation'),
    payload: { measure: 'travel.flight', subjects: input, purpose: 'enforcement' },
  });
  expect(res.statusCode).toBe(200);
  const { results } = res.json<{
    results: { subject: string; decision?: string; error?: { code: string } }[];
  }>();
  expect(results).toHaveLength(N);
  results.forEach((r, i) => {
    if (r.subject !== input[i]) throw new Error(`result ${i} is for ${r.subject}, not ${input[i]}`);
  });
  const denied = results.flatMap((r, i) => (r.decision === 'deny' ? [i] : []));
  expect(denied).toEqual([7, 54_321, N - 1]);
  expect(results[500]?.error?.code).toBe('InvalidIdentifier');
  const audited = await h.store.readAudit(0, 2 * N);
  expect(audited.filter((e) => e.action === 'check' && e.actor === 'agency:aviation')).toHaveLength(
    N,
  );
}, 120_000);
