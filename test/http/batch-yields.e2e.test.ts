// A large batch check does not hold up other requests: it is checked in chunks, yielding to the
// event loop between them, so /healthz sent while a batch runs is answered before the batch has
// checked every subject. No timing: the test counts the subjects checked when health answers.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BATCH_CHUNK } from '../../src/app/checks/measure-check.js';
import { residentIdentityNumber } from '../../src/core/identifiers/index.js';
import { bearer, DAY, startHarness, type Harness } from './http-harness.js';

/** Twenty chunks' worth of subjects. */
const N = BATCH_CHUNK * 20;

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

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

it('answers /healthz sent while a large batch check runs before the batch has checked every subject', async () => {
  // Count the subjects checked so far, and ask for health as soon as the first chunk is checked.
  const service = h.service;
  const original = service.checkBatch.bind(service);
  let checked = 0;
  let health: Promise<{ statusCode: number; checkedWhenAnswered: number }> | undefined;
  service.checkBatch = (keys, measure, at) => {
    const results = original(keys, measure, at);
    checked += keys.length;
    health ??= h.app
      .inject({ url: '/healthz' })
      .then((res) => ({ statusCode: res.statusCode, checkedWhenAnswered: checked }));
    return results;
  };
  try {
    const batch = await h.app.inject({
      method: 'POST',
      url: '/v1/checks/batch',
      headers: bearer('aviation'),
      payload: { measure: 'travel.flight', subjects: subjects(), purpose: 'enforcement' },
    });
    expect(batch.statusCode).toBe(200);
    expect(batch.json<{ results: unknown[] }>().results).toHaveLength(N);
    expect(checked).toBe(N);
    const answered = await health;
    expect(answered?.statusCode).toBe(200);
    // Answered between two chunks, not after the whole batch had been checked.
    expect(answered?.checkedWhenAnswered).toBeLessThan(N);
  } finally {
    service.checkBatch = original;
  }
});
