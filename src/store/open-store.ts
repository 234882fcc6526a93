// Opens the ledger named by a location: a `postgres://` or `postgresql://` URL selects
// PostgreSQL, anything else is the path of a SQLite file. The schema is brought up to date
// before the store is handed out.
import type { ClusterCoordination } from '../app/ports/cluster-coordination.js';
import type { LedgerStore } from '../app/ports/ledger-store.js';
import type { MigrateOptions } from '../app/ports/publication-store.js';
import { openPostgresCoordination } from './postgres-coordination.js';
import { openPostgresStore } from './postgres-store.js';
import { singleProcessCoordination } from './single-process-coordination.js';
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

/**
 * How a server at `location` hears and coordinates with the other servers of its ledger
 * (app/ports/cluster-coordination.ts): LISTEN/NOTIFY and advisory locks on PostgreSQL, nothing on
 * SQLite (one process). The opener closes it, before the store.
 */
export function openCoordination(location: string): ClusterCoordination {
  return POSTGRES_URL.test(location)
    ? openPostgresCoordination(location)
    : singleProcessCoordination;
}
