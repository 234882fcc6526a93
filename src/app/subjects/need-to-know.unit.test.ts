import { describe, expect, it } from 'vitest';
import {
  aMeasure,
  anIncentiveList,
  aPolicy,
  aSanctionList,
} from '../../../test/factories/scoring.js';
import type { ListReason, SubjectEvaluation } from '../../core/scoring/index.js';
import { isNeedToKnow, isNeedToKnowPurpose, needToKnowView } from './need-to-know.js';

const POLICY = aPolicy({
  lists: [
    aSanctionList('debtors', ['court.debt']),
    aSanctionList('contempt', ['court.contempt']),
    anIncentiveList('honour', ['A']),
  ],
  measures: [
    aMeasure('flight', 'restriction', ['debtors', 'contempt']),
    { ...aMeasure('rail', 'restriction', ['debtors']), enforcers: ['rail'] },
    aMeasure('green', 'benefit', ['honour']),
  ],
});

function onList(list: string, until: string | null, kind: ListReason['kind'] = 'sanction') {
  return {
    list,
    kind,
    label: `List ${list}`,
    legalBasis: `Basis of ${list}, art. 2`,
    since: '2026-01-01T00:00:00.000Z',
    until,
    records: kind === 'sanction' ? [7] : [],
  };
}

function evaluation(lists: ListReason[]): SubjectEvaluation {
  return {
    subject: '110105198005172338',
    kind: 'person',
    at: '2026-03-01T08:00:00.000Z',
    policy: 'test',
    policyVersion: 1,
    scorable: true,
    score: 700,
    grade: 'C',
    base: 1000,
    contributions: [],
    ruleTotals: [],
    unclamped: 700,
    clamped: false,
    notInForce: [],
    lists,
    measures: [],
  };
}

describe('the need-to-know view', () => {
  it('answers every measure the kind enforces with its decision, lists and latest end, and nothing of the score', () => {
    const view = needToKnowView(
      evaluation([
        onList('debtors', '2028-01-20T00:00:00.000Z'),
        onList('contempt', '2027-05-01T00:00:00.000Z'),
      ]),
      POLICY,
      'aviation',
      'enforcement',
    );
    expect(view).toEqual({
      view: 'need-to-know',
      subject: '110105198005172338',
      kind: 'person',
      at: '2026-03-01T08:00:00.000Z',
      purpose: 'enforcement',
      policy: 'test',
      policyVersion: 1,
      measures: [
        expect.objectContaining({
          measure: 'flight',
          decision: 'deny',
          lists: ['debtors', 'contempt'],
          until: '2028-01-20T00:00:00.000Z',
        }),
        expect.objectContaining({
          measure: 'green',
          decision: 'not-eligible',
          lists: [],
          until: null,
        }),
      ],
      lists: [
        onList('debtors', '2028-01-20T00:00:00.000Z'),
        onList('contempt', '2027-05-01T00:00:00.000Z'),
      ],
    });
    expect(isNeedToKnow(view)).toBe(true);
    expect(isNeedToKnow(evaluation([]))).toBe(false);
  });

  it('shows only the lists behind the measures of the reader, and no end when one list has none', () => {
    const lists = [
      onList('contempt', '2027-05-01T00:00:00.000Z'),
      onList('honour', null, 'incentive'),
    ];
    const rail = needToKnowView(evaluation(lists), POLICY, 'rail', 'enforcement');
    expect(rail.measures).toEqual([
      expect.objectContaining({ measure: 'rail', decision: 'allow' }),
    ]);
    expect(rail.lists).toEqual([]);
    const aviation = needToKnowView(evaluation(lists), POLICY, 'aviation', 'eligibility');
    expect(aviation.measures.map((m) => [m.measure, m.decision, m.until])).toEqual([
      ['flight', 'deny', '2027-05-01T00:00:00.000Z'],
      ['green', 'eligible', null],
    ]);
    expect(aviation.lists.map((l) => l.list)).toEqual(['contempt', 'honour']);
    // A kind that enforces nothing is told nothing.
    expect(needToKnowView(evaluation(lists), POLICY, 'court', 'enforcement')).toMatchObject({
      measures: [],
      lists: [],
    });
  });

  it('is the answer for enforcement and eligibility only', () => {
    expect(
      (
        ['enforcement', 'eligibility', 'dispute-review', 'subject-access', 'oversight'] as const
      ).map(isNeedToKnowPurpose),
    ).toEqual([true, true, false, false, false]);
  });
});
