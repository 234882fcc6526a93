// The reference evaluator, clause by clause (policy.md, "Semantics at an instant t"): subjects,
// score, grade, sanction and incentive lists, measures in effect. Each boundary is checked one
// millisecond before, at, and after.
import { describe, expect, it } from 'vitest';
import {
  after,
  aMeasure,
  anIncentiveList,
  anOrganization,
  aPerson,
  aPolicy,
  aSanctionList,
  at,
  before,
  day,
  ev,
  evaluate,
  iso,
  rec,
  T0,
  type RecordSpec,
} from '../../../test/factories/scoring.js';
import type { CompiledPolicy } from '../policy/index.js';
import { addDuration, tryParseDuration } from '../time/duration.js';
import { instant, type Instant } from '../time/instant.js';
import type { RecordHistory, SubjectEvaluation, SubjectHistory } from './evaluation-types.js';
import { roundHalfAwayFromZero, weighedPoints } from './subject-evaluate.js';

const plus = (t: Instant, text: string): Instant => addDuration(t, tryParseDuration(text)!);

/** A policy scoring court.debt -100 (cap 300), listing it on `debtors` (P10D), with measures. */
const DEBT_POLICY = aPolicy({
  rules: [{ id: 'debt', category: 'court.debt', points: -100, cap: 300 }],
  lists: [aSanctionList('debtors', ['court.debt'])],
  measures: [aMeasure('flight', 'restriction', ['debtors'])],
});

const debtOf = (spec: Partial<RecordSpec> = {}) => rec({ id: 1, category: 'court.debt', ...spec });

describe('subjects: who is scorable at t', () => {
  const born = (text: string) => aPerson([], { birth: at(text) });
  it.each<[string, SubjectHistory, Instant, boolean]>([
    [
      'a person is not scorable one ms before the 18th birthday',
      born('2008-01-15'),
      before(at('2026-01-15')),
      false,
    ],
    ['a person is scorable from the 18th birthday', born('2008-01-15'), at('2026-01-15'), true],
    [
      'a person is scorable after the 18th birthday',
      born('2008-01-15'),
      after(at('2026-01-15')),
      true,
    ],
    [
      'a person born on 29 Feb is not scorable one ms before 28 Feb of the 18th year',
      born('2008-02-29'),
      before(at('2026-02-28')),
      false,
    ],
    [
      'a person born on 29 Feb is scorable from 28 Feb of a non-leap 18th year',
      born('2008-02-29'),
      at('2026-02-28'),
      true,
    ],
    ['a person without a birth date is not scorable', aPerson([], { birth: undefined }), T0, false],
    [
      'a person is scorable one ms before death',
      aPerson([], { closure: { at: day(5), recordedAt: day(5) } }),
      before(day(5)),
      true,
    ],
    [
      'a person is not scorable from death',
      aPerson([], { closure: { at: day(5), recordedAt: day(5) } }),
      day(5),
      false,
    ],
    [
      'a person is not scorable after death',
      aPerson([], { closure: { at: day(5), recordedAt: day(5) } }),
      after(day(5)),
      false,
    ],
    [
      'a death recorded later than it happened is not seen before it is recorded',
      aPerson([], { closure: { at: day(5), recordedAt: day(9) } }),
      before(day(9)),
      true,
    ],
    [
      'a death recorded later than it happened closes the subject once recorded',
      aPerson([], { closure: { at: day(5), recordedAt: day(9) } }),
      day(9),
      false,
    ],
    [
      'an organisation is scorable without any birth date',
      anOrganization([]),
      at('1990-01-01'),
      true,
    ],
    [
      'an organisation is scorable one ms before dissolution',
      anOrganization([], { at: day(5), recordedAt: day(5) }),
      before(day(5)),
      true,
    ],
    [
      'an organisation is not scorable from dissolution',
      anOrganization([], { at: day(5), recordedAt: day(5) }),
      day(5),
      false,
    ],
    [
      'a dissolution recorded late is not seen before it is recorded',
      anOrganization([], { at: day(5), recordedAt: day(9) }),
      before(day(9)),
      true,
    ],
    [
      'a dissolution recorded late closes the organisation once recorded',
      anOrganization([], { at: day(5), recordedAt: day(9) }),
      day(9),
      false,
    ],
  ])('%s', (_name, subject, t, scorable) => {
    const e = evaluate(subject, DEBT_POLICY, t);
    expect(e.scorable).toBe(scorable);
    expect(e.score === null).toBe(!scorable);
  });

  it('gives a subject that is not scorable no score, grade, base, explanation, lists or measures', () => {
    const subject = aPerson([debtOf({ occurredAt: at('2025-01-01') })], {
      closure: { at: T0, recordedAt: T0 },
    });
    expect(evaluate(subject, DEBT_POLICY, day(30))).toMatchObject({
      scorable: false,
      score: null,
      grade: null,
      base: null,
      unclamped: null,
      clamped: false,
      contributions: [],
      ruleTotals: [],
      notInForce: [],
      lists: [],
      measures: [],
    });
  });

  it('lists and sanctions the same subject one ms before it is closed', () => {
    const subject = aPerson([debtOf({ occurredAt: at('2025-01-01') })], {
      closure: { at: T0, recordedAt: T0 },
    });
    const e = evaluate(subject, DEBT_POLICY, before(T0));
    expect(e.lists.map((l) => l.list)).toEqual(['debtors']);
    expect(e.measures.map((m) => m.measure)).toEqual(['flight']);
  });
});

