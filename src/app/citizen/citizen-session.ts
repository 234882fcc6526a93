// Citizen sessions: after a sign-in, a random bearer token (256 bits, shown once) that stands for
// one subject for one hour and may read that subject's own data only. Like agency tokens, it is
// stored as a SHA-256 digest: the token is random, so a fast hash leaves nothing to brute-force.
// The `prc_` prefix tells citizen tokens from agency tokens (`prb_`) at a glance and in the
// authentication hook.
import { randomBytes } from 'node:crypto';
import { instant, type Instant } from '../../core/time/instant.js';
import type { Caller } from '../access/caller.js';
import type { CitizenAuthStore } from '../ports/citizen-auth-store.js';
import { sha256Hex } from '../sha256.js';

export const SESSION_VALID_MS = 60 * 60_000;
export const CITIZEN_TOKEN_PREFIX = 'prc_';

export interface OpenedSession {
  readonly token: string;
  readonly subject: string;
  readonly expiresAt: Instant;
}

/** The digest a session is stored under (the token itself is never stored). */
export function hashCitizenToken(token: string): string {
  return sha256Hex(token);
}

export function isCitizenToken(token: string): boolean {
  return token.startsWith(CITIZEN_TOKEN_PREFIX);
}

export class CitizenSessions {
  constructor(private readonly store: CitizenAuthStore) {}

  /** Opens a session for a subject whose identity a provider has just established. */
  async open(subject: string, now: Instant): Promise<OpenedSession> {
    const token = `${CITIZEN_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const expiresAt = instant(now + SESSION_VALID_MS);
    await this.store.insertCitizenSession({
      tokenHash: hashCitizenToken(token),
      subject,
      issuedAt: now,
      expiresAt,
    });
    return { token, subject, expiresAt };
  }

  /** The subject a token stands for now; undefined for unknown and expired tokens alike. */
  async subjectOf(token: string, now: Instant): Promise<string | undefined> {
    if (!isCitizenToken(token)) return undefined;
    const session = await this.store.findCitizenSession(hashCitizenToken(token));
    if (session === undefined || now < session.issuedAt || now >= session.expiresAt)
      return undefined;
    return session.subject;
  }
}

/**
 * The citizen caller a bearer token stands for now (the server's authentication of citizen
 * sessions); undefined for agency tokens, unknown and expired sessions alike.
 */
export async function citizenBySession(
  deps: { readonly store: CitizenAuthStore; readonly clock: () => Instant },
  token: string,
): Promise<Caller | undefined> {
  const subject = await new CitizenSessions(deps.store).subjectOf(token, deps.clock());
  return subject === undefined ? undefined : { kind: 'citizen', subject };
}
