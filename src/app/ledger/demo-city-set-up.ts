// `probity demo` (what `npm start` runs): the operator sets the demo city up: the store with the
// documents given (the reference ones), the synthetic city seeded when the store holds no one
// yet, and a demo agency for every enforcing kind of the policy in force, so that the demo shows
// checks as well as submissions. Idempotent: a second run finds the city there. Their tokens are
// DEMO CREDENTIALS, public by construction. A new demo store is a simulation (its city is a
// synthetic history, dated in the past: app/ledger/recording-clock.ts); the signing key is made in
// the signer as `init` makes it. Pipeline: authorise (the operator only) → set up,
// seed, add agencies (appends) → follow. No audit entry: no subject's data is read (the demo
// citizens are picked by their own use case, which audits each read).
import { operatorOnly } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import { addDemoEnforcers, demoToken } from '../agencies/demo-enforcers.js';
import type { AppDeps } from '../app-deps.js';
import type {
  AgencyDirectory,
  DocumentReader,
  LedgerAppender,
  LedgerCounts,
  LedgerReader,
} from '../ports/ledger-store.js';
import type { PublicationStore } from '../ports/publication-store.js';
import type { StoreModeStore } from '../ports/store-clock.js';
import { ensureSigningKey } from '../publications/authority-key.js';
import { seedInForce, type CitySize } from './ledger-seed.js';
import { initStore, type InitDocuments } from './store-init.js';

export interface DemoCityRequest {
  readonly documents: InitDocuments;
  /** The city seeded into an empty store. */
  readonly city: CitySize;
  /** Called once before seeding starts (it takes a while), not at all when the city is there. */
  readonly onSeeding?: (() => void) | undefined;
  /** Ledger events written so far, of how many. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

export interface DemoCity {
  /** Whether this run seeded the city (false: it was there already). */
  readonly seeded: boolean;
  readonly counts: LedgerCounts;
  /** Every agency of the store, in the store's order. */
  readonly agencies: readonly { readonly id: string; readonly kind: string }[];
  /** The demo agencies (id = kind) and their demo tokens. */
  readonly tokens: readonly {
    readonly id: string;
    readonly kind: string;
    readonly token: string;
  }[];
}

export async function setUpDemoCity(
  deps: Pick<AppDeps, 'standing' | 'clock' | 'signer'> & {
    readonly store: LedgerReader &
      DocumentReader &
      AgencyDirectory &
      LedgerAppender &
      PublicationStore &
      StoreModeStore;
  },
  caller: Caller,
  request: DemoCityRequest,
): Promise<DemoCity> {
  operatorOnly(caller, 'the demo city is set up');
  const { store } = deps;
  const now = deps.clock();
  await initStore(store, request.documents, now, {
    mode: (await store.storeMode()) ?? 'simulation',
  });
  await ensureSigningKey(deps.signer, store, now);
  const before = await store.counts();
  let seeded = false;
  if (before.records === 0 && before.persons === 0) {
    request.onSeeding?.();
    await seedInForce(store, request.city, now, request.onProgress);
    seeded = true;
  }
  await addDemoEnforcers(store, request.city.seed, now);
  await (await deps.standing()).follow();
  const agencies = (await store.agencies()).map((a) => ({ id: a.id, kind: a.kind }));
  return {
    seeded,
    counts: await store.counts(),
    agencies,
    // Demo agencies were created with their kind as id and a token derived from the seed.
    tokens: agencies
      .filter((a) => a.id === a.kind)
      .map((a) => ({ id: a.id, kind: a.kind, token: demoToken(a.kind, request.city.seed) })),
  };
}
