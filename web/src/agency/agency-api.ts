// The agency doors of the HTTP API, through the typed client generated from the OpenAPI document,
// with the agency's bearer token: records (one or a file's worth, in batches), events, checks and
// the objection queue. The API decides what an agency may do; a refusal is shown with every
// reason it gives (`error.details`). An answer 401 means the token is not (or no longer) good: the
// session is forgotten and the console asks to sign in again.
import { api, ApiError } from '../api/client';
import type { paths } from '../api/schema';
import { chunks, rejectedIndexes, type FileRow } from './records-file';
import { currentAgencySession, forgetAgencySession } from './session';

type Json<P extends keyof paths, M extends 'get' | 'post', S extends number> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type Objection = Json<'/v1/objections', 'get', 200>['objections'][number];
export type OwnAgency = Json<'/v1/agency/me', 'get', 200>;
export type AgencyRecord = Json<'/v1/agency/records', 'get', 200>['records'][number];
export type RecordResult = Json<'/v1/records', 'post', 201>['results'][number];
export type CheckAnswer = Json<'/v1/checks', 'post', 200>;
export type BatchCheckAnswer = Json<'/v1/checks/batch', 'post', 200>;

/** The API's batch bound for POST /v1/records (RECORDS_PER_BATCH on the server). */
export const RECORDS_PER_BATCH = 1000;

export interface Reason {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** A refusal with every reason the API gave. */
export class AgencyApiError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly reasons: readonly Reason[],
    /** A 429's `Retry-After`, in seconds, where the server gave one. */
    readonly retryAfter?: number,
  ) {
    super(status, code, message);
  }
}

interface Answer<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

function refusal(error: unknown, response: Response): AgencyApiError {
  const body = (error ?? {}) as {
    error?: { code?: unknown; message?: unknown; details?: unknown };
  };
  const code = typeof body.error?.code === 'string' ? body.error.code : `HTTP${response.status}`;
  const message =
    typeof body.error?.message === 'string' ? body.error.message : response.statusText;
  const details = Array.isArray(body.error?.details) ? (body.error.details as unknown[]) : [];
  const reasons = details.flatMap((d) => {
    const detail = d as { path?: unknown; code?: unknown; message?: unknown };
    return typeof detail.message === 'string'
      ? [
          {
            path: typeof detail.path === 'string' ? detail.path : '',
            code: typeof detail.code === 'string' ? detail.code : code,
            message: detail.message,
          },
        ]
      : [];
  });
  const retryAfter = Number(response.headers.get('retry-after') ?? '');
  return new AgencyApiError(
    response.status,
    code,
    message,
    reasons,
    Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
  );
}

function headers(): { authorization: string } {
  const session = currentAgencySession();
  if (session === undefined) throw new AgencyApiError(401, 'Unauthenticated', 'not signed in', []);
  return { authorization: `Bearer ${session.token}` };
}

/**
 * The answer's data, or its refusal thrown. A 401 forgets the session (the console asks to sign in
 * again), except where the caller keeps it to report first (`keepOn401`: an upload cut part-way).
 */
async function call<T>(answer: () => Promise<Answer<T>>, keepOn401 = false): Promise<T> {
  const { data, error, response } = await answer();
  if (!response.ok || data === undefined) {
    const refused = refusal(error, response);
    if (refused.status === 401 && !keepOn401) forgetAgencySession(true);
    throw refused;
  }
  return data;
}

