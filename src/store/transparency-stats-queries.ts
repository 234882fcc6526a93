// The public transparency report's counts (app/ports/transparency-stats-store.ts), on both
// dialects with portable SQL: one scan of the window's audit entries for the checks of every
// measure (a `case` per measure on the outcome, `<decision> <measure> <checkId>`, as
// app/checks/measure-check.ts writes it), and grouped counts of records and repair events.
import { sql, type Kysely } from 'kysely';
import type { MeasureCheckCounts } from '../app/ports/transparency-stats-store.js';
import type { Instant } from '../core/time/instant.js';
import type { LedgerDatabase } from './schema.js';

type Db = Kysely<LedgerDatabase>;

const CHECK_PURPOSES = ['enforcement', 'eligibility'];

/** A LIKE pattern matching `text` literally, then anything (`\` escapes). */
function startsWith(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function checksByMeasure(
  db: Db,
  from: Instant,
  to: Instant,
  measures: readonly string[],
): Promise<MeasureCheckCounts[]> {
  if (measures.length === 0) return [];
  const columns = measures.flatMap((measure, i) => {
    const any = ['allow', 'deny', 'eligible', 'not-eligible'].map(
      (decision) => sql`outcome like ${startsWith(`${decision} ${measure} `)} escape '\\'`,
    );
    return [
      sql<number | string>`sum(case when ${sql.join(any, sql` or `)} then 1 else 0 end)`.as(
        `c${i}`,
      ),
      sql<
        number | string
      >`sum(case when outcome like ${startsWith(`deny ${measure} `)} escape '\\' then 1 else 0 end)`.as(
        `d${i}`,
      ),
    ];
  });
  const row = (await db
    .selectFrom('audit_log')
    .select(columns)
    .where('action', '=', 'check')
    .where('purpose', 'in', CHECK_PURPOSES)
    .where('at', '>=', from)
    .where('at', '<', to)
    .executeTakeFirst()) as Record<string, number | string | null> | undefined;
  return measures.map((measure, i) => ({
    measure,
    checks: Number(row?.[`c${i}`] ?? 0),
    denials: Number(row?.[`d${i}`] ?? 0),
  }));
}

export async function recordsByCategoryAndAgency(
  db: Db,
  from: Instant,
  to: Instant,
): Promise<{ category: string; agencyId: string; records: number }[]> {
  const rows = await db
    .selectFrom('records')
    .select(['category', 'agency_id', sql<number | string>`count(*)`.as('records')])
    .where('recorded_at', '>=', from)
    .where('recorded_at', '<', to)
    .groupBy(['category', 'agency_id'])
    .execute();
  return rows.map((r) => ({
    category: r.category,
    agencyId: r.agency_id,
    records: Number(r.records),
  }));
}

export async function repairsByAgency(
  db: Db,
  from: Instant,
  to: Instant,
): Promise<{ agencyId: string; repairs: number }[]> {
  const rows = await db
    .selectFrom('record_events')
    .innerJoin('records', 'records.id', 'record_events.record_id')
    .select(['records.agency_id as agency_id', sql<number | string>`count(*)`.as('repairs')])
    .where('record_events.type', '=', 'repaired')
    .where('record_events.recorded_at', '>=', from)
    .where('record_events.recorded_at', '<', to)
    .groupBy('records.agency_id')
    .execute();
  return rows.map((r) => ({ agencyId: r.agency_id, repairs: Number(r.repairs) }));
}
