// The ListFeedStore's SQL, shared by both dialects (KyselyLedgerStore delegates here). Appending
// writes the deltas and the current state of their lists in one transaction; the deltas' seq is
// the primary key, so two writers that diffed against the same feed position cannot both append:
// the second one's first insert collides and it is told `FeedConflict`, with nothing written.
// With several servers, the ledger sequence the deltas were computed at is kept with them (a row
// of `notice_cursors`, the table of derived data's cursors, named `list-feeds`), and deltas
// computed at an earlier one are refused the same way.
import type { Kysely } from 'kysely';
import type { FeedConsumer, FeedDelta, FeedEntry, FeedOp } from '../app/ports/list-feed-store.js';
import { DomainError } from '../core/errors/domain-error.js';
import { instant } from '../core/time/instant.js';
import type { LedgerDatabase, ListFeedTable } from './schema.js';
import { isUniqueViolation } from './unique-violation.js';

type Db = Kysely<LedgerDatabase>;

/** Rows per INSERT or key list: far below both dialects' limits on bound parameters. */
const ROWS_PER_STATEMENT = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += ROWS_PER_STATEMENT) {
    out.push(items.slice(i, i + ROWS_PER_STATEMENT));
  }
  return out;
}

function deltaFromRow(row: ListFeedTable): FeedDelta {
  return {
    seq: Number(row.seq),
    list: row.list_id,
    op: row.op as FeedOp,
    subject: row.subject_key,
    entry: JSON.parse(row.entry) as FeedEntry,
    at: instant(Number(row.at)),
  };
}

/** The `notice_cursors` row keeping the ledger sequence the feed was last computed at. */
const FEED_LEDGER_CURSOR = 'list-feeds';

export async function feedLedgerSeq(db: Db): Promise<number> {
  const row = await db
    .selectFrom('notice_cursors')
    .select('last_seq')
    .where('source', '=', FEED_LEDGER_CURSOR)
    .executeTakeFirst();
  return row === undefined ? 0 : Number(row.last_seq);
}

