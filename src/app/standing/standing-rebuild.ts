// `probity rebuild [--verify]`: everything derived is derived again from the ledger alone (the
// ledger is the truth): the whole ledger is folded into a fresh engine, scored at `at` and
// summarised. With `verify`, every subject is then recomputed a second, independent way (its
// history regrouped from the ledger events and run through the reference evaluator) and must
// come out the same; the report names the first mismatches. Before any of that, `verify` checks
// the ledger's hash chain (app/ledger/ledger-chain.ts): folding a ledger whose rows were edited
// would only prove that the engine agrees with the edit, so a broken chain is refused with
// `LedgerChainBroken`, naming the first broken link. Pipeline: authorise (the operator only) →
// check the chain → fold and compare; nothing is appended, followed or audited. With `verify`,
// the engine snapshot (when there is one) is also started from, its tail folded, and compared
// with the cold engine subject by subject; a snapshot refused is reported with its reason.
import type { Instant } from '../../core/time/instant.js';
import { operatorOnly } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { DomainError } from '../../core/errors/domain-error.js';
import { describeLedgerBreak } from '../ledger/ledger-chain.js';
import { verifyLedger } from '../ledger/ledger-chain-verify.js';
import type { DocumentReader, LedgerChainReader, LedgerReader } from '../ports/ledger-store.js';
import {
  rebuild,
  verifyRebuild,
  verifySnapshot,
  type RebuildSummary,
  type VerifyReport,
} from './ledger-rebuild.js';
import { loadScoringContext } from './scoring-context.js';

export interface RebuildRequest {
  /** The instant to score at (default: now). */
  readonly at?: Instant | undefined;
  /** Compare every subject with the reference evaluator. */
  readonly verify?: boolean | undefined;
  /** While verifying: subjects compared so far, of how many. */
  readonly onVerifyProgress?: ((done: number, total: number) => void) | undefined;
}

export interface RebuildReport {
  readonly summary: RebuildSummary;
  /** Only when asked to verify. */
  readonly verify: VerifyReport | undefined;
}

export type { RebuildSummary, VerifyReport };

export async function rebuildStanding(
  deps: Pick<AppDeps, 'clock' | 'engineSnapshot'> & {
    readonly store: LedgerReader & DocumentReader & LedgerChainReader;
  },
  caller: Caller,
  request: RebuildRequest,
): Promise<RebuildReport> {
  operatorOnly(caller, 'derived state is rebuilt');
  const now = deps.clock();
  if (request.verify) {
    const chain = await verifyLedger(deps.store);
    if (!chain.ok)
      throw new DomainError(
        'LedgerChainBroken',
        `the ledger's hash chain is broken, nothing was rebuilt: ${chain.firstBroken.message ?? describeLedgerBreak(chain.firstBroken)}`,
      );
  }
  const context = await loadScoringContext(deps.store);
  const { engine, table, summary } = await rebuild(deps.store, context, request.at ?? now);
  if (!request.verify) return { summary, verify: undefined };
  const reference = await verifyRebuild(
    deps.store,
    context,
    engine,
    table,
    now,
    request.onVerifyProgress,
  );
  const file = deps.engineSnapshot;
  const snapshot =
    file === undefined ? undefined : await verifySnapshot(deps.store, file, context, engine, table);
  return { summary, verify: snapshot === undefined ? reference : { ...reference, snapshot } };
}
