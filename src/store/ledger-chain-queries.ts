// The ledger chain's SQL, shared by both dialects (KyselyLedgerStore and migration 0007 call it):
// the head, the chained rows of every table in sequence order as stored, and writing hashes back
// for rows that existed before the chain (the migration). What a hash covers is defined once, in
// app/ledger/ledger-chain.ts; this file only reads the columns it names, in its order.
import { sql, type Kysely } from 'kysely';
import { LEDGER_CHAIN_COLUMNS, LEDGER_GENESIS } from '../app/ledger/ledger-chain.js';
import type {
  LedgerChainRow,
  LedgerChainTable,
  LedgerChainValue,
} from '../app/ports/ledger-store.js';
import type { StoreDialect } from './schema.js';

/** A database or an open transaction, of any schema version from 0007 on (only raw SQL here). */
type Db = Pick<Kysely<unknown>, 'getExecutor'>;

/** The sequence-number column of each chained table (records are numbered by their id). */
export const SEQ_COLUMN: Readonly<Record<LedgerChainTable, string>> = {
  catalog_versions: 'seq',
  policy_versions: 'seq',
  agencies: 'seq',
  subject_events: 'seq',
  records: 'id',
  record_events: 'seq',
};

export async function ledgerChainHead(
  db: Db,
): Promise<{ readonly seq: number; readonly hash: string }> {
  const { rows } = await sql<{ last_seq: number | string; last_hash: string }>`
    select last_seq, last_hash from ledger_head where id = 1`.execute(db);
  const row = rows[0];
  return row === undefined
    ? { seq: 0, hash: LEDGER_GENESIS }
    : { seq: Number(row.last_seq), hash: row.last_hash };
}

/** Up to `limit` rows of `table` with afterSeq < seq <= upToSeq, in sequence order. */
export async function ledgerChainRows(
  db: Db,
  table: LedgerChainTable,
  afterSeq: number,
  upToSeq: number,
  limit: number,
): Promise<LedgerChainRow[]> {
  if (limit <= 0 || upToSeq <= afterSeq) return [];
  const seqColumn = sql.ref(SEQ_COLUMN[table]);
  const columns = LEDGER_CHAIN_COLUMNS[table];
  const { rows } = await sql<Record<string, LedgerChainValue>>`
    select ${seqColumn} as chain_seq, hash as chain_hash, ${sql.join(columns.map((c) => sql.ref(c)))}
    from ${sql.table(table)}
    where ${seqColumn} > ${afterSeq} and ${seqColumn} <= ${upToSeq}
    order by ${seqColumn}
    limit ${limit}`.execute(db);
  return rows.map((row) => ({
    seq: Number(row.chain_seq),
    table,
    values: columns.map((c) => row[c] ?? null),
    hash: String(row.chain_hash),
  }));
}

/** Every subject marked closed, with its closing. */
export async function closedSubjects(
  db: Db,
): Promise<{ readonly key: string; readonly closedAt: number; readonly closedBy: string }[]> {
  const { rows } = await sql<{
    subject_key: string;
    closed_at: number | string;
    closed_by: string | null;
  }>`
    select subject_key, closed_at, closed_by from subjects where closed_at is not null
    order by subject_key`.execute(db);
  return rows.map((r) => ({
    key: r.subject_key,
    closedAt: Number(r.closed_at),
    closedBy: r.closed_by ?? '',
  }));
}

/** Rows per UPDATE statement when hashes are written back. */
const UPDATE_CHUNK = 500;

/** Writes the chain hashes of `rows` (one table) back; the migration's path only. */
export async function storeChainHashes(
  db: Db,
  dialect: StoreDialect,
  table: LedgerChainTable,
  rows: readonly { readonly seq: number; readonly hash: string }[],
): Promise<void> {
  const seqColumn = SEQ_COLUMN[table];
  for (let start = 0; start < rows.length; start += UPDATE_CHUNK) {
    const chunk = rows.slice(start, start + UPDATE_CHUNK);
    if (dialect === 'postgres') {
      await sql`
        update ${sql.table(table)} set hash = v.h
        from unnest(${chunk.map((r) => r.seq)}::bigint[], ${chunk.map((r) => r.hash)}::text[]) as v(s, h)
        where ${sql.ref(`${table}.${seqColumn}`)} = v.s`.execute(db);
    } else {
      const values = sql.join(chunk.map((r) => sql`(${r.seq}, ${r.hash})`));
      await sql`
        update ${sql.table(table)} set hash = v.column2
        from (values ${values}) as v
        where ${sql.ref(`${table}.${seqColumn}`)} = v.column1`.execute(db);
    }
  }
}