describe('score: records in force', () => {
  it.each<[string, RecordSpec, Instant, number, string | null]>([
    [
      'ignores a record one ms before it is recorded',
      { id: 1, category: 'court.debt', recordedAt: day(3) },
      before(day(3)),
      1000,
      null,
    ],
    [
      'scores a record from when it is recorded',
      { id: 1, category: 'court.debt', recordedAt: day(3) },
      day(3),
      900,
      null,
    ],
    [
      'scores a record one ms before its effect end',
      { id: 1, category: 'court.debt' },
      before(at('2029-01-01')),
      900,
      null,
    ],
    [
      'stops scoring a record at its effect end',
      { id: 1, category: 'court.debt' },
      at('2029-01-01'),
      1000,
      'expired',
    ],
    [
      'does not re-age a record: a suspension and resumption never extend its effect',
      {
        id: 1,
        category: 'court.debt',
        events: [ev('suspended', day(100)), ev('resumed', day(400))],
      },
      at('2029-01-01'),
      1000,
      'expired',
    ],
    [
      'stops scoring a revoked record',
      { id: 1, category: 'court.debt', events: [ev('revoked', day(5))] },
      day(5),
      1000,
      'revoked',
    ],
    [
      'stops scoring a repaired record',
      { id: 1, category: 'court.debt', events: [ev('repaired', day(5))] },
      day(5),
      1000,
      'repaired',
    ],
    [
      'stops scoring a fulfilled record whose category ends when fulfilled',
      { id: 1, category: 'court.debt', events: [ev('fulfilled', day(5))] },
      day(5),
      1000,
      'fulfilled',
    ],
    [
      'keeps scoring a fulfilled record whose category does not end when fulfilled',
      { id: 1, category: 'court.contempt', events: [ev('fulfilled', day(5))] },
      day(5),
      900,
      null,
    ],
    [
      'stops scoring a suspended record',
      { id: 1, category: 'court.debt', events: [ev('suspended', day(5))] },
      day(5),
      1000,
      'suspended',
    ],
    [
      'scores again at resumption',
      { id: 1, category: 'court.debt', events: [ev('suspended', day(5)), ev('resumed', day(8))] },
      day(8),
      900,
      null,
    ],
    [
      'stops scoring at an overdue objection deadline',
      { id: 1, category: 'court.debt', events: [ev('objected', day(5))] },
      day(20),
      1000,
      'objection-overdue',
    ],
    [
      'scores until one ms before an objection deadline',
      { id: 1, category: 'court.debt', events: [ev('objected', day(5))] },
      before(day(20)),
      900,
      null,
    ],
    [
      'scores again when an overdue objection is upheld',
      { id: 1, category: 'court.debt', events: [ev('objected', day(5)), ev('upheld', day(30))] },
      day(30),
      900,
      null,
    ],
  ])('%s', (_name, spec, t, score, reason) => {
    const policy = aPolicy({
      rules: [
        { id: 'debt', category: 'court.debt', points: -100 },
        { id: 'contempt', category: 'court.contempt', points: -100 },
      ],
    });
    const e = evaluate(aPerson([rec(spec)]), policy, t);
    expect(e.score).toBe(score);
    expect(e.notInForce).toEqual(
      reason === null ? [] : [{ recordId: 1, category: spec.category, reason }],
    );
    expect(e.contributions.map((c) => c.recordId)).toEqual(score === 1000 ? [] : [1]);
  });

  it('lists visible records that do not count, with why, and records not yet recorded nowhere', () => {
    const e = evaluate(
      aPerson([
        rec({ id: 1, category: 'court.debt', events: [ev('fulfilled', day(1))] }),
        rec({ id: 2, category: 'court.debt', recordedAt: day(50) }),
        rec({ id: 3, category: 'court.debt' }),
      ]),
      DEBT_POLICY,
      day(10),
    );
    expect(e.notInForce).toEqual([{ recordId: 1, category: 'court.debt', reason: 'fulfilled' }]);
    expect(e.contributions.map((c) => c.recordId)).toEqual([3]);
  });
});

