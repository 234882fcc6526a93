// The due-process state machine (objections, decisions, appeals, repair) at each of its timing
// boundaries, and what the reference evaluator makes of the events it writes: the effect lifts
// exactly at objectedAt + deadline when undecided, never when decided in time, and comes back,
// changes or goes at a late decision's instant. Instants are fixed; nothing reads the clock.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { after, at, before, catalogFrom, DAY, day } from '../../../test/factories/scoring.js';
import type { Category } from '../catalog/index.js';
import { DomainError } from '../errors/domain-error.js';
import type {
  Agency,
  LedgerRecord,
  LedgerRecordEvent,
  RecordFields,
} from '../ledger/ledger-types.js';
import { recordStateAt } from '../scoring/record-state.js';
import { instant, type Instant } from '../time/instant.js';
import {
  decideAppeal,
  decideObjection,
  dueProcessOf,
  fileAppeal,
  fileObjection,
  isOverdue,
  objectionStatus,
  type NewRecordEvent,
  type RecordCase,
} from './objection-state.js';
import { assessRepair, grantRepair } from './repair.js';

const adverse = (
  id: string,
  tier: string,
  fields: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => ({
  id,
  label: id,
  dataClass: 'administrative-penalty',
  polarity: 'adverse',
  tier,
  legalBasis: `Basis of ${id}, art. 1`,
  subjects: ['person'],
  submitters: ['court'],
  fields,
  ...extra,
});

const CATALOG = catalogFrom(
  stringify({
    categories: [
      adverse(
        'court.debt',
        'serious',
        {
          amount: { type: 'integer', min: 0, required: true },
          caseNumber: { type: 'string', required: false, maxLength: 64 },
        },
        {
          effect: { maxDuration: 'P3Y', endsWhenFulfilled: true, repairAfter: 'P1Y' },
        },
      ),
      adverse(
        'police.ban',
        'general',
        { decisionNumber: { type: 'string', required: true, maxLength: 64 } },
        { objectionDeadline: 'P10D' },
      ),
      adverse('env.penalty', 'general', { fine: { type: 'integer', min: 0, required: true } }),
      adverse(
        'utility.arrears',
        'minor',
        { amount: { type: 'integer', min: 0, required: true } },
        { effect: { endsWhenFulfilled: true } },
      ),
      {
        ...adverse('civic.help', 'minor', { hours: { type: 'integer', min: 0, required: true } }),
        polarity: 'favourable',
        tier: undefined,
        dataClass: 'civic-commendation',
      },
    ],
  }),
);

function category(id: string): Category {
  const c = CATALOG.byId.get(id);
  if (!c) throw new Error(id);
  return c;
}

const T0 = at('2026-01-01T00:00:00Z');
const COURT: Agency = { id: 'court-1', kind: 'court', name: 'Court', createdAt: T0 };
const OTHER_COURT: Agency = { id: 'court-2', kind: 'court', name: 'Other court', createdAt: T0 };
const AUTHORITY: Agency = { id: 'authority', kind: 'authority', name: 'Authority', createdAt: T0 };

/** A record and its events, growing as the state machine's events are appended. */
class Case implements RecordCase {
  readonly record: LedgerRecord;
  readonly category: Category;
  events: LedgerRecordEvent[] = [];
  private seq = 100;

  constructor(categoryId: string, fields: RecordFields, occurredAt: Instant = T0) {
    this.category = category(categoryId);
    this.record = {
      id: 1,
      subject: 'S',
      subjectKind: 'person',
      agencyId: 'court-1',
      sourceRef: 'r1',
      category: categoryId,
      occurredAt,
      recordedAt: occurredAt,
      fields,
      catalogVersion: 1,
    };
  }

  append(event: NewRecordEvent): LedgerRecordEvent {
    this.seq += 1;
    const full = { seq: this.seq, ...event };
    this.events.push(full);
    return full;
  }

  /** An agency event written directly (fulfilled...). */
  add(type: LedgerRecordEvent['type'], when: Instant): void {
    this.append({
      recordId: 1,
      subject: 'S',
      type,
      at: when,
      recordedAt: when,
      actor: 'court-1',
      reason: undefined,
      fields: undefined,
    });
  }

  stateAt(t: Instant): string {
    const status = recordStateAt(
      { record: this.record, events: this.events },
      this.category,
      t,
    ).status;
    return status.inForce ? 'in force' : status.reason;
  }

  fieldsAt(t: Instant): RecordFields {
    return recordStateAt({ record: this.record, events: this.events }, this.category, t).fields;
  }
}

const debt = () => new Case('court.debt', { amount: 500_000, caseNumber: 'A-1' });

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as DomainError).code;
  }
  return 'ok';
}

