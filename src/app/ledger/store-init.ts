// `init`: makes a store ready to take records: the schema, a catalogue and a policy. Idempotent:
// a document already stored (same digest) is not stored again; a different catalogue becomes the
// next catalogue version (records keep the version they were accepted under). The store's mode is
// set here, once: live (the default) or a simulation (app/ports/store-clock.ts); a live store never
// becomes a simulation. (The authority's signing key is made by the `init` use case, through the
// signer: store-set-up.ts.)
import { parseCatalog } from '../../core/catalog/index.js';
import { DomainError } from '../../core/errors/domain-error.js';
import { parsePolicy } from '../../core/policy/index.js';
import type { Instant } from '../../core/time/instant.js';
import { appendToLedger } from './ledger-append.js';
import type { DocumentReader, LedgerAppender } from '../ports/ledger-store.js';
import type { StoreMode, StoreModeStore } from '../ports/store-clock.js';
import { digestOf, sameContent } from './document-digest.js';

export interface InitDocuments {
  readonly catalogText: string;
  readonly policyText: string;
}

export interface InitOptions {
  /** What a new store becomes (default: live). A live store asked to be a simulation is refused. */
  readonly mode?: StoreMode | undefined;
}

export interface InitResult {
  readonly catalogVersion: number;
  readonly catalogAdded: boolean;
  readonly policy: string;
  readonly policyAdded: boolean;
}

export async function initStore(
  store: DocumentReader & LedgerAppender & StoreModeStore,
  docs: InitDocuments,
  now: Instant,
  options: InitOptions = {},
): Promise<InitResult> {
  const catalog = parseCatalog(docs.catalogText);
  if (!catalog.ok)
    throw new DomainError('CatalogRejected', 'the catalogue is not valid', catalog.problems);
  const policy = parsePolicy(docs.policyText, catalog.catalog);
  if (!policy.ok)
    throw new DomainError('PolicyRejected', 'the policy is not valid', policy.problems);

  const catalogDigest = digestOf(docs.catalogText);
  const policyDigest = digestOf(docs.policyText);
  const { id, version, effectiveFrom } = policy.policy;

  // Read before the transaction: on SQLite the transaction holds the only connection.
  const latest = await store.latestCatalog();
  const existing = (await store.policies()).find((p) => p.policyId === id && p.version === version);
  if (existing && !sameContent(existing, docs.policyText)) {
    throw new DomainError(
      'PolicyVersionExists',
      `policy ${id} version ${version} is stored already with other content: give the new one a higher version`,
    );
  }
  const asked = options.mode ?? 'live';
  const mode = await store.setStoreMode(asked);
  if (asked === 'simulation' && mode === 'live') {
    throw new DomainError(
      'ClockFixedOnLiveStore',
      "this store is live: it never becomes a simulation, and its writes take the machine's clock (drop --now, --simulation and PROBITY_NOW; reads may ask --at)",
    );
  }
  return appendToLedger(store, async (tx, seq) => {
    let catalogVersion = latest?.version ?? 0;
    const catalogAdded = latest === undefined || !sameContent(latest, docs.catalogText);
    if (catalogAdded) {
      catalogVersion += 1;
      await tx.insertCatalog({
        version: catalogVersion,
        seq: seq.next(),
        digest: catalogDigest,
        text: docs.catalogText,
        recordedAt: now,
      });
    }
    if (!existing) {
      await tx.insertPolicy({
        policyId: id,
        version,
        effectiveFrom: effectiveFrom ?? now,
        seq: seq.next(),
        digest: policyDigest,
        text: docs.policyText,
        recordedAt: now,
      });
    }
    return { catalogVersion, catalogAdded, policy: `${id}@${version}`, policyAdded: !existing };
  });
}