describe('score: linear decay', () => {
  // traffic.offence lasts P100D: D = 100 whole days. points -100 gives round(-100 × (100 - d) / 100).
  const policy = aPolicy({
    rules: [{ id: 'offence', category: 'traffic.offence', points: -100, decay: 'linear' }],
  });
  const offence = aPerson([rec({ id: 1, category: 'traffic.offence', occurredAt: T0 })]);
  it.each<[string, Instant, number, number]>([
    ['counts in full at d = 0 (the instant of the conduct)', T0, -100, 1],
    ['still counts in full one ms before the first day ends', before(day(1)), -100, 1],
    ['loses one hundredth at d = 1', day(1), -99, 0.99],
    ['uses whole days: one ms before day 50 is still d = 49', before(day(50)), -51, 0.51],
    ['counts half at mid-life, d = 50', day(50), -50, 0.5],
    ['is at its smallest at d = D - 1, one ms before the effect end', before(day(100)), -1, 0.01],
  ])('%s', (_name, t, points, weight) => {
    const e = evaluate(offence, policy, t);
    expect(e.contributions).toMatchObject([{ rule: 'offence', points }]);
    expect(e.contributions[0]?.weight).toBeCloseTo(weight, 12);
    expect(e.score).toBe(1000 + points);
  });

  it('counts nothing at d = D, the effect end', () => {
    expect(evaluate(offence, policy, day(100)).contributions).toEqual([]);
  });

  it('measures d from occurredAt, not from recordedAt', () => {
    const late = aPerson([
      rec({ id: 1, category: 'traffic.offence', occurredAt: T0, recordedAt: day(50) }),
    ]);
    expect(evaluate(late, policy, day(50)).contributions[0]?.points).toBe(-50);
  });
});

describe('score: rounding half away from zero', () => {
  // Points p decaying linearly over D = 100 days, read at d = 50: p / 2.
  it.each<[number, number]>([
    [-5, -3],
    [5, 3],
    [-3, -2],
    [3, 2],
    [-1, -1],
    [1, 1],
    [-4, -2],
  ])('rounds %d × 0.5 to %d', (p, expected) => {
    const policy = aPolicy({
      rules: [{ id: 'offence', category: 'traffic.offence', points: p, decay: 'linear' }],
    });
    const e = evaluate(aPerson([rec({ id: 1, category: 'traffic.offence' })]), policy, day(50));
    expect(e.contributions[0]?.points).toBe(expected);
  });

  it('never gives minus zero for a small negative contribution', () => {
    const policy = aPolicy({
      rules: [{ id: 'offence', category: 'traffic.offence', points: -40, decay: 'linear' }],
    });
    const e = evaluate(aPerson([rec({ id: 1, category: 'traffic.offence' })]), policy, day(99));
    expect(Object.is(e.contributions[0]?.points, 0)).toBe(true);
  });

  it('takes whole points only: a double points expression is refused, integer division truncates', () => {
    expect(() =>
      aPolicy({ rules: [{ id: 'help', category: 'civic.help', points: 'double(hours) / 4.0' }] }),
    ).toThrow(/PolicyPointsNotInteger/);
    const policy = aPolicy({
      rules: [{ id: 'help', category: 'civic.help', points: 'hours / 4' }],
    });
    const e = evaluate(
      aPerson([rec({ id: 1, category: 'civic.help', fields: { hours: 10 } })]),
      policy,
      T0,
    );
    expect(e.contributions[0]?.points).toBe(2);
  });

  it('computes a tie exactly: -30 × (1 - 5/12) is -17.5 and rounds to -18', () => {
    // In floating point, -30 × (1 - 5/12) is -17.499999999999996.
    const rule = aPolicy({
      rules: [{ id: 'offence', category: 'traffic.offence', points: -30, decay: 'linear' }],
    }).rules[0]!;
    expect(weighedPoints(-30, rule, T0, day(12), day(5)).points).toBe(-18);
  });

  it.each<[number, number]>([
    [2.5, 3],
    [-2.5, -3],
    [2.4, 2],
    [-2.4, -2],
    [-0.4, 0],
  ])('roundHalfAwayFromZero(%d) is %d', (x, r) => {
    expect(roundHalfAwayFromZero(x)).toBe(r);
  });
});

