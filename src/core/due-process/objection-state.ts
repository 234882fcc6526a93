// Due process on one record (charter C8; SPC art. 11-12), derived from its ledger events and
// nothing else, so any node that reads the ledger agrees on it. Per record, in ledger order:
//
//   (none) --objected--> open --upheld|corrected|revoked (submitting agency)--> decided
//   decided --appealed (subject, before decidedAt + P10D)--> under appeal
//   under appeal --upheld|corrected|revoked (the authority)--> final
//   decided --objected (repeat: new evidence, before the notice + P1Y)--> open (a repeat)
//
// One objection per record per decision round (issue 10): while an objection or an appeal is
// open, nothing else is filed. After the agency's decision the subject may object again only with
// evidence not offered before in any round (one item per line, compared without case or extra
// spaces) and only until REPEAT_OBJECTION_WINDOW after the record's notice (issued with the record,
// at its recordedAt); after the authority's decision on an appeal nothing more is filed: the
// decision is final (DecisionFinal), and only a new record or a court can change it.
//
// Only the record's first objection lifts its effect when undecided past its deadline (the
// reference evaluator, record-state.ts): a repeat objection binds the agency to its deadline but
// never suspends the record again, so a debtor cannot keep a listing suspended by objecting over
// and over; an appeal has no effect either: the listing stays as the decision left it.
//
// The transitions are pure: each checks the record's events as read under the ledger lock and
// returns the event to append, or throws a DomainError with a stable code.
import type { Category } from '../catalog/index.js';
import { validateRecordFields } from '../catalog/index.js';
import { DomainError, type DomainErrorCode } from '../errors/domain-error.js';
import type {
  Agency,
  LedgerRecord,
  LedgerRecordEvent,
  RecordEventType,
  RecordFields,
} from '../ledger/ledger-types.js';
import { effectEndOf } from '../scoring/record-state.js';
import { addDuration, tryParseDuration, type Duration } from '../time/duration.js';
import { requireStorableText } from '../text/json-input.js';
import { quoted } from '../text/storable-text.js';
import { formatInstant, instant, type Instant } from '../time/instant.js';

/** The subject may appeal a decision to the authority within this period (SPC art. 12). */
export const APPEAL_WINDOW: Duration = tryParseDuration('P10D') as Duration;
/**
 * A repeat objection (one filed after a decision on the record) may be filed until the record's
 * notice + this period. One year is the longest a person can reasonably need to find new evidence
 * about a record they were noticed of, and the shortest effect window of the reference catalogue;
 * it is a due-process rule, the same for every category, so a catalogue cannot shorten it.
 */
export const REPEAT_OBJECTION_WINDOW: Duration = tryParseDuration('P1Y') as Duration;
/** The agency kind that decides appeals. */
export const AUTHORITY_KIND = 'authority';
/** The actor of the subject's own events (ledger-types.ts). */
export const SUBJECT_ACTOR = 'subject';

export const MAX_GROUNDS_LENGTH = 4000;
export const MAX_EVIDENCE_LENGTH = 20_000;
export const MAX_REASON_LENGTH = 4000;

