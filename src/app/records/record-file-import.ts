// `probity import <file> --agency <id>`: an agency's bulk file of records (JSON lines or CSV),
// read through the record file port (the adapter is in src/io), validated against the catalogue
// in force and appended in batches of one transaction each: valid rows are written, rejected rows
// are reported one by one as they are found, and running the same file again writes nothing
// twice (sourceRef is the idempotency key). Pipeline: authorise (an agency) → decide and append
// (`importRecords`, batch by batch, each record's notice written in its batch's transaction and
// dated with its acceptance, so a citizen is told whether or not a server runs) → follow.
//
// Audited as the agency's submission about each subject, exactly as `POST /v1/records` is (actor
// `agency:<id>`, purpose `write`, action `submit-record`, outcome `accepted` or `duplicate`): one
// entry per row, committed in its batch's transaction with the records (one truth per write), so
// the citizen sees in their access log which agency filed what about them, by whichever door. A
// rejected row that names a valid identifier is an entry too (`rejected <Code>`): an agency that
// tried to file something about a person is in that person's log even when it failed. A refusal
// of the whole import (not an agency, no such file) is one `submit-records` entry, as over HTTP.
import { agencyOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import { checkIdentifier } from '../../core/identifiers/index.js';
import type { Instant } from '../../core/time/instant.js';
import type { AppDeps } from '../app-deps.js';
import { auditedWrite, auditEntry, type Access } from '../audit/access-audit.js';
import type { AuditEvent } from '../audit/audit-sink.js';
import { catalogInForce } from '../policy/catalog-in-force.js';
import type { DocumentReader, LedgerAppender, LedgerReader } from '../ports/ledger-store.js';
import type { RecordFileFormat } from '../ports/record-file-reader.js';
import { importRecords, type ImportRejection, type ImportSummary } from './record-import.js';
import type { IngestOutcome } from './record-ingest.js';

export interface RecordFileImport {
  /** The file as the operator named it; `.jsonl` (or `.ndjson`, `.json`) or `.csv`. */
  readonly path: string;
  /** Once the file is open: its format and size in bytes (for a progress bar). */
  readonly onOpened?: ((file: { format: RecordFileFormat; size: number }) => void) | undefined;
  /** Each rejected row as it is found (the import goes on). */
  readonly onRejected?: ((rejection: ImportRejection) => void | Promise<void>) | undefined;
  /** After each batch: rows processed so far and bytes read of the file. */
  readonly onProgress?: ((rows: number, bytesRead: number) => void) | undefined;
}

export type { ImportRejection, ImportSummary };

/** The subject a row names, as it was sent ('' when it names none). */
function subjectNamed(row: unknown): string {
  const subject =
    typeof row === 'object' && row !== null ? (row as { subject?: unknown }).subject : undefined;
  return typeof subject === 'string' ? subject : '';
}

/** One entry per row about a subject: each accepted or duplicate row, each rejected row naming a valid identifier. */
export function importAuditEntries(
  access: Access,
  at: Instant,
  rows: readonly unknown[],
  outcomes: readonly IngestOutcome[],
): AuditEvent[] {
  const entries: AuditEvent[] = [];
  outcomes.forEach((o, i) => {
    const subject = subjectNamed(rows[i]);
    if (o.status !== 'rejected') {
      entries.push(auditEntry({ ...access, subject }, at, o.status));
    } else if (subject !== '' && checkIdentifier(subject, at).valid) {
      const code = o.problems[0]?.code ?? 'Rejected';
      entries.push(auditEntry({ ...access, subject }, at, `rejected ${code}`));
    }
  });
  return entries;
}

export async function importRecordFile(
  deps: Pick<AppDeps, 'standing' | 'clock' | 'recordFiles' | 'audit'> & {
    readonly store: LedgerReader & LedgerAppender & DocumentReader;
  },
  caller: Caller,
  request: RecordFileImport,
): Promise<ImportSummary> {
  const access = {
    current: { caller, purpose: 'write', action: 'submit-records', subject: '' } as Access,
    refusal: 'rejected' as const,
  };
  return auditedWrite(deps, access, async (at) => {
    const agency = agencyOf(caller);
    const catalog = await catalogInForce(deps.store);
    const standing = await deps.standing();
    const file = await deps.recordFiles.open(request.path);
    request.onOpened?.({ format: file.format, size: file.size });
    const row = { ...access.current, action: 'submit-record' };
    const summary = await importRecords(deps.store, catalog, agency, file, at, {
      ...(request.onRejected && { onRejected: request.onRejected }),
      ...(request.onProgress && { onProgress: request.onProgress }),
      notices: standing.scoring(),
      audit: (rows, outcomes) => importAuditEntries(row, at, rows, outcomes),
    });
    await standing.follow();
    return summary;
  });
}
