// `simulate`: what a draft policy would change if it were in force at t, computed on the engine
// that holds the ledger: every subject scored under the current policy and under the draft, then
// the grade transition matrix, the list entries gained and lost, and the score distribution before
// and after. Nothing is written anywhere, and the engine is left as it was found: its policy
// versions are put back (the current version's per-record application is kept, not recomputed)
// and, when checks were prepared, they are prepared again at the same instant. The engine's cached
// score board ends up at t under the current policy (whatever instant it held before).
//
// The counts cover the subjects the ledger mentions (the engine's ordinals). A subject it has
// never mentioned has the base score under both policies and moves only if the draft changes the
// base or the grade bands, which the draft itself shows.
import type { CompiledPolicy, PolicyList } from '../../core/policy/index.js';
import { DomainError } from '../../core/errors/domain-error.js';
import { policyAt } from '../../core/scoring/index.js';
import { formatInstant, type Instant } from '../../core/time/instant.js';
import { NO_GRADE, type Engine, type ScoreTable } from '../../engine/index.js';

/** The row and column of subjects that are not scorable at t (minors, closed subjects). */
export const UNGRADED = '-';
export const DEFAULT_BUCKET_WIDTH = 50;

export interface ListChange {
  /** Subjects on the list after but not before. */
  readonly gained: number;
  /** Subjects on the list before but not after. */
  readonly lost: number;
  readonly before: number;
  readonly after: number;
}

export interface ScoreDistribution {
  /** Lower edge of each bucket; a bucket holds scores in [edge, edge + width), the last one also its upper bound. */
  readonly buckets: readonly number[];
  readonly width: number;
  /** Subjects per bucket (scorable subjects only). */
  readonly before: readonly number[];
  readonly after: readonly number[];
  readonly unscorableBefore: number;
  readonly unscorableAfter: number;
}

export interface PolicySimulation {
  readonly at: string;
  readonly current: { readonly id: string; readonly version: number };
  readonly draft: { readonly id: string; readonly version: number };
  /** Subjects compared: those the ledger mentions. */
  readonly subjects: number;
  /** transitions[fromGrade][toGrade] = subjects; grades of the current and the draft policy, plus UNGRADED. */
  readonly transitions: Record<string, Record<string, number>>;
  /** Per list id of either policy; a list only one policy has counts 0 on the other side. */
  readonly lists: Record<string, ListChange>;
  readonly distribution: ScoreDistribution;
  /**
   * Rule errors (docs/policy.md, "Rule errors"): per rule id, the records in force at t whose rule
   * failed on them (0 points, shown as an error in the subject's explanation), under the current
   * policy and under the draft; rules without errors are left out.
   */
  readonly ruleErrors: {
    readonly before: Readonly<Record<string, number>>;
    readonly after: Readonly<Record<string, number>>;
  };
}

export interface SimulationOptions {
  /**
   * The engine's policy versions, put back afterwards; `[current]` when not given. `current` must
   * be among them and be the version in force at t.
   */
  readonly versions?: readonly CompiledPolicy[];
  readonly bucketWidth?: number;
  /** Told both score tables once computed (a breakdown of the same simulation by group). */
  readonly observe?: (before: ScoreTable, after: ScoreTable) => void;
}

export function simulatePolicy(
  engine: Engine,
  current: CompiledPolicy,
  draft: CompiledPolicy,
  t: Instant,
  options: SimulationOptions = {},
): PolicySimulation {
  const versions = options.versions ?? [current];
  if (!versions.includes(current) || versions.length !== engine.stats().policyVersions) {
    throw new DomainError(
      'SimulationVersionsMismatch',
      'the versions to restore must be the engine’s own policy versions, including the current one',
    );
  }
  if (policyAt(versions, t) !== current) {
    throw new DomainError(
      'SimulationPolicyNotInForce',
      `policy ${current.id} v${current.version} is not the version in force at ${formatInstant(t)}`,
    );
  }
  // The draft takes effect at t itself, so that it is the version in force at t. It is scored
  // first: putting the versions back then leaves the current policy's board at t as the last
  // thing computed, which re-preparing checks at t reuses instead of scoring everyone again.
  const candidate: CompiledPolicy = { ...draft, effectiveFrom: t };
  const prepared = engine.stats().prepared;
  let after: ScoreTable;
  let before: ScoreTable;
  let errorsAfter: Record<string, number>;
  try {
    engine.setPolicies([...versions, candidate]);
    after = engine.scoreAll(t);
    errorsAfter = engine.ruleErrors(t);
  } finally {
    engine.setPolicies(versions);
  }
  let errorsBefore: Record<string, number>;
  try {
    errorsBefore = engine.ruleErrors(t);
    before = engine.scoreAll(t);
  } finally {
    if (prepared !== undefined) engine.prepareChecks(prepared.at);
  }
  if (after.policy !== candidate) {
    throw new DomainError(
      'SimulationDraftNotInForce',
      `the draft ${draft.id} v${draft.version} would not be in force at ${formatInstant(t)}: ${after.policy.id} v${after.policy.version} takes effect at the same instant with a higher version`,
    );
  }
  options.observe?.(before, after);
  return {
    at: formatInstant(t),
    current: { id: current.id, version: current.version },
    draft: { id: draft.id, version: draft.version },
    subjects: before.subjects,
    transitions: transitionMatrix(before, after),
    lists: listChanges(before, after),
    distribution: distribution(before, after, options.bucketWidth ?? DEFAULT_BUCKET_WIDTH),
    ruleErrors: { before: errorsBefore, after: errorsAfter },
  };
}

