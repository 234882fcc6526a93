// Connections to the writable server of a PostgreSQL ledger given as one host or several
// (postgres-url.ts), shared by the store's pool and the coordination's (postgres-store.ts,
// postgres-coordination.ts) so both follow a promotion the same way (docs/cluster.md, "The
// database's failover").
//
// - Every new connection goes to the host that answered last (`DatabaseHosts`). With
//   target_session_attrs read-write or primary (the default for several hosts), it is kept only
//   when `pg_is_in_recovery()` is false on it; otherwise, or when it cannot connect, the next host
//   is tried, round after round with a backoff, for at most 8 s. Past that, the caller gets
//   `StoreUnavailable` (503): a request arriving while the primary is stopped and the standby not
//   yet promoted waits a little, then fails clearly.
// - The pool (`FailoverPool`, a pg.Pool given a `Client` class of ours: both are pg's public
//   options) drops a connection that died (pg does) and one that met SQLSTATE 25006 (its server
//   became read-only: a demoted primary): such a query fails with `StoreUnavailable` and the next
//   connection looks for the writable host again. A query cut by a lost connection fails with
//   `StoreUnavailable` too; a write in it may or may not have committed (a client sends it again
//   with the same sourceRef: it answers `duplicate` when it was).
import pg from 'pg';
import { DomainError } from '../core/errors/domain-error.js';
import { parseDatabaseUrl, redact, type DatabaseTarget } from './postgres-url.js';

/**
 * How long a new connection keeps trying the hosts: longer than a promotion takes (under a
 * second here, a few seconds with a cluster manager deciding), short enough that a client is
 * answered 503 rather than left hanging.
 */
const FAILOVER_MS = 8_000;
const BACKOFF_FIRST_MS = 50;
const BACKOFF_MAX_MS = 500;
/** How long one attempt to connect to one host may take before the next is tried. */
const CONNECT_TIMEOUT_MS = 2_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** SQLSTATE 25006: a write on a server that is read-only (a standby, a demoted primary). */
const READ_ONLY = '25006';

/**
 * Whether `error` says the connection (or its server) is gone, or the server cannot take writes
 * now: a connection refused or cut, PostgreSQL shutting down or starting (57P01-57P03), a
 * connection failure (08xxx), a read-only server (25006). Not a statement's own failure.
 */
export function isConnectionLoss(error: unknown): boolean {
  if (error instanceof NotWritable) return true;
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code === READ_ONLY || code.startsWith('08') || /^57P0[1-3]$/.test(code)) return true;
    if (/^E(CONNREFUSED|CONNRESET|PIPE|HOSTUNREACH|NETUNREACH|TIMEDOUT|AI_AGAIN)$/.test(code))
      return true;
  }
  const message = (error as { message?: unknown }).message;
  return (
    typeof message === 'string' &&
    /Connection terminated|connection timeout|timeout expired|Client has encountered a connection error|not queryable/i.test(
      message,
    )
  );
}

/** A host that answered but is not writable (a standby in recovery). */
class NotWritable extends Error {}

/**
 * The 503 a caller gets. Its message names no host (an answer never shows the topology behind
 * the server); the hosts and the driver's error are in its `cause`, for the server's log.
 */
function unavailable(hosts: DatabaseHosts, cause: unknown): DomainError {
  const error = new DomainError(
    'StoreUnavailable',
    "the ledger's database cannot be reached for writing: retry in a moment",
  );
  error.cause = new Error(
    `${hosts.describe()}: ${cause instanceof Error ? cause.message : String(cause)}`,
    { cause },
  );
  return error;
}

/** The hosts of one ledger URL and which one answered writable last. */
export class DatabaseHosts {
  readonly target: DatabaseTarget;
  readonly #url: string;
  #current = 0;

  constructor(url: string) {
    this.#url = url;
    this.target = parseDatabaseUrl(url);
  }

  /** Whether a connection must be on a server that is not in recovery. */
  get wantsPrimary(): boolean {
    return this.target.targetSessionAttrs !== 'any';
  }

