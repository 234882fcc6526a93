// A ledger that went backwards (docs/cluster.md, "A ledger that went backwards"). After an
// ASYNCHRONOUS standby is promoted, the last writes the old primary acknowledged may be missing
// from the new one, while every server has folded them (and answered checks from them). A server
// must not go on answering from, or appending to, a history the database no longer holds.
//
// The store remembers the highest ledger head it has read (its sequence number and chain hash,
// read together from `ledger_head`). Every new connection of its pool (after a failover, all of
// them are new) checks that the database holds that head: its own head is not behind it, and the
// chained row at that number has that hash. When it does not, the store refuses every further
// use, with `LedgerRewound` (503), and says so loudly on stderr once: the server keeps answering
// nothing from its memory that needs the database (every check is audited, so checks fail too),
// and the operator restarts it; a restarted server refuses its engine snapshot (ahead of the
// ledger, or folded from another chain) and folds the ledger as the database holds it.
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import { DomainError } from '../core/errors/domain-error.js';
import { SEQ_COLUMN } from './ledger-chain-queries.js';
import type { LedgerDatabase } from './schema.js';

/** The hash of the chained row numbered `seq`, whichever table holds it (null when none does). */
const hashAt = (seq: string) =>
  `coalesce(${Object.entries(SEQ_COLUMN)
    .map(([table, column]) => `(select hash from ${table} where ${column} = ${seq})`)
    .join(', ')})`;

const CHECK = `select last_seq, last_hash, ${hashAt('$1::bigint')} as hash_at,
  ${hashAt('last_seq')} as hash_head from ledger_head where id = 1`;

const HEAD = `select last_seq, last_hash, ${hashAt('last_seq')} as hash_head
  from ledger_head where id = 1`;

/**
 * The ledger head as the guard remembers it: its number, and its hash when that is the hash of
 * its last row (a ledger written through the append path, ledger-chain-writer.ts; a database
 * written around it leaves nothing to compare an entry with, only its length). One statement,
 * six index probes: what `headSeq` costs a server at every poll and follow.
 */
export async function readHead(
  db: Kysely<LedgerDatabase>,
): Promise<{ readonly seq: number; readonly hash: string | undefined }> {
  const { rows } = await sql<{
    last_seq: string | number;
    last_hash: string;
    hash_head: string | null;
  }>`${sql.raw(HEAD)}`.execute(db);
  const row = rows[0];
  if (row === undefined) return { seq: 0, hash: undefined };
  return {
    seq: Number(row.last_seq),
    hash: row.hash_head === row.last_hash ? row.last_hash : undefined,
  };
}

/** The refusal, said once, loudly, on stderr (the server's log). */
function alarm(problem: string): DomainError {
  const error = new DomainError(
    'LedgerRewound',
    `the ledger's database went backwards: ${problem}. Acknowledged writes may be lost (an asynchronous standby promoted?); this server refuses to serve until it is restarted and folds the ledger again`,
  );
  process.stderr.write(
    `\nPROBITY ALARM: ${error.message}. Every request needing the database now answers 503 LedgerRewound.\n\n`,
  );
  return error;
}

export class LedgerRewindGuard {
  #seq = 0;
  #hash: string | undefined;
  #rewound: DomainError | undefined;

  /** A head read from the database (committed there). */
  saw(head: { readonly seq: number; readonly hash: string | undefined }): void {
    if (head.seq > this.#seq) {
      this.#seq = head.seq;
      this.#hash = head.hash;
    }
  }

  /** The LedgerRewound this store refuses everything with, once found (never cleared). */
  refusal(): DomainError | undefined {
    return this.#rewound;
  }

  /** Throws LedgerRewound when the database behind `client` lacks the head this process read. */
  async check(client: pg.ClientBase): Promise<void> {
    if (this.#rewound !== undefined) throw this.#rewound;
    const seq = this.#seq;
    const hash = this.#hash;
    if (seq === 0) return;
    const { rows } = await client.query<{
      last_seq: string | number;
      last_hash: string;
      hash_at: string | null;
      hash_head: string | null;
    }>(CHECK, [seq]);
    const row = rows[0];
    const head = row === undefined ? 0 : Number(row.last_seq);
    // The entry is compared only when both the head read and this database's are their last
    // row's (see readHead); otherwise only the length is checked.
    const chained = hash !== undefined && row !== undefined && row.hash_head === row.last_hash;
    const problem =
      head < seq
        ? `its head is ${head}, behind the ${seq} this server has read`
        : chained && row.hash_at !== hash
          ? `its entry ${seq} is not the one this server has read (another history)`
          : undefined;
    if (problem === undefined) return;
    this.#rewound ??= alarm(problem);
    throw this.#rewound;
  }
}
