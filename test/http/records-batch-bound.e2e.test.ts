// An atomic batch of records over HTTP is one ledger transaction, which the server writes in one
// piece, so it is bounded (issue 10, failure 9: nothing may hold the server for long): at most
// RECORDS_PER_BATCH records, no more than a transaction of `probity import`; a larger batch is a
// 400 naming the bound, and nothing is written.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IMPORT_BATCH_SIZE } from '../../src/app/records/record-import.js';
import { RECORDS_PER_BATCH } from '../../src/http/schemas/api.schemas.js';
import { personId } from '../factories/subjects.js';
import { bearer, debtorRecord, startHarness, type Harness } from './http-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

it('bounds an HTTP batch of records at no more than an import transaction', () => {
  expect(RECORDS_PER_BATCH).toBeLessThanOrEqual(IMPORT_BATCH_SIZE);
});

it('refuses a batch of records beyond the bound with 400 naming it, and writes nothing', async () => {
  const head = await h.store.headSeq();
  const records = Array.from({ length: RECORDS_PER_BATCH + 1 }, (_, i) =>
    debtorRecord(personId('1980-03-04', i % 900), `bound-${i}`, '2026-01-20'),
  );
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/records',
    headers: bearer('court'),
    payload: { records },
  });
  expect(res.statusCode).toBe(400);
  const body = res.json<{
    error: { code: string; details: { path: string; message: string }[] };
  }>();
  expect(body.error.code).toBe('InvalidRequest');
  expect(body.error.details).toEqual([
    expect.objectContaining({
      path: 'body.records',
      message: expect.stringContaining(String(RECORDS_PER_BATCH)) as unknown,
    }),
  ]);
  expect(await h.store.headSeq()).toBe(head);
});
