// Credit repair (charter C7; NDRC Credit Repair Measures, Order No. 36 (2025)): the
// subject asks, and the request is granted when all of these hold, or refused with every reason
// that fails:
//  - the record is adverse (`RepairNotApplicable` for favourable records: nothing to repair);
//  - its obligation is performed: a `fulfilled` event visible now, when the category ends when
//    fulfilled or the record carries an obligation (a positive `amount` or `fine`)
//    (`RepairNotFulfilled`);
//  - the minimum period has passed: occurredAt + repairAfter <= now (`RepairTooEarly`, with the
//    instant it becomes possible). Minor records have P0D: repairable once fulfilled.
// A revoked or already repaired record is a conflict (`RecordClosed`, `AlreadyRepaired`). A
// granted repair is a `repaired` event: the record stops counting everywhere from then on.
import type { Category } from '../catalog/index.js';
import { DomainError, type DomainErrorCode, type Problem } from '../errors/domain-error.js';
import type { RecordFields } from '../ledger/ledger-types.js';
import { eventVisibleAt, repairFromOf } from '../scoring/record-state.js';
import { formatDate, formatInstant, type Instant } from '../time/instant.js';
import { dueProcessOf, type NewRecordEvent, type RecordCase } from './objection-state.js';

/** Fields whose positive value is an obligation the subject must perform before repair. */
export const OBLIGATION_FIELDS: readonly string[] = ['amount', 'fine'];

/** Whether repair needs the record's obligation performed first. */
export function requiresFulfilment(category: Category, fields: RecordFields): boolean {
  if (category.effect.endsWhenFulfilled) return true;
  return OBLIGATION_FIELDS.some((name) => {
    const value = fields[name];
    return typeof value === 'number' && value > 0;
  });
}

export type RepairAssessment =
  | {
      readonly eligible: true;
      readonly repairFrom: Instant;
      readonly fulfilledAt: Instant | undefined;
    }
  | {
      readonly eligible: false;
      readonly repairFrom: Instant | undefined;
      readonly problems: readonly Problem<DomainErrorCode>[];
    };

/** Whether the record can be repaired at `now`, and every reason why not. */
export function assessRepair(c: RecordCase, now: Instant): RepairAssessment {
  const state = dueProcessOf(c.record, c.category, c.events);
  if (state.closedBy === 'repaired')
    throw new DomainError('AlreadyRepaired', `record ${c.record.id} is repaired already`);
  if (state.closedBy === 'revoked')
    throw new DomainError('RecordClosed', `record ${c.record.id} was revoked: it no longer counts`);
  const repairFrom = repairFromOf(c.record, c.category);
  if (c.category.polarity !== 'adverse' || repairFrom === undefined) {
    return {
      eligible: false,
      repairFrom: undefined,
      problems: [
        {
          path: 'recordId',
          code: 'RepairNotApplicable',
          message: `record ${c.record.id} (${c.category.id}) is favourable: there is nothing to repair`,
        },
      ],
    };
  }
  const problems: Problem<DomainErrorCode>[] = [];
  const fulfilment = c.events
    .filter((e) => e.type === 'fulfilled' && eventVisibleAt(e, now))
    .sort((a, b) => a.at - b.at)[0];
  if (requiresFulfilment(c.category, state.fields) && !fulfilment) {
    problems.push({
      path: 'recordId',
      code: 'RepairNotFulfilled',
      message: `the obligation of record ${c.record.id} (${c.category.id}) is not recorded as performed: the submitting agency records its fulfilment first`,
    });
  }
  if (now < repairFrom) {
    problems.push({
      path: 'recordId',
      code: 'RepairTooEarly',
      message: `record ${c.record.id} (${c.category.tier ?? 'adverse'} tier) can be repaired from ${formatInstant(repairFrom)} (its conduct of ${formatDate(c.record.occurredAt)} plus the minimum period)`,
    });
  }
  if (problems.length > 0) return { eligible: false, repairFrom, problems };
  return { eligible: true, repairFrom, fulfilledAt: fulfilment?.at };
}

/** The `repaired` event of a granted request; throws the first reason (all in details) if refused. */
export function grantRepair(c: RecordCase, actor: string, now: Instant): NewRecordEvent {
  const assessment = assessRepair(c, now);
  if (!assessment.eligible) {
    const first = assessment.problems[0];
    throw new DomainError(
      first?.code ?? 'RepairRefused',
      `repair refused: ${assessment.problems.map((p) => p.message).join('; ')}`,
      assessment.problems,
    );
  }
  const fulfilled =
    assessment.fulfilledAt === undefined
      ? 'no obligation to perform'
      : `obligation performed on ${formatDate(assessment.fulfilledAt)}`;
  const reason = `repair granted on the subject's request: ${c.category.tier ?? 'adverse'} record, ${fulfilled}, repairable from ${formatInstant(assessment.repairFrom)}`;
  return {
    recordId: c.record.id,
    subject: c.record.subject,
    type: 'repaired',
    at: now,
    recordedAt: now,
    actor,
    reason,
    fields: undefined,
  };
}
