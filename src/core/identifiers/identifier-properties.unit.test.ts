// Properties of the two schemes over generated numbers: whatever the constructors build is valid,
// and no single changed character goes unnoticed (both check schemes use a prime modulus and
// weights that are never 0 modulo it, so every single substitution moves the weighted sum).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDate, utcDate } from '../time/instant.js';
import { checkIdentifier } from './identifier-check.js';
import { BEIJING_DISTRICTS, PROVINCES } from './region-codes.js';
import { checkResidentIdentityNumber, residentIdentityNumber } from './resident-identity-number.js';
import {
  SOCIAL_CREDIT_ALPHABET,
  checkSocialCreditCode,
  hasValidOrganizationCode,
  socialCreditCode,
} from './social-credit-code.js';

const TODAY = utcDate(2025, 6, 1)!;

const digits = (n: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const symbols = (n: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...SOCIAL_CREDIT_ALPHABET), minLength: n, maxLength: n });

const region = fc.oneof(
  fc.constantFrom(...BEIJING_DISTRICTS.map((d) => d.code)),
  fc
    .tuple(fc.constantFrom(...PROVINCES.map((p) => p.code)), digits(4))
    .map(([p, rest]) => p + rest),
);

const birth = fc
  .date({
    min: new Date(Date.UTC(1900, 0, 1)),
    max: new Date(Date.UTC(2025, 5, 1)),
    noInvalidDate: true,
  })
  .map((d) => ({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }));

const person = fc.record({ region, birth, sequence: fc.integer({ min: 0, max: 999 }) });

// Authorities 9 (market regulation) and Y (other) never start a province code, so these codes
// cannot also be read as a person's number (see identifier-check.unit.test.ts for one that can).
const organizationParts = fc.record({
  authority: fc.constantFrom('9', 'Y'),
  entityType: fc.constantFrom(...SOCIAL_CREDIT_ALPHABET),
  region,
  organization: symbols(8),
});

const anyCharacter = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-*');

/** The text with one character replaced by a different one. */
const withOneChange = (text: string): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min: 0, max: text.length - 1 }), anyCharacter)
    .filter(([i, c]) => text.charAt(i) !== c)
    .map(([i, c]) => text.slice(0, i) + c + text.slice(i + 1));

describe('identifier properties', () => {
  it('every resident identity number built from parts checks as that person', () => {
    fc.assert(
      fc.property(person, ({ region: r, birth: b, sequence }) => {
        const number = residentIdentityNumber(r, b, sequence);
        const checked = checkIdentifier(number, TODAY);
        expect(checked).toMatchObject({
          valid: true,
          scheme: 'cn-ric',
          normalized: number,
          sex: sequence % 2 === 1 ? 'male' : 'female',
        });
        const date = `${b.year}-${String(b.month).padStart(2, '0')}-${String(b.day).padStart(2, '0')}`;
        expect(checked.valid && checked.scheme === 'cn-ric' && formatDate(checked.birthDate)).toBe(
          date,
        );
      }),
    );
  });

  it('every social credit code built from parts is valid, inner organisation code included', () => {
    fc.assert(
      fc.property(organizationParts, (parts) => {
        const code = socialCreditCode(parts);
        expect(checkIdentifier(code, TODAY)).toEqual({
          valid: true,
          scheme: 'cn-uscc',
          kind: 'organization',
          normalized: code,
        });
        expect(hasValidOrganizationCode(code)).toBe(true);
      }),
    );
  });

  it('every social credit code built from 17 characters is valid', () => {
    fc.assert(
      fc.property(fc.tuple(symbols(2), region, symbols(9)), ([head, r, tail]) => {
        expect(checkSocialCreditCode(socialCreditCode(head + r + tail)).valid).toBe(true);
      }),
    );
  });

  it('changing any one character of a resident identity number makes it invalid', () => {
    const changed = person
      .map(({ region: r, birth: b, sequence }) => residentIdentityNumber(r, b, sequence))
      .chain((number) => fc.tuple(fc.constant(number), withOneChange(number)));
    fc.assert(
      fc.property(changed, ([original, mutant]) => {
        expect(checkResidentIdentityNumber(mutant, TODAY).valid).toBe(false);
        // The changed text may, rarely, happen to be some organisation's code; never the person.
        const checked = checkIdentifier(mutant, TODAY);
        expect(checked.valid && checked.scheme === 'cn-ric').toBe(false);
        expect(mutant).not.toBe(original);
      }),
      { numRuns: 500 },
    );
  });

  it('changing any one character of a social credit code makes it invalid', () => {
    const changed = organizationParts
      .map((parts) => socialCreditCode(parts))
      .chain((code) => withOneChange(code));
    fc.assert(
      fc.property(changed, (mutant) => {
        expect(checkSocialCreditCode(mutant).valid).toBe(false);
        const checked = checkIdentifier(mutant, TODAY);
        expect(checked.valid && checked.scheme === 'cn-uscc').toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
