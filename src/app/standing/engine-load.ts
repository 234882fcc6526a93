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
//
// A fold never holds the event loop for long: it yields between pages, so a server answers other
// requests while it loads or follows a large tail (a million rows imported by the CLI beside it).
// A server following the ledger (`catchUp`) reads the tail in small pages and applies it in one
// step at the end (`staged`): the tail is read up to a head, which writers move at commit, so a check answered
// between two pages sees the engine before the tail and one answered after sees all of it, never
// half of a committed batch. Reading and decoding rows is most of a fold's cost; applying decoded
// events to the engine's columns is a few microseconds each.
import { DomainError } from '../../core/errors/domain-error.js';
import { Engine, fieldsReadBy } from '../../engine/index.js';
import type { LedgerEvent } from '../../core/ledger/ledger-types.js';
import type { CompiledPolicy } from '../../core/policy/index.js';
import type { LedgerPage, LedgerReader } from '../ports/ledger-store.js';
import type { ScoringContext } from './scoring-context.js';

export const LEDGER_PAGE = 50_000;

/** The page a server reads a live tail in: about 50 ms of reading and decoding on SQLite. */
export const TAIL_PAGE = 2_000;

/** Lets the event loop run what is waiting (requests, timers) before the fold goes on. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

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
  /** Events per page read (default `TAIL_PAGE`); the fold yields to the event loop between pages. */
  readonly pageSize?: number | undefined;
  /**
   * Apply what was read in one step once the pages end (at the head they were read up to, or
   * before a gap or an unknown document), instead of page by page: the engine moves from one
   * committed state to another, whatever is answered between the pages. `onProgress` is then told
   * once, after the step. The default: a tail folded into a live engine (`catchUp`) is staged; a
   * load (`loadEngine`, nothing answered from the engine yet) applies page by page.
   */
  readonly staged?: boolean | undefined;
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
  const pageSize = options.pageSize ?? TAIL_PAGE;
  const stage = options.staged ?? true;
  let last = afterSeq;
  let events = 0;
  let staged: LedgerEvent[] = [];
  let head = afterSeq;
  /** Applies what was read (now, or at the end of a staged read). */
  const apply = (read: readonly LedgerEvent[], through: number, force: boolean): void => {
    if (stage && !force) {
      for (const event of read) staged.push(event);
      last = through;
      return;
    }
    if (staged.length > 0) {
      for (const event of read) staged.push(event);
      engine.apply(staged);
      events += staged.length;
      staged = [];
    } else {
      engine.apply(read);
      events += read.length;
    }
    last = through;
    options.onProgress?.(last, head);
  };
  for (let read = 1; ; read++) {
    let gapAt: number | undefined;
    let pages = 0;
    for await (const page of store.ledgerPages(last, pageSize)) {
      if (pages++ > 0) await yieldToEventLoop();
      head = page.head;
      const stop = unknownDocument(page, options.documents);
      if (stop !== undefined) {
        apply(
          page.events.filter((e) => e.seq < stop),
          stop - 1,
          true,
        );
        return { lastSeq: last, events, documentsChanged: true };
      }
      apply(page.events, page.throughSeq, false);
      gapAt = page.gapAt;
    }
    // Staged: the whole read, up to its head (or a gap), in one step.
    if (stage && (staged.length > 0 || last > afterSeq)) apply([], last, true);
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

/**
 * The record fields an engine for these policy versions keeps as columns: those their rules and
 * lists read. Every other field value stays in the store only (docs/architecture.md).
 */
export function engineFields(policies: readonly CompiledPolicy[]): string[] {
  return [...new Set(policies.flatMap(fieldsReadBy))].sort();
}

/**
 * Builds in `engine` the columns of the fields these policy versions read that it does not keep
 * yet (a version activated later that reads a field no earlier one read), from the store: the
 * ledger read again page by page up to `throughSeq` (what the engine has folded), yielding between
 * pages, each record's values of those fields set (records folded later fill them as they are
 * folded). The engine answers meanwhile under its current versions, which do not read them.
 * Returns the fields filled.
 */
export async function fillEngineFields(
  store: LedgerReader,
  engine: Engine,
  policies: readonly CompiledPolicy[],
  throughSeq: number,
): Promise<string[]> {
  const names = engine.fieldsMissing(policies);
  if (names.length === 0) return names;
  engine.fillFields(names, []);
  let pages = 0;
  for await (const page of store.ledgerPages(0, LEDGER_PAGE)) {
    if (pages++ > 0) await yieldToEventLoop();
    engine.fillFields(names, page.events);
    if (page.throughSeq >= throughSeq) break;
  }
  return names;
}

/**
 * The engine of the whole ledger under the context's policy versions; `also`: more versions it
 * must be able to apply later (a draft to simulate), whose fields it keeps too.
 */
export async function loadEngine(
  store: LedgerReader,
  context: ScoringContext,
  onProgress?: (seq: number, head: number) => void,
  also: readonly CompiledPolicy[] = [],
): Promise<EngineLoad> {
  // The columns sized for the ledger's subjects and records at once, rather than grown by
  // doubling as the fold goes: up to twice the room otherwise (and the copies while growing).
  const sizes = await store.sizes();
  const engine = new Engine({
    catalogFor: (v) => context.catalogFor(v),
    fields: engineFields([...context.policies, ...also]),
    expected: sizes,
  });
  const { lastSeq, events, documentsChanged } = await catchUp(store, engine, 0, {
    documents: context.documentSeqs,
    onProgress,
    pageSize: LEDGER_PAGE,
    staged: false,
  });
  engine.setPolicies(context.policies);
  return { engine, lastSeq, events, documentsChanged };
}
