// A time of day in UTC written `HH:MM` (the daily publication run), or `off`.
import { DomainError } from '../errors/domain-error.js';

/** Minutes after midnight UTC of `HH:MM`; undefined for `off`; `InvalidSchedule` otherwise. */
export function parseTimeOfDay(text: string): number | undefined {
  if (text.trim().toLowerCase() === 'off') return undefined;
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!match)
    throw new DomainError(
      'InvalidSchedule',
      `publication time "${text}" is not HH:MM (UTC) or "off"`,
    );
  return Number(match[1]) * 60 + Number(match[2]);
}
