// The subject an audit entry is filed under (charter C11: a citizen's access log misses nothing).
// Every entry is filed under the subject's canonical key, whatever form the caller named it in:
// white space removed, a lower-case x upper-cased, a 15-digit first-generation resident identity
// number converted to its 18-character form. So a submission or a check that names
// `110106730917001` or ` 11010519900101411x ` is in the log of the citizen it is about. This is
// done where every entry is numbered and hashed (audit-chain.ts), so no use case can forget it.
//
// What is not an identifier stays as it is: the empty subject of an access about no one subject,
// and references such as `record:42`, `objection:7`, `appeal:3` or `agency:court-1` (a lower-case
// word and a colon, which no identifier has). An identifier that does not validate is filed as
// `invalid:<what was sent>`: it stays findable by whoever reviews the log, and can never be taken
// for a citizen's key, since no canonical key has a colon.
import { checkIdentifier } from '../../core/identifiers/index.js';
import { provinceOf } from '../../core/identifiers/region-codes.js';
import { residentIdentityCheckCharacter } from '../../core/identifiers/resident-identity-number.js';
import { MS_PER_DAY, type Instant } from '../../core/time/instant.js';

/** What marks an identifier that did not validate. */
export const INVALID_SUBJECT_PREFIX = 'invalid:';

const REFERENCE = /^[a-z][a-z-]*:/;
const CANONICAL_PERSON = /^\d{17}[\dX]$/;
const EARLIEST_BIRTH = Date.UTC(1900, 0, 1);

/**
 * A fast test for the common case, a person's number already in canonical form (the batch check
 * of a million subjects files a million entries): the same rules as checkIdentifier, without
 * building its answer. Anything else goes through checkIdentifier.
 */
function isCanonicalPerson(text: string, at: Instant): boolean {
  if (!CANONICAL_PERSON.test(text) || provinceOf(text) === undefined) return false;
  if (residentIdentityCheckCharacter(text) !== text.charAt(17)) return false;
  const year = digits(text, 6, 4);
  const month = digits(text, 10, 2);
  const day = digits(text, 12, 2);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  const birth = Date.UTC(year, month - 1, day);
  const startOfToday = at - (((at % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY);
  return birth >= EARLIEST_BIRTH && birth <= startOfToday + MS_PER_DAY;
}

function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/**
 * The subject an identifier as a caller sent it is filed under: its canonical key, or
 * `invalid:<input>` when it does not validate ('' stays '': no subject was named).
 */
export function auditSubjectOfIdentifier(input: string, at: Instant): string {
  if (input === '') return '';
  if (isCanonicalPerson(input, at)) return input;
  const id = checkIdentifier(input, at);
  return id.valid ? id.normalized : `${INVALID_SUBJECT_PREFIX}${input}`;
}

/** The subject field of an entry as filed: references and '' as they are, identifiers canonical. */
export function canonicalAuditSubject(subject: string, at: Instant): string {
  if (subject === '' || REFERENCE.test(subject)) return subject;
  return auditSubjectOfIdentifier(subject, at);
}
