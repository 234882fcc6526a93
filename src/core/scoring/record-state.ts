// The state of one record at an instant t, as policy.md ("Records", clauses 1-4 of "in force")
// defines it: which of its events are visible, its field values, its hard effect end, whether it
// is in force and, when not, why. Also the instants at which that state can change, which the
// reference evaluator walks back over for `since` and the engine uses to schedule transitions.
//
// Visibility. An event counts at t when BOTH its own time `at` ≤ t AND its `recordedAt` ≤ t. A
// back-dated event (a fulfilment entered a week after it happened) therefore has no effect before
// it was recorded: an answer given at t can be recomputed later, from the grown ledger, and comes
// out the same. Among visible events, "the latest" is the greatest by (`at`, ledger `seq`), so a
// back-dated correction does not override one that happened after it.
import type { Category } from '../catalog/index.js';
import type { LedgerRecord, LedgerRecordEvent, RecordFields } from '../ledger/ledger-types.js';
import { addDuration } from '../time/duration.js';
import { instant, type Instant } from '../time/instant.js';
import type { NotInForceReason, RecordHistory } from './evaluation-types.js';

/** The instant from which an event counts: it must both have happened and have been recorded. */
export function eventVisibleFrom(event: LedgerRecordEvent): Instant {
  return instant(Math.max(event.at, event.recordedAt));
}

export function eventVisibleAt(event: LedgerRecordEvent, t: Instant): boolean {
  return event.at <= t && event.recordedAt <= t;
}

/** Orders events by when they happened, then by ledger sequence. */
function compareEvents(a: LedgerRecordEvent, b: LedgerRecordEvent): number {
  return a.at - b.at || a.seq - b.seq;
}

function isAfter(a: LedgerRecordEvent, b: LedgerRecordEvent): boolean {
  return compareEvents(a, b) > 0;
}

/** The record's events visible at t, ordered by (`at`, `seq`). */
export function visibleEventsAt(history: RecordHistory, t: Instant): LedgerRecordEvent[] {
  return history.events.filter((e) => eventVisibleAt(e, t)).sort(compareEvents);
}

/** Hard expiry, counted from the conduct and never re-aged by a later event (charter C7). */
export function effectEndOf(record: LedgerRecord, category: Category): Instant {
  return addDuration(record.occurredAt, category.effect.maxDuration);
}

/** From when repair can be asked: adverse categories with a repairAfter only. */
export function repairFromOf(record: LedgerRecord, category: Category): Instant | undefined {
  if (category.polarity !== 'adverse' || category.effect.repairAfter === undefined)
    return undefined;
  return addDuration(record.occurredAt, category.effect.repairAfter);
}

/** The field values at t: those of the latest visible `corrected` event, else the original. */
export function fieldsAt(history: RecordHistory, t: Instant): RecordFields {
  return fieldsIn(history.record, visibleEventsAt(history, t));
}

function fieldsIn(record: LedgerRecord, visible: readonly LedgerRecordEvent[]): RecordFields {
  let fields = record.fields;
  for (const event of visible) {
    if (event.type === 'corrected' && event.fields !== undefined) fields = event.fields;
  }
  return fields;
}

export type RecordStatus =
  { readonly inForce: true } | { readonly inForce: false; readonly reason: NotInForceReason };

export interface RecordState {
  readonly status: RecordStatus;
  /** Field values at t (the original ones when the record is not yet recorded). */
  readonly fields: RecordFields;
  readonly effectEnd: Instant;
  /** Some visible `fulfilled` event exists (whether or not the category ends when fulfilled). */
  readonly fulfilled: boolean;
  /** A visible `revoked` event exists. */
  readonly revoked: boolean;
}

const IN_FORCE: RecordStatus = { inForce: true };
const NOT_IN_FORCE: Readonly<Record<NotInForceReason, RecordStatus>> = {
  'not-yet-recorded': { inForce: false, reason: 'not-yet-recorded' },
  expired: { inForce: false, reason: 'expired' },
  revoked: { inForce: false, reason: 'revoked' },
  repaired: { inForce: false, reason: 'repaired' },
  fulfilled: { inForce: false, reason: 'fulfilled' },
  suspended: { inForce: false, reason: 'suspended' },
  'objection-overdue': { inForce: false, reason: 'objection-overdue' },
};

/**
 * The record's state at t. When several clauses fail, the reason is the first in this order:
 * not-yet-recorded, expired, revoked, repaired, fulfilled, suspended, objection-overdue.
 */
