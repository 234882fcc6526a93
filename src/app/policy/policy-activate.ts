// `probity policy activate`: the operator stores a new policy version, validated against the
// catalogue in force, effective from a given instant (default: the document's `effectiveFrom`,
// else now). Past results stay reproducible: earlier versions stay in the ledger and keep
// applying before the new version's effectiveFrom. Activating the same version again is harmless.
// Pipeline: authorise (the operator only) → decide (valid, not a different text under a stored
// version) → append (one ledger event) → follow (the standing takes the new version). No audit
// entry: no subject's data is read, and the policy version is a ledger event itself.
import { DomainError } from '../../core/errors/domain-error.js';
import { parsePolicy } from '../../core/policy/index.js';
import type { Instant } from '../../core/time/instant.js';
import { operatorOnly } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { digestOf } from '../ledger/document-digest.js';
import { appendToLedger } from '../ledger/ledger-append.js';
import type { DocumentReader, LedgerAppender } from '../ports/ledger-store.js';
import { catalogInForce } from './catalog-in-force.js';

export interface PolicyActivation {
  /** The policy YAML exactly as written (stored as is, so any past result can be recomputed). */
  readonly text: string;
  /** In force from this instant (default: the document's `effectiveFrom`, else now). */
  readonly from?: Instant | undefined;
}

export interface ActivatedPolicy {
  readonly policy: string;
  readonly version: number;
  readonly effectiveFrom: Instant;
  readonly added: boolean;
}

export async function activatePolicy(
  deps: Pick<AppDeps, 'standing' | 'clock'> & {
    readonly store: DocumentReader & LedgerAppender;
  },
  caller: Caller,
  request: PolicyActivation,
): Promise<ActivatedPolicy> {
  operatorOnly(caller, 'policy versions are activated');
  return storePolicyVersion(deps, request);
}

/**
 * Validates and stores the version, for a caller already authorised (the operator above, the
 * authority's workbench: app/authority/authority-policy-activate.ts).
 */
export async function storePolicyVersion(
  deps: Pick<AppDeps, 'standing' | 'clock'> & {
    readonly store: DocumentReader & LedgerAppender;
  },
  request: PolicyActivation,
): Promise<ActivatedPolicy> {
  const { store } = deps;
  const now = deps.clock();
  const { text } = request;
  const { catalog } = await catalogInForce(store);
  const parsed = parsePolicy(text, catalog);
  if (!parsed.ok)
    throw new DomainError('PolicyRejected', 'the policy is not valid', parsed.problems);
  const { id, version } = parsed.policy;
  const effectiveFrom = request.from ?? parsed.policy.effectiveFrom ?? now;
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
  await (await deps.standing()).follow();
  return { policy: id, version, effectiveFrom, added: true };
}
