// The one way anything is appended to the ledger: inside one transaction, with the head locked so
// that writers are serialised and sequence numbers are gapless and in commit order on both
// dialects. The work assigns numbers with `seq.next()`; the head moves once at the end.
import type { LedgerAppender, LedgerWriter } from '../ports/ledger-store.js';
import { ChainingLedgerWriter } from './ledger-chain-writer.js';
import { RecordingClockGuard, type AppendOptions } from './recording-clock.js';

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
  options: AppendOptions = {},
): Promise<T> {
  return store.transaction(async (storeTx) => {
    const head = await storeTx.lockHead();
    // The ledger chain (ledger-chain.ts): every row is hashed here, in sequence order.
    const tx = new ChainingLedgerWriter(storeTx, head, await storeTx.chainHead());
    // The recording clock (recording-clock.ts): no row is recorded before the ledger's latest time.
    const clock = await RecordingClockGuard.open(storeTx, options);
    const seq = new SequenceAllocator(head);
    const result = await work(clock.wrap(tx), seq);
    await clock.close(storeTx);
    if (seq.last !== head) {
      await tx.finish(seq.last);
      await tx.setHead(seq.last);
    }
    return result;
  });
}
