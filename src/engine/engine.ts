// The engine facade: the in-memory state derived from the ledger, and the questions asked of it.
// It folds ledger events into columns (ledger-fold.ts), applies each policy version to the
// records once (policy-application.ts), scores every subject in one linear pass (score-kernel.ts),
// answers checks from a prepared per-subject bitset (check-index.ts), and knows the next instant at
// which anything can change (transition-schedule.ts). Explanations and the reasons of a deny are
// the reference evaluator's (src/core/scoring), run on the subject's history rebuilt from the
// columns, so the engine and the reference cannot disagree on what they say, only on the fast
// answers, which the agreement tests compare.
//
// Identifiers given to the engine are normalised and valid (the application validates them). An
// identifier the ledger has never mentioned is an ordinary subject with no records.
import type { Catalog, Category } from '../core/catalog/index.js';
import { DomainError } from '../core/errors/domain-error.js';
import { requireIdentifier } from '../core/identifiers/index.js';
import type { LedgerEvent, LedgerRecord, SubjectKind } from '../core/ledger/ledger-types.js';
import type { CompiledPolicy } from '../core/policy/index.js';
import type { CheckResult, SubjectEvaluation } from '../core/scoring/evaluation-types.js';
import { checkMeasure, evaluateSubject, policyAt } from '../core/scoring/index.js';
import { formatInstant, instant, type Instant } from '../core/time/instant.js';
import { CheckIndex } from './check-index.js';
import { withHeadroom } from './growable.js';
import { LedgerFold, type FoldOutcome, type FoldState, type FoldView } from './ledger-fold.js';
import { fieldsReadBy, PolicyApplication, type MeasurePlan } from './policy-application.js';
import { ScoreKernel } from './score-kernel.js';
import { SubjectOrder } from './subject-order.js';
import { emptyHistory, subjectHistoryOf } from './subject-history.js';
import { adultFromBirth, kindCode, ORGANIZATION, PERSON } from './subject-index.js';
import { nextTransition, type Transitions } from './transition-schedule.js';

export interface EngineOptions {
  /** The catalogue a record was accepted under (LedgerRecord.catalogVersion). */
  readonly catalogFor: (version: number) => Catalog | undefined;
  /**
   * Sizes to reserve up front (a rebuild knows them from the ledger): growing columns of millions
   * by doubling copies them several times and makes the runtime collect the whole heap each time.
   */
  readonly expected?: { readonly subjects?: number; readonly records?: number };
  /**
   * The record fields to keep as typed columns: those every policy version the engine will hold
   * reads (`fieldsReadBy`); no other field value is kept. Every field seen when not given.
   */
  readonly fields?: readonly string[];
}

/** The full rescoring at one instant; index = subject ordinal (see `keyOf`). */
export interface ScoreTable {
  readonly at: Instant;
  readonly policy: CompiledPolicy;
  readonly subjects: number;
  /** NaN when the subject is not scorable at t. */
  readonly scores: Float64Array;
  /** Index into policy.grades; 255 (NO_GRADE) when not scorable. */
  readonly grades: Uint8Array;
  /** Bit i set when the subject is on the list of ordinal i (policy.lists[i]). */
  readonly lists: Uint32Array;
}

export interface PreparedChecks {
  readonly at: Instant;
  /** Every answer holds on [at, validUntil); +Infinity when nothing is scheduled to change. */
  readonly validUntil: number;
  /** Restriction answers (sanction lists only) hold on [at, restrictionsValidUntil). */
  readonly restrictionsValidUntil: number;
}

export interface EngineStats {
  readonly subjects: number;
  readonly records: number;
  /** Records with at least one record event (kept in the side table). */
  readonly recordsWithEvents: number;
  readonly lastSeq: number;
  readonly policyVersions: number;
  readonly prepared: PreparedChecks | undefined;
}

interface Board {
  readonly at: number;
  readonly app: PolicyApplication;
  scores: Float64Array;
  grades: Uint8Array;
  lists: Uint32Array;
  count: number;
  readonly stale: Set<number>;
}

const NO_REASONS: CheckResult['reasons'] = Object.freeze([]);

