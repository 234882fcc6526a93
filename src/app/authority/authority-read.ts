// The authority's dashboard reads (docs/http-api.md, "The authority's dashboard"): aggregate
// figures about the whole system, for the city's oversight authority only. Each is audited as the
// other oversight reads are (app/feeds/feed-consumers.ts): one entry, actor the agency, purpose
// `oversight`, the action named, no subject (no one subject is read), outcome `read` or
// `refused <Code>` — a citizen session is 403 AgencyOnly, another agency 403 AuthorityOnly.
import { authorityOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { Agency } from '../../core/ledger/ledger-types.js';
import { audited, auditEntry, type Access, type AuditDeps } from '../audit/access-audit.js';

/**
 * Runs `work` for the authority and audits it under `action`: refused (nothing read) for any
 * other caller. `outcome` words the success's entry (default `read`).
 */
export function authorityRead<T>(
  deps: AuditDeps,
  caller: Caller,
  action: string,
  work: (authority: Agency) => Promise<T>,
  outcome: (result: T) => string = () => 'read',
): Promise<T> {
  const access: Access = { caller, purpose: 'oversight', action, subject: '' };
  return audited(
    deps,
    { current: access },
    () => work(authorityOf(caller, `the ${action} dashboard is read`)),
    (result, at) => [auditEntry(access, at, outcome(result))],
  );
}

/**
 * Runs `work` at an instant the caller asked for (`given`): one before the first policy version
 * is the caller's mistake, 422 InvalidInstant, not the server's 503 NoPolicyInForce.
 */
export async function atAskedInstant<T>(given: boolean, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (given && error instanceof DomainError && error.code === 'NoPolicyInForce') {
      const message = `${error.message}: ask for an instant from the first policy version on`;
      throw new DomainError('InvalidInstant', message, [
        { path: 'at', code: 'InvalidInstant', message },
      ]);
    }
    throw error;
  }
}
