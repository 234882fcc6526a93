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
// with the cold engine subject by subject; a snapshot refused is reported with its reason. A
// rebuild then writes a fresh snapshot from the engine it derived from the whole ledger (after a
// verification only when nothing differed), which the next server start uses.
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
import { writeSnapshot } from './engine-snapshots.js';

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
  /**
   * The fresh engine snapshot written from the rebuilt engine (none without a snapshot file, or
   * when the verification found a mismatch); a failed write is said, never fatal.
   */
  readonly snapshotWritten?:
    | { readonly path: string; readonly seq: number; readonly bytes: number }
    | { readonly path: string; readonly failed: string }
    | undefined;
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
  const file = deps.engineSnapshot;
  /**
   * A fresh snapshot of the engine derived from the whole ledger, written from its live columns
   * (no copy: nothing else folds this engine).
   */
  const written = async (): Promise<RebuildReport['snapshotWritten']> => {
    if (file === undefined) return undefined;
    try {
      const bytes = await writeSnapshot(deps.store, file, engine, context, summary.lastSeq, now);
      return bytes > 0 ? { path: file.path, seq: summary.lastSeq, bytes } : undefined;
    } catch (error) {
      return { path: file.path, failed: (error as Error).message };
    }
  };
  if (!request.verify) return { summary, verify: undefined, snapshotWritten: await written() };
  const reference = await verifyRebuild(
    deps.store,
    context,
    engine,
    table,
    now,
    request.onVerifyProgress,
  );
  const snapshot =
    file === undefined ? undefined : await verifySnapshot(deps.store, file, context, engine, table);
  const verify = snapshot === undefined ? reference : { ...reference, snapshot };
  // The old snapshot is compared first; a new one only from an engine the reference agrees with.
  const agreed =
    reference.mismatches === 0 && (snapshot?.used !== true || snapshot.mismatches === 0);
  return { summary, verify, snapshotWritten: agreed ? await written() : undefined };
}