export function recordStateAt(history: RecordHistory, category: Category, t: Instant): RecordState {
  const record = history.record;
  const effectEnd = effectEndOf(record, category);
  const visible = record.recordedAt <= t ? visibleEventsAt(history, t) : [];
  const fields = fieldsIn(record, visible);
  const has = (type: LedgerRecordEvent['type']): boolean => visible.some((e) => e.type === type);
  const fulfilled = has('fulfilled');
  const revoked = has('revoked');
  const state = (status: RecordStatus): RecordState => ({
    status,
    fields,
    effectEnd,
    fulfilled,
    revoked,
  });

  // Clause 1: recordedAt <= t < effectEnd.
  if (record.recordedAt > t) return state(NOT_IN_FORCE['not-yet-recorded']);
  if (t >= effectEnd) return state(NOT_IN_FORCE.expired);
  // Clause 2: not revoked or repaired at or before t.
  if (revoked) return state(NOT_IN_FORCE.revoked);
  if (has('repaired')) return state(NOT_IN_FORCE.repaired);
  // Clause 3: not (endsWhenFulfilled and fulfilled at or before t).
  if (category.effect.endsWhenFulfilled && fulfilled) return state(NOT_IN_FORCE.fulfilled);
  // Clause 4a: the latest suspended/resumed event is not a `suspended`.
  if (isSuspended(visible)) return state(NOT_IN_FORCE.suspended);
  // Clause 4b: no objection undecided at t whose deadline has passed.
  if (hasOverdueObjection(visible, category, t)) return state(NOT_IN_FORCE['objection-overdue']);
  return state(IN_FORCE);
}

/** `visible` is ordered by (at, seq), so the last suspended/resumed is the latest. */
function isSuspended(visible: readonly LedgerRecordEvent[]): boolean {
  let suspended = false;
  for (const event of visible) {
    if (event.type === 'suspended') suspended = true;
    else if (event.type === 'resumed') suspended = false;
  }
  return suspended;
}

const DECISIONS: ReadonlySet<LedgerRecordEvent['type']> = new Set([
  'upheld',
  'corrected',
  'revoked',
]);

/**
 * Only the record's first objection (by `at`, then `seq`) can lift its effect: undecided, it lifts
 * the effect from objectedAt + objectionDeadline on (charter C8) until any visible `upheld`,
 * `corrected` or `revoked` after it. A later objection is a repeat, filed after a decision
 * (objection-state.ts): it binds the agency to a deadline but never suspends the record again, so
 * objecting over and over cannot keep a record from counting (issue 10). An `appealed` event
 * neither opens nor decides anything here: the record stays as the decision left it while the
 * authority reviews it (SPC art. 12), and the authority's decision is one more decision.
 */
function hasOverdueObjection(
  visible: readonly LedgerRecordEvent[],
  category: Category,
  t: Instant,
): boolean {
  const first = visible.find((event) => event.type === 'objected');
  if (first === undefined || addDuration(first.at, category.objectionDeadline) > t) return false;
  const lastDecision = lastOfTypes(visible, DECISIONS);
  return lastDecision === undefined || !isAfter(lastDecision, first);
}

function lastOfTypes(
  ordered: readonly LedgerRecordEvent[],
  types: ReadonlySet<LedgerRecordEvent['type']>,
): LedgerRecordEvent | undefined {
  for (let i = ordered.length - 1; i >= 0; i -= 1) {
    const event = ordered[i];
    if (event !== undefined && types.has(event.type)) return event;
  }
  return undefined;
}

/**
 * Every instant at which the record's state (in force or not, the reason, its fields) can change,
 * ascending and without duplicates: its recordedAt, its effectEnd, the instant each event becomes
 * visible, and each objection's deadline (or the objection's own visibility, when later). Only the
 * first visible objection's deadline can change the state, but which objection is first can
 * depend on when a back-dated one is recorded, so every one is listed (at worst a needless
 * re-evaluation). Every clause compares t with one of these instants by `≤`, so the state is
 * constant on each half-open interval between consecutive instants.
 */
export function recordChangeInstants(history: RecordHistory, category: Category): Instant[] {
  const instants: number[] = [history.record.recordedAt, effectEndOf(history.record, category)];
  for (const event of history.events) {
    const from = eventVisibleFrom(event);
    instants.push(from);
    if (event.type === 'objected') {
      instants.push(Math.max(from, addDuration(event.at, category.objectionDeadline)));
    }
  }
  return uniqueAscending(instants);
}

/** The first instant after t at which the record's state can change, if any. */
export function nextRecordChange(
  history: RecordHistory,
  category: Category,
  t: Instant,
): Instant | undefined {
  return recordChangeInstants(history, category).find((c) => c > t);
}

export function uniqueAscending(values: readonly number[]): Instant[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: Instant[] = [];
  for (const v of sorted) if (out[out.length - 1] !== v) out.push(instant(v));
  return out;
}
