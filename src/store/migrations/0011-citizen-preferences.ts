// Citizens' preferences, version 11 of the schema: the language each subject reads their notices
// in, chosen by the citizen (`PUT /v1/citizen/preferences`), keyed by the subject's normalised
// identifier. Not a ledger event and not derived: a subject without a row reads the default
// language (zh-CN). Notices composed before a change keep the words they were composed with.
import type { Kysely, Migration } from 'kysely';

export function citizenPreferencesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('citizen_preferences')
        .addColumn('subject_key', 'text', (c) => c.primaryKey())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('citizen_preferences').execute();
    },
  };
}
