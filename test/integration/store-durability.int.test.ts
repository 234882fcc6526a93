// What an acknowledgement rests on (README, "What an acknowledgement promises"): SQLite runs in
// WAL mode with synchronous=FULL, so a commit's WAL frames are on disk before the commit returns;
// NORMAL would sync only at checkpoints, and a power failure could take acknowledged writes with
// it. (PostgreSQL keeps its defaults, synchronous_commit and fsync on: the store sets neither.)
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { openSqliteDatabase } from '../../src/store/sqlite-store.js';
import { scratchDir } from '../support/cli-harness.js';
import { postgresTarget } from '../support/store-targets.js';

describe('durability of an acknowledged commit', () => {
  it('opens SQLite in WAL mode with synchronous=FULL', async () => {
    const path = join(scratchDir('probity-durable-'), 'p.db');
    await (await openStore(path)).close();
    const db = openSqliteDatabase(path);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL, 1 = NORMAL
    } finally {
      db.close();
    }
  });
});

const url = process.env.PROBITY_TEST_DATABASE_URL;

// A PostgreSQL server may end a store's idle connections (a restart, a failover, an operator's
// pg_terminate_backend): the store must carry on with new ones, and the process must not crash.
if (url !== undefined)
  describe('a PostgreSQL store whose connections are ended', () => {
    const target = postgresTarget(url, 'conns');
    afterAll(() => target.end());

    it('keeps answering after the server ends its idle connections, without an uncaught error', async () => {
      const location = await target.newLocation();
      const store = await openStore(location);
      const uncaught: unknown[] = [];
      const onUncaught = (error: unknown) => uncaught.push(error);
      process.on('uncaughtException', onUncaught);
      try {
        expect(await store.headSeq()).toBe(0);
        const admin = new pg.Client({ connectionString: location });
        await admin.connect();
        try {
          const ended = await admin.query<{ n: string }>(
            `select count(pg_terminate_backend(pid))::text as n from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid()`,
          );
          expect(Number(ended.rows[0]?.n)).toBeGreaterThan(0);
        } finally {
          await admin.end();
        }
        // Let the ended connections report themselves to the pool.
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(await store.headSeq()).toBe(0);
        expect(uncaught).toEqual([]);
      } finally {
        process.off('uncaughtException', onUncaught);
        await store.close();
        await target.dispose(location);
      }
    });
  });
