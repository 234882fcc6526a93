// The one way the web application reaches the server: the HTTP API, through openapi-fetch typed
// by schema.d.ts, which is generated from the server's OpenAPI document (scripts/api-types.ts),
// never written by hand.
import createClient from 'openapi-fetch';
import type { paths } from './schema';

export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '' });

/** An answer of the API that was not a success: its status and the API's error code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface Answer<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

function errorOf(error: unknown, response: Response): ApiError {
  const body = (error ?? {}) as { error?: { code?: unknown; message?: unknown } };
  const code = typeof body.error?.code === 'string' ? body.error.code : `HTTP${response.status}`;
  const message =
    typeof body.error?.message === 'string' ? body.error.message : response.statusText;
  return new ApiError(response.status, code, message);
}

/** The data of a successful answer; an ApiError for anything else. */
export async function unwrap<T>(answer: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await answer;
  if (!response.ok || data === undefined) throw errorOf(error, response);
  return data;
}
