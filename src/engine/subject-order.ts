// The records grouped by subject, and a subject-ordered mirror of the columns the full scoring
// pass reads, so that the pass walks memory in one direction instead of hopping over millions of
// records.
//
// The grouping is in compressed-row form: `order[start[s]] .. order[start[s+1]-1]` are subject
// s's record indexes in ledger order, built by a counting sort (two linear passes). Beside it, the
// mirror holds, at position k, the columns of record `order[k]`: recordedAt, until, flags,
// category, occurredAt, effectEnd. The full pass (score-kernel.ts) reads the mirror with k going
// up, so each column is read sequentially; filling it (one scatter, in the counting sort's second
// pass) is paid when the grouping is built, not per pass. The policy application's columns are
// not mirrored: they are new after every policy change, and permuting them would cost what the
// mirror saves; the pass takes a constant category's verdict from a per-category table and reads
// them by record index only for the categories whose verdict depends on the fields.
//
// Keeping it current:
//  - records appended since the build (the tail, index >= `builtRecords`) are not in the mirror:
//    the pass judges them through the ordinary per-record path, and the grouping is rebuilt once
//    the tail exceeds an eighth of the built records (a rebuild costs O(n), so this is O(1) per
//    appended record, amortised);
//  - a record event changes a folded record's `until` and `flags` in place: the engine passes the
//    subjects each batch touched (`touch`), and their segments' two mutable columns are gathered
//    again at the next refresh. Nothing else of a folded record changes (a correction changes
//    fields, which the side path reads from the record history).
import type { LedgerFold } from './ledger-fold.js';

/** The tail is folded into the grouping once it exceeds this fraction (1/8) of the built records. */
const TAIL_SHIFT = 3;

export class SubjectOrder {
  /** Subjects covered by `start` (those folded at the last build). */
  builtSubjects = 0;
  /** Records covered by the grouping and the mirror: indexes 0 .. builtRecords-1. */
  builtRecords = 0;
  /** Counts full builds. */
  build = 0;
  start = new Int32Array(1);
  order = new Int32Array(0);

  // The mirror: position k holds the columns of record order[k].
  recordedAt = new Float64Array(0);
  until = new Float64Array(0);
  occurredAt = new Float64Array(0);
  effectEnd = new Float64Array(0);
  category = new Uint16Array(0);
  flags = new Uint8Array(0);

  /**
   * The tail grouped by subject: `tailOrder[tailStart[s]] .. tailOrder[tailStart[s+1]-1]` are the
   * indexes (>= builtRecords) of subject s's records appended since the build, in ledger order.
   * Empty (`tailRecords === builtRecords`) right after a build.
   */
  tailStart = new Int32Array(1);
  tailOrder = new Int32Array(0);
  /** The record count the tail grouping was made for. */
  tailRecords = 0;

  /** Subjects whose segments need `until` and `flags` gathered again (record events). */
  private touched: number[] = [];
  private touchedMark = new Uint8Array(0);

  /** Notes the subjects a fold touched, so their mirrored `until` and `flags` are refreshed. */
  touch(subjects: readonly number[]): void {
    for (const s of subjects) {
      if (s >= this.builtSubjects || this.touchedMark[s] === 1) continue;
      this.touchedMark[s] = 1;
      this.touched.push(s);
    }
  }

  /** Brings the grouping and the mirror up to date with the ledger's records and subjects. */
  refresh(ledger: LedgerFold): void {
    const n = ledger.records.count;
    const tail = n - this.builtRecords;
    if (this.build === 0 || tail < 0 || tail > this.builtRecords >>> TAIL_SHIFT) {
      this.rebuild(ledger);
      return;
    }
    if (this.touched.length > 0) this.regatherTouched(ledger);
    if (n !== this.tailRecords) this.groupTail(ledger);
  }

