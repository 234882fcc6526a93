// A signed-in citizen reads their own data (charter C11, C12): their score explained, their
// records, the notices issued to them, and their access log. The session names the subject, so no
// input here names one: a citizen can never ask for someone else's data. Each read is itself an
// access and is audited (actor `subject:<id>`, purpose `subject-access`), refused or not; a
// caller who is not a citizen is refused (403 CitizenOnly) before anything is read.
import type { SubjectEvaluation } from '../../core/scoring/index.js';
import { PURPOSES } from '../../core/access/purposes.js';
import { DomainError } from '../../core/errors/domain-error.js';
import { quoted } from '../../core/text/storable-text.js';
import { formatInstant, parseInstant, type Instant } from '../../core/time/instant.js';
import { citizenOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { audited, auditEntry } from '../audit/access-audit.js';
import { MAX_NOTICES_PAGE, noticesOf, type SubjectNotice } from '../notices/notices-of.js';
import type {
  AccessLogCount,
  AccessLogQuery,
  AuditEntry,
  AuditLogStore,
} from '../ports/audit-log-store.js';
import type { LedgerReader } from '../ports/ledger-store.js';
import type { NoticeStore } from '../ports/notice-store.js';
import { SUBJECT_ACCESS } from './citizen-sign-in.js';
import { citizenRecords, type CitizenRecord } from './citizen-records.js';

/** Entries of the access log when the citizen does not say how many. */
export const ACCESS_LOG_DEFAULT = 200;

type OwnReadDeps = Pick<AppDeps, 'audit' | 'clock'>;

export interface OwnRecords {
  readonly subject: string;
  /** The instant the records are shown as of (ISO 8601). */
  readonly at: string;
  readonly records: CitizenRecord[];
}

export interface OwnNotices {
  readonly notices: SubjectNotice[];
}

/** Runs a read of the citizen's own data and audits it, refused or not. */
export async function ownRead<T>(
  deps: OwnReadDeps,
  caller: Caller,
  action: string,
  read: (subject: string) => Promise<T>,
): Promise<T> {
  const subject = citizenOf(caller);
  const access = { current: { caller, purpose: SUBJECT_ACCESS, action, subject } };
  return audited(
    deps,
    access,
    () => read(subject),
    (_result, at) => [auditEntry(access.current, at, 'read')],
  );
}

/** My score, grade, lists and measures, explained as the authority sees them. */
export function readOwnEvaluation(
  deps: Pick<AppDeps, 'standing' | 'audit' | 'clock'>,
  caller: Caller,
): Promise<SubjectEvaluation> {
  return ownRead(deps, caller, 'read-own-evaluation', async (subject) =>
    (await deps.standing()).evaluate(subject, deps.clock()),
  );
}

/** My records, each with its events and whether it is in force (and why not). */
export function readOwnRecords(
  deps: Pick<AppDeps, 'standing' | 'audit' | 'clock'> & { readonly store: LedgerReader },
  caller: Caller,
): Promise<OwnRecords> {
  return ownRead(deps, caller, 'read-own-records', async (subject) => {
    const now = deps.clock();
    const { records } = await ownRecordsAt(deps, subject, now);
    return { subject, at: formatInstant(now), records };
  });
}

/**
 * The subject's evaluation at `now` and their records explained by it (whether each is in force
 * and why not), from one standing: what the records page and the export show.
 */
export async function ownRecordsAt(
  deps: Pick<AppDeps, 'standing'> & { readonly store: LedgerReader },
  subject: string,
  now: Instant,
): Promise<{ evaluation: SubjectEvaluation; records: CitizenRecord[] }> {
  const standing = await deps.standing();
  const evaluation = await standing.evaluate(subject, now);
  const records = await citizenRecords(deps.store, (r) => standing.categoryOf(r), evaluation, now);
  return { evaluation, records };
}

/** The notices issued to me, newest first. */
export function readOwnNotices(
  deps: OwnReadDeps & Pick<AppDeps, 'standing'> & { readonly store: NoticeStore },
  caller: Caller,
): Promise<OwnNotices> {
  return ownRead(deps, caller, 'read-own-notices', async (subject) => {
    // A server ready before its first notice sync: the notices are read once they follow the ledger.
    await (await deps.standing()).inStep('notices');
    return { notices: await noticesOf(deps.store, subject, { limit: MAX_NOTICES_PAGE }) };
  });
}

/** The most entries one page of the access log holds (the API description states it). */
export const ACCESS_LOG_MAX = 1_000;

/** A page of my access log: the cursor and filters, all optional. */
export interface AccessLogRequest {
  /** Entries on this page (1 to ACCESS_LOG_MAX, default ACCESS_LOG_DEFAULT). */
  readonly limit?: number | undefined;
  /** The `next` cursor of the page before: only entries older than it. */
  readonly before?: number | undefined;
  /** Only this agency's accesses (its id). */
  readonly agency?: string | undefined;
  /** Only this purpose (or `write`). */
  readonly purpose?: string | undefined;
  /** Only entries at or after this date or instant. */
  readonly from?: string | undefined;
  /** Only entries before this date or instant. */
  readonly to?: string | undefined;
}

export interface OwnAccessLog {
  readonly subject: string;
  /** Newest first: one page of the entries that match the filters. */
  readonly entries: AuditEntry[];
  /** The cursor of the next (older) page, when there may be one. */
  readonly next?: number | undefined;
  /** The whole log (never only the page, whatever the filters), by actor and purpose. */
  readonly counts: AccessLogCount[];
  /** Every entry naming me. */
  readonly total: number;
}

const AUDIT_PURPOSES: readonly string[] = [...PURPOSES, 'write'];

function invalidQuery(message: string): DomainError {
  return new DomainError('InvalidRequest', message);
}

/** The store's query for a request, refusing what cannot be a page or a filter. */
function accessLogQuery(request: AccessLogRequest): AccessLogQuery {
  const limit = request.limit ?? ACCESS_LOG_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1 || limit > ACCESS_LOG_MAX)
    throw invalidQuery(`limit must be a whole number from 1 to ${ACCESS_LOG_MAX}, not ${limit}`);
  const { before, agency, purpose } = request;
  if (before !== undefined && (!Number.isSafeInteger(before) || before < 1))
    throw invalidQuery(
      `before must be the positive whole number a page gave as next, not ${before}`,
    );
  if (agency !== undefined && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(agency))
    throw invalidQuery(`agency must be an agency id (lower-case letters, digits, hyphens)`);
  if (purpose !== undefined && !AUDIT_PURPOSES.includes(purpose))
    throw new DomainError(
      'InvalidPurpose',
      `purpose must be one of ${AUDIT_PURPOSES.join(', ')}, not ${quoted(purpose)}`,
    );
  const from = request.from === undefined ? undefined : parseInstant(request.from, 'from');
  const to = request.to === undefined ? undefined : parseInstant(request.to, 'to');
  if (from !== undefined && to !== undefined && to <= from)
    throw invalidQuery('to must be after from');
  return {
    limit,
    beforeSeq: before,
    actor: agency === undefined ? undefined : `agency:${agency}`,
    purpose,
    from,
    to,
  };
}

/**
 * Who read or checked my data, when, why and with what outcome: newest first, one page at a time
 * (`next` is the cursor of the following page), filtered by agency, purpose and dates, with the
 * counts by actor and purpose of the whole log, so that a thousand checks by one agency can never
 * push another agency's access out of view.
 */
export function readOwnAccessLog(
  deps: OwnReadDeps & { readonly store: AuditLogStore },
  caller: Caller,
  request: AccessLogRequest = {},
): Promise<OwnAccessLog> {
  return ownRead(deps, caller, 'read-own-access-log', async (subject) => {
    const query = accessLogQuery(request);
    const entries = await deps.store.accessLogOf(subject, query);
    const counts = await deps.store.accessLogCounts(subject);
    const last = entries[entries.length - 1];
    return {
      subject,
      entries,
      ...(entries.length === query.limit && last !== undefined && { next: last.seq }),
      counts,
      total: counts.reduce((n, c) => n + c.entries, 0),
    };
  });
}
