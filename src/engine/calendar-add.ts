// Calendar addition of one fixed duration, compiled once into a closure that allocates nothing.
// `addDuration` (core/time) builds a Date per call, which is fine for one record and too slow for
// a scan of millions (notice ends, incentive windows, 18th birthdays); this gives the same
// instants, as the unit tests check against `addDuration` itself: years and months move the
// calendar month in UTC and clamp to its last day, then weeks, days and clock units are elapsed time.
import type { Duration } from '../core/time/duration.js';
import { MS_PER_DAY } from '../core/time/instant.js';

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-12); H. Hinnant's algorithm. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (MONTH_DAYS[month - 1] ?? 31);
}

export type InstantShift = (at: number) => number;

/** The elapsed part of a duration (weeks, days, hours, minutes, seconds) in milliseconds. */
export function elapsedMs(d: Duration): number {
  return ((d.weeks * 7 + d.days) * 86_400 + d.hours * 3_600 + d.minutes * 60 + d.seconds) * 1_000;
}

/** `at => addDuration(at, d)` without allocation. Infinite and NaN instants pass through. */
export function compileDurationAdd(d: Duration): InstantShift {
  const elapsed = elapsedMs(d);
  const months = d.years * 12 + d.months;
  if (months === 0) return (at) => at + elapsed;
  return (at) => {
    if (!Number.isFinite(at)) return at;
    const dayNumber = Math.floor(at / MS_PER_DAY);
    const msOfDay = at - dayNumber * MS_PER_DAY;
    // civil_from_days (H. Hinnant)
    const z = dayNumber + 719_468;
    const era = Math.floor(z / 146_097);
    const doe = z - era * 146_097;
    const yoe = Math.floor(
      (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
    );
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    const total = month - 1 + months;
    const newYear = year + Math.floor(total / 12);
    const newMonth = (((total % 12) + 12) % 12) + 1;
    const newDay = Math.min(day, daysInMonth(newYear, newMonth));
    return daysFromCivil(newYear, newMonth, newDay) * MS_PER_DAY + msOfDay + elapsed;
  };
}

/**
 * Bounds on `addDuration(at, d) - at` for any `at`: adding m months moves the date by at least
 * 28m - 3 days (a month has 28 days or more; clamping to the month's end takes at most 3) and at
 * most 31m days. Lets a scan skip the exact calendar arithmetic when a comparison is settled anyway.
 */
export function spanBounds(d: Duration): { readonly lower: number; readonly upper: number } {
  const months = d.years * 12 + d.months;
  const elapsed = elapsedMs(d);
  return {
    lower: Math.max(0, months * 28 - 3) * MS_PER_DAY + elapsed,
    upper: months * 31 * MS_PER_DAY + elapsed,
  };
}
