// What evaluating anyone needs besides their own history: the catalogue versions (a record keeps
// the effect rules of the catalogue it was accepted under, so nothing is ever re-aged by a
// catalogue change) and every policy version (the one in force at t applies).
import { parseCatalog, type Catalog, type Category } from '../../core/catalog/index.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { LedgerRecord } from '../../core/ledger/ledger-types.js';
import type { CompiledPolicy } from '../../core/policy/index.js';
import { policyAt } from '../../core/scoring/index.js';
import { formatInstant, type Instant } from '../../core/time/instant.js';
import { catalogInForce } from '../policy/catalog-in-force.js';
import { compilePolicies } from '../policy/policies-in-force.js';
import type { DocumentReader } from '../ports/ledger-store.js';

export interface ScoringContext {
  readonly catalog: Catalog;
  readonly catalogVersion: number;
  readonly policies: readonly CompiledPolicy[];
  /**
   * The ledger sequence numbers of the catalogue and policy versions this context was built
   * from: the engine folds no further than the first other one (engine-load.ts).
   */
  readonly documentSeqs: ReadonlySet<number>;
  /** The catalogue of a version (records keep the version they were accepted under). */
  catalogFor(version: number): Catalog | undefined;
  /** The category of a record, under the catalogue version it was accepted with. */
  categoryOf(record: LedgerRecord): Category | undefined;
  /** The policy in force at t; a clear error before the first one. */
  policyAt(t: Instant): CompiledPolicy;
}

export async function loadScoringContext(store: DocumentReader): Promise<ScoringContext> {
  const { catalog, version, seq } = await catalogInForce(store);
  const storedPolicies = await store.policies();
  const policies = compilePolicies(storedPolicies, catalog, version);
  const documentSeqs = new Set([seq, ...storedPolicies.map((p) => p.seq)]);
  const olderCatalogs = new Map<number, Catalog>([[version, catalog]]);
  for (let v = 1; v < version; v++) {
    const stored = await store.catalogVersion(v);
    if (stored) documentSeqs.add(stored.seq);
    const parsed = stored && parseCatalog(stored.text, { stored: true });
    if (parsed?.ok) olderCatalogs.set(v, parsed.catalog);
  }
  return {
    catalog,
    catalogVersion: version,
    policies,
    documentSeqs,
    catalogFor: (v) => olderCatalogs.get(v),
    categoryOf: (record) =>
      (olderCatalogs.get(record.catalogVersion) ?? catalog).byId.get(record.category),
    policyAt(t) {
      const policy = policyAt(policies, t);
      if (!policy) {
        throw new DomainError(
          'NoPolicyInForce',
          `no policy is in force at ${formatInstant(t)}: the first starts later`,
        );
      }
      return policy;
    },
  };
}
