// Agency tokens, version 10 of the schema: the token each agency holds now, outside the ledger.
// The ledger's `agencies` row keeps the digest of the token the agency was registered with, as
// hashed into the ledger chain; a rotation or a revocation changes only this table, so the chain
// and `probity verify` are untouched (docs/ledger.md, "Agency tokens"). Every agency of an older
// store keeps the token it was registered with, active and without expiry.
import { sql, type Kysely, type Migration } from 'kysely';

export function agencyTokensMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('agency_tokens')
        .addColumn('agency_id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('issued_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .execute();
      await sql`insert into agency_tokens (agency_id, token_hash, issued_at)
        select id, token_hash, created_at from agencies`.execute(db);
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('agency_tokens').execute();
    },
  };
}