  /** The host new connections go to first (an index into `target.hosts`). */
  get current(): number {
    return this.#current;
  }

  /** The single-host URL of host `index`. */
  url(index: number): string {
    return this.target.hostUrls[index] ?? this.target.hostUrls[0]!;
  }

  /** Host `index` failed (gone or not writable): the next connection tries the one after it. */
  failed(index: number): void {
    if (this.#current === index) this.#current = (index + 1) % this.target.hosts.length;
  }

  /** For messages: the hosts, without the password. */
  describe(): string {
    const hosts = this.target.hosts.map((h) => `${h.host}:${h.port}`).join(',');
    return this.target.hosts.length === 1 ? redact(this.#url) : `hosts ${hosts}`;
  }

  /**
   * Throws NotWritable when the server of `client` is not what target_session_attrs asks: in
   * recovery (a standby) for `primary`; that, or read-only by default, for `read-write` (as
   * libpq: `default_transaction_read_only`).
   */
  async check(client: pg.ClientBase): Promise<void> {
    if (!this.wantsPrimary) return;
    const { rows } = await client.query<{ standby: boolean; readOnly: boolean }>(
      `select pg_is_in_recovery() as standby,
              current_setting('transaction_read_only') = 'on' as "readOnly"`,
    );
    const row = rows[0];
    if (row?.standby !== false) throw new NotWritable('the server is in recovery (a standby)');
    if (this.target.targetSessionAttrs === 'read-write' && row.readOnly)
      throw new NotWritable('the server is read-only (default_transaction_read_only)');
  }

  /**
   * Keeps trying: `attempt(index)` on the current host, then the next, with a backoff between
   * rounds, until one succeeds or the failover time is spent (StoreUnavailable).
   */
  async retrying<T>(attempt: (index: number) => Promise<T>): Promise<T> {
    const deadline = Date.now() + FAILOVER_MS;
    let backoff = BACKOFF_FIRST_MS;
    let tried = 0;
    for (;;) {
      const index = this.#current;
      try {
        return await attempt(index);
      } catch (error) {
        if (!isConnectionLoss(error)) throw error;
        this.failed(index);
        tried += 1;
        if (Date.now() >= deadline) throw unavailable(this, error);
        // After a whole round of hosts, wait before the next.
        if (tried % this.target.hosts.length === 0) {
          await sleep(Math.min(backoff, Math.max(0, deadline - Date.now())));
          backoff = Math.min(BACKOFF_MAX_MS, backoff * 2);
        }
      }
    }
  }

  /**
   * A connection of its own (not pooled: a LISTEN, a leader's session locks) on the writable
   * host, or StoreUnavailable after the failover time. `config` adds pg options (keepAlive,
   * application_name); the host, port and credentials are the URL's.
   */
  connectClient(config: pg.ClientConfig = {}): Promise<pg.Client> {
    return this.retrying(async (index) => {
      const client = new pg.Client({
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        ...config,
        connectionString: this.url(index),
      });
      // An error event without a listener would crash the process; the caller adds its own.
      client.on('error', () => undefined);
      try {
        await client.connect();
        await this.check(client);
        return client;
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
    });
  }
}

/** A pooled client: made for the host that answered last, its failures noted. */
type FailoverClient = pg.Client & { readonly hostIndex: number; lost: boolean };

function clientClass(hosts: DatabaseHosts): typeof pg.Client {
  return class extends pg.Client {
    readonly hostIndex: number;
    lost = false;

    constructor(config?: pg.ClientConfig) {
      const index = hosts.current;
      super({
        ...config,
        connectionTimeoutMillis: config?.connectionTimeoutMillis ?? CONNECT_TIMEOUT_MS,
        connectionString: hosts.url(index),
      });
      this.hostIndex = index;
      // Always a listener: pg-pool listens only while a client is idle, and a connection cut
      // while a client is checked out between two queries (inside a transaction) would emit
      // 'error' with none, an uncaught exception that ends the server. Its queries fail as
      // they would anyway; the client is dropped when released.
      this.on('error', () => {
        this.lost = true;
        hosts.failed(this.hostIndex);
      });
    }

    /** A connection loss (or a read-only server) met by a query is noted, and a 503 answered. */
    #seen(error: unknown): unknown {
      if (!isConnectionLoss(error)) return error;
      this.lost = true;
      hosts.failed(this.hostIndex);
      return unavailable(hosts, error);
    }

    // pg's query has many overloads (a promise, a callback, a submittable such as COPY); each is
    // passed through, only a failure is looked at.
    override query(...args: unknown[]): never {
      const last = args.length - 1;
      const callback = args[last];
      if (typeof callback === 'function') {
        args[last] = (error: unknown, result: unknown) =>
          (callback as (e: unknown, r: unknown) => void)(error ? this.#seen(error) : error, result);
        return (super.query as (...a: unknown[]) => never)(...args);
      }
      const result = (super.query as (...a: unknown[]) => unknown)(...args);
      if (result instanceof Promise)
        return result.catch((error: unknown) => {
          throw this.#seen(error);
        }) as never;
      return result as never;
    }
  };
}

/**
 * A pg.Pool whose connections go to the writable host: a new connection is checked (`onConnect`,
 * pg-pool's hook), `connect()` tries the hosts in turn within the failover time, and a connection
 * that met a loss is dropped when released instead of going back to the pool.
 */
export class FailoverPool extends pg.Pool {
  readonly hosts: DatabaseHosts;

  /** `afterConnect`: a check of each new connection after the host's (the ledger's guard). */
  constructor(
    hosts: DatabaseHosts,
    config: pg.PoolConfig = {},
    afterConnect?: (client: pg.ClientBase) => Promise<void>,
  ) {
    // No connectionTimeoutMillis on the pool: there it would also bound the wait for a free
    // connection under load. Each new connection's attempt is bounded by the Client's own.
    super({
      ...config,
      Client: clientClass(hosts),
      // pg-pool awaits the hook's promise (a rejection ends the client and fails the connect);
      // @types/pg types its return as void.
      // eslint-disable-next-line @typescript-eslint/no-misused-promises
      onConnect: async (client: pg.ClientBase) => {
        await hosts.check(client);
        await afterConnect?.(client);
      },
    });
    this.hosts = hosts;
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(
    callback: (
      error: Error | undefined,
      client: pg.PoolClient | undefined,
      done: () => void,
    ) => void,
  ): void;
  override connect(
    callback?: (
      error: Error | undefined,
      client: pg.PoolClient | undefined,
      done: (release?: unknown) => void,
    ) => void,
  ): Promise<pg.PoolClient> | void {
    const connected = this.hosts.retrying(async (index) => {
      // A new connection that fails (refused, or to a standby) was made for host `index`:
      // `retrying` moves on from it, unless another connection did already.
      void index;
      return this.#dropsWhenLost(await super.connect());
    });
    if (callback === undefined) return connected;
    connected.then(
      (client) =>
        callback(undefined, client, (release?: unknown) => client.release(release as Error)),
      (error: unknown) => callback(error as Error, undefined, () => undefined),
    );
  }

  /** A client that met a connection loss is destroyed on release, not kept for the next caller. */
  #dropsWhenLost(client: pg.PoolClient): pg.PoolClient {
    const release = client.release.bind(client);
    const failover = client as unknown as FailoverClient;
    client.release = (destroy?: Error | boolean) =>
      release(failover.lost && destroy === undefined ? true : destroy);
    return client;
  }
}

const byUrl = new Map<string, DatabaseHosts>();

/**
 * The hosts of `url`, one object per URL in this process: the store's pool and the coordination's
 * connections (LISTEN, leader locks) share which host answered writable last.
 */
export function databaseHosts(url: string): DatabaseHosts {
  let hosts = byUrl.get(url);
  if (hosts === undefined) {
    hosts = new DatabaseHosts(url);
    byUrl.set(url, hosts);
  }
  return hosts;
}
