// The ledger chain in the append path: a LedgerWriter that hashes every row that takes a sequence
// number, in sequence order, before the store writes it. `appendToLedger` puts it between the
// store's writer and the work, under the head lock, so every write of the ledger (ingest, events,
// agencies, policies, seeding) is chained the one same way.
//
// The work may hand rows over in any order of calls (seeding gives a batch's records, then its
// events, their numbers interleaved): a call whose rows cannot all be hashed yet (a lower number
// is still to come) is held back and written as soon as they can, in the order of the calls. A
// read while rows are held back would not see them, so it is refused as a programming error; no
// use case reads after writing. `finish` refuses numbers that were allocated but never written,
// so the sequence stays gapless.
import type {
  NewAgency,
  LedgerChainTable,
  LedgerChainValue,
  LedgerWriter,
  NewSubject,
  StoredDocument,
  StoredPolicy,
  SubjectState,
} from '../ports/ledger-store.js';
import type {
  LedgerRecord,
  LedgerRecordEvent,
  LedgerSubjectEvent,
} from '../../core/ledger/ledger-types.js';
import { chainValuesOf, ledgerRowContent, ledgerRowHash } from './ledger-chain.js';

interface HeldCall {
  readonly hashes: string[];
  remaining: number;
  readonly write: (hashes: readonly string[]) => Promise<void>;
}

export class ChainingLedgerWriter implements LedgerWriter {
  readonly #inner: LedgerWriter;
  /** The next sequence number to hash, and the hash it chains from. */
  #nextSeq: number;
  #hash: string;
  /** Rows handed over but not hashed yet (a lower number is missing), by sequence number. */
  readonly #waiting = new Map<number, { content: string; call: HeldCall; index: number }>();
  /** Calls not written yet, in call order. */
  readonly #held: HeldCall[] = [];

  constructor(inner: LedgerWriter, headSeq: number, headHash: string) {
    this.#inner = inner;
    this.#nextSeq = headSeq + 1;
    this.#hash = headHash;
  }

  /** The last sequence number hashed and its hash (what the head becomes). */
  get head(): { readonly seq: number; readonly hash: string } {
    return { seq: this.#nextSeq - 1, hash: this.#hash };
  }

  /** Checks that every number up to `lastSeq` was written, and stores the chain's head hash. */
  async finish(lastSeq: number): Promise<void> {
    if (this.#held.length > 0 || this.#nextSeq - 1 !== lastSeq) {
      throw new Error(
        `ledger sequence numbers ${this.#nextSeq}..${lastSeq} were allocated but not written`,
      );
    }
    await this.#inner.setChainHead(this.#hash);
  }

  async #chain(
    table: LedgerChainTable,
    seqs: readonly number[],
    values: (i: number) => LedgerChainValue[],
    write: (hashes: readonly string[]) => Promise<void>,
  ): Promise<void> {
    if (seqs.length === 0) return;
    const call: HeldCall = { hashes: new Array<string>(seqs.length), remaining: 0, write };
    for (let i = 0; i < seqs.length; i += 1) {
      const seq = seqs[i] ?? 0;
      if (seq < this.#nextSeq || this.#waiting.has(seq))
        throw new Error(`ledger sequence number ${seq} is written twice`);
      this.#waiting.set(seq, { content: ledgerRowContent(seq, table, values(i)), call, index: i });
      call.remaining += 1;
    }
    this.#held.push(call);
    for (let row = this.#waiting.get(this.#nextSeq); row !== undefined;) {
      this.#waiting.delete(this.#nextSeq);
      this.#hash = ledgerRowHash(this.#hash, row.content);
      row.call.hashes[row.index] = this.#hash;
      row.call.remaining -= 1;
      this.#nextSeq += 1;
      row = this.#waiting.get(this.#nextSeq);
    }
    while (this.#held[0]?.remaining === 0) {
      const ready = this.#held.shift();
      if (ready !== undefined) await ready.write(ready.hashes);
    }
  }

  #readable(): void {
    if (this.#held.length > 0)
      throw new Error('a ledger read while rows are held back for the chain would not see them');
  }

  // ---- LedgerWriter

  lockHead(): Promise<number> {
    return this.#inner.lockHead();
  }

  setHead(seq: number): Promise<void> {
    return this.#inner.setHead(seq);
  }

  chainHead(): Promise<string> {
    return Promise.resolve(this.#hash);
  }

  setChainHead(hash: string): Promise<void> {
    return this.#inner.setChainHead(hash);
  }

  async subjectStates(keys: readonly string[]): Promise<Map<string, SubjectState>> {
    this.#readable();
    return this.#inner.subjectStates(keys);
  }

  async recordIdsBySourceRef(
    agencyId: string,
    sourceRefs: readonly string[],
  ): Promise<Map<string, number>> {
    this.#readable();
    return this.#inner.recordIdsBySourceRef(agencyId, sourceRefs);
  }

  async recordEventsOf(recordId: number): Promise<LedgerRecordEvent[]> {
    this.#readable();
    return this.#inner.recordEventsOf(recordId);
  }

  /** Subjects take no sequence number of their own: not chained. */
  insertSubjects(rows: readonly NewSubject[]): Promise<void> {
    return this.#inner.insertSubjects(rows);
  }

  insertRecords(rows: readonly LedgerRecord[]): Promise<void> {
    return this.#chain(
      'records',
      rows.map((r) => r.id),
      (i) => chainValuesOf.record(rows[i] as LedgerRecord),
      (hashes) => this.#inner.insertRecords(rows, hashes),
    );
  }

  insertRecordEvents(rows: readonly LedgerRecordEvent[]): Promise<void> {
    return this.#chain(
      'record_events',
      rows.map((e) => e.seq),
      (i) => chainValuesOf.recordEvent(rows[i] as LedgerRecordEvent),
      (hashes) => this.#inner.insertRecordEvents(rows, hashes),
    );
  }

  insertSubjectEvents(rows: readonly LedgerSubjectEvent[]): Promise<void> {
    return this.#chain(
      'subject_events',
      rows.map((e) => e.seq),
      (i) => chainValuesOf.subjectEvent(rows[i] as LedgerSubjectEvent),
      (hashes) => this.#inner.insertSubjectEvents(rows, hashes),
    );
  }

  insertAgency(row: NewAgency): Promise<void> {
    return this.#chain(
      'agencies',
      [row.seq],
      () => chainValuesOf.agency(row),
      (hashes) => this.#inner.insertAgency(row, hashes[0]),
    );
  }

  insertCatalog(doc: StoredDocument): Promise<void> {
    return this.#chain(
      'catalog_versions',
      [doc.seq],
      () => chainValuesOf.catalog(doc),
      (hashes) => this.#inner.insertCatalog(doc, hashes[0]),
    );
  }

  insertPolicy(doc: StoredPolicy): Promise<void> {
    return this.#chain(
      'policy_versions',
      [doc.seq],
      () => chainValuesOf.policy(doc),
      (hashes) => this.#inner.insertPolicy(doc, hashes[0]),
    );
  }
}
