// The ledger's hash chain: how a ledger row's hash is made, and how the chain is checked.
//
// Every row that takes a ledger sequence number (catalogue and policy versions, agencies, records,
// record events, subject events) stores a hash covering its own stored values and the hash of the
// row before it in sequence order:
//
//   hash_0 = GENESIS (64 zeros)
//   hash_n = SHA-256( hex(hash_{n-1}) || canonical(row n) )
//
// where canonical(row) is the JSON array `[seq, "table", value, value, ...]` of the row's stored
// columns in the order of `LEDGER_CHAIN_COLUMNS` (exactly the stored values: instants as epoch
// milliseconds, record fields as the JSON text stored, absent values as null), both parts taken as
// UTF-8 text. Anyone can recompute a link with a shell:
//   printf '%s%s' "$prev" '[7,"records","110105199003074114","person","court-1",...]' | sha256sum
// The previous hash has a fixed length, the table is named and JSON escapes every string, so no
// two different rows (or histories) share an input. `ledger_head` keeps the last sequence number
// and the last hash, moved together in the append transaction (ledger-append.ts).
//
// Why a chain: every row's hash depends on every row before it. Deleting a record, changing its
// category or a field, editing a policy's text, renumbering or swapping rows breaks the link at
// that point, and `verifyLedgerChain` names the first broken link and what is wrong with it. Like
// the audit log's chain (audit-chain.ts), it is only as trustworthy as its last hash: someone who
// rewrites a row AND recomputes every hash after it (and the head) produces a chain that verifies.
// Hence operators record the head printed by `probity verify` somewhere the database's writers
// cannot reach, and a later `probity verify --anchor ledger:<seq>:<hash>` proves the ledger was
// not rewritten or cut back since (docs/ledger.md, "Integrity").
import { sha256Hex } from '../sha256.js';
import type {
  AgencyWithTokenHash,
  LedgerChainRow,
  LedgerChainTable,
  LedgerChainValue,
  StoredDocument,
  StoredPolicy,
} from '../ports/ledger-store.js';
import type {
  LedgerRecord,
  LedgerRecordEvent,
  LedgerSubjectEvent,
} from '../../core/ledger/ledger-types.js';

/** The "previous hash" of sequence number 1, and the head hash of an empty ledger. */
export const LEDGER_GENESIS = '0'.repeat(64);

/** Where the chain ends: the row with sequence number `seq` has hash `hash` (0 and GENESIS: empty). */
export interface LedgerChainHead {
  readonly seq: number;
  readonly hash: string;
}

/**
 * Each chained table's stored columns, in the order the canonical content lists them after the
 * sequence number (the `seq` column, `id` for records). The store reads rows by these names.
 */
export const LEDGER_CHAIN_COLUMNS: Readonly<Record<LedgerChainTable, readonly string[]>> = {
  catalog_versions: ['version', 'digest', 'document', 'recorded_at'],
  policy_versions: ['policy_id', 'version', 'effective_from', 'digest', 'document', 'recorded_at'],
  agencies: ['id', 'kind', 'name', 'token_hash', 'created_at'],
  subject_events: ['subject_key', 'type', 'at', 'recorded_at', 'actor'],
  records: [
    'subject_key',
    'subject_kind',
    'agency_id',
    'source_ref',
    'category',
    'occurred_at',
    'recorded_at',
    'fields',
    'catalog_version',
  ],
  record_events: [
    'record_id',
    'subject_key',
    'type',
    'at',
    'recorded_at',
    'actor',
    'reason',
    'fields',
  ],
};

export const LEDGER_CHAIN_TABLES = Object.keys(LEDGER_CHAIN_COLUMNS) as LedgerChainTable[];

/** The canonical content of a row: `[seq, "table", ...values]`. */
export function ledgerRowContent(
  seq: number,
  table: LedgerChainTable,
  values: readonly LedgerChainValue[],
): string {
  return JSON.stringify([seq, table, ...values]);
}

export function ledgerRowHash(previousHash: string, content: string): string {
  return sha256Hex(previousHash + content);
}

// ---- The stored values of what the append path writes (as the store adapters store them).

