// Adulthood (charter C4): a person is an adult from the 18th birthday, the birth date + P18Y added
// in the UTC calendar as policy.md adds durations (someone born on 29 February comes of age on
// 28 February of a non-leap year). Records about minors are refused, and a minor is not scorable.
import { addDuration, type Duration } from '../time/duration.js';
import type { Instant } from '../time/instant.js';

/** The age of majority, P18Y. */
export const ADULT_AGE: Duration = {
  years: 18,
  months: 0,
  weeks: 0,
  days: 0,
  hours: 0,
  minutes: 0,
  seconds: 0,
  text: 'P18Y',
};

/** The instant a person born at `birthDate` becomes an adult: the 18th birthday. */
export function adultFrom(birthDate: Instant): Instant {
  return addDuration(birthDate, ADULT_AGE);
}

/** Whether a person born at `birthDate` is an adult at `t` (from the 18th birthday on). */
export function isAdultAt(birthDate: Instant, t: Instant): boolean {
  return t >= adultFrom(birthDate);
}
