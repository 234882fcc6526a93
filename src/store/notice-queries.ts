// The NoticeStore's SQL, shared by both dialects (KyselyLedgerStore delegates here). A notice's
// source is unique, so `addNotices` inserts with ON CONFLICT DO NOTHING and counts the rows it got
// back: deriving twice, or two processes deriving at once, creates each notice once. Delivery is
// claimed row by row with a guarded update (pending, due), so two deliverers never attempt the
// same notice at once, and a delivered notice is never due again.
import type { Kysely } from 'kysely';
import type { FeedDelta, FeedEntry, FeedOp } from '../app/ports/list-feed-store.js';
import type {
  NewNotice,
  NoticeSource,
  NoticeStatus,
  StoredNotice,
} from '../app/ports/notice-store.js';
import type { NoticeKind, NoticePayload } from '../app/notices/notice-payload.js';
import { instant, type Instant } from '../core/time/instant.js';
import type { LedgerDatabase, NoticesTable } from './schema.js';

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

export async function addNotices(
  db: Db,
  notices: readonly NewNotice[],
  cursor: { readonly source: NoticeSource; readonly seq: number },
): Promise<number> {
  return db.transaction().execute(async (tx) => {
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
