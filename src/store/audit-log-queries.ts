// The AuditLogStore's SQL, shared by both dialects (KyselyLedgerStore delegates here). The rows
// of an append go through the store's bulk path when it has one (`AuditRowsWriter`: a cached
// prepared single-row INSERT on SQLite, `COPY` on PostgreSQL for a large append), the way an
// import's records do; otherwise as one INSERT whatever its size: on SQLite one JSON array
// expanded by `json_each`, on PostgreSQL column arrays expanded by `unnest`, so the
// group-committed batches of the audit writer (and a 100 000-subject batch check) cost one round
// trip and one plan. Every append takes the audit lock and reads the last entry under it, in its own
// transaction or inside a ledger transaction (a write's entry is committed with the write), so
// appends from any connection or process are serialised and chain one after the other. The seq
// primary key still refuses an entry numbered from a stale head, and the append refuses to leave
// a gap: both are reported as `AuditConflict`.
import { sql, type Kysely } from 'kysely';
import type {
  AccessLogCount,
  AccessLogQuery,
  AuditChainer,
  AuditEntry,
} from '../app/ports/audit-log-store.js';
import { DomainError } from '../core/errors/domain-error.js';
import { instant, type Instant } from '../core/time/instant.js';
import type { AuditSegmentRow } from '../app/ports/audit-archive-store.js';
import { isPartitioned, monthPartitions, monthStart, nextMonth } from './audit-partitions.js';
import type { AuditLogTable, LedgerDatabase, StoreDialect } from './schema.js';
import { isUniqueViolation } from './unique-violation.js';

type Db = Kysely<LedgerDatabase>;

/**
 * Writes consecutive audit entries, already numbered and hashed, in the open transaction `tx`
 * (the store's bulk path): resolves `true` when it wrote them, `false` to leave them to the
 * one-statement INSERT here. A taken seq fails as the driver's unique violation.
 */
export type AuditRowsWriter = (tx: Db, entries: readonly AuditEntry[]) => Promise<boolean>;

function entryFromRow(row: AuditLogTable): AuditEntry {
  return {
    seq: Number(row.seq),
    at: instant(Number(row.at)),
    actor: row.actor,
    purpose: row.purpose,
    action: row.action,
    subject: row.subject,
    outcome: row.outcome,
    hash: row.hash,
  };
}

/**
 * Takes the audit lock until the transaction `tx` ends (audit-log-store.ts): on PostgreSQL a
 * transaction-scoped advisory lock keyed by the store's schema, on SQLite the database's write
 * lock (any write statement takes it, one that changes no row included). A ledger transaction
 * holds the write lock from its start already, and takes the audit lock last, after the ledger
 * head: the same order everywhere, so no two appends wait for each other in a circle.
 */
async function lockAudit(tx: Db, dialect: StoreDialect): Promise<void> {
  if (dialect === 'postgres') {
    await sql`select pg_advisory_xact_lock(hashtext(current_schema()), hashtext('audit_log'))`.execute(
      tx,
    );
  } else {
    await sql`update audit_log set seq = seq where 0`.execute(tx);
  }
}

function refuseNonConsecutive(entries: readonly AuditEntry[]): void {
  const first = entries[0];
  if (first === undefined) return;
  entries.forEach((e, i) => {
    if (e.seq !== first.seq + i) {
      throw new DomainError(
        'AuditConflict',
        `audit entries must be consecutive: ${e.seq} at position ${i} after ${first.seq}`,
      );
    }
  });
}

/**
 * Inserts consecutive entries in `tx`, under the audit lock: a taken seq, or a gap (checked unless
 * the entries were chained from the last entry read under the lock), is `AuditConflict`.
 */
async function insertAudit(
  tx: Db,
  dialect: StoreDialect,
  entries: readonly AuditEntry[],
  chainedFromLast = false,
  write?: AuditRowsWriter,
): Promise<void> {
  const first = entries[0];
  if (first === undefined) return;
  refuseNonConsecutive(entries);
  if (!chainedFromLast) {
    // Under the audit lock, the entries must follow the last one exactly. On PostgreSQL the
    // primary key is (seq, at) (the partitioned table of migration 0012), so an entry repeating a
    // seq with another instant is refused here rather than by the key; the last entry may be in
    // the archive (lastAudit).
    const lastSeq = (await lastAudit(tx))?.seq ?? 0;
    if (first.seq <= lastSeq) {
      throw new DomainError(
        'AuditConflict',
        `audit entry ${first.seq} or a later one is already written`,
      );
    }
    if (first.seq > lastSeq + 1) {
      throw new DomainError(
        'AuditConflict',
        `audit entry ${first.seq} does not follow the last entry`,
      );
    }
  }
  try {
    const written = write !== undefined && (await write(tx, entries));
    if (written) {
      // The store's bulk path wrote them.
    } else if (dialect === 'sqlite') {
      const rows = JSON.stringify(
        entries.map((e) => [
          e.seq,
          e.at,
          e.actor,
          e.purpose,
          e.action,
          e.subject,
          e.outcome,
          e.hash,
        ]),
      );
      await sql`
        insert into audit_log (seq, at, actor, purpose, action, subject, outcome, hash)
        select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7
        from json_each(${rows})`.execute(tx);
    } else {
      const column = <V>(value: (e: AuditEntry) => V): V[] => entries.map(value);
      await sql`
        insert into audit_log (seq, at, actor, purpose, action, subject, outcome, hash)
        select * from unnest(
          ${column((e) => e.seq)}::bigint[],
          ${column((e) => e.at)}::bigint[],
          ${column((e) => e.actor)}::text[],
          ${column((e) => e.purpose)}::text[],
          ${column((e) => e.action)}::text[],
          ${column((e) => e.subject)}::text[],
          ${column((e) => e.outcome)}::text[],
          ${column((e) => e.hash)}::text[])`.execute(tx);
    }
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new DomainError(
      'AuditConflict',
      `audit entry ${first.seq} or a later one is already written`,
    );
  }
}

