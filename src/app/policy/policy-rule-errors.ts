// `probity policy errors`: the authority's count of rule errors under the policy in force at an
// instant (docs/policy.md, "Rule errors"): per rule, the records in force whose rule failed on
// them at run time (a division by zero, a field the record lacks), each scored 0 points and shown
// as an error in its subject's explanation. A count of zero is the expected state; anything else
// is a policy to correct with a new version. The whole ledger is folded into an engine of its own.
// Pipeline: authorise (the operator only) → read; nothing is appended, followed or audited (no
// subject is read one by one, and only counts leave).
import { formatInstant, type Instant } from '../../core/time/instant.js';
import { operatorOnly } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import type { DocumentReader, LedgerReader } from '../ports/ledger-store.js';
import { loadEngine } from '../standing/engine-load.js';
import { loadScoringContext } from '../standing/scoring-context.js';

export interface RuleErrorsRequest {
  /** As of this instant (default: now). */
  readonly at?: Instant | undefined;
}

export interface RuleErrorsReport {
  readonly at: string;
  readonly policy: string;
  readonly version: number;
  /** Per rule id, the records in force at `at` that the rule fails on; rules without errors left out. */
  readonly ruleErrors: Readonly<Record<string, number>>;
  /** The sum over the rules. */
  readonly total: number;
}

export async function readRuleErrors(
  deps: Pick<AppDeps, 'clock'> & { readonly store: LedgerReader & DocumentReader },
  caller: Caller,
  request: RuleErrorsRequest,
): Promise<RuleErrorsReport> {
  operatorOnly(caller, 'rule errors are counted');
  const at = request.at ?? deps.clock();
  const context = await loadScoringContext(deps.store);
  const policy = context.policyAt(at);
  const { engine } = await loadEngine(deps.store, context);
  const ruleErrors = engine.ruleErrors(at);
  const total = Object.values(ruleErrors).reduce((sum, n) => sum + n, 0);
  return { at: formatInstant(at), policy: policy.id, version: policy.version, ruleErrors, total };
}
