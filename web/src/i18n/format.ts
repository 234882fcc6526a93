// Dates, numbers and money for the page's language, through Intl (docs/web.md). Money is given by
// the API in minor units (fen) and shown in yuan.
import type { Language } from './languages.js';

export interface Formatters {
  readonly language: Language;
  /** A calendar date (`2026-03-01` or an instant) in the language's form. */
  date(value: string): string;
  /** An instant, to the minute, in UTC (the ledger's time zone for dates). */
  dateTime(value: string): string;
  /** A month (`2026-03`). */
  month(value: string): string;
  number(value: number): string;
  /** Yuan from minor units (fen). */
  money(minor: number): string;
  percent(value: number): string;
}

export function formatters(language: Language): Formatters {
  const dateFormat = new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });
  const dateTimeFormat = new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  });
  const monthFormat = new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  });
  const numberFormat = new Intl.NumberFormat(language);
  const moneyFormat = new Intl.NumberFormat(language, { style: 'currency', currency: 'CNY' });
  const percentFormat = new Intl.NumberFormat(language, {
    style: 'percent',
    maximumFractionDigits: 1,
  });
  const parse = (value: string): Date | undefined => {
    const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
    return Number.isNaN(d.getTime()) ? undefined : d;
  };
  return {
    language,
    date: (value) => {
      const d = parse(value);
      return d ? dateFormat.format(d) : value;
    },
    dateTime: (value) => {
      const d = parse(value);
      return d ? dateTimeFormat.format(d) : value;
    },
    month: (value) => {
      const d = parse(/^\d{4}-\d{2}$/.test(value) ? `${value}-01` : value);
      return d ? monthFormat.format(d) : value;
    },
    number: (value) => numberFormat.format(value),
    money: (minor) => moneyFormat.format(minor / 100),
    percent: (value) => percentFormat.format(value),
  };
}

/** An ISO 8601 duration (`P3Y`, `P1Y6M`, `P10D`) in words of the language. */
export function formatDuration(language: Language, text: string): string {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(text);
  if (!match || text === 'P') return text;
  const units = ['year', 'month', 'week', 'day'] as const;
  const parts = units.flatMap((unit, i) => {
    const n = Number(match[i + 1] ?? 0);
    return n === 0
      ? []
      : [new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(n)];
  });
  if (parts.length === 0) {
    return new Intl.NumberFormat(language, {
      style: 'unit',
      unit: 'day',
      unitDisplay: 'long',
    }).format(0);
  }
  return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(parts);
}

/** A label from a document's `labels` for the language, else its own label, else the id. */
export function labelFor(
  language: Language,
  thing: {
    readonly id?: string;
    readonly label?: string | null;
    readonly labels?: Readonly<Record<string, string>> | null;
  },
): string {
  return thing.labels?.[language] ?? thing.label ?? thing.id ?? '';
}
