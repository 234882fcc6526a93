// The citizen doors of the HTTP API (/v1/citizen/*), through the typed client generated from the
// OpenAPI document, with the session's bearer token. What a citizen may see is decided by the
// API: these calls show what it answers and never filter it. An answer 401 means the session has
// ended: it is forgotten, and the portal asks to sign in again.
import { api, ApiError, unwrap } from '../api/client';
import type { paths } from '../api/schema';
import { currentSession, forgetSession } from './session';

type Json<P extends keyof paths, M extends 'get' | 'post', S extends number> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type Evaluation = Json<'/v1/citizen/me', 'get', 200>;
export type Contribution = Evaluation['contributions'][number];
export type OwnRecords = Json<'/v1/citizen/records', 'get', 200>;
export type OwnRecord = OwnRecords['records'][number];
export type OwnNotices = Json<'/v1/citizen/notices', 'get', 200>;
export type AccessLog = Json<'/v1/citizen/access-log', 'get', 200>;
export type Objection = Json<'/v1/citizen/objections', 'post', 201>;
export type Repair = Json<'/v1/citizen/repairs', 'post', 201>;
export type ScoreHistory = Json<'/v1/citizen/score-history', 'get', 200>;

function headers(): { authorization: string } {
  const session = currentSession();
  if (session === undefined) throw new ApiError(401, 'Unauthenticated', 'not signed in');
  return { authorization: `Bearer ${session.token}` };
}

async function signedIn<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) forgetSession(true);
    throw error;
  }
}

export async function signIn(identifier: string, code: string) {
  return unwrap(api.POST('/v1/citizen/session', { body: { identifier, code } }));
}

/**
 * Signs out: the server ends the session (DELETE /v1/citizen/session: its token is refused from
 * then on), then the tab forgets it. The tab forgets it whatever the server answered: a session
 * the server had ended already (401) is over too, and one it could not be told of (no network)
 * ends at its expiry; the citizen asked to leave.
 */
export async function signOut(): Promise<void> {
  const session = currentSession();
  try {
    if (session !== undefined)
      await api.DELETE('/v1/citizen/session', {
        headers: { authorization: `Bearer ${session.token}` },
      });
  } catch {
    // Not reached: forgotten in the tab all the same.
  } finally {
    forgetSession();
  }
}

export const citizenApi = {
  me: () => signedIn(() => unwrap(api.GET('/v1/citizen/me', { headers: headers() }))),
  records: () => signedIn(() => unwrap(api.GET('/v1/citizen/records', { headers: headers() }))),
  notices: () => signedIn(() => unwrap(api.GET('/v1/citizen/notices', { headers: headers() }))),
  accessLog: (query: { before?: number; limit?: number } = {}) =>
    signedIn(() =>
      unwrap(api.GET('/v1/citizen/access-log', { headers: headers(), params: { query } })),
    ),
  object: (body: { recordId: number; grounds: string; evidence?: string }) =>
    signedIn(() => unwrap(api.POST('/v1/citizen/objections', { headers: headers(), body }))),
  appeal: (body: { recordId: number; grounds: string; evidence?: string }) =>
    signedIn(() => unwrap(api.POST('/v1/citizen/appeals', { headers: headers(), body }))),
  scoreHistory: (days: number) =>
    signedIn(() =>
      unwrap(
        api.GET('/v1/citizen/score-history', { headers: headers(), params: { query: { days } } }),
      ),
    ),
  exportAll: () => signedIn(() => unwrap(api.GET('/v1/citizen/export', { headers: headers() }))),
  repair: (body: { recordId: number }) =>
    signedIn(() => unwrap(api.POST('/v1/citizen/repairs', { headers: headers(), body }))),
};