export const DECISION_OUTCOMES = ['upheld', 'corrected', 'revoked'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export function isDecisionOutcome(type: string): type is DecisionOutcome {
  return (DECISION_OUTCOMES as readonly string[]).includes(type);
}

export interface Decision {
  /** The ledger seq of the decision event. */
  readonly seq: number;
  readonly outcome: DecisionOutcome;
  readonly at: Instant;
  /** The agency that decided. */
  readonly actor: string;
  readonly reason: string;
  /** `corrected`: the record's fields from then on. */
  readonly fields: RecordFields | undefined;
}

export interface Appeal {
  /** The appeal's id: the ledger seq of its `appealed` event. */
  readonly id: number;
  readonly at: Instant;
  readonly grounds: string;
  readonly evidence: string | undefined;
  readonly decision: Decision | undefined;
}

export interface Objection {
  /** The objection's id: the ledger seq of its `objected` event. */
  readonly id: number;
  readonly recordId: number;
  readonly at: Instant;
  readonly grounds: string;
  readonly evidence: string | undefined;
  /**
   * Filed after a decision on the record (a later round). A repeat binds the agency to its
   * deadline too, but only the first objection lifts the record's effect when overdue.
   */
  readonly repeat: boolean;
  /**
   * objectedAt + the category's objectionDeadline: undecided from then on, the agency is late and,
   * for the first objection (not a repeat), the effect lifts.
   */
  readonly deadline: Instant;
  readonly decision: Decision | undefined;
  /** Until when the decision may be appealed (decidedAt + P10D, exclusive); undefined if undecided. */
  readonly appealUntil: Instant | undefined;
  readonly appeal: Appeal | undefined;
}

export type ObjectionStatus = 'open' | 'decided' | 'under-appeal' | 'final';

export function objectionStatus(o: Objection): ObjectionStatus {
  if (!o.decision) return 'open';
  if (!o.appeal) return 'decided';
  return o.appeal.decision ? 'final' : 'under-appeal';
}

/** Undecided at `now` with its deadline at or before `now` (policy.md clause 4b). */
export function isOverdue(o: Objection, now: Instant): boolean {
  return o.decision === undefined && o.deadline <= now;
}

export interface DueProcessState {
  /** Every objection on the record, in ledger order. */
  readonly objections: readonly Objection[];
  /** The record was revoked or repaired (it can never count again). */
  readonly closedBy: 'revoked' | 'repaired' | undefined;
  readonly fulfilled: boolean;
  /** The record's field values after the latest correction. */
  readonly fields: RecordFields;
}

type MutableObjection = { -readonly [K in keyof Objection]: Objection[K] };

function evidenceOf(event: LedgerRecordEvent): string | undefined {
  const value = event.fields?.['evidence'];
  return typeof value === 'string' ? value : undefined;
}

function decisionOf(event: LedgerRecordEvent, outcome: DecisionOutcome): Decision {
  return {
    seq: event.seq,
    outcome,
    at: event.at,
    actor: event.actor,
    reason: event.reason ?? '',
    fields: event.fields,
  };
}

/** The due-process state of a record from its events (any order; they are read in seq order). */
export function dueProcessOf(
  record: LedgerRecord,
  category: Category,
  events: readonly LedgerRecordEvent[],
): DueProcessState {
  const objections: MutableObjection[] = [];
  let closedBy: DueProcessState['closedBy'];
  let fulfilled = false;
  let fields = record.fields;
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  for (const event of ordered) {
    const last = objections[objections.length - 1];
    switch (event.type) {
      case 'objected':
        objections.push({
          id: event.seq,
          recordId: record.id,
          at: event.at,
          grounds: event.reason ?? '',
          evidence: evidenceOf(event),
          repeat: objections.length > 0,
          deadline: addDuration(event.at, category.objectionDeadline),
          decision: undefined,
          appealUntil: undefined,
          appeal: undefined,
        });
        break;
      case 'appealed':
        if (last?.decision && !last.appeal) {
          last.appeal = {
            id: event.seq,
            at: event.at,
            grounds: event.reason ?? '',
            evidence: evidenceOf(event),
            decision: undefined,
          };
        }
        break;
      case 'upheld':
      case 'corrected':
      case 'revoked':
        if (event.type === 'corrected' && event.fields) fields = event.fields;
        if (event.type === 'revoked') closedBy = 'revoked';
        if (last && !last.decision) {
          last.decision = decisionOf(event, event.type);
          last.appealUntil = addDuration(event.at, APPEAL_WINDOW);
        } else if (last?.appeal && !last.appeal.decision) {
          last.appeal = { ...last.appeal, decision: decisionOf(event, event.type) };
        }
        break;
      case 'repaired':
        closedBy ??= 'repaired';
        break;
      case 'fulfilled':
        fulfilled = true;
        break;
      case 'suspended':
      case 'resumed':
        break;
      default: {
        const never: never = event.type;
        throw new DomainError('UnknownRecordEvent', `unknown record event type ${String(never)}`);
      }
    }
  }
  return { objections, closedBy, fulfilled, fields };
}

/** What every transition needs: the record, its category and its events read under the lock. */
export interface RecordCase {
  readonly record: LedgerRecord;
  readonly category: Category;
  readonly events: readonly LedgerRecordEvent[];
}

/** An event to append, without the seq the ledger assigns. */
export type NewRecordEvent = Omit<LedgerRecordEvent, 'seq'>;

function newEvent(
  c: RecordCase,
  type: RecordEventType,
  now: Instant,
  actor: string,
  reason: string,
  fields: RecordFields | undefined,
): NewRecordEvent {
  return {
    recordId: c.record.id,
    subject: c.record.subject,
    type,
    at: now,
    recordedAt: now,
    actor,
    reason,
    fields,
  };
}

function requiredText(
  value: string | undefined,
  code: DomainErrorCode,
  what: string,
  max: number,
  field: string,
): string {
  const text = requireStorableText(value, field)?.trim() ?? '';
  if (text === '') throw new DomainError(code, `${what} is required`);
  if (text.length > max) throw new DomainError(code, `${what} is longer than ${max} characters`);
  return text;
}

function optionalEvidence(value: string | undefined): RecordFields | undefined {
  const text = requireStorableText(value, 'evidence')?.trim() ?? '';
  if (text === '') return undefined;
  if (text.length > MAX_EVIDENCE_LENGTH) {
    throw new DomainError(
      'EvidenceTooLong',
      `the evidence text is longer than ${MAX_EVIDENCE_LENGTH} characters`,
    );
  }
  return { evidence: text };
}

/** Refuses anything on a record that can no longer count: revoked, repaired, or past its effect. */
function assertOpenRecord(c: RecordCase, state: DueProcessState, now: Instant): void {
  if (state.closedBy)
    throw new DomainError(
      'RecordClosed',
      `record ${c.record.id} was ${state.closedBy}: it no longer counts`,
    );
  const effectEnd = effectEndOf(c.record, c.category);
  if (now >= effectEnd) {
    throw new DomainError(
      'RecordExpired',
      `record ${c.record.id} expired on ${formatInstant(effectEnd)}: it no longer counts`,
    );
  }
}

/** Until when a repeat objection on the record may be filed: its notice + REPEAT_OBJECTION_WINDOW. */
export function repeatObjectionUntil(record: LedgerRecord): Instant {
  return addDuration(record.recordedAt, REPEAT_OBJECTION_WINDOW);
}

// What a notice tells its subject (src/app/notices) is read from these, so that it says exactly
// what the transitions below accept. Each is an exclusive end: from that instant on, refused.

/**
 * Until when an objection on the record is taken at all: its effect end (RecordExpired from then
 * on). The first objection has no other window; a revoked or repaired record takes none.
 */
export function objectionsUntil(record: LedgerRecord, category: Category): Instant {
  return effectEndOf(record, category);
}

/**
 * Until when a repeat objection (after a decision, with new evidence) may be filed: the notice +
 * REPEAT_OBJECTION_WINDOW (ObjectionWindowClosed after), or the record's effect end if sooner.
 */
export function repeatObjectionLatest(record: LedgerRecord, category: Category): Instant {
  return instant(Math.min(repeatObjectionUntil(record), objectionsUntil(record, category)));
}

/**
 * Until when the decision of `decidedAt` may be appealed: + APPEAL_WINDOW (AppealWindowClosed
 * after), or the record's effect end if sooner (RecordExpired).
 */
export function appealLatest(
  record: LedgerRecord,
  category: Category,
  decidedAt: Instant,
): Instant {
  return instant(
    Math.min(addDuration(decidedAt, APPEAL_WINDOW), objectionsUntil(record, category)),
  );
}

/** One evidence item per non-empty line, compared without case or extra white space. */
export function evidenceItems(evidence: string | undefined): string[] {
  if (evidence === undefined) return [];
  return evidence
    .normalize('NFKC')
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim().replace(/\s+/g, ' ').toLowerCase())
    .filter((line) => line !== '');
}

