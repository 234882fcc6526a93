// Builds the in-memory engine from the ledger: folds every event in sequence order, page by page,
// then applies the policy versions. The same fold serves the server's start, `rebuild`, and
// `simulate`; catching up later is the same call with the last sequence number folded.
//
// The sequence folded moves only past what was read and folded (docs/ledger.md, "Reading the
// ledger"): the pages of one catch-up are read up to a head in one snapshot and account for every
// number up to it, so the sequence reaches that head and never jumps to a head it did not read up
// to. A number that nothing holds (a gap) stops the fold before it; it is read again a few times
// (a row not yet visible) and then refused with `LedgerSequenceBroken`, never skipped. A
// catalogue or policy version the context was not built from also stops the fold before it: the
// engine reads catalogues through the context, so the caller builds a new one first.
import { DomainError } from '../../core/errors/domain-error.js';
import { Engine } from '../../engine/index.js';
import type { LedgerPage, LedgerReader } from '../ports/ledger-store.js';
import type { ScoringContext } from './scoring-context.js';

export const LEDGER_PAGE = 50_000;

/** How often a gap is read again before it is refused, and the first wait (doubled each time). */
const GAP_READS = 4;
const GAP_WAIT_MS = 20;

export interface EngineLoad {
  readonly engine: Engine;
  readonly lastSeq: number;
  readonly events: number;
  /** Folding stopped before a catalogue or policy version the context was not built from. */
  readonly documentsChanged: boolean;
}

export interface CatchUpOptions {
  /**
   * The catalogue and policy versions the engine's context was built from (`documentSeqs`):
   * folding stops before any other. Without it, every version is taken as known.
   */
  readonly documents?: ReadonlySet<number> | undefined;
  /** Told, after each page, the sequence number folded through and the head being read up to. */
  readonly onProgress?: ((seq: number, head: number) => void) | undefined;
}

export interface CatchUp {
  /** The sequence number folded through: every number up to it is folded or is no engine event. */
  readonly lastSeq: number;
  readonly events: number;
  /** Stopped before a catalogue or policy version not in `documents` (at `lastSeq + 1`). */
  readonly documentsChanged: boolean;
}

/** The first catalogue or policy version of the page the context does not know. */
function unknownDocument(page: LedgerPage, documents: ReadonlySet<number> | undefined) {
  return documents && page.documentSeqs.find((seq) => !documents.has(seq));
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Folds the ledger events after `afterSeq` into `engine`; returns the sequence number folded through. */
export async function catchUp(
  store: LedgerReader,
  engine: Engine,
  afterSeq: number,
  options: CatchUpOptions = {},
): Promise<CatchUp> {
  let last = afterSeq;
  let events = 0;
  for (let read = 1; ; read++) {
    let gapAt: number | undefined;
    for await (const page of store.ledgerPages(last, LEDGER_PAGE)) {
      const stop = unknownDocument(page, options.documents);
      if (stop !== undefined) {
        const before = page.events.filter((e) => e.seq < stop);
        engine.apply(before);
        events += before.length;
        last = stop - 1;
        options.onProgress?.(last, page.head);
        return { lastSeq: last, events, documentsChanged: true };
      }
      engine.apply(page.events);
      events += page.events.length;
      last = page.throughSeq;
      options.onProgress?.(last, page.head);
      gapAt = page.gapAt;
    }
    if (gapAt === undefined) return { lastSeq: last, events, documentsChanged: false };
    if (read === GAP_READS) {
      throw new DomainError(
        'LedgerSequenceBroken',
        `ledger sequence number ${gapAt} is held by no record, event, catalogue, policy or agency (read ${read} times): the engine has folded the ledger up to ${last} and goes no further`,
      );
    }
    await pause(GAP_WAIT_MS * 2 ** (read - 1));
  }
}

export async function loadEngine(
  store: LedgerReader,
  context: ScoringContext,
  onProgress?: (seq: number, head: number) => void,
): Promise<EngineLoad> {
  const engine = new Engine({ catalogFor: (v) => context.catalogFor(v) });
  const { lastSeq, events, documentsChanged } = await catchUp(store, engine, 0, {
    documents: context.documentSeqs,
    onProgress,
  });
  engine.setPolicies(context.policies);
  return { engine, lastSeq, events, documentsChanged };
}
