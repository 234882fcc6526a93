// `probity simulate`: what a draft policy would change on the current ledger (grade transitions,
// list entries gained and lost, the score distribution before and after) without writing
// anything, so the operator sees a policy's effect before activating it. The whole ledger is
// folded into an engine of its own and the draft scored beside the policy in force at `at`.
// Pipeline: authorise (the operator only) → decide (the draft is valid against the catalogue in
// force) → simulate; nothing is appended, followed or audited (no subject is read one by one).
import { DomainError } from '../../core/errors/domain-error.js';
import { parsePolicy } from '../../core/policy/index.js';
import type { Instant } from '../../core/time/instant.js';
import type { ScoreTable } from '../../engine/index.js';
import { operatorOnly } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import type { DocumentReader, LedgerReader } from '../ports/ledger-store.js';
import { loadEngine } from '../standing/engine-load.js';
import { loadScoringContext } from '../standing/scoring-context.js';
import { simulatePolicy, type PolicySimulation } from './policy-simulation.js';

export interface DraftSimulationRequest {
  /** The draft policy YAML. */
  readonly text: string;
  /** As of this instant (default: now). */
  readonly at?: Instant | undefined;
}

export type { PolicySimulation };

export async function simulateDraftPolicy(
  deps: Pick<AppDeps, 'clock'> & { readonly store: LedgerReader & DocumentReader },
  caller: Caller,
  request: DraftSimulationRequest,
): Promise<PolicySimulation> {
  operatorOnly(caller, 'draft policies are simulated');
  return simulateDraft(deps, request);
}

/**
 * The simulation itself, for a caller already authorised (the operator above, the authority's
 * workbench: app/authority/authority-policy-simulate.ts). `observe` is told the two score tables
 * and the engine's subject keys, to break the same simulation down further in one more pass.
 */
export async function simulateDraft(
  deps: Pick<AppDeps, 'clock'> & { readonly store: LedgerReader & DocumentReader },
  request: DraftSimulationRequest,
  observe?: (keyOf: (ordinal: number) => string, before: ScoreTable, after: ScoreTable) => void,
): Promise<PolicySimulation> {
  const at = request.at ?? deps.clock();
  const context = await loadScoringContext(deps.store);
  const parsed = parsePolicy(request.text, context.catalog);
  if (!parsed.ok)
    throw new DomainError('PolicyRejected', 'the draft policy is not valid', parsed.problems);
  // The engine keeps the fields the draft reads too (its field columns: docs/architecture.md).
  const { engine } = await loadEngine(deps.store, context, undefined, [parsed.policy]);
  return simulatePolicy(engine, context.policyAt(at), parsed.policy, at, {
    versions: context.policies,
    ...(observe === undefined
      ? {}
      : { observe: (before, after) => observe((s) => engine.keyOf(s), before, after) }),
  });
}
