// Every notice kind worded in every notice language: durations and dates in words (no ISO 8601
// duration, no ISO instant), money in yuan, the portal's address named, no raw code left (no API
// door, no decision code, no JSON, no "undefined").
import { describe, expect, it } from 'vitest';
import { NOTICE_LANGUAGES, type NoticeLanguage } from './notice-language.js';
import {
  NOTICE_KINDS,
  type DecisionPayload,
  type ListJoinedPayload,
  type ListLeftPayload,
  type NoticeKind,
  type NoticePayload,
  type NoticeText,
  type RecordAcceptedPayload,
} from './notice-payload.js';
import { appealHowIn, objectionHowIn, repeatHowIn, wordNotice, wordsOf } from './notice-text.js';

const PORTAL = 'https://credit.example.gov.cn/citizen';
const list = {
  id: 'dishonest-debtors',
  label: 'List of dishonest judgment debtors',
  kind: 'sanction' as const,
  legalBasis: 'SPC Provisions on the List of Dishonest Judgment Debtors (2017), art. 1',
  measures: [{ id: 'travel.flight', label: 'No air travel', legalBasis: 'art. 1(1)' }],
};

function accepted(language: NoticeLanguage): RecordAcceptedPayload {
  return wordNotice<RecordAcceptedPayload>(
    {
      kind: 'record-accepted',
      record: {
        id: 42,
        category: 'court.dishonest-debtor',
        label: 'Dishonest judgment debtor (able to perform but refuses)',
        tier: 'serious',
        occurredAt: '2026-11-20T00:00:00.000Z',
        recordedAt: '2026-11-30T09:00:00.000Z',
        fields: { amount: 2_500_000, caseNumber: '(2026) Jing 0101 Zhi 77', paid: false },
      },
      agency: { id: 'court-1', name: 'Dongcheng District People’s Court' },
      legalBasis: 'Civil Procedure Law art. 262',
      effect: {
        from: '2026-11-20T00:00:00.000Z',
        until: '2029-05-20T00:00:00.000Z',
        endsWhenFulfilled: true,
        repairFrom: '2027-11-20T00:00:00.000Z',
      },
      lists: [
        {
          ...list,
          effectiveFrom: '2026-12-10T09:00:00.000Z',
          noticePeriod: 'P10D',
          until: '2029-05-20T00:00:00.000Z',
        },
      ],
      objection: {
        until: '2029-05-20T00:00:00.000Z',
        how: objectionHowIn(language, '2029-05-20T00:00:00.000Z', PORTAL),
        door: 'POST /v1/citizen/objections',
        decisionWithin: 'P15D',
      },
    },
    language,
    PORTAL,
  );
}

function decision(kind: DecisionPayload['kind'], language: NoticeLanguage): DecisionPayload {
  const type = { 'objection-decided': 'upheld', 'appeal-decided': 'revoked' } as const;
  const decided = kind === 'objection-decided' || kind === 'appeal-decided' ? type[kind] : null;
  return wordNotice<DecisionPayload>(
    {
      kind,
      decision: decided ?? (kind === 'repair-decided' ? 'repair-refused' : 'corrected'),
      record: { id: 42, category: 'court.dishonest-debtor', label: 'Dishonest judgment debtor' },
      decidedAt: '2026-12-05T10:30:00.000Z',
      decidedBy: { id: 'court-1', name: 'Dongcheng District People’s Court' },
      reason: 'No payment reached the court',
      fields: kind === 'record-changed' ? { amount: 1_000_000, caseNumber: 'D-2' } : null,
      appeal:
        kind === 'objection-decided'
          ? {
              before: '2026-12-15T10:30:00.000Z',
              within: 'P10D',
              how: appealHowIn(language, 'P10D', '2026-12-15T10:30:00.000Z', PORTAL),
              door: 'POST /v1/citizen/appeals',
            }
          : null,
      repeat:
        kind === 'objection-decided'
          ? {
              until: '2027-11-30T09:00:00.000Z',
              how: repeatHowIn(language, '2027-11-30T09:00:00.000Z', PORTAL),
              door: 'POST /v1/citizen/objections',
            }
          : null,
      final: kind === 'appeal-decided',
    },
    language,
    PORTAL,
  );
}

