// When can anything change? Time-based transitions are computed, not scheduled: the earliest
// instant after `after` at which some subject's score, list membership or check answer may
// change. The candidates, each an instant at which one of the comparisons of the semantics flips:
//  - a policy version's effectiveFrom;
//  - per subject with records: its 18th birthday, and the instant its closure becomes visible;
//  - per record: its recordedAt, and `until` (effectEnd, or a revocation, repair or fulfilment
//    becoming visible); for records with side events, every instant at which the reference
//    record-state can change (each event's visibility, each objection's deadline);
//  - recordedAt + noticePeriod for each sanction list the record can feed;
//  - for adverse records: occurredAt and occurredAt + noAdverseWithin of each incentive list;
//  - for a record in force under a linearly decaying rule: the next whole day from occurredAt.
// The answer may be earlier than a real change (a decay step that does not move the rounded
// points), never later, so the state at `after` holds on [after, next).
//
// Sanction-list membership (hence every restriction check) depends on neither the score nor the
// adverse window, so the schedule also keeps a second minimum without decay steps and incentive
// windows: at city scale some record decays a day step every few seconds, while a restriction
// answer changes only when a record, a notice or a person's status does.
import { recordChangeInstants } from '../core/scoring/record-state.js';
import { MS_PER_DAY } from '../core/time/instant.js';
import type { LedgerFold } from './ledger-fold.js';
import { NO_RULE, type PolicyApplication } from './policy-application.js';
import { FLAG_SIDE } from './record-columns.js';
import { recordHistoryOf } from './subject-history.js';

/** Keeps the least candidate strictly after `after`, overall and for sanction lists alone. */
class Earliest {
  best = Infinity;
  bestForSanctions = Infinity;
  constructor(readonly after: number) {}

  /** A candidate for every answer. */
  offer(c: number): void {
    if (c > this.after) {
      if (c < this.best) this.best = c;
      if (c < this.bestForSanctions) this.bestForSanctions = c;
    }
  }

  /** A candidate for scores, grades and incentive lists only. */
  offerScore(c: number): void {
    if (c > this.after && c < this.best) this.best = c;
  }
}

export interface Transitions {
  /** The next instant at which anything can change (+Infinity when nothing is scheduled). */
  readonly next: number;
  /** The next instant at which a sanction-list membership can change. */
  readonly nextForSanctions: number;
}

function offerRecord(ledger: LedgerFold, app: PolicyApplication, r: number, e: Earliest): void {
  const { records, categories } = ledger;
  const after = e.after;
  const recordedAt = records.recordedAt[r] ?? 0;
  const until = records.until[r] ?? 0;
  const occurredAt = records.occurredAt[r] ?? 0;
  const entryOrdinal = records.category[r] ?? 0;
  const side = ((records.flags[r] ?? 0) & FLAG_SIDE) !== 0;
  e.offer(recordedAt);
  e.offer(until);
  if (side) {
    const category = categories.entry(entryOrdinal).category;
    if (category === undefined) return;
    for (const c of recordChangeInstants(recordHistoryOf(ledger, r), category)) e.offer(c);
  }
  // Sanction notices: any list the record could feed (a side record's fields may change).
  let sanctions = side ? app.sanctionMask : (app.sanctions[r] ?? 0);
  while (sanctions !== 0) {
    const low = sanctions & -sanctions;
    sanctions ^= low;
    const end = app.noticeEnd[31 - Math.clz32(low)]?.(recordedAt) ?? Infinity;
    e.offer(end);
  }
  if (categories.adverse[entryOrdinal] === 1) {
    e.offerScore(occurredAt);
    for (const plan of app.incentives) {
      // Skip the calendar arithmetic when the bounds show the window end cannot be the answer.
      if (occurredAt + plan.windowUpper <= after || occurredAt + plan.windowLower >= e.best)
        continue;
      e.offerScore(plan.windowEnd(occurredAt));
    }
  }
  const decays = side
    ? app.mayDecay(categories, entryOrdinal)
    : (app.rule[r] ?? NO_RULE) !== NO_RULE && app.ruleDecays[app.rule[r] ?? 0] === 1;
  if (decays && recordedAt <= after && after < (side ? (records.effectEnd[r] ?? 0) : until)) {
    e.offerScore(occurredAt + (Math.floor((after - occurredAt) / MS_PER_DAY) + 1) * MS_PER_DAY);
  }
}

function offerSubject(ledger: LedgerFold, s: number, e: Earliest): void {
  const { subjects } = ledger;
  e.offer(subjects.adultFrom[s] ?? Infinity);
  e.offer(subjects.closedFrom[s] ?? Infinity);
}

/**
 * The earliest transition after `after` over the whole ledger, given the policy application in
 * force at `after` (undefined when none is) and the effectiveFrom of every version.
 */
export function nextTransition(
  ledger: LedgerFold,
  app: PolicyApplication | undefined,
  effectiveFroms: readonly number[],
  after: number,
): Transitions {
  const e = new Earliest(after);
  for (const f of effectiveFroms) e.offer(f);
  if (app !== undefined) {
    const { subjects, records } = ledger;
    for (let s = 0; s < subjects.count; s += 1) offerSubject(ledger, s, e);
    for (let r = 0; r < records.count; r += 1) offerRecord(ledger, app, r, e);
  }
  return { next: e.best, nextForSanctions: e.bestForSanctions };
}

/**
 * Each subject's own next transitions after `after` (the check index's per-subject windows), in
 * one pass over the record columns: `until[s]` for any answer, `sanctionsUntil[s]` for sanction
 * lists. Policy changes are not included; the caller bounds every window by the next one.
 */
export function subjectTransitions(
  ledger: LedgerFold,
  app: PolicyApplication,
  after: number,
  until: Float64Array,
  sanctionsUntil: Float64Array,
): void {
  const { subjects, records } = ledger;
  const e = new Earliest(after);
  for (let s = 0; s < subjects.count; s += 1) {
    e.best = Infinity;
    e.bestForSanctions = Infinity;
    offerSubject(ledger, s, e);
    until[s] = e.best;
    sanctionsUntil[s] = e.bestForSanctions;
  }
  const subjectOf = records.subject;
  for (let r = 0; r < records.count; r += 1) {
    const s = subjectOf[r] ?? 0;
    e.best = until[s] ?? Infinity;
    e.bestForSanctions = sanctionsUntil[s] ?? Infinity;
    offerRecord(ledger, app, r, e);
    until[s] = e.best;
    sanctionsUntil[s] = e.bestForSanctions;
  }
}

/** The earliest transition after `after` of one subject's state (for an incremental refresh). */
export function nextSubjectTransition(
  ledger: LedgerFold,
  app: PolicyApplication,
  s: number,
  after: number,
): Transitions {
  const e = new Earliest(after);
  offerSubject(ledger, s, e);
  const { subjects, records } = ledger;
  for (let r = subjects.head[s] ?? -1; r >= 0; r = records.next[r] ?? -1) {
    offerRecord(ledger, app, r, e);
  }
  return { next: e.best, nextForSanctions: e.bestForSanctions };
}
