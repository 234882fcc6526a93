// "Download all my data" (charter C11, C12; GET /v1/citizen/export): everything Probity holds
// about the signed-in subject in one document — the score explained, the records with their
// events (objections, decisions, appeals, repairs), the notices issued, the whole access log and
// the preferences. The session names the subject, so nothing here can name another; the export is
// one access, audited like every other read of one's own data (`subject-access`,
// `export-own-data`), and it is itself in the access log it carries only from the next export on.
import type { SubjectEvaluation } from '../../core/scoring/index.js';
import { formatInstant } from '../../core/time/instant.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { DEFAULT_NOTICE_LANGUAGE } from '../notices/notice-language.js';
import { MAX_NOTICES_PAGE, noticesOf, type SubjectNotice } from '../notices/notices-of.js';
import type { AccessLogCount, AuditLogStore } from '../ports/audit-log-store.js';
import type { CitizenPreferenceStore } from '../ports/citizen-preference-store.js';
import type { LedgerReader } from '../ports/ledger-store.js';
import type { NoticeStore } from '../ports/notice-store.js';
import type { CitizenRecord } from './citizen-records.js';
import type { OwnPreferences } from './citizen-preferences.js';
import { ACCESS_LOG_MAX, ownRead, ownRecordsAt } from './own-data-read.js';

/** The export's format name and version: a reader can tell what it holds. */
export const EXPORT_FORMAT = 'probity.subject-export';
export const EXPORT_VERSION = 1;

/** The most access-log entries one export carries (newest first); `accessLog.complete` says if all. */
export const EXPORT_ACCESS_LOG_MAX = 20 * ACCESS_LOG_MAX;
/** The most notices one export carries (newest first); `noticesComplete` says if all. */
export const EXPORT_NOTICES_MAX = 20 * MAX_NOTICES_PAGE;

export interface ExportedAccess {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly purpose: string;
  readonly action: string;
  readonly outcome: string;
}

export interface OwnDataExport {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof EXPORT_VERSION;
  readonly subject: string;
  /** The instant the export was made (ISO 8601): every part is as of it. */
  readonly exportedAt: string;
  readonly evaluation: SubjectEvaluation;
  readonly records: CitizenRecord[];
  readonly notices: SubjectNotice[];
  readonly noticesComplete: boolean;
  readonly accessLog: {
    readonly total: number;
    readonly counts: (Omit<AccessLogCount, 'first' | 'last'> & {
      readonly first: string;
      readonly last: string;
    })[];
    /** Newest first. */
    readonly entries: ExportedAccess[];
    /** Whether `entries` holds every entry naming me (else the newest EXPORT_ACCESS_LOG_MAX). */
    readonly complete: boolean;
  };
  readonly preferences: OwnPreferences;
}

type ExportDeps = Pick<AppDeps, 'standing' | 'audit' | 'clock'> & {
  readonly store: LedgerReader &
    NoticeStore &
    Pick<AuditLogStore, 'accessLogOf' | 'accessLogCounts'> &
    Pick<CitizenPreferenceStore, 'citizenPreferences'>;
};

async function allNotices(
  store: NoticeStore,
  subject: string,
): Promise<{ notices: SubjectNotice[]; complete: boolean }> {
  const notices: SubjectNotice[] = [];
  let beforeId: number | undefined;
  while (notices.length < EXPORT_NOTICES_MAX) {
    const page = await noticesOf(store, subject, {
      limit: MAX_NOTICES_PAGE,
      ...(beforeId !== undefined && { beforeId }),
    });
    notices.push(...page);
    const last = page[page.length - 1];
    if (page.length < MAX_NOTICES_PAGE || last === undefined) return { notices, complete: true };
    beforeId = last.id;
  }
  return { notices, complete: false };
}

async function allAccesses(
  store: Pick<AuditLogStore, 'accessLogOf'>,
  subject: string,
): Promise<{ entries: ExportedAccess[]; complete: boolean }> {
  const entries: ExportedAccess[] = [];
  let beforeSeq: number | undefined;
  while (entries.length < EXPORT_ACCESS_LOG_MAX) {
    const page = await store.accessLogOf(subject, { limit: ACCESS_LOG_MAX, beforeSeq });
    for (const e of page)
      entries.push({
        seq: e.seq,
        at: formatInstant(e.at),
        actor: e.actor,
        purpose: e.purpose,
        action: e.action,
        outcome: e.outcome,
      });
    const last = page[page.length - 1];
    if (page.length < ACCESS_LOG_MAX || last === undefined) return { entries, complete: true };
    beforeSeq = last.seq;
  }
  return { entries, complete: false };
}

/** Everything held about me, as of now, in one document. */
export function exportOwnData(deps: ExportDeps, caller: Caller): Promise<OwnDataExport> {
  return ownRead(deps, caller, 'export-own-data', async (subject) => {
    const now = deps.clock();
    const { evaluation, records } = await ownRecordsAt(deps, subject, now);
    await (await deps.standing()).inStep('notices');
    const { notices, complete: noticesComplete } = await allNotices(deps.store, subject);
    const counts = await deps.store.accessLogCounts(subject);
    const { entries, complete } = await allAccesses(deps.store, subject);
    const stored = await deps.store.citizenPreferences(subject);
    return {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      subject,
      exportedAt: formatInstant(now),
      evaluation,
      records,
      notices,
      noticesComplete,
      accessLog: {
        total: counts.reduce((n, c) => n + c.entries, 0),
        counts: counts.map((c) => ({
          ...c,
          first: formatInstant(c.first),
          last: formatInstant(c.last),
        })),
        entries,
        complete,
      },
      preferences: {
        language: stored?.language ?? DEFAULT_NOTICE_LANGUAGE,
        updatedAt: stored === undefined ? null : formatInstant(stored.updatedAt),
      },
    };
  });
}
