// check(s, m, t) (policy.md, "Checks"): deny/allow for restrictions, eligible/not-eligible for
// benefits, one reason per list of the measure the subject is on; and the reference policy and
// catalogue applied to a dishonest judgment debtor.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  aMeasure,
  anIncentiveList,
  aPerson,
  aPolicy,
  aSanctionList,
  at,
  before,
  catalogFrom,
  categoryOf,
  day,
  evaluate,
  iso,
  policyFrom,
  rec,
  T0,
} from '../../../test/factories/scoring.js';
import type { Measure } from '../policy/index.js';
import type { Instant } from '../time/instant.js';
import type { CheckDecision, SubjectHistory } from './evaluation-types.js';
import { checkMeasure } from './measure-check.js';
import { evaluateSubject } from './subject-evaluate.js';

const policy = aPolicy({
  rules: [{ id: 'help', category: 'civic.help', points: 'hours' }],
  lists: [
    aSanctionList('debtors', ['court.debt']),
    aSanctionList('contempt', ['court.contempt'], { noticePeriod: 'P0D' }),
    aSanctionList('fines', ['police.fine']),
    anIncentiveList('honour', ['AAA'], 'P1Y'),
  ],
  measures: [
    aMeasure('flight', 'restriction', ['debtors', 'fines', 'contempt']),
    aMeasure('green', 'benefit', ['honour']),
  ],
});
const measure = (id: string): Measure => policy.measuresById.get(id)!;

const debtor = aPerson([
  rec({ id: 1, category: 'court.debt', occurredAt: T0 }),
  rec({ id: 2, category: 'court.contempt', occurredAt: day(3) }),
  rec({ id: 3, category: 'court.debt', occurredAt: day(5) }),
]);
const helper = aPerson([
  rec({ id: 1, category: 'civic.help', occurredAt: T0, fields: { hours: 60 } }),
]);
const closed = aPerson([rec({ id: 1, category: 'court.debt', occurredAt: T0 })], {
  closure: { at: day(20), recordedAt: day(20) },
});

describe('checkMeasure', () => {
  it('denies a restriction with one reason per list of the measure the subject is on, in the measure order', () => {
    const result = checkMeasure(evaluate(debtor, policy, day(30)), measure('flight'), policy);
    expect(result).toEqual({
      subject: 'S',
      measure: 'flight',
      at: iso(day(30)),
      decision: 'deny',
      reasons: [
        {
          list: 'debtors',
          since: iso(day(10)),
          until: iso(at('2029-01-06')),
          legalBasis: 'Basis of debtors, art. 2',
          records: [1, 3],
        },
        {
          list: 'contempt',
          since: iso(day(3)),
          until: iso(at('2028-01-04')),
          legalBasis: 'Basis of contempt, art. 2',
          records: [2],
        },
      ],
    });
  });

  it.each<[string, SubjectHistory, string, Instant, CheckDecision]>([
    [
      'allows a restriction when the subject is on none of its lists',
      helper,
      'flight',
      day(30),
      'allow',
    ],
    [
      'allows a restriction one ms before the notice period ends',
      aPerson([rec({ id: 1, category: 'court.debt' })]),
      'flight',
      before(day(10)),
      'allow',
    ],
    [
      'denies it from the end of the notice period',
      aPerson([rec({ id: 1, category: 'court.debt' })]),
      'flight',
      day(10),
      'deny',
    ],
    [
      'makes a benefit eligible when the subject is on one of its lists',
      helper,
      'green',
      day(30),
      'eligible',
    ],
    ['makes a benefit not eligible otherwise', debtor, 'green', day(30), 'not-eligible'],
    [
      'allows a restriction on a subject that is no longer scorable',
      closed,
      'flight',
      day(20),
      'allow',
    ],
  ])('%s', (_name, subject, id, t, decision) => {
    const result = checkMeasure(evaluate(subject, policy, t), measure(id), policy);
    expect(result.decision).toBe(decision);
    expect(result.reasons.length > 0).toBe(decision === 'deny' || decision === 'eligible');
  });

  it('denies the same closed subject one ms before its closure', () => {
    const result = checkMeasure(
      evaluate(closed, policy, before(day(20))),
      measure('flight'),
      policy,
    );
    expect(result.decision).toBe('deny');
  });

  it('makes a benefit not eligible for a subject that is not scorable, whatever its score would be', () => {
    const minor = aPerson([rec({ id: 1, category: 'civic.help', fields: { hours: 60 } })], {
      birth: at('2010-01-01'),
    });
    const result = checkMeasure(evaluate(minor, policy, day(1)), measure('green'), policy);
    expect(result).toMatchObject({ decision: 'not-eligible', reasons: [] });
  });

  it('gives an eligible benefit its reason with since and no end', () => {
    const result = checkMeasure(evaluate(helper, policy, day(30)), measure('green'), policy);
    expect(result.reasons).toEqual([
      {
        list: 'honour',
        since: iso(T0),
        until: null,
        legalBasis: 'Basis of honour, art. 3',
        records: [],
      },
    ]);
  });
});

