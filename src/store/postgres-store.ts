// The ledger on PostgreSQL (pg Pool). Reads and small writes go through the shared Kysely store;
// the bulk path sends each batch as one statement whose columns are array parameters expanded by
// `unnest`, so 5 000 rows cost one round trip and one plan, whatever the batch size. A batch of
// records, and the audit entries of an import's batch, go in by `COPY ... FROM STDIN` instead, on
// the very connection of Kysely's open transaction (found by its backend pid), when large enough
// for COPY to pay.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { AuditEntry } from '../app/ports/audit-log-store.js';
import type { LedgerStore, NewSubject, SubjectState } from '../app/ports/ledger-store.js';
import type { LedgerRecord, LedgerRecordEvent } from '../core/ledger/ledger-types.js';
import { instant } from '../core/time/instant.js';
import { databaseHosts, FailoverPool } from './postgres-failover.js';
import { LedgerRewindGuard, readHead } from './postgres-ledger-guard.js';
import { KyselyLedgerStore, type BulkPath, type LedgerTransaction } from './kysely-ledger-store.js';
import { fieldsText } from './ledger-row-mapping.js';
import { postgresLedgerRows } from './postgres-ledger-rows.js';
import type { LedgerDatabase } from './schema.js';

/**
 * int8 (instants, sequence numbers, counts) as JS numbers: epoch milliseconds and ledger
 * sequence numbers stay far below 2^53. Set on this pool only, not on pg's global parsers.
 */
const INT8_OID = 20;

function parserFor(oid: number, format?: 'text' | 'binary'): unknown {
  if (oid === INT8_OID && format !== 'binary') return Number;
  const builtin: unknown = pg.types.getTypeParser(oid, format);
  return builtin;
}

const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: parserFor as typeof pg.types.getTypeParser,
};

function column<T, V>(rows: readonly T[], value: (row: T) => V): V[] {
  return rows.map(value);
}

/** Records per batch from which COPY is used rather than one `unnest` INSERT. */
const COPY_MIN_ROWS = 100;

/** The pool's connections by backend pid, so a bulk write can reach its transaction's client. */
class ClientsByPid {
  readonly #clients = new Map<number, pg.PoolClient>();

  constructor(pool: pg.Pool) {
    pool.on('connect', (client) => {
      const pid = pidOf(client);
      if (pid !== undefined) this.#clients.set(pid, client);
    });
    pool.on('remove', (client) => {
      const pid = pidOf(client);
      if (pid !== undefined && this.#clients.get(pid) === client) this.#clients.delete(pid);
    });
  }

  /** The client `tx` runs on (a transaction: one connection). */
  async of(tx: Kysely<LedgerDatabase>): Promise<pg.PoolClient | undefined> {
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
    const pid = rows[0]?.pid;
    return pid === undefined ? undefined : this.#clients.get(pid);
  }
}

function pidOf(client: pg.PoolClient | pg.Client): number | undefined {
  const pid = (client as unknown as { processID?: unknown }).processID;
  return typeof pid === 'number' ? pid : undefined;
}

/** A value in COPY's text format: backslash, newline, carriage return and tab escaped. */
function copyText(value: string): string {
  return /[\\\n\r\t]/.test(value)
    ? value.replace(/[\\\n\r\t]/g, (c) =>
        c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t',
      )
    : value;
}

/** Writes `rows` into `records` by COPY on `client`, inside its open transaction. */
async function copyRecords(
  client: pg.PoolClient,
  rows: readonly LedgerRecord[],
  hashes: readonly string[],
): Promise<void> {
  const lines = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    lines[i] =
      `${r.id}\t${copyText(r.subject)}\t${copyText(r.subjectKind)}\t${copyText(r.agencyId)}\t` +
      `${copyText(r.sourceRef)}\t${copyText(r.category)}\t${r.occurredAt}\t${r.recordedAt}\t` +
      `${copyText(JSON.stringify(r.fields))}\t${r.catalogVersion}\t${copyText(hashes[i] ?? '')}\n`;
  }
  const copy = client.query(
    copyFrom(
      'copy records (id, subject_key, subject_kind, agency_id, source_ref, category, occurred_at, recorded_at, fields, catalog_version, hash) from stdin',
    ),
  );
  await pipeline(Readable.from([lines.join('')]), copy);
}

/** Writes audit entries into `audit_log` by COPY on `client`, inside its open transaction. */
async function copyAuditEntries(
  client: pg.PoolClient,
  entries: readonly AuditEntry[],
): Promise<void> {
  const lines = new Array<string>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    lines[i] =
      `${e.seq}\t${e.at}\t${copyText(e.actor)}\t${copyText(e.purpose)}\t${copyText(e.action)}\t` +
      `${copyText(e.subject)}\t${copyText(e.outcome)}\t${copyText(e.hash)}\n`;
  }
  const copy = client.query(
    copyFrom('copy audit_log (seq, at, actor, purpose, action, subject, outcome, hash) from stdin'),
  );
  await pipeline(Readable.from([lines.join('')]), copy);
}

