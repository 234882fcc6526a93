// Instants are UTC milliseconds since the epoch, branded so that a plain number (a count, an id)
// is never taken for a time by mistake. Core never reads the clock: "now" arrives as an argument.
import { DomainError } from '../errors/domain-error.js';
import { quoted } from '../text/storable-text.js';

export type Instant = number & { readonly __brand: 'Instant' };

export const MS_PER_DAY = 86_400_000;

export function instant(ms: number): Instant {
  return ms as Instant;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The instant of a calendar date at 00:00 UTC, or undefined when the date does not exist. */
export function utcDate(year: number, month: number, day: number): Instant | undefined {
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    return undefined;
  }
  return instant(ms);
}

/**
 * Parses a date (`2026-03-01`, taken as 00:00 UTC) or an ISO 8601 instant with a zone
 * (`2026-03-01T08:00:00Z`, `...+08:00`). Anything else, or a date that does not exist, is
 * undefined; callers turn that into their own error code.
 */
export function tryParseInstant(text: string): Instant | undefined {
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) return utcDate(Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3]));
  if (!DATE_TIME.test(text)) return undefined;
  const dayPart = DATE_ONLY.exec(text.slice(0, 10));
  if (
    !dayPart ||
    utcDate(Number(dayPart[1]), Number(dayPart[2]), Number(dayPart[3])) === undefined
  ) {
    return undefined;
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : instant(ms);
}

export function parseInstant(text: string, what = 'instant'): Instant {
  const parsed = tryParseInstant(text);
  if (parsed === undefined) {
    throw new DomainError(
      'InvalidInstant',
      `${what} ${quoted(text)} is not a date (YYYY-MM-DD) or an ISO 8601 instant with a zone (2026-03-01T08:00:00Z)`,
    );
  }
  return parsed;
}

export function formatInstant(at: Instant): string {
  return new Date(at).toISOString();
}

export function formatDate(at: Instant): string {
  return new Date(at).toISOString().slice(0, 10);
}
