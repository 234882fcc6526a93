// The store's clock (docs/ledger.md, "The recording clock"): whether the store is live (the
// machine's clock dates every write) or a simulation (demo, tests, replays: a clock fixed with
// `--now` may date writes), and the last instant the ledger recorded, below which no append is
// ever recorded. `probity init` sets the mode once; the store adapters keep both in one row.
import type { Instant } from '../../core/time/instant.js';

/** `live`: a write is dated by the machine's clock only. `simulation`: a fixed clock may date it. */
export type StoreMode = 'live' | 'simulation';

export const STORE_MODES: readonly StoreMode[] = ['live', 'simulation'];

/** What an append reads under the head lock. */
export interface RecordingClock {
  /** undefined before `init` set it (such a store is treated as live). */
  readonly mode: StoreMode | undefined;
  /** The latest recording time of the ledger (undefined while it is empty). */
  readonly recordedThrough: Instant | undefined;
  /**
   * On a simulation, what an append dated before `recordedThrough` gets: refused (undefined or
   * `refuse`: the operator fixed the clock with --now) or held to that time (`hold`: the process
   * runs on the machine's clock, and several servers writing at the same moment date their writes
   * a few milliseconds apart before the head lock orders them). Set by the composition root.
   */
  readonly behindOnSimulation?: 'refuse' | 'hold' | undefined;
}

/**
 * The store's mode, set once.
 * @example if ((await store.storeMode()) === 'live' && clockFixed) refuse();
 */
export interface StoreModeStore {
  storeMode(): Promise<StoreMode | undefined>;
  /** Sets the mode unless one is set already; returns the mode the store has (first writer wins). */
  setStoreMode(mode: StoreMode): Promise<StoreMode>;
}

/** Inside an append's transaction, after the head is locked. */
export interface RecordingClockWriter {
  recordingClock(): Promise<RecordingClock>;
  /** Moves the latest recording time forward to `at` (never back). */
  raiseRecordedThrough(at: Instant): Promise<void>;
}