/** Every evidence item offered on the record so far, with its objections and appeals. */
function offeredEvidence(state: DueProcessState): Set<string> {
  const offered = new Set<string>();
  for (const o of state.objections) {
    for (const item of evidenceItems(o.evidence)) offered.add(item);
    for (const item of evidenceItems(o.appeal?.evidence)) offered.add(item);
  }
  return offered;
}

/** What the subject can still do about a decided objection at `now`, in words. */
function stillPossible(record: LedgerRecord, last: Objection, now: Instant): string {
  if (last.appealUntil !== undefined && !last.appeal && now < last.appealUntil) {
    return `You can appeal the decision to the authority until ${formatInstant(last.appealUntil)}.`;
  }
  return `The decision on record ${record.id} stands: a court can review it, and the agency can submit a corrected record.`;
}

/** Refuses a repeat objection filed too late or without new evidence (issue 10). */
function assertRepeatAllowed(
  c: RecordCase,
  state: DueProcessState,
  last: Objection & { readonly decision: Decision },
  evidence: RecordFields | undefined,
  now: Instant,
): void {
  const until = repeatObjectionUntil(c.record);
  const decided = `objection ${last.id} on record ${c.record.id} was decided ${last.decision.outcome} on ${formatInstant(last.decision.at)}`;
  if (now >= until) {
    throw new DomainError(
      'ObjectionWindowClosed',
      `${decided}; a new objection on it could be filed until ${formatInstant(until)} (${REPEAT_OBJECTION_WINDOW.text} after its notice of ${formatInstant(c.record.recordedAt)}). ${stillPossible(c.record, last, now)}`,
    );
  }
  const offered = offeredEvidence(state);
  const given = evidenceItems(
    typeof evidence?.['evidence'] === 'string' ? evidence['evidence'] : undefined,
  );
  if (!given.some((item) => !offered.has(item))) {
    throw new DomainError(
      'ObjectionNoNewEvidence',
      `${decided}; a new objection on it needs evidence not offered before (one item per line), until ${formatInstant(until)}. ${
        given.length === 0
          ? 'This objection gives no evidence.'
          : 'Every item of this evidence was offered in an earlier round.'
      } ${stillPossible(c.record, last, now)}`,
    );
  }
}

