// The raw row reader of a PostgreSQL ledger, for folding (ledger-event-pages.ts): one pool client
// holds a repeatable-read, read-only transaction for the pass (the head and every page in one
// snapshot, as on the query-builder path). The event tables are read in keyset pages in sequence
// order, each page one `COPY (SELECT ...) TO STDOUT` in text format on that client (reading and
// decoding the records of S alone: 3.5-3.9 s and 1.0 CPU s against 6.2 s and 1.6 CPU s for pages
// of `rowMode: 'array'` prepared statements, bench/README.md), split into columns and decoded
// straight into ledger events (ledger-raw-rows.ts) with no row object in between. COPY takes no
// parameters: the page bounds are integers checked before they are written into the statement.
// The head and the document numbers are ordinary queries.
import { StringDecoder } from 'node:string_decoder';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
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

/** How a column of COPY's text format is read: a number, or text (either may be NULL: `\N`). */
type ColumnKind = 'number' | 'text';

const RECORD_KINDS: readonly ColumnKind[] = [
  'number', 'text', 'text', 'text', 'text', 'text', 'number', 'number', 'text', 'number',
]; // prettier-ignore
const RECORD_EVENT_KINDS: readonly ColumnKind[] = [
  'number', 'number', 'text', 'text', 'number', 'number', 'text', 'text', 'text',
]; // prettier-ignore
const SUBJECT_EVENT_KINDS: readonly ColumnKind[] = [
  'number', 'text', 'text', 'number', 'number', 'text',
]; // prettier-ignore

const ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * A text-format field as the value it stands for. COPY TO writes a backslash, a newline, a
 * carriage return, a tab and the other control characters above as two-character escapes, and
 * never an octal or hexadecimal one (PostgreSQL's COPY, "Text Format").
 */
function unescapeText(field: string): string {
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/gs, (_, c: string) => ESCAPES[c] ?? c);
}

function valueOf(field: string, kind: ColumnKind): unknown {
  if (field === '\\N') return null;
  return kind === 'number' ? Number(field) : unescapeText(field);
}

/** A page bound written into a COPY statement (which takes no parameters): an integer only. */
function bound(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not a page bound: ${n}`);
  return String(n);
}

/** The rows of `select` on `client`, read by COPY in text format, one array of columns each. */
async function copiedRows(
  client: pg.PoolClient,
  select: string,
  kinds: readonly ColumnKind[],
): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  const decoder = new StringDecoder('utf8');
  let rest = '';
  const take = (text: string): void => {
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      const fields = text.slice(start, end).split('\t');
      const row = new Array<unknown>(kinds.length);
      for (let i = 0; i < kinds.length; i++)
        row[i] = valueOf(fields[i] ?? '\\N', kinds[i] ?? 'text');
      rows.push(row);
      start = end + 1;
    }
    rest = text.slice(start);
  };
  const stream = client.query(copyTo(`COPY (${select}) TO STDOUT`));
  for await (const chunk of stream) take(rest + decoder.write(chunk as Buffer));
  take(rest + decoder.end());
  if (rest !== '') throw new Error('COPY ended in the middle of a row');
  return rows;
}

const page = (
  columns: string,
  table: string,
  key: string,
  after: number,
  head: number,
  limit: number,
) =>
  `SELECT ${columns} FROM ${table} WHERE ${key} > ${bound(after)} AND ${key} <= ${bound(head)} ORDER BY ${key} LIMIT ${bound(limit)}`;

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
    const seqs = async (text: string, values: number[]): Promise<number[]> =>
      (await client.query<unknown[]>({ text, values, rowMode: 'array' as const })).rows.map(
        (row) => row[0] as number,
      );
    const rows: LedgerRows = {
      head: async () => {
        const [head] = await seqs('SELECT last_seq FROM ledger_head WHERE id = 1', []);
        if (head === undefined) throw new Error('the ledger has no head row');
        return head;
      },
      otherSeqs: async (after, head) => ({
        documents: await seqs(
          'SELECT seq FROM catalog_versions WHERE seq > $1 AND seq <= $2 UNION ALL SELECT seq FROM policy_versions WHERE seq > $1 AND seq <= $2',
          [after, head],
        ),
        agencies: await seqs('SELECT seq FROM agencies WHERE seq > $1 AND seq <= $2', [
          after,
          head,
        ]),
      }),
      records: async (after, head, limit) =>
        (
          await copiedRows(
            client,
            page(RECORD_COLUMNS, 'records', 'id', after, head, limit),
            RECORD_KINDS,
          )
        ).map(recordOfRow),
      recordEvents: async (after, head, limit) =>
        (
          await copiedRows(
            client,
            page(RECORD_EVENT_COLUMNS, 'record_events', 'seq', after, head, limit),
            RECORD_EVENT_KINDS,
          )
        ).map(recordEventOfRow),
      subjectEvents: async (after, head, limit) =>
        (
          await copiedRows(
            client,
            page(SUBJECT_EVENT_COLUMNS, 'subject_events', 'seq', after, head, limit),
            SUBJECT_EVENT_KINDS,
          )
        ).map(subjectEventOfRow),
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
