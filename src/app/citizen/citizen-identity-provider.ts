// How a citizen proves who they are before a session is opened for their own data. The demo and
// small deployments use one-time codes (one-time-code.ts); a deployment with a national or city
// identity service plugs in an OpenID Connect provider implementing the same interface (the proof
// being the authorisation code of the redirect, the answer the subject named by the ID token's
// verified identity-number claim). Either way the session that follows is the same
// (citizen-session.ts), and what it may see is the subject's own data only.
import type { Instant } from '../../core/time/instant.js';

export interface CitizenIdentityProvider<Proof> {
  /** `one-time-code`, `oidc:<issuer>`...: written into the audit entry of the sign-in. */
  readonly method: string;
  /**
   * The normalised identifier of the subject the proof identifies. Any failure that is the
   * citizen's (wrong, expired, used or locked code; rejected ID token) is one DomainError
   * `CitizenCodeInvalid` with one message, so that answers reveal nothing about which it was.
   */
  authenticate(proof: Proof, now: Instant): Promise<string>;
}

/** The one answer to every failed sign-in (no oracle: wrong, expired, used and locked look alike). */
export const SIGN_IN_REFUSED_MESSAGE =
  'that identifier and code do not open a session: the code may be wrong, expired, already used, or locked after too many tries; ask for a new code';
