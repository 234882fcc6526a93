// What `probity cluster up|down|status` asks the composition root for: a local cluster of
// processes (a PostgreSQL primary and standby, Probity servers, HAProxy) under one scratch
// directory. Starting and stopping processes is I/O: it is done in src/main/cluster/, and the
// command only parses, calls and prints (docs/cluster.md).

/** One part of the cluster as its state file records it and the machine shows it. */
export interface ClusterPart {
  /** `primary`, `standby`, `server-1`..., `balancer`. */
  readonly name: string;
  /** Where it answers: a postgres:// URL (a `--db` value) or an http:// URL. */
  readonly url: string;
  /** Its process id while it runs; null when it is not running. */
  readonly pid: number | null;
  /** Its log file. */
  readonly log: string;
}

export interface ClusterView {
  /** The scratch directory (absolute). */
  readonly dir: string;
  /** Whether commits on the primary wait for the standby (`up --sync`). */
  readonly synchronous: boolean;
  readonly primary: ClusterPart;
  /** None after `failover`, until `up` makes a new standby from the promoted primary. */
  readonly standby: ClusterPart | null;
  readonly servers: readonly ClusterPart[];
  readonly balancer: ClusterPart;
}

export interface ClusterUpRequest {
  /** The scratch directory (created when absent). */
  readonly dir: string;
  /** How many `probity serve` processes (1 to 9). */
  readonly servers: number;
  /** Synchronous replication to the standby. */
  readonly synchronous: boolean;
  /** The demo city seeded once into a new ledger. */
  readonly city: { readonly persons: number; readonly organizations: number };
  /** Where initdb, postgres and pg_basebackup are. */
  readonly postgresBin: string;
  /** The haproxy binary (a path, or a name looked up on PATH). */
  readonly haproxy: string;
  /** Told each step as it starts (`starting the primary on 127.0.0.1:41234`). */
  readonly onStep?: ((text: string) => void) | undefined;
}

export interface ClusterUpResult {
  /** True when every part was running already and nothing was started. */
  readonly alreadyUp: boolean;
  /** True when this run made the ledger (seeded the demo city and added its agencies). */
  readonly seeded: boolean;
  readonly view: ClusterView;
}

export interface ClusterDownResult {
  /** The parts stopped by this run, in the order they were stopped. */
  readonly stopped: readonly string[];
  /** False when the directory held no cluster state at all. */
  readonly known: boolean;
}

export interface ClusterFailoverResult {
  /** The cluster after the promotion: the promoted database is the primary, no standby. */
  readonly view: ClusterView;
  /** Where the old primary's data was moved aside. */
  readonly oldPrimaryData: string;
}

export interface ClusterOps {
  up(request: ClusterUpRequest): Promise<ClusterUpResult>;
  down(request: {
    readonly dir: string;
    readonly onStep?: ((text: string) => void) | undefined;
  }): Promise<ClusterDownResult>;
  /** The recorded parts and whether each runs; ClusterNotFound when the directory holds none. */
  status(request: { readonly dir: string }): Promise<ClusterView>;
  /** Stops the primary at once and promotes the standby (docs/cluster.md, "The database's failover"). */
  failover(request: {
    readonly dir: string;
    readonly onStep?: ((text: string) => void) | undefined;
  }): Promise<ClusterFailoverResult>;
}
