// What a person's resident identity number itself says about them, for the authority's fairness
// monitor (docs/http-api.md, "The authority's dashboard"): the district of household registration
// (the 6-digit GB/T 2260 code that opens the number), the age band at an instant (from the birth
// date it carries) and the sex (the parity of the 17th digit: odd male, even female). Nothing is
// collected for this: the attributes are read from the identifier Probity keys every subject by
// (charter C10). Organisations' codes carry none of these, so only persons have attributes.
import type { Instant } from '../time/instant.js';
import { BEIJING_DISTRICTS, type RegionCode } from './region-codes.js';
import { birthDateOf, residentIdentityCheckCharacter } from './resident-identity-number.js';

/** The age bands of the fairness monitor, youngest first; `under-18` holds minors (not scorable). */
export const AGE_BANDS = ['under-18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];

/** The district group of codes outside Beijing's districts (another city, a retired code). */
export const OTHER_DISTRICT: RegionCode = { code: 'other', name: 'Other', nameZh: '其他' };

/** Every district group, Beijing's districts in code order, then `other`. */
export const DISTRICT_GROUPS: readonly RegionCode[] = [...BEIJING_DISTRICTS, OTHER_DISTRICT];

const DISTRICT_BY_CODE: ReadonlyMap<string, RegionCode> = new Map(
  BEIJING_DISTRICTS.map((d) => [d.code, d]),
);

export interface PersonAttributes {
  /** A Beijing district code (`110105`) or `other`. */
  readonly district: string;
  readonly ageBand: AgeBand;
  readonly sex: Sex;
}

const EIGHTEEN = /^\d{17}[\dX]$/;

/**
 * Whether a normalised key is a person's 18-character number (digits, a birth date that exists,
 * its check character right). Ledger keys were validated when first written, so this only tells
 * a person from an organisation; the all-digit key valid in both schemes is a person's, as
 * identifier-check.ts reads it.
 */
export function isPersonKey(key: string): boolean {
  return (
    key.length === 18 &&
    EIGHTEEN.test(key) &&
    birthDateOf(key) !== undefined &&
    residentIdentityCheckCharacter(key) === key.charAt(17)
  );
}

/** The district group of a person's number: its Beijing district, or `other`. */
export function districtOf(key: string): RegionCode {
  return DISTRICT_BY_CODE.get(key.slice(0, 6)) ?? OTHER_DISTRICT;
}

/** The sex a person's number records: the 17th digit odd for men, even for women. */
export function sexOf(key: string): Sex {
  return (key.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female';
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Completed years of age at `at` (UTC calendar) of someone born at `birth` (00:00 UTC of the
 * date): the birthday counts from its first instant. Someone born on 29 February has their
 * birthday on 28 February in other years, as adulthood is counted (core/subjects/adulthood.ts).
 */
export function ageAt(birth: Instant, at: Instant): number {
  const b = new Date(birth);
  const t = new Date(at);
  const year = t.getUTCFullYear();
  let age = year - b.getUTCFullYear();
  const month = b.getUTCMonth() + 1;
  const day = Math.min(b.getUTCDate(), daysInMonth(year, month));
  const birthdayThisYear = Date.UTC(year, month - 1, day);
  if (at < birthdayThisYear) age -= 1;
  return age;
}

/** The band of an age in completed years. */
export function ageBandOf(age: number): AgeBand {
  if (age < 18) return 'under-18';
  if (age < 25) return '18-24';
  if (age < 35) return '25-34';
  if (age < 45) return '35-44';
  if (age < 55) return '45-54';
  if (age < 65) return '55-64';
  return '65+';
}

/** District, age band at `at` and sex of a person's key; undefined for any other key. */
export function personAttributes(key: string, at: Instant): PersonAttributes | undefined {
  if (!isPersonKey(key)) return undefined;
  const birth = birthDateOf(key);
  if (birth === undefined) return undefined;
  return { district: districtOf(key).code, ageBand: ageBandOf(ageAt(birth, at)), sex: sexOf(key) };
}
