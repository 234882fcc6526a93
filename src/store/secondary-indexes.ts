// The ledger's secondary indexes: the ones that serve reads (a subject's records, a record's
// events) and enforce nothing. A bulk load on SQLite sets them aside and builds them again at the
// end, because keeping records(subject_key) up to date row by row, with subjects arriving in
// random order, dirties index pages all over the file and costs more than the inserts
// themselves; one sorted build at the end is several times cheaper.
import { sql, type Kysely } from 'kysely';
import type { LedgerDatabase } from './schema.js';

export const SECONDARY_INDEXES = [
  { name: 'records_subject_key_idx', table: 'records', column: 'subject_key' },
  { name: 'record_events_record_id_idx', table: 'record_events', column: 'record_id' },
] as const;

/** Creates any secondary index that is missing (after a bulk load, or one that was interrupted). */
export async function ensureSecondaryIndexes(db: Kysely<LedgerDatabase>): Promise<void> {
  for (const index of SECONDARY_INDEXES) {
    await sql`create index if not exists ${sql.id(index.name)} on ${sql.table(index.table)} (${sql.id(index.column)})`.execute(
      db,
    );
  }
}

export async function dropSecondaryIndexes(db: Kysely<LedgerDatabase>): Promise<void> {
  for (const index of SECONDARY_INDEXES) {
    await sql`drop index if exists ${sql.id(index.name)}`.execute(db);
  }
}
