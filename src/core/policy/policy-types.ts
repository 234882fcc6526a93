// The parsed, validated and compiled policy (policy.md, "Policy"): what the engine folds records
// through. Everything here is immutable and already checked against one catalogue, so the engine
// never re-validates: expressions are closures, patterns are resolved to the categories they
// match, and every category has its ordered candidate rules and the sanction lists it can feed.
import type { Catalog, Category, Labels } from '../catalog/index.js';
import type { RecordFields, SubjectKind } from '../ledger/ledger-types.js';
import type { Duration } from '../time/duration.js';
import type { Instant } from '../time/instant.js';

export const DECAYS = ['none', 'linear'] as const;
export type Decay = (typeof DECAYS)[number];

export const LIST_KINDS = ['sanction', 'incentive'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export const MEASURE_KINDS = ['restriction', 'benefit'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

/**
 * A compiled `when`: does the expression hold on this record? Total: a run-time failure (division
 * by zero, an absent field read without has()) counts as "does not hold". `tier` is the
 * category's tier, or "" for a favourable category (which has none). Scoring uses `attempt`
 * instead, which tells a failure apart.
 */
export type RecordPredicate = (fields: RecordFields, category: string, tier: string) => boolean;

/** A compiled `points`: a JS number (CEL ints converted); total: a run-time failure gives 0. */
export type RecordPoints = (fields: RecordFields, category: string, tier: string) => number;

/** A CEL run-time error (division by zero, overflow, an absent field), with CEL's message. */
export interface EvaluationFailure {
  readonly failed: true;
  readonly message: string;
}

export function failure(message: string): EvaluationFailure {
  return { failed: true, message };
}

export function isFailure(value: unknown): value is EvaluationFailure {
  return (
    typeof value === 'object' && value !== null && (value as { failed?: unknown }).failed === true
  );
}

export interface CompiledExpression<F extends RecordPredicate | RecordPoints> {
  /** The CEL text as written in the policy. */
  readonly source: string;
  /**
   * The record fields it reads (besides `category` and `tier`), bare or on `record`, sorted; every
   * field it can see when it indexes `record` (the engine keeps exactly these as columns).
   */
  readonly fields: readonly string[];
  /** True when it runs as a closure tree; false when each call goes through cel-js. */
  readonly fast: boolean;
  /** The total form: a failure is `false` or 0 (sanction lists: an error never sanctions). */
  readonly evaluate: F;
  /** The value, or the run-time failure (a rule error on the subject, explained and counted). */
  readonly attempt: (
    fields: RecordFields,
    category: string,
    tier: string,
  ) => ReturnType<F> | EvaluationFailure;
}

/** `court.dishonest-debtor` (exact) or `court.*` (every category whose id starts with `court.`). */
export interface CategoryPattern {
  readonly text: string;
  readonly kind: 'exact' | 'prefix';
  /** The exact id, or the prefix including its final dot (`court.`). */
  readonly value: string;
}

export interface GradeBand {
  readonly grade: string;
  readonly min: number;
}

export interface CompiledRule {
  readonly id: string;
  /** Position in the policy: first match in this order wins. */
  readonly ordinal: number;
  readonly label: string | undefined;
  /** The label in other languages (`zh-CN`), where the policy gives it. */
  readonly labels?: Labels;
  readonly category: CategoryPattern;
  /** Ids of the catalogue categories the pattern matches, in catalogue order. */
  readonly categories: readonly string[];
  readonly when: CompiledExpression<RecordPredicate> | undefined;
  /** The points when they are a plain integer; undefined when `points` is an expression. */
  readonly constantPoints: number | undefined;
  /** Always set: returns the constant, or evaluates the expression. */
  readonly points: CompiledExpression<RecordPoints>;
  readonly decay: Decay;
  /** |this rule's total for a subject| <= cap, when set. */
  readonly cap: number | undefined;
}

interface ListCommon {
  readonly id: string;
  readonly ordinal: number;
  readonly label: string;
  /** The label in other languages (`zh-CN`), where the policy gives it. */
  readonly labels?: Labels;
  readonly legalBasis: string;
  readonly public: boolean;
  readonly subjects: readonly SubjectKind[];
  /**
   * Sanction lists must state one (charter C6: P0D is allowed but must be written); incentive
   * lists default to P0D, since a benefit needs no warning.
   */
  readonly noticePeriod: Duration;
}

/** Defined by record categories only (charter C5): never by a score or a grade. */
export interface SanctionList extends ListCommon {
  readonly kind: 'sanction';
  readonly include: {
    readonly categories: readonly string[];
    readonly when: CompiledExpression<RecordPredicate> | undefined;
  };
}

/** Defined by grades and a clean recent history. */
export interface IncentiveList extends ListCommon {
  readonly kind: 'incentive';
  readonly include: {
    readonly grades: readonly string[];
    /** No unrevoked adverse record with occurredAt in (t - this, t]; P0D when not given. */
    readonly noAdverseWithin: Duration;
  };
}

export type PolicyList = SanctionList | IncentiveList;

/** A joint measure; it applies to the listed subject only (charter C3: no relatives, no staff). */
export interface Measure {
  readonly id: string;
  readonly ordinal: number;
  readonly kind: MeasureKind;
  readonly label: string;
  /** The label in other languages (`zh-CN`), where the policy gives it. */
  readonly labels?: Labels;
  readonly legalBasis: string;
  /** restriction -> sanction lists; benefit -> incentive lists. */
  readonly lists: readonly string[];
  /** Agency kinds allowed to check this measure. */
  readonly enforcers: readonly string[];
}

/** What the engine needs for records of one catalogue category, precomputed once. */
export interface CategoryPlan {
  readonly category: Category;
  /** Index of the category in `catalog.categories`. */
  readonly ordinal: number;
  /** The value of CEL `tier` for this category ("" when it has none). */
  readonly tier: string;
  /** The rules whose pattern matches, in policy order; the first whose `when` holds scores. */
  readonly rules: readonly CompiledRule[];
  /** The sanction lists whose `include.categories` name this category, in policy order. */
  readonly sanctionLists: readonly SanctionList[];
}

export interface CompiledPolicy {
  readonly id: string;
  readonly version: number;
  readonly effectiveFrom: Instant | undefined;
  readonly base: Readonly<Record<SubjectKind, number>>;
  readonly bounds: { readonly min: number; readonly max: number };
  /** Highest first; the last band's min is <= bounds.min, so every score has a grade. */
  readonly grades: readonly GradeBand[];
  readonly rules: readonly CompiledRule[];
  readonly lists: readonly PolicyList[];
  readonly measures: readonly Measure[];
  readonly rulesById: ReadonlyMap<string, CompiledRule>;
  readonly listsById: ReadonlyMap<string, PolicyList>;
  readonly measuresById: ReadonlyMap<string, Measure>;
  /** For each list id, the measures that point at it, in policy order. */
  readonly measuresByList: ReadonlyMap<string, readonly Measure[]>;
  /** The catalogue this policy was compiled against. */
  readonly catalog: Catalog;
  /** One plan per catalogue category, in catalogue order (index = category ordinal). */
  readonly categoryPlans: readonly CategoryPlan[];
  readonly plansByCategory: ReadonlyMap<string, CategoryPlan>;
}
