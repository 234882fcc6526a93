// `verify`: what the operator checks of the authority's own records. The audit log's hash chain
// from its first entry (and, with an anchor recorded earlier, that the log was not rewritten or
// cut back since: audit-verify.ts), and, when the publications directory exists, every
// publication's files, signature and chain against the ledger (publication-verify.ts). The
// operator's door only. Not audited itself: verifying reads no one's data, and an entry per run
// would move the very head it reports.
import { operatorOnly } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import type { AuditLogStore } from '../ports/audit-log-store.js';
import type { PublicationStore } from '../ports/publication-store.js';
import { verifyPublications, type PublicationsReport } from '../publications/publication-verify.js';
import type { AuditChainHead, AuditChainReport } from './audit-chain.js';
import { verifyAuditLog } from './audit-verify.js';

export interface VerifyRequest {
  /** The publications directory (not there: no publications to check). */
  readonly outDir: string;
  /** An entry and its hash recorded earlier, which must still be in the log. */
  readonly anchor?: AuditChainHead | undefined;
}

export interface IntegrityReport {
  readonly audit: AuditChainReport;
  readonly publications: PublicationsReport;
}

export async function verifyIntegrity(
  deps: Pick<AppDeps, 'publicationFiles'> & { readonly store: AuditLogStore & PublicationStore },
  caller: Caller,
  request: VerifyRequest,
): Promise<IntegrityReport> {
  operatorOnly(caller, 'the audit log and the publications are verified');
  return {
    audit: await verifyAuditLog(deps.store, request.anchor),
    publications: await verifyPublications(deps.store, deps.publicationFiles.open(request.outDir)),
  };
}