const SAMPLES: { readonly [K in NoticeKind]: (language: NoticeLanguage) => NoticePayload } = {
  'record-accepted': accepted,
  'list-joined': (language) =>
    wordNotice<ListJoinedPayload>(
      {
        kind: 'list-joined',
        list,
        since: '2026-12-10T09:00:00.000Z',
        until: '2029-05-20T00:00:00.000Z',
        records: [42, 43],
      },
      language,
      PORTAL,
    ),
  'list-left': (language) =>
    wordNotice<ListLeftPayload>(
      {
        kind: 'list-left',
        list,
        since: '2026-12-10T09:00:00.000Z',
        endedAt: '2027-01-05T16:00:00.000Z',
        records: [42],
      },
      language,
      PORTAL,
    ),
  'objection-decided': (language) => decision('objection-decided', language),
  'appeal-decided': (language) => decision('appeal-decided', language),
  'repair-decided': (language) => decision('repair-decided', language),
  'record-changed': (language) => decision('record-changed', language),
};

/** What a notice's words must never show: machine codes. */
const RAW = [
  /\bP(?:T?\d+[YMWDHS])+/, // an ISO 8601 duration
  /\d{4}-\d{2}-\d{2}T/, // an ISO instant
  /\/v1\//, // an API door
  /\b(?:POST|GET|PUT)\b/,
  /[{}"]/, // JSON
  /\b(?:undefined|null|NaN)\b|\[object/,
  /\brepair-refused\b/, // a decision's code
  /\bcourt\.dishonest-debtor\b/, // a category id
  /the portal\b/, // a portal that has no address
];

describe('notice words', () => {
  for (const kind of NOTICE_KINDS) {
    for (const language of NOTICE_LANGUAGES) {
      it(`words a ${kind} notice composed in ${language} in both languages, with no ISO duration or raw code and the portal's address`, () => {
        const payload: NoticeText = SAMPLES[kind](language);
        expect(payload.language).toBe(language);
        expect(payload.portal).toBe(PORTAL);
        expect(payload.summary).toBe(payload.summaries[language]);
        for (const l of NOTICE_LANGUAGES) {
          const text = payload.summaries[l];
          expect(text.length).toBeGreaterThan(40);
          for (const raw of RAW) expect(text).not.toMatch(raw);
          expect(text).toContain(PORTAL);
          if (l === 'zh-CN') expect(text).toMatch(/[\u4e00-\u9fff]{4}/);
          else expect(text).not.toMatch(/[\u4e00-\u9fff]/);
        }
      });
    }
  }

  it('says an accepted record in words: durations, dates, the deadline in Beijing time, money in yuan', () => {
    const en = accepted('en');
    // The first objection has no window: it is taken while the record has effect; 15 days is
    // the agency's time to decide, counted from the objection (issue 10).
    expect(en.summary).not.toMatch(/object within/);
    expect(en.summary).toContain(
      'You may object at any time while the record has effect, until 20 May 2029 at the latest, at https://credit.example.gov.cn/citizen.',
    );
    expect(en.summary).toContain(
      'If you object, Dongcheng District People’s Court must decide within 15 days of your objection; if it has not decided by then, the record has no effect until it does.',
    );
    expect(en.summary).toContain('conduct on 20 November 2026');
    expect(en.summary).toContain(
      'amount CN¥25,000.00; case number (2026) Jing 0101 Zhi 77; paid no',
    );
    expect(en.summary).toContain(
      'From 10 December 2026, 17:00 (Beijing time) (10 days after it was recorded)',
    );
    expect(en.summary).toContain('until 20 May 2029 at the latest');
    expect(en.objection.how).toBe(
      'You may object at any time while the record has effect, until 20 May 2029 at the latest, at https://credit.example.gov.cn/citizen.',
    );
    const zh = accepted('zh-CN');
    expect(zh.summary).toBe(en.summaries['zh-CN']);
    expect(zh.summary).not.toMatch(/在15日内，即/);
    expect(zh.summary).toContain(
      '如有异议，您可在该记录有效期内随时通过 https://credit.example.gov.cn/citizen 提出，最迟至2029年5月20日。',
    );
    expect(zh.summary).toContain(
      '须在15日内作出决定；逾期未作出决定的，该记录在作出决定前不产生效力。',
    );
    expect(zh.summary).toContain('金额¥25,000.00；案号(2026) Jing 0101 Zhi 77');
    expect(zh.summary).toContain('行为发生于2026年11月20日');
    expect(zh.objection.how).toContain('最迟至2029年5月20日');
  });

  it('says an objection decision with the appeal window and the repeat rule in words, and the final appeal decision as final with what remains', () => {
    expect(decision('objection-decided', 'en').summary).toContain(
      'You may appeal to the authority within 10 days, by 15 December 2026, 18:30 (Beijing time)',
    );
    expect(decision('objection-decided', 'zh-CN').summary).toContain(
      '您可在10日内，即2026年12月15日18:30（北京时间）之前',
    );
    expect(decision('objection-decided', 'en').summary).toContain(
      'You may object again only with evidence you have not offered before, by 30 November 2027, 17:00 (Beijing time), at https://credit.example.gov.cn/citizen.',
    );
    expect(decision('objection-decided', 'zh-CN').summary).toContain(
      '如有此前未提交过的新证据，您可在2027年11月30日17:00（北京时间）之前，通过 https://credit.example.gov.cn/citizen 再次提出异议。',
    );
    expect(decision('appeal-decided', 'en').summary).toContain(
      'This decision is final: no further objection or appeal can be filed on this record. You can still take it to court, and the agency that submitted the record can correct it by submitting a new record.',
    );
    expect(decision('appeal-decided', 'zh-CN').summary).toContain(
      '该决定为最终决定，不能再就该记录提出异议或申诉。您仍可依法向人民法院提起诉讼，提交该记录的机关也可以提交更正后的记录。',
    );
    expect(decision('record-changed', 'en').summary).toContain(
      'now reads: amount CN¥10,000.00; case number D-2',
    );
  });

  it('says ISO 8601 durations in words in both languages', () => {
    const cases: [string, string, string][] = [
      ['P15D', '15 days', '15日'],
      ['P1D', '1 day', '1日'],
      ['P3M', '3 months', '3个月'],
      ['P1Y', '1 year', '1年'],
      ['P2Y6M', '2 years and 6 months', '2年6个月'],
      ['P1Y2M3D', '1 year, 2 months and 3 days', '1年2个月3日'],
      ['P2W', '2 weeks', '2周'],
      ['PT36H', '36 hours', '36小时'],
    ];
    for (const [iso, en, zh] of cases) {
      expect(wordsOf('en').duration(iso)).toBe(en);
      expect(wordsOf('zh-CN').duration(iso)).toBe(zh);
    }
    expect(() => wordsOf('en').duration('15 days')).toThrow(/not an ISO 8601 duration/);
  });

  it('says money in fen as yuan, calendar dates as dates and other instants with their Beijing time', () => {
    expect(wordsOf('zh-CN').money(123_456_789)).toBe('¥1,234,567.89');
    expect(wordsOf('en').money(5)).toBe('CN¥0.05');
    expect(wordsOf('en').when('2026-12-15T00:00:00.000Z')).toBe('15 December 2026');
    expect(wordsOf('zh-CN').when('2026-12-15T00:00:00.000Z')).toBe('2026年12月15日');
    // 20:00 UTC is 04:00 the next day in Beijing.
    expect(wordsOf('en').when('2026-12-15T20:00:00.000Z')).toBe(
      '16 December 2026, 04:00 (Beijing time)',
    );
  });
});
