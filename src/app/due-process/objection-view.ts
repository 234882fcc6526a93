// How an objection is shown at the doors (the subject's answer after filing or appealing, the
// agency's queue and decisions, the authority's appeals): its state, deadline and whether it is
// overdue at the time of asking, the decision and the appeal, instants as ISO 8601 text.
import {
  dueProcessOf,
  isOverdue,
  objectionStatus,
  type Decision,
  type ObjectionStatus,
} from '../../core/due-process/objection-state.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { RecordFields } from '../../core/ledger/ledger-types.js';
import { formatInstant, type Instant } from '../../core/time/instant.js';
import type { DueProcessOutcome } from './due-process-cases.js';
import type { QueuedObjection } from './objection-queue.js';

export interface DecisionView {
  readonly seq: number;
  readonly outcome: string;
  readonly decidedAt: string;
  /** The agency that decided. */
  readonly by: string;
  readonly reason: string;
  readonly fields: RecordFields | null;
}

export interface ObjectionView {
  /** The ledger seq of its `objected` event. */
  readonly id: number;
  readonly recordId: number;
  readonly subject: string;
  readonly category: string;
  /** The submitting agency, which decides. */
  readonly agency: string;
  /** The record's field values now (after any correction): what a correction starts from. */
  readonly recordFields: RecordFields;
  readonly status: ObjectionStatus;
  readonly objectedAt: string;
  readonly deadline: string;
  /** Undecided and past its deadline: for the first objection, the record has no effect until decided. */
  readonly overdue: boolean;
  /** Filed after a decision, with new evidence: the record keeps counting while it is pending. */
  readonly repeat: boolean;
  readonly grounds: string;
  readonly evidence: string | null;
  readonly decision: DecisionView | null;
  readonly appealUntil: string | null;
  readonly appeal: {
    /** The ledger seq of its `appealed` event. */
    readonly id: number;
    readonly appealedAt: string;
    readonly grounds: string;
    readonly evidence: string | null;
    readonly decision: DecisionView | null;
  } | null;
}

function decisionView(d: Decision | undefined): DecisionView | null {
  if (!d) return null;
  return {
    seq: d.seq,
    outcome: d.outcome,
    decidedAt: formatInstant(d.at),
    by: d.actor,
    reason: d.reason,
    fields: d.fields ?? null,
  };
}

export function objectionView(
  q: Pick<QueuedObjection, 'objection' | 'record' | 'fields'>,
  now: Instant,
): ObjectionView {
  const o = q.objection;
  return {
    id: o.id,
    recordId: o.recordId,
    subject: q.record.subject,
    category: q.record.category,
    agency: q.record.agencyId,
    recordFields: q.fields,
    status: objectionStatus(o),
    objectedAt: formatInstant(o.at),
    deadline: formatInstant(o.deadline),
    overdue: isOverdue(o, now),
    repeat: o.repeat,
    grounds: o.grounds,
    evidence: o.evidence ?? null,
    decision: decisionView(o.decision),
    appealUntil: o.appealUntil === undefined ? null : formatInstant(o.appealUntil),
    appeal: o.appeal
      ? {
          id: o.appeal.id,
          appealedAt: formatInstant(o.appeal.at),
          grounds: o.appeal.grounds,
          evidence: o.appeal.evidence ?? null,
          decision: decisionView(o.appeal.decision),
        }
      : null,
  };
}

/** The view of the objection an event concerns (the last one of the record, after the write). */
export function viewAfter(outcome: DueProcessOutcome, now: Instant): ObjectionView {
  const { record, category, events } = outcome.case;
  const state = dueProcessOf(record, category, events);
  const objection = state.objections[state.objections.length - 1];
  if (!objection)
    throw new DomainError(
      'Internal',
      `record ${record.id} has no objection after a due-process write`,
    );
  return objectionView({ objection, record, fields: state.fields }, now);
}
