// Checks for "now". `prepare` scores every subject once at an instant and keeps, per subject, the
// Uint32 bitset of the lists it is on and the window on which those bits hold: until the
// subject's own next transition (transition-schedule.ts), or, for restriction checks, which read
// sanction lists only, until its next sanction-list transition; every window ends at the next
// policy version. Inside its window a check is a Map lookup from identifier to ordinal and a bit
// test against the measure's lists; past it, the engine scores that one subject at t. Windows are
// per subject because at city scale some record changes every few seconds, while a given
// subject's answer stays put for days. An ingest re-scores only the subjects it touched, at the
// prepared instant, with their new windows. The reasons of a deny (or of an eligible answer) come
// from the reference evaluator and are cached per subject, since nothing they contain (since,
// until, records) can change inside its window.
import type { CheckResult, SubjectEvaluation } from '../core/scoring/evaluation-types.js';
import { grown, nextCapacity } from './growable.js';
import type { LedgerFold } from './ledger-fold.js';
import type { ScoreKernel } from './score-kernel.js';
import { nextSubjectTransition, subjectTransitions } from './transition-schedule.js';

export class CheckIndex {
  /** The prepared instant, and the next policy version's effectiveFrom after it. */
  readonly at: number;
  readonly policyUntil: number;
  bits: Uint32Array;
  /** Per subject: its bits hold on [at, until[s]), its sanction bits on [at, sanctionsUntil[s]). */
  until: Float64Array;
  sanctionsUntil: Float64Array;
  private readonly evaluations = new Map<number, SubjectEvaluation>();
  /** Per subject, its checks' answers by measure id, made from its cached evaluation. */
  private readonly results = new Map<number, Map<string, CheckResult>>();

  constructor(
    private readonly ledger: LedgerFold,
    readonly kernel: ScoreKernel,
    at: number,
    policyUntil: number,
    lists: Uint32Array,
  ) {
    this.at = at;
    this.policyUntil = policyUntil;
    const capacity = nextCapacity(0, ledger.subjects.count);
    this.bits = new Uint32Array(capacity);
    this.bits.set(lists);
    this.until = new Float64Array(capacity);
    this.sanctionsUntil = new Float64Array(capacity);
    subjectTransitions(ledger, kernel.app, at, this.until, this.sanctionsUntil);
  }

  /** Whether t falls in the prepared instant's policy version (and not before the instant). */
  coversPolicy(t: number): boolean {
    return t >= this.at && t < this.policyUntil;
  }

  /** Whether subject s's bits answer at t (`sanctionsOnly` for a restriction measure). */
  covers(s: number, t: number, sanctionsOnly: boolean): boolean {
    const until = sanctionsOnly ? this.sanctionsUntil[s] : this.until[s];
    return t >= this.at && t < Math.min(until ?? 0, this.policyUntil);
  }

  /** The earliest end of any subject's window: [at, validUntil) holds for every answer. */
  validUntil(sanctionsOnly: boolean): number {
    const until = sanctionsOnly ? this.sanctionsUntil : this.until;
    let least = this.policyUntil;
    for (let s = 0; s < this.ledger.subjects.count; s += 1) {
      const u = until[s] ?? Infinity;
      if (u < least) least = u;
    }
    return least;
  }

  /** Re-scores the subjects an ingest touched, at the prepared instant, with their new windows. */
  refresh(dirty: readonly number[]): void {
    const count = this.ledger.subjects.count;
    if (count > this.bits.length) {
      const capacity = nextCapacity(this.bits.length, count);
      this.bits = grown(this.bits, capacity);
      this.until = grown(this.until, capacity);
      this.sanctionsUntil = grown(this.sanctionsUntil, capacity);
    }
    const kernel = this.kernel;
    for (const s of dirty) {
      kernel.scoreSubject(s, this.at);
      this.bits[s] = kernel.lists;
      this.evaluations.delete(s);
      this.results.delete(s);
      const next = nextSubjectTransition(this.ledger, kernel.app, s, this.at);
      this.until[s] = next.next;
      this.sanctionsUntil[s] = next.nextForSanctions;
    }
  }

  /** The cached evaluation of subject s (for reasons), computed by `make` on first use. */
  evaluation(s: number, make: () => SubjectEvaluation): SubjectEvaluation {
    let evaluation = this.evaluations.get(s);
    if (evaluation === undefined) {
      evaluation = make();
      this.evaluations.set(s, evaluation);
    }
    return evaluation;
  }

  /**
   * The cached answer of subject s to a measure, computed by `make` on first use: inside the
   * window it is the same answer every time (its `at` aside, which the caller sets), and building
   * its reasons was a tenth of the checks bench's time at S with a twentieth of the checks denied.
   */
  result(s: number, measureId: string, make: () => CheckResult): CheckResult {
    let bySubject = this.results.get(s);
    if (bySubject === undefined) {
      bySubject = new Map();
      this.results.set(s, bySubject);
    }
    let result = bySubject.get(measureId);
    if (result === undefined) {
      result = make();
      bySubject.set(measureId, result);
    }
    return result;
  }
}
