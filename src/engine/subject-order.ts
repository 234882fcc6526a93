// The records grouped by subject, in compressed-row form: `order[start[s]] .. order[start[s+1]-1]`
// are subject s's record indexes in ledger order. The per-subject linked lists serve ingest and
// single-subject scoring; a full pass over millions of records reads this instead, because
// following `next` pointers is a chain of dependent cache misses while indexes read from `order`
// can be fetched ahead. Rebuilt by a counting sort (linear) when records were added since.
import type { LedgerFold } from './ledger-fold.js';

export class SubjectOrder {
  start = new Int32Array(1);
  order = new Int32Array(0);
  private builtRecords = -1;
  private builtSubjects = -1;

  /** Brings the grouping up to date with the ledger's records and subjects. */
  refresh(ledger: LedgerFold): void {
    const n = ledger.records.count;
    const subjectCount = ledger.subjects.count;
    if (n === this.builtRecords && subjectCount === this.builtSubjects) return;
    const subject = ledger.records.subject;
    const start = new Int32Array(subjectCount + 1);
    for (let r = 0; r < n; r += 1) {
      const s = subject[r] ?? 0;
      start[s + 1] = (start[s + 1] ?? 0) + 1;
    }
    for (let s = 0; s < subjectCount; s += 1) start[s + 1] = (start[s + 1] ?? 0) + (start[s] ?? 0);
    const fill = start.slice(0, subjectCount);
    const order = this.order.length >= n ? this.order : new Int32Array(n);
    for (let r = 0; r < n; r += 1) {
      const s = subject[r] ?? 0;
      const k = fill[s] ?? 0;
      order[k] = r;
      fill[s] = k + 1;
    }
    this.start = start;
    this.order = order;
    this.builtRecords = n;
    this.builtSubjects = subjectCount;
  }
}
