// One policy version applied to the record columns: for every record, the ordinal of the rule
// that scores it (the first candidate whose `when` holds; -1 when none), that rule's raw points,
// and the bitmask of the sanction lists whose `include.when` holds on it. These depend only on the
// record's fields, so they are evaluated once per record per policy version (records folded later
// are caught up incrementally) and the scoring pass at any t reads them as plain numbers. The
// fields come from the field columns (field-columns.ts): per category, a reader loads the values
// of the fields its rules and lists read into one reused object, which the compiled closures
// read, so the catch-up is a loop over arrays with no per-record object. A
// corrected record's fields change with t; it goes down the side path, which calls `verdictFor`
// on the fields in force at t.
//
// Where a category's first candidate rule has no `when` and constant points and none of its
// sanction lists has a `when` (most of the reference policy), the verdict is the same for every
// record of the category and no CEL is evaluated at all.
//
// A rule whose `when` or `points` fails at run time (policy.md, "Rule errors") still scores the
// record: with 0 points and `failed` set, so the record counts as that rule's error and never
// falls through to a later rule. A sanction list's `when` that fails does not qualify the record.
import { DomainError } from '../core/errors/domain-error.js';
import type { RecordFields } from '../core/ledger/ledger-types.js';
import type {
  CompiledPolicy,
  CompiledRule,
  IncentiveList,
  Measure,
  SanctionList,
} from '../core/policy/index.js';
import { compileDurationAdd, spanBounds, type InstantShift } from './calendar-add.js';
import type { CategoryTable } from './category-table.js';
import { FieldReader, type FieldColumns } from './field-columns.js';
import { grown, nextCapacity } from './growable.js';
import type { RecordColumns } from './record-columns.js';
import { ORGANIZATION, PERSON } from './subject-index.js';

export const NO_RULE = -1;
/** Lists are bits of a Uint32 (sanction and incentive together, by list ordinal). */
export const MAX_LISTS = 32;

/** The verdict on one set of field values; a reusable out-parameter so the side path allocates nothing. */
export interface RuleVerdict {
  rule: number;
  points: number;
  sanctions: number;
  /** 1 when the rule's `when` or `points` failed (points are then 0). */
  failed: number;
}

interface EntryPlan {
  readonly id: string;
  readonly tier: string;
  readonly rules: readonly CompiledRule[];
  readonly sanctionLists: readonly SanctionList[];
  /** Same verdict for every record of the category (no CEL needed). */
  readonly constant: boolean;
  readonly constRule: number;
  readonly constPoints: number;
  readonly constSanctions: number;
  /** Some candidate rule decays linearly (for the transition schedule). */
  readonly mayDecay: boolean;
  /** The record fields its rules' `when` and `points` and its lists' `when` read. */
  readonly fields: readonly string[];
}

/** The record fields a policy version's rules and sanction lists read (their CEL expressions). */
export function fieldsReadBy(policy: CompiledPolicy): string[] {
  const names = new Set<string>();
  for (const r of policy.rules) {
    for (const n of r.when?.fields ?? []) names.add(n);
    if (r.constantPoints === undefined) for (const n of r.points.fields) names.add(n);
  }
  for (const l of policy.lists) {
    if (l.kind === 'sanction') for (const n of l.include.when?.fields ?? []) names.add(n);
  }
  return [...names].sort();
}

export interface IncentivePlan {
  readonly list: IncentiveList;
  readonly bit: number;
  /** Bit g set when the grade at index g of policy.grades qualifies. */
  readonly grades: Uint8Array;
  /** occurredAt -> end of the no-adverse window. */
  readonly windowEnd: InstantShift;
  /** Bounds on windowEnd(o) - o, to skip the calendar arithmetic where it cannot matter. */
  readonly windowLower: number;
  readonly windowUpper: number;
  readonly kinds: number;
}

export interface MeasurePlan {
  readonly measure: Measure;
  /** The lists of the measure, as bits. */
  readonly mask: number;
}

function kindsMask(subjects: readonly string[]): number {
  return (
    (subjects.includes('person') ? 1 << PERSON : 0) |
    (subjects.includes('organization') ? 1 << ORGANIZATION : 0)
  );
}

function bit(ordinal: number): number {
  return (1 << ordinal) >>> 0;
}

export class PolicyApplication {
  readonly policy: CompiledPolicy;
  readonly effectiveFrom: number;
  /** Per rule ordinal: 1 when it decays linearly. */
  readonly ruleDecays: Uint8Array;
  /** Per rule ordinal: the cap, +Infinity when none. */
  readonly ruleCap: Float64Array;
  /** Per list ordinal: the subject kinds it covers (bit per kind code). */
  readonly listKinds: Uint8Array;
  /** Per list ordinal: recordedAt -> end of the notice period. */
  readonly noticeEnd: readonly InstantShift[];
  readonly sanctionMask: number;
  readonly incentives: readonly IncentivePlan[];
  readonly measures: ReadonlyMap<string, MeasurePlan>;
  readonly gradeMins: Float64Array;

