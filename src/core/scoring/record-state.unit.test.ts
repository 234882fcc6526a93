// Clauses 1-4 of "in force" (policy.md, "Records"), event visibility and field values at t, each
// at and around its boundary: one millisecond before, at, and after.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  after,
  at,
  before,
  day,
  ev,
  rec,
  T0,
  testCategory,
} from '../../../test/factories/scoring.js';
import type { RecordEventType } from '../ledger/ledger-types.js';
import { instant, type Instant } from '../time/instant.js';
import type { NotInForceReason, RecordHistory } from './evaluation-types.js';
import {
  effectEndOf,
  fieldsAt,
  nextRecordChange,
  recordChangeInstants,
  recordStateAt,
} from './record-state.js';

type Expected = 'in force' | NotInForceReason;

function stateOf(history: RecordHistory, t: Instant): Expected {
  const status = recordStateAt(history, testCategory(history.record.category), t).status;
  return status.inForce ? 'in force' : status.reason;
}

/** A court.debt (3 years, ends when fulfilled, objection deadline P15D) occurred at T0. */
function debt(events: ReturnType<typeof ev>[] = [], recordedAt: Instant = T0): RecordHistory {
  return rec({ id: 1, category: 'court.debt', occurredAt: T0, recordedAt, events });
}

/** A court.contempt (2 years, NOT ended by fulfilment, objection deadline P10D) occurred at T0. */
function contempt(events: ReturnType<typeof ev>[] = []): RecordHistory {
  return rec({ id: 2, category: 'court.contempt', occurredAt: T0, events });
}

const EFFECT_END = at('2029-01-01T00:00:00Z'); // T0 + P3Y
const RECORDED = day(2);
const S = day(10);
const R = day(20);
const S2 = day(30);
const O = day(5);
const DEADLINE = day(20); // O + P15D
const LATE = day(40);

