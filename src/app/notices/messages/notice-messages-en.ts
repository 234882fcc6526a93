// The notices' message catalogue in English: the paragraph of each notice kind, with durations,
// dates and money in words (notice-words.ts formats them with Intl in the en-GB locale).
import type { DecisionPayload, NoticeList } from '../notice-payload.js';
import type { NoticeWords } from '../notice-words.js';
import type { NoticeMessages, NoticePlace } from './notice-messages.js';

function measures(list: NoticeList): string {
  return list.measures.length === 0
    ? ''
    : ` (measures: ${list.measures.map((m) => m.label).join('; ')})`;
}

/** ` Reason: …` as a sentence, or nothing. */
function reason(text: string | null): string {
  return text === null || text.trim() === ''
    ? ''
    : ` Reason: ${text.trim().replace(/[.\s]*$/, '')}.`;
}

function records(ids: readonly number[], words: NoticeWords): string {
  if (ids.length === 0) return '';
  const noun = ids.length === 1 ? 'record' : 'records';
  return ` because of ${noun} ${words.list(ids.map(String))}`;
}

function decided(p: DecisionPayload, words: NoticeWords, place: NoticePlace): string {
  const what = `record ${p.record.id} (“${p.record.label}”)`;
  const on = words.date(p.decidedAt);
  const fields = p.fields === null ? '' : words.fields(p.fields);
  const outcome = en.outcome(p.decision, fields);
  const why = reason(p.reason);
  switch (p.kind) {
    case 'objection-decided': {
      const next = [
        p.appeal === null
          ? ''
          : en.appealHow(words.duration(p.appeal.within), words.when(p.appeal.before), place),
        p.repeat === null ? '' : en.repeatHow(words.when(p.repeat.until), place),
      ].filter((s) => s !== '');
      if (next.length === 0) next.push(`Details: ${place.portal}.`);
      return `${p.decidedBy.name} decided your objection to ${what} on ${on}: ${outcome}.${why} ${next.join(' ')}`;
    }
    case 'appeal-decided':
      return `The authority (${p.decidedBy.name}) decided your appeal on ${what} on ${on}: ${outcome}.${why} ${en.finalDecision(place)}`;
    case 'repair-decided':
      return `${p.decidedBy.name} decided your request for repair of ${what} on ${on}: ${outcome}.${why} Details: ${place.portal}.`;
    case 'record-changed':
      return `${p.decidedBy.name} changed ${what} on ${on}: ${outcome}.${why} Details: ${place.portal}.`;
    default: {
      const never: never = p.kind;
      throw new Error(`unknown decision kind ${String(never)}`);
    }
  }
}

export const en: NoticeMessages = {
  locale: 'en-GB',
  durationJoin: 'conjunction',
  units: {
    years: { one: '{n} year', other: '{n} years' },
    months: { one: '{n} month', other: '{n} months' },
    weeks: { one: '{n} week', other: '{n} weeks' },
    days: { one: '{n} day', other: '{n} days' },
    hours: { one: '{n} hour', other: '{n} hours' },
    minutes: { one: '{n} minute', other: '{n} minutes' },
    seconds: { one: '{n} second', other: '{n} seconds' },
  },
  dateTime: (date, time) => `${date}, ${time} (Beijing time)`,
  fieldName: (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase(),
  field: (name, value) => `${name} ${value}`,
  yes: 'yes',
  no: 'no',
  fieldsJoin: (parts) => parts.join('; '),
  objectionHow: (until, place) =>
    `You may object at any time while the record has effect, until ${until} at the latest, at ${place.portal}.`,
  decisionDue: (agency, within) =>
    `If you object, ${agency} must decide within ${within} of your objection; if it has not decided by then, the record has no effect until it does.`,
  appealHow: (window, before, place) =>
    `You may appeal to the authority within ${window}, by ${before}, at ${place.portal}.`,
  repeatHow: (until, place) =>
    `You may object again only with evidence you have not offered before, by ${until}, at ${place.portal}.`,
  finalDecision: (place) =>
    `This decision is final: no further objection or appeal can be filed on this record. You can still take it to court, and the agency that submitted the record can correct it by submitting a new record. Details: ${place.portal}.`,
  outcome(decision, fields) {
    switch (decision) {
      case 'upheld':
        return 'the record stands as recorded';
      case 'corrected':
        return fields === ''
          ? 'the record is corrected'
          : `the record is corrected and now reads: ${fields}`;
      case 'revoked':
        return 'the record is revoked and has no effect anywhere';
      case 'repaired':
        return 'the record is repaired and no longer counts anywhere';
      default:
        return decision.endsWith('refused') ? 'your request is refused' : 'a decision was recorded';
    }
  },
  kinds: {
    'record-accepted'(p, words, place) {
      const parts = [
        `${p.agency.name} recorded “${p.record.label}” about you (record ${p.record.id}, conduct on ${words.date(p.record.occurredAt)}), under ${p.legalBasis}.`,
      ];
      if (Object.keys(p.record.fields).length > 0)
        parts.push(`Recorded: ${words.fields(p.record.fields)}.`);
      parts.push(
        `It has effect from ${words.date(p.effect.from)} until ${words.when(p.effect.until)} at the latest${p.effect.endsWhenFulfilled ? ', or until you fulfil the obligation' : ''}.`,
      );
      if (p.lists.length === 0) parts.push('It puts you on no sanction list.');
      for (const list of p.lists) {
        parts.push(
          `From ${words.when(list.effectiveFrom)} (${words.duration(list.noticePeriod)} after it was recorded) it puts you on the ${list.label}${measures(list)} until ${words.when(list.until)} at the latest.`,
        );
      }
      parts.push(
        en.objectionHow(words.when(p.objection.until), place),
        en.decisionDue(p.agency.name, words.duration(p.objection.decisionWithin)),
      );
      if (p.effect.repairFrom !== null)
        parts.push(
          `Once you have fulfilled the obligation, you may ask for repair from ${words.when(p.effect.repairFrom)}.`,
        );
      return parts.join(' ');
    },
    'list-joined'(p, words, place) {
      const until = p.until === null ? '' : ` until ${words.when(p.until)} at the latest`;
      return `You are on the ${p.list.label}${measures(p.list)} from ${words.when(p.since)}${until}${records(p.records, words)}. Legal basis: ${p.list.legalBasis}. Details and how to object: ${place.portal}.`;
    },
    'list-left': (p, words, place) =>
      `You are no longer on the ${p.list.label} (found ended on ${words.when(p.endedAt)}); its measures no longer apply to you. Details: ${place.portal}.`,
    'objection-decided': decided,
    'appeal-decided': decided,
    'repair-decided': decided,
    'record-changed': decided,
  },
};
