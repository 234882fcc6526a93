// Opens the ledger named by a location: a `postgres://` or `postgresql://` URL selects
// PostgreSQL, anything else is the path of a SQLite file. The schema is brought up to date
// before the store is handed out.
import type { LedgerStore } from '../app/ports/ledger-store.js';
import type { MigrateOptions } from '../app/ports/publication-store.js';
import { openPostgresStore } from './postgres-store.js';
import { openSqliteStore } from './sqlite-store.js';

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/** `options`: what migrating needs from outside the database (see MigrateOptions). */
export async function openStore(
  location: string,
  options: MigrateOptions = {},
): Promise<LedgerStore> {
  const store = POSTGRES_URL.test(location)
    ? openPostgresStore(location)
    : openSqliteStore(location);
  try {
    await store.migrate(options);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
