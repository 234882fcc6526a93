// Bulk import of a record file as one agency: streamed, in batches of one transaction each, so a
// process killed mid-file has committed whole batches only, and running it again finishes the
// job: rows already in the ledger come back as duplicates (sourceRef is the idempotency key), and
// every row ends up in the ledger exactly once, with its notice when it gives rise to one.
import type { Problem } from '../../core/errors/domain-error.js';
import type { Agency } from '../../core/ledger/ledger-types.js';
import type { Instant } from '../../core/time/instant.js';
import type { NoticeScoring } from '../notices/notice-outbox.js';
import type { CatalogInForce } from '../policy/catalog-in-force.js';
import type { AuditEvent } from '../audit/audit-sink.js';
import { ingestRecords, type IngestOutcome } from './record-ingest.js';
import type { LedgerAppender, LedgerReader } from '../ports/ledger-store.js';
import type { RecordFile } from '../ports/record-file-reader.js';

export const IMPORT_BATCH_SIZE = 5_000;

/** A file is a bulk load when it holds this many rows or more (at ~150 bytes a row)... */
const BULK_LOAD_MIN_ROWS = 50_000;
/** ...and at least this share of what the ledger holds already (rebuilding its indexes costs that much)... */
const BULK_LOAD_MIN_SHARE = 0.2;
/**
 * ...and the ledger is being filled for the first time: setting the indexes aside (SQLite) makes
 * a running server read a subject's records by scanning the table, and building them again at the
 * end holds the database's write lock for seconds, longer than a server's writes wait (its audit
 * entries would fail). A ledger already this large keeps its indexes up to date row by row.
 */
export const BULK_LOAD_MAX_RECORDS = 50_000;
const BYTES_PER_ROW_ESTIMATE = 150;

/** Whether an import sets the store's secondary indexes aside while it loads (a first load). */
export async function isBulkLoad(
  store: Pick<LedgerReader, 'counts'>,
  file: Pick<RecordFile, 'size'>,
): Promise<boolean> {
  const rows = file.size / BYTES_PER_ROW_ESTIMATE;
  if (rows < BULK_LOAD_MIN_ROWS) return false;
  const { records } = await store.counts();
  return records < BULK_LOAD_MAX_RECORDS && rows >= BULK_LOAD_MIN_SHARE * records;
}

export interface ImportRejection {
  readonly line: number;
  readonly sourceRef: string | undefined;
  readonly code: string;
  readonly message: string;
  readonly details: readonly Problem[];
}

export interface ImportSummary {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
}

export interface ImportCallbacks {
  readonly onRejected?: (rejection: ImportRejection) => void | Promise<void>;
  /** After each batch: rows processed so far and bytes read of the file. */
  readonly onProgress?: (rows: number, bytesRead: number) => void;
  /**
   * The documents the notices of the records accepted are worded by: each batch's notices are
   * written in its transaction, dated with the acceptance (app/notices/notice-outbox.ts).
   */
  readonly notices?: NoticeScoring | undefined;
  /**
   * The audit entries of each batch, committed in its transaction with its records: given the
   * batch's rows as read and their outcomes, in the same order.
   */
  readonly audit?:
    | ((rows: readonly unknown[], outcomes: readonly IngestOutcome[]) => readonly AuditEvent[])
    | undefined;
}

export async function importRecords(
  store: LedgerReader & LedgerAppender,
  catalog: CatalogInForce,
  agency: Agency,
  file: RecordFile,
  now: Instant,
  callbacks: ImportCallbacks = {},
  batchSize = IMPORT_BATCH_SIZE,
): Promise<ImportSummary> {
  const run = async (): Promise<ImportSummary> => {
    let accepted = 0;
    let duplicates = 0;
    let rejected = 0;
    let processed = 0;
    const reject = async (r: ImportRejection): Promise<void> => {
      rejected += 1;
      await callbacks.onRejected?.(r);
    };

    let batch: { line: number; value: unknown }[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const rows = batch;
      batch = [];
      const values = rows.map((r) => r.value);
      const audit = callbacks.audit;
      const result = await ingestRecords(store, catalog, agency, values, now, {
        mode: 'partial',
        fieldsFromText: file.format === 'csv',
        notices: callbacks.notices,
        audit: audit && ((outcomes) => audit(values, outcomes)),
      });
      accepted += result.accepted;
      duplicates += result.duplicates;
      for (const [i, outcome] of result.outcomes.entries()) {
        if (outcome.status !== 'rejected') continue;
        const first = outcome.problems[0];
        await reject({
          line: rows[i]?.line ?? 0,
          sourceRef: outcome.sourceRef,
          code: first?.code ?? 'Rejected',
          message: outcome.problems
            .map((p) => (p.path ? `${p.path}: ${p.message}` : p.message))
            .join('; '),
          details: outcome.problems,
        });
      }
      processed += rows.length;
      callbacks.onProgress?.(processed, file.bytesRead());
    };

    for await (const row of file.rows()) {
      if ('error' in row) {
        await reject({
          line: row.line,
          sourceRef: undefined,
          code: row.error.code,
          message: row.error.message,
          details: [],
        });
        continue;
      }
      batch.push(row);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    callbacks.onProgress?.(processed, file.size);
    return { accepted, duplicates, rejected };
  };
  return (await isBulkLoad(store, file)) ? store.bulkLoad(run) : run();
}
