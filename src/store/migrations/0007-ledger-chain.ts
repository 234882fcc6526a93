// The ledger chain (app/ledger/ledger-chain.ts): a `hash` column on every table whose rows take a
// ledger sequence number, and the head's hash beside the head's sequence number. A store made by
// an older version keeps working: its rows are chained here, in sequence order from the genesis,
// exactly as the append path would have chained them, and the head takes the last hash. From
// here on `probity verify` holds every row to its hash.
import { sql, type Kysely, type Migration } from 'kysely';
import { LEDGER_CHAIN_TABLES, LEDGER_GENESIS, chainRows } from '../../app/ledger/ledger-chain.js';
import { ledgerRowsOf } from '../../app/ledger/ledger-chain-verify.js';
import type { LedgerChainRow, LedgerChainTable } from '../../app/ports/ledger-store.js';
import { ledgerChainHead, ledgerChainRows, storeChainHashes } from '../ledger-chain-queries.js';
import type { StoreDialect } from '../schema.js';

/** Rows hashed and written back per round. */
const ROUND = 5_000;

export function ledgerChainMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const table of LEDGER_CHAIN_TABLES) {
        await db.schema
          .alterTable(table)
          .addColumn('hash', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
      }
      await db.schema
        .alterTable('ledger_head')
        .addColumn('last_hash', 'text', (c) => c.notNull().defaultTo(LEDGER_GENESIS))
        .execute();

      // Chain what is there. The rows are read up to the head (rows past it were never part of
      // the ledger's sequence) and written back a round at a time.
      const reader = {
        ledgerChainHead: () => ledgerChainHead(db),
        ledgerChainRows: (table: LedgerChainTable, after: number, upTo: number, limit: number) =>
          ledgerChainRows(db, table, after, upTo, limit),
      };
      const head = await reader.ledgerChainHead();
      let chain = { seq: 0, hash: LEDGER_GENESIS };
      let round: LedgerChainRow[] = [];
      const flush = async (): Promise<void> => {
        const hashed = chainRows(chain, round);
        for (const table of LEDGER_CHAIN_TABLES) {
          const rows = hashed.filter((r) => r.table === table);
          if (rows.length > 0) await storeChainHashes(db, dialect, table, rows);
        }
        const last = hashed[hashed.length - 1];
        if (last !== undefined) chain = { seq: last.seq, hash: last.hash };
        round = [];
      };
      // Each page is read whole before its rows are handed on, so writing hashes back between
      // pages is safe on SQLite's one connection; updates never move a row's sequence number.
      for await (const row of ledgerRowsOf(reader, head.seq)) {
        round.push(row);
        if (round.length >= ROUND) await flush();
      }
      await flush();
      await sql`update ledger_head set last_hash = ${chain.hash} where id = 1`.execute(db);
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('ledger_head').dropColumn('last_hash').execute();
      for (const table of LEDGER_CHAIN_TABLES) {
        await db.schema.alterTable(table).dropColumn('hash').execute();
      }
    },
  };
}