describe('score: rules, caps and bounds', () => {
  const debts = (...amounts: number[]) =>
    aPerson(
      amounts.map((amount, i) => rec({ id: i + 1, category: 'court.debt', fields: { amount } })),
    );

  it.each<[string, number[], number, number]>([
    ['keeps a negative total inside its cap', [1, 1], -200, -200],
    ['keeps a negative total exactly at its cap', [1, 1, 1], -300, -300],
    ['limits a negative total beyond its cap to -cap', [1, 1, 1, 1], -400, -300],
  ])('%s', (_name, amounts, total, capped) => {
    const e = evaluate(debts(...amounts), DEBT_POLICY, day(1));
    expect(e.ruleTotals).toEqual([{ rule: 'debt', total, capped }]);
    expect(e.score).toBe(1000 + capped);
  });

  it.each<[string, number, number, number]>([
    ['keeps a positive total exactly at its cap', 3, 150, 150],
    ['limits a positive total beyond its cap to cap', 4, 200, 150],
  ])('%s', (_name, n, total, capped) => {
    const policy = aPolicy({
      rules: [{ id: 'help', category: 'civic.help', points: 50, cap: 150 }],
    });
    const helps = Array.from({ length: n }, (_, i) => rec({ id: i + 1, category: 'civic.help' }));
    const e = evaluate(aPerson(helps), policy, T0);
    expect(e.ruleTotals).toEqual([{ rule: 'help', total, capped }]);
    expect(e.score).toBe(1000 + capped);
  });

  it.each<[string, number, number, number, boolean]>([
    ['clamps a score below the lower bound to it', -1001, -1, 0, true],
    ['leaves a score exactly at the lower bound', -1000, 0, 0, false],
    ['leaves a score exactly at the upper bound', 1000, 2000, 2000, false],
    ['clamps a score above the upper bound to it', 1001, 2001, 2000, true],
  ])('%s', (_name, points, unclamped, score, clamped) => {
    const policy = aPolicy({ rules: [{ id: 'any', category: 'civic.help', points }] });
    const e = evaluate(aPerson([rec({ id: 1, category: 'civic.help' })]), policy, T0);
    expect(e).toMatchObject({ base: 1000, unclamped, score, clamped });
  });

  it('uses the base of the subject kind', () => {
    const policy = aPolicy({ base: { person: 1000, organization: 700 } });
    expect(evaluate(anOrganization([]), policy, T0).score).toBe(700);
    expect(evaluate(aPerson([]), policy, T0).score).toBe(1000);
  });

  const tiered = aPolicy({
    rules: [
      { id: 'major', category: 'court.debt', when: 'amount >= 1000000', points: -150 },
      { id: 'debt', category: 'court.debt', points: -100 },
      { id: 'court-other', category: 'court.*', points: -70 },
    ],
  });
  it.each<[string, RecordSpec, string | null, number]>([
    [
      'scores a record by the first rule that matches',
      { id: 1, category: 'court.debt', fields: { amount: 2_000_000 } },
      'major',
      -150,
    ],
    [
      'falls through a rule whose when fails to the next one',
      { id: 1, category: 'court.debt', fields: { amount: 999_999 } },
      'debt',
      -100,
    ],
    [
      'scores by a prefix pattern what no earlier rule matched',
      { id: 1, category: 'court.contempt' },
      'court-other',
      -70,
    ],
    [
      'contributes 0 with rule null when no rule matches',
      { id: 1, category: 'police.fine' },
      null,
      0,
    ],
  ])('%s', (_name, spec, rule, points) => {
    const e = evaluate(aPerson([rec(spec)]), tiered, T0);
    expect(e.contributions).toMatchObject([{ recordId: 1, rule, points }]);
    expect(e.score).toBe(1000 + points);
  });

  it('contributes 0 with rule null when every candidate rule has a `when` that fails', () => {
    const policy = aPolicy({
      rules: [{ id: 'major', category: 'court.debt', when: 'amount >= 1000000', points: -150 }],
    });
    const e = evaluate(
      aPerson([rec({ id: 1, category: 'court.debt', fields: { amount: 5 } })]),
      policy,
      T0,
    );
    expect(e.contributions).toMatchObject([{ recordId: 1, rule: null, points: 0, weight: 1 }]);
    expect(e.ruleTotals).toEqual([]);
    expect(e.score).toBe(1000);
  });

  it('never lets a later rule score a record an earlier rule matched', () => {
    const e = evaluate(
      aPerson([rec({ id: 1, category: 'court.debt', fields: { amount: 2_000_000 } })]),
      tiered,
      T0,
    );
    expect(e.ruleTotals).toEqual([{ rule: 'major', total: -150, capped: -150 }]);
  });

  it('gives rule totals in policy order', () => {
    const e = evaluate(
      aPerson([
        rec({ id: 1, category: 'court.contempt' }),
        rec({ id: 2, category: 'court.debt', fields: { amount: 1 } }),
        rec({ id: 3, category: 'court.debt', fields: { amount: 2_000_000 } }),
      ]),
      tiered,
      T0,
    );
    expect(e.ruleTotals.map((r) => r.rule)).toEqual(['major', 'debt', 'court-other']);
  });

  it('evaluates a points expression on the record fields (CEL integer division)', () => {
    const policy = aPolicy({
      rules: [{ id: 'help', category: 'civic.help', points: 'hours / 10' }],
    });
    const e = evaluate(
      aPerson([rec({ id: 1, category: 'civic.help', fields: { hours: 29 } })]),
      policy,
      T0,
    );
    expect(e.contributions[0]?.points).toBe(2);
  });

  const correctedAt = day(40);
  const corrected = aPerson([
    rec({
      id: 1,
      category: 'court.debt',
      fields: { amount: 500 },
      events: [ev('corrected', correctedAt, { fields: { amount: 2_000_000 } })],
    }),
  ]);
  it.each<[string, Instant, string]>([
    [
      'matches rules on the original fields one ms before a correction',
      before(correctedAt),
      'debt',
    ],
    ['matches rules on the corrected fields from the correction on', correctedAt, 'major'],
  ])('%s', (_name, t, rule) => {
    expect(evaluate(corrected, tiered, t).contributions[0]?.rule).toBe(rule);
  });

  it('explains what would change each contribution', () => {
    const policy = aPolicy({
      rules: [
        { id: 'debt', category: 'court.debt', points: -100 },
        { id: 'contempt', category: 'court.contempt', points: -100 },
        { id: 'help', category: 'civic.help', points: 5 },
      ],
    });
    const e = evaluate(
      aPerson([
        rec({ id: 1, category: 'court.debt' }),
        rec({ id: 2, category: 'court.contempt' }),
        rec({ id: 3, category: 'civic.help' }),
      ]),
      policy,
      day(1),
    );
    expect(e.contributions.map((c) => c.outlook)).toEqual([
      {
        endsWhenFulfilled: true,
        effectEnd: iso(at('2029-01-01')),
        repairFrom: iso(at('2027-01-01')),
      },
      {
        endsWhenFulfilled: false,
        effectEnd: iso(at('2028-01-01')),
        repairFrom: iso(at('2027-01-01')),
      },
      { endsWhenFulfilled: false, effectEnd: iso(day(100)), repairFrom: null },
    ]);
    expect(e.contributions[0]).toMatchObject({ category: 'court.debt', occurredAt: iso(T0) });
  });
});

