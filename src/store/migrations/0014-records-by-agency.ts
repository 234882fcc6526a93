// An agency's own records, newest first (`GET /v1/agency/records`, the agency console's "Your
// records"), version 14 of the schema: without this index a court's page of 50 would sort every
// record the court ever submitted (millions in a city) on each request; with it, a page walks the
// index backwards from the cursor. A category filter is applied along the walk; a subject filter
// uses the subject's own index.
import type { Kysely, Migration } from 'kysely';

export function recordsByAgencyMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createIndex('records_agency_id_id_idx')
        .ifNotExists()
        .on('records')
        .columns(['agency_id', 'id'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('records_agency_id_id_idx').ifExists().execute();
    },
  };
}
