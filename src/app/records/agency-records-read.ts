// The agency's own records (GET /v1/agency/records; the agency console), so that it can record an
// event on one without knowing its id: the records this agency submitted and no other's, newest
// first, one page at a time (at most MAX_AGENCY_RECORDS_PAGE; `cursor` is the last id of the page
// before), of one subject and one category when asked. Each with its field values now (after any
// correction), whether it counts now and why not, and its events. Reading them is reading about
// the subjects they name for the agency's purpose with its records, `dispute-review` (the purpose
// for which an agency reads a subject it submitted a record about): one audit entry per subject
// shown, or one naming no one for an empty page; a refusal (an identifier that is not valid) is
// audited too.
import { DomainError } from '../../core/errors/domain-error.js';
import { requireIdentifier } from '../../core/identifiers/index.js';
import type { LedgerRecordEvent, RecordFields } from '../../core/ledger/ledger-types.js';
import { recordStateAt, type NotInForceReason } from '../../core/scoring/index.js';
import { formatInstant } from '../../core/time/instant.js';
import { agencyOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { audited, auditEntry } from '../audit/access-audit.js';

/** How many records a page holds at most, and by default. */
export const MAX_AGENCY_RECORDS_PAGE = 200;
export const DEFAULT_AGENCY_RECORDS_PAGE = 50;

export interface AgencyRecordsRequest {
  /** One subject's records only (an identifier; 422 InvalidIdentifier when not valid). */
  readonly subject?: string | undefined;
  /** One category's records only. */
  readonly category?: string | undefined;
  /** The page after the one that ended with this record id (`nextCursor`). */
  readonly cursor?: number | undefined;
  readonly limit?: number | undefined;
}

export interface AgencyRecordView {
  readonly id: number;
  readonly sourceRef: string;
  readonly subject: string;
  readonly category: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  /** The field values now (after any correction). */
  readonly fields: RecordFields;
  readonly inForce: boolean;
  /** Why it does not count now; null when it does (or its category is unknown). */
  readonly notInForceReason: NotInForceReason | null;
  readonly events: readonly {
    readonly seq: number;
    readonly type: string;
    readonly at: string;
    readonly reason: string | null;
  }[];
}

export interface AgencyRecordsPage {
  readonly records: readonly AgencyRecordView[];
  /** The cursor of the next page; null when this one is the last. */
  readonly nextCursor: number | null;
}

export async function listOwnRecords(
  deps: Pick<AppDeps, 'store' | 'standing' | 'audit' | 'clock'>,
  caller: Caller,
  request: AgencyRecordsRequest = {},
): Promise<AgencyRecordsPage> {
  const access = {
    current: { caller, purpose: 'dispute-review', action: 'read-own-records', subject: '' },
  };
  return audited(
    deps,
    access,
    async () => {
      const agency = agencyOf(caller);
      const now = deps.clock();
      const limit = request.limit ?? DEFAULT_AGENCY_RECORDS_PAGE;
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_AGENCY_RECORDS_PAGE)
        throw new DomainError(
          'InvalidRequest',
          `limit is a whole number from 1 to ${MAX_AGENCY_RECORDS_PAGE}, not ${limit}`,
        );
      const subject =
        request.subject === undefined
          ? undefined
          : requireIdentifier(request.subject, now).normalized;
      if (subject !== undefined) access.current = { ...access.current, subject };
      // One more than the page, to know whether another follows.
      const found = await deps.store.recordsOfAgency(agency.id, {
        subject,
        category: request.category,
        beforeId: request.cursor,
        limit: limit + 1,
      });
      const page = found.slice(0, limit);
      const events = await deps.store.recordEventsOfRecords(page.map((r) => r.id));
      const byRecord = new Map<number, LedgerRecordEvent[]>();
      for (const e of events) byRecord.set(e.recordId, [...(byRecord.get(e.recordId) ?? []), e]);
      const standing = await deps.standing();
      const records = page.map((record): AgencyRecordView => {
        const own = byRecord.get(record.id) ?? [];
        const category = standing.categoryOf(record);
        const state = category && recordStateAt({ record, events: own }, category, now);
        return {
          id: record.id,
          sourceRef: record.sourceRef,
          subject: record.subject,
          category: record.category,
          occurredAt: formatInstant(record.occurredAt),
          recordedAt: formatInstant(record.recordedAt),
          fields: state?.fields ?? record.fields,
          inForce: state?.status.inForce ?? false,
          notInForceReason:
            state === undefined || state.status.inForce ? null : state.status.reason,
          events: own.map((e) => ({
            seq: e.seq,
            type: e.type,
            at: formatInstant(e.at),
            reason: e.reason ?? null,
          })),
        };
      });
      const last = page[page.length - 1];
      return { records, nextCursor: found.length > limit && last ? last.id : null };
    },
    (result, at) => {
      const subjects = [...new Set(result.records.map((r) => r.subject))];
      return (subjects.length === 0 ? [access.current.subject] : subjects).map((subject) =>
        auditEntry({ ...access.current, subject }, at, 'read'),
      );
    },
  );
}
