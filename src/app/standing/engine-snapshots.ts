// Whether to trust an engine snapshot, and writing one (docs/architecture.md, "The engine
// snapshot"). A snapshot is derived data: the server starts from it to fold only the ledger after
// it, and anything wrong with it means a cold start from the ledger, never a wrong engine. Before
// it is trusted, beyond the container's own checks (magic, format, SHA-256 over the whole content,
// the engine's code format: src/engine/engine-snapshot.ts), it must belong to this store (the
// chain hash of the ledger's first row), cover no more than the ledger holds (its sequence at or
// below the head), describe this ledger's history (the ledger chain hash at its sequence, which
// covers every row up to it, equals the one it recorded: a rewritten or cut-back ledger differs),
// and have been folded with the catalogue and policy versions in force now (their sequence
// numbers; a new version means a cold start, as it means a reload for a running server).
import { createHash } from 'node:crypto';
import { formatInstant, type Instant } from '../../core/time/instant.js';
import { Engine } from '../../engine/index.js';
import {
  decodeSnapshot,
  encodeSnapshotInSlices,
  snapshotColumnBytes,
  type DecodedSnapshot,
  type SnapshotInput,
  type Sha256,
  type SnapshotMeta,
} from '../../engine/engine-snapshot.js';
import type { EngineSnapshotFile, EngineSnapshotReader } from '../ports/engine-snapshot-file.js';
import type { LedgerChainReader, LedgerChainTable, LedgerReader } from '../ports/ledger-store.js';
import { LEDGER_GENESIS } from '../ledger/ledger-chain.js';
import type { ScoringContext } from './scoring-context.js';
import { engineFields, yieldToEventLoop } from './engine-load.js';

/** What happened to a snapshot, for the server log (a refusal is a warning, never fatal). */
export type SnapshotEvent =
  | { readonly kind: 'refused'; readonly path: string; readonly reason: string }
  | {
      readonly kind: 'loaded';
      readonly path: string;
      readonly seq: number;
      readonly ms: number;
    }
  | {
      readonly kind: 'written';
      readonly path: string;
      readonly seq: number;
      readonly bytes: number;
      readonly ms: number;
    }
  | { readonly kind: 'failed'; readonly path: string; readonly error: unknown };

/** node:crypto's SHA-256, for the engine's snapshot format (which imports no node:*). */
export const sha256Chunks: Sha256 = () => {
  const hash = createHash('sha256');
  return {
    update: (chunk) => hash.update(chunk),
    digest: () => new Uint8Array(hash.digest()),
  };
};

const CHAIN_TABLES: readonly LedgerChainTable[] = [
  'records',
  'record_events',
  'subject_events',
  'agencies',
  'policy_versions',
  'catalog_versions',
];

/** The ledger chain hash of the row numbered `seq` (GENESIS for 0); undefined when no row holds it. */
export async function chainHashAt(
  store: LedgerChainReader,
  seq: number,
): Promise<string | undefined> {
  if (seq === 0) return LEDGER_GENESIS;
  for (const table of CHAIN_TABLES) {
    const [row] = await store.ledgerChainRows(table, seq - 1, seq, 1);
    if (row !== undefined) return row.hash;
  }
  return undefined;
}

function documentsOf(context: ScoringContext): number[] {
  return [...context.documentSeqs].sort((a, b) => a - b);
}

export interface SnapshotStart {
  readonly engine: Engine;
  /** The sequence the snapshot covers: the tail after it is to be folded. */
  readonly seq: number;
}

/**
 * The engine of the snapshot in `file` when it may be trusted for this store and context, with
 * the sequence it covers; otherwise undefined, after telling `onEvent` why (no file: nothing said).
 */
