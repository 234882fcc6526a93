// A Chinese notice names the lists, measures and categories by the zh-CN labels the policy and
// catalogue in force give them (carried in the payload as `labels`), else by their default label;
// an English notice keeps saying the default label.
import { describe, expect, it } from 'vitest';
import type {
  DecisionPayload,
  ListJoinedPayload,
  ListLeftPayload,
  RecordAcceptedPayload,
} from '../notice-payload.js';
import { wordNotice } from '../notice-text.js';

const PORTAL = 'https://credit.example.gov.cn/citizen';
const list = {
  id: 'dishonest-debtors',
  label: 'List of dishonest judgment debtors',
  labels: { 'zh-CN': '失信被执行人名单' },
  kind: 'sanction' as const,
  legalBasis: '最高人民法院关于公布失信被执行人名单信息的若干规定',
  measures: [
    {
      id: 'travel.flight',
      label: 'No air travel',
      labels: { 'zh-CN': '限制乘坐飞机' },
      legalBasis: 'art. 1(1)',
    },
    { id: 'travel.rail', label: 'No high-speed rail', legalBasis: 'art. 1(2)' },
  ],
};
const record = {
  id: 42,
  category: 'court.dishonest-debtor',
  label: 'Dishonest judgment debtor (able to perform but refuses)',
  labels: { 'zh-CN': '失信被执行人（有履行能力而拒不履行）' },
};

function accepted(): RecordAcceptedPayload {
  return wordNotice<RecordAcceptedPayload>(
    {
      kind: 'record-accepted',
      record: {
        ...record,
        tier: 'serious',
        occurredAt: '2026-11-20T00:00:00.000Z',
        recordedAt: '2026-11-30T09:00:00.000Z',
        fields: {},
      },
      agency: { id: 'court-1', name: '东城区人民法院' },
      legalBasis: '民事诉讼法第二百六十二条',
      effect: {
        from: '2026-11-20T00:00:00.000Z',
        until: '2029-05-20T00:00:00.000Z',
        endsWhenFulfilled: true,
        repairFrom: null,
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
        how: '',
        door: 'POST /v1/citizen/objections',
        decisionWithin: 'P15D',
      },
    },
    'zh-CN',
    PORTAL,
  );
}

describe('the Chinese notice messages', () => {
  it('name the category, the list and its measures by their zh-CN labels in an accepted-record notice, and English by the default labels', () => {
    const notice = accepted();
    const zh = notice.summaries['zh-CN'];
    expect(zh).toContain('对您记录了“失信被执行人（有履行能力而拒不履行）”');
    expect(zh).toContain(
      '将使您被列入“失信被执行人名单”（措施：限制乘坐飞机；No high-speed rail）',
    );
    expect(zh).not.toContain('List of dishonest judgment debtors');
    expect(zh).not.toContain('No air travel');
    const en = notice.summaries.en;
    expect(en).toContain('Dishonest judgment debtor (able to perform but refuses)');
    expect(en).toContain('List of dishonest judgment debtors');
    expect(en).toContain('No air travel; No high-speed rail');
    expect(en).not.toMatch(/失信|限制/);
  });

  it('name the list by its zh-CN label when joined and left, and by its default label when the document gives none', () => {
    const joined = wordNotice<ListJoinedPayload>(
      { kind: 'list-joined', list, since: '2026-12-10T09:00:00.000Z', until: null, records: [42] },
      'zh-CN',
      PORTAL,
    );
    expect(joined.summary).toContain('您被列入“失信被执行人名单”（措施：限制乘坐飞机；');
    expect(joined.summaries.en).toContain('List of dishonest judgment debtors');
    const left = wordNotice<ListLeftPayload>(
      {
        kind: 'list-left',
        list,
        since: '2026-12-10T09:00:00.000Z',
        endedAt: '2027-01-05T16:00:00.000Z',
        records: [42],
      },
      'zh-CN',
      PORTAL,
    );
    expect(left.summary).toContain('您已不在“失信被执行人名单”中');
    const { labels: _none, ...unlabelled } = list;
    const plain = wordNotice<ListLeftPayload>(
      {
        kind: 'list-left',
        list: { ...unlabelled, measures: [] },
        since: '2026-12-10T09:00:00.000Z',
        endedAt: '2027-01-05T16:00:00.000Z',
        records: [42],
      },
      'zh-CN',
      PORTAL,
    );
    expect(plain.summary).toContain('您已不在“List of dishonest judgment debtors”中');
  });

  it('name the record by its category’s zh-CN label in a decision notice', () => {
    const decided = wordNotice<DecisionPayload>(
      {
        kind: 'record-changed',
        decision: 'revoked',
        record,
        decidedAt: '2026-12-05T10:30:00.000Z',
        decidedBy: { id: 'court-1', name: '东城区人民法院' },
        reason: null,
        fields: null,
        appeal: null,
        repeat: null,
        final: false,
      },
      'zh-CN',
      PORTAL,
    );
    expect(decided.summary).toContain('记录42（“失信被执行人（有履行能力而拒不履行）”）');
    expect(decided.summaries.en).toContain(
      'record 42 (“Dishonest judgment debtor (able to perform but refuses)”)',
    );
  });
});
