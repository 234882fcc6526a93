// A citizen signs in (POST /v1/citizen/session): the identity provider checks the proof (a
// one-time code here), and a one-hour session opens for the subject it names. Every attempt,
// refused or not, is audited under the identifier it named, so the subject sees attempts on
// their account in their own access log (charter C11). An identifier that is not valid at all is
// refused (422) before anything else, and names no one to audit under.
import { formatInstant, type Instant } from '../../core/time/instant.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { audited, auditEntry } from '../audit/access-audit.js';
import type { CitizenAuthStore } from '../ports/citizen-auth-store.js';
import { CitizenSessions } from './citizen-session.js';
import { citizenSubjectKey, OneTimeCodeProvider } from './one-time-code.js';

export const SUBJECT_ACCESS = 'subject-access';

export interface SignInRequest {
  readonly identifier: string;
  readonly code: string;
}

export interface SignedIn {
  /** The bearer token of the session (shown once; stored only as a digest). */
  readonly token: string;
  readonly expiresAt: Instant;
}

export async function signInCitizen(
  deps: Pick<AppDeps, 'audit' | 'clock'> & { readonly store: CitizenAuthStore },
  caller: Caller,
  request: SignInRequest,
): Promise<SignedIn> {
  const now = deps.clock();
  const subject = citizenSubjectKey(request.identifier, now);
  const provider = new OneTimeCodeProvider(deps.store);
  const access = { current: { caller, purpose: SUBJECT_ACCESS, action: 'sign-in', subject } };
  return audited(
    deps,
    access,
    async () => {
      await provider.authenticate({ identifier: subject, code: request.code }, now);
      const session = await new CitizenSessions(deps.store).open(subject, now);
      return { token: session.token, expiresAt: session.expiresAt };
    },
    // The session's own caller signs the entry of an accepted sign-in: the subject did it.
    (session, at) => [
      auditEntry(
        { ...access.current, caller: { kind: 'citizen', subject } },
        at,
        `session opened (${provider.method}) until ${formatInstant(session.expiresAt)}`,
      ),
    ],
  );
}
