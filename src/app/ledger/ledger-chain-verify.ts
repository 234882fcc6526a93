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
  type LedgerChainBreak,
  type LedgerChainHead,
  type LedgerChainReport,
} from './ledger-chain.js';

const PAGE = 5_000;

/** Every chained row with seq <= upToSeq, in sequence order (a merge of the tables' pages). */
export async function* ledgerRowsOf(
  reader: Pick<LedgerChainReader, 'ledgerChainRows'>,
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
  // The first closing event of each subject, seen on the way (the chain covers the events).
  const closings = new Map<string, { seq: number; at: number; type: string }>();
  async function* noting(rows: AsyncIterable<LedgerChainRow>): AsyncGenerator<LedgerChainRow> {
    for await (const row of rows) {
      if (row.table === 'subject_events') {
        const [key, type, at] = row.values;
        if (typeof key === 'string' && !closings.has(key))
          closings.set(key, { seq: row.seq, at: Number(at), type: String(type) });
      }
      yield row;
    }
  }
  const report = await verifyLedgerChain(head, noting(ledgerRowsOf(reader, head.seq)));
  if (!report.ok) return report;
  const closingBroken = await checkClosings(reader, closings);
  if (closingBroken !== undefined) return { ...report, ok: false, firstBroken: closingBroken };
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

/** The subjects table's closings against the subject events' (none closed without an event). */
async function checkClosings(
  reader: LedgerChainReader,
  closings: ReadonlyMap<string, { seq: number; at: number; type: string }>,
): Promise<LedgerChainBreak | undefined> {
  const marked = new Map((await reader.closedSubjects()).map((s) => [s.key, s]));
  for (const [subject, event] of closings) {
    const row = marked.get(subject);
    if (row?.closedAt !== event.at || row.closedBy !== event.type)
      return { seq: event.seq, problem: 'subject', table: 'subject_events', subject };
  }
  for (const subject of marked.keys())
    if (!closings.has(subject)) return { seq: 0, problem: 'subject', subject };
  return undefined;
}

async function rowAt(reader: LedgerChainReader, seq: number): Promise<LedgerChainRow | undefined> {
  for (const table of LEDGER_CHAIN_TABLES) {
    const [row] = await reader.ledgerChainRows(table, seq - 1, seq, 1);
    if (row !== undefined) return row;
  }
  return undefined;
}
