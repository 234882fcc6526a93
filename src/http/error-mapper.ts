// The one table from error codes to HTTP statuses, and the one error body of the API:
// `{"error":{"code","message","details":[{"path","code","message"}]}}` (interfaces.md). Domain
// errors carry stable codes and no status; Fastify's own errors (schema validation, body too
// large, malformed JSON) and the rate limiter's are mapped here too. Anything else is a 500 whose
// body says nothing about the internals (the log has the stack).
//
// What a body may say: a domain message quotes a caller's input as a short excerpt (see
// core/text/storable-text.ts) and never carries a driver's message (the store and the audit log
// turn those into codes with messages of their own; the server log keeps the cause). As a last
// guard, every message and detail is cut to `MAX_MESSAGE_LENGTH` characters here, so no error
// echoes a large input back whatever produced it.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorCode, type Problem } from '../core/errors/domain-error.js';
import { excerpt } from '../core/text/storable-text.js';

/** The longest message (and detail message or path) an error body carries. */
const MAX_MESSAGE_LENGTH = 1_000;

export interface ErrorBody {
  readonly error: {
    readonly code: DomainErrorCode;
    readonly message: string;
    readonly details: readonly Problem[];
  };
}

// Every code has its status: a code added to DOMAIN_ERROR_CODES without one here does not compile.
// 500 is for `Internal` alone.
const STATUS_BY_CODE: Readonly<Record<DomainErrorCode, number>> = {
  // 400: the request itself is malformed.
  InvalidRequest: 400,
  SearchQueryInvalid: 400,
  InvalidText: 400,
  MalformedJson: 400,
  MalformedCsv: 400,
  UsageError: 400,
  InvalidNow: 400,
  ConfigInvalid: 400,
  InvalidSchedule: 400,
  SeedInvalidOption: 400,
  SimulationBucketWidth: 400,
  // 401: no or unknown credentials.
  Unauthenticated: 401,
  InvalidToken: 401,
  CitizenCodeInvalid: 401,
  // 403: authenticated, but not allowed.
  SubmitterNotAllowed: 403,
  NotAnEnforcer: 403,
  PurposeNotPermitted: 403,
  NotSubmittingAgency: 403,
  AuthorityOnly: 403,
  AgencyOnly: 403,
  CitizenOnly: 403,
  FeedNotPermitted: 403,
  // 404: no such thing.
  NotFound: 404,
  RecordNotFound: 404,
  ObjectionNotFound: 404,
  AppealNotFound: 404,
  UnknownMeasure: 404,
  UnknownList: 404,
  AgencyNotFound: 404,
  SubjectNotFound: 404,
  PublicationNotFound: 404,
  AuthorityKeyMissing: 404,
  ImportFileNotFound: 404,
  FileNotReadable: 404,
  // 409: conflicts with the current state.
  AgencyExists: 409,
  AlreadyFulfilled: 409,
  AlreadySuspended: 409,
  NotSuspended: 409,
  RecordClosed: 409,
  RecordExpired: 409,
  AlreadyRepaired: 409,
  ObjectionOpen: 409,
  ObjectionDecided: 409,
  AppealOpen: 409,
  AppealDecided: 409,
  DecisionFinal: 409,
  NothingToAppeal: 409,
  SubjectClosed: 409,
  PolicyVersionExists: 409,
  AckBeyondFeed: 409,
  AckBackwards: 409,
  FeedConflict: 409,
  PublicationConflict: 409,
  PublicationBeforePrevious: 409,
  ListNotPublic: 409,
  LedgerConflict: 409,
  AuditConflict: 409,
  SimulationVersionsMismatch: 409,
  SimulationPolicyNotInForce: 409,
  SimulationDraftNotInForce: 409,
  ClockFixedOnLiveStore: 409,
  ClockBehindLedger: 409,
  AuthorityKeyUnknown: 409,
  // 413, 415, 429
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  ImportUnknownFormat: 415,
  RateLimited: 429,
  // 422: valid JSON, invalid content.
  RecordsRejected: 422,
  InvalidIdentifier: 422,
  InvalidIdentifierPart: 422,
  InvalidPurpose: 422,
  RecordEventNotAllowed: 422,
  SubjectEventNotAllowed: 422,
  ReasonRequired: 422,
  GroundsRequired: 422,
  EvidenceTooLong: 422,
  ObjectionNoNewEvidence: 422,
  InvalidOutcome: 422,
  FieldsRequired: 422,
  FieldsNotAllowed: 422,
  FieldsRejected: 422,
  CorrectionUnchanged: 422,
  AppealWindowClosed: 422,
  ObjectionWindowClosed: 422,
  RepairNotApplicable: 422,
  RepairNotFulfilled: 422,
  RepairTooEarly: 422,
  RepairRefused: 422,
  OccurredInFuture: 422,
  OccurredBeforeBirth: 422,
  EventBeforeRecord: 422,
  InvalidInstant: 422,
  PublishInFuture: 422,
  TickInPast: 422,
  PolicyEffectiveInPast: 422,
  CatalogRejected: 422,
  PolicyRejected: 422,
  EngineTooManyLists: 422,
  EngineTooManyCategories: 422,
  EnginePolicyOrdinals: 422,
  AgencyInvalidId: 422,
  AgencyInvalidKind: 422,
  ImportBadHeader: 422,
  // 503: not ready yet, or the stored ledger cannot be served.
  NotReady: 503,
  StoreNotInitialised: 503,
  StoreUnavailable: 503,
  NoPolicyInForce: 503,
  AuditLogClosed: 503,
  AuditWriteFailed: 503,
  LedgerCatalogUnreadable: 503,
  LedgerPolicyUnreadable: 503,
  UnknownCategory: 503,
  UnknownRecordEvent: 503,
  EngineUnknownEvent: 503,
  EngineUnknownRecord: 503,
  EngineFieldsNotKept: 503,
  LedgerSequenceBroken: 503,
  AuditChainBroken: 503,
  LedgerChainBroken: 503,
  PublicationChainBroken: 503,
  LedgerRewound: 503,
  // The local cluster's codes (`probity cluster`, never thrown by a server): 400, 404 and 503.
  ClusterDirUnusable: 400,
  ClusterNotFound: 404,
  ClusterToolMissing: 503,
  ClusterPartFailed: 503,
  // 500: a failure on our side.
  Internal: 500,
};