/** The grade names of a policy, highest first, then UNGRADED (a table's NO_GRADE). */
function gradeNames(policy: CompiledPolicy): string[] {
  return [...policy.grades.map((g) => g.grade), UNGRADED];
}

function transitionMatrix(
  before: ScoreTable,
  after: ScoreTable,
): Record<string, Record<string, number>> {
  const to = gradeNames(after.policy);
  const fromNames = gradeNames(before.policy);
  // Counted in a flat array by (from index, to index); NO_GRADE maps to the last row/column.
  const rows = fromNames.length;
  const cols = to.length;
  const counts = new Float64Array(rows * cols);
  const rowOf = (g: number) => (g === NO_GRADE ? rows - 1 : g);
  const colOf = (g: number) => (g === NO_GRADE ? cols - 1 : g);
  for (let s = 0; s < before.subjects; s += 1) {
    const cell = rowOf(before.grades[s] ?? NO_GRADE) * cols + colOf(after.grades[s] ?? NO_GRADE);
    counts[cell] = (counts[cell] ?? 0) + 1;
  }
  const matrix: Record<string, Record<string, number>> = {};
  fromNames.forEach((from, r) => {
    const row: Record<string, number> = {};
    to.forEach((name, c) => {
      row[name] = counts[r * cols + c] ?? 0;
    });
    matrix[from] = row;
  });
  return matrix;
}

function listChanges(before: ScoreTable, after: ScoreTable): Record<string, ListChange> {
  const ids = new Set<string>([...before.policy.lists, ...after.policy.lists].map((l) => l.id));
  const bitOf = (list: PolicyList | undefined): number =>
    list === undefined ? 0 : (1 << list.ordinal) >>> 0;
  const changes: Record<string, ListChange> = {};
  for (const id of ids) {
    const b = bitOf(before.policy.listsById.get(id));
    const a = bitOf(after.policy.listsById.get(id));
    let gained = 0;
    let lost = 0;
    let onBefore = 0;
    let onAfter = 0;
    for (let s = 0; s < before.subjects; s += 1) {
      const was = ((before.lists[s] ?? 0) & b) !== 0;
      const is = ((after.lists[s] ?? 0) & a) !== 0;
      if (was) onBefore += 1;
      if (is) onAfter += 1;
      if (is && !was) gained += 1;
      else if (was && !is) lost += 1;
    }
    changes[id] = { gained, lost, before: onBefore, after: onAfter };
  }
  return changes;
}

function distribution(before: ScoreTable, after: ScoreTable, width: number): ScoreDistribution {
  if (!(width > 0))
    throw new DomainError('SimulationBucketWidth', `bucket width must be positive, not ${width}`);
  const min = Math.min(before.policy.bounds.min, after.policy.bounds.min);
  const max = Math.max(before.policy.bounds.max, after.policy.bounds.max);
  const first = Math.floor(min / width) * width;
  const count = Math.max(1, Math.ceil((max - first) / width));
  const buckets = Array.from({ length: count }, (_, i) => first + i * width);
  const histogram = (table: ScoreTable): { counts: number[]; unscorable: number } => {
    const counts = new Array<number>(count).fill(0);
    let unscorable = 0;
    for (let s = 0; s < table.subjects; s += 1) {
      const score = table.scores[s] ?? Number.NaN;
      if (Number.isNaN(score)) {
        unscorable += 1;
        continue;
      }
      const i = Math.min(count - 1, Math.max(0, Math.floor((score - first) / width)));
      counts[i] = (counts[i] ?? 0) + 1;
    }
    return { counts, unscorable };
  };
  const b = histogram(before);
  const a = histogram(after);
  return {
    buckets,
    width,
    before: b.counts,
    after: a.counts,
    unscorableBefore: b.unscorable,
    unscorableAfter: a.unscorable,
  };
}
