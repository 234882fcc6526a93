// Sign-in with a one-time code (architecture.md, Security model): the operator (`probity citizen
// code`, the demo) or, in a deployment, the subject's registered channel hands out an 8-digit code
// valid for 10 minutes. Only a salted SHA-256 digest of it is stored; a new code supersedes the
// subject's earlier ones; using it closes it; five wrong tries lock it. Every failure gives the
// same answer (CitizenCodeInvalid), so a caller learns nothing about which codes exist.
//
// The digest is salted per code so that equal codes do not show as equal rows. A code of 8 digits
// is short enough to be found from its digest by anyone who can read the table; what protects it
// is that it lives 10 minutes, dies at first use, and the server counts wrong tries.
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../core/errors/domain-error.js';
import { requireIdentifier } from '../../core/identifiers/index.js';
import { instant, type Instant } from '../../core/time/instant.js';
import type { CitizenAuthStore } from '../ports/citizen-auth-store.js';
import { sha256Hex } from '../sha256.js';
import {
  SIGN_IN_REFUSED_MESSAGE,
  type CitizenIdentityProvider,
} from './citizen-identity-provider.js';

export const CODE_DIGITS = 8;
export const CODE_VALID_MS = 10 * 60_000;
/** Wrong tries after which a code is locked (the subject then needs a new code). */
export const WRONG_TRIES_BEFORE_LOCK = 5;

export interface OneTimeCodeProof {
  readonly identifier: string;
  readonly code: string;
}

export interface IssuedCode {
  /** The normalised identifier. */
  readonly identifier: string;
  readonly code: string;
  readonly expiresAt: Instant;
}

function digestOf(salt: string, subject: string, code: string): Buffer {
  return Buffer.from(sha256Hex(`${salt}:${subject}:${code}`), 'hex');
}

/** The normalised identifier, or 422 `InvalidIdentifier` (charter C10). */
export function citizenSubjectKey(identifier: string, now: Instant): string {
  return requireIdentifier(identifier, now).normalized;
}

export class OneTimeCodeProvider implements CitizenIdentityProvider<OneTimeCodeProof> {
  readonly method = 'one-time-code';

  constructor(private readonly store: CitizenAuthStore) {}

  /** Issues a new code for the subject (superseding earlier ones). */
  async issue(identifier: string, now: Instant): Promise<IssuedCode> {
    const subject = citizenSubjectKey(identifier, now);
    const code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
    const salt = randomBytes(16).toString('hex');
    const expiresAt = instant(now + CODE_VALID_MS);
    await this.store.insertSignInCode({
      subject,
      codeId: randomBytes(12).toString('base64url'),
      salt,
      codeHash: digestOf(salt, subject, code).toString('hex'),
      issuedAt: now,
      expiresAt,
      attempts: 0,
      closedAt: undefined,
      closedReason: undefined,
    });
    return { identifier: subject, code, expiresAt };
  }

  async authenticate(proof: OneTimeCodeProof, now: Instant): Promise<string> {
    const subject = citizenSubjectKey(proof.identifier, now);
    const open = await this.store.openSignInCode(subject);
    // Digest even when there is no code, so the answer takes about as long either way.
    const presented = digestOf(open?.salt ?? '', subject, proof.code.trim());
    if (open === undefined || now >= open.expiresAt) throw refused();
    const matches = timingSafeEqual(presented, Buffer.from(open.codeHash, 'hex'));
    if (!matches) {
      await this.store.countWrongTry(subject, open.codeId, WRONG_TRIES_BEFORE_LOCK, now);
      throw refused();
    }
    if (!(await this.store.useSignInCode(subject, open.codeId, now))) throw refused();
    return subject;
  }
}

function refused(): DomainError {
  return new DomainError('CitizenCodeInvalid', SIGN_IN_REFUSED_MESSAGE);
}
