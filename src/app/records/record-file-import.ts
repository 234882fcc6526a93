// `probity import <file> --agency <id>`: an agency's bulk file of records (JSON lines or CSV),
// read through the record file port (the adapter is in src/io), validated against the catalogue
// in force and appended in batches of one transaction each: valid rows are written, rejected rows
// are reported one by one as they are found, and running the same file again writes nothing
// twice (sourceRef is the idempotency key). Pipeline: authorise (an agency) → decide and append
// (`importRecords`, batch by batch, each record's notice written in its batch's transaction and
// dated with its acceptance, so a citizen is told whether or not a server runs) → follow. No
// audit entry: no subject's data is read, and each record names its agency in the ledger.
import { agencyOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { catalogInForce } from '../policy/catalog-in-force.js';
import type { DocumentReader, LedgerAppender, LedgerReader } from '../ports/ledger-store.js';
import type { RecordFileFormat } from '../ports/record-file-reader.js';
import { importRecords, type ImportRejection, type ImportSummary } from './record-import.js';

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

export async function importRecordFile(
  deps: Pick<AppDeps, 'standing' | 'clock' | 'recordFiles'> & {
    readonly store: LedgerReader & LedgerAppender & DocumentReader;
  },
  caller: Caller,
  request: RecordFileImport,
): Promise<ImportSummary> {
  const agency = agencyOf(caller);
  const catalog = await catalogInForce(deps.store);
  const standing = await deps.standing();
  const file = await deps.recordFiles.open(request.path);
  request.onOpened?.({ format: file.format, size: file.size });
  const summary = await importRecords(deps.store, catalog, agency, file, deps.clock(), {
    ...(request.onRejected && { onRejected: request.onRejected }),
    ...(request.onProgress && { onProgress: request.onProgress }),
    notices: standing.scoring(),
  });
  await standing.follow();
  return summary;
}