export async function appendAudit(
  db: Db,
  dialect: StoreDialect,
  entries: readonly AuditEntry[],
  write?: AuditRowsWriter,
): Promise<void> {
  if (entries.length === 0) return;
  refuseNonConsecutive(entries);
  await db.transaction().execute(async (tx) => {
    await lockAudit(tx, dialect);
    await insertAudit(tx, dialect, entries, false, write);
  });
}

/**
 * Inside the transaction `tx` (its own, or a ledger transaction): takes the audit lock, reads the
 * last entry under it, and appends what `chain` makes of it.
 */
export async function appendAuditChainIn(
  tx: Db,
  dialect: StoreDialect,
  chain: AuditChainer,
  write?: AuditRowsWriter,
): Promise<readonly AuditEntry[]> {
  await lockAudit(tx, dialect);
  const last = await lastAudit(tx);
  const entries = await chain(last);
  if (entries.length > 0 && entries[0]?.seq !== (last?.seq ?? 0) + 1) {
    throw new DomainError('AuditConflict', 'audit entries must follow the last entry');
  }
  await insertAudit(tx, dialect, entries, true, write);
  return entries;
}

export function appendAuditChain(
  db: Db,
  dialect: StoreDialect,
  chain: AuditChainer,
  write?: AuditRowsWriter,
): Promise<readonly AuditEntry[]> {
  return db.transaction().execute((tx) => appendAuditChainIn(tx, dialect, chain, write));
}

/**
 * The log's last entry: the live table's, else (everything archived so far) the last archived
 * entry's seq, instant and hash, its other fields empty: all a chainer reads of it is its seq and
 * hash (`auditHeadOf`).
 */
export async function lastAudit(db: Db): Promise<AuditEntry | undefined> {
  const row = await db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row !== undefined) return entryFromRow(row);
  const archived = await archivedHead(db);
  return (
    archived && {
      seq: archived.seq,
      at: archived.at,
      actor: '',
      purpose: '',
      action: '',
      subject: '',
      outcome: '',
      hash: archived.hash,
    }
  );
}

/** The last archived entry's seq, instant and hash (audit_segments), if any month is archived. */
export async function archivedHead(
  db: Db,
): Promise<{ seq: number; at: Instant; hash: string } | undefined> {
  const { rows } = await sql<{
    last_seq: string | number;
    last_at: string | number;
    last_hash: string;
  }>`
    select last_seq, last_at, last_hash from audit_segments order by last_seq desc limit 1`.execute(
    db,
  );
  const row = rows[0];
  return (
    row && { seq: Number(row.last_seq), at: instant(Number(row.last_at)), hash: row.last_hash }
  );
}

export async function readAudit(db: Db, afterSeq: number, limit: number): Promise<AuditEntry[]> {
  if (limit <= 0) return [];
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(entryFromRow);
}

export async function auditOfSubject(
  db: Db,
  subject: string,
  limit: number,
): Promise<AuditEntry[]> {
  if (limit <= 0) return [];
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('subject', '=', subject)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map(entryFromRow);
}

/** One page of a subject's access log, newest first (the subject-and-seq index serves it). */
export async function accessLogOf(
  db: Db,
  subject: string,
  query: AccessLogQuery,
): Promise<AuditEntry[]> {
  if (query.limit <= 0) return [];
  let select = db.selectFrom('audit_log').selectAll().where('subject', '=', subject);
  if (query.beforeSeq !== undefined) select = select.where('seq', '<', query.beforeSeq);
  if (query.actor !== undefined) select = select.where('actor', '=', query.actor);
  if (query.purpose !== undefined) select = select.where('purpose', '=', query.purpose);
  if (query.from !== undefined) select = select.where('at', '>=', query.from);
  if (query.to !== undefined) select = select.where('at', '<', query.to);
  const rows = await select.orderBy('seq', 'desc').limit(query.limit).execute();
  return rows.map(entryFromRow);
}

