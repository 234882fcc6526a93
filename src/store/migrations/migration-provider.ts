// Lists the migrations in code rather than scanning a folder, so the same list runs from dist/,
// from tsx and from vitest. Kysely applies them in the order of their names.
import type { Migration, MigrationProvider } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { ledgerSchemaMigration } from './0001-ledger.js';
import { auditLogMigration } from './0002-audit-log.js';
import { listFeedsMigration } from './0003-list-feeds.js';

export function ledgerMigrations(dialect: StoreDialect): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-ledger': ledgerSchemaMigration(dialect),
    '0002-audit-log': auditLogMigration(dialect),
    '0003-list-feeds': listFeedsMigration(dialect),
  };
  return { getMigrations: () => Promise.resolve(migrations) };
}