  count = 0;
  rule = new Int32Array(0);
  points = new Float64Array(0);
  sanctions = new Uint32Array(0);
  /** Per record: 1 when its rule failed on its fields (a rule error, 0 points). */
  failed = new Uint8Array(0);
  private readonly plans: (EntryPlan | undefined)[] = [];
  /** Per category entry: the reader of its plan's fields (built at the first catch-up needing it). */
  private readonly readers: (FieldReader | undefined)[] = [];

  constructor(policy: CompiledPolicy) {
    if (policy.lists.length > MAX_LISTS) {
      throw new DomainError(
        'EngineTooManyLists',
        `policy ${policy.id} v${policy.version} defines ${policy.lists.length} lists; the engine keeps list membership in a 32-bit set, so at most ${MAX_LISTS}`,
      );
    }
    policy.lists.forEach((list, index) => {
      if (list.ordinal !== index) {
        throw new DomainError(
          'EnginePolicyOrdinals',
          `list ${list.id} has ordinal ${list.ordinal}, expected ${index}`,
        );
      }
    });
    policy.rules.forEach((rule, index) => {
      if (rule.ordinal !== index) {
        throw new DomainError(
          'EnginePolicyOrdinals',
          `rule ${rule.id} has ordinal ${rule.ordinal}, expected ${index}`,
        );
      }
    });
    this.policy = policy;
    this.effectiveFrom = policy.effectiveFrom ?? Number.NEGATIVE_INFINITY;
    this.ruleDecays = Uint8Array.from(policy.rules, (r) => (r.decay === 'linear' ? 1 : 0));
    this.ruleCap = Float64Array.from(policy.rules, (r) => r.cap ?? Number.POSITIVE_INFINITY);
    this.listKinds = Uint8Array.from(policy.lists, (l) => kindsMask(l.subjects));
    this.noticeEnd = policy.lists.map((l) => compileDurationAdd(l.noticePeriod));
    let sanctionMask = 0;
    const incentives: IncentivePlan[] = [];
    for (const list of policy.lists) {
      if (list.kind === 'sanction') {
        sanctionMask |= bit(list.ordinal);
        continue;
      }
      incentives.push({
        list,
        bit: bit(list.ordinal),
        grades: Uint8Array.from(policy.grades, (g) =>
          list.include.grades.includes(g.grade) ? 1 : 0,
        ),
        windowEnd: compileDurationAdd(list.include.noAdverseWithin),
        windowLower: spanBounds(list.include.noAdverseWithin).lower,
        windowUpper: spanBounds(list.include.noAdverseWithin).upper,
        kinds: kindsMask(list.subjects),
      });
    }
    this.sanctionMask = sanctionMask >>> 0;
    this.incentives = incentives;
    this.measures = new Map(
      policy.measures.map((m) => {
        let mask = 0;
        for (const id of m.lists) {
          const list = policy.listsById.get(id);
          if (list !== undefined) mask |= bit(list.ordinal);
        }
        return [m.id, { measure: m, mask: mask >>> 0 }];
      }),
    );
    this.gradeMins = Float64Array.from(policy.grades, (g) => g.min);
  }

  /** The per-category plan of a CategoryTable entry (the record's own category id and tier). */
  private planOf(categories: CategoryTable, entryOrdinal: number): EntryPlan {
    const known = this.plans[entryOrdinal];
    if (known !== undefined) return known;
    const entry = categories.entry(entryOrdinal);
    const policyPlan =
      entry.category === undefined ? undefined : this.policy.plansByCategory.get(entry.id);
    const rules = policyPlan?.rules ?? [];
    const sanctionLists = policyPlan?.sanctionLists ?? [];
    const first = rules[0];
    const constant =
      (first === undefined || (first.when === undefined && first.constantPoints !== undefined)) &&
      sanctionLists.every((l) => l.include.when === undefined);
    let constSanctions = 0;
    for (const l of sanctionLists) constSanctions |= bit(l.ordinal);
    const plan: EntryPlan = {
      id: entry.id,
      tier: entry.tier,
      rules,
      sanctionLists,
      constant,
      constRule: first?.ordinal ?? NO_RULE,
      constPoints: first?.constantPoints ?? 0,
      constSanctions: constSanctions >>> 0,
      mayDecay: rules.some((r) => r.decay === 'linear'),
      fields: [
        ...new Set([
          ...rules.flatMap((r) => [
            ...(r.when?.fields ?? []),
            ...(r.constantPoints === undefined ? r.points.fields : []),
          ]),
          ...sanctionLists.flatMap((l) => l.include.when?.fields ?? []),
        ]),
      ],
    };
    this.plans[entryOrdinal] = plan;
    return plan;
  }

