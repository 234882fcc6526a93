// The list feeds, version 3 of the schema: the deltas of every list's membership in one global
// sequence (`list_feed`, read per list through its (list_id, seq) index), the current entry of
// every member as the feed last said it (`list_feed_state`, kept in the same transaction as the
// deltas, so the diff after each ingest reads the members rather than the whole history of the
// feed), and each consumer's acknowledged position (`feed_acks`).
import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';

export function listFeedsMigration(dialect: StoreDialect): Migration {
  const seqKey = dialect === 'sqlite' ? 'integer' : 'bigint';

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('list_feed')
        .addColumn('seq', seqKey, (c) => c.primaryKey())
        .addColumn('list_id', 'text', (c) => c.notNull())
        .addColumn('op', 'text', (c) => c.notNull())
        .addColumn('subject_key', 'text', (c) => c.notNull())
        .addColumn('entry', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('list_feed_list_id_seq_idx')
        .on('list_feed')
        .columns(['list_id', 'seq'])
        .execute();

      await db.schema
        .createTable('list_feed_state')
        .addColumn('list_id', 'text', (c) => c.notNull())
        .addColumn('subject_key', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('op', 'text', (c) => c.notNull())
        .addColumn('entry', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('list_feed_state_pkey', ['list_id', 'subject_key'])
        .execute();

      await db.schema
        .createTable('feed_acks')
        .addColumn('list_id', 'text', (c) => c.notNull())
        .addColumn('agency_id', 'text', (c) => c.notNull())
        .addColumn('acked_seq', 'bigint', (c) => c.notNull())
        .addColumn('acked_at', 'bigint')
        .addPrimaryKeyConstraint('feed_acks_pkey', ['list_id', 'agency_id'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['feed_acks', 'list_feed_state', 'list_feed']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