describe('the reference policy and catalogue', () => {
  const read = (name: string) =>
    readFileSync(new URL(`../../../policies/${name}`, import.meta.url), 'utf8');
  const catalog = catalogFrom(read('catalog.yaml'));
  const reference = policyFrom(read('policy.yaml'), catalog);
  const occurredAt = at('2026-03-01T00:00:00Z');
  const recordedAt = at('2026-03-02T09:00:00Z');
  const listedFrom = at('2026-03-12T09:00:00Z'); // recordedAt + P10D
  const subject = aPerson([
    rec({
      id: 42,
      category: 'court.dishonest-debtor',
      occurredAt,
      recordedAt,
      fields: { amount: 2_000_000, caseNumber: '(2026) Jing 0105 Zhi 123' },
    }),
  ]);
  const flight = reference.measuresById.get('travel.flight')!;
  const evaluateAt = (t: Instant) => evaluateSubject(subject, reference, categoryOf(catalog), t);

  it('scores a dishonest debtor of 20,000 yuan at once, -100, grade B', () => {
    const e = evaluateAt(recordedAt);
    expect(e).toMatchObject({
      score: 900,
      grade: 'B',
      contributions: [{ recordId: 42, rule: 'dishonest-debtor', points: -100 }],
    });
  });

  it('does not list the debtor nor deny a flight one ms before the P10D notice has run', () => {
    const e = evaluateAt(before(listedFrom));
    expect(e.lists).toEqual([]);
    expect(checkMeasure(e, flight, reference)).toMatchObject({ decision: 'allow', reasons: [] });
  });

  it('lists the debtor after P10D and denies travel.flight with the list, dates, legal basis and record', () => {
    const e = evaluateAt(listedFrom);
    expect(e.lists.map((l) => l.list)).toEqual(['dishonest-debtors']);
    expect(checkMeasure(e, flight, reference)).toEqual({
      subject: 'S',
      measure: 'travel.flight',
      at: iso(listedFrom),
      decision: 'deny',
      reasons: [
        {
          list: 'dishonest-debtors',
          since: iso(listedFrom),
          until: iso(at('2029-03-01T00:00:00Z')),
          legalBasis: reference.listsById.get('dishonest-debtors')!.legalBasis,
          records: [42],
        },
      ],
    });
  });

  it('lifts the denial when the debt is performed (the category ends when fulfilled)', () => {
    const paid = aPerson([
      rec({
        id: 42,
        category: 'court.dishonest-debtor',
        occurredAt,
        recordedAt,
        fields: { amount: 2_000_000, caseNumber: '(2026) Jing 0105 Zhi 123' },
        events: [{ type: 'fulfilled', at: day(100) }],
      }),
    ]);
    const e = evaluateSubject(paid, reference, categoryOf(catalog), day(100));
    expect(checkMeasure(e, flight, reference).decision).toBe('allow');
    expect(e.score).toBe(1000);
  });
});