function postgresBulkPath(clients: ClientsByPid): BulkPath {
  return {
    // An import's audit entries (one per row) by COPY like its records; a small append (a
    // server's group commit) is left to the one `unnest` INSERT of audit-log-queries.ts.
    async insertAuditEntries(tx, entries): Promise<boolean> {
      const client = entries.length >= COPY_MIN_ROWS ? await clients.of(tx) : undefined;
      if (client === undefined) return false;
      await copyAuditEntries(client, entries);
      return true;
    },

    async subjectStates(
      tx: LedgerTransaction,
      keys: readonly string[],
    ): Promise<Map<string, SubjectState>> {
      const { rows } = await sql<{ subject_key: string; closed_at: number | null }>`
      select subject_key, closed_at from subjects where subject_key = any(${keys}::text[])`.execute(
        tx,
      );
      return new Map(
        rows.map((r) => [
          r.subject_key,
          { closedAt: r.closed_at === null ? undefined : instant(r.closed_at) },
        ]),
      );
    },

    async recordIdsBySourceRef(
      tx: LedgerTransaction,
      agencyId: string,
      sourceRefs: readonly string[],
    ): Promise<Map<string, number>> {
      const { rows } = await sql<{ source_ref: string; id: number }>`
      select source_ref, id from records
      where agency_id = ${agencyId} and source_ref = any(${sourceRefs}::text[])`.execute(tx);
      return new Map(rows.map((r) => [r.source_ref, r.id]));
    },

    async insertSubjects(tx: LedgerTransaction, rows: readonly NewSubject[]): Promise<void> {
      await sql`
      insert into subjects (subject_key, kind, birth_date, name, first_seq)
      select * from unnest(
        ${column(rows, (s) => s.key)}::text[],
        ${column(rows, (s) => s.kind)}::text[],
        ${column(rows, (s) => s.birthDate ?? null)}::bigint[],
        ${column(rows, (s) => s.name ?? null)}::text[],
        ${column(rows, (s) => s.firstSeq)}::bigint[])
      on conflict (subject_key) do nothing`.execute(tx);
    },

    async insertRecords(
      tx: LedgerTransaction,
      rows: readonly LedgerRecord[],
      hashes: readonly string[],
    ): Promise<void> {
      const client = rows.length >= COPY_MIN_ROWS ? await clients.of(tx) : undefined;
      if (client !== undefined) return copyRecords(client, rows, hashes);
      await sql`
      insert into records (id, subject_key, subject_kind, agency_id, source_ref, category,
                           occurred_at, recorded_at, fields, catalog_version, hash)
      select * from unnest(
        ${column(rows, (r) => r.id)}::bigint[],
        ${column(rows, (r) => r.subject)}::text[],
        ${column(rows, (r) => r.subjectKind)}::text[],
        ${column(rows, (r) => r.agencyId)}::text[],
        ${column(rows, (r) => r.sourceRef)}::text[],
        ${column(rows, (r) => r.category)}::text[],
        ${column(rows, (r) => r.occurredAt)}::bigint[],
        ${column(rows, (r) => r.recordedAt)}::bigint[],
        ${column(rows, (r) => JSON.stringify(r.fields))}::text[],
        ${column(rows, (r) => r.catalogVersion)}::integer[],
        ${hashes}::text[])`.execute(tx);
    },

    async insertRecordEvents(
      tx: LedgerTransaction,
      rows: readonly LedgerRecordEvent[],
      hashes: readonly string[],
    ): Promise<void> {
      await sql`
      insert into record_events (seq, record_id, subject_key, type, at, recorded_at, actor, reason, fields, hash)
      select * from unnest(
        ${column(rows, (e) => e.seq)}::bigint[],
        ${column(rows, (e) => e.recordId)}::bigint[],
        ${column(rows, (e) => e.subject)}::text[],
        ${column(rows, (e) => e.type)}::text[],
        ${column(rows, (e) => e.at)}::bigint[],
        ${column(rows, (e) => e.recordedAt)}::bigint[],
        ${column(rows, (e) => e.actor)}::text[],
        ${column(rows, (e) => e.reason ?? null)}::text[],
        ${column(rows, (e) => fieldsText(e.fields))}::text[],
        ${hashes}::text[])`.execute(tx);
    },
  };
}

/**
 * Connects to the ledger at a `postgres://` URL, of one host or several (postgres-url.ts): each
 * new connection goes to the writable one (postgres-failover.ts). Does not migrate; `openStore`
 * does.
 */
export function openPostgresStore(url: string): LedgerStore {
  const guard = new LedgerRewindGuard();
  const pool = new FailoverPool(databaseHosts(url), { types: typeParsers }, (client) =>
    guard.check(client),
  );
  // An idle connection can be ended under the pool (a server restart, a failover, an operator's
  // pg_terminate_backend). The pool discards it and the next query opens a new one; without a
  // listener, node would treat the pool's 'error' event as an uncaught exception and crash the
  // server. Errors of queries in flight still reach their callers.
  pool.on('error', () => undefined);
  const db = new Kysely<LedgerDatabase>({ dialect: new PostgresDialect({ pool }) });
  const store = new KyselyLedgerStore({
    dialect: 'postgres',
    db,
    bulk: postgresBulkPath(new ClientsByPid(pool)),
    rawRows: postgresLedgerRows(pool),
    // Other servers may be reading: dropping an index under them would turn their reads into scans.
    bulkLoadDropsIndexes: false,
  });
  // The head as read (with its chain hash, in the same row) is what the guard remembers: a server
  // reads it to fold and to follow the ledger.
  store.headSeq = async () => {
    const head = await readHead(db);
    guard.saw(head);
    return head.seq;
  };
  store.refusal = () => guard.refusal();
  return store;
}
