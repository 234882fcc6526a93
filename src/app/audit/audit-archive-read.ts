// `probity audit read <identifier>`: a subject's entries in the archived months (docs/audit.md),
// for the operator answering a subject's request for their access log beyond the months still
// live (PIPL art. 45): the citizen's own access log in the application shows the live months. Each
// segment is read with its SHA-256 checked against its signed manifest (a segment that is not the
// one archived is refused, `AuditChainBroken`, naming it); entries past their retention have no
// subject any more and are never found. Like every command that opens the store, the read leaves
// an entry naming the subject, so it shows in their own access log.
import { operatorOnly } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { AuditArchiveStore } from '../ports/audit-archive-store.js';
import type { AuditEntry } from '../ports/audit-log-store.js';
import { parseSegmentManifest, readSegment, SegmentUnreadable } from './audit-segment.js';
import { canonicalAuditSubject } from './audit-subject.js';

export interface ArchivedAuditRequest {
  /** The subject's identifier, in any form its access log files it under. */
  readonly subject: string;
  /** The newest entries kept, at most (1 000 by default). */
  readonly limit?: number | undefined;
}

export interface ArchivedAuditRead {
  /** The canonical key the entries are filed under. */
  readonly subject: string;
  /** Archived months read. */
  readonly segments: number;
  /** The subject's archived entries, oldest first (the newest `limit` of them). */
  readonly entries: readonly AuditEntry[];
  /** How many matched in all (more than `entries` when the limit cut the oldest). */
  readonly matched: number;
}

export async function readArchivedAudit(
  deps: Pick<AppDeps, 'clock' | 'auditArchive'> & { readonly store: AuditArchiveStore },
  caller: Caller,
  request: ArchivedAuditRequest,
): Promise<ArchivedAuditRead> {
  operatorOnly(caller, "a subject's archived audit entries are read");
  const limit = request.limit ?? 1_000;
  if (!Number.isInteger(limit) || limit < 1)
    throw new DomainError('UsageError', '--limit must be a whole number of entries, 1 or more');
  const subject = canonicalAuditSubject(request.subject, deps.clock());
  const rows = await deps.store.auditSegments();
  const dir = await deps.store.auditArchiveDir();
  if (rows.length === 0 || dir === undefined || deps.auditArchive === undefined)
    return { subject, segments: 0, entries: [], matched: 0 };
  const folder = deps.auditArchive.open(dir);
  const kept: AuditEntry[] = [];
  let matched = 0;
  for (const row of rows) {
    const signed = parseSegmentManifest(row.manifest);
    const name = signed?.manifest.file.name ?? `audit-${row.month}`;
    const broken = (what: string): DomainError =>
      new DomainError(
        'AuditChainBroken',
        `archived segment ${name} (${row.month}) ${what}; run \`probity verify\``,
      );
    if (signed === undefined) throw broken('has a manifest that cannot be read');
    try {
      const { entries, digest } = await readSegment(folder, name);
      for await (const entry of entries) {
        if (entry.expired === true || entry.subject !== subject) continue;
        matched += 1;
        const { expired: _expired, ...whole } = entry;
        kept.push(whole);
        if (kept.length > limit) kept.shift();
      }
      if (digest().sha256 !== signed.manifest.file.sha256)
        throw broken('is not the one its signed manifest states');
    } catch (error) {
      if (error instanceof SegmentUnreadable)
        throw broken(error.missing ? `is missing from ${dir}` : 'cannot be read');
      throw error;
    }
  }
  return { subject, segments: rows.length, entries: kept, matched };
}