describe('record state at t', () => {
  it.each<[string, RecordHistory, Instant, Expected]>([
    // Clause 1: recordedAt <= t
    [
      'is not yet recorded one ms before recordedAt',
      debt([], RECORDED),
      before(RECORDED),
      'not-yet-recorded',
    ],
    ['is in force from recordedAt', debt([], RECORDED), RECORDED, 'in force'],
    ['is in force one ms after recordedAt', debt([], RECORDED), after(RECORDED), 'in force'],
    // Clause 1: t < effectEnd = occurredAt + maxDuration
    ['is in force one ms before its effect end', debt(), before(EFFECT_END), 'in force'],
    ['has expired at its effect end', debt(), EFFECT_END, 'expired'],
    ['has expired after its effect end', debt(), after(EFFECT_END), 'expired'],
    [
      'is never re-aged: a later suspension, correction and upheld objection leave the end unchanged',
      debt([
        ev('suspended', day(100)),
        ev('resumed', day(200)),
        ev('corrected', day(300), { fields: { amount: 1 } }),
        ev('objected', day(400)),
        ev('upheld', day(405)),
      ]),
      EFFECT_END,
      'expired',
    ],
    [
      'reports expiry before revocation when both hold',
      debt([ev('revoked', S)]),
      EFFECT_END,
      'expired',
    ],
    // Clause 2: revoked or repaired at or before t
    ['is in force one ms before its revocation', debt([ev('revoked', S)]), before(S), 'in force'],
    ['is revoked at the revocation', debt([ev('revoked', S)]), S, 'revoked'],
    ['stays revoked after it', debt([ev('revoked', S)]), LATE, 'revoked'],
    ['is in force one ms before its repair', debt([ev('repaired', S)]), before(S), 'in force'],
    ['is repaired at the repair', debt([ev('repaired', S)]), S, 'repaired'],
    ['stays repaired after it', debt([ev('repaired', S)]), LATE, 'repaired'],
    // Visibility: a back-dated event counts only once recorded
    [
      'ignores a back-dated revocation before it is recorded',
      debt([ev('revoked', S, { recordedAt: R })]),
      before(R),
      'in force',
    ],
    [
      'applies a back-dated revocation from when it is recorded',
      debt([ev('revoked', S, { recordedAt: R })]),
      R,
      'revoked',
    ],
    // Clause 3: endsWhenFulfilled and fulfilled
    ['is in force one ms before fulfilment', debt([ev('fulfilled', S)]), before(S), 'in force'],
    [
      'ends at fulfilment when its category ends when fulfilled',
      debt([ev('fulfilled', S)]),
      S,
      'fulfilled',
    ],
    ['stays ended after fulfilment', debt([ev('fulfilled', S)]), LATE, 'fulfilled'],
    [
      'stays in force after fulfilment when its category does not end when fulfilled',
      contempt([ev('fulfilled', S)]),
      LATE,
      'in force',
    ],
    // Clause 4a: the latest suspended/resumed event
    ['is in force one ms before a suspension', debt([ev('suspended', S)]), before(S), 'in force'],
    ['is suspended at the suspension', debt([ev('suspended', S)]), S, 'suspended'],
    [
      'is still suspended one ms before resuming',
      debt([ev('suspended', S), ev('resumed', R)]),
      before(R),
      'suspended',
    ],
    ['is in force again at resuming', debt([ev('suspended', S), ev('resumed', R)]), R, 'in force'],
    [
      'is in force one ms before a second suspension',
      debt([ev('suspended', S), ev('resumed', R), ev('suspended', S2)]),
      before(S2),
      'in force',
    ],
    [
      'is suspended again at a second suspension',
      debt([ev('suspended', S), ev('resumed', R), ev('suspended', S2)]),
      S2,
      'suspended',
    ],
    [
      'orders a suspension and a resumption at the same instant by ledger sequence',
      debt([ev('suspended', S), ev('resumed', S)]),
      S,
      'in force',
    ],
    [
      'takes the latest by time, not by ledger order, when a resumption is back-dated',
      debt([ev('suspended', R), ev('resumed', S, { recordedAt: S2 })]),
      S2,
      'suspended',
    ],
    // Clause 4b: an undecided objection past its deadline
    [
      'keeps effect during an objection before its deadline',
      debt([ev('objected', O)]),
      before(DEADLINE),
      'in force',
    ],
    [
      'loses effect exactly at the objection deadline',
      debt([ev('objected', O)]),
      DEADLINE,
      'objection-overdue',
    ],
    [
      'stays without effect after the deadline while undecided',
      debt([ev('objected', O)]),
      LATE,
      'objection-overdue',
    ],
    [
      'uses the category objection deadline (P10D for court.contempt)',
      contempt([ev('objected', O)]),
      day(15),
      'objection-overdue',
    ],
    [
      'keeps effect one ms before a P10D deadline',
      contempt([ev('objected', O)]),
      before(day(15)),
      'in force',
    ],
    [
      'stays without effect one ms before an overdue objection is upheld',
      debt([ev('objected', O), ev('upheld', day(25))]),
      before(day(25)),
      'objection-overdue',
    ],
    [
      'regains effect when an overdue objection is upheld',
      debt([ev('objected', O), ev('upheld', day(25))]),
      day(25),
      'in force',
    ],
    [
      'regains effect when an overdue objection is decided by a correction',
      debt([ev('objected', O), ev('corrected', day(25), { fields: { amount: 1 } })]),
      day(25),
      'in force',
    ],
    [
      'is revoked when an overdue objection is decided by revocation',
      debt([ev('objected', O), ev('revoked', day(25))]),
      day(25),
      'revoked',
    ],
    [
      'never loses effect when the objection is decided before its deadline',
      debt([ev('objected', O), ev('upheld', day(10))]),
      DEADLINE,
      'in force',
    ],
    [
      'still has effect after a timely decision',
      debt([ev('objected', O), ev('upheld', day(10))]),
      LATE,
      'in force',
    ],
    [
      'does not count a decision made before the objection as deciding it',
      debt([ev('upheld', day(1)), ev('objected', O)]),
      DEADLINE,
      'objection-overdue',
    ],
    [
      'counts a decision only once it is recorded',
      debt([ev('objected', O), ev('upheld', day(10), { recordedAt: day(25) })]),
      day(24),
      'objection-overdue',
    ],
    [
      'counts a late-recorded timely decision from when it is recorded',
      debt([ev('objected', O), ev('upheld', day(10), { recordedAt: day(25) })]),
      day(25),
      'in force',
    ],
    [
      'keeps a record with a repeat objection in force before its deadline',
      debt([ev('objected', O), ev('upheld', day(10)), ev('objected', day(30))]),
      before(day(45)),
      'in force',
    ],
    [
      'never lifts the effect at a repeat objection deadline (only the first objection lifts, issue 10)',
      debt([ev('objected', O), ev('upheld', day(10)), ev('objected', day(30))]),
      day(45),
      'in force',
    ],
    [
      'lifts effect at once when an objection is recorded after its deadline passed',
      debt([ev('objected', O, { recordedAt: day(30) })]),
      day(30),
      'objection-overdue',
    ],
    [
      'ignores an objection not yet recorded',
      debt([ev('objected', O, { recordedAt: day(30) })]),
      before(day(30)),
      'in force',
    ],
  ])('%s', (_name, history, t, expected) => {
    expect(stateOf(history, t)).toBe(expected);
  });
});

