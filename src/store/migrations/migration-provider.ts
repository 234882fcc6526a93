// Lists the migrations in code rather than scanning a folder, so the same list runs from dist/,
// from tsx and from vitest. Kysely applies them in the order of their names.
import type { Migration, MigrationProvider } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { ledgerSchemaMigration } from './0001-ledger.js';
import { auditLogMigration } from './0002-audit-log.js';
import { listFeedsMigration } from './0003-list-feeds.js';
import { citizenSignInMigration } from './0004-citizen-sign-in.js';
import { publicationsMigration } from './0005-publications.js';
import { noticesMigration } from './0006-notices.js';
import { ledgerChainMigration } from './0007-ledger-chain.js';
import { authorityKeyFileMigration } from './0008-authority-key-file.js';
import { storeClockMigration } from './0009-store-clock.js';
import { agencyTokensMigration } from './0010-agency-tokens.js';
import { citizenPreferencesMigration } from './0011-citizen-preferences.js';
import { auditPartitionsMigration } from './0012-audit-partitions.js';
import { publishedEntriesMigration } from './0013-published-entries.js';
import { recordsByAgencyMigration } from './0014-records-by-agency.js';
import type { MigrateOptions } from '../../app/ports/publication-store.js';

export function ledgerMigrations(
  dialect: StoreDialect,
  options: MigrateOptions = {},
): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-ledger': ledgerSchemaMigration(dialect),
    '0002-audit-log': auditLogMigration(dialect),
    '0003-list-feeds': listFeedsMigration(dialect),
    '0004-citizen-sign-in': citizenSignInMigration(dialect),
    '0005-publications': publicationsMigration(dialect),
    '0006-notices': noticesMigration(dialect),
    '0007-ledger-chain': ledgerChainMigration(dialect),
    '0008-authority-key-file': authorityKeyFileMigration(dialect, options),
    '0009-store-clock': storeClockMigration(),
    '0010-agency-tokens': agencyTokensMigration(),
    '0011-citizen-preferences': citizenPreferencesMigration(),
    '0012-audit-partitions': auditPartitionsMigration(dialect),
    '0013-published-entries': publishedEntriesMigration(dialect),
    '0014-records-by-agency': recordsByAgencyMigration(),
  };
  return { getMigrations: () => Promise.resolve(migrations) };
}