export class Engine {
  private readonly ledger: LedgerFold;
  private readonly catalogFor: (version: number) => Catalog | undefined;
  private versions: readonly CompiledPolicy[] = [];
  private applications = new Map<CompiledPolicy, PolicyApplication>();
  private kernels = new Map<PolicyApplication, ScoreKernel>();
  private effectiveFroms: number[] = [];
  private board: Board | undefined;
  private prepared: CheckIndex | undefined;
  private readonly grouping = new SubjectOrder();
  private lastAt = Number.NaN;
  private lastAtText = '';
  readonly categoryOf = (record: LedgerRecord): Category | undefined =>
    this.catalogFor(record.catalogVersion)?.byId.get(record.category);

  constructor(options: EngineOptions) {
    this.catalogFor = options.catalogFor;
    this.ledger = new LedgerFold(options.catalogFor, options.fields);
    // An eighth more than the ledger holds now, for the records that follow the load.
    this.ledger.subjects.reserve(withHeadroom(options.expected?.subjects ?? 0));
    this.ledger.records.reserve(withHeadroom(options.expected?.records ?? 0));
  }

  // ---- State -----------------------------------------------------------------------------------

  /** Folds ledger events (in seq order; already-folded seqs are skipped); touches only their subjects. */
  apply(events: readonly LedgerEvent[]): FoldOutcome {
    const outcome = this.ledger.apply(events);
    const dirty = this.ledger.subjects.takeDirty();
    if (dirty.length === 0) return outcome;
    this.grouping.touch(dirty);
    if (this.board !== undefined) for (const s of dirty) this.board.stale.add(s);
    const prepared = this.prepared;
    if (prepared !== undefined) {
      prepared.kernel.app.catchUp(this.ledger.records, this.ledger.categories);
      prepared.refresh(dirty);
    }
    return outcome;
  }

  /** Replaces the policy versions; the one in force at t is the latest effectiveFrom <= t. */
  setPolicies(versions: readonly CompiledPolicy[]): void {
    for (const policy of versions) {
      const missing = this.fieldsMissing([policy]);
      if (missing.length > 0) {
        throw new DomainError(
          'EngineFieldsNotKept',
          `policy ${policy.id} v${policy.version} reads record fields the engine does not keep (${missing.join(', ')}): build the engine with them (EngineOptions.fields) or fill them from the ledger (fillFields)`,
        );
      }
    }
    const applications = new Map<CompiledPolicy, PolicyApplication>();
    const retired = [...this.applications.entries()]
      .filter(([policy]) => !versions.includes(policy))
      .map(([, app]) => app);
    for (const policy of versions) {
      let app = this.applications.get(policy);
      if (app === undefined) {
        app = new PolicyApplication(policy);
        const donor = retired.pop();
        if (donor !== undefined) app.adoptColumns(donor);
      }
      applications.set(policy, app);
    }
    this.versions = [...versions];
    this.applications = applications;
    this.kernels = new Map();
    this.effectiveFroms = versions.flatMap((p) =>
      p.effectiveFrom === undefined ? [] : [p.effectiveFrom],
    );
    this.board = undefined;
    this.prepared = undefined;
  }

  // ---- Scores ----------------------------------------------------------------------------------

  /** Every subject's score, grade and lists at t: one linear pass over the record columns. */
  scoreAll(t: Instant): ScoreTable {
    const kernel = this.kernelAt(t);
    const count = this.ledger.subjects.count;
    const board = this.board;
    if (board !== undefined && board.at === t && board.app === kernel.app && board.count <= count) {
      this.refreshBoard(board, kernel, count);
    } else {
      this.board = this.fullPass(kernel, t, count);
    }
    const b = this.board as Board;
    return {
      at: t,
      policy: kernel.app.policy,
      subjects: count,
      scores: b.scores.slice(0, count),
      grades: b.grades.slice(0, count),
      lists: b.lists.slice(0, count),
    };
  }

  /**
   * Rule errors at t under the policy in force: per rule id, the records in force (of scorable
   * subjects) whose rule failed on them; rules without errors are left out.
   */
  ruleErrors(t: Instant): Record<string, number> {
    const kernel = this.kernelAt(t);
    const counts = kernel.ruleErrors(t);
    const out: Record<string, number> = {};
    kernel.app.policy.rules.forEach((rule, ordinal) => {
      const n = counts[ordinal] ?? 0;
      if (n > 0) out[rule.id] = n;
    });
    return out;
  }

