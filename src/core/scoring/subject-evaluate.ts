// The reference evaluator: policy.md's "Semantics at an instant t" written as plainly as possible,
// for one subject from its own history only (charter C3). The columnar engine is tested for
// agreement against it, so every step follows a clause of the spec, in the spec's words, and
// clarity wins over speed (the cost is linear in the subject's records and events, except for the
// walk back that finds a list entry's `since`).
//
// Decisions where the spec is silent (each also in the report that introduced this file):
//  - A record is seen at t only once recorded (recordedAt ≤ t); a record not yet recorded appears
//    nowhere in the evaluation, not even in `notInForce`, so an answer for t never leaks later
//    entries. Events follow record-state.ts (visible when both `at` and `recordedAt` are ≤ t).
//  - A subject that is not scorable at t has an empty explanation: no contributions, rule totals,
//    notInForce entries, lists or measures; `scorable: false` is the whole answer.
//  - A person without a birth date cannot be shown to be an adult, so is not scorable (C4).
//  - A record whose category `categoryOf` does not know is ignored entirely.
//  - A list applies only to the subject kinds it names in `subjects`.
//  - `t − noAdverseWithin < occurredAt` is read as `t < occurredAt + noAdverseWithin`: the spec
//    defines only the addition of calendar durations, and this keeps the window counted from the
//    conduct, like effectEnd.
//  - Linear decay with D = 0 (an effect shorter than a day) has w = 1. round(points × w) is
//    computed as round(points × (D − d) / D), exactly in integers when points is an integer, so
//    a tie such as −2.5 is a tie and never 2.4999….
//  - Incentive `since` is exact: the walk back visits every instant where anything can change,
//    including each day boundary of every linearly decaying record. It is floored at the policy's
//    effectiveFrom (a benefit list exists only from the version that defines it); a membership
//    that holds before every such instant, under a policy without effectiveFrom, starts at the
//    epoch. Sanction `since` is not floored: it is anchored on the records and their notice.
import type { Category } from '../catalog/index.js';
import type { LedgerRecord } from '../ledger/ledger-types.js';
import {
  candidateRules,
  gradeFor,
  ruleMatch,
  sanctionListAccepts,
  type CompiledPolicy,
  type CompiledRule,
  type IncentiveList,
  type RuleMatch,
  type PolicyList,
  type SanctionList,
} from '../policy/index.js';
import { adultFrom } from '../subjects/adulthood.js';
import { addDuration } from '../time/duration.js';
import { formatInstant, instant, MS_PER_DAY, type Instant } from '../time/instant.js';
import type {
  Contribution,
  ListReason,
  MeasureInEffect,
  NotInForceReason,
  RecordHistory,
  RuleTotal,
  SubjectEvaluation,
  SubjectHistory,
} from './evaluation-types.js';
import {
  effectEndOf,
  recordChangeInstants,
  recordStateAt,
  repairFromOf,
  uniqueAscending,
  type RecordState,
} from './record-state.js';

// ---- Subjects ----------------------------------------------------------------------------------

/** A person's 18th birthday (birth date + P18Y in the UTC calendar); undefined otherwise. */
export function adulthoodOf(history: SubjectHistory): Instant | undefined {
  if (history.kind !== 'person' || history.birthDate === undefined) return undefined;
  return adultFrom(history.birthDate);
}

/** Whether the subject's death or dissolution is visible at t (it happened and was recorded). */
export function isClosedAt(history: SubjectHistory, t: Instant): boolean {
  const closure = history.closure;
  return closure !== undefined && closure.at <= t && closure.recordedAt <= t;
}

/** Persons: adult and not deceased at t; organisations: not dissolved at t (charter C4). */
export function isScorable(history: SubjectHistory, t: Instant): boolean {
  if (isClosedAt(history, t)) return false;
  if (history.kind === 'organization') return true;
  const adulthood = adulthoodOf(history);
  return adulthood !== undefined && t >= adulthood;
}

// ---- Records -----------------------------------------------------------------------------------

/** A record with what the policy says about its category, resolved once per evaluation. */
interface Considered {
  readonly history: RecordHistory;
  readonly record: LedgerRecord;
  readonly category: Category;
  /** The CEL `tier`: the category's tier, or "" for a favourable category. */
  readonly tier: string;
  /** Candidate rules in policy order (the first whose `when` holds scores the record). */
  readonly rules: readonly CompiledRule[];
  readonly effectEnd: Instant;
}

