// An agency's own follow-up on a record it submitted: the debt was paid (`fulfilled`), a payment
// plan or hardship finding suspends its effect (`suspended`, with a reason: charter C9), or the
// suspension ends (`resumed`). Only the submitting agency may do this, and the record's history
// must allow it (no fulfilling twice, no resuming what is not suspended).
import { DomainError } from '../../core/errors/domain-error.js';
import type { Agency, LedgerRecordEvent, RecordEventType } from '../../core/ledger/ledger-types.js';
import { requireStorableText } from '../../core/text/json-input.js';
import { quoted } from '../../core/text/storable-text.js';
import { formatDate, formatInstant, type Instant } from '../../core/time/instant.js';
import { appendToLedger, type LedgerAppendOptions } from '../ledger/ledger-append.js';
import type { LedgerAppender, LedgerReader } from '../ports/ledger-store.js';
import { agencyOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { auditedWrite, auditEntry } from '../audit/access-audit.js';

export const AGENCY_RECORD_EVENTS = ['fulfilled', 'suspended', 'resumed'] as const;
export type AgencyRecordEvent = (typeof AGENCY_RECORD_EVENTS)[number];

export interface RecordEventRequest {
  readonly recordId: number;
  readonly type: string;
  readonly reason?: string | undefined;
  /** When it happened (default: now); not in the future, not before the conduct. */
  readonly at?: Instant | undefined;
}

function isAgencyEvent(type: string): type is AgencyRecordEvent {
  return (AGENCY_RECORD_EVENTS as readonly string[]).includes(type);
}

/** The suspension state and closing events of a record from its events so far. */
function recordSituation(events: readonly LedgerRecordEvent[]) {
  let suspended = false;
  let fulfilled = false;
  let closedBy: RecordEventType | undefined;
  for (const e of events) {
    if (e.type === 'suspended') suspended = true;
    else if (e.type === 'resumed') suspended = false;
    else if (e.type === 'fulfilled') fulfilled = true;
    else if (e.type === 'revoked' || e.type === 'repaired') closedBy = e.type;
  }
  return { suspended, fulfilled, closedBy };
}

/**
 * Decides and appends the event (the ledger step of the use case below); `options` adds the
 * notices and audit entries committed with it (ledger-append.ts).
 */
export async function appendRecordEvent(
  store: LedgerReader & LedgerAppender,
  agency: Agency,
  request: RecordEventRequest,
  now: Instant,
  options: Pick<LedgerAppendOptions<LedgerRecordEvent>, 'notices' | 'audit'> = {},
): Promise<LedgerRecordEvent> {
  if (!isAgencyEvent(request.type)) {
    throw new DomainError(
      'RecordEventNotAllowed',
      `an agency may add ${AGENCY_RECORD_EVENTS.join(', ')} to its records, not ${quoted(request.type)}`,
    );
  }
  const record = await store.findRecord(request.recordId);
  if (!record) throw new DomainError('RecordNotFound', `no record ${request.recordId}`);
  if (record.agencyId !== agency.id) {
    throw new DomainError(
      'NotSubmittingAgency',
      `record ${record.id} was submitted by another agency: only it may add events`,
    );
  }
  const at = request.at ?? now;
  if (at > now) throw new DomainError('OccurredInFuture', `${formatInstant(at)} is in the future`);
  if (at < record.occurredAt) {
    throw new DomainError(
      'EventBeforeRecord',
      `${formatDate(at)} is before the conduct of record ${record.id} (${formatDate(record.occurredAt)})`,
    );
  }
  const reason = requireStorableText(request.reason, 'reason')?.trim() || undefined;
  if (request.type === 'suspended' && !reason) {
    throw new DomainError(
      'ReasonRequired',
      'a suspension needs its reason (a payment plan, a hardship finding...)',
    );
  }

  return appendToLedger(
    store,
    async (tx, seq) => {
      const situation = recordSituation(await tx.recordEventsOf(record.id));
      if (situation.closedBy)
        throw new DomainError(
          'RecordClosed',
          `record ${record.id} was ${situation.closedBy} already`,
        );
      if (request.type === 'fulfilled' && situation.fulfilled)
        throw new DomainError('AlreadyFulfilled', `record ${record.id} is fulfilled already`);
      if (request.type === 'suspended' && situation.suspended)
        throw new DomainError('AlreadySuspended', `record ${record.id} is suspended already`);
      if (request.type === 'resumed' && !situation.suspended)
        throw new DomainError('NotSuspended', `record ${record.id} is not suspended`);
      const event: LedgerRecordEvent = {
        seq: seq.next(),
        recordId: record.id,
        subject: record.subject,
        type: request.type as RecordEventType,
        at,
        recordedAt: now,
        actor: agency.id,
        reason,
        fields: undefined,
      };
      await tx.insertRecordEvents([event]);
      return event;
    },
    options,
  );
}

/**
 * The use case: the submitting agency adds an event, committed with its audit entry (and the
 * notice it gives rise to, if any); the engine follows.
 */
export async function addRecordEvent(
  deps: Pick<AppDeps, 'standing' | 'audit' | 'clock'> & {
    readonly store: LedgerReader & LedgerAppender;
  },
  caller: Caller,
  request: RecordEventRequest,
): Promise<LedgerRecordEvent> {
  const access = {
    current: {
      caller,
      purpose: 'write',
      action: `record-${request.type}`,
      subject: `record:${request.recordId}`,
    },
    refusal: 'rejected' as const,
  };
  return auditedWrite(deps, access, async (at) => {
    const standing = await deps.standing();
    const event = await appendRecordEvent(deps.store, agencyOf(caller), request, deps.clock(), {
      notices: standing.scoring(),
      audit: (e) => [auditEntry({ ...access.current, subject: e.subject }, at, 'accepted')],
    });
    await standing.follow();
    return event;
  });
}
