// The audit archive directory (docs/audit.md): where `probity audit archive` writes each closed
// month as a compressed segment and its signed manifest, and where `probity verify` reads them
// back. The file system adapter is src/io/audit-archive-folder.ts; files are named by their name
// inside the directory (`audit-2026-01.r0.jsonl.gz`, `audit-2026-01.manifest.json`).

export interface AuditArchiveFolder {
  /** The directory as it was named: reports quote it. */
  readonly location: string;
  /**
   * Writes a file whole and durably: to a temporary name, fsynced, renamed over `name`, and the
   * directory fsynced, so that after it resolves a crash leaves either the whole file or none.
   */
  write(name: string, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void>;
  /** A file's bytes as a stream; undefined when it is not there. */
  read(name: string): Promise<AsyncIterable<Uint8Array> | undefined>;
  /** Removes a file if it is there. */
  remove(name: string): Promise<void>;
}

export interface AuditArchiveFiles {
  open(dir: string): AuditArchiveFolder;
}
