// The one way anything is appended to the ledger: inside one transaction, with the head locked so
// that writers are serialised and sequence numbers are gapless and in commit order on both
// dialects. The work assigns numbers with `seq.next()`; the head moves once at the end.
import type { LedgerAppender, LedgerWriter } from '../ports/ledger-store.js';

export class SequenceAllocator {
  constructor(private lastSeq: number) {}

  next(): number {
    this.lastSeq += 1;
    return this.lastSeq;
  }

  get last(): number {
    return this.lastSeq;
  }
}

export async function appendToLedger<T>(
  store: LedgerAppender,
  work: (tx: LedgerWriter, seq: SequenceAllocator) => Promise<T>,
): Promise<T> {
  return store.transaction(async (tx) => {
    const head = await tx.lockHead();
    const seq = new SequenceAllocator(head);
    const result = await work(tx, seq);
    if (seq.last !== head) await tx.setHead(seq.last);
    return result;
  });
}
