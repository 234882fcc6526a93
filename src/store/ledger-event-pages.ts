// Reads the ledger (or its tail) in sequence order, for folding into the engine. The three event
// tables are each read once, in pages through their own cursor, and merged by sequence number:
// unlike asking for "the next n events" repeatedly, no row is read twice.
//
// What folding may rely on (docs/ledger.md, "Reading the ledger"):
//  - One snapshot. The head is read first and bounds every read: a sequence number at or below
//    a head is committed (writers take numbers under the head lock and move the head in the same
//    transaction) and never changes, so what is read up to the head is the same whenever it is
//    read. On PostgreSQL the head and the pages are moreover read in one repeatable-read,
//    read-only transaction. A write that commits while the pages are read is beyond the head and
//    is left whole to the next read: the three cursors can no longer see different moments
//    (records of one, events of a later one), which is how committed records were skipped.
//  - Every number accounted for. Catalogue, policy and agency versions take sequence numbers
//    without being engine events; they are read (their numbers only) in the same snapshot. A
//    number that no table holds is a gap: the pages stop before it and the last one says where
//    (`gapAt`), so the caller can read again or refuse, but never folds past it. A number held
//    twice is refused.
import type { Kysely } from 'kysely';
import type { LedgerPage } from '../app/ports/ledger-store.js';
import { DomainError } from '../core/errors/domain-error.js';
import type { LedgerEvent } from '../core/ledger/ledger-types.js';
import { recordEventFromRow, recordFromRow, subjectEventFromRow } from './ledger-row-mapping.js';
import type { LedgerDatabase, StoreDialect } from './schema.js';

/**
 * One pass's reads of the ledger, in one snapshot (see the header): the head, the sequence
 * numbers that are not engine events, and the three event tables in keyset pages. Two
 * implementations: through the query builder (`queryBuilderRows`, the reference), and the raw
 * row readers of each dialect (sqlite-ledger-rows.ts, postgres-ledger-rows.ts), which decode
 * positional rows straight into ledger events with no row object in between.
 */
export interface LedgerRows {
  head(): Promise<number>;
  /** The sequence numbers in (afterSeq, head] of catalogue and policy versions, then of agencies. */
  otherSeqs(afterSeq: number, head: number): Promise<{ documents: number[]; agencies: number[] }>;
  /** Up to `limit` events of one table with after < seq <= head, in sequence order. */
  records(after: number, head: number, limit: number): Promise<LedgerEvent[]>;
  recordEvents(after: number, head: number, limit: number): Promise<LedgerEvent[]>;
  subjectEvents(after: number, head: number, limit: number): Promise<LedgerEvent[]>;
  /** Ends the snapshot (PostgreSQL: the read-only transaction). */
  end(): Promise<void>;
}

/** Opens one pass's reads (a snapshot); `ledgerPages` ends it. */
export type OpenLedgerRows = () => Promise<LedgerRows>;

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

type EventRead = (after: number, head: number, limit: number) => Promise<LedgerEvent[]>;

/**
 * The three event tables read through the query builder, each in (after, head] in sequence order,
 * at most `limit` rows: the reference fold's reads, and `readEvents`'.
 */
export function eventReads(q: Kysely<LedgerDatabase>): {
  records: EventRead;
  recordEvents: EventRead;
  subjectEvents: EventRead;
} {
  return {
    records: async (after, head, limit) =>
      (
        await q
          .selectFrom('records')
          .selectAll()
          .where('id', '>', after)
          .where('id', '<=', head)
          .orderBy('id')
          .limit(limit)
          .execute()
      ).map((row): LedgerEvent => ({ kind: 'record', seq: row.id, record: recordFromRow(row) })),
    recordEvents: async (after, head, limit) =>
      (
        await q
          .selectFrom('record_events')
          .selectAll()
          .where('seq', '>', after)
          .where('seq', '<=', head)
          .orderBy('seq')
          .limit(limit)
          .execute()
      ).map((row): LedgerEvent => ({
        kind: 'record-event',
        seq: row.seq,
        event: recordEventFromRow(row),
      })),
    subjectEvents: async (after, head, limit) =>
      (
        await q
          .selectFrom('subject_events')
          .selectAll()
          .where('seq', '>', after)
          .where('seq', '<=', head)
          .orderBy('seq')
          .limit(limit)
          .execute()
      ).map((row): LedgerEvent => ({
        kind: 'subject-event',
        seq: row.seq,
        event: subjectEventFromRow(row),
      })),
  };
}

