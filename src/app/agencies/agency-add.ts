// Registers an agency (a court, a utility, an airline...) as a ledger event. Its kind decides what
// it may submit (catalogue `submitters`) and check (policy `enforcers`); its token is printed once.
import { DomainError, type DomainErrorCode, type Problem } from '../../core/errors/domain-error.js';
import type { Instant } from '../../core/time/instant.js';
import { appendToLedger } from '../ledger/ledger-append.js';
import type { AppendOptions } from '../ledger/recording-clock.js';
import type { LedgerAppender } from '../ports/ledger-store.js';
import { hashAgencyToken, newAgencyToken } from './agency-token.js';

const AGENCY_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface AgencyToAdd {
  readonly id: string;
  readonly kind: string;
  readonly name?: string | undefined;
  /** A token chosen by the caller (demo agencies); a fresh random one otherwise. */
  readonly token?: string | undefined;
  /** When its token expires (never by default). */
  readonly tokenExpiresAt?: Instant | undefined;
}

export interface AddedAgency {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly token: string;
  readonly tokenExpiresAt?: Instant | undefined;
}

export function agencyProblems(agency: AgencyToAdd): Problem<DomainErrorCode>[] {
  const problems: Problem<DomainErrorCode>[] = [];
  if (!AGENCY_ID.test(agency.id)) {
    problems.push({
      path: 'id',
      code: 'AgencyInvalidId',
      message: `agency id "${agency.id}" must be lower-case letters, digits and hyphens (at most 63)`,
    });
  }
  if (!AGENCY_ID.test(agency.kind)) {
    problems.push({
      path: 'kind',
      code: 'AgencyInvalidKind',
      message: `agency kind "${agency.kind}" must be lower-case letters, digits and hyphens, like "court" or "commerce-platform"`,
    });
  }
  return problems;
}

export async function addAgencies(
  store: LedgerAppender,
  agencies: readonly AgencyToAdd[],
  now: Instant,
  options: AppendOptions = {},
): Promise<AddedAgency[]> {
  const problems = agencies.flatMap(agencyProblems);
  const first = problems[0];
  if (first) throw new DomainError(first.code, first.message, problems);
  const added = agencies.map((a) => ({
    id: a.id,
    kind: a.kind,
    name: a.name ?? a.id,
    token: a.token ?? newAgencyToken(),
    tokenExpiresAt: a.tokenExpiresAt,
  }));
  await appendToLedger(
    store,
    async (tx, seq) => {
      for (const a of added) {
        await tx.insertAgency({
          id: a.id,
          kind: a.kind,
          name: a.name,
          tokenHash: hashAgencyToken(a.token),
          seq: seq.next(),
          createdAt: now,
          tokenExpiresAt: a.tokenExpiresAt,
        });
      }
    },
    options,
  );
  return added;
}
