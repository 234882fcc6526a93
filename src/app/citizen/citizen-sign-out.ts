// A citizen signs out (DELETE /v1/citizen/session): the session the request's token stands for is
// ended in the store (its row deleted: the token is unknown from then on and answers 401 at every
// citizen door), not only forgotten by the browser tab. Only that session ends; the subject's
// other sessions (another device) run until they expire or are ended in turn. Audited as the
// citizen's own act (actor `subject:<id>`, purpose `subject-access`, action `sign-out`), so the
// sign-out shows in their access log beside the sign-in. Signing out again with a token that is
// no longer live is no error (the door is idempotent) and audits nothing: no session was ended.
import { citizenOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { audited, auditEntry } from '../audit/access-audit.js';
import type { CitizenAuthStore } from '../ports/citizen-auth-store.js';
import { DomainError } from '../../core/errors/domain-error.js';
import { SUBJECT_ACCESS } from './citizen-sign-in.js';
import { hashCitizenToken, isCitizenToken } from './citizen-session.js';

export interface SignOutRequest {
  /** The bearer token of the session to end (the one the request carried), if any. */
  readonly token: string | undefined;
}

export interface SignedOut {
  /** Whether a live session was ended now (false when it had ended already). */
  readonly ended: boolean;
}

/**
 * Ends the caller's session. A citizen caller's own session is deleted and audited; the public
 * presenting a citizen token that is no longer live (ended, expired or unknown) gets
 * `{ended: false}`; no token is 401 Unauthenticated, another token 401 InvalidToken, an agency
 * 403 CitizenOnly, as at every citizen door.
 */
export async function signOutCitizen(
  deps: Pick<AppDeps, 'audit' | 'clock'> & {
    readonly store: Pick<CitizenAuthStore, 'deleteCitizenSession'>;
  },
  caller: Caller,
  request: SignOutRequest,
): Promise<SignedOut> {
  const { token } = request;
  if (caller.kind === 'public') {
    if (token === undefined)
      throw new DomainError(
        'Unauthenticated',
        'sign in with POST /v1/citizen/session and send the token as "Authorization: Bearer <token>"',
      );
    if (!isCitizenToken(token))
      throw new DomainError('InvalidToken', 'the bearer token is not a citizen session');
    return { ended: false };
  }
  const subject = citizenOf(caller);
  const access = { current: { caller, purpose: SUBJECT_ACCESS, action: 'sign-out', subject } };
  return audited(
    deps,
    access,
    async () => ({
      ended:
        token !== undefined &&
        (await deps.store.deleteCitizenSession(hashCitizenToken(token), subject)),
    }),
    (result, at) =>
      result.ended ? [auditEntry(access.current, at, 'session ended by the citizen')] : [],
  );
}
