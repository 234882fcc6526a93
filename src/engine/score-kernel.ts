// The scoring at one instant over the columns: policy.md's "Semantics at an instant t" in the
// engine's terms. `judge` settles one record (its rule and contribution at t, the sanction lists
// it qualifies the subject for, the incentive lists it blocks); `scoreSubject` walks one
// subject's records (ingest refreshes, single checks); `scoreAll` is the full rescoring: one
// sequential pass judging every record into three columns, then one pass per subject over its
// records' judgements in subject order (subject-order.ts). Nothing is allocated for a record
// without side events: its in-force test is `recordedAt <= t < until`, its rule and raw points
// come from the PolicyApplication, and rule totals accumulate in a scratch array by rule ordinal.
// A record with suspensions, objections or corrections goes through the reference record-state
// function instead, and a corrected one is re-judged on the fields in force at t.
//
// Each step mirrors src/core/scoring/subject-evaluate.ts, which the agreement tests hold it to:
// contributions are round(points × w) half away from zero, computed in integers as
// round(points × (D − d) / D) for linear decay; rule totals are capped, summed onto the base and
// clamped; a sanction list needs a record in force, of a named category, whose `when` holds, and
// whose notice has run; an incentive list needs the grade and no visible unrevoked adverse record
// with occurredAt ≤ t < occurredAt + noAdverseWithin; lists cover only the kinds they name; an
// unscorable subject has no score, grade or list.
import { recordStateAt } from '../core/scoring/record-state.js';
import { instant, MS_PER_DAY } from '../core/time/instant.js';
import type { LedgerFold } from './ledger-fold.js';
import { NO_RULE, type PolicyApplication, type RuleVerdict } from './policy-application.js';
import { FLAG_REVOKED, FLAG_SIDE } from './record-columns.js';
import { recordHistoryOf } from './subject-history.js';
import type { SubjectOrder } from './subject-order.js';
import { nextCapacity } from './growable.js';
import { roundHalfAwayFromZero, roundRatio } from '../core/scoring/index.js';

export const NO_GRADE = 255;

/** A record's contribution: round(points × w); `decays` for a linear rule. */
export function contribution(
  points: number,
  decays: boolean,
  occurredAt: number,
  effectEnd: number,
  t: number,
): number {
  if (!decays) return roundHalfAwayFromZero(points);
  const d = Math.floor((t - occurredAt) / MS_PER_DAY);
  const D = Math.floor((effectEnd - occurredAt) / MS_PER_DAY);
  if (D <= 0) return roundHalfAwayFromZero(points);
  const numerator = points * (D - d);
  return Number.isSafeInteger(points) && Number.isSafeInteger(numerator)
    ? roundRatio(numerator, D)
    : roundHalfAwayFromZero(numerator / D);
}

/**
 * Per-record judgements of a full pass (rule at t, contribution, list bits), one set per engine:
 * reused by every pass and every policy version, since allocating tens of megabytes of buffers
 * per pass would also invite full garbage collections of a heap holding millions of records.
 */
export class JudgementBuffers {
  ruleAt = new Int32Array(0);
  pointsAt = new Float64Array(0);
  bitsAt = new Uint32Array(0);

  reserve(n: number): void {
    if (n <= this.ruleAt.length) return;
    const capacity = nextCapacity(this.ruleAt.length, n);
    this.ruleAt = new Int32Array(capacity);
    this.pointsAt = new Float64Array(capacity);
    this.bitsAt = new Uint32Array(capacity);
  }
}

export interface ScoreColumns {
  readonly scores: Float64Array;
  readonly grades: Uint8Array;
  readonly lists: Uint32Array;
}

export class ScoreKernel {
  /** Results of the last `scoreSubject`. */
  score = Number.NaN;
  grade = NO_GRADE;
  lists = 0;

  // The last `judge`: the rule scoring the record at t (NO_RULE when none or not in force), its
  // contribution, and its list bits (sanction lists qualified for | incentive lists blocked).
  private jRule = NO_RULE;
  private jPoints = 0;
  private jBits = 0;
  /** The last `judge`: 1 when its rule failed on the record (a rule error, 0 points). */
  private jFailed = 0;

  // Per-subject accumulators.
  private readonly totals: Float64Array;
  private readonly touched: Int32Array;
  private touchedCount = 0;
  private bits = 0;

  private readonly verdict: RuleVerdict = { rule: NO_RULE, points: 0, sanctions: 0, failed: 0 };
  /** Per kind code: the list bits a subject of that kind can hold. */
  private readonly kindLists: Uint32Array;
  private readonly base: Float64Array;
  private readonly incentiveMask: number;