  /** The explained evaluation of one subject at t, by the reference evaluator. */
  evaluate(subjectKey: string, t: Instant): SubjectEvaluation {
    const policy = this.policyIn(t);
    const s = this.ledger.subjects.ordinalOf(subjectKey);
    const history =
      s === undefined ? this.unknownHistory(subjectKey, t) : subjectHistoryOf(this.ledger, s);
    return evaluateSubject(history, policy, this.categoryOf, t);
  }

  /** The keys of the subjects on a list at t, in ordinal order. */
  listMembers(listId: string, t: Instant): string[] {
    const policy = this.policyIn(t);
    const list = policy.listsById.get(listId);
    if (list === undefined) {
      throw new DomainError(
        'UnknownList',
        `policy ${policy.id} v${policy.version} has no list "${listId}"`,
      );
    }
    const bit = (1 << list.ordinal) >>> 0;
    const count = this.ledger.subjects.count;
    const lists = this.scoreAll(t).lists;
    const members: string[] = [];
    for (let s = 0; s < count; s += 1) {
      if (((lists[s] ?? 0) & bit) !== 0) members.push(this.ledger.subjects.keyOf(s));
    }
    return members;
  }

  // ---- Checks ----------------------------------------------------------------------------------

  /** Scores every subject at t and keeps their list bits, each until its next transition. */
  prepareChecks(t: Instant): PreparedChecks {
    const kernel = this.kernelAt(t);
    const lists = this.scoreAll(t).lists;
    let policyUntil = Infinity;
    for (const f of this.effectiveFroms) if (f > t && f < policyUntil) policyUntil = f;
    this.prepared = new CheckIndex(this.ledger, kernel, t, policyUntil, lists);
    return this.preparedWindow(this.prepared);
  }

  check(subjectKey: string, measureId: string, t: Instant): CheckResult {
    // Inside the prepared window the policy in force is the prepared one (its kernel is kept
    // caught up by apply): its plan, without looking up the policy and its kernel per call.
    const prepared = this.prepared;
    const plan =
      (prepared !== undefined && prepared.coversPolicy(t)
        ? prepared.kernel.app.measures.get(measureId)
        : undefined) ?? this.measurePlan(measureId, t);
    return this.checkOne(subjectKey, plan, t, this.atText(t));
  }

  /** One result per identifier, in input order. */
  checkBatch(subjectKeys: readonly string[], measureId: string, t: Instant): CheckResult[] {
    const plan = this.measurePlan(measureId, t);
    const at = this.atText(t);
    const out = new Array<CheckResult>(subjectKeys.length);
    for (let i = 0; i < subjectKeys.length; i += 1) {
      out[i] = this.checkOne(subjectKeys[i] ?? '', plan, t, at);
    }
    return out;
  }

  // ---- Time ------------------------------------------------------------------------------------

  /** The earliest instant after `after` at which any score, list membership or check can change. */
  nextTransition(after: Instant): Instant | undefined {
    const { next } = this.transitionsAfter(after);
    return Number.isFinite(next) ? instant(next) : undefined;
  }

  stats(): EngineStats {
    const prepared = this.prepared;
    return {
      subjects: this.ledger.subjects.count,
      records: this.ledger.records.count,
      recordsWithEvents: this.ledger.side.recordsWithEvents,
      lastSeq: this.ledger.lastSeq,
      policyVersions: this.versions.length,
      prepared: prepared === undefined ? undefined : this.preparedWindow(prepared),
    };
  }

  /**
   * The folded state (columns and indexes, the sequence folded through), copied, for a snapshot
   * (engine-snapshot.ts). What the policy versions derive from it is not in it: it is derived
   * again from the columns after a restore.
   */
  snapshotState(): FoldState {
    return this.ledger.snapshotState();
  }

  /**
   * The folded state as views of the live columns, not copied (engine-snapshot.ts): valid only
   * until the engine next folds (`apply`, `fillFields`), so its writer holds the fold meanwhile.
   */
  snapshotView(): FoldView {
    return this.ledger.snapshotView();
  }

