// `probity seed`: the operator adds a synthetic city to the ledger (deterministic for a seed):
// one demo agency per submitting kind, then years of records and follow-up events up to now. A
// fresh store is set up first with the documents given (the reference ones), as `init` would, as a
// simulation: a seeded city is a history dated in the past, which a live store refuses
// (app/ledger/recording-clock.ts).
// Pipeline: authorise (the operator only) → set up if needed → append (many transactions, in
// bulk-load mode) → follow. No audit entry: no subject's data is read. `probity demo` seeds
// through `seedInForce` too (demo-city-set-up.ts).
import type { Instant } from '../../core/time/instant.js';
import { operatorOnly } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { catalogInForce } from '../policy/catalog-in-force.js';
import type { AgencyDirectory, DocumentReader, LedgerAppender } from '../ports/ledger-store.js';
import type { PublicationStore } from '../ports/publication-store.js';
import type { StoreModeStore } from '../ports/store-clock.js';
import { seedCity, type SeedSummary } from './city-seed.js';
import { initStore, type InitDocuments } from './store-init.js';

export interface CitySize {
  readonly persons: number;
  readonly organizations: number;
  /** Years of history up to now. */
  readonly years: number;
  /** The random seed (the same seed gives the same city). */
  readonly seed: number;
}

export interface SeedRequest {
  readonly size: CitySize;
  /** The documents a store without a catalogue is set up with first. */
  readonly setUp: InitDocuments;
  /** Ledger events written so far, of how many (known once the city is generated). */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

export type { SeedSummary };

type SeedDeps = Pick<AppDeps, 'standing' | 'clock'> & {
  readonly store: DocumentReader &
    AgencyDirectory &
    LedgerAppender &
    PublicationStore &
    StoreModeStore;
};

/** Writes the city under the catalogue in force (the store is set up already). */
export async function seedInForce(
  store: DocumentReader & AgencyDirectory & LedgerAppender,
  size: CitySize,
  now: Instant,
  onProgress?: (done: number, total: number) => void,
): Promise<SeedSummary> {
  const catalog = await catalogInForce(store);
  return seedCity(store, catalog.catalog, catalog.version, { ...size, now }, onProgress);
}

export async function seedLedger(
  deps: SeedDeps,
  caller: Caller,
  request: SeedRequest,
): Promise<SeedSummary> {
  operatorOnly(caller, 'synthetic cities are seeded');
  const now = deps.clock();
  // A synthetic city is a history dated in the past: a store set up here is a simulation.
  if (!(await deps.store.latestCatalog()))
    await initStore(deps.store, request.setUp, now, {
      mode: (await deps.store.storeMode()) ?? 'simulation',
    });
  const summary = await seedInForce(deps.store, request.size, now, request.onProgress);
  await (await deps.standing()).follow();
  return summary;
}
