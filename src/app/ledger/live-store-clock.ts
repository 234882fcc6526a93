// The clock belongs to the machine (docs/ledger.md, "The recording clock"): on a live store, a write
// never takes its time from a clock fixed with `--now` or `PROBITY_NOW`. The composition roots
// ask `fixedClockRefused` once the store is open; when it says so, the application gets the store
// behind `refusingWrites` (every method that writes refuses with `ClockFixedOnLiveStore`; every
// read answers, as of any instant a command asks with `--at`) and an audit sink that refuses too
// (an audit entry dated by a fixed clock would be a false record of when someone looked).
import { DomainError } from '../../core/errors/domain-error.js';
import type { AuditSink } from '../audit/audit-sink.js';
import type { LedgerAppender } from '../ports/ledger-store.js';
import type { StoreModeStore } from '../ports/store-clock.js';
import { overrideWriter } from './writer-override.js';

/** The store's methods that write: everything else it has reads. */
const WRITES =
  /^(transaction|bulkLoad|migrate|(insert|append|add|ack|claim|mark|use|register|save|set|raise|delete|update)[A-Z]|countWrongTry$|recordAuthorityKey$)/;

export function clockFixedOnLiveStore(): DomainError {
  return new DomainError(
    'ClockFixedOnLiveStore',
    "this store is live: a write takes the machine's clock, never --now or PROBITY_NOW (drop them; a read may ask --at; tests, demos and replays use a simulation: `probity init --simulation`)",
  );
}

/**
 * Whether a command with this clock must not write to this store: a fixed clock on a live store.
 * A store whose mode is not set yet (before `init`) is left to `init`, which makes it a
 * simulation when the clock is fixed.
 */
export async function fixedClockRefused(
  store: StoreModeStore,
  clockFixed: boolean,
): Promise<boolean> {
  return clockFixed && (await store.storeMode()) === 'live';
}

/** The store with every writing method refusing (`ClockFixedOnLiveStore`), its reads as they are. */
export function refusingWrites<S extends object>(store: S): S {
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      if (typeof property === 'string' && WRITES.test(property) && property !== 'close')
        return () => Promise.reject(clockFixedOnLiveStore());
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
}

/** An audit sink that refuses every entry (`ClockFixedOnLiveStore`). */
export const refusingAudit: AuditSink = {
  record: () => Promise.reject(clockFixedOnLiveStore()),
  close: () => Promise.resolve(),
};

/**
 * The store for a process on the machine's clock (no --now): on a simulation, a write dated a
 * few milliseconds before the latest recorded time (another server's write ordered first by the
 * head lock) is recorded at that time, as on a live store, instead of refused; a clock fixed by
 * the operator keeps the refusal. Only what an append's transaction reads of the clock changes.
 */
export function machineClockHeld<S extends LedgerAppender>(store: S): S {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'transaction') {
        const held: LedgerAppender['transaction'] = (work) =>
          target.transaction((tx) =>
            work(
              overrideWriter(tx, {
                recordingClock: async () => ({
                  ...(await tx.recordingClock()),
                  behindOnSimulation: 'hold' as const,
                }),
              }),
            ),
          );
        return held;
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
