// The request log (issue 10, failure 9: there was none): one JSON line per request from Fastify's
// own logger (pino), with the method, route pattern, status, duration, request id, the caller's
// kind and agency, and no full identifier anywhere (paths, query strings, percent-encoded or
// split by a space; bodies are never logged) and never a token. The log stream is captured.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { maskedUrl } from '../../src/http/request-log.js';
import { personId } from '../factories/subjects.js';
import { bearer, startHarness, tokenOf, type Harness } from './http-harness.js';

const PERSON = personId('1990-01-01', 411);
const OTHER = personId('1985-06-07', 12);
const LEGACY = '110106730917001';
const IN_BODY = personId('1979-09-09', 5);

const lines: string[] = [];
let h: Harness;
beforeAll(async () => {
  let pending = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending += chunk.toString();
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      lines.push(...parts.filter((l) => l.length > 0));
      done();
    },
  });
  h = await startHarness({ server: { logger: { level: 'info', stream } } });
});
afterAll(async () => h.close());

it('masks identifiers in paths and queries, percent-encoded or split by a space', () => {
  expect(maskedUrl(`/v1/subjects/${PERSON}?purpose=enforcement`)).toBe(
    `/v1/subjects/${PERSON.slice(0, 6)}********${PERSON.slice(14)}?purpose=enforcement`,
  );
  expect(maskedUrl(`/v1/subjects/${LEGACY}`)).toBe('/v1/subjects/110106******001');
  expect(maskedUrl(`/x?subject=${PERSON.slice(0, 6)}%20${PERSON.slice(6)}`)).not.toContain(
    PERSON.slice(6),
  );
  expect(maskedUrl('/v1/records/12345/events?limit=100')).toBe(
    '/v1/records/12345/events?limit=100',
  );
});

it('logs one line per request with its route, status, caller and id, and no full identifier or token', async () => {
  const requests = [
    { method: 'GET' as const, url: `/v1/subjects/${PERSON}?purpose=enforcement` },
    { method: 'GET' as const, url: `/v1/subjects/${LEGACY}?purpose=enforcement` },
    {
      method: 'GET' as const,
      url: `/v1/subjects/${OTHER.slice(0, 6)}%20${OTHER.slice(6)}?purpose=${OTHER}`,
    },
    { method: 'GET' as const, url: `/nowhere/${PERSON}?subject=${LEGACY}` },
  ];
  const before = lines.length;
  const ids: unknown[] = [];
  for (const r of requests) {
    ids.push((await h.app.inject({ ...r, headers: bearer('aviation') })).headers['x-request-id']);
  }
  await h.app.inject({
    method: 'POST',
    url: '/v1/checks',
    headers: bearer('aviation'),
    payload: { subject: IN_BODY, measure: 'travel.flight', purpose: 'enforcement' },
  });
  await h.app.inject({ url: '/healthz' });
  const written = lines.slice(before);
  const text = written.join('\n');
  for (const secret of [PERSON, OTHER, OTHER.slice(6), LEGACY, IN_BODY, tokenOf('aviation')]) {
    expect(text).not.toContain(secret);
  }
  const logged = written
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.msg === 'request');
  expect(logged).toHaveLength(requests.length + 2);
  expect(logged[0]).toMatchObject({
    level: 30,
    method: 'GET',
    route: '/v1/subjects/:identifier',
    status: 200,
    caller: 'agency',
    agency: 'aviation',
    url: `/v1/subjects/${PERSON.slice(0, 6)}********${PERSON.slice(14)}?purpose=enforcement`,
  });
  expect(typeof logged[0]?.reqId).toBe('string');
  expect(typeof logged[0]?.ms).toBe('number');
  expect(logged[3]).toMatchObject({ route: 'unmatched', status: 404 });
  expect(logged[4]).toMatchObject({ method: 'POST', route: '/v1/checks', status: 200 });
  expect(logged[5]).toMatchObject({ route: '/healthz', status: 200, caller: 'public' });
  expect(new Set(logged.map((l) => l.reqId)).size).toBe(logged.length);
  // The answer names the request's id, as its log line does.
  expect(ids).toEqual(logged.slice(0, requests.length).map((l) => l.reqId));
});
