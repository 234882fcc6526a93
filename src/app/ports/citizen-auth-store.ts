// The storage of citizens' sign-in: one-time codes (stored only as salted digests, with the count
// of wrong tries) and sessions (stored only as token digests). `src/store` implements it on both
// dialects beside the ledger; nothing here is a ledger event, and none of it is derived data.
import type { Instant } from '../../core/time/instant.js';

/** Why a code can no longer be used. */
export type SignInCodeClosure = 'used' | 'locked' | 'superseded';

export interface SignInCodeRow {
  readonly subject: string;
  /** Random id of the code, unique per subject. */
  readonly codeId: string;
  /** Random per-code salt (hex) and SHA-256 (hex) of salt, subject and code. */
  readonly salt: string;
  readonly codeHash: string;
  readonly issuedAt: Instant;
  readonly expiresAt: Instant;
  /** Wrong tries so far. */
  readonly attempts: number;
  readonly closedAt: Instant | undefined;
  readonly closedReason: SignInCodeClosure | undefined;
}

export interface CitizenSessionRow {
  /** SHA-256 (hex) of the bearer token. */
  readonly tokenHash: string;
  readonly subject: string;
  readonly issuedAt: Instant;
  readonly expiresAt: Instant;
}

export interface CitizenAuthStore {
  /** Stores a new code and closes the subject's earlier open codes as `superseded`, atomically. */
  insertSignInCode(code: SignInCodeRow): Promise<void>;
  /** The subject's latest code that is neither used, locked nor superseded (it may have expired). */
  openSignInCode(subject: string): Promise<SignInCodeRow | undefined>;
  /**
   * Counts one wrong try of an open code, atomically, and closes it as `locked` once the tries
   * reach `lockAfter`. Answers the tries counted so far (0 when the code was no longer open).
   */
  countWrongTry(subject: string, codeId: string, lockAfter: number, at: Instant): Promise<number>;
  /** Closes an open code as `used`; false when it was not open any more (a concurrent sign-in won). */
  useSignInCode(subject: string, codeId: string, at: Instant): Promise<boolean>;
  insertCitizenSession(session: CitizenSessionRow): Promise<void>;
  findCitizenSession(tokenHash: string): Promise<CitizenSessionRow | undefined>;
  /**
   * Ends a session (sign-out): its row is deleted, so its token is unknown from then on. Only the
   * subject's own session is ended; false when there was none (ended already).
   */
  deleteCitizenSession(tokenHash: string, subject: string): Promise<boolean>;
}