const O = day(10, T0);
const DEADLINE = day(25, T0); // O + P15D

describe('objection: the effect at the deadline', () => {
  it.each<[string, (c: Case) => void, Instant, string]>([
    [
      'in force one ms before the deadline, undecided',
      () => undefined,
      before(DEADLINE),
      'in force',
    ],
    [
      'lifted exactly at objectedAt + P15D, undecided',
      () => undefined,
      DEADLINE,
      'objection-overdue',
    ],
    ['still lifted later, undecided', () => undefined, day(60, T0), 'objection-overdue'],
    [
      'decided upheld 1 ms before the deadline: never lifted',
      (c) =>
        c.append(
          decideObjection(
            c,
            101,
            COURT,
            { outcome: 'upheld', reason: 'checked' },
            before(DEADLINE),
          ),
        ),
      DEADLINE,
      'in force',
    ],
    [
      'decided upheld before the deadline: in force long after',
      (c) =>
        c.append(
          decideObjection(c, 101, COURT, { outcome: 'upheld', reason: 'checked' }, day(12, T0)),
        ),
      day(60, T0),
      'in force',
    ],
    [
      'overdue, then upheld: lifted 1 ms before the decision',
      (c) =>
        c.append(
          decideObjection(c, 101, COURT, { outcome: 'upheld', reason: 'late' }, day(30, T0)),
        ),
      before(day(30, T0)),
      'objection-overdue',
    ],
    [
      'overdue, then upheld: reinstated at the decision instant',
      (c) =>
        c.append(
          decideObjection(c, 101, COURT, { outcome: 'upheld', reason: 'late' }, day(30, T0)),
        ),
      day(30, T0),
      'in force',
    ],
    [
      'overdue, then corrected: reinstated with the new fields',
      (c) =>
        c.append(
          decideObjection(
            c,
            101,
            COURT,
            { outcome: 'corrected', fields: { amount: 1000 }, reason: 'amount wrong' },
            day(30, T0),
          ),
        ),
      day(30, T0),
      'in force',
    ],
    [
      'overdue, then revoked: gone at the decision',
      (c) =>
        c.append(
          decideObjection(
            c,
            101,
            COURT,
            { outcome: 'revoked', reason: 'wrong person' },
            day(30, T0),
          ),
        ),
      day(30, T0),
      'revoked',
    ],
  ])('%s', (_name, then, t, expected) => {
    const c = debt();
    const objection = c.append(fileObjection(c, { grounds: 'I paid in 2025' }, O));
    expect(objection.seq).toBe(101);
    then(c);
    expect(c.stateAt(t)).toBe(expected);
  });

  it('uses the category deadline (P10D) and flags overdue exactly there', () => {
    const c = new Case('police.ban', { decisionNumber: 'D-1' });
    c.append(fileObjection(c, { grounds: 'not me' }, O));
    const [objection] = dueProcessOf(c.record, c.category, c.events).objections;
    if (!objection) throw new Error('no objection');
    expect(objection.deadline).toBe(day(20, T0));
    expect(isOverdue(objection, before(day(20, T0)))).toBe(false);
    expect(isOverdue(objection, day(20, T0))).toBe(true);
    expect(c.stateAt(day(20, T0))).toBe('objection-overdue');
  });

  it('corrected changes the fields from the decision on, not before', () => {
    const c = debt();
    c.append(fileObjection(c, { grounds: 'amount' }, O));
    const decision = c.append(
      decideObjection(
        c,
        101,
        COURT,
        { outcome: 'corrected', fields: { amount: 1000 }, reason: 'typo' },
        day(12, T0),
      ),
    );
    expect(decision.fields).toEqual({ amount: 1000, caseNumber: 'A-1' });
    expect(c.fieldsAt(before(day(12, T0)))).toEqual({ amount: 500_000, caseNumber: 'A-1' });
    expect(c.fieldsAt(day(12, T0))).toEqual({ amount: 1000, caseNumber: 'A-1' });
  });
});

