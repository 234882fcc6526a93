// The audit log, version 2 of the schema: one append-only table of hash-chained entries (see
// src/app/audit/audit-chain.ts), keyed by their position in the chain, with an index that serves a
// subject's own access log (newest first). Nothing here enforces the chain: the writer keeps it,
// and `probity verify` checks it.
import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';

export function auditLogMigration(dialect: StoreDialect): Migration {
  const seqKey = dialect === 'sqlite' ? 'integer' : 'bigint';

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('audit_log')
        .addColumn('seq', seqKey, (c) => c.primaryKey())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('audit_log_subject_seq_idx')
        .on('audit_log')
        .columns(['subject', 'seq'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('audit_log').execute();
    },
  };
}
