// Every policy version in the ledger, compiled once against the catalogue in force. The version
// that applies at an instant t is the one with the latest `effectiveFrom` <= t (policyAt).
import type { Catalog } from '../../core/catalog/index.js';
import { DomainError } from '../../core/errors/domain-error.js';
import { parsePolicy, type CompiledPolicy } from '../../core/policy/index.js';
import type { DocumentReader, StoredPolicy } from '../ports/ledger-store.js';

const compiled = new Map<string, CompiledPolicy>();

export function compileStoredPolicy(
  stored: StoredPolicy,
  catalog: Catalog,
  catalogVersion: number,
): CompiledPolicy {
  const key = `${stored.digest}@${catalogVersion}`;
  let policy = compiled.get(key);
  if (!policy) {
    // Read as stored: a version admitted under earlier rules stays readable (policy-parse.ts).
    const result = parsePolicy(stored.text, catalog, { stored: true });
    if (!result.ok) {
      throw new DomainError(
        'LedgerPolicyUnreadable',
        `policy ${stored.policyId} version ${stored.version} in the ledger does not compile against catalogue version ${catalogVersion}`,
        result.problems,
      );
    }
    // The stored effectiveFrom (from `activate --from`) wins over the document's own.
    policy = { ...result.policy, effectiveFrom: stored.effectiveFrom };
    compiled.set(key, policy);
  }
  return policy;
}

/** All stored versions, compiled, in order of effectiveFrom then sequence. */
export async function policiesInForce(
  store: DocumentReader,
  catalog: Catalog,
  catalogVersion: number,
): Promise<CompiledPolicy[]> {
  return compilePolicies(await store.policies(), catalog, catalogVersion);
}

/** These stored versions (every one the ledger holds), compiled, in order of effectiveFrom then sequence. */
export function compilePolicies(
  versions: readonly StoredPolicy[],
  catalog: Catalog,
  catalogVersion: number,
): CompiledPolicy[] {
  const stored = [...versions].sort((a, b) => a.effectiveFrom - b.effectiveFrom || a.seq - b.seq);
  if (stored.length === 0)
    throw new DomainError(
      'StoreNotInitialised',
      'the store has no policy yet: run `probity init` first',
    );
  return stored.map((p) => compileStoredPolicy(p, catalog, catalogVersion));
}
