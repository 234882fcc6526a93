// A ledger that went backwards under a server (src/store/postgres-ledger-guard.ts; docs/cluster.md,
// "A ledger that went backwards"): after an asynchronous standby is promoted, the database may
// lack the last writes a server has read and folded. Simulated here on one PostgreSQL database:
// the store reads the head, the last row is taken away (or replaced by another history) behind
// its back, and its connections are cut, as a failover cuts them. Its next connection must find
// out and refuse, with LedgerRewound, rather than serve from or append to the shorter history.
// PostgreSQL only (the multi-host failover is PostgreSQL's): NOT RUN without a test database.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../src/core/errors/domain-error.js';
import type { Agency } from '../../src/core/ledger/ledger-types.js';
import { instant } from '../../src/core/time/instant.js';
import { catalogInForce } from '../../src/app/policy/catalog-in-force.js';
import { ingestRecords } from '../../src/app/records/record-ingest.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { openReferenceLedger } from '../factories/reference-ledger.js';
import { personId } from '../factories/subjects.js';
import { storeTargets } from '../support/store-targets.js';
import { LedgerRewindGuard } from '../../src/store/postgres-ledger-guard.js';
import type pg from 'pg';

const NOW = instant(Date.UTC(2026, 2, 1, 9, 0));
const court: Agency = { id: 'court-1', kind: 'court', name: 'Court', createdAt: NOW };

const debt = (n: number) => ({
  sourceRef: `r-${n}`,
  subject: personId('1980-05-17', n),
  category: 'court.dishonest-debtor',
  occurredAt: '2026-02-01',
  fields: { amount: 2_500_000, caseNumber: `(2026)京0105执${n}号` },
});

/** The connections of everyone else on this database ended, as a primary's stop ends them. */
const CUT = `select pg_terminate_backend(pid) from pg_stat_activity
  where datname = current_database() and pid <> pg_backend_pid()`;

const targets = storeTargets('rewound').filter((t) => t.name === 'PostgreSQL');

describe('the guard of a ledger that went backwards, given what a database answers', () => {
  /**
   * A connection whose database has head `seq`, and `hashAt` at the number asked; its head's
   * hash is its last row's (written through the append path) unless `chained` is false.
   */
  const database = (seq: number, hashAt: string | null, chained = true) =>
    ({
      query: () =>
        Promise.resolve({
          rows: [
            { last_seq: seq, last_hash: 'h', hash_at: hashAt, hash_head: chained ? 'h' : 'x' },
          ],
        }),
    }) as unknown as pg.ClientBase;

  async function code(guard: LedgerRewindGuard, db: pg.ClientBase): Promise<string> {
    try {
      await guard.check(db);
      return 'passed';
    } catch (error) {
      return error instanceof DomainError ? error.code : String(error);
    }
  }

  it('passes a database at or past the head read, with the same entry there', async () => {
    const guard = new LedgerRewindGuard();
    expect(await code(guard, database(0, null))).toBe('passed');
    guard.saw({ seq: 7, hash: 'h7' });
    guard.saw({ seq: 5, hash: 'h5' }); // an older read changes nothing
    expect(await code(guard, database(7, 'h7'))).toBe('passed');
    expect(await code(guard, database(9, 'h7'))).toBe('passed');
    // Rows written around the append path leave nothing to compare the entry with: only the
    // length is checked.
    expect(await code(guard, database(9, 'x7', false))).toBe('passed');
  });

  it('refuses a database behind the head read, or with another entry there, and stays refused', async () => {
    const behind = new LedgerRewindGuard();
    behind.saw({ seq: 7, hash: 'h7' });
    const quiet = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    try {
      expect(await code(behind, database(6, null))).toBe('LedgerRewound');
      expect(await code(behind, database(7, 'h7'))).toBe('LedgerRewound');
      const other = new LedgerRewindGuard();
      other.saw({ seq: 7, hash: 'h7' });
      expect(await code(other, database(8, 'x7'))).toBe('LedgerRewound');
      // Said once, loudly, on stderr, for each store that finds it.
      expect(quiet).toHaveBeenCalledTimes(2);
      expect(String(quiet.mock.calls[0]?.[0])).toContain('PROBITY ALARM');
    } finally {
      quiet.mockRestore();
    }
  });
});

describe.each(targets)('a ledger that went backwards, on $name', (target) => {
  afterAll(() => target.end());

  /** A ledger of the reference set-up and two records, whose head the store has read. */
  async function ledger(): Promise<{ store: LedgerStore; location: string; head: number }> {
    const location = await target.newLocation();
    const store = await openReferenceLedger(location, [{ id: court.id, kind: court.kind }], NOW);
    const summary = await ingestRecords(
      store,
      await catalogInForce(store),
      court,
      [debt(1), debt(2)],
      NOW,
      { mode: 'atomic' },
    );
    expect(summary.accepted).toBe(2);
    return { store, location, head: await store.headSeq() };
  }

  async function refusal(work: Promise<unknown>): Promise<string> {
    try {
      await work;
    } catch (error) {
      if (error instanceof DomainError) return error.code;
      throw error;
    }
    return 'answered';
  }

  /**
   * What `work` answers once the connections CUT ended are out of the pool: a query on one whose
   * end the pool has not heard yet fails with StoreUnavailable (postgres-failover.ts), and the
   * next connection is a new one. Bounded by the pool's size.
   */
  async function settled(work: () => Promise<unknown>): Promise<string> {
    let answer = 'StoreUnavailable';
    for (let i = 0; i < 12 && answer === 'StoreUnavailable'; i++) answer = await refusal(work());
    return answer;
  }

  it('goes on after its connections are cut when the database still holds what it read', async () => {
    const { store, location, head } = await ledger();
    try {
      await target.tamper(location, [CUT]);
      // Never a refusal.
      expect(await settled(() => store.headSeq())).toBe('answered');
      expect(await store.headSeq()).toBe(head);
      expect(store.refusal()).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('refuses every use with LedgerRewound when the last write it read is missing', async () => {
    const { store, location, head } = await ledger();
    try {
      await target.tamper(location, [
        `delete from records where id = ${head}`,
        `update ledger_head set last_seq = ${head - 1},
           last_hash = (select hash from records where id = ${head - 1})`,
        CUT,
      ]);
      expect(store.refusal()).toBeUndefined();
      expect(await settled(() => store.headSeq())).toBe('LedgerRewound');
      // And it stays refused: nothing is served from, or appended to, the shorter history.
      expect(await refusal(store.headSeq())).toBe('LedgerRewound');
      expect(await refusal(catalogInForce(store))).toBe('LedgerRewound');
      // What /readyz reports, so that a load balancer stops sending the server anything.
      expect(store.refusal()?.code).toBe('LedgerRewound');
    } finally {
      await store.close();
    }
  });

  it('refuses with LedgerRewound when the entry it read is another one (another history)', async () => {
    const { store, location, head } = await ledger();
    try {
      await target.tamper(location, [
        `update records set hash = 'another history' where id = ${head}`,
        `update ledger_head set last_hash = 'another history'`,
        CUT,
      ]);
      expect(await settled(() => store.headSeq())).toBe('LedgerRewound');
    } finally {
      await store.close();
    }
  });
});
