// What a message catalogue of notices holds (one per language: notice-messages-en.ts,
// notice-messages-zh-cn.ts): the locale its numbers, dates and money are formatted in (by Intl),
// the words for the units of a duration with their plural forms (chosen by Intl.PluralRules), and
// one sentence builder per notice kind, so the compiler refuses a catalogue that misses a kind.
import type {
  DecisionKind,
  DecisionPayload,
  NoticeKind,
  NoticePayload,
} from '../notice-payload.js';
import type { NoticeWords } from '../notice-words.js';

/** The units of an ISO 8601 duration, largest first. */
export const DURATION_UNITS = [
  'years',
  'months',
  'weeks',
  'days',
  'hours',
  'minutes',
  'seconds',
] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** A word by plural category (`{n}` is the formatted number); `other` is always there. */
export type PluralForms = Readonly<Partial<Record<Intl.LDMLPluralRule, string>>> & {
  readonly other: string;
};

/** The payload a notice kind carries. */
export type PayloadOf<K extends NoticeKind> = K extends DecisionKind
  ? DecisionPayload
  : Extract<NoticePayload, { readonly kind: K }>;

/** Where the subject reads the notice and acts on it (the citizen portal's address). */
export interface NoticePlace {
  readonly portal: string;
}

export interface NoticeMessages {
  /** The Intl locale of numbers, dates and money. */
  readonly locale: string;
  /** How the parts of a duration are joined (Intl.ListFormat type). */
  readonly durationJoin: 'conjunction' | 'unit';
  readonly units: Readonly<Record<DurationUnit, PluralForms>>;
  /** A date and time of day in the city's time zone, e.g. `16 March 2026, 17:00 (Beijing time)`. */
  dateTime(date: string, time: string): string;
  /** A record's field name in words. */
  fieldName(name: string): string;
  /** A field and its value, both in words (`amount CN¥25,000.00`, `金额¥25,000.00`). */
  field(name: string, value: string): string;
  readonly yes: string;
  readonly no: string;
  /** Joins the fields said in words (`amount ¥25,000.00; case number D-1`). */
  fieldsJoin(parts: readonly string[]): string;
  /** How and until when to object: at any time while the record has effect (`objection.how`). */
  objectionHow(until: string, place: NoticePlace): string;
  /** What the agency must do once an objection is filed, and what follows if it is late. */
  decisionDue(agency: string, within: string): string;
  /** How and until when to appeal an objection decision (`appeal.how`). */
  appealHow(window: string, before: string, place: NoticePlace): string;
  /** Objecting again after a decision: only with new evidence, and until when (`repeat.how`). */
  repeatHow(until: string, place: NoticePlace): string;
  /** An appeal decision is final: nothing more is filed on the record, and what remains. */
  finalDecision(place: NoticePlace): string;
  /** What a decision did to the record (`fields`: the corrected values, in words). */
  outcome(decision: string, fields: string): string;
  /** One builder per notice kind. */
  readonly kinds: {
    readonly [K in NoticeKind]: (
      payload: PayloadOf<K>,
      words: NoticeWords,
      place: NoticePlace,
    ) => string;
  };
}
