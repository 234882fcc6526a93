// The recording clock (docs/ledger.md): the ledger's recording time never goes backwards, on any
// store. Every append reads, under the head lock, the latest time the ledger recorded, and holds
// each row it writes (records, record and subject events, agencies, catalogue and policy
// versions) to it:
//
// - on a live store, the machine's clock dates every write, so a row dated earlier comes from a
//   clock that was stepped back or from another server whose clock is behind: it is recorded at
//   the latest recorded time instead (a few milliseconds later than its clock said, never before
//   what the ledger holds);
// - on a simulation (a clock fixed with --now), the operator chose the date: an append dated
//   before the latest recorded time is refused (`ClockBehindLedger`), nothing written. A process
//   on a simulation that runs on the machine's clock (the demo server, servers of the local
//   cluster) is held to the latest time as on a live store (`behindOnSimulation: 'hold'`, set by
//   the composition root: `machineClockHeld`): nobody chose its dates, and two servers writing at
//   the same moment date their writes before the head lock orders them.
//
// A synthetic history (`seed`, the demo city) is written as history: years of past dates, which
// only a simulation may hold (`ClockFixedOnLiveStore` on a live store). Afterwards the recording
// time is the latest it wrote. The latest time is raised once, at the end of the transaction.
import { DomainError } from '../../core/errors/domain-error.js';
import { formatInstant, type Instant } from '../../core/time/instant.js';
import type {
  NewAgency,
  LedgerWriter,
  StoredDocument,
  StoredPolicy,
} from '../ports/ledger-store.js';
import type { RecordingClock, RecordingClockWriter } from '../ports/store-clock.js';
import { overrideWriter } from './writer-override.js';

export interface AppendOptions {
  /** A synthetic history dated in the past (seeding): a simulation only, not held to the clock. */
  readonly history?: boolean;
}

export class RecordingClockGuard {
  #latest: Instant | undefined;

  private constructor(
    private readonly clock: RecordingClock,
    private readonly history: boolean,
  ) {
    this.#latest = clock.recordedThrough;
  }

  /** Reads the store's clock under the head lock. */
  static async open(
    tx: RecordingClockWriter,
    options: AppendOptions = {},
  ): Promise<RecordingClockGuard> {
    const clock = await tx.recordingClock();
    const history = options.history === true;
    if (history && clock.mode === 'live') {
      throw new DomainError(
        'ClockFixedOnLiveStore',
        'this store is live: a synthetic history (dated in the past) is written only into a simulation (`probity init --simulation`)',
      );
    }
    return new RecordingClockGuard(clock, history);
  }

  /** The time a row dated `at` is recorded at (or a refusal, on a simulation). */
  at(at: Instant): Instant {
    const floor = this.clock.recordedThrough;
    let recorded = at;
    if (!this.history && floor !== undefined && at < floor) {
      if (this.clock.mode === 'simulation' && this.clock.behindOnSimulation !== 'hold') {
        throw new DomainError(
          'ClockBehindLedger',
          `this simulation's ledger has recorded up to ${formatInstant(floor)}: a write dated ${formatInstant(at)} would go back in time (give a --now at or after it)`,
        );
      }
      recorded = floor;
    }
    if (this.#latest === undefined || recorded > this.#latest) this.#latest = recorded;
    return recorded;
  }

  /** Raises the store's latest recording time to what this append wrote. */
  async close(tx: RecordingClockWriter): Promise<void> {
    const latest = this.#latest;
    const floor = this.clock.recordedThrough;
    if (latest !== undefined && (floor === undefined || latest > floor))
      await tx.raiseRecordedThrough(latest);
  }

  /** The writer the work gets: every dated row passes through `at` on its way to `tx`. */
  wrap(tx: LedgerWriter): LedgerWriter {
    const dated = <R extends { readonly recordedAt: Instant }>(rows: readonly R[]): R[] =>
      rows.map((r) => {
        const recordedAt = this.at(r.recordedAt);
        return recordedAt === r.recordedAt ? r : { ...r, recordedAt };
      });
    const overrides: Partial<LedgerWriter> = {
      insertRecords: (rows, ...rest) => tx.insertRecords(dated(rows), ...rest),
      insertRecordEvents: (rows, ...rest) => tx.insertRecordEvents(dated(rows), ...rest),
      insertSubjectEvents: (rows, ...rest) => tx.insertSubjectEvents(dated(rows), ...rest),
      insertAgency: (row: NewAgency, ...rest) => {
        const createdAt = this.at(row.createdAt);
        return tx.insertAgency(createdAt === row.createdAt ? row : { ...row, createdAt }, ...rest);
      },
      insertCatalog: (doc: StoredDocument, ...rest) => tx.insertCatalog(dated([doc])[0]!, ...rest),
      insertPolicy: (doc: StoredPolicy, ...rest) => tx.insertPolicy(dated([doc])[0]!, ...rest),
    };
    return overrideWriter(tx, overrides);
  }
}