/** Fastify's own errors that have a code of the API: [code, message]. */
const FASTIFY_ERRORS: Readonly<Record<string, readonly [DomainErrorCode, string]>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [
    'PayloadTooLarge',
    'the request body is larger than this server accepts',
  ],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['UnsupportedMediaType', 'send the body as application/json'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['MalformedJson', 'the request body is empty'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['MalformedJson', 'the request body is not valid JSON'],
  FST_ERR_BAD_URL: ['InvalidRequest', 'the request path is not valid percent-encoded UTF-8'],
};

/** The HTTP status of a domain error code (500 only for a string cast past the type). */
export function statusForCode(code: DomainErrorCode): number {
  return STATUS_BY_CODE[code] ?? 500;
}

export function errorBody(
  code: DomainErrorCode,
  message: string,
  details: readonly Problem[] = [],
): ErrorBody {
  const bounded = (text: string) => excerpt(text, MAX_MESSAGE_LENGTH);
  return {
    error: {
      code,
      message: bounded(message),
      details: details.map((d) => ({
        path: bounded(d.path),
        code: bounded(d.code),
        message: bounded(d.message),
      })),
    },
  };
}

/** `/records/3/subject` → `records[3].subject` (the paths domain details use). */
function problemPath(instancePath: string, missing: unknown): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (typeof missing === 'string') parts.push(missing);
  return parts.reduce(
    (path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part),
    '',
  );
}

interface ValidationIssue {
  readonly instancePath?: string;
  readonly keyword?: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

/** Maps anything thrown by a route, a hook or Fastify into a status and the error body. */
export function mapError(error: unknown): { status: number; body: ErrorBody; internal: boolean } {
  if (error instanceof DomainError) {
    return {
      status: statusForCode(error.code),
      body: errorBody(error.code, error.message, error.details),
      internal: statusForCode(error.code) === 500,
    };
  }
  const e = error as Partial<FastifyError> & {
    validation?: readonly ValidationIssue[];
    validationContext?: string;
  };
  if (Array.isArray(e.validation)) {
    const where = e.validationContext ?? 'body';
    const details = e.validation.map((issue: ValidationIssue) => ({
      path: [where, problemPath(issue.instancePath ?? '', issue.params?.['missingProperty'])]
        .filter(Boolean)
        .join('.'),
      code: issue.keyword ?? 'invalid',
      message: issue.message ?? 'is not valid',
    }));
    return {
      status: 400,
      body: errorBody('InvalidRequest', `the request ${where} does not match the schema`, details),
      internal: false,
    };
  }
  const fastifyError = e.code === undefined ? undefined : FASTIFY_ERRORS[e.code];
  if (fastifyError)
    return {
      status: statusForCode(fastifyError[0]),
      body: errorBody(...fastifyError),
      internal: false,
    };
  if (error instanceof SyntaxError && e.statusCode === 400) {
    return {
      status: 400,
      body: errorBody('MalformedJson', 'the request body is not valid JSON'),
      internal: false,
    };
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return {
      status: e.statusCode,
      body: errorBody('InvalidRequest', e.message ?? 'the request is not valid'),
      internal: false,
    };
  }
  return {
    status: 500,
    body: errorBody('Internal', 'something went wrong on our side; it has been logged'),
    internal: true,
  };
}

/** Logs what the client was not told: the stack of a 500, the cause of a 503 (a driver's message). */
function logServerSide(request: FastifyRequest, error: unknown, status: number): void {
  if (status < 500) return;
  const cause = error instanceof Error ? error.cause : undefined;
  if (status === 500) request.log.error({ err: error, cause }, 'internal error');
  else request.log.warn({ err: error, cause }, 'service unavailable');
}

/** Installs the mapper as the error handler and the not-found handler of the instance. */
export function installErrorMapper(app: FastifyInstance): void {
  app.setErrorHandler(async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = mapError(error);
    logServerSide(request, error, status);
    return reply.status(status).type('application/json').send(body);
  });
  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) =>
    reply
      .status(404)
      .send(
        errorBody(
          'NotFound',
          `no route ${request.method} ${excerpt(request.url.split('?')[0] ?? '')}`,
        ),
      ),
  );
}

/**
 * Fastify's `frameworkErrors` option: errors met before a route is found (a path that is not
 * valid percent-encoded UTF-8, FST_ERR_BAD_URL) answered with the API's error body.
 */
export function mapFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const mapped = mapError(error);
  const { status, body } =
    mapped.status === 500
      ? {
          status: 400,
          body: errorBody('InvalidRequest', 'the request line is not valid (bad URL encoding)'),
        }
      : mapped;
  logServerSide(request, error, status);
  void reply.status(status).type('application/json').send(body);
}
