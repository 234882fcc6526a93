// The ledger schema, version 1: the head, the catalogue and policy documents, agencies, subjects
// and the three event tables. One migration serves both dialects; the only difference is the type
// of sequence-number keys: `integer primary key` on SQLite makes the key the table's rowid (one
// B-tree instead of two on the bulk path), and `bigint` on PostgreSQL leaves room past 2^31.
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';

export function ledgerSchemaMigration(dialect: StoreDialect): Migration {
  const seqKey = dialect === 'sqlite' ? 'integer' : 'bigint';

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('ledger_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('last_seq', 'bigint', (c) => c.notNull())
        .execute();
      await sql`insert into ledger_head (id, last_seq) values (1, 0)`.execute(db);

      await db.schema
        .createTable('catalog_versions')
        .addColumn('version', 'integer', (c) => c.primaryKey())
        .addColumn('seq', 'bigint', (c) => c.notNull().unique())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('policy_versions')
        .addColumn('seq', seqKey, (c) => c.primaryKey())
        .addColumn('policy_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('effective_from', 'bigint', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('policy_versions_policy_id_version_key', ['policy_id', 'version'])
        .execute();

      await db.schema
        .createTable('agencies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('subjects')
        .addColumn('subject_key', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('birth_date', 'bigint')
        .addColumn('name', 'text')
        .addColumn('first_seq', 'bigint', (c) => c.notNull())
        .addColumn('closed_at', 'bigint')
        .addColumn('closed_by', 'text')
        .execute();

      await db.schema
        .createTable('subject_events')
        .addColumn('seq', seqKey, (c) => c.primaryKey())
        .addColumn('subject_key', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('recorded_at', 'bigint', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('records')
        .addColumn('id', seqKey, (c) => c.primaryKey())
        .addColumn('subject_key', 'text', (c) => c.notNull())
        .addColumn('subject_kind', 'text', (c) => c.notNull())
        .addColumn('agency_id', 'text', (c) => c.notNull())
        .addColumn('source_ref', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'bigint', (c) => c.notNull())
        .addColumn('recorded_at', 'bigint', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('catalog_version', 'integer', (c) => c.notNull())
        .addUniqueConstraint('records_agency_id_source_ref_key', ['agency_id', 'source_ref'])
        .execute();
      await db.schema
        .createIndex('records_subject_key_idx')
        .on('records')
        .column('subject_key')
        .execute();

      await db.schema
        .createTable('record_events')
        .addColumn('seq', seqKey, (c) => c.primaryKey())
        .addColumn('record_id', 'bigint', (c) => c.notNull())
        .addColumn('subject_key', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('recorded_at', 'bigint', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('fields', 'text')
        .execute();
      await db.schema
        .createIndex('record_events_record_id_idx')
        .on('record_events')
        .column('record_id')
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of [
        'record_events',
        'records',
        'subject_events',
        'subjects',
        'agencies',
        'policy_versions',
        'catalog_versions',
        'ledger_head',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
