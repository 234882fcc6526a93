// Builds the in-memory engine from the ledger: folds every event in sequence order, page by page,
// then applies the policy versions. The same fold serves the server's start, `rebuild`, and
// `simulate`; catching up later is the same call with the last sequence number folded.
import { Engine } from '../../engine/index.js';
import type { LedgerReader } from '../ports/ledger-store.js';
import type { ScoringContext } from './scoring-context.js';

export const LEDGER_PAGE = 50_000;

export interface EngineLoad {
  readonly engine: Engine;
  readonly lastSeq: number;
  readonly events: number;
}

/** Folds the ledger events after `afterSeq` into `engine`; returns the last sequence folded. */
export async function catchUp(
  store: LedgerReader,
  engine: Engine,
  afterSeq: number,
  onProgress?: (seq: number) => void,
): Promise<{ lastSeq: number; events: number }> {
  let last = afterSeq;
  let events = 0;
  for await (const page of store.eventPages(afterSeq, LEDGER_PAGE)) {
    engine.apply(page);
    events += page.length;
    last = page[page.length - 1]?.seq ?? last;
    onProgress?.(last);
  }
  return { lastSeq: last, events };
}

export async function loadEngine(
  store: LedgerReader,
  context: ScoringContext,
  onProgress?: (seq: number, head: number) => void,
): Promise<EngineLoad> {
  const engine = new Engine({ catalogFor: (v) => context.catalogFor(v) });
  const head = await store.headSeq();
  const { lastSeq, events } = await catchUp(store, engine, 0, (seq) => onProgress?.(seq, head));
  engine.setPolicies(context.policies);
  return { engine, lastSeq, events };
}
