// The ledger on an embedded SQLite file (better-sqlite3, WAL). Reads and small writes go through
// the shared Kysely store; the bulk path uses prepared statements cached on the very connection
// Kysely uses, so they run inside Kysely's open transaction (records, record events, subjects and
// every audit append's entries). Preparing each statement once and binding rows into a reused
// array keeps the insert path itself near 200 000 records/s, where building a multi-thousand-row
// Kysely query per batch would not. Past that, the cost of an import is index upkeep:
// records(subject_key) takes keys in random order.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { AuditEntry } from '../app/ports/audit-log-store.js';
import type { LedgerStore, NewSubject, SubjectState } from '../app/ports/ledger-store.js';
import type { LedgerRecord, LedgerRecordEvent } from '../core/ledger/ledger-types.js';
import { instant } from '../core/time/instant.js';
import { KyselyLedgerStore, type BulkPath } from './kysely-ledger-store.js';
import { fieldsText } from './ledger-row-mapping.js';
import type { LedgerDatabase } from './schema.js';
import { sqliteLedgerRows } from './sqlite-ledger-rows.js';

/** Keys per `IN (...)` lookup; the last chunk is padded by repeating a key. */
const KEYS_PER_LOOKUP = 500;

type Row = unknown[];

/**
 * A single-row INSERT prepared once and run per row with one reused array of values. Measured
 * on 1 000 000 records in 5 000-row transactions, this was as fast as or faster than 20- and
 * 100-row multi-row statements: better-sqlite3's per-call cost is small, and binding a
 * thousand parameters per statement is not free either.
 */
class PreparedInsert<T> {
  readonly #stmt: Database.Statement<Row>;
  readonly #bind: (row: T, values: unknown[], hash: string) => void;
  readonly #values: unknown[];

  constructor(
    db: Database.Database,
    table: string,
    columns: readonly string[],
    onConflict: string,
    bind: (row: T, values: unknown[], hash: string) => void,
  ) {
    const marks = columns.map(() => '?').join(', ');
    this.#stmt = db.prepare(
      `insert into ${table} (${columns.join(', ')}) values (${marks}) ${onConflict}`,
    );
    this.#bind = bind;
    this.#values = new Array<unknown>(columns.length);
  }

  /** `hashes[i]`: the ledger chain hash of `rows[i]`, for tables that store one. */
  run(rows: readonly T[], hashes?: readonly string[]): void {
    const values = this.#values;
    for (let i = 0; i < rows.length; i += 1) {
      this.#bind(rows[i] as T, values, hashes?.[i] ?? '');
      this.#stmt.run(values);
    }
  }
}

/** A `... in (?, ?, ...)` query prepared once for `KEYS_PER_LOOKUP` keys, after fixed leading parameters. */
class ChunkedLookup<R extends Row> {
  readonly #stmt: Database.Statement<Row, R>;
  readonly #leading: number;

  constructor(db: Database.Database, sqlBeforeKeys: string, leading: number) {
    const marks = Array<string>(KEYS_PER_LOOKUP).fill('?').join(', ');
    this.#stmt = db.prepare<Row, R>(`${sqlBeforeKeys} (${marks})`).raw(true);
    this.#leading = leading;
  }

