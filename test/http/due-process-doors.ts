// The due-process doors as a citizen and the court use them in HTTP tests: a citizen's session
// headers, objecting, deciding, and a refusal that must leave the record's events as they were.
// Shared by the objection suites so that each states only its scenario.
import { expect } from 'vitest';
import { CitizenSessions } from '../../src/app/citizen/citizen-session.js';
import { bearer, type Harness } from './http-harness.js';

interface ErrorBody {
  error: { code: string; message: string };
}

type Reply = { statusCode: number; json: () => unknown };

/** The doors on the harness `harness()` returns (read at each call: suites start it in beforeAll). */
export function dueProcessDoors(harness: () => Harness) {
  /** The headers of a fresh session of `subject`. */
  async function citizen(subject: string): Promise<Record<string, string>> {
    const h = harness();
    const { token } = await new CitizenSessions(h.store).open(subject, h.clock());
    return { authorization: `Bearer ${token}` };
  }

  const post = (url: string, headers: Record<string, string>, payload: unknown) =>
    harness().app.inject({
      method: 'POST',
      url,
      headers,
      payload: payload as Record<string, unknown>,
    });

  /** `subject` objects to `recordId` on the usual grounds, with `evidence` when given. */
  async function object(subject: string, recordId: number, evidence?: string) {
    return post('/v1/citizen/objections', await citizen(subject), {
      recordId,
      grounds: 'I paid the judgment in full',
      ...(evidence === undefined ? {} : { evidence }),
    });
  }

  /** The court decides objection `objectionId` (201 expected). */
  async function decide(objectionId: number, outcome = 'upheld'): Promise<void> {
    const res = await post(`/v1/objections/${objectionId}/decision`, bearer('court'), {
      outcome,
      reason: 'no payment reached the court',
    });
    expect(res.statusCode).toBe(201);
  }

  /** Refused with `status` and `code`, a message naming `mentions`, and nothing written. */
  async function expectRefused(
    request: () => Promise<Reply>,
    recordId: number,
    status: number,
    code: string,
    mentions: readonly string[],
  ): Promise<void> {
    const h = harness();
    const before = (await h.store.recordEventsOf(recordId)).length;
    const res = await request();
    const body = res.json() as Partial<ErrorBody>;
    expect({ status: res.statusCode, code: body.error?.code }).toEqual({ status, code });
    for (const text of mentions) expect(body.error?.message).toContain(text);
    expect(await h.store.recordEventsOf(recordId)).toHaveLength(before);
  }

  return { citizen, post, object, decide, expectRefused };
}
