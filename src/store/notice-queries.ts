// The NoticeStore's SQL, shared by both dialects (KyselyLedgerStore delegates here). A notice's
// source is unique, so `addNotices` (the sync) and `addAppendedNotices` (a ledger transaction
// writing the notices of what it appends) insert with ON CONFLICT DO NOTHING and count the rows
// they got back: deriving twice, or two processes deriving at once, creates each notice once.
// Delivery is claimed row by row with a guarded update (pending, due), so two deliverers never
// attempt the same notice at once, and a delivered notice is never due again.
import { sql, type Kysely } from 'kysely';
import type { FeedDelta, FeedEntry, FeedOp } from '../app/ports/list-feed-store.js';
import type {
  NewNotice,
  NoticeSource,
  NoticeStatus,
  StoredNotice,
} from '../app/ports/notice-store.js';
import type { NoticeKind, NoticePayload } from '../app/notices/notice-payload.js';
import type { LedgerRecord } from '../core/ledger/ledger-types.js';
import { instant, type Instant } from '../core/time/instant.js';
import { recordFromRow } from './ledger-row-mapping.js';
import type { LedgerDatabase, NoticesTable, StoreDialect } from './schema.js';

type Db = Kysely<LedgerDatabase>;
type NoticeRow = { [K in keyof NoticesTable]: K extends 'id' ? number : NoticesTable[K] };

/** Rows per INSERT: 8 parameters each, far below both dialects' limits on bound parameters. */
const ROWS_PER_STATEMENT = 500;
/** The longest error text kept (a webhook's answer can be a whole page). */
const MAX_ERROR_LENGTH = 500;

function noticeFromRow(row: NoticeRow): StoredNotice {
  return {
    id: Number(row.id),
    subject: row.subject_key,
    kind: row.kind as NoticeKind,
    source: row.source,
    createdAt: instant(Number(row.created_at)),
    payload: JSON.parse(row.payload) as NoticePayload,
    delivery: {
      status: row.status as NoticeStatus,
      attempts: Number(row.attempts),
      nextAttemptAt: instant(Number(row.next_attempt_at)),
      deliveredAt: row.delivered_at === null ? undefined : instant(Number(row.delivered_at)),
      lastError: row.last_error ?? undefined,
    },
  };
}

export async function noticeCursor(db: Db, source: NoticeSource): Promise<number> {
  const row = await db
    .selectFrom('notice_cursors')
    .select('last_seq')
    .where('source', '=', source)
    .executeTakeFirst();
  return row === undefined ? 0 : Number(row.last_seq);
}

/**
 * On PostgreSQL, where `notices` is partitioned by month (migration 0012) and so can hold no
 * unique index on `source` alone: a notice is inserted only for a source `notice_sources` takes,
 * in the same statement (a source taken by another transaction still open waits for it, then is
 * skipped once it commits), so deriving twice still inserts nothing.
 */
async function insertNoticesPartitioned(tx: Db, notices: readonly NewNotice[]): Promise<number> {
  let created = 0;
  for (let i = 0; i < notices.length; i += ROWS_PER_STATEMENT) {
    const slice = notices.slice(i, i + ROWS_PER_STATEMENT);
    const column = <V>(value: (n: NewNotice) => V): V[] => slice.map(value);
    const { rows } = await sql<{ id: string }>`
      with given as (
        select distinct on (source) *
        from unnest(
          ${column((n) => n.subject)}::text[],
          ${column((n) => n.kind)}::text[],
          ${column((n) => n.source)}::text[],
          ${column((n) => n.createdAt)}::bigint[],
          ${column((n) => JSON.stringify(n.payload))}::text[]
        ) with ordinality as g(subject_key, kind, source, created_at, payload, position)
        order by source, position),
      fresh as (
        insert into notice_sources (source) select source from given
        on conflict do nothing
        returning source)
      insert into notices (subject_key, kind, source, created_at, payload, status, attempts, next_attempt_at)
      select g.subject_key, g.kind, g.source, g.created_at, g.payload, 'pending', 0, g.created_at
      from given g join fresh f on f.source = g.source
      order by g.position
      returning id`.execute(tx);
    created += rows.length;
  }
  return created;
}

/** Inserts the notices whose source is new, in `tx`; returns how many were created. */
async function insertNotices(
  tx: Db,
  notices: readonly NewNotice[],
  dialect?: StoreDialect,
): Promise<number> {
  if (dialect === 'postgres') return insertNoticesPartitioned(tx, notices);
  let created = 0;
  for (let i = 0; i < notices.length; i += ROWS_PER_STATEMENT) {
    const rows = await tx
      .insertInto('notices')
      .values(
        notices.slice(i, i + ROWS_PER_STATEMENT).map((n) => ({
          subject_key: n.subject,
          kind: n.kind,
          source: n.source,
          created_at: n.createdAt,
          payload: JSON.stringify(n.payload),
          status: 'pending',
          attempts: 0,
          next_attempt_at: n.createdAt,
          delivered_at: null,
          last_error: null,
        })),
      )
      .onConflict((oc) => oc.column('source').doNothing())
      .returning('id')
      .execute();
    created += rows.length;
  }
  return created;
}

