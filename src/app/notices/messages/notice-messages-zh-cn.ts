// The notices' message catalogue in Simplified Chinese (简体中文), the default language of a
// notice: the paragraph of each notice kind, with durations, dates and money in words
// (notice-words.ts formats them with Intl in the zh-CN locale). The catalogue's and the policy's
// labels (their zh-CN labels where the documents give them) and legal bases are quoted as their
// authors wrote them.
import type { Labels } from '../../../core/catalog/index.js';
import type { DecisionPayload, NoticeList } from '../notice-payload.js';
import type { NoticeWords } from '../notice-words.js';
import type { NoticeMessages, NoticePlace } from './notice-messages.js';

/** The reference catalogue's field names; any other is said as in English. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  amount: '金额',
  fine: '罚款金额',
  caseNumber: '案号',
  decisionNumber: '决定书文号',
  offence: '违法行为',
  hours: '服务时长（小时）',
  level: '等级',
  product: '产品',
  reason: '原因',
  service: '服务',
  workersAffected: '涉及劳动者人数',
  year: '年度',
};

/**
 * A list's, measure's or category's name in Chinese: its zh-CN label from the policy or catalogue
 * in force when the notice was composed, else its default label (itself its id when unknown).
 */
export function zhLabel(item: { readonly label: string; readonly labels?: Labels }): string {
  return item.labels?.['zh-CN'] ?? item.label;
}

function measures(list: NoticeList): string {
  return list.measures.length === 0 ? '' : `（措施：${list.measures.map(zhLabel).join('；')}）`;
}

function reason(text: string | null): string {
  return text === null || text.trim() === ''
    ? ''
    : `理由：${text.trim().replace(/[。.\s]*$/, '')}。`;
}

function records(ids: readonly number[], words: NoticeWords): string {
  return ids.length === 0 ? '' : `，原因是记录${words.list(ids.map(String))}`;
}

function decided(p: DecisionPayload, words: NoticeWords, place: NoticePlace): string {
  const what = `记录${p.record.id}（“${zhLabel(p.record)}”）`;
  const on = words.date(p.decidedAt);
  const fields = p.fields === null ? '' : words.fields(p.fields);
  const outcome = zhCN.outcome(p.decision, fields);
  const why = reason(p.reason);
  switch (p.kind) {
    case 'objection-decided': {
      const next =
        (p.appeal === null
          ? ''
          : zhCN.appealHow(words.duration(p.appeal.within), words.when(p.appeal.before), place)) +
        (p.repeat === null ? '' : zhCN.repeatHow(words.when(p.repeat.until), place));
      return `${p.decidedBy.name}于${on}对您就${what}提出的异议作出决定：${outcome}。${why}${next === '' ? `详情请见 ${place.portal}。` : next}`;
    }
    case 'appeal-decided':
      return `信用主管部门（${p.decidedBy.name}）于${on}对您就${what}提出的申诉作出决定：${outcome}。${why}${zhCN.finalDecision(place)}`;
    case 'repair-decided':
      return `${p.decidedBy.name}于${on}对您就${what}提出的信用修复申请作出决定：${outcome}。${why}详情请见 ${place.portal}。`;
    case 'record-changed':
      return `${p.decidedBy.name}于${on}变更了${what}：${outcome}。${why}详情请见 ${place.portal}。`;
    default: {
      const never: never = p.kind;
      throw new Error(`unknown decision kind ${String(never)}`);
    }
  }
}

export const zhCN: NoticeMessages = {
  locale: 'zh-CN',
  durationJoin: 'unit',
  units: {
    years: { other: '{n}年' },
    months: { other: '{n}个月' },
    weeks: { other: '{n}周' },
    days: { other: '{n}日' },
    hours: { other: '{n}小时' },
    minutes: { other: '{n}分钟' },
    seconds: { other: '{n}秒' },
  },
  dateTime: (date, time) => `${date}${time}（北京时间）`,
  fieldName: (name) =>
    FIELD_NAMES[name] ?? name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase(),
  field: (name, value) => `${name}${/^[\x20-\x7e]/.test(name.slice(-1)) ? ' ' : ''}${value}`,
  yes: '是',
  no: '否',
  fieldsJoin: (parts) => parts.join('；'),
  objectionHow: (until, place) =>
    `如有异议，您可在该记录有效期内随时通过 ${place.portal} 提出，最迟至${until}。`,
  decisionDue: (agency, within) =>
    `您提出异议后，${agency}须在${within}内作出决定；逾期未作出决定的，该记录在作出决定前不产生效力。`,
  appealHow: (window, before, place) =>
    `如不服该决定，您可在${window}内，即${before}之前，通过 ${place.portal} 向信用主管部门申诉。`,
  repeatHow: (until, place) =>
    `如有此前未提交过的新证据，您可在${until}之前，通过 ${place.portal} 再次提出异议。`,
  finalDecision: (place) =>
    `该决定为最终决定，不能再就该记录提出异议或申诉。您仍可依法向人民法院提起诉讼，提交该记录的机关也可以提交更正后的记录。详情请见 ${place.portal}。`,
  outcome(decision, fields) {
    switch (decision) {
      case 'upheld':
        return '维持原记录';
      case 'corrected':
        return fields === '' ? '记录已更正' : `记录已更正，现为：${fields}`;
      case 'revoked':
        return '记录已撤销，不再产生任何效力';
      case 'repaired':
        return '记录已修复，不再计入任何评价';
      default:
        return decision.endsWith('refused') ? '您的请求未获支持' : '已作出决定';
    }
  },
  kinds: {
    'record-accepted'(p, words, place) {
      const parts = [
        `${p.agency.name}对您记录了“${zhLabel(p.record)}”（记录编号${p.record.id}，行为发生于${words.date(p.record.occurredAt)}），依据：${p.legalBasis}。`,
      ];
      if (Object.keys(p.record.fields).length > 0)
        parts.push(`记录内容：${words.fields(p.record.fields)}。`);
      parts.push(
        `该记录自${words.date(p.effect.from)}起生效，最迟至${words.when(p.effect.until)}失效${p.effect.endsWhenFulfilled ? '；您履行义务后即失效' : ''}。`,
      );
      if (p.lists.length === 0) parts.push('该记录不会使您被列入任何惩戒名单。');
      for (const list of p.lists) {
        parts.push(
          `自${words.when(list.effectiveFrom)}起（记录后${words.duration(list.noticePeriod)}），该记录将使您被列入“${zhLabel(list)}”${measures(list)}，最迟至${words.when(list.until)}。`,
        );
      }
      parts.push(
        zhCN.objectionHow(words.when(p.objection.until), place),
        zhCN.decisionDue(p.agency.name, words.duration(p.objection.decisionWithin)),
      );
      if (p.effect.repairFrom !== null)
        parts.push(`履行义务后，您可自${words.when(p.effect.repairFrom)}起申请信用修复。`);
      return parts.join('');
    },
    'list-joined'(p, words, place) {
      const until = p.until === null ? '' : `，最迟至${words.when(p.until)}`;
      return `自${words.when(p.since)}起，您被列入“${zhLabel(p.list)}”${measures(p.list)}${until}${records(p.records, words)}。法律依据：${p.list.legalBasis}。详情及异议途径请见 ${place.portal}。`;
    },
    'list-left': (p, words, place) =>
      `您已不在“${zhLabel(p.list)}”中（于${words.when(p.endedAt)}确认结束），相关措施不再适用于您。详情请见 ${place.portal}。`,
    'objection-decided': decided,
    'appeal-decided': decided,
    'repair-decided': decided,
    'record-changed': decided,
  },
};