describe('objection: who, what and when', () => {
  it.each<[string, (c: Case) => string]>([
    ['grounds are required', (c) => codeOf(() => fileObjection(c, { grounds: '  ' }, O))],
    [
      'one open objection at a time',
      (c) => (
        c.append(fileObjection(c, { grounds: 'a' }, O)),
        codeOf(() => fileObjection(c, { grounds: 'b' }, day(11, T0)))
      ),
    ],
    [
      'a revoked record is refused',
      (c) => (c.add('revoked', day(5, T0)), codeOf(() => fileObjection(c, { grounds: 'a' }, O))),
    ],
    [
      'a repaired record is refused',
      (c) => (c.add('repaired', day(5, T0)), codeOf(() => fileObjection(c, { grounds: 'a' }, O))),
    ],
    [
      'an expired record is refused at its effect end',
      (c) => codeOf(() => fileObjection(c, { grounds: 'a' }, at('2029-01-01T00:00:00Z'))),
    ],
    [
      '... and accepted 1 ms before',
      (c) => codeOf(() => fileObjection(c, { grounds: 'a' }, before(at('2029-01-01T00:00:00Z')))),
    ],
    [
      'another agency may not decide',
      (c) => (
        c.append(fileObjection(c, { grounds: 'a' }, O)),
        codeOf(() => decideObjection(c, 101, OTHER_COURT, { outcome: 'upheld', reason: 'x' }, O))
      ),
    ],
    [
      'no such objection',
      (c) => codeOf(() => decideObjection(c, 999, COURT, { outcome: 'upheld', reason: 'x' }, O)),
    ],
    [
      'decided once',
      (c) => {
        c.append(fileObjection(c, { grounds: 'a' }, O));
        c.append(decideObjection(c, 101, COURT, { outcome: 'upheld', reason: 'x' }, O));
        return codeOf(() => decideObjection(c, 101, COURT, { outcome: 'revoked', reason: 'y' }, O));
      },
    ],
    [
      'a decision needs a reason',
      (c) => (
        c.append(fileObjection(c, { grounds: 'a' }, O)),
        codeOf(() => decideObjection(c, 101, COURT, { outcome: 'upheld', reason: '' }, O))
      ),
    ],
    [
      'corrected needs fields',
      (c) => (
        c.append(fileObjection(c, { grounds: 'a' }, O)),
        codeOf(() => decideObjection(c, 101, COURT, { outcome: 'corrected', reason: 'x' }, O))
      ),
    ],
    [
      'corrected fields are validated against the catalogue',
      (c) => (
        c.append(fileObjection(c, { grounds: 'a' }, O)),
        codeOf(() =>
          decideObjection(
            c,
            101,
            COURT,
            { outcome: 'corrected', fields: { amount: -1 }, reason: 'x' },
            O,
          ),
        )
      ),
    ],
    [
      'an unknown field is refused',
      (c) => (
        c.append(fileObjection(c, { grounds: 'a' }, O)),
        codeOf(() =>
          decideObjection(
            c,
            101,
            COURT,
            { outcome: 'corrected', fields: { name: 'X' }, reason: 'x' },
            O,
          ),
        )
      ),
    ],
    [
      'a correction that changes nothing is refused',
      (c) => (
        c.append(fileObjection(c, { grounds: 'a' }, O)),
        codeOf(() =>
          decideObjection(
            c,
            101,
            COURT,
            { outcome: 'corrected', fields: { amount: 500_000 }, reason: 'x' },
            O,
          ),
        )
      ),
    ],
    [
      'upheld takes no fields',
      (c) => (
        c.append(fileObjection(c, { grounds: 'a' }, O)),
        codeOf(() =>
          decideObjection(
            c,
            101,
            COURT,
            { outcome: 'upheld', fields: { amount: 1 }, reason: 'x' },
            O,
          ),
        )
      ),
    ],
    [
      'a new objection after a decision is accepted with new evidence',
      (c) => {
        c.append(fileObjection(c, { grounds: 'a' }, O));
        c.append(decideObjection(c, 101, COURT, { outcome: 'upheld', reason: 'x' }, O));
        return codeOf(() =>
          fileObjection(c, { grounds: 'new facts', evidence: 'receipt 9' }, day(11, T0)),
        );
      },
    ],
  ])('%s', (name, run) => {
    const expected: Record<string, string> = {
      'grounds are required': 'GroundsRequired',
      'one open objection at a time': 'ObjectionOpen',
      'a revoked record is refused': 'RecordClosed',
      'a repaired record is refused': 'RecordClosed',
      'an expired record is refused at its effect end': 'RecordExpired',
      '... and accepted 1 ms before': 'ok',
      'another agency may not decide': 'NotSubmittingAgency',
      'no such objection': 'ObjectionNotFound',
      'decided once': 'ObjectionDecided',
      'a decision needs a reason': 'ReasonRequired',
      'corrected needs fields': 'FieldsRequired',
      'corrected fields are validated against the catalogue': 'FieldsRejected',
      'an unknown field is refused': 'FieldsRejected',
      'a correction that changes nothing is refused': 'CorrectionUnchanged',
      'upheld takes no fields': 'FieldsNotAllowed',
      'a new objection after a decision is accepted with new evidence': 'ok',
    };
    expect(run(debt())).toBe(expected[name]);
  });

  it('keeps grounds and evidence on the objected event, by the subject', () => {
    const c = debt();
    const e = fileObjection(c, { grounds: ' paid ', evidence: 'receipt no. 7' }, O);
    expect(e).toMatchObject({
      type: 'objected',
      actor: 'subject',
      reason: 'paid',
      fields: { evidence: 'receipt no. 7' },
      at: O,
      recordedAt: O,
    });
  });
});

