// Verifies the stored ledger chain from sequence number 1 to the head (what `probity verify` and
// `probity rebuild --verify` run). Each chained table is read in its own pages and the tables are
// merged in sequence order, so every row is read once and a ledger of any length is checked in
// constant memory. Rows are read up to the head as it was when the check began: everything up to
// it is committed (the head moves in the same transaction), and writers that append meanwhile do
// not disturb the check. An anchor (a row's sequence number and hash recorded outside Probity
// earlier) catches what the chain alone cannot: a ledger rewritten with recomputed hashes, or cut
// back.
import type { LedgerChainReader, LedgerChainRow, LedgerChainTable } from '../ports/ledger-store.js';
import {
  LEDGER_CHAIN_TABLES,
  describeLedgerBreak,
  verifyLedgerChain,
  type LedgerChainHead,
  type LedgerChainReport,
} from './ledger-chain.js';

const PAGE = 5_000;

/** Every chained row with seq <= upToSeq, in sequence order (a merge of the tables' pages). */
export async function* ledgerRowsOf(
  reader: LedgerChainReader,
  upToSeq: number,
  pageSize = PAGE,
): AsyncGenerator<LedgerChainRow> {
  interface Cursor {
    readonly table: LedgerChainTable;
    page: LedgerChainRow[];
    at: number;
    after: number;
    done: boolean;
  }
  const fill = async (c: Cursor): Promise<void> => {
    c.page = await reader.ledgerChainRows(c.table, c.after, upToSeq, pageSize);
    c.at = 0;
    const last = c.page[c.page.length - 1];
    if (last !== undefined) c.after = last.seq;
    c.done = c.page.length < pageSize;
  };
  const cursors: Cursor[] = [];
  for (const table of LEDGER_CHAIN_TABLES) {
    const c: Cursor = { table, page: [], at: 0, after: 0, done: false };
    await fill(c);
    cursors.push(c);
  }
  for (;;) {
    let next: Cursor | undefined;
    for (const c of cursors) {
      const row = c.page[c.at];
      if (row !== undefined && (next === undefined || row.seq < (next.page[next.at]?.seq ?? 0)))
        next = c;
    }
    if (next === undefined) return;
    const row = next.page[next.at] as LedgerChainRow;
    next.at += 1;
    if (next.at >= next.page.length && !next.done) await fill(next);
    yield row;
  }
}

/** Verifies the chain up to the head, then the anchor if one is given; a break says what it is. */
export async function verifyLedger(
  reader: LedgerChainReader,
  anchor?: LedgerChainHead,
): Promise<LedgerChainReport> {
  const report = await verifyChainAndAnchor(reader, anchor);
  return report.ok
    ? report
    : {
        ...report,
        firstBroken: { ...report.firstBroken, message: describeLedgerBreak(report.firstBroken) },
      };
}

async function verifyChainAndAnchor(
  reader: LedgerChainReader,
  anchor: LedgerChainHead | undefined,
): Promise<LedgerChainReport> {
  const head = await reader.ledgerChainHead();
  const report = await verifyLedgerChain(head, ledgerRowsOf(reader, head.seq));
  if (!report.ok) return report;
  // A row beyond the head was not written by the append path (which moves the head with it).
  const now = await reader.ledgerChainHead();
  for (const table of LEDGER_CHAIN_TABLES) {
    const [beyond] = await reader.ledgerChainRows(table, now.seq, Number.MAX_SAFE_INTEGER, 1);
    if (beyond !== undefined)
      return { ...report, ok: false, firstBroken: { seq: beyond.seq, problem: 'extra', table } };
  }
  if (anchor === undefined) return report;
  if (anchor.seq > head.seq)
    return { ...report, ok: false, firstBroken: { seq: anchor.seq, problem: 'missing' } };
  const found = await rowAt(reader, anchor.seq);
  if (found === undefined)
    return { ...report, ok: false, firstBroken: { seq: anchor.seq, problem: 'missing' } };
  if (found.hash !== anchor.hash)
    return {
      ...report,
      ok: false,
      firstBroken: { seq: anchor.seq, problem: 'hash', table: found.table },
    };
  return report;
}

async function rowAt(reader: LedgerChainReader, seq: number): Promise<LedgerChainRow | undefined> {
  for (const table of LEDGER_CHAIN_TABLES) {
    const [row] = await reader.ledgerChainRows(table, seq - 1, seq, 1);
    if (row !== undefined) return row;
  }
  return undefined;
}