export interface ObjectionRequest {
  readonly grounds: string;
  readonly evidence?: string | undefined;
}

/**
 * The subject objects to a record: grounds required; one open objection (or appeal) at a time;
 * nothing after the authority's final decision; a repeat after a decision only with new evidence
 * and before the notice + REPEAT_OBJECTION_WINDOW.
 */
export function fileObjection(
  c: RecordCase,
  request: ObjectionRequest,
  now: Instant,
): NewRecordEvent {
  const state = dueProcessOf(c.record, c.category, c.events);
  assertOpenRecord(c, state, now);
  const grounds = requiredText(
    request.grounds,
    'GroundsRequired',
    'the grounds of the objection',
    MAX_GROUNDS_LENGTH,
    'grounds',
  );
  const evidence = optionalEvidence(request.evidence);
  const last = state.objections[state.objections.length - 1];
  if (last && !last.decision) {
    throw new DomainError(
      'ObjectionOpen',
      `objection ${last.id} on record ${c.record.id} is still awaiting the agency's decision (due ${formatInstant(last.deadline)})`,
    );
  }
  if (last?.appeal && !last.appeal.decision) {
    throw new DomainError(
      'AppealOpen',
      `appeal ${last.appeal.id} on record ${c.record.id} is still awaiting the authority's decision`,
    );
  }
  if (last?.appeal?.decision) {
    throw new DomainError(
      'DecisionFinal',
      `the authority decided appeal ${last.appeal.id} on record ${c.record.id} on ${formatInstant(last.appeal.decision.at)}: that decision is final, and no new objection can be filed on the record. A court can review it, and the agency can submit a corrected record.`,
    );
  }
  if (last?.decision)
    assertRepeatAllowed(c, state, { ...last, decision: last.decision }, evidence, now);
  return newEvent(c, 'objected', now, SUBJECT_ACTOR, grounds, evidence);
}

export interface DecisionRequest {
  readonly outcome: string;
  readonly reason: string;
  /** `corrected`: the fields to change (merged over the current values, then validated). */
  readonly fields?: Readonly<Record<string, unknown>> | undefined;
}

function sameFields(a: RecordFields, b: RecordFields): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

/** Validates a decision and returns its type, reason and (corrected) complete new fields. */
function decisionContent(
  c: RecordCase,
  state: DueProcessState,
  request: DecisionRequest,
  reasonPrefix: string,
): { type: DecisionOutcome; reason: string; fields: RecordFields | undefined } {
  const outcome = request.outcome;
  if (!isDecisionOutcome(outcome)) {
    throw new DomainError(
      'InvalidOutcome',
      `the outcome is one of ${DECISION_OUTCOMES.join(', ')}, not ${quoted(outcome)}`,
    );
  }
  const reason = requiredText(
    request.reason,
    'ReasonRequired',
    'the reason for the decision',
    MAX_REASON_LENGTH,
    'reason',
  );
  const given = request.fields !== undefined && Object.keys(request.fields).length > 0;
  if (outcome !== 'corrected') {
    if (given)
      throw new DomainError(
        'FieldsNotAllowed',
        `only a "corrected" decision changes fields, not ${quoted(outcome)}`,
      );
    return { type: outcome, reason: `${reasonPrefix}${reason}`, fields: undefined };
  }
  if (!given)
    throw new DomainError('FieldsRequired', 'a "corrected" decision gives the fields it changes');
  const merged: Record<string, unknown> = { ...state.fields, ...request.fields };
  const checked = validateRecordFields(c.category, merged);
  if (!checked.ok) {
    throw new DomainError(
      'FieldsRejected',
      `the corrected fields do not fit category ${c.category.id}`,
      checked.problems,
    );
  }
  if (sameFields(checked.fields, state.fields)) {
    throw new DomainError(
      'CorrectionUnchanged',
      'the corrected fields are the ones the record already has',
    );
  }
  return { type: outcome, reason: `${reasonPrefix}${reason}`, fields: checked.fields };
}

