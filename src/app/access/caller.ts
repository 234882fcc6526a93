// Who asks. Every use case takes the caller as its first argument, whichever door it came
// through: an agency (bearer token, HTTP or `--agency` on the CLI), a citizen signed in for their
// own data, the operator at the command line (reads as `oversight`), or the public (no sign-in).
// The audit log names the caller by `actorOf`, so the same action leaves the same entry from
// either door (charter C11).
import type { Agency } from '../../core/ledger/ledger-types.js';

export type Caller =
  | { readonly kind: 'agency'; readonly agency: Agency }
  | { readonly kind: 'citizen'; readonly subject: string }
  | { readonly kind: 'operator' }
  | { readonly kind: 'public' };

export const OPERATOR: Caller = { kind: 'operator' };
export const PUBLIC: Caller = { kind: 'public' };

export function agencyCaller(agency: Agency): Caller {
  return { kind: 'agency', agency };
}

/** The audit log's actor: `agency:<id>`, `subject:<identifier>`, `operator` or `anonymous`. */
export function actorOf(caller: Caller): string {
  switch (caller.kind) {
    case 'agency':
      return `agency:${caller.agency.id}`;
    case 'citizen':
      return `subject:${caller.subject}`;
    case 'operator':
      return 'operator';
    case 'public':
      return 'anonymous';
    default: {
      const never: never = caller;
      return String(never);
    }
  }
}
