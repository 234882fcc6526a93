// The authority's doors of the HTTP API (/v1/authority/*, /v1/feeds/consumers), through the typed
// client generated from the OpenAPI document, with the agency token. The answers are aggregates
// only (the API decides); these calls show what it answers. An answer 401 forgets the token.
import { api, ApiError, unwrap } from '../api/client';
import type { paths } from '../api/schema';
import { currentToken, forgetToken } from './session';

type Json<P extends keyof paths, M extends 'get' | 'post', S extends number> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type Population = Json<'/v1/authority/population', 'get', 200>;
export type PolicyInForce = Json<'/v1/authority/policy', 'get', 200>;
export type Fairness = Json<'/v1/authority/fairness', 'get', 200>;
export type AgencyObjections = Json<'/v1/authority/objections', 'get', 200>;
export type Validation = Json<'/v1/authority/policy/validate', 'post', 200>;
export type Simulation = Json<'/v1/authority/policy/simulate', 'post', 200>;
export type Activation = Json<'/v1/authority/policy/activate', 'post', 201>;
export type Consumers = Json<'/v1/feeds/consumers', 'get', 200>;

function headers(token = currentToken()): { authorization: string } {
  if (token === undefined) throw new ApiError(401, 'Unauthenticated', 'not signed in');
  return { authorization: `Bearer ${token}` };
}

async function signedIn<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) forgetToken();
    throw error;
  }
}

/** The dates a door takes (web/src/authority/period.ts: `to` excluded). */
export interface DoorDates {
  readonly at?: string;
  readonly from?: string;
  readonly to?: string;
}

/** Whether the token is the authority's: the population door answers it (401, 403 otherwise). */
export async function tryToken(token: string): Promise<void> {
  await unwrap(
    api.GET('/v1/authority/population', {
      headers: headers(token),
      params: { query: { days: 1 } },
    }),
  );
}

export const authorityApi = {
  /** The population: the door's own last 30 days, or the period asked for. */
  population: (dates: DoorDates = {}) =>
    signedIn(() =>
      unwrap(api.GET('/v1/authority/population', { headers: headers(), params: { query: dates } })),
    ),
  consumers: () => signedIn(() => unwrap(api.GET('/v1/feeds/consumers', { headers: headers() }))),
  fairness: (dates: DoorDates = {}) =>
    signedIn(() =>
      unwrap(api.GET('/v1/authority/fairness', { headers: headers(), params: { query: dates } })),
    ),
  objections: (dates: Omit<DoorDates, 'at'> = {}) =>
    signedIn(() =>
      unwrap(api.GET('/v1/authority/objections', { headers: headers(), params: { query: dates } })),
    ),
  policyInForce: () =>
    signedIn(() => unwrap(api.GET('/v1/authority/policy', { headers: headers() }))),
  validate: (text: string) =>
    signedIn(() =>
      unwrap(api.POST('/v1/authority/policy/validate', { headers: headers(), body: { text } })),
    ),
  /** The simulation as of `at` (a day, 00:00 UTC), or now. */
  simulate: (text: string, at?: string) =>
    signedIn(() =>
      unwrap(
        api.POST('/v1/authority/policy/simulate', {
          headers: headers(),
          body: at === undefined ? { text } : { text, at },
        }),
      ),
    ),
  activate: (text: string, effectiveFrom: string) =>
    signedIn(() =>
      unwrap(
        api.POST('/v1/authority/policy/activate', {
          headers: headers(),
          body: { text, effectiveFrom },
        }),
      ),
    ),
};
