import { describe, expect, it } from 'vitest';
import {
  checkIdentifier,
  fromLegacyResidentIdentityNumber,
  residentIdentityNumber,
  socialCreditCode,
} from '../../core/identifiers/index.js';
import { instant } from '../../core/time/instant.js';
import { auditSubjectOfIdentifier, canonicalAuditSubject } from './audit-subject.js';
import { chainAuditEntries, EMPTY_AUDIT_CHAIN } from './audit-chain.js';

const NOW = instant(Date.UTC(2026, 2, 1));
const PERSON = residentIdentityNumber('110105', { year: 1973, month: 9, day: 17 }, 2);
const ORGANIZATION = socialCreditCode({
  authority: '9',
  entityType: '1',
  region: '110105',
  organization: 'MA000001',
});

describe('the subject an audit entry is filed under', () => {
  it.each([
    [
      'a 15-digit first-generation number',
      '110106730917001',
      fromLegacyResidentIdentityNumber('110106730917001'),
    ],
    ['spaces around and inside', ` ${PERSON.slice(0, 6)} ${PERSON.slice(6)} `, PERSON],
    ['a lower-case x', PERSON.toLowerCase(), PERSON],
    ['an ideographic space', `${PERSON.slice(0, 9)}\u3000${PERSON.slice(9)}`, PERSON],
    ['an organisation code in lower case', ORGANIZATION.toLowerCase(), ORGANIZATION],
    ['a canonical number', PERSON, PERSON],
  ])('is the canonical key for %s', (_what, input, key) => {
    expect(canonicalAuditSubject(input, NOW)).toBe(key);
  });

  it.each([
    ['a wrong check character', PERSON.slice(0, -1) + (PERSON.endsWith('0') ? '1' : '0')],
    ['a birth date that does not exist', '110105197302300011'],
    ['a birth date after today', '110105202712010014'],
    ['too short', '11010519730917'],
    ['a name', '张三'],
  ])('marks %s invalid, never as a citizen', (_what, input) => {
    const filed = canonicalAuditSubject(input, NOW);
    expect(filed).toBe(`invalid:${input}`);
    expect(checkIdentifier(filed, NOW).valid).toBe(false);
  });

  it('keeps references and the empty subject, and is idempotent', () => {
    for (const subject of ['', 'record:42', 'objection:7', 'appeal:3', 'agency:court-1'])
      expect(canonicalAuditSubject(subject, NOW)).toBe(subject);
    const invalid = canonicalAuditSubject('12345', NOW);
    expect(canonicalAuditSubject(invalid, NOW)).toBe(invalid);
    // An identifier input that looks like a reference is still an identifier that does not validate.
    expect(auditSubjectOfIdentifier('record:42', NOW)).toBe('invalid:record:42');
  });

  it('agrees with checkIdentifier on its fast path for many numbers', () => {
    for (let n = 0; n < 2_000; n++) {
      const year = 1900 + (n % 130);
      const month = 1 + (n % 12);
      const day = 1 + (n % 31);
      const body = `110105${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
      for (const check of '0123456789X') {
        const text = body + check;
        const id = checkIdentifier(text, NOW);
        expect(canonicalAuditSubject(text, NOW)).toBe(id.valid ? text : `invalid:${text}`);
      }
    }
  });

  it('is applied where every entry is chained, whichever writer made it', () => {
    const [entry] = chainAuditEntries(EMPTY_AUDIT_CHAIN, [
      {
        at: NOW,
        actor: 'agency:court',
        purpose: 'write',
        action: 'submit-record',
        subject: '110106730917001',
        outcome: 'accepted',
      },
    ]);
    expect(entry?.subject).toBe(fromLegacyResidentIdentityNumber('110106730917001'));
  });
});
