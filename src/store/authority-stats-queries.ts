// The AuthorityStatsReader's SQL, shared by both dialects (KyselyLedgerStore delegates here):
// aggregates only, grouped in the database. Plain SQL over `audit_log`, `list_feed`,
// `list_feed_state` and `records`, so it reads the audit log's monthly partitions on PostgreSQL
// as one table (store/audit-partitions.ts): a window on `at` is pruned to its months.
import { sql, type Kysely } from 'kysely';
import type {
  FeedDayCounts,
  MeasureDayCounts,
  SubjectCheckCounts,
} from '../app/ports/authority-stats-store.js';
import { MS_PER_DAY, type Instant } from '../core/time/instant.js';
import type { LedgerDatabase, StoreDialect } from './schema.js';

type Db = Kysely<LedgerDatabase>;

/** The purposes an agency's check is audited under (app/checks/measure-check.ts). */
const CHECK_PURPOSES = ['enforcement', 'eligibility'];

export async function checkCountsBySubject(
  db: Db,
  from: Instant,
  to: Instant,
): Promise<SubjectCheckCounts[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select([
      'subject',
      sql<number | string>`count(*)`.as('checks'),
      sql<number | string>`sum(case when outcome like 'deny %' then 1 else 0 end)`.as('denials'),
    ])
    .where('action', '=', 'check')
    .where('purpose', 'in', CHECK_PURPOSES)
    .where('at', '>=', from)
    .where('at', '<', to)
    .groupBy('subject')
    .execute();
  return rows.map((r) => ({
    subject: r.subject,
    checks: Number(r.checks),
    denials: Number(r.denials),
  }));
}

/** An answered check's outcome: `<decision> <measure> <checkId>` (app/checks/measure-check.ts). */
const ANSWERED = ['allow %', 'deny %', 'eligible %', 'not-eligible %'];

export async function checkCountsByMeasureDay(
  db: Db,
  dialect: StoreDialect,
  since: Instant,
  until: Instant,
): Promise<MeasureDayCounts[]> {
  // The measure is the outcome's second word.
  const measure =
    dialect === 'postgres'
      ? sql<string>`split_part(outcome, ' ', 2)`
      : sql<string>`substr(substr(outcome, instr(outcome, ' ') + 1), 1, instr(substr(outcome, instr(outcome, ' ') + 1), ' ') - 1)`;
  const day = sql<number | string>`cast(at / ${sql.lit(MS_PER_DAY)} as integer)`;
  const rows = await db
    .selectFrom('audit_log')
    .select([
      measure.as('measure'),
      day.as('day'),
      sql<number | string>`count(*)`.as('checks'),
      sql<number | string>`sum(case when outcome like 'deny %' then 1 else 0 end)`.as('denials'),
    ])
    .where('action', '=', 'check')
    .where('purpose', 'in', CHECK_PURPOSES)
    .where('at', '>=', since)
    .where('at', '<', until)
    .where((eb) => eb.or(ANSWERED.map((p) => eb('outcome', 'like', p))))
    .groupBy([measure, day])
    .execute();
  return rows.map((r) => ({
    measure: r.measure,
    day: Number(r.day),
    checks: Number(r.checks),
    denials: Number(r.denials),
  }));
}

export async function feedListSizes(db: Db): Promise<{ list: string; size: number }[]> {
  const rows = await db
    .selectFrom('list_feed_state')
    .select(['list_id', sql<number | string>`count(*)`.as('size')])
    .groupBy('list_id')
    .execute();
  return rows.map((r) => ({ list: r.list_id, size: Number(r.size) }));
}

export async function feedDayCounts(db: Db, since: Instant): Promise<FeedDayCounts[]> {
  const day = sql<number | string>`cast(at / ${sql.lit(MS_PER_DAY)} as integer)`;
  const rows = await db
    .selectFrom('list_feed')
    .select([
      'list_id',
      day.as('day'),
      sql<number | string>`sum(case when op = 'add' then 1 else 0 end)`.as('added'),
      sql<number | string>`sum(case when op = 'remove' then 1 else 0 end)`.as('removed'),
    ])
    .where('at', '>=', since)
    .groupBy(['list_id', day])
    .execute();
  return rows.map((r) => ({
    list: r.list_id,
    day: Number(r.day),
    added: Number(r.added),
    removed: Number(r.removed),
  }));
}

export async function recordsByAgency(
  db: Db,
  from: Instant,
  to: Instant,
): Promise<{ agencyId: string; records: number }[]> {
  const rows = await db
    .selectFrom('records')
    .select(['agency_id', sql<number | string>`count(*)`.as('records')])
    .where('recorded_at', '>=', from)
    .where('recorded_at', '<', to)
    .groupBy('agency_id')
    .execute();
  return rows.map((r) => ({ agencyId: r.agency_id, records: Number(r.records) }));
}