describe('appeal: the P10D window and the final decision', () => {
  const DECIDED = day(12, T0);
  const WINDOW_END = day(22, T0); // DECIDED + P10D

  function decided(outcome: 'upheld' | 'corrected' = 'upheld'): Case {
    const c = debt();
    c.append(fileObjection(c, { grounds: 'a' }, O));
    c.append(
      decideObjection(
        c,
        101,
        COURT,
        outcome === 'upheld'
          ? { outcome, reason: 'x' }
          : { outcome, fields: { amount: 1 }, reason: 'x' },
        DECIDED,
      ),
    );
    return c;
  }

  it.each<[string, Instant, string]>([
    ['accepted at the decision instant', DECIDED, 'ok'],
    ['accepted 1 ms before decidedAt + P10D', before(WINDOW_END), 'ok'],
    ['refused exactly at decidedAt + P10D', WINDOW_END, 'AppealWindowClosed'],
    ['refused after', after(WINDOW_END), 'AppealWindowClosed'],
  ])('%s', (_name, t, expected) => {
    const c = decided();
    expect(codeOf(() => fileAppeal(c, { grounds: 'the court ignored my receipt' }, t))).toBe(
      expected,
    );
  });

  it('refuses an appeal without a decided objection, and while one is open', () => {
    const c = debt();
    expect(codeOf(() => fileAppeal(c, { grounds: 'g' }, O))).toBe('NothingToAppeal');
    c.append(fileObjection(c, { grounds: 'a' }, O));
    expect(codeOf(() => fileAppeal(c, { grounds: 'g' }, O))).toBe('NothingToAppeal');
  });

  it('keeps the record as decided during the review; the authority decides once and finally', () => {
    const c = decided();
    const appeal = c.append(fileAppeal(c, { grounds: 'g' }, day(15, T0)));
    expect(c.stateAt(day(40, T0))).toBe('in force');
    expect(codeOf(() => fileAppeal(c, { grounds: 'again' }, day(16, T0)))).toBe('AppealOpen');
    expect(codeOf(() => fileObjection(c, { grounds: 'again' }, day(16, T0)))).toBe('AppealOpen');
    expect(
      codeOf(() =>
        decideAppeal(c, appeal.seq, COURT, { outcome: 'revoked', reason: 'r' }, day(20, T0)),
      ),
    ).toBe('AuthorityOnly');
    expect(
      codeOf(() =>
        decideAppeal(c, 999, AUTHORITY, { outcome: 'revoked', reason: 'r' }, day(20, T0)),
      ),
    ).toBe('AppealNotFound');
    const final = c.append(
      decideAppeal(
        c,
        appeal.seq,
        AUTHORITY,
        { outcome: 'upheld', reason: 'the listing stands' },
        day(20, T0),
      ),
    );
    expect(final).toMatchObject({ type: 'upheld', actor: 'authority' });
    expect(final.reason).toMatch(
      new RegExp(
        `^appeal ${appeal.seq} against the decision on objection 101 \\(final\\): the listing stands$`,
      ),
    );
    const state = dueProcessOf(c.record, c.category, c.events);
    expect(state.objections.map(objectionStatus)).toEqual(['final']);
    expect(
      codeOf(() =>
        decideAppeal(c, appeal.seq, AUTHORITY, { outcome: 'revoked', reason: 'r' }, day(21, T0)),
      ),
    ).toBe('AppealDecided');
    expect(codeOf(() => fileAppeal(c, { grounds: 'again' }, day(21, T0)))).toBe('DecisionFinal');
  });

  it('an authority revocation removes the record at its instant', () => {
    const c = decided('corrected');
    const appeal = c.append(fileAppeal(c, { grounds: 'g' }, day(15, T0)));
    c.append(
      decideAppeal(
        c,
        appeal.seq,
        AUTHORITY,
        { outcome: 'revoked', reason: 'not the debtor' },
        day(20, T0),
      ),
    );
    expect(c.stateAt(before(day(20, T0)))).toBe('in force');
    expect(c.fieldsAt(before(day(20, T0)))).toMatchObject({ amount: 1 });
    expect(c.stateAt(day(20, T0))).toBe('revoked');
  });

  it('an authority correction changes the fields from its instant', () => {
    const c = decided();
    const appeal = c.append(fileAppeal(c, { grounds: 'g' }, day(15, T0)));
    c.append(
      decideAppeal(
        c,
        appeal.seq,
        AUTHORITY,
        { outcome: 'corrected', fields: { amount: 7 }, reason: 'r' },
        day(20, T0),
      ),
    );
    expect(c.fieldsAt(day(20, T0))).toMatchObject({ amount: 7 });
    expect(c.stateAt(day(20, T0))).toBe('in force');
  });
});

