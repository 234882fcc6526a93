// Resident identity numbers (GB 11643-1999): the 18-character number on every resident identity
// card, which is how Probity keys a person (charter C10), and the 15-digit GB 11643-1989 form
// that older agency records still carry, which is converted to the 18-character form so that one
// person never becomes two subjects.
//
// Layout: 6-digit GB/T 2260 region of household registration, birth date YYYYMMDD, 3-digit
// sequence (odd for men, even for women), and an ISO 7064 MOD 11-2 check character (0-9 or X).
// The 1989 form has a 2-digit year (always 19xx) and no check character.
import { DomainError } from '../errors/domain-error.js';
import { MS_PER_DAY, formatDate, instant, utcDate, type Instant } from '../time/instant.js';
import type {
  IdentifierFailure,
  IdentifierReason,
  ResidentIdentityNumber,
} from './identifier-check.js';
import { provinceOf } from './region-codes.js';

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A person's number that passed every check, with what it encodes. */
export interface ValidResidentIdentityNumber {
  readonly valid: true;
  readonly normalized: ResidentIdentityNumber;
  readonly birthDate: Instant;
  readonly sex: 'male' | 'female';
}

export type ResidentIdentityCheck = ValidResidentIdentityNumber | IdentifierFailure;

// ISO 7064 MOD 11-2: weight i is 2^(17-i) mod 11; the check makes the weighted sum of all 18
// characters (X counting 10) congruent to 1 mod 11, hence the reversed-looking table.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

const EIGHTEEN = /^\d{17}[\dX]$/;
const FIFTEEN = /^\d{15}$/;

// Numbers were first issued in 1984; anyone born before 1900 would be over 125, so such a date
// is a typing error (or a century slip), not a person.
const EARLIEST_BIRTH = instant(Date.UTC(1900, 0, 1));

/** The check character for the first 17 digits of a number. */
export function residentIdentityCheckCharacter(body17: string): string {
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * (body17.charCodeAt(i) - 48), 0);
  return CHECK_CHARACTERS.charAt(sum % 11);
}

/**
 * The 18-character form of a 15-digit GB 11643-1989 number: the year gains its century (the
 * 1989 form was only issued to people born in the 1900s) and the check character is computed.
 * The input must be 15 digits; use checkResidentIdentityNumber to validate it first.
 */
export function fromLegacyResidentIdentityNumber(legacy15: string): string {
  const body = `${legacy15.slice(0, 6)}19${legacy15.slice(6, 15)}`;
  return body + residentIdentityCheckCharacter(body);
}

/**
 * Checks an already normalised number (no spaces, upper case) of 18 characters, or 15 digits in
 * the 1989 form, which is returned in its 18-character form. Problems are reported in the order
 * that is most useful to whoever typed the number: length, characters, region, date, checksum.
 */
export function checkResidentIdentityNumber(text: string, today: Instant): ResidentIdentityCheck {
  const legacy = text.length === 15;
  if (!legacy && text.length !== 18) {
    return failure(
      'length',
      `a resident identity number has 18 characters (or 15 digits in the 1989 form), not ${text.length}`,
    );
  }
  if (!(legacy ? FIFTEEN : EIGHTEEN).test(text)) {
    return failure('charset', describeBadCharacter(text, legacy));
  }
  if (provinceOf(text) === undefined) {
    return failure(
      'region',
      `the number starts with ${text.slice(0, 2)}, which is not a GB/T 2260 province code, so it cannot be a place of household registration`,
    );
  }
  const full = legacy ? fromLegacyResidentIdentityNumber(text) : text;
  const written = `${full.slice(6, 10)}-${full.slice(10, 12)}-${full.slice(12, 14)}`;
  const birth = birthDateOf(full);
  if (birth === undefined) return failure('date', `the birth date ${written} does not exist`);
  const dateProblem = checkBirthDate(written, birth, today);
  if (dateProblem) return dateProblem;
  const expected = residentIdentityCheckCharacter(full);
  const actual = full.charAt(17);
  if (actual !== expected) {
    return failure('checksum', `the check character should be ${expected}, not ${actual}`);
  }
  return {
    valid: true,
    normalized: full as ResidentIdentityNumber,
    birthDate: birth,
    sex: (full.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female',
  };
}

/**
 * Builds a valid number from its parts, computing the check character: for the synthetic-city
 * generator and test factories. Throws a DomainError when a part cannot appear in a real number.
 */
export function residentIdentityNumber(
  region: string,
  birth: CalendarDate,
  sequence: number,
): ResidentIdentityNumber {
  if (!/^\d{6}$/.test(region) || provinceOf(region) === undefined) {
    throw new DomainError(
      'InvalidIdentifierPart',
      `region "${region}" is not a six-digit GB/T 2260 code in a known province`,
    );
  }
  if (
    birth.year < 1900 ||
    birth.year > 9999 ||
    utcDate(birth.year, birth.month, birth.day) === undefined
  ) {
    throw new DomainError(
      'InvalidIdentifierPart',
      `birth date ${birth.year}-${birth.month}-${birth.day} does not exist or is before 1900`,
    );
  }
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new DomainError(
      'InvalidIdentifierPart',
      `sequence ${sequence} is not a whole number from 0 to 999`,
    );
  }
  const body =
    region +
    String(birth.year).padStart(4, '0') +
    String(birth.month).padStart(2, '0') +
    String(birth.day).padStart(2, '0') +
    String(sequence).padStart(3, '0');
  return (body + residentIdentityCheckCharacter(body)) as ResidentIdentityNumber;
}

/** The birth date of an 18-character number, or undefined when that date does not exist. */
export function birthDateOf(full: string): Instant | undefined {
  return utcDate(Number(full.slice(6, 10)), Number(full.slice(10, 12)), Number(full.slice(12, 14)));
}

/** A birth date that exists may still be impossible for a living person. */
function checkBirthDate(
  written: string,
  birth: Instant,
  today: Instant,
): IdentifierFailure | undefined {
  if (birth < EARLIEST_BIRTH) {
    return failure(
      'date',
      `the birth date ${written} is before 1900-01-01, which no living person has`,
    );
  }
  // `today` is an instant, and the calendar date in China (UTC+8) runs up to a day ahead of the
  // UTC date, so a child registered on the morning of its birth would otherwise be "born tomorrow".
  const startOfToday = today - (((today % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY);
  if (birth > startOfToday + MS_PER_DAY) {
    return failure('date', `the birth date ${written} is after today (${formatDate(today)})`);
  }
  return undefined;
}

function describeBadCharacter(text: string, legacy: boolean): string {
  const rule = legacy
    ? 'a 15-character resident identity number is all digits'
    : 'a resident identity number is 17 digits followed by a digit or X';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    const isDigit = c >= '0' && c <= '9';
    const isFinalX = c === 'X' && !legacy && i === 17;
    if (!isDigit && !isFinalX) return `character ${i + 1} ("${c}") is not allowed: ${rule}`;
  }
  return rule;
}

function failure(reason: IdentifierReason, message: string): IdentifierFailure {
  return { valid: false, reason, message };
}
