// Who a request acts as. Agencies authenticate with bearer tokens; citizens (the due-process doors)
// will carry a session for one subject and may see that subject's own data only. Routes ask for
// the principal they accept with `requireAgency` (or, later, `requireCitizen`).
import type { Agency } from '../../core/ledger/ledger-types.js';

export type Principal =
  | { readonly kind: 'agency'; readonly agency: Agency }
  | { readonly kind: 'citizen'; readonly subject: string };

/** The audit log's actor for a principal: `agency:<id>` or `subject:<identifier>`. */
export function actorOf(principal: Principal): string {
  switch (principal.kind) {
    case 'agency':
      return `agency:${principal.agency.id}`;
    case 'citizen':
      return `subject:${principal.subject}`;
    default: {
      const never: never = principal;
      return String(never);
    }
  }
}
