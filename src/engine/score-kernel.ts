// The scoring at one instant over the columns: policy.md's "Semantics at an instant t" in the
// engine's terms. `judge` settles one record (its rule and contribution at t, the sanction lists
// it qualifies the subject for, the incentive lists it blocks); `scoreSubject` walks one
// subject's records (ingest refreshes, single checks); `scoreAll` is the full rescoring: one
// walk over the subjects that judges and accumulates their records from a subject-ordered mirror
// of the columns it reads (subject-order.ts), so that memory is read sequentially. Nothing is allocated for a record
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
import { roundHalfAwayFromZero, roundRatio } from '../core/scoring/index.js';

export const NO_GRADE = 255;

const ENTRY_UNKNOWN = 0;
const ENTRY_CONSTANT = 1;
const ENTRY_VARIES = 2;
/** Mirrored records per chunk of the full pass (its verdict buffers stay in the L2 cache). */
const CHUNK = 4096;

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

  // Per category entry (CategoryTable ordinal), for the full pass: whether every record of the
  // entry gets the same verdict under this policy (ENTRY_CONSTANT) and if so that verdict, so the
  // pass reads it here instead of from the application's columns by record index.
  private readonly entryState = new Uint8Array(0x10000);
  private readonly entryRule = new Int32Array(0x10000);
  private readonly entryPoints = new Float64Array(0x10000);
  private readonly entrySanctions = new Uint32Array(0x10000);
  // The application's verdicts of one chunk of the mirror (see scoreAll), by k - kFrom.
  private chunkRule = new Int32Array(CHUNK);
  private chunkPoints = new Float64Array(CHUNK);
  private chunkSanctions = new Uint32Array(CHUNK);
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

  /**
   * Every subject at t, into `out` (index = subject ordinal): one walk over the subject-ordered
   * mirror (subject-order.ts), so every column is read sequentially. The verdicts of records whose
   * category's verdict depends on their fields are read from the application's columns by record
   * index: a chunk of a few thousand mirrored records at a time, in a tight loop of its own so the
   * processor can have many of those scattered reads in flight, before the chunk's subjects are
   * scored from it. Records appended since the grouping was built are judged per subject from
   * its tail grouping.
   */
  scoreAll(t: number, grouping: SubjectOrder, out: ScoreColumns): void {
    const { subjects, categories } = this.ledger;
    grouping.refresh(this.ledger);
    for (let e = 0; e < categories.entries.length; e += 1) {
      if (this.entryState[e] === ENTRY_UNKNOWN) this.learnEntry(e);
    }
    const { start, builtSubjects } = grouping;
    const count = subjects.count;
    let s = 0;
    while (s < count) {
      // The chunk: subjects s .. s1-1, whose mirrored records are kFrom .. kTo-1.
      let s1 = s + 1;
      let kFrom = 0;
      let kTo = 0;
      if (s < builtSubjects) {
        kFrom = start[s] ?? 0;
        while (s1 < builtSubjects && (start[s1] ?? 0) - kFrom < CHUNK) s1 += 1;
        kTo = start[s1] ?? 0;
        this.gatherVerdicts(t, grouping, kFrom, kTo);
      } else {
        s1 = count;
      }
      for (; s < s1; s += 1) this.scoreMirrored(s, t, grouping, kFrom, out);
    }
  }

  /** Fills the chunk buffers with the application's verdicts for records kFrom..kTo-1 that need them. */
  private gatherVerdicts(t: number, grouping: SubjectOrder, kFrom: number, kTo: number): void {
    const size = kTo - kFrom;
    if (this.chunkRule.length < size) {
      this.chunkRule = new Int32Array(size);
      this.chunkPoints = new Float64Array(size);
      this.chunkSanctions = new Uint32Array(size);
    }
    const { chunkRule, chunkPoints, chunkSanctions, entryState } = this;
    const { rule, points, sanctions } = this.app;
    const { order, category, until, recordedAt } = grouping;
    for (let k = kFrom; k < kTo; k += 1) {
      if (
        entryState[category[k] ?? 0] !== ENTRY_VARIES ||
        t >= (until[k] ?? 0) ||
        (recordedAt[k] ?? 0) > t
      ) {
        continue;
      }
      const r = order[k] ?? 0;
      const c = k - kFrom;
      chunkRule[c] = rule[r] ?? NO_RULE;
      chunkPoints[c] = points[r] ?? 0;
      chunkSanctions[c] = sanctions[r] ?? 0;
    }
  }

  /** Scores subject s at t into `out` from the mirror (chunk starting at kFrom) and the tail. */
  private scoreMirrored(
    s: number,
    t: number,
    grouping: SubjectOrder,
    kFrom: number,
    out: ScoreColumns,
  ): void {
    if (!this.scorable(s, t)) {
      out.scores[s] = Number.NaN;
      out.grades[s] = NO_GRADE;
      out.lists[s] = 0;
      return;
    }
    this.begin();
    if (s < grouping.builtSubjects) {
      const { recordedAt, until, flags, category, occurredAt, effectEnd, order } = grouping;
      const { chunkRule, chunkPoints, chunkSanctions } = this;
      const { entryState, entryRule, entryPoints, entrySanctions } = this;
      const ruleDecays = this.app.ruleDecays;
      const adverse = this.ledger.categories.adverse;
      const side = this.ledger.side;
      const watchAdverse = this.app.incentives.length > 0;
      const end = grouping.start[s + 1] ?? 0;
      for (let k = grouping.start[s] ?? 0; k < end; k += 1) {
        const rec = recordedAt[k] ?? 0;
        if (rec > t) continue;
        const f = flags[k] ?? 0;
        if ((f & FLAG_SIDE) !== 0) {
          this.judge(order[k] ?? 0, t);
          this.accumulate(this.jRule, this.jPoints, this.jBits);
          continue;
        }
        // `judge` for a record without side events, on the mirrored columns.
        const entry = category[k] ?? 0;
        const occurred = occurredAt[k] ?? 0;
        let bits = 0;
        if (
          watchAdverse &&
          adverse[entry] === 1 &&
          occurred <= t &&
          !((f & FLAG_REVOKED) !== 0 && side.revokedFrom(order[k] ?? 0) <= t)
        ) {
          bits = this.incentivesBlocked(occurred, t);
        }
        if (t >= (until[k] ?? 0)) {
          if (bits !== 0) this.accumulate(NO_RULE, 0, bits);
          continue;
        }
        // The verdict: the category's when it is the same for every record, else the record's.
        let rule: number;
        let points: number;
        let sanctions: number;
        if (entryState[entry] === ENTRY_CONSTANT) {
          rule = entryRule[entry] ?? NO_RULE;
          points = entryPoints[entry] ?? 0;
          sanctions = entrySanctions[entry] ?? 0;
        } else {
          const c = k - kFrom;
          rule = chunkRule[c] ?? NO_RULE;
          points = chunkPoints[c] ?? 0;
          sanctions = chunkSanctions[c] ?? 0;
        }
        if (sanctions !== 0) bits |= this.sanctionsQualified(sanctions, rec, t);
        this.accumulate(
          rule,
          rule === NO_RULE
            ? 0
            : contribution(points, ruleDecays[rule] === 1, occurred, effectEnd[k] ?? 0, t),
          bits >>> 0,
        );
      }
    }
    if (grouping.tailRecords > grouping.builtRecords && s < grouping.tailStart.length - 1) {
      const { tailStart, tailOrder } = grouping;
      const end = tailStart[s + 1] ?? 0;
      for (let k = tailStart[s] ?? 0; k < end; k += 1) {
        this.judge(tailOrder[k] ?? 0, t);
        this.accumulate(this.jRule, this.jPoints, this.jBits);
      }
    }
    this.finish(s);
    out.scores[s] = this.score;
    out.grades[s] = this.grade;
    out.lists[s] = this.lists;
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
      const history = recordHistoryOf(this.ledger, r);
      const state = recordStateAt(history, category, instant(t));
      inForce = state.status.inForce;
      revoked = state.revoked;
      // Corrected fields are another object than the record's own (record-state.ts, fieldsIn).
      if (inForce && state.fields !== history.record.fields) {
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
      bits = this.incentivesBlocked(occurredAt, t);
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
      if (sanctions !== 0) bits |= this.sanctionsQualified(sanctions, recordedAt, t);
    }
    this.jBits = bits >>> 0;
  }

  /**
   * Settles whether category entry `e` has one verdict for all its records: its first candidate
   * rule has no `when` and constant points (or it has no rule) and none of its sanction lists
   * has a `when` (the test PolicyApplication's per-category plan makes); the verdict is then
   * that rule and its points, and every sanction list of the category.
   */
  private learnEntry(e: number): number {
    const entry = this.ledger.categories.entry(e);
    const plan =
      entry.category === undefined ? undefined : this.app.policy.plansByCategory.get(entry.id);
    const first = plan?.rules[0];
    const constant =
      (first === undefined || (first.when === undefined && first.constantPoints !== undefined)) &&
      (plan?.sanctionLists ?? []).every((l) => l.include.when === undefined);
    if (!constant) {
      this.entryState[e] = ENTRY_VARIES;
      return ENTRY_VARIES;
    }
    let sanctions = 0;
    for (const l of plan?.sanctionLists ?? []) sanctions |= 1 << l.ordinal;
    this.entryRule[e] = first?.ordinal ?? NO_RULE;
    this.entryPoints[e] = first?.constantPoints ?? 0;
    this.entrySanctions[e] = sanctions >>> 0;
    this.entryState[e] = ENTRY_CONSTANT;
    return ENTRY_CONSTANT;
  }

  /** The incentive lists an unrevoked adverse record that occurred at `occurredAt` blocks at t. */
  private incentivesBlocked(occurredAt: number, t: number): number {
    let bits = 0;
    for (const plan of this.app.incentives) {
      // Blocked when occurredAt <= t < windowEnd(occurredAt); the bounds settle most cases.
      if (occurredAt + plan.windowUpper <= t) continue;
      if (occurredAt + plan.windowLower > t || t < plan.windowEnd(occurredAt)) bits |= plan.bit;
    }
    return bits;
  }

  /** Of the sanction lists a record in force qualifies for, those whose notice has run at t. */
  private sanctionsQualified(sanctions: number, recordedAt: number, t: number): number {
    const noticeEnd = this.app.noticeEnd;
    let bits = 0;
    let m = sanctions;
    while (m !== 0) {
      const low = m & -m;
      m ^= low;
      if (t >= (noticeEnd[31 - Math.clz32(low)]?.(recordedAt) ?? Infinity)) bits |= low;
    }
    return bits;
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
