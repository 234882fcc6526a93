// The policy workbench, simulating (docs/http-api.md, "The policy workbench"): what a draft would
// change on the current ledger, as `probity simulate` computes it (app/policy/policy-draft-
// simulate.ts: grade transitions, list entries gained and lost, distributions before and after,
// rule errors), and the same broken down by district and age band from the same two score tables
// (app/policy/policy-simulation-breakdown.ts). Nothing is written. The authority only; audited
// `oversight` / `policy-simulate`.
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import {
  simulateDraft,
  type DraftSimulationRequest,
  type PolicySimulation,
} from '../policy/policy-draft-simulate.js';
import {
  breakDownSimulation,
  type SimulationBreakdown,
} from '../policy/policy-simulation-breakdown.js';
import type { DocumentReader, LedgerReader } from '../ports/ledger-store.js';
import { atAskedInstant, authorityRead } from './authority-read.js';

export type WorkbenchSimulation = PolicySimulation & { readonly breakdown: SimulationBreakdown };

export function simulateWorkbenchPolicy(
  deps: Pick<AppDeps, 'audit' | 'clock'> & { readonly store: LedgerReader & DocumentReader },
  caller: Caller,
  request: DraftSimulationRequest,
): Promise<WorkbenchSimulation> {
  return authorityRead(deps, caller, 'policy-simulate', async () => {
    const at = request.at ?? deps.clock();
    let breakdown: SimulationBreakdown | undefined;
    const simulation = await atAskedInstant(request.at !== undefined, () =>
      simulateDraft(deps, { ...request, at }, (keyOf, before, after) => {
        breakdown = breakDownSimulation(keyOf, before, after, at);
      }),
    );
    return { ...simulation, breakdown: breakdown ?? { district: [], ageBand: [] } };
  });
}
