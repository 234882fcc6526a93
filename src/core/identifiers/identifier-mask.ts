// Masks identifiers for publication (charter C13: public lists show identifiers masked).
//
// A person's number encodes birthplace, birth date and sex; together with a name it singles a
// person out well beyond what a public list needs. The birth date is hidden, while the region,
// sequence and check character stay, because the reason numbers are published at all is to tell
// a listed person apart from namesakes, and those digits still do that. An organisation's code is
// public registration data, printed on its business licence, so it is published as is.
import { birthDateOf, residentIdentityCheckCharacter } from './resident-identity-number.js';
import { provinceOf } from './region-codes.js';
import { checkSocialCreditCode } from './social-credit-code.js';

const PERSON_SHAPED = /^\d{17}[\dX]$/;
const LEGACY_PERSON = /^\d{15}$/;

/**
 * The form of a normalised identifier (as checkIdentifier returns it) that may be published:
 * `110105199001014118` becomes `110105********4118`. Anything that is not recognisably an
 * organisation's code is treated as a person's and masked, so a mistake errs towards privacy.
 */
export function maskIdentifier(normalized: string): string {
  if (isPersonNumber(normalized) || !checkSocialCreditCode(normalized).valid) {
    if (PERSON_SHAPED.test(normalized)) return hide(normalized, 6, 14);
    if (LEGACY_PERSON.test(normalized)) return hide(normalized, 6, 12);
    return '*'.repeat(normalized.length);
  }
  return normalized;
}

// The same test checkIdentifier applies first, without the "not after today" bound, so that a
// code that is both a valid person's number and a valid organisation's code is masked as the
// person's it would have been taken for.
function isPersonNumber(text: string): boolean {
  return (
    PERSON_SHAPED.test(text) &&
    provinceOf(text) !== undefined &&
    birthDateOf(text) !== undefined &&
    residentIdentityCheckCharacter(text) === text.charAt(17)
  );
}

function hide(text: string, from: number, to: number): string {
  return text.slice(0, from) + '*'.repeat(to - from) + text.slice(to);
}
