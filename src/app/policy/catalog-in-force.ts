// The catalogue in force: the latest version stored in the ledger, parsed once per version.
import type { Catalog } from '../../core/catalog/index.js';
import { parseCatalog } from '../../core/catalog/index.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { DocumentReader } from '../ports/ledger-store.js';

export interface CatalogInForce {
  readonly version: number;
  readonly catalog: Catalog;
}

const parsed = new Map<string, Catalog>();

/** The catalogue in force, and the ledger sequence number of its version. */
export async function catalogInForce(
  store: DocumentReader,
): Promise<CatalogInForce & { readonly seq: number }> {
  const stored = await store.latestCatalog();
  if (!stored) {
    throw new DomainError(
      'StoreNotInitialised',
      'the store has no catalogue yet: run `probity init` first',
    );
  }
  let catalog = parsed.get(stored.digest);
  if (!catalog) {
    const result = parseCatalog(stored.text, { stored: true });
    if (!result.ok) {
      throw new DomainError(
        'LedgerCatalogUnreadable',
        `catalogue version ${stored.version} in the ledger does not parse`,
        result.problems,
      );
    }
    catalog = result.catalog;
    parsed.set(stored.digest, catalog);
  }
  return { version: stored.version, catalog, seq: stored.seq };
}
