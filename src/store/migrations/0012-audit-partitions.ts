// The audit log at city volume, version 12 of the schema (docs/audit.md).
//
// On PostgreSQL, `audit_log` and `notices` become tables partitioned by RANGE on their time
// column (`at`, `created_at`) by calendar month in UTC (store/audit-partitions.ts), with a
// DEFAULT partition as a safety net; every row is moved across in this migration (one
// transaction: Kysely runs a PostgreSQL migration in one). PostgreSQL requires the partition key
// in every unique constraint, so:
//
// - `audit_log`'s primary key is (seq, at). seq alone stays unique by construction: every append
//   takes the audit lock, reads the last entry under it and numbers after it, and an append of
//   entries numbered already is refused unless its first seq follows the last one read under the
//   lock (audit-log-queries.ts). `probity verify` checks it again: the chain refuses a repeated
//   or missing seq. The key leads with seq, so paging by seq and the last entry stay
//   index-served; (subject, seq) still serves a subject's access log, partition by partition.
// - `notices`' primary key is (id, created_at) (ids come from the same sequence as before), and
//   the idempotence of deriving a notice moves to `notice_sources` (source primary key): a notice
//   is inserted only for a source that table takes (notice-queries.ts).
//
// On both dialects: `audit_archive`, where `probity audit archive` writes its segments (so that
// `probity verify` finds them), and `audit_segments`, one row per archived month with its signed
// manifest (app/audit/audit-segment.ts). SQLite's tables are otherwise unchanged.
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';
import {
  isPartitioned,
  monthOf,
  monthsBetween,
  monthStart,
  nextMonth,
  partitionName,
} from '../audit-partitions.js';

async function partitionAuditLog(db: Kysely<unknown>, months: readonly string[]): Promise<void> {
  await sql`alter table audit_log rename to audit_log_v11`.execute(db);
  await sql`alter index audit_log_subject_seq_idx rename to audit_log_v11_subject_seq_idx`.execute(
    db,
  );
  await sql`alter table audit_log_v11 rename constraint audit_log_pkey to audit_log_v11_pkey`.execute(
    db,
  );
  await sql`
    create table audit_log (
      seq bigint not null,
      at bigint not null,
      actor text not null,
      purpose text not null,
      action text not null,
      subject text not null,
      outcome text not null,
      hash text not null,
      constraint audit_log_pkey primary key (seq, at)
    ) partition by range (at)`.execute(db);
  await sql`create index audit_log_subject_seq_idx on audit_log (subject, seq)`.execute(db);
  await sql`create table audit_log_default partition of audit_log default`.execute(db);
  for (const month of months) {
    await sql`create table ${sql.id(partitionName('audit_log', month))} partition of audit_log
      for values from (${sql.lit(monthStart(month))}) to (${sql.lit(monthStart(nextMonth(month)))})`.execute(
      db,
    );
  }
  await sql`
    insert into audit_log (seq, at, actor, purpose, action, subject, outcome, hash)
    select seq, at, actor, purpose, action, subject, outcome, hash from audit_log_v11 order by seq`.execute(
    db,
  );
  await sql`drop table audit_log_v11`.execute(db);
}

async function partitionNotices(db: Kysely<unknown>, months: readonly string[]): Promise<void> {
  await sql`alter table notices rename to notices_v11`.execute(db);
  await sql`alter sequence notices_id_seq owned by none`.execute(db);
  await sql`alter table notices_v11 rename constraint notices_pkey to notices_v11_pkey`.execute(db);
  await sql`alter table notices_v11 rename constraint notices_source_key to notices_v11_source_key`.execute(
    db,
  );
  await sql`alter index notices_subject_key_id_idx rename to notices_v11_subject_key_id_idx`.execute(
    db,
  );
  await sql`alter index notices_status_next_attempt_at_idx rename to notices_v11_status_next_attempt_at_idx`.execute(
    db,
  );
  await sql`
    create table notices (
      id bigint not null default nextval('notices_id_seq'),
      subject_key text not null,
      kind text not null,
      source text not null,
      created_at bigint not null,
      payload text not null,
      status text not null,
      attempts integer not null default 0,
      next_attempt_at bigint not null,
      delivered_at bigint,
      last_error text,
      constraint notices_pkey primary key (id, created_at)
    ) partition by range (created_at)`.execute(db);
  await sql`alter sequence notices_id_seq owned by notices.id`.execute(db);
  await sql`create index notices_subject_key_id_idx on notices (subject_key, id)`.execute(db);
  await sql`create index notices_status_next_attempt_at_idx on notices (status, next_attempt_at)`.execute(
    db,
  );
  await sql`create table notices_default partition of notices default`.execute(db);
  for (const month of months) {
    await sql`create table ${sql.id(partitionName('notices', month))} partition of notices
      for values from (${sql.lit(monthStart(month))}) to (${sql.lit(monthStart(nextMonth(month)))})`.execute(
      db,
    );
  }
  await sql`insert into notices select * from notices_v11 order by id`.execute(db);
  await sql`create table notice_sources (source text primary key)`.execute(db);
  await sql`insert into notice_sources (source) select source from notices_v11`.execute(db);
  await sql`drop table notices_v11`.execute(db);
}

/** The months holding rows of `table` (by `column`), this month and the next. */
async function monthsToMake(
  db: Kysely<unknown>,
  table: string,
  column: string,
  nowMs: number,
): Promise<string[]> {
  const { rows } = await sql<{ month: string | null }>`
    select distinct to_char(to_timestamp(${sql.ref(column)} / 1000.0) at time zone 'UTC', 'YYYY-MM') as month
    from ${sql.table(table)}`.execute(db);
  const current = monthOf(nowMs);
  const months = new Set([
    ...rows.flatMap((r) => (r.month === null ? [] : [r.month])),
    ...monthsBetween(nowMs, monthStart(nextMonth(current))),
  ]);
  return [...months].sort();
}

export function auditPartitionsMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // Already partitioned (a store whose migration records were set back by hand): as it is.
      if (dialect === 'postgres' && !(await isPartitioned(db, 'audit_log'))) {
        const now = Date.now();
        await partitionAuditLog(db, await monthsToMake(db, 'audit_log', 'at', now));
        await partitionNotices(db, await monthsToMake(db, 'notices', 'created_at', now));
      }
      await db.schema
        .createTable('audit_archive')
        .ifNotExists()
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('dir', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('audit_segments')
        .ifNotExists()
        .addColumn('month', 'text', (c) => c.primaryKey())
        .addColumn('first_seq', 'bigint', (c) => c.notNull())
        .addColumn('last_seq', 'bigint', (c) => c.notNull())
        .addColumn('last_at', 'bigint', (c) => c.notNull())
        .addColumn('last_hash', 'text', (c) => c.notNull())
        .addColumn('manifest', 'text', (c) => c.notNull())
        .addColumn('archived_at', 'bigint', (c) => c.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('audit_segments').execute();
      await db.schema.dropTable('audit_archive').execute();
    },
  };
}
