import { describe, expect, it } from 'vitest';
import type { LedgerRecord, LedgerRecordEvent } from '../../core/ledger/ledger-types.js';
import { instant } from '../../core/time/instant.js';
import type { LedgerChainRow, LedgerWriter } from '../ports/ledger-store.js';
import { ChainingLedgerWriter } from './ledger-chain-writer.js';
import { LEDGER_GENESIS, chainRows, chainValuesOf } from './ledger-chain.js';

const T = instant(Date.UTC(2026, 2, 1));

const record = (id: number): LedgerRecord => ({
  id,
  subject: `s-${id}`,
  subjectKind: 'person',
  agencyId: 'court-1',
  sourceRef: `r-${id}`,
  category: 'court.dishonest-debtor',
  occurredAt: T,
  recordedAt: T,
  fields: { amount: id },
  catalogVersion: 1,
});

const fulfilled = (seq: number, recordId: number): LedgerRecordEvent => ({
  seq,
  recordId,
  subject: `s-${recordId}`,
  type: 'fulfilled',
  at: T,
  recordedAt: T,
  actor: 'court-1',
  reason: undefined,
  fields: undefined,
});

/** A store writer that only remembers what it was asked to write, in call order. */
function recordingWriter(): { writer: LedgerWriter; written: { seq: number; hash: string }[] } {
  const written: { seq: number; hash: string }[] = [];
  const unused = (): never => {
    throw new Error('not used');
  };
  const writer: LedgerWriter = {
    lockHead: unused,
    setHead: unused,
    chainHead: unused,
    setChainHead: () => Promise.resolve(),
    subjectStates: () => Promise.resolve(new Map()),
    recordIdsBySourceRef: unused,
    recordEventsOf: unused,
    insertSubjects: () => Promise.resolve(),
    insertRecords: (rows, hashes) => {
      rows.forEach((r, i) => written.push({ seq: r.id, hash: hashes?.[i] ?? '' }));
      return Promise.resolve();
    },
    insertRecordEvents: (rows, hashes) => {
      rows.forEach((e, i) => written.push({ seq: e.seq, hash: hashes?.[i] ?? '' }));
      return Promise.resolve();
    },
    insertSubjectEvents: unused,
    insertAgency: unused,
    insertCatalog: unused,
    insertPolicy: unused,
  };
  return { writer, written };
}

describe('the chaining ledger writer', () => {
  it('hashes rows in sequence order whatever the order of the calls, as the chain defines it', async () => {
    const { writer, written } = recordingWriter();
    const head = { seq: 10, hash: 'a'.repeat(64) };
    const tx = new ChainingLedgerWriter(writer, head.seq, head.hash);
    // Seeding's order: a batch's records, then its events, their numbers interleaved.
    await tx.insertRecords([record(11), record(12), record(14)]);
    expect(written).toEqual([]); // 14 waits for 13
    await tx.insertRecordEvents([fulfilled(13, 11), fulfilled(15, 12)]);
    await tx.finish(15);

    const expected: LedgerChainRow[] = chainRows(head, [
      { seq: 11, table: 'records', values: chainValuesOf.record(record(11)) },
      { seq: 12, table: 'records', values: chainValuesOf.record(record(12)) },
      { seq: 13, table: 'record_events', values: chainValuesOf.recordEvent(fulfilled(13, 11)) },
      { seq: 14, table: 'records', values: chainValuesOf.record(record(14)) },
      { seq: 15, table: 'record_events', values: chainValuesOf.recordEvent(fulfilled(15, 12)) },
    ]);
    const bySeq = new Map(written.map((w) => [w.seq, w.hash]));
    expect(expected.map((r) => bySeq.get(r.seq))).toEqual(expected.map((r) => r.hash));
    expect(tx.head).toEqual({ seq: 15, hash: expected[4]?.hash });
  });

  it('refuses numbers allocated but never written, and a number written twice', async () => {
    const gap = new ChainingLedgerWriter(recordingWriter().writer, 0, LEDGER_GENESIS);
    await gap.insertRecords([record(1), record(3)]);
    await expect(gap.finish(3)).rejects.toThrow(/allocated but not written/);

    const twice = new ChainingLedgerWriter(recordingWriter().writer, 0, LEDGER_GENESIS);
    await twice.insertRecords([record(1)]);
    await expect(twice.insertRecordEvents([fulfilled(1, 1)])).rejects.toThrow(/written twice/);
  });

  it('refuses a read while rows are held back, since it would not see them', async () => {
    const tx = new ChainingLedgerWriter(recordingWriter().writer, 0, LEDGER_GENESIS);
    await tx.insertRecords([record(2)]);
    await expect(tx.subjectStates(['s-2'])).rejects.toThrow(/held back/);
  });
});
