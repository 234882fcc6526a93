// The single entry point for validating a national identifier (charter C10: subjects are keyed
// by checksum-validated numbers, never by names). It tells a person's resident identity number
// from an organisation's unified social credit code, normalises it, and when it is invalid says
// why in terms the person who typed it can act on.
import type { Instant } from '../time/instant.js';
import { checkResidentIdentityNumber } from './resident-identity-number.js';
import { checkSocialCreditCode } from './social-credit-code.js';

export type IdentifierReason = 'length' | 'charset' | 'checksum' | 'date' | 'region';

export type ResidentIdentityNumber = string & { readonly __brand: 'ResidentIdentityNumber' };
export type SocialCreditCode = string & { readonly __brand: 'SocialCreditCode' };

export interface IdentifierFailure {
  readonly valid: false;
  readonly reason: IdentifierReason;
  readonly message: string;
}

export type IdentifierCheck =
  | {
      readonly valid: true;
      readonly scheme: 'cn-ric';
      readonly kind: 'person';
      readonly normalized: ResidentIdentityNumber;
      readonly birthDate: Instant;
      readonly sex: 'male' | 'female';
    }
  | {
      readonly valid: true;
      readonly scheme: 'cn-uscc';
      readonly kind: 'organization';
      readonly normalized: SocialCreditCode;
    }
  | IdentifierFailure;

// Shaped like a person's number: the only letter a resident identity number has is a final X.
const PERSON_SHAPED = /^\d{17}[\dX]$/;

/** Trims, removes inner white space (including the ideographic space) and upper-cases. */
export function normalizeIdentifier(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

/**
 * Checks a resident identity number (18 characters, or 15 digits in the 1989 form, which is
 * returned in its 18-character form) or a unified social credit code. `today` bounds birth dates.
 *
 * Eighteen characters can be either scheme: whichever validates wins (a person's number first).
 * When neither does, the reason given is the one from the scheme the text most looks like: a
 * person's number if it is 17 digits and a digit or X, unless it does not start with a province
 * while the rest reads as an organisation's code (all-digit social credit codes exist, and start
 * with a registration authority such as 9 instead of a province); otherwise an organisation's code.
 */
export function checkIdentifier(input: string, today: Instant): IdentifierCheck {
  const text = normalizeIdentifier(input);
  if (text.length !== 15 && text.length !== 18) {
    return {
      valid: false,
      reason: 'length',
      message: `an identifier has 18 characters (a resident identity number or a unified social credit code) or 15 digits (a resident identity number issued before 1999), not ${text.length}`,
    };
  }
  const person = checkResidentIdentityNumber(text, today);
  if (person.valid) return { ...person, scheme: 'cn-ric', kind: 'person' };
  if (text.length === 15) return person;

  const organization = checkSocialCreditCode(text);
  if (organization.valid) return { ...organization, scheme: 'cn-uscc', kind: 'organization' };

  const looksLikePerson =
    PERSON_SHAPED.test(text) &&
    !(
      person.reason === 'region' &&
      organization.reason !== 'charset' &&
      organization.reason !== 'region'
    );
  return looksLikePerson ? person : organization;
}
