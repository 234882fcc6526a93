// What every use case may be given: the store's narrow ports, the standing (the in-memory engine
// in the server, the reference evaluator in one-shot commands), the audit sink and the clock. Each
// use case declares the part it needs with `Pick<AppDeps, ...>`; the composition roots in
// `src/main` build one `AppDeps` per process and hand the doors a `ProbityApp` over it.
import type { EngineSnapshotFile } from './ports/engine-snapshot-file.js';
import type { Instant } from '../core/time/instant.js';
import type { AuditSink } from './audit/audit-sink.js';
import type { AuditArchiveFiles } from './ports/audit-archive-files.js';
import type { LedgerStore } from './ports/ledger-store.js';
import type { NoticeChannel } from './ports/notice-channel.js';
import type { PublicationFiles } from './ports/publication-files.js';
import type { PublicationSigner } from './ports/publication-signer.js';
import type { RecordFileReader } from './ports/record-file-reader.js';
import type { Standing } from './standing/standing.js';

export interface AppDeps {
  /** The store adapter; use cases take it as the narrow ports they need. */
  readonly store: LedgerStore;
  /** Resolves the standing once it can answer (one-shot commands load the documents on first use). */
  readonly standing: () => Promise<Standing>;
  readonly audit: AuditSink;
  readonly clock: () => Instant;
  /** Bulk record files (JSON lines, CSV) named by an operator (`probity import`): src/io. */
  readonly recordFiles: RecordFileReader;
  /** Where the notice outbox delivers (the demo's file, or the signed webhook): src/io. */
  readonly noticeChannel: NoticeChannel;
  /** Publications directories (`publish` writes them, `verify` reads them back): src/io. */
  readonly publicationFiles: PublicationFiles;
  /** The authority's signing key, outside the database (the key file, or a KMS/HSM): src/io. */
  readonly signer: PublicationSigner;
  /** Audit archive directories (`audit archive` writes segments, `verify` reads them): src/io. */
  readonly auditArchive?: AuditArchiveFiles | undefined;
  /** The engine snapshot file (src/io), when there is one: `rebuild --verify` compares it. */
  readonly engineSnapshot?: EngineSnapshotFile | undefined;
  /** What /readyz reports (a server only): the ledger sequence folded and the subjects known. */
  readonly readiness?: () => { lastSeq: number; subjects: number } | undefined;
}