/** The reads of one pass through the query builder (Kysely row objects, then ledger events). */
export function queryBuilderRows(
  db: Kysely<LedgerDatabase>,
  dialect: StoreDialect,
): OpenLedgerRows {
  return async () => {
    // SQLite: one connection in this process, on which other work must go on between pages (a
    // transaction held across them would block it); the head bound is what makes the reads one view.
    const trx =
      dialect === 'sqlite'
        ? undefined
        : await db
            .startTransaction()
            .setIsolationLevel('repeatable read')
            .setAccessMode('read only')
            .execute();
    const q: Kysely<LedgerDatabase> = trx ?? db;
    const seqsOf = async (
      table: 'catalog_versions' | 'policy_versions' | 'agencies',
      after: number,
      head: number,
    ) =>
      (
        await q
          .selectFrom(table)
          .select('seq')
          .where('seq', '>', after)
          .where('seq', '<=', head)
          .execute()
      ).map((row) => row.seq);
    return {
      head: async () =>
        (
          await q
            .selectFrom('ledger_head')
            .select('last_seq')
            .where('id', '=', 1)
            .executeTakeFirstOrThrow()
        ).last_seq,
      otherSeqs: async (after, head) => ({
        documents: [
          ...(await seqsOf('catalog_versions', after, head)),
          ...(await seqsOf('policy_versions', after, head)),
        ],
        agencies: await seqsOf('agencies', after, head),
      }),
      ...eventReads(q),
      end: async () => {
        if (trx) await trx.rollback().execute();
      },
    };
  };
}

function sequenceBroken(message: string): DomainError {
  return new DomainError('LedgerSequenceBroken', message);
}

/** The sequence numbers in (afterSeq, head] that are not engine events, ascending. */
async function otherEntries(
  rows: LedgerRows,
  afterSeq: number,
  head: number,
): Promise<{ seq: number; document: boolean }[]> {
  const { documents, agencies } = await rows.otherSeqs(afterSeq, head);
  return [
    ...documents.map((seq) => ({ seq, document: true })),
    ...agencies.map((seq) => ({ seq, document: false })),
  ].sort((a, b) => a.seq - b.seq);
}

function eventCursors(rows: LedgerRows, afterSeq: number, head: number): Cursor[] {
  return [
    cursor(afterSeq, (after, limit) => rows.records(after, head, limit)),
    cursor(afterSeq, (after, limit) => rows.recordEvents(after, head, limit)),
    cursor(afterSeq, (after, limit) => rows.subjectEvents(after, head, limit)),
  ];
}

/** The merge of the cursors up to `head`, with every sequence number accounted for. */
async function* accountedPages(
  rows: LedgerRows,
  afterSeq: number,
  head: number,
  pageSize: number,
): AsyncGenerator<LedgerPage> {
  const others = await otherEntries(rows, afterSeq, head);
  const cursors = eventCursors(rows, afterSeq, head);
  let other = 0;
  /** The next sequence number to account for. */
  let expected = afterSeq + 1;
  let events: LedgerEvent[] = [];
  let documentSeqs: number[] = [];
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
    const event = next?.buffer[next.pos];
    // Every number before the next event (or up to the head) must be a catalogue, policy or
    // agency version.
    const upTo = event ? event.seq : head + 1;
    while (expected < upTo) {
      const entry = others[other];
      if (entry?.seq !== expected) {
        yield { events, throughSeq: expected - 1, documentSeqs, head, gapAt: expected };
        return;
      }
      if (entry.document) documentSeqs.push(entry.seq);
      other += 1;
      expected += 1;
    }
    if (next === undefined || event === undefined) break;
    if (event.seq < expected || others[other]?.seq === event.seq)
      throw sequenceBroken(`ledger sequence number ${event.seq} is held by two rows`);
    next.pos += 1;
    events.push(event);
    expected = event.seq + 1;
    if (events.length === pageSize) {
      yield { events, throughSeq: event.seq, documentSeqs, head };
      events = [];
      documentSeqs = [];
    }
  }
  yield { events, throughSeq: head, documentSeqs, head };
}

export async function* ledgerPages(
  open: OpenLedgerRows,
  afterSeq: number,
  pageSize: number,
): AsyncGenerator<LedgerPage> {
  const rows = await open();
  try {
    const head = await rows.head();
    if (head > afterSeq) yield* accountedPages(rows, afterSeq, head, pageSize);
  } finally {
    await rows.end();
  }
}

/** The events of `ledgerPages`, for readers that need no more; a gap is refused. */
export async function* eventPages(
  open: OpenLedgerRows,
  afterSeq: number,
  pageSize: number,
): AsyncGenerator<LedgerEvent[]> {
  for await (const page of ledgerPages(open, afterSeq, pageSize)) {
    if (page.events.length > 0) yield [...page.events];
    if (page.gapAt !== undefined)
      throw sequenceBroken(
        `ledger sequence number ${page.gapAt} is held by no record, event, catalogue, policy or agency`,
      );
  }
}
