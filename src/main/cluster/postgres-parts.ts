// The local cluster's PostgreSQL (docs/cluster.md): a primary made with initdb in the scratch
// directory, a streaming standby made from it with `pg_basebackup -R`, each on its own port on
// 127.0.0.1 only (no Unix socket), with Debian's PostgreSQL 15 programs. As root, the programs
// run as the user `postgres`, which owns the data directories.
import { appendFileSync, chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import pg from 'pg';
import {
  logTail,
  runProgram,
  startDetached,
  waitUntil,
  type RunAs,
  type Started,
} from './cluster-processes.js';
import type { ClusterLayout, ClusterState } from './cluster-state.js';

/** The standby's name on the primary (`synchronous_standby_names`, `pg_stat_replication`). */
export const STANDBY_NAME = 'probity_standby';
/** The file of settings `up` writes into each data directory at every start. */
const SETTINGS_FILE = 'probity-cluster.conf';

export interface PostgresPrograms {
  readonly initdb: string;
  readonly postgres: string;
  readonly pgBasebackup: string;
}

function own(path: string, runAs: RunAs | undefined): void {
  if (runAs) chownSync(path, runAs.uid, runAs.gid);
}

/** A file PostgreSQL reads, owned by the user it runs as. */
function writeOwned(path: string, text: string, runAs: RunAs | undefined, mode = 0o600): void {
  writeFileSync(path, text, { mode });
  own(path, runAs);
}

/** The directory that holds both data directories, owned by PostgreSQL's user. */
export function preparePostgresDir(layout: ClusterLayout, runAs: RunAs | undefined): void {
  mkdirSync(layout.postgres, { recursive: true, mode: 0o700 });
  own(layout.postgres, runAs);
}

export function hasDataDir(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}

/** initdb: a new primary whose superuser `postgres` signs in with a password over TCP. */
export async function initPrimary(
  programs: PostgresPrograms,
  layout: ClusterLayout,
  state: ClusterState,
  runAs: RunAs | undefined,
): Promise<void> {
  writeOwned(layout.passwordFile, `${state.passwords.superuser}\n`, runAs);
  await runProgram(
    'the primary (initdb)',
    programs.initdb,
    [
      ...['-D', layout.primaryData, '-U', 'postgres', `--pwfile=${layout.passwordFile}`],
      ...['--auth-host=scram-sha-256', '--auth-local=scram-sha-256', '-E', 'UTF8'],
      ...['--locale=C', '--no-instructions'],
    ],
    { cwd: layout.postgres, runAs, timeoutMs: 120_000 },
  );
  // Only 127.0.0.1, with passwords: the Probity role, the replication role, the superuser.
  writeOwned(
    join(layout.primaryData, 'pg_hba.conf'),
    [
      '# Written by `probity cluster up`: TCP on 127.0.0.1 only, with passwords.',
      'host all         all        127.0.0.1/32 scram-sha-256',
      'host replication replicator 127.0.0.1/32 scram-sha-256',
      '',
    ].join('\n'),
    runAs,
  );
  appendFileSync(
    join(layout.primaryData, 'postgresql.conf'),
    `\n# probity cluster: ports, replication, synchronous standby (rewritten at every up)\ninclude_if_exists = '${SETTINGS_FILE}'\n`,
  );
}

/** The settings of one server of the pair, rewritten at every `up` (ports, synchronous mode). */
function writeSettings(
  dataDir: string,
  port: number,
  synchronousStandby: string,
  runAs: RunAs | undefined,
): void {
  writeOwned(
    join(dataDir, SETTINGS_FILE),
    [
      '# Written by `probity cluster up` at every start (docs/cluster.md).',
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      "unix_socket_directories = ''",
      'wal_level = replica',
      'max_wal_senders = 5',
      'max_replication_slots = 5',
      // WAL kept for a standby that falls behind or is stopped a while (no replication slot,
      // so a standby deleted for good holds nothing back).
      "wal_keep_size = '256MB'",
      'hot_standby = on',
      'max_connections = 200',
      `synchronous_standby_names = '${synchronousStandby}'`,
      '',
    ].join('\n'),
    runAs,
  );
}

/** Runs `sql` on 127.0.0.1:port as the superuser. */
async function asSuperuser<T>(
  state: ClusterState,
  port: number,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password: state.passwords.superuser,
    database: 'postgres',
    connectionTimeoutMillis: 2_000,
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Starts `postgres` on a data directory and waits (bounded) until it accepts connections. */
export async function startPostgres(
  part: 'primary' | 'standby',
  programs: PostgresPrograms,
  dataDir: string,
  port: number,
  layout: ClusterLayout,
  state: ClusterState,
  runAs: RunAs | undefined,
): Promise<Started> {
  // Both start asynchronous: a primary waiting for a standby that is not there yet would hold
  // every commit of the set-up (the roles, the ledger). `makeSynchronous` turns it on once the
  // standby streams (--sync); a standby never waits (promoted, it has no standby of its own).
  writeSettings(dataDir, port, '', runAs);
  // Logs are named by data directory (a promoted standby goes on writing its own).
  const log = layout.log(basename(dataDir));
  const started = await startDetached(programs.postgres, ['-D', dataDir], {
    cwd: layout.postgres,
    log,
    runAs,
  });
  await waitUntil(
    `the ${part} (postgres on 127.0.0.1:${port}, log ${log})`,
    () => asSuperuser(state, port, async (c) => (await c.query('select 1')).rowCount === 1),
    {
      timeoutMs: 60_000,
      failed: () => {
        const exit = started.exit();
        return exit
          ? `postgres exited (${exit.code ?? exit.signal ?? '?'}):\n${logTail(log)}`
          : undefined;
      },
    },
  );
  return started;
}

/** On a new primary: the Probity role and database, and the replication role. */
export async function createRoles(state: ClusterState): Promise<void> {
  const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
  await asSuperuser(state, state.primary.port, async (c) => {
    await c.query(`create role probity login password ${quote(state.passwords.probity)}`);
    await c.query('create database probity owner probity');
    await c.query(
      `create role replicator replication login password ${quote(state.passwords.replication)}`,
    );
  });
}

/** The standby's connection to the primary (its name makes it the synchronous standby). */
function primaryConninfo(state: ClusterState): string {
  return [
    'host=127.0.0.1',
    `port=${state.primary.port}`,
    'user=replicator',
    `password=${state.passwords.replication}`,
    `application_name=${STANDBY_NAME}`,
  ].join(' ');
}

/** The standby: a base backup of the primary with `-R` (standby.signal, primary_conninfo). */
export async function makeStandby(
  programs: PostgresPrograms,
  layout: ClusterLayout,
  state: ClusterState,
  runAs: RunAs | undefined,
): Promise<void> {
  await runProgram(
    'the standby (pg_basebackup)',
    programs.pgBasebackup,
    [
      ...['-d', primaryConninfo(state).replace(/ password=\S+/, '')],
      ...['-D', layout.standbyData, '-R', '-X', 'stream', '-c', 'fast'],
    ],
    {
      cwd: layout.postgres,
      env: { ...process.env, PGPASSWORD: state.passwords.replication },
      runAs,
      timeoutMs: 180_000,
    },
  );
  // -R wrote primary_conninfo without the password (it was in the environment): this later
  // line, with it and the standby's name, is the one in force.
  appendFileSync(
    join(layout.standbyData, 'postgresql.auto.conf'),
    `# probity cluster\nprimary_conninfo = '${primaryConninfo(state).replace(/'/g, "''")}'\n`,
  );
}

/** Waits (bounded) until the standby is in recovery and streams from the primary. */
export async function waitForStreaming(state: ClusterState): Promise<void> {
  await waitUntil(
    `the standby (127.0.0.1:${state.standby.port}) streaming from the primary`,
    async () => {
      const inRecovery = await asSuperuser(
        state,
        state.standby.port,
        async (c) =>
          (await c.query<{ r: boolean }>('select pg_is_in_recovery() as r')).rows[0]?.r === true,
      );
      if (!inRecovery) return false;
      return asSuperuser(
        state,
        state.primary.port,
        async (c) =>
          (
            await c.query(
              "select 1 from pg_stat_replication where application_name = $1 and state = 'streaming'",
              [STANDBY_NAME],
            )
          ).rowCount === 1,
      );
    },
    { timeoutMs: 60_000, everyMs: 300 },
  );
}

/**
 * --sync: the primary waits for the standby from now on (its settings rewritten, then reloaded:
 * `synchronous_standby_names` needs no restart).
 */
export async function makeSynchronous(
  layout: ClusterLayout,
  state: ClusterState,
  runAs: RunAs | undefined,
): Promise<void> {
  writeSettings(layout.primaryData, state.primary.port, STANDBY_NAME, runAs);
  await asSuperuser(state, state.primary.port, async (c) => {
    await c.query('select pg_reload_conf()');
  });
  await waitUntil(
    `the primary (127.0.0.1:${state.primary.port}) waiting for the standby (--sync)`,
    () =>
      asSuperuser(
        state,
        state.primary.port,
        async (c) =>
          (
            await c.query(
              "select 1 from pg_stat_replication where application_name = $1 and sync_state = 'sync'",
              [STANDBY_NAME],
            )
          ).rowCount === 1,
      ),
    { timeoutMs: 30_000 },
  );
}

/**
 * Promotes the standby (`pg_promote`, waiting for it) and waits (bounded) until it takes writes.
 * It has no synchronous standby of its own (`startPostgres` started it with none), so its
 * commits wait for nobody.
 */
export async function promoteStandby(state: ClusterState): Promise<void> {
  await asSuperuser(state, state.standby.port, async (c) => {
    const { rows } = await c.query<{ promoted: boolean }>(
      'select pg_promote(true, 60) as promoted',
    );
    if (rows[0]?.promoted !== true)
      throw new Error(`pg_promote on 127.0.0.1:${state.standby.port} did not finish in 60 s`);
  });
  await waitUntil(
    `the promoted standby (127.0.0.1:${state.standby.port}) out of recovery`,
    () =>
      asSuperuser(
        state,
        state.standby.port,
        async (c) =>
          (await c.query<{ r: boolean }>('select pg_is_in_recovery() as r')).rows[0]?.r === false,
      ),
    { timeoutMs: 30_000, everyMs: 100 },
  );
}
