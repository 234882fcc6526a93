// Publications, version 5 of the schema: the authority's Ed25519 key pair (one row: the public
// half is served to verifiers, the private half signs manifests), and every published version of
// every public list with its canonical manifest hash, its files and the full identifiers behind
// its masked entries (kept for the next version's delta, never published). The primary key
// (list_id, version) is what keeps two publishers from both writing version n.
import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';

export function publicationsMigration(dialect: StoreDialect): Migration {
  const counter = dialect === 'sqlite' ? 'integer' : 'bigint';

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('authority_keys')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('algorithm', 'text', (c) => c.notNull())
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('private_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('publications')
        .addColumn('list_id', 'text', (c) => c.notNull())
        .addColumn('version', counter, (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('published_at', 'bigint', (c) => c.notNull())
        .addColumn('entries', counter, (c) => c.notNull())
        .addColumn('manifest_sha256', 'text', (c) => c.notNull())
        .addColumn('manifest', 'text', (c) => c.notNull())
        .addColumn('files', 'text', (c) => c.notNull())
        .addColumn('contents', 'text', (c) => c.notNull())
        .addColumn('subjects', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('publications_pkey', ['list_id', 'version'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['publications', 'authority_keys']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
