// The local cluster's state file, `cluster.json` in its scratch directory: the ports, passwords
// and process ids of what `probity cluster up` started, so that `down` stops exactly those
// processes (by id) and `status` shows them. Readable by its owner only (it holds passwords).
// The directory's layout is fixed: everything a part writes is found from the directory alone.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../core/errors/domain-error.js';

export const STATE_FILE = 'cluster.json';

export interface PartState {
  readonly port: number;
  /** The process id while it runs (as recorded; `isOurs` says whether it still does). */
  readonly pid: number | null;
}

export interface ClusterState {
  readonly version: 1;
  readonly synchronous: boolean;
  readonly passwords: {
    readonly superuser: string;
    readonly probity: string;
    readonly replication: string;
  };
  /** Whether the ledger has been set up (the demo city seeded once, its agencies added). */
  readonly seeded: boolean;
  /**
   * Which data directory holds the primary now: `primary` until `cluster failover` promotes the
   * standby, then `standby` (and back again after a second failover). Absent in a state written
   * before failover existed: `primary`. `primary` and `standby` below are always the roles (their
   * ports and processes), whichever directory holds each.
   */
  readonly primaryDir?: PostgresDir | undefined;
  readonly primary: PartState;
  readonly standby: PartState;
  readonly servers: readonly PartState[];
  readonly balancer: PartState;
}

/** The two data directories under `<dir>/postgres`; which is the primary is in the state. */
export type PostgresDir = 'primary' | 'standby';

/** The data directory that is not `dir`. */
export const otherDir = (dir: PostgresDir): PostgresDir =>
  dir === 'primary' ? 'standby' : 'primary';

/**
 * Where each part keeps its files under the scratch directory. `primaryData` and `standbyData`
 * are the data directories of the primary and the standby as `state` records them (after a
 * failover, the primary's is `postgres/standby`).
 */
export function clusterLayout(dir: string, state?: Pick<ClusterState, 'primaryDir'>) {
  const postgres = join(dir, 'postgres');
  const primaryDir = state?.primaryDir ?? 'primary';
  return {
    state: join(dir, STATE_FILE),
    logs: join(dir, 'logs'),
    log: (part: string) => join(dir, 'logs', `${part}.log`),
    /** Owned by the user PostgreSQL runs as (mode 0700). */
    postgres,
    primaryData: join(postgres, primaryDir),
    standbyData: join(postgres, otherDir(primaryDir)),
    /** A directory moved aside (an old primary after a failover), named by the time. */
    setAside: (name: string) => join(postgres, `${name}.old-${Date.now()}`),
    passwordFile: join(postgres, 'superuser.password'),
    keyFile: join(dir, 'authority-key.pem'),
    publications: join(dir, 'publications'),
    server: (n: number) => join(dir, 'servers', `server-${n}`),
    haproxyConfig: join(dir, 'haproxy.cfg'),
  };
}

export type ClusterLayout = ReturnType<typeof clusterLayout>;

export function readClusterState(dir: string): ClusterState | undefined {
  const path = join(dir, STATE_FILE);
  if (!existsSync(path)) return undefined;
  let state: unknown;
  try {
    state = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DomainError(
      'ClusterDirUnusable',
      `${path} cannot be read as the cluster's state (${error instanceof Error ? error.message : String(error)}): stop what it started by hand and delete the directory`,
    );
  }
  if (
    typeof state !== 'object' ||
    state === null ||
    (state as { version?: unknown }).version !== 1 ||
    !Array.isArray((state as { servers?: unknown }).servers)
  )
    throw new DomainError(
      'ClusterDirUnusable',
      `${path} is not a cluster state this version of probity knows`,
    );
  return state as ClusterState;
}

/** Writes the state whole (a new file renamed over the old one: never half a state). */
export function writeClusterState(dir: string, state: ClusterState): void {
  const path = join(dir, STATE_FILE);
  const next = `${path}.${process.pid}.tmp`;
  writeFileSync(next, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(next, path);
}

/** The primary's or the standby's URL for the Probity role: a value `--db` accepts. */
export function databaseUrl(state: ClusterState, port: number): string {
  return `postgres://probity:${state.passwords.probity}@127.0.0.1:${port}/probity`;
}

/**
 * The servers' `--db`: both databases, the primary first, in libpq's multi-host form, so that a
 * server's connections go to whichever is writable (src/store/postgres-url.ts): after
 * `cluster failover` promotes the standby, they follow it without a restart.
 */
export function serversDatabaseUrl(state: ClusterState): string {
  return `postgres://probity:${state.passwords.probity}@127.0.0.1:${state.primary.port},127.0.0.1:${state.standby.port}/probity?target_session_attrs=read-write`;
}

/** What a recorded process id must show in its command line to be the process we started. */
export const processMatch = {
  postgres: (dataDir: string) => dataDir,
  server: (port: number) => `--port ${port} `,
  balancer: (configFile: string) => configFile,
};
