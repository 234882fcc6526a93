// Where the server keeps its engine snapshot (docs/architecture.md, "The engine snapshot"): one
// file of derived data next to the store, read once at start and replaced whole in the
// background. The file adapter is src/io/snapshot-file.ts; the format is the engine's
// (src/engine/engine-snapshot.ts) and whether to trust it is the application's
// (src/app/standing/engine-snapshots.ts).

/**
 * The engine snapshot file. `write` replaces it atomically: a crash while writing leaves the old
 * file or the new one, never half of one.
 * @example
 * const bytes = await snapshotFile.read(); // undefined when there is none
 * await snapshotFile.write(chunks);        // temp file, fsync, rename, fsync of the directory
 */
export interface EngineSnapshotFile {
  /** Where it is, for the log. */
  readonly path: string;
  /** The file's bytes, or undefined when there is none. */
  read(): Promise<Uint8Array | undefined>;
  /** Writes these bytes, in order, as the new snapshot. */
  write(chunks: readonly Uint8Array[]): Promise<void>;
}