describe('grade', () => {
  // Bands: AAA >= 1050, A >= 960, B >= 850, D >= 0. `points: hours - 1000` sets the score.
  const policy = aPolicy({
    rules: [{ id: 'set', category: 'civic.help', points: 'hours - 1000' }],
  });
  it.each<[number, string]>([
    [2000, 'AAA'],
    [1050, 'AAA'],
    [1049, 'A'],
    [960, 'A'],
    [959, 'B'],
    [850, 'B'],
    [849, 'D'],
    [0, 'D'],
  ])('a score of %d has grade %s', (score, grade) => {
    const e = evaluate(
      aPerson([rec({ id: 1, category: 'civic.help', fields: { hours: score } })]),
      policy,
      T0,
    );
    expect(e.score).toBe(score);
    expect(e.grade).toBe(grade);
  });
});

describe('sanction lists', () => {
  const recorded = day(2);
  const noticeEnd = day(12); // recordedAt + P10D
  const debt = aPerson([debtOf({ occurredAt: T0, recordedAt: recorded })]);

  it.each<[string, Instant, boolean]>([
    [
      'does not list one ms before the notice period has run from acceptance',
      before(noticeEnd),
      false,
    ],
    ['lists exactly when the notice period has run', noticeEnd, true],
    ['lists after the notice period', after(noticeEnd), true],
  ])('%s', (_name, t, listed) => {
    const e = evaluate(debt, DEBT_POLICY, t);
    expect(e.lists.length > 0).toBe(listed);
    expect(e.measures.length > 0).toBe(listed);
    // The score does not wait for the notice: only the listing does.
    expect(e.score).toBe(900);
  });

  it('gives the list, its reasons, since = notice end and until = effect end', () => {
    const e = evaluate(debt, DEBT_POLICY, day(100));
    expect(e.lists).toEqual([
      {
        list: 'debtors',
        kind: 'sanction',
        label: 'List debtors',
        legalBasis: 'Basis of debtors, art. 2',
        since: iso(noticeEnd),
        until: iso(at('2029-01-01')),
        records: [1],
      },
    ]);
    expect(e.measures).toEqual([
      {
        measure: 'flight',
        kind: 'restriction',
        label: 'Measure flight',
        legalBasis: 'Basis of flight, art. 4',
        lists: ['debtors'],
      },
    ]);
  });

  it('counts the notice from acceptance even for old conduct', () => {
    const old = aPerson([debtOf({ occurredAt: at('2025-01-01'), recordedAt: T0 })]);
    expect(evaluate(old, DEBT_POLICY, before(day(10))).lists).toEqual([]);
    expect(evaluate(old, DEBT_POLICY, day(10)).lists[0]?.since).toBe(iso(day(10)));
  });

  it.each<[string, RecordSpec]>([
    [
      'drops a fulfilled record from the list',
      { id: 1, category: 'court.debt', events: [ev('fulfilled', day(20))] },
    ],
    [
      'drops a suspended record from the list',
      { id: 1, category: 'court.debt', events: [ev('suspended', day(20))] },
    ],
    [
      'drops a record whose objection is overdue',
      { id: 1, category: 'court.debt', events: [ev('objected', day(5))] },
    ],
    ['drops an expired record', { id: 1, category: 'court.debt', occurredAt: at('2023-01-01') }],
    ['does not list a category the list does not name', { id: 1, category: 'court.contempt' }],
  ])('%s', (_name, spec) => {
    expect(evaluate(aPerson([rec(spec)]), DEBT_POLICY, day(30)).lists).toEqual([]);
  });

  const bigDebts = aPolicy({
    lists: [aSanctionList('big', ['court.debt'], { when: 'amount >= 1000000' })],
  });
  const correctedAt = day(40);
  const small = aPerson([
    debtOf({
      fields: { amount: 500 },
      events: [ev('corrected', correctedAt, { fields: { amount: 2_000_000 } })],
    }),
  ]);
  it.each<[string, Instant, string | undefined]>([
    ['does not list on fields the list `when` rejects', before(correctedAt), undefined],
    ['lists from the correction that makes `when` hold', correctedAt, iso(correctedAt)],
    ['keeps the correction instant as since', day(60), iso(correctedAt)],
  ])('%s', (_name, t, since) => {
    expect(evaluate(small, bigDebts, t).lists[0]?.since).toBe(since);
  });

  it('lists with every qualifying record and until = the latest effect end among them', () => {
    const policy = aPolicy({ lists: [aSanctionList('court', ['court.debt', 'court.contempt'])] });
    const e = evaluate(
      aPerson([
        rec({ id: 1, category: 'court.debt', occurredAt: T0 }), // ends 2029-01-01
        rec({ id: 2, category: 'court.contempt', occurredAt: day(200) }), // ends 2028-07-20
        rec({ id: 3, category: 'court.debt', occurredAt: day(100) }), // ends 2029-04-11
        rec({ id: 4, category: 'court.debt', occurredAt: day(100), recordedAt: day(300) }), // no notice yet
      ]),
      policy,
      day(305),
    );
    expect(e.lists[0]).toMatchObject({
      records: [1, 2, 3],
      until: iso(at('2029-04-11')),
      since: iso(day(10)),
    });
  });

  it.each<[string, RecordHistory[], Instant, Instant]>([
    [
      'restarts since after a suspension breaks the membership',
      [debtOf({ events: [ev('suspended', day(30)), ev('resumed', day(50))] })],
      day(60),
      day(50),
    ],
    [
      'keeps since across a suspension covered by another qualifying record',
      [
        debtOf({ events: [ev('suspended', day(30)), ev('resumed', day(50))] }),
        rec({ id: 2, category: 'court.debt', occurredAt: day(5) }),
      ],
      day(60),
      day(10),
    ],
    [
      'keeps since when a second record takes over before the first ends',
      [
        debtOf({ events: [ev('fulfilled', day(40))] }),
        rec({ id: 2, category: 'court.debt', occurredAt: day(20) }),
      ],
      day(60),
      day(10),
    ],
    [
      'starts since at the second record when there was a gap',
      [
        debtOf({ events: [ev('fulfilled', day(15))] }),
        rec({ id: 2, category: 'court.debt', occurredAt: day(20) }),
      ],
      day(60),
      day(30),
    ],
    [
      'restarts since when an upheld objection brings the record back',
      [debtOf({ events: [ev('objected', day(11)), ev('upheld', day(35))] })],
      day(60),
      day(35),
    ],
  ])('%s', (_name, specs, t, since) => {
    const e = evaluate(aPerson(specs), DEBT_POLICY, t);
    expect(e.lists[0]?.since).toBe(iso(since));
  });

  it('is not listed during the suspension itself', () => {
    const e = evaluate(
      aPerson([debtOf({ events: [ev('suspended', day(30)), ev('resumed', day(50))] })]),
      DEBT_POLICY,
      day(40),
    );
    expect(e.lists).toEqual([]);
    expect(e.measures).toEqual([]);
  });

  it('never lists a subject kind the list does not cover', () => {
    const policy = aPolicy({
      lists: [aSanctionList('firms', ['court.debt'], { subjects: ['organization'] })],
    });
    expect(evaluate(aPerson([debtOf()]), policy, day(30)).lists).toEqual([]);
    expect(evaluate(anOrganization([debtOf()]), policy, day(30)).lists.map((l) => l.list)).toEqual([
      'firms',
    ]);
  });

  it('lists even when no rule scores the record (charter C5: lists come from records, not scores)', () => {
    const policy = aPolicy({ lists: [aSanctionList('debtors', ['court.debt'])] });
    const e = evaluate(aPerson([debtOf()]), policy, day(30));
    expect(e.score).toBe(1000);
    expect(e.contributions).toMatchObject([{ rule: null, points: 0 }]);
    expect(e.lists.map((l) => l.list)).toEqual(['debtors']);
  });
});

