// Where the server keeps its engine snapshot (docs/architecture.md, "The engine snapshot"): one
// file of derived data next to the store, read once at start and replaced whole in the
// background. The file adapter is src/io/snapshot-file.ts; the format is the engine's
// (src/engine/engine-snapshot.ts) and whether to trust it is the application's
// (src/app/standing/engine-snapshots.ts). A city's snapshot is larger than one buffer may be
// (12-16 GB): it is read by position and written as a stream, never held whole.
import type { SnapshotSource } from '../../engine/engine-snapshot.js';

/** The snapshot file opened for reading by position; closed by whoever opened it. */
export interface EngineSnapshotReader extends SnapshotSource {
  close(): Promise<void>;
}

/**
 * The engine snapshot file. `write` replaces it atomically: a crash while writing leaves the old
 * file or the new one, never half of one.
 * @example
 * const reader = await snapshotFile.open(); // undefined when there is none
 * const head = await reader?.readAt(0, 16);  // then reader.close()
 * await snapshotFile.write(chunks);          // temp file, fsync, rename, fsync of the directory
 */
export interface EngineSnapshotFile {
  /** Where it is, for the log. */
  readonly path: string;
  /** The file opened for positional reads, or undefined when there is none. */
  open(): Promise<EngineSnapshotReader | undefined>;
  /**
   * Writes these chunks, in order, as the new snapshot: each is asked for once the one before it
   * is written (a stream: the chunks are never all in memory at once).
   */
  write(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void>;
}
