// `probity agency add`: the operator registers an agency (a court, a utility, an airline...). Its
// kind decides what it may submit and check; its bearer token is made here, returned once to be
// handed over, and stored only hashed. Pipeline: authorise (the operator only) → decide and
// append (`addAgencies`: a valid id, a kind the catalogue or policy knows, one ledger event). Nothing follows: an agency
// changes no one's standing (and a store may get its agencies before its documents). No audit
// entry: no subject's data is read, and the ledger event is the record of it.
import { DomainError } from '../../core/errors/domain-error.js';
import { operatorOnly } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import type { DocumentReader, LedgerAppender } from '../ports/ledger-store.js';
import { addAgencies, agencyProblems, type AddedAgency } from './agency-add.js';
import { requireKnownKind } from './agency-kinds.js';
import { tokenExpiry } from './agency-token-expiry.js';

export interface AgencyRegistration {
  /** Lower-case letters, digits and hyphens, e.g. `beijing-chaoyang-court`. */
  readonly id: string;
  /** e.g. court, tax, utility, aviation. */
  readonly kind: string;
  /** Display name (default: the id). */
  readonly name?: string | undefined;
  /** When its token expires: an instant or an ISO 8601 duration from now (never by default). */
  readonly expires?: string | undefined;
}

export type { AddedAgency };

export async function registerAgency(
  deps: Pick<AppDeps, 'clock'> & { readonly store: LedgerAppender & DocumentReader },
  caller: Caller,
  registration: AgencyRegistration,
): Promise<AddedAgency> {
  operatorOnly(caller, 'agencies are registered');
  const [problem] = agencyProblems({ id: registration.id, kind: registration.kind });
  if (!problem) await requireKnownKind(deps.store, registration.kind);
  const now = deps.clock();
  const tokenExpiresAt = tokenExpiry(registration.expires, now);
  const [added] = await addAgencies(
    deps.store,
    [{ id: registration.id, kind: registration.kind, name: registration.name, tokenExpiresAt }],
    now,
  );
  if (!added) throw new DomainError('Internal', 'the agency was not added');
  return added;
}