function consider(
  history: SubjectHistory,
  policy: CompiledPolicy,
  categoryOf: (record: LedgerRecord) => Category | undefined,
): Considered[] {
  const out: Considered[] = [];
  for (const rh of history.records) {
    const category = categoryOf(rh.record);
    if (category === undefined) continue;
    out.push({
      history: rh,
      record: rh.record,
      category,
      tier: category.tier ?? '',
      rules: candidateRules(policy, category.id),
      effectEnd: effectEndOf(rh.record, category),
    });
  }
  return out;
}

interface RecordAt {
  readonly considered: Considered;
  readonly state: RecordState;
}

function statesAt(records: readonly Considered[], t: Instant): RecordAt[] {
  return records.map((considered) => ({
    considered,
    state: recordStateAt(considered.history, considered.category, t),
  }));
}

// ---- Score -------------------------------------------------------------------------------------

/** Rounds half away from zero (2.5 → 3, −2.5 → −3), never giving −0. */
export function roundHalfAwayFromZero(x: number): number {
  const r = x < 0 ? -Math.round(-x) : Math.round(x);
  return r + 0;
}

/** round(n / d) half away from zero, exactly, for integers n and d > 0. */
export function roundRatio(n: number, d: number): number {
  const a = Math.abs(n);
  let q = Math.floor(a / d);
  const r = a - q * d;
  if (2 * r >= d) q += 1;
  return (n < 0 ? -q : q) + 0;
}

/** The contribution of a record a rule scores: round(points × w), with w from the rule's decay. */
export function weighedPoints(
  points: number,
  rule: CompiledRule,
  occurredAt: Instant,
  effectEnd: Instant,
  t: Instant,
): { readonly points: number; readonly weight: number } {
  if (rule.decay === 'none') return { points: roundHalfAwayFromZero(points), weight: 1 };
  // Whole days: the floor of elapsed milliseconds over 86 400 000.
  const d = Math.floor((t - occurredAt) / MS_PER_DAY);
  const D = Math.floor((effectEnd - occurredAt) / MS_PER_DAY);
  if (D <= 0) return { points: roundHalfAwayFromZero(points), weight: 1 };
  const weight = 1 - d / D;
  const numerator = points * (D - d);
  const exact = Number.isSafeInteger(points) && Number.isSafeInteger(numerator);
  return {
    points: exact ? roundRatio(numerator, D) : roundHalfAwayFromZero(numerator / D),
    weight,
  };
}

interface Score {
  readonly contributions: Contribution[];
  readonly ruleTotals: RuleTotal[];
  readonly unclamped: number;
  readonly score: number;
}

function contributionOf(r: RecordAt, match: RuleMatch | undefined, t: Instant): Contribution {
  const { considered, state } = r;
  const { record, category } = considered;
  const rule = match?.rule;
  const scored =
    match === undefined || match.error !== undefined
      ? { points: 0, weight: 1 }
      : weighedPoints(match.points, match.rule, record.occurredAt, considered.effectEnd, t);
  const repairFrom = repairFromOf(record, category);
  return {
    recordId: record.id,
    category: category.id,
    occurredAt: formatInstant(record.occurredAt),
    rule: rule?.id ?? null,
    points: scored.points,
    weight: scored.weight,
    outlook: {
      endsWhenFulfilled: category.effect.endsWhenFulfilled && !state.fulfilled,
      effectEnd: formatInstant(considered.effectEnd),
      repairFrom: repairFrom === undefined ? null : formatInstant(repairFrom),
    },
    ...(match?.error !== undefined ? { error: match.error } : {}),
  };
}

/** The score clause: first matching rule per in-force record, caps per rule, then the bounds. */
function scoreOf(
  records: readonly RecordAt[],
  policy: CompiledPolicy,
  base: number,
  t: Instant,
): Score {
  const contributions: Contribution[] = [];
  const totals = new Map<CompiledRule, number>();
  for (const r of records) {
    if (!r.state.status.inForce) continue;
    const { category, tier, rules } = r.considered;
    const match = ruleMatch(rules, r.state.fields, category.id, tier);
    const contribution = contributionOf(r, match, t);
    contributions.push(contribution);
    const rule = match?.rule;
    if (rule !== undefined) totals.set(rule, (totals.get(rule) ?? 0) + contribution.points);
  }
  const ruleTotals: RuleTotal[] = [...totals.entries()]
    .sort(([a], [b]) => a.ordinal - b.ordinal)
    .map(([rule, total]) => ({
      rule: rule.id,
      total,
      capped: rule.cap === undefined ? total : Math.max(-rule.cap, Math.min(rule.cap, total)),
    }));
  const unclamped = ruleTotals.reduce((sum, rt) => sum + rt.capped, base);
  const score = Math.min(policy.bounds.max, Math.max(policy.bounds.min, unclamped));
  return { contributions, ruleTotals, unclamped, score };
}

