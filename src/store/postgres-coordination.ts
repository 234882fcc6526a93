// Several servers on one PostgreSQL ledger (issue 12): the adapters of the cluster ports
// (app/ports/cluster-coordination.ts).
//
// - The ledger head: every ledger write notifies `probity_ledger` inside its transaction
//   (`notifyLedgerHead`, called where the head moves), so the notification is delivered on commit
//   only, with the schema and the new head as payload (test suites keep many ledgers in one
//   database, one schema each). Each server LISTENs on a connection of its own (a `pg.Client`, not
//   the pool's: a LISTEN lasts as long as its session), reconnecting with a backoff when it drops;
//   each (re)connection is reported, since what was committed meanwhile was not heard.
// - Locks: PostgreSQL advisory locks keyed by the schema (like the audit lock, audit-log-queries.ts).
//   `exclusive` holds a session lock on a pooled connection for one piece of work and releases it
//   after (the connection is discarded if the release fails, which ends the session and the lock);
//   `lead` takes a session lock on a dedicated connection and keeps it for as long as that session
//   lives: when the server dies, or its connection does, PostgreSQL releases the lock and another
//   server takes the role at its next attempt.
// - Every connection goes to the writable host of the URL (one host or several), found the same
//   way as the store's (postgres-failover.ts): after a promotion, the LISTEN reconnects and the
//   leader locks are taken again on the new primary.
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import type {
  ClusterCoordination,
  ClusterLocks,
  ExclusiveRun,
  HeadWatch,
  LeaderRole,
  LedgerHeadWatcher,
  SharedWork,
} from '../app/ports/cluster-coordination.js';
import { databaseHosts, FailoverPool, type DatabaseHosts } from './postgres-failover.js';
import type { LedgerDatabase } from './schema.js';

/** The channel every ledger write notifies (payload: `<schema> <head seq>`). */
export const LEDGER_CHANNEL = 'probity_ledger';

/** How the coordination's own connections name themselves (pg_stat_activity.application_name). */
export const WATCH_APPLICATION = 'probity-ledger-watch';
export const LEADER_APPLICATION = 'probity-leader';

/** Backoff between two attempts to (re)connect the LISTEN connection. */
const RECONNECT_FIRST_MS = 100;
const RECONNECT_MAX_MS = 5_000;

/**
 * Moves the head to `seq` in `tx` and notifies the other servers, delivered when `tx` commits
 * (never for a write that rolls back). One statement, so a write pays no extra round trip.
 */
export async function setHeadAndNotify(tx: Kysely<LedgerDatabase>, seq: number): Promise<void> {
  await sql`update ledger_head set last_seq = ${seq} where id = 1
    returning pg_notify(${LEDGER_CHANNEL}, current_schema() || ' ' || ${String(seq)})`.execute(tx);
}

const noop = (): void => undefined;

class PostgresHeadWatch implements HeadWatch {
  #client: pg.Client | undefined;
  #closed = false;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly hosts: DatabaseHosts,
    private readonly onHead: (head: number | undefined) => void,
  ) {
    void this.#connect();
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    let client: pg.Client;
    try {
      // On the writable host of the URL's list, as the store's pool (postgres-failover.ts).
      client = await this.hosts.connectClient({
        keepAlive: true,
        application_name: WATCH_APPLICATION,
      });
    } catch {
      this.#retry();
      return;
    }
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    try {
      const { rows } = await client.query<{ schema: string }>('select current_schema() as schema');
      const schema = rows[0]?.schema ?? '';
      client.on('notification', (message) => {
        if (message.channel !== LEDGER_CHANNEL || message.payload === undefined) return;
        const at = message.payload.lastIndexOf(' ');
        if (message.payload.slice(0, at) !== schema) return;
        const head = Number(message.payload.slice(at + 1));
        if (Number.isSafeInteger(head)) this.#tell(head);
      });
      await client.query(`listen ${LEDGER_CHANNEL}`);
    } catch {
      client.end().catch(noop);
      this.#retry();
      return;
    }
    if (this.#closed) {
      await client.end().catch(noop);
      return;
    }
    this.#client = client;
    this.#attempt = 0;
    this.#tell(undefined);
  }

  #tell(head: number | undefined): void {
    if (this.#closed) return;
    try {
      this.onHead(head);
    } catch {
      // The listener's own failure is its business; the watch goes on.
    }
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    client.end().catch(noop);
    this.#retry();
  }

  #retry(): void {
    if (this.#closed || this.#timer !== undefined) return;
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** this.#attempt);
    this.#attempt = Math.min(this.#attempt + 1, 16);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#connect();
    }, delay);
    this.#timer.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(noop);
  }
}

