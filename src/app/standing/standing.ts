// Where the use cases learn a subject's standing (score, grade, lists, measures) and the documents
// in force. Two implementations answer alike (the engine is held to the reference evaluator by
// property tests and `rebuild --verify`):
//  - `LiveStanding`: the server's in-memory engine, folded from the ledger and following its head;
//  - `LedgerStanding`: the reference evaluator over one subject's history read from the store,
//    for one-shot CLI commands that should not fold the whole ledger to answer one question.
import type { Catalog, Category } from '../../core/catalog/index.js';
import type { LedgerRecord } from '../../core/ledger/ledger-types.js';
import type { CompiledPolicy } from '../../core/policy/index.js';
import type { CheckResult, SubjectEvaluation } from '../../core/scoring/index.js';
import type { Instant } from '../../core/time/instant.js';
import type { ScoreTable } from '../../engine/index.js';
import type { ScoringContext } from './scoring-context.js';

/** What a door waits to be in step with the engine: the list feeds, or the notices after them. */
export type InStepPart = 'feeds' | 'notices';

export interface Standing {
  /** The catalogue in force (the one new records are validated against) and its version. */
  catalog(): { readonly catalog: Catalog; readonly version: number };
  /** The category of a record under the catalogue version it was accepted with. */
  categoryOf(record: LedgerRecord): Category | undefined;
  /** The policy in force at t; `NoPolicyInForce` before the first. */
  policyAt(t: Instant): CompiledPolicy;
  /**
   * The catalogue and policy versions it answers with, and the citizen portal's address: what the
   * notices of a write are worded by (app/notices/notice-outbox.ts).
   */
  scoring(): ScoringContext & { readonly portalUrl?: string | undefined };
  /** The explained evaluation of a subject (by its normalised key) at t. */
  evaluate(subjectKey: string, t: Instant): Promise<SubjectEvaluation> | SubjectEvaluation;
  /** One check at t; `UnknownMeasure` for a measure the policy in force does not define. */
  check(subjectKey: string, measureId: string, t: Instant): Promise<CheckResult> | CheckResult;
  /** One result per key, in order. */
  checkBatch(
    subjectKeys: readonly string[],
    measureId: string,
    t: Instant,
  ): Promise<CheckResult[]> | CheckResult[];
  /**
   * Brings derived state up to date after a write: the engine, list feeds and notices follow the
   * ledger before the write is answered, so a check that follows sees it.
   */
  follow(): Promise<void>;
  /**
   * Resolves once the list feeds (`'feeds'`), or the feeds and the notices (`'notices'`, the
   * default), follow the engine the standing answers with: the doors that read them (feeds, a
   * citizen's notices) wait for it, so nothing is read from them before they are in step, even
   * while a server that is already ready brings them up to date.
   */
  inStep(what?: InStepPart): Promise<void>;
  /**
   * Every subject's score, grade and lists at t from the engine it answers with, and the subject
   * key of each ordinal (the server's live engine: one scoring pass, no second fold of the
   * ledger); absent where there is no such engine (one-shot commands), whose callers fold their own.
   */
  scoreTable?(t: Instant): {
    readonly table: ScoreTable;
    readonly keyOf: (ordinal: number) => string;
  };
}
