// The doors a use case opens to one kind of caller only: agency doors refuse citizen sessions
// (403) and the public (401); the authority's doors refuse other agencies.
import { DomainError } from '../../core/errors/domain-error.js';
import type { Agency } from '../../core/ledger/ledger-types.js';
import { AUTHORITY_KIND } from './access-rules.js';
import type { Caller } from './caller.js';

export function agencyOf(caller: Caller): Agency {
  switch (caller.kind) {
    case 'agency':
      return caller.agency;
    case 'citizen':
      throw new DomainError(
        'AgencyOnly',
        'this door is for agencies; a citizen session sees its own data under /v1/citizen',
      );
    case 'operator':
    case 'public':
      throw new DomainError(
        'Unauthenticated',
        'send an agency token as "Authorization: Bearer <token>"',
      );
    default: {
      const never: never = caller;
      return never;
    }
  }
}

export function authorityOf(caller: Caller, what: string): Agency {
  const agency = agencyOf(caller);
  if (agency.kind !== AUTHORITY_KIND) {
    throw new DomainError(
      'AuthorityOnly',
      `${what} by the authority, not by a ${agency.kind} agency`,
    );
  }
  return agency;
}

/** The subject a citizen session is for; agencies and others are refused at citizen doors. */
export function citizenOf(caller: Caller): string {
  if (caller.kind === 'citizen') return caller.subject;
  throw new DomainError(
    'CitizenOnly',
    "this door is a subject's own; agencies read subjects under /v1/subjects with a purpose",
  );
}

/**
 * The operator's own doors (setting a store up, agencies, policy versions, seeding, rebuilding):
 * agencies, citizens and the public are refused (403 AuthorityOnly), whatever door they came by.
 */
export function operatorOnly(caller: Caller, what: string): void {
  if (caller.kind === 'operator') return;
  throw new DomainError('AuthorityOnly', `${what} by the operator at the command line`);
}