describe('effect end', () => {
  it('is occurredAt plus maxDuration in the UTC calendar (P3Y from 29 Feb gives 28 Feb)', () => {
    const h = rec({ id: 1, category: 'court.debt', occurredAt: at('2024-02-29T10:00:00Z') });
    expect(effectEndOf(h.record, testCategory('court.debt'))).toBe(at('2027-02-28T10:00:00Z'));
  });

  it('is counted from the conduct, not from acceptance', () => {
    const h = rec({ id: 1, category: 'traffic.offence', occurredAt: T0, recordedAt: day(30) });
    expect(effectEndOf(h.record, testCategory('traffic.offence'))).toBe(day(100));
  });
});

describe('field values at t', () => {
  const corrected = (events: ReturnType<typeof ev>[]) =>
    rec({ id: 1, category: 'court.debt', fields: { amount: 100 }, events });

  it.each<[string, RecordHistory, Instant, number]>([
    [
      'are the original ones one ms before a correction',
      corrected([ev('corrected', S, { fields: { amount: 200 } })]),
      before(S),
      100,
    ],
    [
      'are the corrected ones at the correction',
      corrected([ev('corrected', S, { fields: { amount: 200 } })]),
      S,
      200,
    ],
    [
      'are those of the latest correction',
      corrected([
        ev('corrected', S, { fields: { amount: 200 } }),
        ev('corrected', R, { fields: { amount: 300 } }),
      ]),
      R,
      300,
    ],
    [
      'ignore a back-dated correction until it is recorded',
      corrected([ev('corrected', S, { recordedAt: R, fields: { amount: 200 } })]),
      before(R),
      100,
    ],
    [
      'apply a back-dated correction once it is recorded',
      corrected([ev('corrected', S, { recordedAt: R, fields: { amount: 200 } })]),
      R,
      200,
    ],
    [
      'keep a later correction over a back-dated earlier one recorded after it',
      corrected([
        ev('corrected', R, { fields: { amount: 300 } }),
        ev('corrected', S, { recordedAt: S2, fields: { amount: 200 } }),
      ]),
      S2,
      300,
    ],
  ])('%s', (_name, history, t, amount) => {
    expect(fieldsAt(history, t)).toEqual({ amount });
  });
});

describe('change instants', () => {
  it('are recordedAt, effectEnd, each event becoming visible and each objection deadline', () => {
    const h = debt(
      [ev('suspended', S), ev('resumed', R, { recordedAt: day(21) }), ev('objected', O)],
      RECORDED,
    );
    expect(recordChangeInstants(h, testCategory('court.debt'))).toEqual([
      RECORDED,
      O,
      S,
      DEADLINE,
      day(21),
      EFFECT_END,
    ]);
  });

  it('give the next transition after t', () => {
    const h = debt([ev('suspended', S)], RECORDED);
    const c = testCategory('court.debt');
    expect(nextRecordChange(h, c, RECORDED)).toBe(S);
    expect(nextRecordChange(h, c, before(S))).toBe(S);
    expect(nextRecordChange(h, c, S)).toBe(EFFECT_END);
    expect(nextRecordChange(h, c, EFFECT_END)).toBeUndefined();
  });

  it('bound intervals on which the state and the fields are constant', () => {
    const types: RecordEventType[] = [
      'fulfilled',
      'suspended',
      'resumed',
      'objected',
      'upheld',
      'corrected',
      'revoked',
      'repaired',
      'appealed',
    ];
    const event = fc.record({
      type: fc.constantFrom(...types),
      at: fc.integer({ min: 0, max: 60 }),
      delay: fc.integer({ min: 0, max: 20 }),
      amount: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(
        fc.constantFrom('court.debt', 'court.contempt', 'traffic.offence'),
        fc.array(event, { maxLength: 6 }),
        (categoryId, specs) => {
          const category = testCategory(categoryId);
          const h = rec({
            id: 1,
            category: categoryId,
            occurredAt: T0,
            recordedAt: day(1),
            fields: { amount: 9 },
            events: specs.map((e) =>
              ev(e.type, day(1 + e.at), {
                recordedAt: day(1 + e.at + e.delay),
                ...(e.type === 'corrected' ? { fields: { amount: e.amount } } : {}),
              }),
            ),
          });
          const instants = recordChangeInstants(h, category);
          for (let i = 0; i + 1 < instants.length; i += 1) {
            const from = instants[i]!;
            const last = instant(instants[i + 1]! - 1);
            for (const t of [from, instant(Math.floor((from + last) / 2)), last]) {
              expect(recordStateAt(h, category, t)).toEqual(recordStateAt(h, category, from));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