  constructor(
    private readonly ledger: LedgerFold,
    readonly app: PolicyApplication,
  ) {
    const rules = app.policy.rules.length;
    this.totals = new Float64Array(rules);
    this.touched = new Int32Array(rules);
    this.kindLists = new Uint32Array(2);
    app.policy.lists.forEach((_, ordinal) => {
      const kinds = app.listKinds[ordinal] ?? 0;
      for (let k = 0; k < 2; k += 1) {
        if ((kinds & (1 << k)) !== 0) {
          this.kindLists[k] = ((this.kindLists[k] ?? 0) | (1 << ordinal)) >>> 0;
        }
      }
    });
    this.base = Float64Array.from([app.policy.base.person, app.policy.base.organization]);
    let incentiveMask = 0;
    for (const plan of app.incentives) incentiveMask |= plan.bit;
    this.incentiveMask = incentiveMask >>> 0;
  }

  /** Scores subject `s` at t into `score`, `grade` (index in policy.grades) and `lists` (bits). */
  scoreSubject(s: number, t: number): void {
    const { subjects, records } = this.ledger;
    if (!this.scorable(s, t)) {
      this.unscorable();
      return;
    }
    this.begin();
    for (let r = subjects.head[s] ?? -1; r >= 0; r = records.next[r] ?? -1) {
      this.judge(r, t);
      this.accumulate(this.jRule, this.jPoints, this.jBits);
    }
    this.finish(s);
  }

  /** Every subject at t, into `out` (index = subject ordinal). */
  scoreAll(t: number, grouping: SubjectOrder, buffers: JudgementBuffers, out: ScoreColumns): void {
    const { subjects, records } = this.ledger;
    const n = records.count;
    buffers.reserve(n);
    const { ruleAt, pointsAt, bitsAt } = buffers;
    // `judge` inlined for the common record (no side events, no incentive window to test, no
    // sanction list): the loop reads each column sequentially and writes three.
    const app = this.app;
    const { recordedAt, until, flags, category, occurredAt, effectEnd } = records;
    const { rule: ruleCol, points: pointsCol, sanctions: sanctionsCol, ruleDecays } = app;
    const adverse = this.ledger.categories.adverse;
    const watchAdverse = app.incentives.length > 0;
    for (let r = 0; r < n; r += 1) {
      const rec = recordedAt[r] ?? 0;
      if (rec > t) {
        ruleAt[r] = NO_RULE;
        bitsAt[r] = 0;
        continue;
      }
      if (
        (flags[r] ?? 0) !== 0 ||
        (sanctionsCol[r] ?? 0) !== 0 ||
        (watchAdverse && adverse[category[r] ?? 0] === 1)
      ) {
        this.judge(r, t);
        ruleAt[r] = this.jRule;
        pointsAt[r] = this.jPoints;
        bitsAt[r] = this.jBits;
        continue;
      }
      bitsAt[r] = 0;
      const rule = ruleCol[r] ?? NO_RULE;
      if (t >= (until[r] ?? 0) || rule === NO_RULE) {
        ruleAt[r] = NO_RULE;
        continue;
      }
      ruleAt[r] = rule;
      pointsAt[r] = contribution(
        pointsCol[r] ?? 0,
        ruleDecays[rule] === 1,
        occurredAt[r] ?? 0,
        effectEnd[r] ?? 0,
        t,
      );
    }
    grouping.refresh(this.ledger);
    const { start, order } = grouping;
    const { scores, grades, lists } = out;
    for (let s = 0; s < subjects.count; s += 1) {
      if (!this.scorable(s, t)) {
        scores[s] = Number.NaN;
        grades[s] = NO_GRADE;
        lists[s] = 0;
        continue;
      }
      this.begin();
      const end = start[s + 1] ?? 0;
      for (let k = start[s] ?? 0; k < end; k += 1) {
        const r = order[k] ?? 0;
        this.accumulate(ruleAt[r] ?? NO_RULE, pointsAt[r] ?? 0, bitsAt[r] ?? 0);
      }
      this.finish(s);
      scores[s] = this.score;
      grades[s] = this.grade;
      lists[s] = this.lists;
    }
  }

  /**
   * Rule errors at t, per rule ordinal: the records in force at t, of subjects scorable at t,
   * that their rule failed on (policy.md, "Rule errors"). One pass over the columns, on demand:
   * the authority's count, the same records the explanations show as errors.
   */
  ruleErrors(t: number): Float64Array {
    const counts = new Float64Array(this.app.policy.rules.length);
    const { records } = this.ledger;
    const app = this.app;
    const { recordedAt, until, flags, subject } = records;
    for (let r = 0; r < records.count; r += 1) {
      if ((recordedAt[r] ?? 0) > t) continue;
      let rule: number;
      if (((flags[r] ?? 0) & FLAG_SIDE) !== 0) {
        this.judge(r, t);
        if (this.jFailed === 0) continue;
        rule = this.jRule;
      } else {
        if (app.failed[r] !== 1 || t >= (until[r] ?? 0)) continue;
        rule = app.rule[r] ?? NO_RULE;
      }
      if (rule === NO_RULE || !this.scorable(subject[r] ?? 0, t)) continue;
      counts[rule] = (counts[rule] ?? 0) + 1;
    }
    return counts;
  }

