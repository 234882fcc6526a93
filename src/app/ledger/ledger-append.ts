// The one way anything is appended to the ledger: inside one transaction, with the head locked so
// that writers are serialised and sequence numbers are gapless and in commit order on both
// dialects. The work assigns numbers with `seq.next()`; the head moves once at the end.
//
// One truth per write: in the same transaction, the notices of the records and decisions appended
// (`notices`: app/notices/notice-outbox.ts) and the write's audit entries (`audit`), appended last
// to the audit chain under the audit lock (audit-log-store.ts). The record, its notices and its
// audit entry are committed together, or the append fails and nothing is written.
import type { AuditEvent } from '../audit/audit-sink.js';
import { chainAfterLast } from '../audit/audit-chain.js';
import { auditWriteFailure } from '../audit/audit-log.js';
import { AppendedNotices, type NoticeScoring } from '../notices/notice-outbox.js';
import type { LedgerAppender, LedgerWriter } from '../ports/ledger-store.js';
import { ChainingLedgerWriter } from './ledger-chain-writer.js';
import { RecordingClockGuard, type AppendOptions } from './recording-clock.js';

export interface LedgerAppendOptions<T> extends AppendOptions {
  /** Writes the notices of the records and decisions appended, worded by these documents. */
  readonly notices?: NoticeScoring | undefined;
  /** The write's audit entries, committed with it (made storable, numbered and hashed here). */
  readonly audit?: ((result: T) => readonly AuditEvent[]) | undefined;
}

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
  options: LedgerAppendOptions<T> = {},
): Promise<T> {
  return store.transaction(async (storeTx) => {
    const head = await storeTx.lockHead();
    // The ledger chain (ledger-chain.ts): every row is hashed here, in sequence order.
    const tx = new ChainingLedgerWriter(storeTx, head, await storeTx.chainHead());
    // The recording clock (recording-clock.ts): no row is recorded before the ledger's latest time.
    const clock = await RecordingClockGuard.open(storeTx, options);
    const seq = new SequenceAllocator(head);
    const notices = options.notices && new AppendedNotices(options.notices);
    const result = await work(clock.wrap(notices ? notices.watch(tx) : tx), seq);
    await clock.close(storeTx);
    if (seq.last !== head) {
      await tx.finish(seq.last);
      await tx.setHead(seq.last);
    }
    await notices?.write(storeTx, { from: head, to: seq.last });
    const audit = options.audit?.(result) ?? [];
    if (audit.length > 0) {
      try {
        await storeTx.appendAuditChain(chainAfterLast(audit));
      } catch (error) {
        throw auditWriteFailure(error);
      }
    }
    return result;
  });
}