  /** Evaluates the records folded since the last call (all of them the first time). */
  catchUp(records: RecordColumns, categories: CategoryTable): void {
    const total = records.count;
    if (total <= this.count) return;
    if (total > this.rule.length) {
      // The first catch-up sizes the columns to the ledger (plus room to grow); later ones double.
      const capacity =
        this.count === 0 ? total + (total >>> 3) : nextCapacity(this.rule.length, total);
      this.rule = grown(this.rule, capacity);
      this.points = grown(this.points, capacity);
      this.sanctions = grown(this.sanctions, capacity);
      this.failed = grown(this.failed, capacity);
    }
    const rule = this.rule;
    const points = this.points;
    const sanctions = this.sanctions;
    const failed = this.failed;
    const category = records.category;
    const columns = records.fieldColumns;
    const verdict: RuleVerdict = { rule: NO_RULE, points: 0, sanctions: 0, failed: 0 };
    for (let i = this.count; i < total; i += 1) {
      const plan = this.planOf(categories, category[i] ?? 0);
      if (plan.constant) {
        rule[i] = plan.constRule;
        points[i] = plan.constPoints;
        sanctions[i] = plan.constSanctions;
        failed[i] = 0;
      } else {
        const c = category[i] ?? 0;
        const reader = this.readers[c] ?? this.readerOf(plan, c, columns);
        this.judge(plan, reader.load(i), verdict);
        rule[i] = verdict.rule;
        points[i] = verdict.points;
        sanctions[i] = verdict.sanctions;
        failed[i] = verdict.failed;
      }
    }
    this.count = total;
  }

  /** The reader of a plan's fields; a field the engine does not keep is refused (engine.ts checks first). */
  private readerOf(plan: EntryPlan, entryOrdinal: number, columns: FieldColumns): FieldReader {
    const missing = plan.fields.filter((n) => !columns.holds(n));
    if (missing.length > 0) {
      throw new DomainError(
        'EngineFieldsNotKept',
        `policy ${this.policy.id} v${this.policy.version} reads record fields the engine does not keep: ${missing.join(', ')}`,
      );
    }
    const reader = new FieldReader(columns, entryOrdinal, plan.fields);
    this.readers[entryOrdinal] = reader;
    return reader;
  }

  /**
   * Takes over the columns of an application the engine no longer uses (a replaced policy), so
   * that a policy change re-evaluates records into memory already held instead of allocating
   * (and having the runtime collect) a hundred megabytes per version. Only before a catch-up.
   */
  adoptColumns(retired: PolicyApplication): void {
    if (this.count !== 0) return;
    this.rule = retired.rule;
    this.points = retired.points;
    this.sanctions = retired.sanctions;
    this.failed = retired.failed;
    retired.rule = new Int32Array(0);
    retired.points = new Float64Array(0);
    retired.sanctions = new Uint32Array(0);
    retired.failed = new Uint8Array(0);
    retired.count = 0;
  }

  /** The verdict on given field values of a record of this category entry (the side path). */
  verdictFor(
    categories: CategoryTable,
    entryOrdinal: number,
    fields: RecordFields,
    out: RuleVerdict,
  ): void {
    this.judge(this.planOf(categories, entryOrdinal), fields, out);
  }

  /** Whether some rule that can score this category decays linearly. */
  mayDecay(categories: CategoryTable, entryOrdinal: number): boolean {
    return this.planOf(categories, entryOrdinal).mayDecay;
  }

  /** The index in policy.grades of the grade of a (clamped) score. */
  gradeIndex(score: number): number {
    const mins = this.gradeMins;
    for (let g = 0; g < mins.length; g += 1) if (score >= (mins[g] ?? 0)) return g;
    return mins.length - 1;
  }

  private judge(plan: EntryPlan, fields: RecordFields, out: RuleVerdict): void {
    const { id, tier } = plan;
    out.rule = NO_RULE;
    out.points = 0;
    out.failed = 0;
    for (const r of plan.rules) {
      const holds = r.when === undefined ? true : r.when.attempt(fields, id, tier);
      if (holds === false) continue;
      out.rule = r.ordinal;
      if (holds !== true) {
        out.failed = 1;
        break;
      }
      const points = r.constantPoints ?? r.points.attempt(fields, id, tier);
      if (typeof points === 'number') out.points = points;
      else out.failed = 1;
      break;
    }
    let mask = 0;
    for (const l of plan.sanctionLists) {
      if (l.include.when === undefined || l.include.when.evaluate(fields, id, tier)) {
        mask |= bit(l.ordinal);
      }
    }
    out.sanctions = mask >>> 0;
  }
}
