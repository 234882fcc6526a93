// Authentication comes before body validation: a request to an agency or citizen door without a
// token, or with a token nobody holds, is 401 whatever its body (malformed JSON, a body the
// schema refuses), so a caller without credentials learns nothing about the door's schema; a
// valid caller with a bad body still gets the 400 that names the problem.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../src/app/access/caller.js';
import { issueSignInCode } from '../../src/app/citizen/sign-in-code-issue.js';
import { personId } from '../factories/subjects.js';
import { bearer, startHarness, type Harness } from './http-harness.js';

const SUBJECT = personId('1980-05-17', 233);

interface ErrorBody {
  error: { code: string; message: string };
}

const MALFORMED_JSON = '{"records": [';
const SCHEMA_REFUSED = JSON.stringify({ records: 'not a list' });

describe('authentication before body validation', () => {
  let h: Harness;
  let citizen: Record<string, string>;
  beforeAll(async () => {
    h = await startHarness();
    const deps = { store: h.store, audit: h.audit, clock: h.clock };
    const { code } = await issueSignInCode(deps, OPERATOR, { identifier: SUBJECT });
    const session = await h.app.inject({
      method: 'POST',
      url: '/v1/citizen/session',
      payload: { identifier: SUBJECT, code },
    });
    expect(session.statusCode).toBe(201);
    citizen = { authorization: `Bearer ${session.json<{ token: string }>().token}` };
  });
  afterAll(async () => h.close());

  function post(url: string, payload: string, headers: Record<string, string> = {}) {
    return h.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { 'content-type': 'application/json', ...headers },
    });
  }

  it('answers 401 Unauthenticated at an agency door without a token, whatever the body', async () => {
    for (const body of [MALFORMED_JSON, SCHEMA_REFUSED]) {
      for (const url of ['/v1/records', '/v1/checks', '/v1/checks/batch']) {
        const res = await post(url, body);
        expect({ url, body, status: res.statusCode }).toEqual({ url, body, status: 401 });
        expect(res.json<ErrorBody>().error.code).toBe('Unauthenticated');
      }
    }
  });

  it('answers 401 InvalidToken at an agency door with a token nobody holds, whatever the body', async () => {
    for (const body of [MALFORMED_JSON, SCHEMA_REFUSED]) {
      const res = await post('/v1/records', body, { authorization: 'Bearer nobody-holds-this' });
      expect(res.statusCode).toBe(401);
      expect(res.json<ErrorBody>().error.code).toBe('InvalidToken');
    }
  });

  it('answers 401 at a citizen door without a session or with an unknown one, whatever the body', async () => {
    for (const body of [MALFORMED_JSON, SCHEMA_REFUSED]) {
      const none = await post('/v1/citizen/objections', body);
      expect(none.statusCode).toBe(401);
      expect(none.json<ErrorBody>().error.code).toBe('Unauthenticated');
      const unknown = await post('/v1/citizen/objections', body, {
        authorization: 'Bearer nobody-holds-this',
      });
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json<ErrorBody>().error.code).toBe('InvalidToken');
    }
  });

  it('still answers 400 to a valid agency or citizen with a bad body', async () => {
    for (const body of [MALFORMED_JSON, SCHEMA_REFUSED]) {
      const agency = await post('/v1/records', body, bearer('court'));
      expect(agency.statusCode).toBe(400);
      const subject = await post('/v1/citizen/objections', body, citizen);
      expect(subject.statusCode).toBe(400);
    }
  });
});
