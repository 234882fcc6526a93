// Reads the whole ledger (or its tail) in sequence order, for folding into the engine. The three
// event tables are each read once, in pages through their own cursor, and merged by sequence
// number: unlike asking for "the next n events" repeatedly, no row is read twice.
import type { Kysely } from 'kysely';
import type { LedgerEvent } from '../core/ledger/ledger-types.js';
import { recordEventFromRow, recordFromRow, subjectEventFromRow } from './ledger-row-mapping.js';
import type { LedgerDatabase } from './schema.js';

interface Cursor {
  after: number;
  buffer: LedgerEvent[];
  pos: number;
  done: boolean;
  readonly load: (after: number, limit: number) => Promise<LedgerEvent[]>;
}

function cursor(after: number, load: Cursor['load']): Cursor {
  return { after, buffer: [], pos: 0, done: false, load };
}

/** Refills an exhausted cursor; true when it has an event to offer. */
async function ready(c: Cursor, pageSize: number): Promise<boolean> {
  if (c.pos < c.buffer.length) return true;
  if (c.done) return false;
  c.buffer = await c.load(c.after, pageSize);
  c.pos = 0;
  if (c.buffer.length < pageSize) c.done = true;
  const last = c.buffer[c.buffer.length - 1];
  if (last) c.after = last.seq;
  return c.buffer.length > 0;
}

export async function* ledgerEventPages(
  db: Kysely<LedgerDatabase>,
  afterSeq: number,
  pageSize: number,
): AsyncGenerator<LedgerEvent[]> {
  const cursors = [
    cursor(afterSeq, async (after, limit) =>
      (
        await db
          .selectFrom('records')
          .selectAll()
          .where('id', '>', after)
          .orderBy('id')
          .limit(limit)
          .execute()
      ).map((row): LedgerEvent => ({ kind: 'record', seq: row.id, record: recordFromRow(row) })),
    ),
    cursor(afterSeq, async (after, limit) =>
      (
        await db
          .selectFrom('record_events')
          .selectAll()
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(limit)
          .execute()
      ).map((row): LedgerEvent => ({
        kind: 'record-event',
        seq: row.seq,
        event: recordEventFromRow(row),
      })),
    ),
    cursor(afterSeq, async (after, limit) =>
      (
        await db
          .selectFrom('subject_events')
          .selectAll()
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(limit)
          .execute()
      ).map((row): LedgerEvent => ({
        kind: 'subject-event',
        seq: row.seq,
        event: subjectEventFromRow(row),
      })),
    ),
  ];
  let page: LedgerEvent[] = [];
  for (;;) {
    let next: Cursor | undefined;
    for (const c of cursors) {
      if (!(await ready(c, pageSize))) continue;
      if (
        next === undefined ||
        (c.buffer[c.pos]?.seq ?? Infinity) < (next.buffer[next.pos]?.seq ?? Infinity)
      )
        next = c;
    }
    if (next === undefined) break;
    const event = next.buffer[next.pos];
    next.pos += 1;
    if (event) page.push(event);
    if (page.length === pageSize) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}