const fieldsText = (fields: object | undefined): string | null =>
  fields === undefined ? null : JSON.stringify(fields);

export const chainValuesOf = {
  catalog: (d: StoredDocument): LedgerChainValue[] => [d.version, d.digest, d.text, d.recordedAt],
  policy: (d: StoredPolicy): LedgerChainValue[] => [
    d.policyId,
    d.version,
    d.effectiveFrom,
    d.digest,
    d.text,
    d.recordedAt,
  ],
  agency: (a: AgencyWithTokenHash): LedgerChainValue[] => [
    a.id,
    a.kind,
    a.name,
    a.tokenHash,
    a.createdAt,
  ],
  subjectEvent: (e: LedgerSubjectEvent): LedgerChainValue[] => [
    e.subject,
    e.type,
    e.at,
    e.recordedAt,
    e.actor,
  ],
  record: (r: LedgerRecord): LedgerChainValue[] => [
    r.subject,
    r.subjectKind,
    r.agencyId,
    r.sourceRef,
    r.category,
    r.occurredAt,
    r.recordedAt,
    JSON.stringify(r.fields),
    r.catalogVersion,
  ],
  recordEvent: (e: LedgerRecordEvent): LedgerChainValue[] => [
    e.recordId,
    e.subject,
    e.type,
    e.at,
    e.recordedAt,
    e.actor,
    e.reason ?? null,
    fieldsText(e.fields),
  ],
};

/** Hashes rows (already in sequence order, numbered from `head.seq + 1`) after `head`. */
export function chainRows(
  head: LedgerChainHead,
  rows: readonly Omit<LedgerChainRow, 'hash'>[],
): LedgerChainRow[] {
  let hash = head.hash;
  return rows.map((row) => {
    hash = ledgerRowHash(hash, ledgerRowContent(row.seq, row.table, row.values));
    return { ...row, hash };
  });
}

// ---- Verifying

/**
 * - `missing`: no row carries this sequence number (a row was deleted or renumbered away);
 * - `reordered`: the row that belongs here sits at another position (rows were swapped or
 *   renumbered);
 * - `altered`: the row's values no longer match its hash, while its hash is the one the next row
 *   chains from (a column was changed after the fact). A row rewritten together with its own hash
 *   shows the same way on the row after it: the chain cannot tell which side lied;
 * - `hash`: the stored hash is not the chain's (replaced, or the link cannot be explained), or
 *   the ledger head's hash is not the last row's;
 * - `extra`: a row lies beyond the ledger head (written outside the append path);
 * - `subject`: a subject's closing in the subjects table (which ingest consults to refuse records
 *   about the deceased and dissolved) is not what the chained subject events say.
 */
export type LedgerChainProblem = 'altered' | 'missing' | 'reordered' | 'hash' | 'extra' | 'subject';

export interface LedgerChainBreak {
  readonly seq: number;
  readonly problem: LedgerChainProblem;
  /** The table of the row at fault, when there is one. */
  readonly table?: LedgerChainTable;
  /** `subject`: the subject whose closing is wrong. */
  readonly subject?: string;
  /** The break in words (`describeLedgerBreak`); `verifyLedger` always gives it. */
  readonly message?: string;
}

export type LedgerChainReport =
  | {
      readonly ok: true;
      /** Rows read (up to the head). */
      readonly rows: number;
      /** The ledger head: its sequence number and hash. */
      readonly headSeq: number;
      readonly head: string;
    }
  | {
      readonly ok: false;
      readonly rows: number;
      readonly headSeq: number;
      readonly head: string;
      readonly firstBroken: LedgerChainBreak;
    };

/** How many rows after a broken link are read ahead to tell a swap from an alteration. */
const LOOKAHEAD = 10_000;

const linkHolds = (prevHash: string, row: LedgerChainRow, seq = row.seq): boolean =>
  ledgerRowHash(prevHash, ledgerRowContent(seq, row.table, row.values)) === row.hash;

/**
 * Walks `rows` (in sequence order, up to the head) from the genesis and reports the first broken
 * link, with what is wrong there; then holds the last row against the head the ledger claims.
 */
