// Every subject scored at an instant, for the authority's aggregates (population, fairness): the
// standing's own engine when it has one (the server's live engine: one scoring pass, no second
// copy of the city in memory), else an engine folded from the ledger for the request.
import type { Instant } from '../../core/time/instant.js';
import type { ScoreTable } from '../../engine/index.js';
import type { AppDeps } from '../app-deps.js';
import type { DocumentReader, LedgerReader } from '../ports/ledger-store.js';
import { loadEngine } from '../standing/engine-load.js';
import { loadScoringContext } from '../standing/scoring-context.js';

export interface ScoresAt {
  /** The scores, grades and list bits of every subject, and the policy they were scored under. */
  readonly table: ScoreTable;
  /** The subject key of an ordinal of the table. */
  readonly keyOf: (ordinal: number) => string;
}

export async function scoresAt(
  deps: Pick<AppDeps, 'standing'> & { readonly store: LedgerReader & DocumentReader },
  at: Instant,
): Promise<ScoresAt> {
  const live = (await deps.standing()).scoreTable?.(at);
  if (live !== undefined) return live;
  const context = await loadScoringContext(deps.store);
  const { engine } = await loadEngine(deps.store, context);
  return { table: engine.scoreAll(at), keyOf: (s) => engine.keyOf(s) };
}
