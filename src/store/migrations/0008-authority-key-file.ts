// Keys out of the store, version 8 of the schema: the ledger keeps only the authority's PUBLIC
// keys (`authority_public_keys`, in the order recorded, each signed by itself and, after a
// rotation, endorsed by the key it replaced: app/publications/authority-key.ts), never a private
// half. A store made by an older version kept its key pair in `authority_keys`: its private key is
// handed to the signer here (the composition root writes it to the key file when there is none
// yet, so the store keeps signing with the same key), its public half is recorded as the first key
// of the chain, and the old table goes with the private key in it. Opening such a store without a
// signer to take the key is refused rather than dropping a key that publications depend on.
import { sql, type Kysely, type Migration } from 'kysely';
import type { MigrateOptions } from '../../app/ports/publication-store.js';
import { instant } from '../../core/time/instant.js';
import type { StoreDialect } from '../schema.js';

interface LegacyRow {
  key_id: string;
  public_key: string;
  private_key: string;
  created_at: number | string;
}

export function authorityKeyFileMigration(
  dialect: StoreDialect,
  options: MigrateOptions,
): Migration {
  const counter = dialect === 'sqlite' ? 'integer' : 'bigint';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('authority_public_keys')
        .addColumn('key_id', 'text', (c) => c.primaryKey())
        .addColumn('ordinal', counter, (c) => c.notNull())
        .addColumn('algorithm', 'text', (c) => c.notNull())
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('previous_key_id', 'text')
        .addColumn('endorsement', 'text')
        .addColumn('self_signature', 'text', (c) => c.notNull())
        .execute();

      const { rows } = await sql<LegacyRow>`
        select key_id, public_key, private_key, created_at from authority_keys`.execute(db);
      const [legacy] = rows;
      if (legacy !== undefined) {
        if (options.adoptLegacyKey === undefined)
          throw new Error(
            "this store keeps the authority's private key in its database: open it with `probity`, which moves the key to the key file (PROBITY_KEY_FILE)",
          );
        const records = await options.adoptLegacyKey({
          keyId: legacy.key_id,
          publicKeyPem: legacy.public_key,
          privateKeyPem: legacy.private_key,
          createdAt: instant(Number(legacy.created_at)),
        });
        let ordinal = 0;
        for (const r of records) {
          ordinal += 1;
          await sql`
            insert into authority_public_keys
              (key_id, ordinal, algorithm, public_key, created_at, previous_key_id, endorsement, self_signature)
            values (${r.keyId}, ${ordinal}, ${r.algorithm}, ${r.publicKeyPem}, ${r.createdAt},
              ${r.previousKeyId}, ${r.endorsement}, ${r.selfSignature})`.execute(db);
        }
      }
      await db.schema.dropTable('authority_keys').execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      // The private key is in the key file now: the old table comes back empty.
      await db.schema
        .createTable('authority_keys')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('algorithm', 'text', (c) => c.notNull())
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('private_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.dropTable('authority_public_keys').execute();
    },
  };
}