export async function verifyLedgerChain(
  head: LedgerChainHead,
  rows: AsyncIterable<LedgerChainRow> | Iterable<LedgerChainRow>,
): Promise<LedgerChainReport> {
  let expected: LedgerChainHead = { seq: 0, hash: LEDGER_GENESIS };
  let count = 0;
  let broken: { at: LedgerChainRow; prev: LedgerChainHead; ahead: LedgerChainRow[] } | undefined;
  let firstBroken: LedgerChainBreak | undefined;

  for await (const row of rows) {
    count += 1;
    if (firstBroken !== undefined) continue;
    if (broken !== undefined) {
      broken.ahead.push(row);
      if (broken.ahead.length >= LOOKAHEAD)
        firstBroken = classifyBreak(broken.at, broken.prev, broken.ahead);
      continue;
    }
    if (row.seq === expected.seq + 1 && linkHolds(expected.hash, row)) {
      expected = { seq: row.seq, hash: row.hash };
    } else {
      broken = { at: row, prev: expected, ahead: [] };
    }
  }
  if (broken !== undefined && firstBroken === undefined) {
    firstBroken = classifyBreak(broken.at, broken.prev, broken.ahead);
  }
  if (firstBroken === undefined) {
    if (expected.seq < head.seq) firstBroken = { seq: expected.seq + 1, problem: 'missing' };
    else if (expected.hash !== head.hash) firstBroken = { seq: head.seq, problem: 'hash' };
  }
  const base = { rows: count, headSeq: head.seq, head: head.hash };
  return firstBroken === undefined ? { ok: true, ...base } : { ok: false, ...base, firstBroken };
}

/** Says what is wrong where the link from `prev` to `row` failed, looking at what follows. */
function classifyBreak(
  row: LedgerChainRow,
  prev: LedgerChainHead,
  ahead: readonly LedgerChainRow[],
): LedgerChainBreak {
  const seq = prev.seq + 1;
  if (row.seq < seq) return { seq: row.seq, problem: 'reordered', table: row.table };
  if (row.seq > seq) {
    // A gap, unless the row that belongs at `seq` (it chains from `prev` as number `seq`) turns
    // up further on under another number.
    const moved = [row, ...ahead].find((r) => linkHolds(prev.hash, r, seq));
    return moved === undefined
      ? { seq, problem: 'missing' }
      : { seq, problem: 'reordered', table: moved.table };
  }
  // The row that belongs here (chaining from `prev` as number `seq`) sits further on: a swap.
  if (ahead.some((r) => linkHolds(prev.hash, r, seq)))
    return { seq, problem: 'reordered', table: row.table };
  const next = ahead[0];
  // Its stored hash still carries the chain on: the hash is the original and the values changed.
  if (next === undefined || (next.seq === seq + 1 && linkHolds(row.hash, next))) {
    return { seq, problem: 'altered', table: row.table };
  }
  return { seq, problem: 'hash', table: row.table };
}

/** A ledger break in words, for `verify` and `rebuild --verify`. */
export function describeLedgerBreak(b: LedgerChainBreak): string {
  const what = b.table === undefined ? `ledger row ${b.seq}` : `ledger row ${b.seq} (${b.table})`;
  switch (b.problem) {
    case 'altered':
      return `${what} was altered: its stored values no longer match its hash`;
    case 'missing':
      return `ledger row ${b.seq} is missing: it was deleted or renumbered`;
    case 'reordered':
      return `${what} is out of order: rows were swapped or renumbered`;
    case 'hash':
      return `${what} does not chain from row ${b.seq - 1}: its hash (or the head's) was replaced or an earlier row rewritten`;
    case 'extra':
      return `${what} lies beyond the ledger head: it was written outside the append path`;
    case 'subject':
      return `subject ${b.subject ?? '?'}: its closing in the subjects table is not what the ledger's subject events say (${b.seq === 0 ? 'no subject event closes it' : `see ledger row ${b.seq}`}): the table was edited`;
    default: {
      const never: never = b.problem;
      return never;
    }
  }
}
