// The monthly partitions of the audit log and the notices on PostgreSQL (migration 0012): both
// tables are partitioned by RANGE on their time column (`audit_log.at`, `notices.created_at`,
// epoch milliseconds) by calendar month in UTC, one partition per month named
// `<table>_pYYYYMM`, plus a DEFAULT partition (`<table>_default`) as a safety net for a row whose
// month has no partition yet. Partitions are made ahead: this month and the next, whenever a
// store is opened (every server start and every command) and before an archive runs. A row that
// landed in the DEFAULT partition (a month nobody made ahead: a simulation's clock, a server
// that ran for two months without restarting) is moved into its month's own partition the next
// time that happens: the partition is made as a plain table, the month's rows are moved into it
// from DEFAULT, and it is attached, in one transaction. SQLite has no partitions: nothing here
// runs there.
import { sql, type Kysely } from 'kysely';

export type PartitionedTable = 'audit_log' | 'notices';

/** Each partitioned table and its time column. */
export const PARTITIONED: Readonly<Record<PartitionedTable, string>> = {
  audit_log: 'at',
  notices: 'created_at',
};

/** `YYYY-MM` (UTC) of an instant in epoch milliseconds. */
export function monthOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear().toString().padStart(4, '0')}-${(d.getUTCMonth() + 1).toString().padStart(2, '0')}`;
}

/** The first millisecond of a `YYYY-MM` month (UTC). */
export function monthStart(month: string): number {
  const [year, m] = month.split('-').map(Number);
  return Date.UTC(year ?? 0, (m ?? 1) - 1, 1);
}

/** The month after `month`. */
export function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return monthOf(Date.UTC(year ?? 0, m ?? 1, 1));
}

export const partitionName = (table: PartitionedTable, month: string): string =>
  `${table}_p${month.replace('-', '')}`;

export const defaultPartitionName = (table: PartitionedTable): string => `${table}_default`;

/** The months from the one of `fromMs` to the one of `toMs`, both included (at most `limit`). */
export function monthsBetween(fromMs: number, toMs: number, limit = 1_200): string[] {
  const months: string[] = [];
  const last = monthOf(toMs);
  for (let m = monthOf(fromMs); months.length < limit; m = nextMonth(m)) {
    months.push(m);
    if (m >= last) break;
  }
  return months;
}

async function exists<D>(db: Kysely<D>, name: string): Promise<boolean> {
  const { rows } = await sql<{
    r: string | null;
  }>`select to_regclass(${name})::text as r`.execute(db);
  return rows[0]?.r !== null && rows[0]?.r !== undefined;
}

/** Whether the store's `audit_log` is partitioned (PostgreSQL after migration 0012). */
export async function isPartitioned<D>(db: Kysely<D>, table: PartitionedTable): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_partitioned_table p
    where p.partrelid = to_regclass(${table})`.execute(db);
  return (rows[0]?.n ?? 0) > 0;
}

/**
 * Makes the month's partition of `table` if it is missing, moving the month's rows out of the
 * DEFAULT partition into it, in one transaction under an advisory lock (two servers starting at
 * once make it once).
 */
export async function ensureMonthPartition<D>(
  db: Kysely<D>,
  table: PartitionedTable,
  month: string,
): Promise<boolean> {
  const name = partitionName(table, month);
  if (await exists(db, name)) return false;
  const column = PARTITIONED[table];
  const from = monthStart(month);
  const to = monthStart(nextMonth(month));
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(current_schema()), hashtext('partitions'))`.execute(
      tx,
    );
    if (await exists(tx, name)) return false;
    const fallback = defaultPartitionName(table);
    await sql`create table ${sql.id(name)} (like ${sql.table(table)} including defaults)`.execute(
      tx,
    );
    await sql`
      with moved as (
        delete from ${sql.table(fallback)}
        where ${sql.ref(column)} >= ${from} and ${sql.ref(column)} < ${to}
        returning *)
      insert into ${sql.table(name)} select * from moved`.execute(tx);
    await sql`alter table ${sql.table(table)} attach partition ${sql.table(name)}
      for values from (${sql.lit(from)}) to (${sql.lit(to)})`.execute(tx);
    return true;
  });
}

/**
 * The partitions a PostgreSQL store needs now: this month's and the next (by `nowMs`), and one
 * for every month that has rows waiting in a DEFAULT partition. Returns the partitions made.
 */
export async function ensurePartitions<D>(db: Kysely<D>, nowMs: number): Promise<string[]> {
  const made: string[] = [];
  for (const table of Object.keys(PARTITIONED) as PartitionedTable[]) {
    if (!(await isPartitioned(db, table))) continue;
    const column = PARTITIONED[table];
    const { rows } = await sql<{ month: string }>`
      select distinct to_char(to_timestamp(${sql.ref(column)} / 1000.0) at time zone 'UTC', 'YYYY-MM') as month
      from ${sql.table(defaultPartitionName(table))}`.execute(db);
    const waiting = rows.map((r) => r.month);
    const current = monthOf(nowMs);
    for (const month of new Set([current, nextMonth(current), ...waiting])) {
      if (await ensureMonthPartition(db, table, month)) made.push(partitionName(table, month));
    }
  }
  return made;
}

/** The month partitions of `table`, oldest first. */
export async function monthPartitions<D>(
  db: Kysely<D>,
  table: PartitionedTable,
): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i
    join pg_class c on c.oid = i.inhrelid
    where i.inhparent = to_regclass(${table}) and c.relname like ${`${table}\\_p%`}
    order by c.relname`.execute(db);
  return rows.map((r) => r.name);
}