// ---- Lists -------------------------------------------------------------------------------------

function coversKind(list: PolicyList, history: SubjectHistory): boolean {
  return list.subjects.includes(history.kind);
}

/**
 * The records that put the subject on sanction list L at t: in force, of a category L names,
 * L's `when` holding on the fields at t, and L's notice period run out since acceptance (C6).
 */
function sanctionQualifying(
  list: SanctionList,
  records: readonly RecordAt[],
  t: Instant,
): RecordAt[] {
  return records.filter(({ considered, state }) => {
    const { record, category, tier } = considered;
    return (
      state.status.inForce &&
      list.include.categories.includes(category.id) &&
      sanctionListAccepts(list, state.fields, category.id, tier) &&
      t >= addDuration(record.recordedAt, list.noticePeriod)
    );
  });
}

function sanctionMemberAt(
  list: SanctionList,
  history: SubjectHistory,
  relevant: readonly Considered[],
  t: Instant,
): boolean {
  return isScorable(history, t) && sanctionQualifying(list, statesAt(relevant, t), t).length > 0;
}

/**
 * The earliest instant of the current unbroken membership. Membership depends on t only through
 * comparisons `t ≥ c` with the change instants c of the records L names, their notice ends and
 * the subject's 18th birthday, so it is constant between consecutive such instants: walk back
 * over them while the subject is still a member.
 */
function sanctionSince(
  list: SanctionList,
  history: SubjectHistory,
  records: readonly Considered[],
  t: Instant,
): Instant {
  const relevant = records.filter((c) => list.include.categories.includes(c.category.id));
  const candidates: number[] = [];
  const adulthood = adulthoodOf(history);
  if (adulthood !== undefined) candidates.push(adulthood);
  for (const c of relevant) {
    candidates.push(...recordChangeInstants(c.history, c.category));
    candidates.push(addDuration(c.record.recordedAt, list.noticePeriod));
  }
  return walkBack(candidates, t, undefined, (c) => sanctionMemberAt(list, history, relevant, c));
}

/**
 * No adverse record of the subject that is visible and not revoked at t has occurredAt in
 * (t − W, t], read as occurredAt ≤ t < occurredAt + W.
 */
function noRecentAdverse(list: IncentiveList, records: readonly RecordAt[], t: Instant): boolean {
  return !records.some(({ considered, state }) => {
    const { record, category } = considered;
    return (
      category.polarity === 'adverse' &&
      record.recordedAt <= t &&
      !state.revoked &&
      record.occurredAt <= t &&
      t < addDuration(record.occurredAt, list.include.noAdverseWithin)
    );
  });
}

function incentiveMemberAt(
  list: IncentiveList,
  history: SubjectHistory,
  policy: CompiledPolicy,
  records: readonly Considered[],
  t: Instant,
): boolean {
  if (!isScorable(history, t)) return false;
  const states = statesAt(records, t);
  if (!noRecentAdverse(list, states, t)) return false;
  const score = scoreOf(states, policy, policy.base[history.kind], t).score;
  return list.include.grades.includes(gradeFor(policy.grades, score));
}

/**
 * Like sanctionSince, over every instant where the score, the grade or the adverse window can
 * change: the records' change instants, each adverse record's occurredAt and window end, the 18th
 * birthday, and each whole-day boundary (occurredAt + k days) at which a record that some linear
 * rule may score is visible and before its effect end.
 */
function incentiveSince(
  list: IncentiveList,
  history: SubjectHistory,
  policy: CompiledPolicy,
  records: readonly Considered[],
  t: Instant,
): Instant {
  const candidates: number[] = [];
  const adulthood = adulthoodOf(history);
  if (adulthood !== undefined) candidates.push(adulthood);
  for (const c of records) {
    const { record, category } = c;
    candidates.push(...recordChangeInstants(c.history, category));
    if (category.polarity === 'adverse') {
      candidates.push(record.occurredAt);
      candidates.push(addDuration(record.occurredAt, list.include.noAdverseWithin));
    }
    if (c.rules.some((rule) => rule.decay === 'linear')) {
      const last = Math.min(c.effectEnd - 1, t);
      for (let b = record.occurredAt + MS_PER_DAY; b <= last; b += MS_PER_DAY) {
        if (b > record.recordedAt) candidates.push(b);
      }
    }
  }
  return walkBack(candidates, t, policy.effectiveFrom, (c) =>
    incentiveMemberAt(list, history, policy, records, c),
  );
}

/**
 * Walks back from t over the candidate instants (membership is constant from each to the next)
 * and returns the earliest one from which the subject has been a member without a break. The
 * caller knows the subject is a member at t. With a floor, no instant before it is visited and
 * the floor itself is the answer when membership reaches back to it; without one, a membership
 * that holds even before the earliest candidate starts at the epoch.
 */