describe('repair eligibility', () => {
  const REPAIR_FROM = at('2027-01-01T00:00:00Z'); // T0 + P1Y

  function codesOf(c: Case, t: Instant): string[] {
    try {
      const a = assessRepair(c, t);
      return a.eligible ? ['eligible'] : a.problems.map((p) => p.code);
    } catch (error) {
      return [(error as DomainError).code];
    }
  }

  it.each<[string, () => Case, Instant, string[]]>([
    [
      'serious, fulfilled: eligible exactly at occurredAt + P1Y',
      () => withFulfilment(debt()),
      REPAIR_FROM,
      ['eligible'],
    ],
    [
      'serious, fulfilled: too early 1 ms before',
      () => withFulfilment(debt()),
      before(REPAIR_FROM),
      ['RepairTooEarly'],
    ],
    ['serious, not fulfilled, on time', () => debt(), REPAIR_FROM, ['RepairNotFulfilled']],
    [
      'serious, not fulfilled and too early: both reasons',
      () => debt(),
      day(30, T0),
      ['RepairNotFulfilled', 'RepairTooEarly'],
    ],
    [
      'general without obligation: eligible at + P3M',
      () => new Case('police.ban', { decisionNumber: 'D' }),
      at('2026-04-01T00:00:00Z'),
      ['eligible'],
    ],
    [
      'general without obligation: too early 1 ms before',
      () => new Case('police.ban', { decisionNumber: 'D' }),
      before(at('2026-04-01T00:00:00Z')),
      ['RepairTooEarly'],
    ],
    [
      'general with a fine: needs its payment',
      () => new Case('env.penalty', { fine: 100 }),
      at('2026-04-01T00:00:00Z'),
      ['RepairNotFulfilled'],
    ],
    [
      'general with a fine of 0: no obligation',
      () => new Case('env.penalty', { fine: 0 }),
      at('2026-04-01T00:00:00Z'),
      ['eligible'],
    ],
    [
      'minor, fulfilled: eligible at once',
      () => withFulfilment(new Case('utility.arrears', { amount: 100 }), T0),
      T0,
      ['eligible'],
    ],
    [
      'minor, not fulfilled',
      () => new Case('utility.arrears', { amount: 100 }),
      T0,
      ['RepairNotFulfilled'],
    ],
    [
      'a fulfilment recorded later does not count before it is recorded',
      () => withFulfilment(debt(), day(100, T0), day(400, T0)),
      REPAIR_FROM,
      ['RepairNotFulfilled'],
    ],
    [
      'favourable: not applicable',
      () => new Case('civic.help', { hours: 3 }),
      REPAIR_FROM,
      ['RepairNotApplicable'],
    ],
    ['already repaired', () => repaired(), REPAIR_FROM, ['AlreadyRepaired']],
    ['revoked', () => revoked(), REPAIR_FROM, ['RecordClosed']],
  ])('%s', (_name, make, t, expected) => {
    expect(codesOf(make(), t)).toEqual(expected);
  });

  it('says from when repair becomes possible', () => {
    const c = withFulfilment(debt());
    expect(codeOf(() => grantRepair(c, 'authority', before(REPAIR_FROM)))).toBe('RepairTooEarly');
    try {
      grantRepair(c, 'authority', before(REPAIR_FROM));
    } catch (error) {
      expect((error as DomainError).message).toContain('2027-01-01T00:00:00');
    }
  });

  it('a granted repair stops the record counting from its instant', () => {
    const c = new Case('police.ban', { decisionNumber: 'D' });
    const t = at('2026-04-01T00:00:00Z');
    const e = c.append(grantRepair(c, 'authority', t));
    expect(e).toMatchObject({ type: 'repaired', actor: 'authority', at: t });
    expect(e.reason).toMatch(/repair granted/);
    expect(c.stateAt(before(t))).toBe('in force');
    expect(c.stateAt(t)).toBe('repaired');
  });

  function withFulfilment(c: Case, when: Instant = day(100, T0), recordedAt: Instant = when): Case {
    c.append({
      recordId: 1,
      subject: 'S',
      type: 'fulfilled',
      at: when,
      recordedAt,
      actor: 'court-1',
      reason: undefined,
      fields: undefined,
    });
    return c;
  }
  function repaired(): Case {
    const c = withFulfilment(debt());
    c.add('repaired', day(400, T0));
    return c;
  }
  function revoked(): Case {
    const c = debt();
    c.add('revoked', day(40, T0));
    return c;
  }
});

