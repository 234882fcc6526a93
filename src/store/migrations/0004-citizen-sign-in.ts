// Citizens' sign-in, version 4 of the schema: one-time codes (a salted SHA-256 digest per code,
// never the code; the count of wrong tries; why it closed) keyed by the subject first, and
// sessions keyed by the digest of their bearer token (the only thing a request presents), with
// the subject indexed so that a subject's sessions can be found and ended together.
import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';

export function citizenSignInMigration(_dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('citizen_sign_in_codes')
        .addColumn('subject_key', 'text', (c) => c.notNull())
        .addColumn('code_id', 'text', (c) => c.notNull())
        .addColumn('salt', 'text', (c) => c.notNull())
        .addColumn('code_hash', 'text', (c) => c.notNull())
        .addColumn('issued_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('closed_at', 'bigint')
        .addColumn('closed_reason', 'text')
        .addPrimaryKeyConstraint('citizen_sign_in_codes_pkey', ['subject_key', 'code_id'])
        .execute();

      await db.schema
        .createTable('citizen_sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('subject_key', 'text', (c) => c.notNull())
        .addColumn('issued_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('citizen_sessions_subject_idx')
        .on('citizen_sessions')
        .columns(['subject_key', 'expires_at'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['citizen_sessions', 'citizen_sign_in_codes']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