function walkBack(
  candidates: readonly number[],
  t: Instant,
  floor: Instant | undefined,
  memberAt: (c: Instant) => boolean,
): Instant {
  const lower = floor ?? -Infinity;
  const visit = uniqueAscending(
    [...candidates, ...(floor === undefined ? [] : [floor])].filter((c) => c <= t && c >= lower),
  ).reverse();
  let since: Instant = t;
  for (const c of visit) {
    if (!memberAt(c)) return since;
    since = c;
  }
  if (floor !== undefined) return since;
  // Nothing changes before the earliest candidate: membership there is membership for ever.
  const earliest = visit[visit.length - 1];
  if (earliest === undefined) return instant(0);
  return memberAt(instant(earliest - 1)) ? instant(0) : since;
}

function sanctionReason(
  list: SanctionList,
  qualifying: readonly RecordAt[],
  since: Instant,
): ListReason {
  const until = Math.max(...qualifying.map((r) => r.considered.effectEnd));
  return {
    list: list.id,
    kind: 'sanction',
    label: list.label,
    legalBasis: list.legalBasis,
    since: formatInstant(since),
    until: formatInstant(instant(until)),
    records: qualifying.map((r) => r.considered.record.id),
  };
}

function incentiveReason(list: IncentiveList, since: Instant): ListReason {
  return {
    list: list.id,
    kind: 'incentive',
    label: list.label,
    legalBasis: list.legalBasis,
    since: formatInstant(since),
    until: null,
    records: [],
  };
}

// ---- Measures ----------------------------------------------------------------------------------

/** Every measure with at least one list of the subject of the matching kind, with those lists. */
function measuresInEffect(policy: CompiledPolicy, lists: readonly ListReason[]): MeasureInEffect[] {
  const member = new Map(lists.map((l) => [l.list, l.kind]));
  const out: MeasureInEffect[] = [];
  for (const measure of policy.measures) {
    const wanted = measure.kind === 'restriction' ? 'sanction' : 'incentive';
    const through = measure.lists.filter((id) => member.get(id) === wanted);
    if (through.length === 0) continue;
    out.push({
      measure: measure.id,
      kind: measure.kind,
      label: measure.label,
      legalBasis: measure.legalBasis,
      lists: through,
    });
  }
  return out;
}

// ---- The evaluation ----------------------------------------------------------------------------

/** score(s, t) with its explanation (policy.md, "Explanation"; charter C12). */
export function evaluateSubject(
  history: SubjectHistory,
  policy: CompiledPolicy,
  categoryOf: (record: LedgerRecord) => Category | undefined,
  t: Instant,
): SubjectEvaluation {
  const header = {
    subject: history.key,
    kind: history.kind,
    at: formatInstant(t),
    policy: policy.id,
    policyVersion: policy.version,
  };
  if (!isScorable(history, t)) {
    return {
      ...header,
      scorable: false,
      score: null,
      grade: null,
      base: null,
      contributions: [],
      ruleTotals: [],
      unclamped: null,
      clamped: false,
      notInForce: [],
      lists: [],
      measures: [],
    };
  }

  const records = consider(history, policy, categoryOf);
  const states = statesAt(records, t);
  const base = policy.base[history.kind];
  const { contributions, ruleTotals, unclamped, score } = scoreOf(states, policy, base, t);
  const grade = gradeFor(policy.grades, score);

  const notInForce: { recordId: number; category: string; reason: NotInForceReason }[] = [];
  for (const { considered, state } of states) {
    if (state.status.inForce || state.status.reason === 'not-yet-recorded') continue;
    notInForce.push({
      recordId: considered.record.id,
      category: considered.category.id,
      reason: state.status.reason,
    });
  }

  const lists: ListReason[] = [];
  for (const list of policy.lists) {
    if (!coversKind(list, history)) continue;
    if (list.kind === 'sanction') {
      const qualifying = sanctionQualifying(list, states, t);
      if (qualifying.length === 0) continue;
      lists.push(sanctionReason(list, qualifying, sanctionSince(list, history, records, t)));
    } else {
      const member = list.include.grades.includes(grade) && noRecentAdverse(list, states, t);
      if (!member) continue;
      lists.push(incentiveReason(list, incentiveSince(list, history, policy, records, t)));
    }
  }

  return {
    ...header,
    scorable: true,
    score,
    grade,
    base,
    contributions,
    ruleTotals,
    unclamped,
    clamped: unclamped !== score,
    notInForce,
    lists,
    measures: measuresInEffect(policy, lists),
  };
}
