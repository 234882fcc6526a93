// A signed-in citizen reads their own data (charter C11, C12): their score explained, their
// records, the notices issued to them, and their access log. The session names the subject, so no
// input here names one: a citizen can never ask for someone else's data. Each read is itself an
// access and is audited (actor `subject:<id>`, purpose `subject-access`), refused or not; a
// caller who is not a citizen is refused (403 CitizenOnly) before anything is read.
import type { SubjectEvaluation } from '../../core/scoring/index.js';
import { formatInstant } from '../../core/time/instant.js';
import { citizenOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { audited, auditEntry } from '../audit/access-audit.js';
import { MAX_NOTICES_PAGE, noticesOf, type SubjectNotice } from '../notices/notices-of.js';
import type { AuditEntry, AuditLogStore } from '../ports/audit-log-store.js';
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

export interface OwnAccessLog {
  readonly subject: string;
  /** Newest first. */
  readonly entries: AuditEntry[];
}

/** Runs a read of the citizen's own data and audits it, refused or not. */
async function ownRead<T>(
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
    const standing = await deps.standing();
    const evaluation = await standing.evaluate(subject, now);
    const records = await citizenRecords(
      deps.store,
      (r) => standing.categoryOf(r),
      evaluation,
      now,
    );
    return { subject, at: formatInstant(now), records };
  });
}

/** The notices issued to me, newest first. */
export function readOwnNotices(
  deps: OwnReadDeps & { readonly store: NoticeStore },
  caller: Caller,
): Promise<OwnNotices> {
  return ownRead(deps, caller, 'read-own-notices', async (subject) => ({
    notices: await noticesOf(deps.store, subject, { limit: MAX_NOTICES_PAGE }),
  }));
}

/** Who read or checked my data, when, why and with what outcome: newest first. */
export function readOwnAccessLog(
  deps: OwnReadDeps & { readonly store: AuditLogStore },
  caller: Caller,
  request: { readonly limit?: number | undefined } = {},
): Promise<OwnAccessLog> {
  return ownRead(deps, caller, 'read-own-access-log', async (subject) => ({
    subject,
    entries: await deps.store.auditOfSubject(subject, request.limit ?? ACCESS_LOG_DEFAULT),
  }));
}