function findObjection(state: DueProcessState, objectionId: number): Objection {
  const objection = state.objections.find((o) => o.id === objectionId);
  if (!objection) throw new DomainError('ObjectionNotFound', `no objection ${objectionId}`);
  return objection;
}

/** The submitting agency decides an open objection (late decisions too: they reinstate or remove). */
export function decideObjection(
  c: RecordCase,
  objectionId: number,
  agency: Agency,
  request: DecisionRequest,
  now: Instant,
): NewRecordEvent {
  const state = dueProcessOf(c.record, c.category, c.events);
  const objection = findObjection(state, objectionId);
  if (agency.id !== c.record.agencyId) {
    throw new DomainError(
      'NotSubmittingAgency',
      `record ${c.record.id} was submitted by another agency: only it decides objection ${objectionId}`,
    );
  }
  if (objection.decision) {
    throw new DomainError(
      'ObjectionDecided',
      `objection ${objectionId} was decided ${objection.decision.outcome} on ${formatInstant(objection.decision.at)}`,
    );
  }
  if (state.closedBy)
    throw new DomainError(
      'RecordClosed',
      `record ${c.record.id} was ${state.closedBy}: it no longer counts`,
    );
  const content = decisionContent(c, state, request, '');
  return newEvent(c, content.type, now, agency.id, content.reason, content.fields);
}

export interface AppealRequest {
  readonly grounds: string;
  readonly evidence?: string | undefined;
}

/** The subject appeals the latest decision to the authority, before decidedAt + P10D. */
export function fileAppeal(c: RecordCase, request: AppealRequest, now: Instant): NewRecordEvent {
  const state = dueProcessOf(c.record, c.category, c.events);
  assertOpenRecord(c, state, now);
  const grounds = requiredText(
    request.grounds,
    'GroundsRequired',
    'the grounds of the appeal',
    MAX_GROUNDS_LENGTH,
    'grounds',
  );
  const evidence = optionalEvidence(request.evidence);
  const last = state.objections[state.objections.length - 1];
  if (!last)
    throw new DomainError(
      'NothingToAppeal',
      `record ${c.record.id} has no decided objection to appeal: object first`,
    );
  if (!last.decision || last.appealUntil === undefined) {
    throw new DomainError(
      'NothingToAppeal',
      `objection ${last.id} on record ${c.record.id} is still awaiting the agency's decision`,
    );
  }
  if (last.appeal?.decision) {
    throw new DomainError(
      'DecisionFinal',
      `the authority decided appeal ${last.appeal.id} on ${formatInstant(last.appeal.decision.at)}: that decision is final`,
    );
  }
  if (last.appeal)
    throw new DomainError(
      'AppealOpen',
      `appeal ${last.appeal.id} on record ${c.record.id} is awaiting the authority's decision`,
    );
  if (now >= last.appealUntil) {
    throw new DomainError(
      'AppealWindowClosed',
      `the decision of ${formatInstant(last.decision.at)} could be appealed until ${formatInstant(last.appealUntil)} (P10D)`,
    );
  }
  return newEvent(c, 'appealed', now, SUBJECT_ACTOR, grounds, evidence);
}

/** The appeal among the record's objections; AppealNotFound otherwise. */
export function findAppeal(
  state: DueProcessState,
  appealId: number,
): { objection: Objection; appeal: Appeal } {
  for (const objection of state.objections) {
    if (objection.appeal?.id === appealId) return { objection, appeal: objection.appeal };
  }
  throw new DomainError('AppealNotFound', `no appeal ${appealId}`);
}

/** The authority decides an appeal; its decision is final. */
export function decideAppeal(
  c: RecordCase,
  appealId: number,
  agency: Agency,
  request: DecisionRequest,
  now: Instant,
): NewRecordEvent {
  if (agency.kind !== AUTHORITY_KIND) {
    throw new DomainError(
      'AuthorityOnly',
      `appeals are decided by the authority, not by a ${agency.kind} agency`,
    );
  }
  const state = dueProcessOf(c.record, c.category, c.events);
  const { objection, appeal } = findAppeal(state, appealId);
  if (appeal.decision) {
    throw new DomainError(
      'AppealDecided',
      `appeal ${appealId} was decided ${appeal.decision.outcome} on ${formatInstant(appeal.decision.at)}: that decision is final`,
    );
  }
  if (state.closedBy)
    throw new DomainError(
      'RecordClosed',
      `record ${c.record.id} was ${state.closedBy}: it no longer counts`,
    );
  const content = decisionContent(
    c,
    state,
    request,
    `appeal ${appealId} against the decision on objection ${objection.id} (final): `,
  );
  return newEvent(c, content.type, now, agency.id, content.reason, content.fields);
}
