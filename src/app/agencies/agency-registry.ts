// The operator manages the agencies: lists them with the state of their tokens (never a token
// or its digest), rotates a token (a new one, shown once; the old one stops working at once) and
// revokes it (no token of the agency works any more). Pipeline: authorise (the operator only) →
// decide (the agency exists, the expiry is after now) → write the token in force. Tokens are kept
// outside the ledger chain (`agency_tokens`, docs/ledger.md "Agency tokens"): the ledger's agency
// row and `probity verify` do not change. No audit entry: no subject's data is read.
import type { Agency } from '../../core/ledger/ledger-types.js';
import type { Instant } from '../../core/time/instant.js';
import { operatorOnly } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import type { AgencyDirectory, AgencyTokenState } from '../ports/ledger-store.js';
import { requireAgency } from './agency-find.js';
import { tokenExpiry } from './agency-token-expiry.js';
import { hashAgencyToken, newAgencyToken } from './agency-token.js';

/** `active`, `expired` (its expiry has passed) or `revoked`. */
export type AgencyTokenStatus = 'active' | 'expired' | 'revoked';

export interface AgencyListing extends Agency {
  readonly token: {
    readonly state: AgencyTokenStatus;
    readonly issuedAt: Instant | undefined;
    readonly expiresAt: Instant | undefined;
    readonly revokedAt: Instant | undefined;
  };
}

export interface RotatedToken {
  readonly id: string;
  readonly token: string;
  readonly expiresAt: Instant | undefined;
}

export interface RevokedToken {
  readonly id: string;
  readonly revokedAt: Instant;
}

type Deps = Pick<AppDeps, 'clock'> & { readonly store: AgencyDirectory };

/** Whether a token in this state works at `now`. */
export function tokenStatus(token: AgencyTokenState | undefined, now: Instant): AgencyTokenStatus {
  if (!token || token.revokedAt !== undefined) return 'revoked';
  if (token.expiresAt !== undefined && token.expiresAt <= now) return 'expired';
  return 'active';
}

export async function listAgencies(deps: Deps, caller: Caller): Promise<AgencyListing[]> {
  operatorOnly(caller, 'agencies are listed');
  const now = deps.clock();
  const [agencies, tokens] = await Promise.all([deps.store.agencies(), deps.store.agencyTokens()]);
  const byAgency = new Map(tokens.map((t) => [t.agencyId, t]));
  return agencies.map((a) => {
    const token = byAgency.get(a.id);
    return {
      id: a.id,
      kind: a.kind,
      name: a.name,
      createdAt: a.createdAt,
      token: {
        state: tokenStatus(token, now),
        issuedAt: token?.issuedAt,
        expiresAt: token?.expiresAt,
        revokedAt: token?.revokedAt,
      },
    };
  });
}

export async function rotateAgencyToken(
  deps: Deps,
  caller: Caller,
  id: string,
  expires?: string,
): Promise<RotatedToken> {
  operatorOnly(caller, 'agency tokens are rotated');
  const agency = await requireAgency(deps.store, id);
  const now = deps.clock();
  const expiresAt = tokenExpiry(expires, now);
  const token = newAgencyToken();
  await deps.store.replaceAgencyToken({
    agencyId: agency.id,
    tokenHash: hashAgencyToken(token),
    issuedAt: now,
    expiresAt,
  });
  return { id: agency.id, token, expiresAt };
}

export async function revokeAgencyToken(
  deps: Deps,
  caller: Caller,
  id: string,
): Promise<RevokedToken> {
  operatorOnly(caller, 'agency tokens are revoked');
  const agency = await requireAgency(deps.store, id);
  const now = deps.clock();
  await deps.store.revokeAgencyToken(agency.id, now);
  return { id: agency.id, revokedAt: now };
}