  *rows(leading: readonly unknown[], keys: readonly string[]): Generator<R> {
    const values = new Array<unknown>(this.#leading + KEYS_PER_LOOKUP);
    for (let p = 0; p < this.#leading; p++) values[p] = leading[p];
    for (let start = 0; start < keys.length; start += KEYS_PER_LOOKUP) {
      const end = Math.min(start + KEYS_PER_LOOKUP, keys.length);
      const pad = keys[end - 1];
      for (let k = 0; k < KEYS_PER_LOOKUP; k++) {
        values[this.#leading + k] = start + k < end ? keys[start + k] : pad;
      }
      yield* this.#stmt.all(values);
    }
  }
}

/** The bulk path's statements, prepared together once the schema exists. */
class SqliteBulkStatements {
  readonly #records: PreparedInsert<LedgerRecord>;
  readonly #recordEvents: PreparedInsert<LedgerRecordEvent>;
  readonly #subjects: PreparedInsert<NewSubject>;
  readonly #audit: PreparedInsert<AuditEntry>;
  readonly #subjectStates: ChunkedLookup<[string, number | null]>;
  readonly #recordIds: ChunkedLookup<[string, number]>;

  constructor(db: Database.Database) {
    this.#records = new PreparedInsert<LedgerRecord>(
      db,
      'records',
      [
        'id',
        'subject_key',
        'subject_kind',
        'agency_id',
        'source_ref',
        'category',
        'occurred_at',
        'recorded_at',
        'fields',
        'catalog_version',
        'hash',
      ],
      '',
      (r, v, hash) => {
        v[0] = r.id;
        v[1] = r.subject;
        v[2] = r.subjectKind;
        v[3] = r.agencyId;
        v[4] = r.sourceRef;
        v[5] = r.category;
        v[6] = r.occurredAt;
        v[7] = r.recordedAt;
        v[8] = JSON.stringify(r.fields);
        v[9] = r.catalogVersion;
        v[10] = hash;
      },
    );
    this.#recordEvents = new PreparedInsert<LedgerRecordEvent>(
      db,
      'record_events',
      [
        'seq',
        'record_id',
        'subject_key',
        'type',
        'at',
        'recorded_at',
        'actor',
        'reason',
        'fields',
        'hash',
      ],
      '',
      (e, v, hash) => {
        v[0] = e.seq;
        v[1] = e.recordId;
        v[2] = e.subject;
        v[3] = e.type;
        v[4] = e.at;
        v[5] = e.recordedAt;
        v[6] = e.actor;
        v[7] = e.reason ?? null;
        v[8] = fieldsText(e.fields);
        v[9] = hash;
      },
    );
    this.#subjects = new PreparedInsert<NewSubject>(
      db,
      'subjects',
      ['subject_key', 'kind', 'birth_date', 'name', 'first_seq'],
      'on conflict (subject_key) do nothing',
      (s, v) => {
        v[0] = s.key;
        v[1] = s.kind;
        v[2] = s.birthDate ?? null;
        v[3] = s.name ?? null;
        v[4] = s.firstSeq;
      },
    );
    // An import's audit entries (one per row) by the same kind of statement as its records,
    // rather than one JSON array expanded by `json_each` (audit-log-queries.ts).
    this.#audit = new PreparedInsert<AuditEntry>(
      db,
      'audit_log',
      ['seq', 'at', 'actor', 'purpose', 'action', 'subject', 'outcome', 'hash'],
      '',
      (e, v) => {
        v[0] = e.seq;
        v[1] = e.at;
        v[2] = e.actor;
        v[3] = e.purpose;
        v[4] = e.action;
        v[5] = e.subject;
        v[6] = e.outcome;
        v[7] = e.hash;
      },
    );
    this.#subjectStates = new ChunkedLookup(
      db,
      'select subject_key, closed_at from subjects where subject_key in',
      0,
    );
    this.#recordIds = new ChunkedLookup(
      db,
      'select source_ref, id from records where agency_id = ? and source_ref in',
      1,
    );
  }

  subjectStates(keys: readonly string[]): Map<string, SubjectState> {
    const states = new Map<string, SubjectState>();
    for (const [key, closedAt] of this.#subjectStates.rows([], keys)) {
      states.set(key, { closedAt: closedAt === null ? undefined : instant(closedAt) });
    }
    return states;
  }

  recordIdsBySourceRef(agencyId: string, sourceRefs: readonly string[]): Map<string, number> {
    return new Map(this.#recordIds.rows([agencyId], sourceRefs));
  }

  insertSubjects(rows: readonly NewSubject[]): void {
    this.#subjects.run(rows);
  }

  insertRecords(rows: readonly LedgerRecord[], hashes: readonly string[]): void {
    this.#records.run(rows, hashes);
  }

  insertRecordEvents(rows: readonly LedgerRecordEvent[], hashes: readonly string[]): void {
    this.#recordEvents.run(rows, hashes);
  }

  insertAuditEntries(entries: readonly AuditEntry[]): void {
    this.#audit.run(entries);
  }
}

/**
 * The SQLite bulk path. The transaction argument is not needed: better-sqlite3 has one
 * connection, and Kysely's open transaction is on it.
 */
class SqliteBulkPath implements BulkPath {
  readonly #db: Database.Database;
  #prepared: SqliteBulkStatements | undefined;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  get #statements(): SqliteBulkStatements {
    this.#prepared ??= new SqliteBulkStatements(this.#db);
    return this.#prepared;
  }

  subjectStates(_tx: unknown, keys: readonly string[]): Promise<Map<string, SubjectState>> {
    return settle(() => this.#statements.subjectStates(keys));
  }

  recordIdsBySourceRef(
    _tx: unknown,
    agencyId: string,
    sourceRefs: readonly string[],
  ): Promise<Map<string, number>> {
    return settle(() => this.#statements.recordIdsBySourceRef(agencyId, sourceRefs));
  }

  insertSubjects(_tx: unknown, rows: readonly NewSubject[]): Promise<void> {
    return settle(() => this.#statements.insertSubjects(rows));
  }

  insertRecords(
    _tx: unknown,
    rows: readonly LedgerRecord[],
    hashes: readonly string[],
  ): Promise<void> {
    return settle(() => this.#statements.insertRecords(rows, hashes));
  }

  insertRecordEvents(
    _tx: unknown,
    rows: readonly LedgerRecordEvent[],
    hashes: readonly string[],
  ): Promise<void> {
    return settle(() => this.#statements.insertRecordEvents(rows, hashes));
  }

  readonly insertAuditEntries = (_tx: unknown, entries: readonly AuditEntry[]): Promise<boolean> =>
    settle(() => {
      this.#statements.insertAuditEntries(entries);
      return true;
    });
}

/** Runs synchronous driver work as a promise, so a thrown error becomes a rejection. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * Opens (creating if needed) the ledger in the SQLite file at `path`. Does not migrate; `openStore`
 * does. No foreign keys are declared: the ledger writer checks references under the head lock,
 * and FK probes would cost on every bulk row.
 */
export function openSqliteStore(path: string): LedgerStore {
  const sqlite = openSqliteDatabase(path);
  const db = new Kysely<LedgerDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
  return new KyselyLedgerStore({
    dialect: 'sqlite',
    db,
    bulkLoadDropsIndexes: true,
    bulk: new SqliteBulkPath(sqlite),
    rawRows: sqliteLedgerRows(sqlite, db),
    afterClose: () => {
      if (sqlite.open) sqlite.close();
    },
  });
}

/** The connection a SQLite store runs on, with the settings every store opens with. */
export function openSqliteDatabase(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  // Durable by default: with FULL, a transaction's WAL frames are synced to disk before its commit
  // returns, so an acknowledged write survives a power failure (NORMAL syncs only at checkpoints
  // and could lose the last commits). bench/README.md records what it costs an import.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  // Imports touch index pages all over the file: 64 MiB of page cache keeps them hot, and
  // checkpointing every ~40 MiB of WAL rather than every 4 MiB writes each hot page back once
  // per many transactions instead of once per transaction.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('wal_autocheckpoint = 10000');
  return sqlite;
}