  /**
   * An engine holding a snapshot's folded state; `setPolicies` and `apply` (the tail) follow.
   * Refused (EngineFieldsNotKept) when the snapshot lacks a field column `options.fields` names.
   */
  static fromSnapshot(options: EngineOptions, state: FoldState): Engine {
    const kept = state.records.fields;
    const names = new Set(kept.names);
    const missing = kept.keepAll ? [] : (options.fields ?? []).filter((n) => !names.has(n));
    if (missing.length > 0 || (options.fields === undefined && !kept.keepAll)) {
      throw new DomainError(
        'EngineFieldsNotKept',
        `the snapshot does not hold the record fields ${missing.length > 0 ? missing.join(', ') : '(all of them)'}`,
      );
    }
    const engine = new Engine(options);
    engine.ledger.restoreState(state);
    return engine;
  }

  /** The record fields these policy versions read that the engine does not keep (sorted). */
  fieldsMissing(versions: readonly CompiledPolicy[]): string[] {
    const columns = this.ledger.records.fieldColumns;
    const names = new Set(versions.flatMap(fieldsReadBy));
    return [...names].filter((n) => !columns.holds(n)).sort();
  }

  /** The fields the engine keeps as columns; undefined when it keeps every field it sees. */
  keptFields(): string[] | undefined {
    const columns = this.ledger.records.fieldColumns;
    return columns.keepAll ? undefined : columns.names();
  }

  /**
   * Starts keeping more fields (a policy version that reads a field no earlier one read) and
   * fills their columns from ledger events (records folded already, read again from the store, page
   * by page; records not folded yet are skipped: folding them fills the new columns).
   */
  fillFields(names: readonly string[], events: readonly LedgerEvent[]): void {
    const records = this.ledger.records;
    for (const n of names) records.fieldColumns.add(n);
    for (const event of events) {
      if (event.kind !== 'record') continue;
      const index = records.indexOf(event.record.id);
      if (index < 0) continue;
      records.fieldColumns.fill(index, records.category[index] ?? 0, event.record.fields, names);
    }
  }

  /** The ordinal of a subject the ledger has mentioned (the index into ScoreTable arrays). */
  ordinalOf(subjectKey: string): number | undefined {
    return this.ledger.subjects.ordinalOf(subjectKey);
  }

  keyOf(ordinal: number): string {
    return this.ledger.subjects.keyOf(ordinal);
  }

  // ---- Internals -------------------------------------------------------------------------------

  private preparedWindow(prepared: CheckIndex): PreparedChecks {
    return {
      at: instant(prepared.at),
      validUntil: prepared.validUntil(false),
      restrictionsValidUntil: prepared.validUntil(true),
    };
  }

  private checkOne(key: string, plan: MeasurePlan, t: Instant, at: string): CheckResult {
    const measure = plan.measure;
    const s = this.ledger.subjects.ordinalOf(key);
    const prepared = this.prepared;
    let covered = false;
    let bits: number;
    let kernel: ScoreKernel;
    if (prepared !== undefined && prepared.coversPolicy(t)) {
      kernel = prepared.kernel;
      if (s === undefined) {
        bits = this.unknownBits(key, plan, kernel, t);
      } else if (prepared.covers(s, t, measure.kind === 'restriction')) {
        covered = true;
        bits = prepared.bits[s] ?? 0;
      } else {
        kernel.scoreSubject(s, t);
        bits = kernel.lists;
      }
    } else {
      kernel = this.kernelAt(t);
      if (s === undefined) {
        bits = this.unknownBits(key, plan, kernel, t);
      } else {
        kernel.scoreSubject(s, t);
        bits = kernel.lists;
      }
    }
    if ((bits & plan.mask) === 0) {
      return {
        subject: key,
        measure: measure.id,
        at,
        decision: measure.kind === 'restriction' ? 'allow' : 'not-eligible',
        reasons: NO_REASONS,
      };
    }
    // A deny (or an eligible answer): its reasons, by the reference evaluator.
    const policy = kernel.app.policy;
    const result =
      covered && prepared !== undefined && s !== undefined
        ? prepared.result(s, measure.id, () =>
            checkMeasure(
              prepared.evaluation(s, () => this.evaluate(key, t)),
              measure,
              policy,
            ),
          )
        : checkMeasure(this.evaluate(key, t), measure, policy);
    return result.at === at ? result : { ...result, at };
  }