/** A subject's whole log counted by actor and purpose, most entries first. */
export async function accessLogCounts(db: Db, subject: string): Promise<AccessLogCount[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select((eb) => [
      'actor',
      'purpose',
      eb.fn.countAll<number | string | bigint>().as('entries'),
      eb.fn.min('at').as('first'),
      eb.fn.max('at').as('last'),
    ])
    .where('subject', '=', subject)
    .groupBy(['actor', 'purpose'])
    .execute();
  return rows
    .map((r) => ({
      actor: r.actor,
      purpose: r.purpose,
      entries: Number(r.entries),
      first: instant(Number(r.first)),
      last: instant(Number(r.last)),
    }))
    .sort(
      (a, b) =>
        b.entries - a.entries ||
        (a.actor < b.actor ? -1 : a.actor > b.actor ? 1 : 0) ||
        (a.purpose < b.purpose ? -1 : a.purpose > b.purpose ? 1 : 0),
    );
}

// ---- The archive's bookkeeping (app/ports/audit-archive-store.ts, docs/audit.md)

export async function auditArchiveDir(db: Db): Promise<string | undefined> {
  const { rows } = await sql<{ dir: string }>`select dir from audit_archive where id = 1`.execute(
    db,
  );
  return rows[0]?.dir;
}

export async function recordAuditArchiveDir(db: Db, dir: string, at: Instant): Promise<void> {
  await sql`
    insert into audit_archive (id, dir, updated_at) values (1, ${dir}, ${at})
    on conflict (id) do update set dir = excluded.dir, updated_at = excluded.updated_at`.execute(
    db,
  );
}

interface SegmentRow {
  month: string;
  first_seq: string | number;
  last_seq: string | number;
  last_at: string | number;
  last_hash: string;
  manifest: string;
  archived_at: string | number;
}

export async function auditSegments(db: Db): Promise<AuditSegmentRow[]> {
  const { rows } = await sql<SegmentRow>`
    select month, first_seq, last_seq, last_at, last_hash, manifest, archived_at
    from audit_segments order by last_seq`.execute(db);
  return rows.map((r) => ({
    month: r.month,
    firstSeq: Number(r.first_seq),
    lastSeq: Number(r.last_seq),
    lastAt: instant(Number(r.last_at)),
    lastHash: r.last_hash,
    manifest: r.manifest,
    archivedAt: instant(Number(r.archived_at)),
  }));
}

export async function firstLiveAudit(db: Db): Promise<AuditEntry | undefined> {
  const row = await db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  return row && entryFromRow(row);
}

export async function lastAuditSeqBefore(db: Db, before: Instant): Promise<number | undefined> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('at', '<', before)
    .executeTakeFirst();
  return row?.seq === null || row?.seq === undefined ? undefined : Number(row.seq);
}

/** The month partitions of `audit_log` that end at or before `end` (PostgreSQL). */
async function partitionsEndingBy(tx: Db, end: number): Promise<string[]> {
  const names = await monthPartitions<LedgerDatabase>(tx, 'audit_log');
  return names.filter((name) => {
    const month = `${name.slice(-6, -2)}-${name.slice(-2)}`;
    return monthStart(nextMonth(month)) <= end;
  });
}

export async function commitAuditSegment(
  db: Db,
  dialect: StoreDialect,
  row: AuditSegmentRow,
  monthEnd: Instant,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await lockAudit(tx, dialect);
    const first = await firstLiveAudit(tx);
    const last = await lastAuditSeqBefore(tx, monthEnd);
    if (first?.seq !== row.firstSeq || last !== row.lastSeq) {
      throw new DomainError(
        'AuditConflict',
        `the live audit log no longer holds entries ${row.firstSeq}..${row.lastSeq} as the month ${row.month}: run the archive again`,
      );
    }
    try {
      await sql`
        insert into audit_segments (month, first_seq, last_seq, last_at, last_hash, manifest, archived_at)
        values (${row.month}, ${row.firstSeq}, ${row.lastSeq}, ${row.lastAt}, ${row.lastHash}, ${row.manifest}, ${row.archivedAt})`.execute(
        tx,
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new DomainError('AuditConflict', `the month ${row.month} is archived already`);
    }
    if (dialect === 'postgres' && (await isPartitioned<LedgerDatabase>(tx, 'audit_log'))) {
      for (const name of await partitionsEndingBy(tx, monthEnd)) {
        await sql`alter table audit_log detach partition ${sql.table(name)}`.execute(tx);
        await sql`drop table ${sql.table(name)}`.execute(tx);
      }
    }
    // What is left: entries of the month in DEFAULT, or a few written a moment late across the
    // month's end (a seq below the month's last one, an instant in the next month).
    await tx.deleteFrom('audit_log').where('seq', '<=', row.lastSeq).execute();
  });
}

export async function replaceAuditSegmentManifest(
  db: Db,
  month: string,
  was: string,
  manifest: string,
): Promise<boolean> {
  const result = await sql`
    update audit_segments set manifest = ${manifest}
    where month = ${month} and manifest = ${was}`.execute(db);
  return Number(result.numAffectedRows ?? 0) === 1;
}
