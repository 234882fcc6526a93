// Stores a new policy version, validated against the catalogue in force, effective from a given
// instant. Past results stay reproducible: earlier versions stay in the ledger and keep applying
// before the new version's effectiveFrom.
import { DomainError } from '../../core/errors/domain-error.js';
import { parsePolicy } from '../../core/policy/index.js';
import type { Instant } from '../../core/time/instant.js';
import { catalogInForce } from './catalog-in-force.js';
import { appendToLedger } from '../ledger/ledger-append.js';
import type { LedgerStore } from '../ports/ledger-store.js';
import { digestOf } from '../ledger/document-digest.js';

export interface ActivatedPolicy {
  readonly policy: string;
  readonly version: number;
  readonly effectiveFrom: Instant;
  readonly added: boolean;
}

export async function activatePolicy(
  store: LedgerStore,
  text: string,
  from: Instant | undefined,
  now: Instant,
): Promise<ActivatedPolicy> {
  const { catalog } = await catalogInForce(store);
  const parsed = parsePolicy(text, catalog);
  if (!parsed.ok)
    throw new DomainError('PolicyRejected', 'the policy is not valid', parsed.problems);
  const { id, version } = parsed.policy;
  const effectiveFrom = from ?? parsed.policy.effectiveFrom ?? now;
  const digest = digestOf(text);
  const existing = (await store.policies()).find((p) => p.policyId === id && p.version === version);
  if (existing) {
    if (existing.digest === digest && existing.effectiveFrom === effectiveFrom) {
      return { policy: id, version, effectiveFrom, added: false };
    }
    throw new DomainError(
      'PolicyVersionExists',
      `policy ${id} version ${version} is stored already with other content or another start: give the new one a higher version`,
    );
  }
  await appendToLedger(store, async (tx, seq) => {
    await tx.insertPolicy({
      policyId: id,
      version,
      effectiveFrom,
      seq: seq.next(),
      digest,
      text,
      recordedAt: now,
    });
  });
  return { policy: id, version, effectiveFrom, added: true };
}
