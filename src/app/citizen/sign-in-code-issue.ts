// `probity citizen code`: the operator issues a one-time sign-in code for a subject (operator and
// demo use; a deployment sends codes through the subject's registered channel). Handing out a way
// into someone's data is an access too, so it is audited as the operator's (`oversight`), where
// the subject sees it (charter C11). An identifier that is not valid is refused (422) first.
import { formatInstant } from '../../core/time/instant.js';
import { operatorOnly } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { audited, auditEntry } from '../audit/access-audit.js';
import type { CitizenAuthStore } from '../ports/citizen-auth-store.js';
import { citizenSubjectKey, OneTimeCodeProvider, type IssuedCode } from './one-time-code.js';

export async function issueSignInCode(
  deps: Pick<AppDeps, 'audit' | 'clock'> & { readonly store: CitizenAuthStore },
  caller: Caller,
  request: { readonly identifier: string },
): Promise<IssuedCode> {
  const now = deps.clock();
  const subject = citizenSubjectKey(request.identifier, now);
  const access = {
    current: { caller, purpose: 'oversight', action: 'issue-sign-in-code', subject },
  };
  return audited(
    deps,
    access,
    () => {
      operatorOnly(caller, 'sign-in codes are issued');
      return new OneTimeCodeProvider(deps.store).issue(subject, now);
    },
    (issued, at) => [
      auditEntry(access.current, at, `issued, valid until ${formatInstant(issued.expiresAt)}`),
    ],
  );
}