export async function startFromSnapshot(
  store: LedgerChainReader & LedgerReader,
  file: EngineSnapshotFile,
  context: ScoringContext,
  onEvent: (event: SnapshotEvent) => void,
): Promise<SnapshotStart | undefined> {
  const started = performance.now();
  const refuse = (reason: string): undefined => {
    onEvent({ kind: 'refused', path: file.path, reason });
    return undefined;
  };
  let reader: EngineSnapshotReader | undefined;
  try {
    reader = await file.open();
  } catch (error) {
    return refuse(`unreadable: ${(error as Error).message}`);
  }
  if (reader === undefined) return undefined;
  let decoded: DecodedSnapshot;
  try {
    // Read by position: the checksum over the file in chunks, then each section on its own.
    decoded = await decodeSnapshot(reader, sha256Chunks);
  } finally {
    await reader.close();
  }
  if (!decoded.ok) return refuse(decoded.reason);
  const { meta, state } = decoded;
  if (state.lastSeq > meta.seq) {
    return refuse(`its columns go to sequence ${state.lastSeq}, beyond its header's ${meta.seq}`);
  }
  const identity = await chainHashAt(store, 1);
  if (identity !== meta.storeIdentity) return refuse('it belongs to another store');
  const head = await store.headSeq();
  if (meta.seq > head) {
    return refuse(`it covers the ledger up to ${meta.seq}, beyond the head ${head}`);
  }
  const chainHash = await chainHashAt(store, meta.seq);
  if (chainHash !== meta.chainHash) {
    return refuse(
      `the ledger's chain hash at ${meta.seq} is not the one it was folded from (the ledger was rewritten)`,
    );
  }
  const documents = documentsOf(context);
  if (
    meta.catalogVersion !== context.catalogVersion ||
    meta.documents.length !== documents.length ||
    meta.documents.some((seq, i) => seq !== documents[i])
  ) {
    return refuse(
      `stale: folded with catalogue v${meta.catalogVersion} and the documents at [${meta.documents.join(', ')}], the ledger now has catalogue v${context.catalogVersion} and [${documents.join(', ')}]`,
    );
  }
  let engine: Engine;
  try {
    engine = Engine.fromSnapshot(
      { catalogFor: (v) => context.catalogFor(v), fields: engineFields(context.policies) },
      state,
    );
  } catch (error) {
    return refuse(`its columns do not restore: ${(error as Error).message}`);
  }
  onEvent({
    kind: 'loaded',
    path: file.path,
    seq: meta.seq,
    ms: Math.round(performance.now() - started),
  });
  return { engine, seq: meta.seq };
}

/**
 * How a snapshot is written beside a fold that goes on (`writeSnapshot`). A state whose typed
 * columns are at most `copyUpToBytes` is copied at once (a memory copy, milliseconds at S) and the
 * engine may fold on at once; a larger one is written from the live columns, without a copy (a
 * city's columns are 12-16 GB: a copy is a second engine in memory), and the engine must not fold
 * until the write is over. `onDetached` says when the engine may fold again (after the copy, or
 * once the file is written or the write failed).
 */
export interface SnapshotHold {
  readonly copyUpToBytes: number;
  readonly onDetached?: (() => void) | undefined;
}

/**
 * Writes a snapshot of `engine`, folded through `seq` with `context`, streamed to the file as it
 * is encoded (the strings a slice at a time, yielding to the event loop between slices, so checks
 * are answered meanwhile). The state is taken at once, in step with `seq`: copied when small,
 * otherwise read from the live columns while the caller holds the fold (`hold`; by default never
 * copied: for an engine nothing else folds, as `probity rebuild`'s). Nothing is written for an
 * empty ledger. Returns the bytes written (0: none).
 */
export async function writeSnapshot(
  store: LedgerChainReader,
  file: EngineSnapshotFile,
  engine: Engine,
  context: ScoringContext,
  seq: number,
  now: Instant,
  hold: SnapshotHold = { copyUpToBytes: 0 },
): Promise<number> {
  const view = engine.snapshotView();
  const copied = snapshotColumnBytes(view) <= hold.copyUpToBytes;
  const state = copied ? engine.snapshotState() : view;
  if (copied) hold.onDetached?.();
  try {
    return await writeState(store, file, state, context, seq, now);
  } finally {
    hold.onDetached?.();
  }
}

async function writeState(
  store: LedgerChainReader,
  file: EngineSnapshotFile,
  state: SnapshotInput,
  context: ScoringContext,
  seq: number,
  now: Instant,
): Promise<number> {
  // The engine's last event may be below `seq`: the rows after it up to `seq` are no engine
  // events (agencies, documents), which the sequence folded through accounts for.
  if (state.lastSeq > seq) {
    throw new RangeError(`engine-snapshots: the engine is at ${state.lastSeq}, beyond ${seq}`);
  }
  if (seq <= 0) return 0;
  const [storeIdentity, chainHash] = await Promise.all([
    chainHashAt(store, 1),
    chainHashAt(store, seq),
  ]);
  if (storeIdentity === undefined || chainHash === undefined) return 0;
  const meta: SnapshotMeta = {
    storeIdentity,
    seq,
    chainHash,
    catalogVersion: context.catalogVersion,
    documents: documentsOf(context),
    policies: context.policies.map((p) => ({ id: p.id, version: p.version })),
    writtenAt: formatInstant(now),
  };
  // Encoded a slice at a time as the file takes it, so checks are answered meanwhile.
  let bytes = 0;
  const chunks = encodeSnapshotInSlices(state, meta, sha256Chunks, yieldToEventLoop);
  await file.write(
    (async function* counted() {
      for await (const chunk of chunks) {
        bytes += chunk.byteLength;
        yield chunk;
      }
    })(),
  );
  return bytes;
}