  /** The list bits of a subject the ledger has never mentioned (no records, no closure). */
  listsWithoutRecords(kind: number, adultFrom: number, t: number): number {
    if (t < adultFrom) return 0;
    const app = this.app;
    const { min, max } = app.policy.bounds;
    const score = Math.min(max, Math.max(min, this.base[kind] ?? 0));
    const grade = app.gradeIndex(score);
    let lists = 0;
    for (const plan of app.incentives) if (plan.grades[grade] === 1) lists |= plan.bit;
    return (lists & (this.kindLists[kind] ?? 0)) >>> 0;
  }

  private scorable(s: number, t: number): boolean {
    const subjects = this.ledger.subjects;
    return (subjects.closedFrom[s] ?? Infinity) > t && t >= (subjects.adultFrom[s] ?? Infinity);
  }

  /** Judges record r at t into jRule, jPoints, jBits. */
  private judge(r: number, t: number): void {
    const { records, categories, side } = this.ledger;
    const app = this.app;
    this.jRule = NO_RULE;
    this.jPoints = 0;
    this.jBits = 0;
    this.jFailed = 0;
    const recordedAt = records.recordedAt[r] ?? 0;
    if (recordedAt > t) return;
    const flags = records.flags[r] ?? 0;
    const entryOrdinal = records.category[r] ?? 0;
    const occurredAt = records.occurredAt[r] ?? 0;
    let inForce: boolean;
    let revoked: boolean;
    let rule = app.rule[r] ?? NO_RULE;
    let points = app.points[r] ?? 0;
    let sanctions = app.sanctions[r] ?? 0;
    let failed = app.failed[r] ?? 0;
    if ((flags & FLAG_SIDE) !== 0) {
      const category = categories.entry(entryOrdinal).category;
      if (category === undefined) return;
      const state = recordStateAt(recordHistoryOf(this.ledger, r), category, instant(t));
      inForce = state.status.inForce;
      revoked = state.revoked;
      if (inForce && state.fields !== records.fields[r]) {
        app.verdictFor(categories, entryOrdinal, state.fields, this.verdict);
        rule = this.verdict.rule;
        points = this.verdict.points;
        sanctions = this.verdict.sanctions;
        failed = this.verdict.failed;
      }
    } else {
      inForce = t < (records.until[r] ?? 0);
      revoked = (flags & FLAG_REVOKED) !== 0 && side.revokedFrom(r) <= t;
    }
    let bits = 0;
    if (categories.adverse[entryOrdinal] === 1 && !revoked && occurredAt <= t) {
      for (const plan of app.incentives) {
        // Blocked when occurredAt <= t < windowEnd(occurredAt); the bounds settle most cases.
        if (occurredAt + plan.windowUpper <= t) continue;
        if (occurredAt + plan.windowLower > t || t < plan.windowEnd(occurredAt)) bits |= plan.bit;
      }
    }
    if (inForce) {
      if (rule !== NO_RULE) {
        this.jRule = rule;
        this.jFailed = failed;
        this.jPoints = contribution(
          points,
          app.ruleDecays[rule] === 1,
          occurredAt,
          records.effectEnd[r] ?? 0,
          t,
        );
      }
      let m = sanctions;
      while (m !== 0) {
        const low = m & -m;
        m ^= low;
        if (t >= (app.noticeEnd[31 - Math.clz32(low)]?.(recordedAt) ?? Infinity)) bits |= low;
      }
    }
    this.jBits = bits >>> 0;
  }

  private begin(): void {
    this.touchedCount = 0;
    this.bits = 0;
  }

  private accumulate(rule: number, points: number, bits: number): void {
    this.bits |= bits;
    if (rule === NO_RULE) return;
    const touched = this.touched;
    const count = this.touchedCount;
    for (let i = 0; i < count; i += 1) {
      if (touched[i] === rule) {
        this.totals[rule] = (this.totals[rule] ?? 0) + points;
        return;
      }
    }
    touched[count] = rule;
    this.touchedCount = count + 1;
    this.totals[rule] = points;
  }

  /** Caps, base, bounds, grade and lists of subject s from the accumulators. */
  private finish(s: number): void {
    const app = this.app;
    const kind = this.ledger.subjects.kind[s] ?? 0;
    let unclamped = this.base[kind] ?? 0;
    for (let i = 0; i < this.touchedCount; i += 1) {
      const rule = this.touched[i] ?? 0;
      const cap = app.ruleCap[rule] ?? Infinity;
      unclamped += Math.max(-cap, Math.min(cap, this.totals[rule] ?? 0));
    }
    const { min, max } = app.policy.bounds;
    const score = Math.min(max, Math.max(min, unclamped));
    const grade = app.gradeIndex(score);
    const blocked = this.bits & this.incentiveMask;
    let lists = this.bits & app.sanctionMask;
    for (const plan of app.incentives) {
      if ((blocked & plan.bit) === 0 && plan.grades[grade] === 1) lists |= plan.bit;
    }
    this.score = score;
    this.grade = grade;
    this.lists = (lists & (this.kindLists[kind] ?? 0)) >>> 0;
  }

  private unscorable(): void {
    this.score = Number.NaN;
    this.grade = NO_GRADE;
    this.lists = 0;
  }
}