/** The advisory lock's two keys: the schema, and the work or role. */
const TRY_LOCK = 'select pg_try_advisory_lock(hashtext(current_schema()), hashtext($1)) as locked';
const UNLOCK = 'select pg_advisory_unlock(hashtext(current_schema()), hashtext($1))';

class PostgresClusterLocks implements ClusterLocks {
  readonly shared = true;
  readonly #hosts: DatabaseHosts;
  readonly #pool: pg.Pool;
  #leader: pg.Client | undefined;
  #connecting: Promise<pg.Client> | undefined;
  readonly #held = new Set<LeaderRole>();
  #closed = false;

  constructor(hosts: DatabaseHosts) {
    this.#hosts = hosts;
    this.#pool = new FailoverPool(hosts, { max: 2, keepAlive: true });
    this.#pool.on('error', noop);
  }

  async exclusive<T>(work: SharedWork, run: () => Promise<T>): Promise<ExclusiveRun<T>> {
    const key = `probity:${work}`;
    const client = await this.#pool.connect();
    let healthy = true;
    try {
      let locked: boolean;
      try {
        const { rows } = await client.query<{ locked: boolean }>(TRY_LOCK, [key]);
        locked = rows[0]?.locked === true;
      } catch (error) {
        healthy = false;
        throw error;
      }
      if (!locked) return { ran: false };
      try {
        return { ran: true, value: await run() };
      } finally {
        // A release that fails discards the connection: its session ends, and the lock with it.
        await client.query(UNLOCK, [key]).catch(() => {
          healthy = false;
        });
      }
    } finally {
      client.release(!healthy);
    }
  }

  async lead(role: LeaderRole): Promise<boolean> {
    if (this.#closed) return false;
    try {
      const client = await this.#leaderClient();
      if (this.#held.has(role)) {
        // Still the same session (a pg.Client never reconnects by itself), so still the lock.
        await client.query('select 1');
        return this.#held.has(role);
      }
      const { rows } = await client.query<{ locked: boolean }>(TRY_LOCK, [`probity:lead:${role}`]);
      const locked = rows[0]?.locked === true;
      if (locked && this.#leader === client) this.#held.add(role);
      return locked && this.#leader === client;
    } catch {
      // The database out of reach: this server leads nothing until it is back.
      return false;
    }
  }

  #leaderClient(): Promise<pg.Client> {
    if (this.#leader !== undefined) return Promise.resolve(this.#leader);
    this.#connecting ??= (async () => {
      const client = await this.#hosts.connectClient({
        keepAlive: true,
        application_name: LEADER_APPLICATION,
      });
      const lost = (): void => {
        if (this.#leader !== client) return;
        this.#leader = undefined;
        this.#held.clear();
        client.end().catch(noop);
      };
      client.on('error', lost);
      client.on('end', lost);
      this.#leader = client;
      return client;
    })().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#connecting?.catch(noop);
    const leader = this.#leader;
    this.#leader = undefined;
    this.#held.clear();
    await leader?.end().catch(noop);
    await this.#pool.end().catch(noop);
  }
}

/** The coordination of one server on the PostgreSQL ledger at `url`. */
export function openPostgresCoordination(url: string): ClusterCoordination {
  const hosts = databaseHosts(url);
  const watches = new Set<PostgresHeadWatch>();
  const locks = new PostgresClusterLocks(hosts);
  const headWatcher: LedgerHeadWatcher = {
    watch(onHead) {
      const watch = new PostgresHeadWatch(hosts, onHead);
      watches.add(watch);
      return {
        close: async () => {
          watches.delete(watch);
          await watch.close();
        },
      };
    },
  };
  return {
    headWatcher,
    locks,
    async close() {
      await Promise.all([...watches].map((w) => w.close()));
      watches.clear();
      await locks.close();
    },
  };
}