describe('incentive lists', () => {
  // Base 1100 (AAA) unless told; help: +hours points, no decay; a police.fine scores 0 but is adverse.
  const honour = (
    within = 'P1Y',
    extra: { effectiveFrom?: string; base?: number } = {},
  ): CompiledPolicy =>
    aPolicy({
      rules: [{ id: 'help', category: 'civic.help', points: 'hours' }],
      lists: [anIncentiveList('honour', ['AAA'], within)],
      measures: [aMeasure('green', 'benefit', ['honour'])],
      base: { person: extra.base ?? 1100, organization: extra.base ?? 1100 },
      ...(extra.effectiveFrom === undefined ? {} : { effectiveFrom: extra.effectiveFrom }),
    });
  const helped = (...more: ReturnType<typeof rec>[]) => aPerson(more);
  const fineAt = (t: Instant, extra: Partial<RecordSpec> = {}) =>
    rec({ id: 2, category: 'police.fine', occurredAt: t, ...extra });

  it('holds a subject with a grade the list names and no recent adverse record', () => {
    const help = rec({
      id: 1,
      category: 'civic.help',
      occurredAt: day(-30),
      fields: { hours: 60 },
    });
    const e = evaluate(aPerson([help]), honour('P1Y', { base: 1000 }), T0);
    expect(e.grade).toBe('AAA');
    expect(e.lists).toEqual([
      {
        list: 'honour',
        kind: 'incentive',
        label: 'List honour',
        legalBasis: 'Basis of honour, art. 3',
        since: iso(day(-30)),
        until: null,
        records: [],
      },
    ]);
    expect(e.measures).toMatchObject([{ measure: 'green', kind: 'benefit', lists: ['honour'] }]);
  });

  it('does not hold a subject whose grade the list does not name', () => {
    const help = rec({ id: 1, category: 'civic.help', fields: { hours: 49 } });
    const e = evaluate(aPerson([help]), honour('P1Y', { base: 1000 }), T0);
    expect(e.grade).toBe('A');
    expect(e.lists).toEqual([]);
  });

  const fine = day(10);
  const windowEnd = plus(fine, 'P1Y');
  it.each<[string, Instant, boolean]>([
    ['holds one ms before an adverse record occurs', before(fine), true],
    [
      'drops the subject when an adverse record occurs (occurredAt = t is in the window)',
      fine,
      false,
    ],
    ['keeps the subject off one ms before the window edge', before(windowEnd), false],
    ['holds the subject again when occurredAt = t - noAdverseWithin (excluded)', windowEnd, true],
  ])('%s', (_name, t, member) => {
    expect(evaluate(helped(fineAt(fine)), honour(), t).lists.length > 0).toBe(member);
  });

  it('restarts since at the window edge', () => {
    const e = evaluate(helped(fineAt(fine)), honour(), after(windowEnd));
    expect(e.lists[0]?.since).toBe(iso(windowEnd));
  });

  it('counts an adverse record even when it no longer has effect (fulfilled, suspended, expired)', () => {
    const suspended = fineAt(fine, { events: [ev('suspended', fine)] });
    expect(evaluate(helped(suspended), honour('P2Y'), plus(fine, 'P1Y6M')).lists).toEqual([]);
  });

  it.each<[string, Instant, boolean]>([
    ['ignores a revoked adverse record from its revocation', day(20), true],
    ['counts it one ms before its revocation', before(day(20)), false],
  ])('%s', (_name, t, member) => {
    const revoked = fineAt(fine, { events: [ev('revoked', day(20))] });
    expect(evaluate(helped(revoked), honour(), t).lists.length > 0).toBe(member);
  });

  it('ignores an adverse record until it is recorded', () => {
    const late = fineAt(fine, { recordedAt: day(15) });
    expect(evaluate(helped(late), honour(), before(day(15))).lists.length).toBe(1);
    expect(evaluate(helped(late), honour(), day(15)).lists).toEqual([]);
  });

  it('puts no condition on adverse records when noAdverseWithin is P0D', () => {
    expect(evaluate(helped(fineAt(fine)), honour('P0D'), fine).lists.length).toBe(1);
  });

  it('finds since exactly across linear decay: from the day the decayed score reaches the grade', () => {
    // Base 1100 and -100 decaying over 100 days: score = 1000 + d, AAA (>= 1050) from d = 50.
    const policy = aPolicy({
      base: { person: 1100, organization: 1100 },
      rules: [{ id: 'offence', category: 'traffic.offence', points: -100, decay: 'linear' }],
      lists: [anIncentiveList('honour', ['AAA'], 'P0D')],
    });
    const subject = aPerson([rec({ id: 1, category: 'traffic.offence', occurredAt: T0 })]);
    expect(evaluate(subject, policy, before(day(50))).lists).toEqual([]);
    expect(evaluate(subject, policy, day(50)).lists[0]?.since).toBe(iso(day(50)));
    expect(evaluate(subject, policy, day(70)).lists[0]?.since).toBe(iso(day(50)));
  });

  it('drops a member on the day decay takes the score below the grade', () => {
    const policy = aPolicy({
      rules: [{ id: 'help', category: 'civic.help', points: 100, decay: 'linear' }],
      lists: [anIncentiveList('honour', ['AAA'], 'P0D')],
    });
    const subject = aPerson([rec({ id: 1, category: 'civic.help', occurredAt: T0 })]);
    expect(evaluate(subject, policy, before(day(51))).lists[0]?.since).toBe(iso(T0));
    expect(evaluate(subject, policy, day(51)).lists).toEqual([]);
  });

  it.each<[string, SubjectHistory, string | undefined, Instant]>([
    [
      'starts a person qualifying on the base alone at the 18th birthday',
      aPerson([], { birth: at('2000-01-01') }),
      '2010-01-01T00:00:00Z',
      at('2018-01-01'),
    ],
    [
      'starts no earlier than the policy effectiveFrom',
      aPerson([], { birth: at('2000-01-01') }),
      '2020-01-01T00:00:00Z',
      at('2020-01-01'),
    ],
    [
      'starts an organisation qualifying on the base alone at the policy effectiveFrom',
      anOrganization([]),
      '2020-01-01T00:00:00Z',
      at('2020-01-01'),
    ],
    [
      'starts it at the epoch under a policy without effectiveFrom',
      anOrganization([]),
      undefined,
      instant(0),
    ],
  ])('%s', (_name, subject, effectiveFrom, since) => {
    const policy = honour('P1Y', effectiveFrom === undefined ? {} : { effectiveFrom });
    expect(evaluate(subject, policy, T0).lists[0]?.since).toBe(iso(since));
  });
});

