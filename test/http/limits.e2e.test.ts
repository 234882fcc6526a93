// The server's limits, readiness and a real socket: 413 past the body limit, 429 past an agency's
// rate limit (counted per agency, not per address), 503 from /readyz until the engine is loaded,
// and the whole stack on 127.0.0.1 with an ephemeral port.
import { afterEach, describe, expect, it } from 'vitest';
import { personId } from '../factories/subjects.js';
import { bearer, startHarness, type Harness } from './http-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const SUBJECT = personId('1975-02-03', 41);

describe('limits', () => {
  it('answers 413 with the error body past the body limit', async () => {
    h = await startHarness({ server: { limits: { bodyLimit: 1024 } } });
    const subjects = Array.from({ length: 200 }, () => SUBJECT);
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/checks/batch',
      headers: bearer('aviation'),
      payload: { measure: 'travel.flight', subjects },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'PayloadTooLarge', details: [] } });
  });

  it('answers 429 with the error body past the rate limit, per agency', async () => {
    h = await startHarness({ server: { limits: { rateLimitMax: 3, rateLimitWindowMs: 60_000 } } });
    const check = (kind: string) =>
      h!.app.inject({
        method: 'POST',
        url: '/v1/checks',
        headers: bearer(kind),
        payload: { subject: SUBJECT, measure: 'travel.flight' },
      });
    for (let i = 0; i < 3; i += 1) expect((await check('aviation')).statusCode).toBe(200);
    const limited = await check('aviation');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: { code: 'RateLimited', details: [] } });
    // Same address, another agency: its own budget.
    expect((await check('rail')).statusCode).toBe(403);
  });
});

describe('readiness', () => {
  it('answers /readyz 503 until the engine is loaded, and agency doors 503 meanwhile', async () => {
    h = await startHarness({ load: false });
    expect((await h.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const notReady = await h.app.inject({ url: '/readyz' });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toMatchObject({ error: { code: 'NotReady' } });
    const check = await h.app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: bearer('aviation'),
      payload: { subject: SUBJECT, measure: 'travel.flight' },
    });
    expect(check.statusCode).toBe(503);
    await h.service.load();
    expect((await h.app.inject({ url: '/readyz' })).statusCode).toBe(200);
  });
});

describe('a real socket', () => {
  it('serves checks over HTTP on 127.0.0.1 with an ephemeral port', async () => {
    h = await startHarness();
    const url = await h.app.listen({ host: '127.0.0.1', port: 0 });
    const res = await fetch(`${url}/v1/checks`, {
      method: 'POST',
      headers: { ...bearer('aviation'), 'content-type': 'application/json' },
      body: JSON.stringify({ subject: SUBJECT, measure: 'travel.flight', purpose: 'enforcement' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      decision: 'allow',
      checkId: expect.stringMatching(/^chk_/) as unknown,
    });
    const spec = (await (await fetch(`${url}/openapi.json`)).json()) as { openapi: string };
    expect(spec.openapi).toBe('3.1.0');
  });
});
