// `verify`: what the operator checks of the authority's own records. The ledger's hash chain from
// sequence number 1 to the head (app/ledger/ledger-chain.ts; with an anchor, that it was not
// rewritten or cut back since), the audit log's hash chain
// from its first entry, across its archived segments and on into the live log (and, with an anchor recorded earlier, that the log was not rewritten or
// cut back since: audit-verify.ts), and, when the publications directory exists, every
// publication's files, signature and chain against the ledger (publication-verify.ts), and the
// ledger's own copies of the publications, which the HTTP door serves (publication-copies-verify.ts). The
// operator's door only. Not audited itself: verifying reads no one's data, and an entry per run
// would move the very head it reports.
import { operatorOnly } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import type { AuditLogStore } from '../ports/audit-log-store.js';
import type { LedgerChainReader } from '../ports/ledger-store.js';
import type { PublicationStore } from '../ports/publication-store.js';
import type { LedgerChainHead, LedgerChainReport } from '../ledger/ledger-chain.js';
import { verifyLedger } from '../ledger/ledger-chain-verify.js';
import {
  verifyStoredPublications,
  type StoredPublicationsReport,
} from '../publications/publication-copies-verify.js';
import {
  trustedAuthorityKeys,
  verifyPublications,
  type PublicationsReport,
} from '../publications/publication-verify.js';
import type { AuditArchiveStore } from '../ports/audit-archive-store.js';
import type { AuditChainHead } from './audit-chain.js';
import { verifyAuditLog, type AuditLogReport } from './audit-verify.js';

export interface VerifyRequest {
  /** The publications directory (not there: no publications to check). */
  readonly outDir: string;
  /** An entry and its hash recorded earlier, which must still be in the log. */
  readonly anchor?: AuditChainHead | undefined;
  /** A ledger row's sequence number and hash recorded earlier, which must still be in the ledger. */
  readonly ledgerAnchor?: LedgerChainHead | undefined;
}

export interface IntegrityReport {
  readonly ledger: LedgerChainReport;
  /** The audit chain across the archived segments and the live log (audit-verify.ts). */
  readonly audit: AuditLogReport;
  readonly publications: PublicationsReport;
  /** The ledger's copies of the publications (what the HTTP door serves). */
  readonly storedPublications: StoredPublicationsReport;
}

export async function verifyIntegrity(
  deps: Pick<AppDeps, 'publicationFiles' | 'signer' | 'auditArchive'> & {
    readonly store: AuditLogStore & AuditArchiveStore & PublicationStore & LedgerChainReader;
  },
  caller: Caller,
  request: VerifyRequest,
): Promise<IntegrityReport> {
  operatorOnly(caller, 'the ledger, the audit log and the publications are verified');
  const folder = deps.publicationFiles.open(request.outDir);
  // The keys of the authority's chain of keys, anchored in the signer's (publication-verify.ts).
  const keys = await trustedAuthorityKeys(deps.store, deps.signer);
  return {
    ledger: await verifyLedger(deps.store, request.ledgerAnchor),
    audit: await verifyAuditLog(deps.store, request.anchor, { files: deps.auditArchive, keys }),
    publications: await verifyPublications(deps.store, folder, deps.signer),
    storedPublications: await verifyStoredPublications(deps.store, keys, folder),
  };
}
