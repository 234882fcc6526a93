// The store's clock, version 9 of the schema: one row saying whether the store is live or a
// simulation (set once by `probity init`), and the latest recording time of the ledger, which no
// append is ever recorded before (app/ledger/recording-clock.ts). A store made by an older version
// that holds anything is live (the safe default: a fixed clock no longer dates its writes), and
// its recording time starts at the latest one its ledger holds.
import { sql, type Kysely, type Migration } from 'kysely';

/** The ledger's tables and the column that says when each row was recorded. */
const RECORDED = [
  ['catalog_versions', 'recorded_at'],
  ['policy_versions', 'recorded_at'],
  ['agencies', 'created_at'],
  ['subject_events', 'recorded_at'],
  ['records', 'recorded_at'],
  ['record_events', 'recorded_at'],
] as const;

export function storeClockMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('store_clock')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('mode', 'text')
        .addColumn('recorded_through', 'bigint', (c) => c.notNull())
        .execute();
      let through = 0;
      for (const [table, column] of RECORDED) {
        const { rows } = await sql<{ t: number | string | null }>`
          select max(${sql.ref(column)}) as t from ${sql.table(table)}`.execute(db);
        through = Math.max(through, Number(rows[0]?.t ?? 0));
      }
      const { rows: head } = await sql<{ last_seq: number | string }>`
        select last_seq from ledger_head where id = 1`.execute(db);
      const used = Number(head[0]?.last_seq ?? 0) > 0;
      await sql`insert into store_clock (id, mode, recorded_through)
        values (1, ${used ? 'live' : null}, ${through})`.execute(db);
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('store_clock').execute();
    },
  };
}