  private rebuild(ledger: LedgerFold): void {
    const records = ledger.records;
    const n = records.count;
    const subjectCount = ledger.subjects.count;
    const subject = records.subject;
    const start = new Int32Array(subjectCount + 1);
    for (let r = 0; r < n; r += 1) {
      const s = subject[r] ?? 0;
      start[s + 1] = (start[s + 1] ?? 0) + 1;
    }
    for (let s = 0; s < subjectCount; s += 1) start[s + 1] = (start[s + 1] ?? 0) + (start[s] ?? 0);
    const fill = start.slice(0, subjectCount);
    if (this.order.length < n) {
      // Room for the tail to grow to the next rebuild without reallocating.
      const capacity = n + (n >>> TAIL_SHIFT) + 16;
      this.order = new Int32Array(capacity);
      this.recordedAt = new Float64Array(capacity);
      this.until = new Float64Array(capacity);
      this.occurredAt = new Float64Array(capacity);
      this.effectEnd = new Float64Array(capacity);
      this.category = new Uint16Array(capacity);
      this.flags = new Uint8Array(capacity);
    }
    // One scatter: each record's columns are read in ledger order and written at its place in
    // subject order (writes to scattered places cost less than reads from them: nothing waits).
    const { order, recordedAt, until, occurredAt, effectEnd, category, flags } = this;
    const from = records;
    for (let r = 0; r < n; r += 1) {
      const s = subject[r] ?? 0;
      const k = fill[s] ?? 0;
      fill[s] = k + 1;
      order[k] = r;
      recordedAt[k] = from.recordedAt[r] ?? 0;
      until[k] = from.until[r] ?? 0;
      occurredAt[k] = from.occurredAt[r] ?? 0;
      effectEnd[k] = from.effectEnd[r] ?? 0;
      category[k] = from.category[r] ?? 0;
      flags[k] = from.flags[r] ?? 0;
    }
    this.start = start;
    this.builtRecords = n;
    this.builtSubjects = subjectCount;
    this.build += 1;
    this.tailRecords = n;
    this.tailStart = new Int32Array(1);
    for (const s of this.touched) this.touchedMark[s] = 0;
    this.touched = [];
    if (this.touchedMark.length < subjectCount) this.touchedMark = new Uint8Array(subjectCount);
  }

  /** Groups the records appended since the build by subject (a counting sort of the tail). */
  private groupTail(ledger: LedgerFold): void {
    const n = ledger.records.count;
    const subjectCount = ledger.subjects.count;
    const subject = ledger.records.subject;
    const from = this.builtRecords;
    const start = new Int32Array(subjectCount + 1);
    for (let r = from; r < n; r += 1) {
      const s = subject[r] ?? 0;
      start[s + 1] = (start[s + 1] ?? 0) + 1;
    }
    for (let s = 0; s < subjectCount; s += 1) start[s + 1] = (start[s + 1] ?? 0) + (start[s] ?? 0);
    const fill = start.slice(0, subjectCount);
    const order = new Int32Array(n - from);
    for (let r = from; r < n; r += 1) {
      const s = subject[r] ?? 0;
      const k = fill[s] ?? 0;
      order[k] = r;
      fill[s] = k + 1;
    }
    this.tailStart = start;
    this.tailOrder = order;
    this.tailRecords = n;
  }

  private regatherTouched(ledger: LedgerFold): void {
    const { until, flags } = ledger.records;
    for (const s of this.touched) {
      this.touchedMark[s] = 0;
      const from = this.start[s] ?? 0;
      const to = this.start[s + 1] ?? 0;
      gatherF64(this.until, until, this.order, from, to);
      gatherU8(this.flags, flags, this.order, from, to);
    }
    this.touched = [];
  }
}

// One gather per element type, so that each loop stays monomorphic.
function gatherF64(
  to: Float64Array,
  from: Float64Array,
  order: Int32Array,
  k0: number,
  k1: number,
): void {
  for (let k = k0; k < k1; k += 1) to[k] = from[order[k] ?? 0] ?? 0;
}

function gatherU8(
  to: Uint8Array,
  from: Uint8Array,
  order: Int32Array,
  k0: number,
  k1: number,
): void {
  for (let k = k0; k < k1; k += 1) to[k] = from[order[k] ?? 0] ?? 0;
}
