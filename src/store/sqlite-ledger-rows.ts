// The raw row reader of a SQLite ledger, for folding (ledger-event-pages.ts): better-sqlite3
// statements in raw mode (each row an array, no row object), prepared once per store, read in
// keyset pages in sequence order and decoded straight into ledger events (ledger-raw-rows.ts).
// Each page is read while holding the store's one connection through the query builder's
// connection lock, so a read never runs inside a transaction another caller has open on it (it
// would see that transaction's uncommitted rows); between pages the connection is free. The head
// bound makes the pages one view, as on the query-builder path.
import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { LedgerRows, OpenLedgerRows } from './ledger-event-pages.js';
import {
  RECORD_COLUMNS,
  RECORD_EVENT_COLUMNS,
  SUBJECT_EVENT_COLUMNS,
  recordEventOfRow,
  recordOfRow,
  subjectEventOfRow,
  type RawRow,
} from './ledger-raw-rows.js';
import type { LedgerDatabase } from './schema.js';

interface Statements {
  readonly head: Database.Statement<[], number>;
  readonly documents: Database.Statement<[number, number, number, number], number>;
  readonly agencies: Database.Statement<[number, number], number>;
  readonly records: Database.Statement<[number, number, number], RawRow>;
  readonly recordEvents: Database.Statement<[number, number, number], RawRow>;
  readonly subjectEvents: Database.Statement<[number, number, number], RawRow>;
}

function prepare(sqlite: Database.Database): Statements {
  const page = (columns: string, table: string, key: string) =>
    sqlite
      .prepare<[number, number, number], RawRow>(
        `SELECT ${columns} FROM ${table} WHERE ${key} > ? AND ${key} <= ? ORDER BY ${key} LIMIT ?`,
      )
      .raw(true);
  return {
    head: sqlite.prepare<[], number>('SELECT last_seq FROM ledger_head WHERE id = 1').pluck(),
    documents: sqlite
      .prepare<[number, number, number, number], number>(
        'SELECT seq FROM catalog_versions WHERE seq > ? AND seq <= ? UNION ALL SELECT seq FROM policy_versions WHERE seq > ? AND seq <= ?',
      )
      .pluck(),
    agencies: sqlite
      .prepare<[number, number], number>('SELECT seq FROM agencies WHERE seq > ? AND seq <= ?')
      .pluck(),
    records: page(RECORD_COLUMNS, 'records', 'id'),
    recordEvents: page(RECORD_EVENT_COLUMNS, 'record_events', 'seq'),
    subjectEvents: page(SUBJECT_EVENT_COLUMNS, 'subject_events', 'seq'),
  };
}

/** The raw reads of a SQLite ledger whose one connection `db` (the query builder) runs on. */
export function sqliteLedgerRows(
  sqlite: Database.Database,
  db: Kysely<LedgerDatabase>,
): OpenLedgerRows {
  let statements: Statements | undefined;
  /** Runs `read` on the connection once no one else holds it. */
  const locked = <T>(read: (s: Statements) => T): Promise<T> =>
    db.connection().execute(() => {
      statements ??= prepare(sqlite);
      return Promise.resolve(read(statements));
    });
  const rows: LedgerRows = {
    head: () =>
      locked((s) => {
        const head = s.head.get();
        if (head === undefined) throw new Error('the ledger has no head row');
        return head;
      }),
    otherSeqs: (after, head) =>
      locked((s) => ({
        documents: s.documents.all(after, head, after, head),
        agencies: s.agencies.all(after, head),
      })),
    records: (after, head, limit) =>
      locked((s) => s.records.all(after, head, limit).map(recordOfRow)),
    recordEvents: (after, head, limit) =>
      locked((s) => s.recordEvents.all(after, head, limit).map(recordEventOfRow)),
    subjectEvents: (after, head, limit) =>
      locked((s) => s.subjectEvents.all(after, head, limit).map(subjectEventOfRow)),
    end: () => Promise.resolve(),
  };
  return () => Promise.resolve(rows);
}
