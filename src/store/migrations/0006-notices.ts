// The notice outbox (charter C6): one row per notice, unique by its source (`record:<seq>`,
// `event:<seq>`, `feed:<seq>`) so that deriving twice inserts nothing, with its delivery state
// (status, attempts, next attempt, when delivered, last error); an index per reader (a subject's
// notices newest first; the deliverer's due notices); and the derivation cursor of each source.
import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';

export function noticesMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('notices')
        .addColumn('id', dialect === 'sqlite' ? 'integer' : 'bigserial', (c) =>
          dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
        )
        .addColumn('subject_key', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('delivered_at', 'bigint')
        .addColumn('last_error', 'text')
        .execute();
      await db.schema
        .createIndex('notices_subject_key_id_idx')
        .on('notices')
        .columns(['subject_key', 'id'])
        .execute();
      await db.schema
        .createIndex('notices_status_next_attempt_at_idx')
        .on('notices')
        .columns(['status', 'next_attempt_at'])
        .execute();

      await db.schema
        .createTable('notice_cursors')
        .addColumn('source', 'text', (c) => c.primaryKey())
        .addColumn('last_seq', 'bigint', (c) => c.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['notice_cursors', 'notices']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