  /** The list bits of an identifier the ledger has never mentioned. */
  private unknownBits(key: string, plan: MeasurePlan, kernel: ScoreKernel, t: Instant): number {
    // Without records a subject is on no sanction list; only an incentive list reachable from the
    // base score can hold it, and only then do its kind and age need to be read from the key.
    const reachable =
      kernel.listsWithoutRecords(PERSON, Number.NEGATIVE_INFINITY, t) |
      kernel.listsWithoutRecords(ORGANIZATION, Number.NEGATIVE_INFINITY, t);
    if ((reachable & plan.mask) === 0) return 0;
    const { kind, birthDate } = this.classify(key, t);
    const adultFrom = kind === 'person' ? adultFromBirth(birthDate) : Number.NEGATIVE_INFINITY;
    return kernel.listsWithoutRecords(kindCode(kind), adultFrom, t);
  }

  private classify(key: string, t: Instant): { kind: SubjectKind; birthDate: number | undefined } {
    const checked = requireIdentifier(key, t);
    return checked.kind === 'person'
      ? { kind: 'person', birthDate: checked.birthDate }
      : { kind: 'organization', birthDate: undefined };
  }

  private unknownHistory(key: string, t: Instant): ReturnType<typeof emptyHistory> {
    const { kind, birthDate } = this.classify(key, t);
    return emptyHistory(key, kind, birthDate);
  }

  private measurePlan(measureId: string, t: Instant): MeasurePlan {
    const app = this.kernelAt(t).app;
    const plan = app.measures.get(measureId);
    if (plan === undefined) {
      throw new DomainError(
        'UnknownMeasure',
        `policy ${app.policy.id} v${app.policy.version} has no measure "${measureId}"`,
      );
    }
    return plan;
  }

  private policyIn(t: Instant): CompiledPolicy {
    const policy = policyAt(this.versions, t);
    if (policy === undefined) {
      throw new DomainError(
        'NoPolicyInForce',
        `no policy version is in force at ${formatInstant(t)}`,
      );
    }
    return policy;
  }

  /** The kernel of the policy in force at t, with every folded record applied. */
  private kernelAt(t: Instant): ScoreKernel {
    const policy = this.policyIn(t);
    const app = this.applications.get(policy) as PolicyApplication;
    app.catchUp(this.ledger.records, this.ledger.categories);
    let kernel = this.kernels.get(app);
    if (kernel === undefined) {
      kernel = new ScoreKernel(this.ledger, app);
      this.kernels.set(app, kernel);
    }
    return kernel;
  }

  private transitionsAfter(after: number): Transitions {
    // One scan of the columns; see transition-schedule.ts for the candidates.
    const policy = policyAt(this.versions, instant(after));
    const app = policy === undefined ? undefined : this.applications.get(policy);
    app?.catchUp(this.ledger.records, this.ledger.categories);
    return nextTransition(this.ledger, app, this.effectiveFroms, after);
  }

  private fullPass(kernel: ScoreKernel, t: number, count: number): Board {
    const out = {
      scores: new Float64Array(count),
      grades: new Uint8Array(count),
      lists: new Uint32Array(count),
    };
    kernel.scoreAll(t, this.grouping, out);
    return { at: t, app: kernel.app, ...out, count, stale: new Set() };
  }

  /** Re-scores only the subjects touched since the board was computed, and any new ones. */
  private refreshBoard(board: Board, kernel: ScoreKernel, count: number): void {
    if (count > board.scores.length) {
      const grow = <T extends Float64Array | Uint8Array | Uint32Array>(
        a: T,
        make: (n: number) => T,
      ): T => {
        const next = make(Math.max(count, a.length * 2));
        next.set(a);
        return next;
      };
      board.scores = grow(board.scores, (n) => new Float64Array(n));
      board.grades = grow(board.grades, (n) => new Uint8Array(n));
      board.lists = grow(board.lists, (n) => new Uint32Array(n));
    }
    for (let s = board.count; s < count; s += 1) board.stale.add(s);
    for (const s of board.stale) {
      kernel.scoreSubject(s, board.at);
      board.scores[s] = kernel.score;
      board.grades[s] = kernel.grade;
      board.lists[s] = kernel.lists;
    }
    board.stale.clear();
    board.count = count;
  }

  private atText(t: number): string {
    if (t !== this.lastAt) {
      this.lastAt = t;
      this.lastAtText = formatInstant(instant(t));
    }
    return this.lastAtText;
  }
}
