// Every domain error code, thrown from a route of a real Fastify instance with the API's error
// mapper installed (as buildServer installs it), reaches the client with its own status and the
// API's error body; only `Internal` and what is not a DomainError are a 500, and a 500 says
// nothing about the internals.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DOMAIN_ERROR_CODES,
  DomainError,
  type DomainErrorCode,
} from '../core/errors/domain-error.js';
import { installErrorMapper, statusForCode } from './error-mapper.js';

const SECRET = 'password=hunter2 at /srv/probity/src/store/kysely-ledger-store.ts:42';
const CLIENT_STATUSES = [400, 401, 403, 404, 409, 413, 415, 422, 429, 503];

let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify({ logger: false });
  installErrorMapper(app);
  app.get<{ Params: { code: string } }>('/throw/:code', (request) => {
    throw new DomainError(request.params.code as DomainErrorCode, `thrown ${request.params.code}`, [
      { path: 'records[0].subject', code: 'FieldMissing', message: 'is required' },
    ]);
  });
  app.get('/crash', () => {
    throw new Error(SECRET);
  });
  app.get('/crash-async', async () => {
    await Promise.resolve();
    throw new TypeError(`Cannot read properties of undefined (reading 'x') ${SECRET}`);
  });
  app.post(
    '/echo',
    {
      schema: {
        body: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string' } },
        },
      },
    },
    () => ({ ok: true }),
  );
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

describe('the list of codes', () => {
  it('has no duplicates and only PascalCase names', () => {
    expect(new Set(DOMAIN_ERROR_CODES).size).toBe(DOMAIN_ERROR_CODES.length);
    for (const code of DOMAIN_ERROR_CODES) expect(code).toMatch(/^[A-Z][A-Za-z]+$/);
  });

  it('keeps one name per error: the engine throws the names the API documents', () => {
    const codes: readonly string[] = DOMAIN_ERROR_CODES;
    for (const merged of [
      'EngineUnknownMeasure',
      'EngineNoPolicy',
      'EngineUnknownList',
      'EngineInvalidIdentifier',
    ])
      expect(codes).not.toContain(merged);
    for (const kept of ['UnknownMeasure', 'NoPolicyInForce', 'UnknownList', 'InvalidIdentifier'])
      expect(codes).toContain(kept);
  });
});

describe('every domain error code over HTTP', () => {
  it.each(DOMAIN_ERROR_CODES.filter((c) => c !== 'Internal'))(
    '%s is a client or availability status with the error body',
    async (code) => {
      const response = await app.inject({ method: 'GET', url: `/throw/${code}` });
      expect(response.statusCode).not.toBe(500);
      expect(CLIENT_STATUSES).toContain(response.statusCode);
      expect(response.statusCode).toBe(statusForCode(code));
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json()).toEqual({
        error: {
          code,
          message: `thrown ${code}`,
          details: [{ path: 'records[0].subject', code: 'FieldMissing', message: 'is required' }],
        },
      });
    },
  );

  it('Internal is a 500 with the error body', async () => {
    const response = await app.inject({ method: 'GET', url: '/throw/Internal' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: {
        code: 'Internal',
        message: 'thrown Internal',
        details: [{ path: 'records[0].subject', code: 'FieldMissing', message: 'is required' }],
      },
    });
  });

  it.each([
    ['UnknownMeasure', 404],
    ['UnknownList', 404],
    ['NoPolicyInForce', 503],
    ['InvalidIdentifier', 422],
    ['ListNotPublic', 409],
    ['RecordsRejected', 422],
    ['NotAnEnforcer', 403],
    ['InvalidToken', 401],
    ['RateLimited', 429],
    ['PayloadTooLarge', 413],
    ['InvalidRequest', 400],
    ['NotReady', 503],
  ] as const)('%s is %i', async (code, status) => {
    const response = await app.inject({ method: 'GET', url: `/throw/${code}` });
    expect(response.statusCode).toBe(status);
  });
});

describe('what is not a DomainError', () => {
  it.each(['/crash', '/crash-async'])('%s is a 500 that reveals nothing internal', async (url) => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: {
        code: 'Internal',
        message: 'something went wrong on our side; it has been logged',
        details: [],
      },
    });
    for (const leak of ['hunter2', 'password', '/srv/', '.ts', 'stack', 'TypeError', 'undefined'])
      expect(response.body).not.toContain(leak);
  });

  it('a body that fails the schema is a 400 InvalidRequest with a detail per problem', async () => {
    const response = await app.inject({ method: 'POST', url: '/echo', payload: {} });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: { code: 'InvalidRequest', details: [{ path: 'body.name', code: 'required' }] },
    });
  });

  it('malformed JSON is a 400 MalformedJson', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'MalformedJson' } });
  });

  it('an unknown route is a 404 NotFound with the error body', async () => {
    const response = await app.inject({ method: 'GET', url: '/nowhere?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: 'NotFound', message: 'no route GET /nowhere', details: [] },
    });
  });
});