// Issue 10, failure 2: objections, once and final. Every state a record's due process can be in,
// crossed with every action on it, each allowed ('ok') or refused with its stable code; then what
// the reference evaluator makes of a repeat objection (it never lifts the effect).
describe('the objection state machine: every (state, action) pair', () => {
  const DECIDED = day(12, T0);
  /** The record's notice (its acceptance, T0) + P1Y: the last instant a repeat can be filed. */
  const REPEAT_END = at('2027-01-01T00:00:00Z');
  const EFFECT_END = at('2029-01-01T00:00:00Z');

  interface Situation {
    readonly c: Case;
    readonly now: Instant;
  }

  const objected = (c: Case, when: Instant, evidence = 'Receipt A') =>
    c.append(fileObjection(c, { grounds: 'I paid', evidence }, when));
  const decide = (c: Case, when: Instant, outcome: 'upheld' | 'revoked' = 'upheld') => {
    const objections = dueProcessOf(c.record, c.category, c.events).objections;
    const last = objections[objections.length - 1];
    if (!last) throw new Error('no objection');
    return c.append(decideObjection(c, last.id, COURT, { outcome, reason: 'checked' }, when));
  };
  const decidedCase = (): Case => {
    const c = debt();
    objected(c, O);
    decide(c, DECIDED);
    return c;
  };
  const underAppeal = (): Case => {
    const c = decidedCase();
    c.append(fileAppeal(c, { grounds: 'review it', evidence: 'Letter B' }, day(13, T0)));
    return c;
  };

  const states: Record<string, () => Situation> = {
    'no objection': () => ({ c: debt(), now: O }),
    open: () => {
      const c = debt();
      objected(c, O);
      return { c, now: day(11, T0) };
    },
    'open and overdue': () => {
      const c = debt();
      objected(c, O);
      return { c, now: day(30, T0) };
    },
    'decided, appealable': () => ({ c: decidedCase(), now: day(13, T0) }),
    'decided, appeal window over': () => ({ c: decidedCase(), now: day(40, T0) }),
    'under appeal': () => ({ c: underAppeal(), now: day(14, T0) }),
    final: () => {
      const c = underAppeal();
      const appeal = dueProcessOf(c.record, c.category, c.events).objections[0]?.appeal;
      c.append(
        decideAppeal(
          c,
          appeal?.id ?? -1,
          AUTHORITY,
          { outcome: 'upheld', reason: 'stands' },
          day(15, T0),
        ),
      );
      return { c, now: day(16, T0) };
    },
    'repeat open': () => {
      const c = decidedCase();
      objected(c, day(13, T0), 'Receipt A\nBank statement C');
      return { c, now: day(14, T0) };
    },
    'repeat decided': () => {
      const c = decidedCase();
      objected(c, day(13, T0), 'Bank statement C');
      decide(c, day(14, T0));
      return { c, now: day(15, T0) };
    },
    'decided, repeat window over': () => ({ c: decidedCase(), now: REPEAT_END }),
    revoked: () => {
      const c = debt();
      objected(c, O);
      decide(c, DECIDED, 'revoked');
      return { c, now: day(13, T0) };
    },
    'open, record expired': () => {
      const c = debt();
      objected(c, O);
      return { c, now: EFFECT_END };
    },
  };

  const latest = (c: Case) => {
    const objections = dueProcessOf(c.record, c.category, c.events).objections;
    return objections[objections.length - 1];
  };
  const actions: Record<string, (s: Situation) => unknown> = {
    'object with new evidence': ({ c, now }) =>
      fileObjection(c, { grounds: 'again', evidence: 'Court receipt Z' }, now),
    'object without evidence': ({ c, now }) => fileObjection(c, { grounds: 'again' }, now),
    'object with evidence offered before': ({ c, now }) =>
      fileObjection(c, { grounds: 'again', evidence: '  receipt   a \n\n' }, now),
    'decide the latest objection': ({ c, now }) =>
      decideObjection(c, latest(c)?.id ?? 999, COURT, { outcome: 'upheld', reason: 'x' }, now),
    appeal: ({ c, now }) => fileAppeal(c, { grounds: 'review it' }, now),
    'decide the appeal': ({ c, now }) =>
      decideAppeal(
        c,
        latest(c)?.appeal?.id ?? 999,
        AUTHORITY,
        { outcome: 'upheld', reason: 'x' },
        now,
      ),
  };

  // prettier-ignore
  const table: Record<string, readonly string[]> = {
    //                              new evidence             no evidence              evidence offered before   decide objection     appeal                 decide appeal
    'no objection':                ['ok',                    'ok',                    'ok',                     'ObjectionNotFound', 'NothingToAppeal',     'AppealNotFound'],
    open:                          ['ObjectionOpen',         'ObjectionOpen',         'ObjectionOpen',          'ok',                'NothingToAppeal',     'AppealNotFound'],
    'open and overdue':            ['ObjectionOpen',         'ObjectionOpen',         'ObjectionOpen',          'ok',                'NothingToAppeal',     'AppealNotFound'],
    'decided, appealable':         ['ok',                    'ObjectionNoNewEvidence', 'ObjectionNoNewEvidence', 'ObjectionDecided',  'ok',                  'AppealNotFound'],
    'decided, appeal window over': ['ok',                    'ObjectionNoNewEvidence', 'ObjectionNoNewEvidence', 'ObjectionDecided',  'AppealWindowClosed',  'AppealNotFound'],
    'under appeal':                ['AppealOpen',            'AppealOpen',            'AppealOpen',             'ObjectionDecided',  'AppealOpen',          'ok'],
    final:                         ['DecisionFinal',         'DecisionFinal',         'DecisionFinal',          'ObjectionDecided',  'DecisionFinal',       'AppealDecided'],
    'repeat open':                 ['ObjectionOpen',         'ObjectionOpen',         'ObjectionOpen',          'ok',                'NothingToAppeal',     'AppealNotFound'],
    'repeat decided':              ['ok',                    'ObjectionNoNewEvidence', 'ObjectionNoNewEvidence', 'ObjectionDecided',  'ok',                  'AppealNotFound'],
    'decided, repeat window over': ['ObjectionWindowClosed', 'ObjectionWindowClosed', 'ObjectionWindowClosed',  'ObjectionDecided',  'AppealWindowClosed',  'AppealNotFound'],
    revoked:                       ['RecordClosed',          'RecordClosed',          'RecordClosed',           'ObjectionDecided',  'RecordClosed',        'AppealNotFound'],
    'open, record expired':        ['RecordExpired',         'RecordExpired',         'RecordExpired',          'ok',                'RecordExpired',       'AppealNotFound'],
  };

  const cases = Object.entries(table).flatMap(([state, codes]) =>
    Object.keys(actions).map((action, i) => [state, action, codes[i] ?? '?'] as const),
  );

  it('covers every state and every action', () => {
    expect(Object.keys(table).sort()).toEqual(Object.keys(states).sort());
    for (const codes of Object.values(table)) expect(codes).toHaveLength(6);
  });

  it.each(cases)('%s, %s: %s', (state, action, expected) => {
    const setUp = states[state];
    const act = actions[action];
    if (!setUp || !act) throw new Error(`${state} / ${action}`);
    const situation = setUp();
    const before = situation.c.events.length;
    expect(codeOf(() => act(situation))).toBe(expected);
    expect(situation.c.events).toHaveLength(before);
  });

  it('takes a repeat 1 ms before the notice + P1Y and refuses it at that instant, with the dates', () => {
    const c = decidedCase();
    expect(
      codeOf(() => fileObjection(c, { grounds: 'g', evidence: 'new' }, before(REPEAT_END))),
    ).toBe('ok');
    let message = '';
    try {
      fileObjection(c, { grounds: 'g', evidence: 'new' }, REPEAT_END);
    } catch (error) {
      message = (error as DomainError).message;
    }
    expect(message).toContain('2027-01-01T00:00:00.000Z');
    expect(message).toContain('2026-01-01T00:00:00.000Z');
  });

  it('judges evidence new line by line: one line not offered before is enough', () => {
    const c = decidedCase();
    const e = fileObjection(c, { grounds: 'g', evidence: 'receipt a\nWitness D' }, day(14, T0));
    expect(e.fields).toEqual({ evidence: 'receipt a\nWitness D' });
    let message = '';
    try {
      fileObjection(c, { grounds: 'g', evidence: 'RECEIPT A' }, day(14, T0));
    } catch (error) {
      message = (error as DomainError).message;
    }
    expect(message).toMatch(/not offered before/);
    expect(message).toContain('2026-01-23T00:00:00.000Z'); // the appeal is still open until then
  });

  it('marks the first objection of a record, and only it, as the one whose deadline lifts the effect', () => {
    const c = decidedCase();
    objected(c, day(13, T0), 'Bank statement C');
    const objections = dueProcessOf(c.record, c.category, c.events).objections;
    expect(objections.map((o) => o.repeat)).toEqual([false, true]);
  });

  it('no sequence of objections and appeals keeps a record from counting beyond its first objection', () => {
    const step = fc.record({
      action: fc.constantFrom('object', 'appeal', 'agency decides', 'authority decides'),
      gapDays: fc.integer({ min: 0, max: 40 }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const c = debt();
        let t: number = O;
        let n = 0;
        for (const { action, gapDays } of steps) {
          t += gapDays * DAY + 1;
          const now = instant(t);
          const last = latest(c);
          n += 1;
          try {
            if (action === 'object')
              c.append(fileObjection(c, { grounds: 'g', evidence: `item ${n}` }, now));
            else if (action === 'appeal') c.append(fileAppeal(c, { grounds: 'g' }, now));
            else if (action === 'agency decides')
              c.append(
                decideObjection(c, last?.id ?? -1, COURT, { outcome: 'upheld', reason: 'r' }, now),
              );
            else
              c.append(
                decideAppeal(
                  c,
                  last?.appeal?.id ?? -1,
                  AUTHORITY,
                  { outcome: 'upheld', reason: 'r' },
                  now,
                ),
              );
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
          }
        }
        const first = c.events.find((e) => e.type === 'objected');
        const firstDecision = c.events.find(
          (e) => e.type === 'upheld' && (first === undefined || e.seq > first.seq),
        );
        const from = first === undefined ? Infinity : first.at + 15 * DAY;
        const until = firstDecision?.at ?? Infinity;
        const probes = c.events.flatMap((e) => [e.at, e.at + 15 * DAY, e.at + 15 * DAY - 1]);
        for (const p of [...probes, T0, t + 400 * DAY]) {
          const expected = p >= from && p < until ? 'objection-overdue' : 'in force';
          expect(c.stateAt(instant(p))).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  describe('the effect of a repeat objection', () => {
    it('upheld, then objected again with new evidence: the record keeps counting past the repeat deadline', () => {
      const c = decidedCase();
      const repeat = objected(c, day(13, T0), 'Bank statement C');
      const deadline = day(28, T0); // the repeat's objectedAt + P15D
      expect(c.stateAt(before(deadline))).toBe('in force');
      expect(c.stateAt(deadline)).toBe('in force');
      expect(c.stateAt(day(300, T0))).toBe('in force');
      const [, view] = dueProcessOf(c.record, c.category, c.events).objections;
      expect(view?.id).toBe(repeat.seq);
      expect(view && isOverdue(view, deadline)).toBe(true);
    });

    it('a repeat pending keeps the record counting; decided revoked, it lifts for good at the decision', () => {
      const c = decidedCase();
      objected(c, day(13, T0), 'Bank statement C');
      decide(c, day(40, T0), 'revoked');
      expect(c.stateAt(before(day(40, T0)))).toBe('in force');
      expect(c.stateAt(day(40, T0))).toBe('revoked');
    });

    it('the first objection, overdue, still lifts the effect at its deadline (C8)', () => {
      const c = debt();
      objected(c, O);
      expect(c.stateAt(DEADLINE)).toBe('objection-overdue');
    });
  });
});

// A guard for the fixtures above: T0 is midnight UTC.
it('fixtures', () => {
  expect(T0).toBe(instant(Date.UTC(2026, 0, 1)));
});