export async function appendFeed(
  db: Db,
  deltas: readonly FeedDelta[],
  from?: { readonly ledgerSeq: number },
): Promise<void> {
  if (deltas.length === 0) return;
  // The state only needs each (list, subject)'s last delta of the batch.
  const last = new Map<string, FeedDelta>();
  for (const d of deltas) last.set(`${d.list}\u0000${d.subject}`, d);
  const upserts = [...last.values()].filter((d) => d.op !== 'remove');
  const removals = new Map<string, string[]>();
  for (const d of last.values()) {
    if (d.op !== 'remove') continue;
    const subjects = removals.get(d.list) ?? [];
    subjects.push(d.subject);
    removals.set(d.list, subjects);
  }

  try {
    await db.transaction().execute(async (tx) => {
      if (from !== undefined) await keepFeedLedgerSeq(tx, from.ledgerSeq);
      for (const chunk of chunks(deltas)) {
        await tx
          .insertInto('list_feed')
          .values(
            chunk.map((d) => ({
              seq: d.seq,
              list_id: d.list,
              op: d.op,
              subject_key: d.subject,
              entry: JSON.stringify(d.entry),
              at: d.at,
            })),
          )
          .execute();
      }
      for (const chunk of chunks(upserts)) {
        await tx
          .insertInto('list_feed_state')
          .values(
            chunk.map((d) => ({
              list_id: d.list,
              subject_key: d.subject,
              seq: d.seq,
              op: d.op,
              entry: JSON.stringify(d.entry),
              at: d.at,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['list_id', 'subject_key']).doUpdateSet((eb) => ({
              seq: eb.ref('excluded.seq'),
              op: eb.ref('excluded.op'),
              entry: eb.ref('excluded.entry'),
              at: eb.ref('excluded.at'),
            })),
          )
          .execute();
      }
      for (const [list, subjects] of removals) {
        for (const chunk of chunks(subjects)) {
          await tx
            .deleteFrom('list_feed_state')
            .where('list_id', '=', list)
            .where('subject_key', 'in', chunk)
            .execute();
        }
      }
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new DomainError(
      'FeedConflict',
      `feed sequence ${deltas[0]?.seq ?? 0} is taken: another writer appended first`,
    );
  }
}

/**
 * Keeps `ledgerSeq` as the feed's, in the append's transaction, unless a later one is kept
 * already (then `FeedConflict`, and nothing is written). Two appends at once are also refused by
 * the deltas' key: the second re-reads both before it tries again.
 */
async function keepFeedLedgerSeq(tx: Db, ledgerSeq: number): Promise<void> {
  const kept = await feedLedgerSeq(tx);
  if (kept > ledgerSeq) {
    throw new DomainError(
      'FeedConflict',
      `the feeds were computed at ledger sequence ${kept}, after ${ledgerSeq}`,
    );
  }
  await tx
    .insertInto('notice_cursors')
    .values({ source: FEED_LEDGER_CURSOR, last_seq: ledgerSeq })
    .onConflict((oc) =>
      oc
        .column('source')
        .doUpdateSet({ last_seq: ledgerSeq })
        .where('notice_cursors.last_seq', '<=', ledgerSeq),
    )
    .execute();
}

export async function lastFeedSeq(db: Db, list?: string): Promise<number> {
  let query = db.selectFrom('list_feed').select((eb) => eb.fn.max('seq').as('last'));
  if (list !== undefined) query = query.where('list_id', '=', list);
  const row = await query.executeTakeFirst();
  return row?.last == null ? 0 : Number(row.last);
}

export async function readFeed(
  db: Db,
  list: string,
  afterSeq: number,
  limit: number,
): Promise<FeedDelta[]> {
  if (limit <= 0) return [];
  const rows = await db
    .selectFrom('list_feed')
    .selectAll()
    .where('list_id', '=', list)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(deltaFromRow);
}

export async function feedState(db: Db): Promise<FeedDelta[]> {
  const rows = await db
    .selectFrom('list_feed_state')
    .selectAll()
    .orderBy('list_id')
    .orderBy('subject_key')
    .execute();
  return rows.map((row) =>
    deltaFromRow({
      seq: row.seq,
      list_id: row.list_id,
      op: row.op,
      subject_key: row.subject_key,
      entry: row.entry,
      at: row.at,
    }),
  );
}

export async function registerFeedConsumer(db: Db, list: string, agencyId: string): Promise<void> {
  await db
    .insertInto('feed_acks')
    .values({ list_id: list, agency_id: agencyId, acked_seq: 0, acked_at: null })
    .onConflict((oc) => oc.columns(['list_id', 'agency_id']).doNothing())
    .execute();
}

export async function ackFeed(
  db: Db,
  list: string,
  agencyId: string,
  seq: number,
  at: number,
): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('feed_acks')
      .select('acked_seq')
      .where('list_id', '=', list)
      .where('agency_id', '=', agencyId)
      .executeTakeFirst();
    const previous = row === undefined ? 0 : Number(row.acked_seq);
    if (previous > seq) return previous;
    // The guard keeps a concurrent, further acknowledgement of the same consumer from going back.
    await tx
      .insertInto('feed_acks')
      .values({ list_id: list, agency_id: agencyId, acked_seq: seq, acked_at: at })
      .onConflict((oc) =>
        oc
          .columns(['list_id', 'agency_id'])
          .doUpdateSet((eb) => ({
            acked_seq: eb.ref('excluded.acked_seq'),
            acked_at: eb.ref('excluded.acked_at'),
          }))
          .where('feed_acks.acked_seq', '<=', seq),
      )
      .execute();
    return previous;
  });
}

export async function feedConsumers(db: Db): Promise<FeedConsumer[]> {
  const rows = await db
    .selectFrom('feed_acks as a')
    .select((eb) => [
      'a.list_id',
      'a.agency_id',
      'a.acked_seq',
      'a.acked_at',
      eb
        .selectFrom('list_feed as f')
        .select((f) => f.fn.max('f.seq').as('m'))
        .whereRef('f.list_id', '=', 'a.list_id')
        .as('last_seq'),
      eb
        .selectFrom('list_feed as f')
        .select((f) => f.fn.countAll().as('n'))
        .whereRef('f.list_id', '=', 'a.list_id')
        .whereRef('f.seq', '>', 'a.acked_seq')
        .as('behind'),
    ])
    .orderBy('a.list_id')
    .orderBy('a.agency_id')
    .execute();
  return rows.map((row) => ({
    list: row.list_id,
    agencyId: row.agency_id,
    ackedSeq: Number(row.acked_seq),
    ackedAt: row.acked_at === null ? undefined : instant(Number(row.acked_at)),
    lastSeq: row.last_seq == null ? 0 : Number(row.last_seq),
    behind: row.behind == null ? 0 : Number(row.behind),
  }));
}
