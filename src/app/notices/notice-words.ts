// Numbers, money, dates and durations in words, in one notice language, with Intl (Node has full
// ICU): dates by Intl.DateTimeFormat, numbers and money (fen, said in yuan) by Intl.NumberFormat,
// the unit of a duration chosen by Intl.PluralRules from the message catalogue and the units
// joined by Intl.ListFormat. A calendar date (an instant at midnight UTC: the day of a conduct, an
// effect's end) is said as that date; any other instant (a deadline counted from a notice) is said
// with its time of day in the city's time zone, so that "by" is exact.
import type { RecordFields } from '../../core/ledger/ledger-types.js';
import { tryParseDuration } from '../../core/time/duration.js';
import {
  DURATION_UNITS,
  type NoticeMessages,
  type PluralForms,
} from './messages/notice-messages.js';

/** The city's time zone: deadlines are said in its local time (China Standard Time). */
export const NOTICE_TIME_ZONE = 'Asia/Shanghai';

/** Integer fields that hold money (fen): `amount`, `fine`, and names ending in Amount, Fine or Fen. */
export function isMoneyField(name: string): boolean {
  return /^(amount|fine)$|(Amount|Fine|Fen)$/.test(name);
}

/** A catalogue's enum value (`drunk-driving`) in words; any other text as it was recorded. */
function inWords(text: string): string {
  return /^[a-z]+(-[a-z]+)+$/.test(text) ? text.replace(/-/g, ' ') : text;
}

/** Words said once are kept (a file's records share their dates): at most this many per kind. */
const MEMO_SIZE = 4_096;

/** `said(key)` from `memo`, or computed and kept (the memo starts over when full). */
function memoised(memo: Map<string, string>, key: string, say: (key: string) => string): string {
  const known = memo.get(key);
  if (known !== undefined) return known;
  const said = say(key);
  if (memo.size >= MEMO_SIZE) memo.clear();
  memo.set(key, said);
  return said;
}

export class NoticeWords {
  readonly #messages: NoticeMessages;
  readonly #number: Intl.NumberFormat;
  readonly #money: Intl.NumberFormat;
  readonly #plural: Intl.PluralRules;
  readonly #date: Intl.DateTimeFormat;
  readonly #localDate: Intl.DateTimeFormat;
  readonly #localTime: Intl.DateTimeFormat;
  readonly #units: Intl.ListFormat;
  readonly #list: Intl.ListFormat;
  readonly #whens = new Map<string, string>();
  readonly #dates = new Map<string, string>();
  readonly #durations = new Map<string, string>();

  constructor(messages: NoticeMessages) {
    const locale = messages.locale;
    this.#messages = messages;
    this.#number = new Intl.NumberFormat(locale);
    this.#money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' });
    this.#plural = new Intl.PluralRules(locale);
    const day = { year: 'numeric', month: 'long', day: 'numeric' } as const;
    this.#date = new Intl.DateTimeFormat(locale, { ...day, timeZone: 'UTC' });
    this.#localDate = new Intl.DateTimeFormat(locale, { ...day, timeZone: NOTICE_TIME_ZONE });
    this.#localTime = new Intl.DateTimeFormat(locale, {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: NOTICE_TIME_ZONE,
    });
    this.#units = new Intl.ListFormat(locale, { type: messages.durationJoin, style: 'long' });
    this.#list = new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' });
  }

  number(n: number): string {
    return this.#number.format(n);
  }

  /** An amount of fen, said in yuan (`¥25,000.00`). */
  money(fen: number): string {
    return this.#money.format(fen / 100);
  }

  /** `15 days`, `3个月`: the number and its unit in the plural form the number takes. */
  count(n: number, forms: PluralForms): string {
    const form = forms[this.#plural.select(n)] ?? forms.other;
    return form.replace('{n}', this.number(n));
  }

  /** An ISO 8601 duration in words (`P2Y6M`: `2 years and 6 months`, `2年6个月`). */
  duration(text: string): string {
    return memoised(this.#durations, text, (t) => this.#duration(t));
  }

  #duration(text: string): string {
    const d = tryParseDuration(text);
    if (d === undefined) throw new Error(`"${text}" is not an ISO 8601 duration`);
    const parts = DURATION_UNITS.filter((u) => d[u] !== 0).map((u) =>
      this.count(d[u], this.#messages.units[u]),
    );
    return parts.length === 0
      ? this.count(0, this.#messages.units.days)
      : this.#units.format(parts);
  }

  /** The calendar date of an ISO instant at midnight UTC; else its date and time in the city. */
  when(iso: string): string {
    return memoised(this.#whens, iso, (t) => this.#when(t));
  }

  #when(iso: string): string {
    const at = new Date(iso);
    if (Number.isNaN(at.getTime())) throw new Error(`"${iso}" is not an instant`);
    if (at.getTime() % 86_400_000 === 0) return this.#date.format(at);
    return this.#messages.dateTime(this.#localDate.format(at), this.#localTime.format(at));
  }

  /** The calendar date an ISO instant falls on (UTC: the day of a conduct as recorded). */
  date(iso: string): string {
    return memoised(this.#dates, iso, (t) => this.#date.format(new Date(t)));
  }

  /** `a, b and c`. */
  list(items: readonly string[]): string {
    return this.#list.format(items);
  }

  /** The record's fields in words: money in yuan, numbers, yes and no, text as recorded. */
  fields(fields: RecordFields): string {
    const parts = Object.entries(fields).map(([name, value]) => {
      const said =
        typeof value === 'boolean'
          ? value
            ? this.#messages.yes
            : this.#messages.no
          : typeof value === 'number'
            ? isMoneyField(name)
              ? this.money(value)
              : this.number(value)
            : inWords(String(value));
      return this.#messages.field(this.#messages.fieldName(name), said);
    });
    return this.#messages.fieldsJoin(parts);
  }
}