/** The agency a token is in force for (GET /v1/agency/me answers any agency token). */
export async function agencyOfToken(token: string): Promise<OwnAgency> {
  const { data, error, response } = await api.GET('/v1/agency/me', {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok || data === undefined) throw refusal(error, response);
  return data;
}

export const agencyApi = {
  /** Who the signed-in agency is, the categories it may submit and the measures it checks. */
  me: () => call(() => api.GET('/v1/agency/me', { headers: headers() })),
  submit: (records: readonly Record<string, unknown>[], keepOn401 = false) =>
    call(
      () =>
        api.POST('/v1/records', {
          headers: headers(),
          // The API checks each record (its catalogue category, fields and types): sent as given.
          body: { records: records as never },
        }),
      keepOn401,
    ),
  event: (
    recordId: number,
    body: { type: 'fulfilled' | 'suspended' | 'resumed'; reason?: string; at?: string },
  ) =>
    call(() =>
      api.POST('/v1/records/{id}/events', {
        headers: headers(),
        params: { path: { id: recordId } },
        body,
      }),
    ),
  /** The agency's own records, newest first, a page at a time (`cursor`: the last page's). */
  records: (query: { subject?: string; category?: string; cursor?: number }) =>
    call(() => api.GET('/v1/agency/records', { headers: headers(), params: { query } })),
  objections: (status: 'open' | 'decided' | 'all') =>
    call(() => api.GET('/v1/objections', { headers: headers(), params: { query: { status } } })),
  decide: (
    id: number,
    body: {
      outcome: 'upheld' | 'corrected' | 'revoked';
      reason: string;
      /** `corrected` only: the fields to change (merged over the record's values by the API). */
      fields?: Record<string, unknown>;
    },
  ) =>
    call(() =>
      api.POST('/v1/objections/{id}/decision', {
        headers: headers(),
        params: { path: { id } },
        body,
      }),
    ),
  check: (body: { subject: string; measure: string; purpose: 'enforcement' | 'eligibility' }) =>
    call(() => api.POST('/v1/checks', { headers: headers(), body })),
  checkBatch: (body: {
    subjects: string[];
    measure: string;
    purpose: 'enforcement' | 'eligibility';
  }) => call(() => api.POST('/v1/checks/batch', { headers: headers(), body })),
};

/** One line of an uploaded file, as the API (or the browser, for an unreadable line) left it. */
export interface UploadLine {
  readonly line: number;
  readonly sourceRef: string;
  readonly status: 'accepted' | 'duplicate' | 'rejected';
  readonly id: number | null;
  readonly reasons: readonly string[];
}

/** A record's sourceRef where it is text (shown in the report), else empty. */
const refOf = (record: Record<string, unknown>): string =>
  typeof record['sourceRef'] === 'string' ? record['sourceRef'] : '';

const reasonText = (r: Reason) => `${r.code}: ${r.message}`;

/** Why an upload stopped part-way, and the rows it did not send (to resume from). */
export interface UploadStop {
  /** The refusal (401, 403, 429 twice, 5xx) or the network's failure. */
  readonly error: unknown;
  /** The readable rows not sent, or sent without an answer, in file order. */
  readonly unsent: readonly FileRow[];
}

export interface UploadOutcome {
  /** Every line answered so far (or rejected unread), in line order. */
  readonly report: UploadLine[];
  /** Undefined when every line was sent and answered. */
  readonly stopped: UploadStop | undefined;
  /** How many times a 429 was waited out (its Retry-After) and the batch sent again. */
  readonly waited: number;
}

/** The longest a 429's Retry-After is waited out before the upload stops instead. */
export const MAX_RETRY_AFTER_S = 60;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends a file's rows in batches of the API's bound. A batch is atomic on the server (one bad
 * record and nothing of it is written, 422 with a reason per problem naming `records[i]`): the
 * records it names are reported rejected with their reasons and the rest of the batch is sent
 * again, at most once per record. Unreadable lines are rejected without being sent. A 429 is
 * waited out once per batch (its Retry-After, at most MAX_RETRY_AFTER_S) and the batch sent again.
 * Any other refusal (401, 403, a second 429, 5xx) or a network failure stops the upload: what was
 * answered before is in the report, and the rows not sent (or sent without an answer: a batch
 * written is never written twice, as sending a sourceRef again is a duplicate) are returned to
 * resume from. A 401 keeps the session until the page has said so.
 */
export async function uploadRows(
  rows: readonly FileRow[],
  onProgress: (done: number, total: number) => void,
  size = RECORDS_PER_BATCH,
  wait: (ms: number) => Promise<void> = sleep,
): Promise<UploadOutcome> {
  const report: UploadLine[] = [];
  const readable: { line: number; record: Record<string, unknown> }[] = [];
  for (const row of rows) {
    if ('error' in row)
      report.push({
        line: row.line,
        sourceRef: '',
        status: 'rejected',
        id: null,
        reasons: [row.error],
      });
    else readable.push(row);
  }
  let done = report.length;
  let waited = 0;
  onProgress(done, rows.length);
  const batches = chunks(readable, size);
  for (const [index, batch] of batches.entries()) {
    let pending = batch;
    let retried429 = false;
    for (let attempt = 0; attempt <= batch.length + 1 && pending.length > 0; attempt += 1) {
      try {
        const { results } = await agencyApi.submit(
          pending.map((r) => r.record),
          true,
        );
        pending.forEach((row, i) => {
          const result = results[i];
          report.push({
            line: row.line,
            sourceRef: result?.sourceRef ?? refOf(row.record),
            status: result?.status ?? 'rejected',
            id: result?.id ?? null,
            reasons: [],
          });
        });
        pending = [];
      } catch (error) {
        const refused = error instanceof AgencyApiError ? error : undefined;
        if (refused?.status === 429 && !retried429) {
          const seconds = refused.retryAfter ?? 1;
          if (seconds <= MAX_RETRY_AFTER_S) {
            retried429 = true;
            waited += 1;
            await wait(seconds * 1000);
            continue;
          }
        }
        if (refused === undefined || (refused.status !== 422 && refused.status !== 400)) {
          const unsent = [...pending, ...batches.slice(index + 1).flat()];
          return {
            report: report.sort((a, b) => a.line - b.line),
            stopped: { error, unsent },
            waited,
          };
        }
        const named = rejectedIndexes(refused.reasons.map((r) => r.path));
        const rejectAll = named.size === 0;
        const next: typeof pending = [];
        pending.forEach((row, i) => {
          if (rejectAll || named.has(i)) {
            const own = refused.reasons.filter((r) => rejectedIndexes([r.path]).has(i));
            report.push({
              line: row.line,
              sourceRef: refOf(row.record),
              status: 'rejected',
              id: null,
              reasons:
                own.length > 0 ? own.map(reasonText) : [`${refused.code}: ${refused.message}`],
            });
          } else next.push(row);
        });
        pending = next;
      }
    }
    done += batch.length;
    onProgress(done, rows.length);
  }
  return { report: report.sort((a, b) => a.line - b.line), stopped: undefined, waited };
}