export async function addNotices(
  db: Db,
  notices: readonly NewNotice[],
  cursor: { readonly source: NoticeSource; readonly seq: number },
  dialect?: StoreDialect,
): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const created = await insertNotices(tx, notices, dialect);
    await tx
      .insertInto('notice_cursors')
      .values({ source: cursor.source, last_seq: cursor.seq })
      .onConflict((oc) =>
        oc
          .column('source')
          .doUpdateSet((eb) => ({ last_seq: eb.ref('excluded.last_seq') }))
          .where('notice_cursors.last_seq', '<', cursor.seq),
      )
      .execute();
    return created;
  });
}

/**
 * In a ledger transaction: the notices of what it appends, and the ledger cursor moved past the
 * append when everything before it was derived: the cursor stood right before it, or only events
 * that give rise to no notice lie between (catalogue, policy and agency versions, subject events).
 * A cursor behind a record or a record event is left to the sync, which reads the append again and
 * finds its notices there already.
 */
export async function addAppendedNotices(
  tx: Db,
  notices: readonly NewNotice[],
  cursor: { readonly from: number; readonly to: number },
  dialect?: StoreDialect,
): Promise<number> {
  const created = await insertNotices(tx, notices, dialect);
  if (cursor.to <= cursor.from) return created;
  // Where the cursor stands right before the append (a server following the ledger): one statement.
  const moved = await tx
    .updateTable('notice_cursors')
    .set({ last_seq: cursor.to })
    .where('source', '=', 'ledger')
    .where('last_seq', '=', cursor.from)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) > 0) return created;
  const at = await noticeCursor(tx, 'ledger');
  if (at >= cursor.from) return created;
  if (await recordsOrEventsBetween(tx, at, cursor.from)) return created;
  // Only from where it was read: a sync that moved it meanwhile (forward only) is left alone.
  await tx
    .insertInto('notice_cursors')
    .values({ source: 'ledger', last_seq: cursor.to })
    .onConflict((oc) =>
      oc
        .column('source')
        .doUpdateSet({ last_seq: cursor.to })
        .where('notice_cursors.last_seq', '=', at),
    )
    .execute();
  return created;
}

/** Whether a record or a record event has a sequence number in (afterSeq, upToSeq]. */
async function recordsOrEventsBetween(db: Db, afterSeq: number, upToSeq: number): Promise<boolean> {
  const record = await db
    .selectFrom('records')
    .select('id')
    .where('id', '>', afterSeq)
    .where('id', '<=', upToSeq)
    .limit(1)
    .executeTakeFirst();
  if (record !== undefined) return true;
  const event = await db
    .selectFrom('record_events')
    .select('seq')
    .where('seq', '>', afterSeq)
    .where('seq', '<=', upToSeq)
    .limit(1)
    .executeTakeFirst();
  return event !== undefined;
}

/** The sequence number of the latest catalogue or policy version; 0 when none. */
export async function latestDocumentSeq(db: Db): Promise<number> {
  const { rows } = await sql<{ seq: number | string | null }>`
    select max(seq) as seq from (
      select max(seq) as seq from catalog_versions
      union all
      select max(seq) as seq from policy_versions) as documents`.execute(db);
  return Number(rows[0]?.seq ?? 0);
}

export async function recordsById(db: Db, ids: readonly number[]): Promise<LedgerRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('records')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  return rows.map(recordFromRow);
}

export async function agencyNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('agencies')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function feedDeltasAfter(
  db: Db,
  afterSeq: number,
  limit: number,
): Promise<FeedDelta[]> {
  if (limit <= 0) return [];
  const rows = await db
    .selectFrom('list_feed')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    seq: Number(row.seq),
    list: row.list_id,
    op: row.op as FeedOp,
    subject: row.subject_key,
    entry: JSON.parse(row.entry) as FeedEntry,
    at: instant(Number(row.at)),
  }));
}

export async function noticesOfSubject(
  db: Db,
  subject: string,
  limit: number,
  beforeId?: number,
): Promise<StoredNotice[]> {
  if (limit <= 0) return [];
  let query = db.selectFrom('notices').selectAll().where('subject_key', '=', subject);
  if (beforeId !== undefined) query = query.where('id', '<', beforeId);
  const rows = await query.orderBy('id', 'desc').limit(limit).execute();
  return rows.map(noticeFromRow);
}

export async function dueNotices(db: Db, now: Instant, limit: number): Promise<StoredNotice[]> {
  if (limit <= 0) return [];
  const rows = await db
    .selectFrom('notices')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(noticeFromRow);
}

export async function claimNotice(
  db: Db,
  id: number,
  now: Instant,
  leaseUntil: Instant,
): Promise<boolean> {
  const result = await db
    .updateTable('notices')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: leaseUntil }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markNoticeDelivered(db: Db, id: number, at: Instant): Promise<void> {
  await db
    .updateTable('notices')
    .set({ status: 'delivered', delivered_at: at, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

export async function markNoticeAttemptFailed(
  db: Db,
  id: number,
  error: string,
  nextAttemptAt: Instant,
  giveUp: boolean,
): Promise<void> {
  await db
    .updateTable('notices')
    .set({
      status: giveUp ? 'failed' : 'pending',
      next_attempt_at: nextAttemptAt,
      last_error: error.slice(0, MAX_ERROR_LENGTH),
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}