describe('measures in effect', () => {
  it('brings every measure with a list of the subject, naming only the lists the subject is on', () => {
    const policy = aPolicy({
      rules: [{ id: 'help', category: 'civic.help', points: 'hours' }],
      lists: [
        aSanctionList('debtors', ['court.debt']),
        aSanctionList('contempt', ['court.contempt']),
        anIncentiveList('honour', ['AAA', 'A'], 'P0D'),
      ],
      measures: [
        aMeasure('flight', 'restriction', ['debtors', 'contempt']),
        aMeasure('hotel', 'restriction', ['contempt']),
        aMeasure('green', 'benefit', ['honour']),
      ],
    });
    const e: SubjectEvaluation = evaluate(aPerson([debtOf()]), policy, day(30));
    expect(e.measures.map((m) => [m.measure, m.lists])).toEqual([
      ['flight', ['debtors']],
      ['green', ['honour']],
    ]);
  });
});

describe('rule errors and absent fields', () => {
  it('scores a record without an optional field by the rule written for it, never as if it were 0', () => {
    const policy = aPolicy({
      rules: [
        {
          id: 'contempt-large',
          category: 'court.contempt',
          when: 'has(record.amount) && record.amount >= 1000',
          points: -80,
        },
        { id: 'contempt', category: 'court.contempt', points: -40 },
      ],
    });
    const e = evaluate(
      aPerson([
        rec({ id: 1, category: 'court.contempt', fields: {} }),
        rec({ id: 2, category: 'court.contempt', fields: { amount: 5000 } }),
      ]),
      policy,
      T0,
    );
    expect(e.contributions.map((c) => [c.recordId, c.rule, c.points])).toEqual([
      [1, 'contempt', -40],
      [2, 'contempt-large', -80],
    ]);
    expect(e.contributions.some((c) => c.error !== undefined)).toBe(false);
  });

  it('explains a when or points that fails as a rule error with 0 points, and never falls through to the next rule', () => {
    const policy = aPolicy({
      rules: [
        { id: 'ratio', category: 'court.debt', when: '1000 / amount > 1', points: -50 },
        { id: 'per-unit', category: 'police.fine', points: '-(1000 / amount)' },
        { id: 'debt', category: 'court.debt', points: -10 },
      ],
    });
    const e = evaluate(
      aPerson([
        rec({ id: 1, category: 'court.debt', fields: { amount: 0 } }),
        rec({ id: 2, category: 'court.debt', fields: { amount: 10 } }),
        rec({ id: 3, category: 'police.fine', fields: { amount: 0 } }),
      ]),
      policy,
      T0,
    );
    expect(e.contributions).toEqual([
      expect.objectContaining({
        recordId: 1,
        rule: 'ratio',
        points: 0,
        error: 'when: division by zero',
      }),
      expect.objectContaining({ recordId: 2, rule: 'ratio', points: -50 }),
      expect.objectContaining({
        recordId: 3,
        rule: 'per-unit',
        points: 0,
        error: 'points: division by zero',
      }),
    ]);
    expect(e.ruleTotals).toEqual([
      { rule: 'ratio', total: -50, capped: -50 },
      { rule: 'per-unit', total: 0, capped: 0 },
    ]);
    expect(e.score).toBe(950);
  });
});
