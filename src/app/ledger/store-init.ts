// `init`: makes a store ready to take records: the schema, a catalogue and a policy. Idempotent:
// a document already stored (same digest) is not stored again; a different catalogue becomes the
// next catalogue version (records keep the version they were accepted under). The authority's
// Ed25519 key for signing publications is made here too, once.
import { parseCatalog } from '../../core/catalog/index.js';
import { DomainError } from '../../core/errors/domain-error.js';
import { parsePolicy } from '../../core/policy/index.js';
import type { Instant } from '../../core/time/instant.js';
import { appendToLedger } from './ledger-append.js';
import type { DocumentReader, LedgerAppender } from '../ports/ledger-store.js';
import type { PublicationStore } from '../ports/publication-store.js';
import { ensureAuthorityKey } from '../publications/authority-key.js';
import { digestOf, sameContent } from './document-digest.js';

export interface InitDocuments {
  readonly catalogText: string;
  readonly policyText: string;
}

export interface InitResult {
  readonly catalogVersion: number;
  readonly catalogAdded: boolean;
  readonly policy: string;
  readonly policyAdded: boolean;
}

export async function initStore(
  store: DocumentReader & LedgerAppender & PublicationStore,
  docs: InitDocuments,
  now: Instant,
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
  // The authority's publication signing key, made once (kept out of the ledger's sequence).
  await ensureAuthorityKey(store, now);
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
