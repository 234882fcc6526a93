// What an acknowledgement rests on (README, "What an acknowledgement promises"): SQLite runs in
// WAL mode with synchronous=FULL, so a commit's WAL frames are on disk before the commit returns;
// NORMAL would sync only at checkpoints, and a power failure could take acknowledged writes with
// it. (PostgreSQL keeps its defaults, synchronous_commit and fsync on: the store sets neither.)
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { openSqliteDatabase } from '../../src/store/sqlite-store.js';
import { scratchDir } from '../support/cli-harness.js';

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
