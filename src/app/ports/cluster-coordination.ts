// What several servers on one ledger need from each other (issue 12): to hear at once that the
// ledger head moved (`LedgerHeadWatcher`), and to run the work that writes derived data or talks to
// the outside world once across the cluster (`ClusterLocks`). On PostgreSQL both are adapters in
// src/store (LISTEN/NOTIFY on a dedicated connection; advisory locks); on SQLite, where one
// process is the whole deployment, they are no-ops: nothing is heard (the server's own writes are
// followed directly, the CLI's by the poll) and every lock is this process's.

/**
 * Tells a server, as soon as another one commits a ledger write, the head it moved to. A lost
 * notification only costs latency: the server keeps polling the head as before.
 * @example
 * const watch = watcher.watch((head) => void standing.sync()); // head undefined: (re)connected
 * await watch.close();
 */
export interface LedgerHeadWatcher {
  /**
   * Calls `onHead(seq)` for every committed ledger write heard (this process's own included), and
   * `onHead(undefined)` whenever the watch (re)connects, since writes committed while it was
   * disconnected were not heard. Never throws into the caller; reconnects by itself.
   */
  watch(onHead: (head: number | undefined) => void): HeadWatch;
}

export interface HeadWatch {
  /** Stops listening and releases the connection. */
  close(): Promise<void>;
}

/** Derived writes that must not run on two servers at once. */
export type SharedWork = 'list-feeds' | 'notices';

/** Background work that one server of the cluster, its leader, runs. */
export type LeaderRole = 'publication' | 'notice-delivery';

/** What `ClusterLocks.exclusive` did: ran the work (and its value), or not (another server runs it). */
export type ExclusiveRun<T> = { readonly ran: true; readonly value: T } | { readonly ran: false };

/**
 * Cluster-wide mutual exclusion. `exclusive` is a try-lock held for one piece of work; `lead` is a
 * leadership held for as long as this server's session lasts, so that when the server dies its
 * role is free and another server takes it at its next attempt.
 * @example
 * const run = await locks.exclusive('list-feeds', () => syncListFeeds(store, engine, now));
 * if (!run.ran) owed = true; // another server is syncing: try again at the next poll
 * if (await locks.lead('publication')) await publish();
 */
export interface ClusterLocks {
  /** True when other processes may run the same work (PostgreSQL); false for one process (SQLite). */
  readonly shared: boolean;
  /** Runs `work` unless another server runs the same work now (then nothing is run). */
  exclusive<T>(work: SharedWork, run: () => Promise<T>): Promise<ExclusiveRun<T>>;
  /** Whether this server leads `role`, taking the role when no live server holds it. */
  lead(role: LeaderRole): Promise<boolean>;
}

/** The two together, as a composition root opens them for one server; `close` releases both. */
export interface ClusterCoordination {
  readonly headWatcher: LedgerHeadWatcher;
  readonly locks: ClusterLocks;
  close(): Promise<void>;
}
