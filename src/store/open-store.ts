// Opens the ledger named by a location: a `postgres://` or `postgresql://` URL selects
// PostgreSQL, anything else is the path of a SQLite file. The schema is brought up to date
// before the store is handed out.
import type { LedgerStore } from '../app/ports/ledger-store.js';
import { openPostgresStore } from './postgres-store.js';
import { openSqliteStore } from './sqlite-store.js';

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

export async function openStore(location: string): Promise<LedgerStore> {
  const store = POSTGRES_URL.test(location)
    ? openPostgresStore(location)
    : openSqliteStore(location);
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
