// Unified social credit codes (GB 32100-2015): the 18-character code every registered
// organisation carries, which is how Probity keys an organisation (charter C10).
//
// Layout: registration authority (1 character), entity type (1), GB/T 2260 region of the
// registering authority (6 digits), GB 11714 organisation code (8 characters and its own check
// character), and a check character over the whole. Characters come from a 31-symbol alphabet
// without I, O, S, V and Z (easily misread), each worth its index in the alphabet.
//
// Only the outer check character is enforced. The inner organisation-code check is reported by
// hasValidOrganizationCode but does not make a code invalid: GB 32100 defines validity by the
// outer check alone, and codes issued in the early pilot regions are lawful yet carry inner codes
// that fail GB 11714. Rejecting them would turn real organisations away at the door; a data-quality
// report may still flag them.
import { DomainError } from '../errors/domain-error.js';
import type { IdentifierFailure, IdentifierReason, SocialCreditCode } from './identifier-check.js';
import { provinceOf } from './region-codes.js';

export const SOCIAL_CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// Weight i is 3^i mod 31; the check character makes the weighted sum of all 18 symbols a
// multiple of 31.
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

// GB 11714-1997 organisation code: 8 characters (digits, or letters worth 10-35) and a check.
const ORGANIZATION_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
const ORGANIZATION_DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

// Organisations registered by central bodies carry the national region 100000 rather than a
// province.
const NATIONAL_REGION = '100000';

const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export interface ValidSocialCreditCode {
  readonly valid: true;
  readonly normalized: SocialCreditCode;
}

export type SocialCreditCheck = ValidSocialCreditCode | IdentifierFailure;

/** The parts a code is built from when its inner organisation code should be valid too. */
export interface SocialCreditCodeParts {
  /** Registration authority: 9 for market regulation (industry and commerce), 5 civil affairs, ... */
  readonly authority: string;
  /** Entity type under that authority: under 9, 1 enterprise, 2 individual business, 3 cooperative. */
  readonly entityType: string;
  /** Six-digit GB/T 2260 region of the registering authority. */
  readonly region: string;
  /** The first 8 characters of the organisation code; its check character is computed. */
  readonly organization: string;
}

/** The check character for the first 17 characters of a code (which must be in the alphabet). */
export function socialCreditCheckCharacter(body17: string): string {
  const sum = WEIGHTS.reduce(
    (total, weight, i) => total + weight * SOCIAL_CREDIT_ALPHABET.indexOf(body17.charAt(i)),
    0,
  );
  return SOCIAL_CREDIT_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** The GB 11714 check character for the 8 characters of an organisation code. */
export function organizationCodeCheckCharacter(base8: string): string {
  const sum = ORGANIZATION_WEIGHTS.reduce(
    (total, weight, i) => total + weight * ORGANIZATION_DIGITS.indexOf(base8.charAt(i)),
    0,
  );
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** Whether the organisation code inside a code (positions 9-17) passes its own GB 11714 check. */
export function hasValidOrganizationCode(code: string): boolean {
  return organizationCodeCheckCharacter(code.slice(8, 16)) === code.charAt(16);
}

/**
 * Checks an already normalised code (no spaces, upper case). Problems are reported in the order
 * that is most useful to whoever typed the code: length, characters, region, checksum.
 */
export function checkSocialCreditCode(text: string): SocialCreditCheck {
  if (text.length !== 18) {
    return failure('length', `a unified social credit code has 18 characters, not ${text.length}`);
  }
  if (!SHAPE.test(text)) return failure('charset', describeBadCharacter(text));
  const region = text.slice(2, 8);
  if (region !== NATIONAL_REGION && provinceOf(region) === undefined) {
    return failure(
      'region',
      `characters 3-8 (${region}) should be the registering authority's GB/T 2260 region, but ${region.slice(0, 2)} is not a province code`,
    );
  }
  const expected = socialCreditCheckCharacter(text);
  const actual = text.charAt(17);
  if (actual !== expected) {
    return failure('checksum', `the check character should be ${expected}, not ${actual}`);
  }
  return { valid: true, normalized: text as SocialCreditCode };
}

/**
 * Builds a valid code, computing the check character: for the synthetic-city generator and test
 * factories. Given 17 characters it appends the outer check only; given parts it also computes
 * the inner organisation code's check character, so the code passes hasValidOrganizationCode.
 * Throws a DomainError when a part cannot appear in a real code.
 */
export function socialCreditCode(body: string | SocialCreditCodeParts): SocialCreditCode {
  const body17 =
    typeof body === 'string'
      ? body
      : body.authority +
        body.entityType +
        body.region +
        body.organization +
        organizationCodeCheckCharacter(body.organization);
  const code = body17 + socialCreditCheckCharacter(body17);
  if (body17.length !== 17 || !SHAPE.test(code)) {
    throw new DomainError(
      'InvalidIdentifierPart',
      `"${body17}" is not 17 characters of a social credit code (authority and type, six-digit region, organisation code, in the alphabet ${SOCIAL_CREDIT_ALPHABET})`,
    );
  }
  const checked = checkSocialCreditCode(code);
  if (!checked.valid) throw new DomainError('InvalidIdentifierPart', checked.message);
  return checked.normalized;
}

function describeBadCharacter(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    const isRegion = i >= 2 && i < 8;
    if (isRegion && !(c >= '0' && c <= '9')) {
      return `character ${i + 1} ("${c}") should be a digit: characters 3-8 are a GB/T 2260 region code`;
    }
    if (!isRegion && !SOCIAL_CREDIT_ALPHABET.includes(c)) {
      return `character ${i + 1} ("${c}") is not used in social credit codes, whose alphabet is digits and capital letters without I, O, S, V and Z`;
    }
  }
  return 'a unified social credit code uses digits and capital letters without I, O, S, V and Z';
}

function failure(reason: IdentifierReason, message: string): IdentifierFailure {
  return { valid: false, reason, message };
}
