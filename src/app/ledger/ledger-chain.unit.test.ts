import { describe, expect, it } from 'vitest';
import type { LedgerChainRow } from '../ports/ledger-store.js';
import {
  LEDGER_GENESIS,
  chainRows,
  describeLedgerBreak,
  ledgerRowContent,
  ledgerRowHash,
  verifyLedgerChain,
} from './ledger-chain.js';
import { sha256Hex } from '../sha256.js';

const row = (seq: number, category: string): Omit<LedgerChainRow, 'hash'> => ({
  seq,
  table: 'records',
  values: [`subject-${seq}`, 'person', 'court-1', `ref-${seq}`, category, 1, 2, '{"a":1}', 1],
});

/** Six chained records numbered 1..6, and the head they end at. */
function ledger(): { rows: LedgerChainRow[]; head: { seq: number; hash: string } } {
  const rows = chainRows(
    { seq: 0, hash: LEDGER_GENESIS },
    [1, 2, 3, 4, 5, 6].map((n) => row(n, 'court.dishonest-debtor')),
  );
  const last = rows[rows.length - 1] as LedgerChainRow;
  return { rows, head: { seq: last.seq, hash: last.hash } };
}

describe('the ledger chain', () => {
  it('hashes the previous hash followed by the canonical JSON of the stored values', () => {
    const content = ledgerRowContent(7, 'record_events', [
      4,
      'k',
      'fulfilled',
      1,
      2,
      'court-1',
      null,
      null,
    ]);
    expect(content).toBe('[7,"record_events",4,"k","fulfilled",1,2,"court-1",null,null]');
    expect(ledgerRowHash(LEDGER_GENESIS, content)).toBe(sha256Hex(LEDGER_GENESIS + content));
  });

  it('verifies an intact chain and reports its length and head', async () => {
    const { rows, head } = ledger();
    expect(await verifyLedgerChain(head, rows)).toEqual({
      ok: true,
      rows: 6,
      headSeq: 6,
      head: head.hash,
    });
    expect(await verifyLedgerChain({ seq: 0, hash: LEDGER_GENESIS }, [])).toMatchObject({
      ok: true,
    });
  });

  it('names a changed value as altered, at the row changed', async () => {
    const { rows, head } = ledger();
    const edited = rows.map((r) =>
      r.seq === 3 ? { ...r, values: row(3, 'tax.a-grade-taxpayer').values } : r,
    );
    expect((await verifyLedgerChain(head, edited)) as unknown).toMatchObject({
      ok: false,
      firstBroken: { seq: 3, problem: 'altered', table: 'records' },
    });
  });

  it('names a deleted row as missing, in the middle and at the end', async () => {
    const { rows, head } = ledger();
    expect(
      await verifyLedgerChain(
        head,
        rows.filter((r) => r.seq !== 4),
      ),
    ).toMatchObject({
      ok: false,
      firstBroken: { seq: 4, problem: 'missing' },
    });
    expect(await verifyLedgerChain(head, rows.slice(0, 5))).toMatchObject({
      ok: false,
      firstBroken: { seq: 6, problem: 'missing' },
    });
  });

  it('names two rows whose numbers were swapped as reordered', async () => {
    const { rows, head } = ledger();
    const [r2, r5] = [rows[1] as LedgerChainRow, rows[4] as LedgerChainRow];
    const swapped = rows.map((r) =>
      r.seq === 2 ? { ...r5, seq: 2 } : r.seq === 5 ? { ...r2, seq: 5 } : r,
    );
    expect(await verifyLedgerChain(head, swapped)).toMatchObject({
      ok: false,
      firstBroken: { seq: 2, problem: 'reordered' },
    });
  });

  it('names a replaced hash, and a head that is not the last row, as hash', async () => {
    const { rows, head } = ledger();
    const rehashed = rows.map((r) => (r.seq === 3 ? { ...r, hash: 'f'.repeat(64) } : r));
    expect(await verifyLedgerChain(head, rehashed)).toMatchObject({
      firstBroken: { seq: 3, problem: 'hash' },
    });
    expect(await verifyLedgerChain({ ...head, hash: 'e'.repeat(64) }, rows)).toMatchObject({
      ok: false,
      firstBroken: { seq: 6, problem: 'hash' },
    });
  });

  it('describes every kind of break in words', () => {
    expect(describeLedgerBreak({ seq: 4, problem: 'missing' })).toBe(
      'ledger row 4 is missing: it was deleted or renumbered',
    );
    expect(describeLedgerBreak({ seq: 4, problem: 'altered', table: 'records' })).toBe(
      'ledger row 4 (records) was altered: its stored values no longer match its hash',
    );
  });
});
