// The raw row reader of a PostgreSQL ledger, for folding (ledger-event-pages.ts): one pool client
// holds a repeatable-read, read-only transaction for the pass (the head and every page in one
// snapshot, as on the query-builder path), and each page is one named prepared statement with
// `rowMode: 'array'` (each row an array, no row object), read in keyset pages in sequence order
// and decoded straight into ledger events (ledger-raw-rows.ts). int8 columns arrive as numbers
// through the pool's type parsers (postgres-store.ts).
import type pg from 'pg';
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

const page = (columns: string, table: string, key: string) =>
  `SELECT ${columns} FROM ${table} WHERE ${key} > $1 AND ${key} <= $2 ORDER BY ${key} LIMIT $3`;

const QUERIES = {
  head: 'SELECT last_seq FROM ledger_head WHERE id = 1',
  documents:
    'SELECT seq FROM catalog_versions WHERE seq > $1 AND seq <= $2 UNION ALL SELECT seq FROM policy_versions WHERE seq > $1 AND seq <= $2',
  agencies: 'SELECT seq FROM agencies WHERE seq > $1 AND seq <= $2',
  records: page(RECORD_COLUMNS, 'records', 'id'),
  recordEvents: page(RECORD_EVENT_COLUMNS, 'record_events', 'seq'),
  subjectEvents: page(SUBJECT_EVENT_COLUMNS, 'subject_events', 'seq'),
} as const;

/** The raw reads of a PostgreSQL ledger, on a client of `pool` for each pass. */
export function postgresLedgerRows(pool: pg.Pool): OpenLedgerRows {
  return async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    } catch (error) {
      client.release(error instanceof Error ? error : true);
      throw error;
    }
    const rowsOf = async (name: keyof typeof QUERIES, values: number[]): Promise<RawRow[]> =>
      (
        await client.query<unknown[]>({
          name: `probity_fold_${name}`,
          text: QUERIES[name],
          values,
          rowMode: 'array' as const,
        })
      ).rows;
    const column = (rows: RawRow[]) => rows.map((row) => row[0] as number);
    const rows: LedgerRows = {
      head: async () => {
        const [row] = await rowsOf('head', []);
        if (row === undefined) throw new Error('the ledger has no head row');
        return row[0] as number;
      },
      otherSeqs: async (after, head) => ({
        documents: column(await rowsOf('documents', [after, head])),
        agencies: column(await rowsOf('agencies', [after, head])),
      }),
      records: async (after, head, limit) =>
        (await rowsOf('records', [after, head, limit])).map(recordOfRow),
      recordEvents: async (after, head, limit) =>
        (await rowsOf('recordEvents', [after, head, limit])).map(recordEventOfRow),
      subjectEvents: async (after, head, limit) =>
        (await rowsOf('subjectEvents', [after, head, limit])).map(subjectEventOfRow),
      end: async () => {
        try {
          await client.query('ROLLBACK');
          client.release();
        } catch (error) {
          client.release(error instanceof Error ? error : true);
        }
      },
    };
    return rows;
  };
}
