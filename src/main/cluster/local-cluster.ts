// `probity cluster up|down|status` (docs/cluster.md): a PostgreSQL primary and a streaming
// standby, the ledger set up once, several `probity serve` processes on the primary's database
// and HAProxy in front, all under one scratch directory, every process recorded by its id in
// `cluster.json`. `up` starts what is not running (reusing the directory's data, ports and
// passwords), and on any failure stops what it started and says which part failed; `down` stops
// every recorded process by its id, servers first, then HAProxy, the standby, the primary.
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  ClusterDownResult,
  ClusterFailoverResult,
  ClusterOps,
  ClusterPart,
  ClusterUpRequest,
  ClusterUpResult,
  ClusterView,
} from '../../cli/cluster-ops.js';
import { DomainError } from '../../core/errors/domain-error.js';
import {
  answers200,
  findProgram,
  freePort,
  isOurs,
  logTail,
  portIsFree,
  postgresRunAs,
  runProgram,
  startDetached,
  stopProcess,
  waitUntil,
  type RunAs,
} from './cluster-processes.js';
import {
  clusterLayout,
  databaseUrl,
  processMatch,
  otherDir,
  readClusterState,
  serversDatabaseUrl,
  writeClusterState,
  type ClusterLayout,
  type ClusterState,
  type PartState,
} from './cluster-state.js';
import { haproxyConfig } from './haproxy-config.js';
import {
  createRoles,
  hasDataDir,
  initPrimary,
  makeStandby,
  makeSynchronous,
  preparePostgresDir,
  promoteStandby,
  startPostgres,
  waitForStreaming,
  type PostgresPrograms,
} from './postgres-parts.js';

/** The repository (or installed package) root: bin/probity.js, dist/, src/. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'probity.js');
/** The demo city's seed: its agencies' demo tokens are `demo-<kind>-1`, as `npm start` prints. */
const DEMO_SEED = '1';

const SERVER_READY_MS = 180_000;
const BALANCER_READY_MS = 20_000;

/** The scratch directory, made when absent; ClusterDirUnusable when it cannot be one. */
function useDir(dir: string): string {
  const path = resolve(dir);
  if (existsSync(path) && !statSync(path).isDirectory())
    throw new DomainError(
      'ClusterDirUnusable',
      `--dir ${path} is a file, not a directory: give a directory (it is made when absent)`,
    );
  try {
    mkdirSync(path, { recursive: true });
    accessSync(path, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new DomainError(
      'ClusterDirUnusable',
      `--dir ${path} cannot be made or written (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  return path;
}

/** The directory as it is, for down and status (never made). */
function existingDir(dir: string): string {
  const path = resolve(dir);
  if (existsSync(path) && !statSync(path).isDirectory())
    throw new DomainError('ClusterDirUnusable', `--dir ${path} is a file, not a directory`);
  return path;
}

function postgresPrograms(binDir: string): PostgresPrograms {
  const find = (name: string) =>
    findProgram(join(binDir, name), `PostgreSQL 15's ${name} (give its directory with --pg-bin)`);
  return {
    initdb: find('initdb'),
    postgres: find('postgres'),
    pgBasebackup: find('pg_basebackup'),
  };
}

/** The newest modification time of the .ts files under src/ (0 when there is no src/). */
function newestSource(dir: string): number {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return 0;
  }
  for (const e of entries)
    if (e.isFile() && e.name.endsWith('.ts'))
      newest = Math.max(newest, statSync(join(e.parentPath, e.name)).mtimeMs);
  return newest;
}

/** The built CLI the servers run; says so when dist/ looks older than src/. */
function builtCli(onStep: (text: string) => void): string {
  const cli = join(ROOT, 'dist', 'main', 'cli.js');
  if (!existsSync(cli) || !existsSync(BIN))
    throw new DomainError(
      'ClusterToolMissing',
      `the built probity (${cli}) is missing: run \`npm run build\` (npm install does it) first`,
    );
  if (newestSource(join(ROOT, 'src')) > statSync(cli).mtimeMs)
    onStep(
      'warning: dist/ is older than src/: the servers run dist/ as built; run `npm run build` to run the source as it is',
    );
  return BIN;
}

const secret = () => randomBytes(18).toString('base64url');

/** Ports for each part: the recorded ones (which must be free), new free ones for the rest. */
async function choosePorts(
  previous: ClusterState | undefined,
  servers: number,
): Promise<{ primary: number; standby: number; servers: number[]; balancer: number }> {
  const taken = new Set<number>();
  const pick = async (recorded: number | undefined, part: string): Promise<number> => {
    if (recorded !== undefined) {
      if (!(await portIsFree(recorded)))
        throw new DomainError(
          'ClusterPartFailed',
          `the ${part}: its port 127.0.0.1:${recorded} (recorded in cluster.json) is taken by another process; stop it, or use another --dir`,
        );
      taken.add(recorded);
      return recorded;
    }
    for (let i = 0; i < 20; i++) {
      const port = await freePort();
      if (!taken.has(port)) {
        taken.add(port);
        return port;
      }
    }
    throw new DomainError('ClusterPartFailed', `the ${part}: no free port found`);
  };
  const primary = await pick(previous?.primary.port, 'primary');
  const standby = await pick(previous?.standby.port, 'standby');
  const serverPorts: number[] = [];
  for (let n = 1; n <= servers; n++)
    serverPorts.push(await pick(previous?.servers[n - 1]?.port, `server-${n}`));
  const balancer = await pick(previous?.balancer.port, 'balancer');
  return { primary, standby, servers: serverPorts, balancer };
}

/** Each part with whether its recorded process still runs. */
function view(dir: string, state: ClusterState): ClusterView {
  const layout = clusterLayout(dir, state);
  const running = (part: PartState, match: string) => (isOurs(part.pid, match) ? part.pid : null);
  const http = (port: number) => `http://127.0.0.1:${port}`;
  return {
    dir,
    synchronous: state.synchronous,
    primary: {
      name: 'primary',
      url: databaseUrl(state, state.primary.port),
      pid: running(state.primary, processMatch.postgres(layout.primaryData)),
      log: layout.log(basename(layout.primaryData)),
    },
    // None after a failover, until `up` makes a new one from the promoted primary.
    standby: hasDataDir(layout.standbyData)
      ? {
          name: 'standby',
          url: databaseUrl(state, state.standby.port),
          pid: running(state.standby, processMatch.postgres(layout.standbyData)),
          log: layout.log(basename(layout.standbyData)),
        }
      : null,
    servers: state.servers.map((s, i) => ({
      name: `server-${i + 1}`,
      url: http(s.port),
      pid: running(s, processMatch.server(s.port)),
      log: layout.log(`server-${i + 1}`),
    })),
    balancer: {
      name: 'balancer',
      url: http(state.balancer.port),
      pid: running(state.balancer, processMatch.balancer(layout.haproxyConfig)),
      log: layout.log('balancer'),
    },
  };
}

const partsOf = (v: ClusterView): (ClusterPart | null)[] => [
  v.primary,
  v.standby,
  ...v.servers,
  v.balancer,
];

/** Stops every recorded process by its id, in order, recording each as stopped. */
async function stopAll(
  dir: string,
  state: ClusterState,
  onStep: (text: string) => void,
): Promise<{ state: ClusterState; stopped: string[] }> {
  const layout = clusterLayout(dir, state);
  const stopped: string[] = [];
  let current = state;
  // All servers at once. SIGTERM: each finishes its requests, writes its snapshot and closes.
  const serversStopped = await Promise.all(
    current.servers.map(async (s, i) => {
      if (isOurs(s.pid, processMatch.server(s.port)))
        onStep(`stopping server-${i + 1} (pid ${s.pid})`);
      return stopProcess(s.pid, processMatch.server(s.port), 'SIGTERM', 20_000);
    }),
  );
  serversStopped.forEach((was, i) => {
    if (was) stopped.push(`server-${i + 1}`);
  });
  current = { ...current, servers: current.servers.map((s) => ({ ...s, pid: null })) };
  writeClusterState(dir, current);
  const one = async (
    name: 'balancer' | 'standby' | 'primary',
    match: string,
    signal: NodeJS.Signals,
    graceMs: number,
  ) => {
    const part = current[name];
    if (isOurs(part.pid, match)) onStep(`stopping the ${name} (pid ${part.pid})`);
    if (await stopProcess(part.pid, match, signal, graceMs)) stopped.push(name);
    current = { ...current, [name]: { ...part, pid: null } };
    writeClusterState(dir, current);
  };
  await one('balancer', processMatch.balancer(layout.haproxyConfig), 'SIGTERM', 5_000);
  // SIGINT is PostgreSQL's fast shutdown: transactions rolled back, a clean checkpoint.
  await one('standby', processMatch.postgres(layout.standbyData), 'SIGINT', 30_000);
  await one('primary', processMatch.postgres(layout.primaryData), 'SIGINT', 30_000);
  return { state: current, stopped };
}

/** Runs the built CLI once (the ledger's set-up), bounded in time. */
function probityOnce(
  bin: string,
  args: readonly string[],
  what: string,
  layout: ClusterLayout,
  timeoutMs: number,
): Promise<string> {
  return runProgram(what, process.execPath, [bin, ...args], {
    cwd: layout.server(1),
    env: childEnv({}),
    timeoutMs,
  });
}

/**
 * The environment of the Probity processes: the operator's, without the ledger and clock
 * settings the cluster gives them itself (--db, and the machine's clock).
 */
function childEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env['PROBITY_DATABASE_URL'];
  delete env['PROBITY_NOW'];
  return env;
}

async function up(request: ClusterUpRequest): Promise<ClusterUpResult> {
  const onStep = request.onStep ?? (() => undefined);
  const dir = useDir(request.dir);
  let layout = clusterLayout(dir);
  // Every program is found before anything starts or stops.
  const programs = postgresPrograms(request.postgresBin);
  const haproxy = findProgram(request.haproxy, 'HAProxy (install `haproxy`, or give --haproxy)');
  const bin = builtCli(onStep);
  const runAs = postgresRunAs();
  const previous = readClusterState(dir);
  if (previous) {
    const before = view(dir, previous);
    const parts = partsOf(before);
    if (
      parts.every((p) => p !== null && p.pid !== null) &&
      previous.servers.length === request.servers &&
      previous.synchronous === request.synchronous
    )
      return { alreadyUp: true, seeded: false, view: before };
    if (parts.some((p) => p !== null && p.pid !== null)) {
      onStep('part of the cluster runs: stopping it to start it whole');
      await stopAll(dir, previous, onStep);
    }
  }
  if (runAs) chmodSync(dir, 0o755); // PostgreSQL's user must reach its directory inside

  const ports = await choosePorts(previous, request.servers);
  let state: ClusterState = {
    version: 1,
    synchronous: request.synchronous,
    passwords: previous?.passwords ?? {
      superuser: secret(),
      probity: secret(),
      replication: secret(),
    },
    seeded: previous?.seeded ?? false,
    primaryDir: previous?.primaryDir ?? 'primary',
    primary: { port: ports.primary, pid: null },
    standby: { port: ports.standby, pid: null },
    servers: ports.servers.map((port) => ({ port, pid: null })),
    balancer: { port: ports.balancer, pid: null },
  };
  const record = (next: ClusterState) => {
    state = next;
    writeClusterState(dir, state);
  };
  // The data directories as the state says (after a failover, the primary's is postgres/standby).
  layout = clusterLayout(dir, state);
  mkdirSync(layout.logs, { recursive: true });
  for (let n = 1; n <= request.servers; n++) mkdirSync(layout.server(n), { recursive: true });
  record(state);

  let seeded = false;
  let newPrimary = false;
  try {
    // -- PostgreSQL: the primary, then the standby made from it -----------------------------------
    preparePostgresDir(layout, runAs);
    newPrimary = !hasDataDir(layout.primaryData);
    if (newPrimary) {
      // A new primary holds no ledger, whatever an earlier state says.
      record({ ...state, seeded: false });
      onStep(`initdb: a new primary in ${layout.primaryData}`);
      await initPrimary(programs, layout, state, runAs);
    }
    onStep(`starting the primary on 127.0.0.1:${state.primary.port}`);
    const primary = await startPostgres(
      'primary',
      programs,
      layout.primaryData,
      state.primary.port,
      layout,
      state,
      runAs,
    );
    record({ ...state, primary: { ...state.primary, pid: primary.pid } });
    if (newPrimary) await createRoles(state);
    if (!hasDataDir(layout.standbyData)) {
      onStep('pg_basebackup: the standby from the primary');
      await makeStandby(programs, layout, state, runAs);
    }
    onStep(`starting the standby on 127.0.0.1:${state.standby.port}`);
    const standby = await startPostgres(
      'standby',
      programs,
      layout.standbyData,
      state.standby.port,
      layout,
      state,
      runAs,
    );
    record({ ...state, standby: { ...state.standby, pid: standby.pid } });
    await waitForStreaming(state);
    if (state.synchronous) {
      onStep('synchronous replication: the primary now waits for the standby');
      await makeSynchronous(layout, state, runAs);
    }

    // -- The ledger, set up once, before any server starts (so they never race to do it) ---------
    const primaryUrl = databaseUrl(state, state.primary.port);
    if (!state.seeded) {
      const db = ['--db', primaryUrl, '--key-file', layout.keyFile];
      onStep(
        `seeding the demo city (${request.city.persons} persons, ${request.city.organizations} organisations) into the primary`,
      );
      await probityOnce(
        bin,
        [
          ...['seed', '--persons', String(request.city.persons)],
          ...['--orgs', String(request.city.organizations), '--years', '5', '--seed', DEMO_SEED],
          ...db,
        ],
        'the ledger set-up (probity seed)',
        layout,
        600_000,
      );
      // What `probity demo` adds to a seeded store: a demo agency for every enforcing kind.
      await probityOnce(
        bin,
        ['demo', '--no-serve', ...db],
        'the ledger set-up (probity demo --no-serve)',
        layout,
        120_000,
      );
      seeded = true;
      record({ ...state, seeded: true });
    }

    // -- The Probity servers, on the primary, following it to the standby if it is promoted -----
    const serversDb = serversDatabaseUrl(state);
    const servers = await Promise.all(
      state.servers.map(async (s, i) => {
        const n = i + 1;
        const home = layout.server(n);
        onStep(`starting server-${n} on 127.0.0.1:${s.port}`);
        const env = childEnv({
          PROBITY_SNAPSHOT_FILE: join(home, 'engine.snapshot'),
          // One folder for the cluster: the daily publication is written by whichever server
          // leads it that day (docs/architecture.md, several servers).
          PROBITY_PUBLICATIONS_DIR: layout.publications,
        });
        const started = await startDetached(
          process.execPath,
          [
            ...[bin, 'serve', '--db', serversDb, '--key-file', layout.keyFile],
            ...['--host', '127.0.0.1', '--port', String(s.port)],
          ],
          { cwd: home, log: layout.log(`server-${n}`), env },
        );
        return { started, port: s.port, n };
      }),
    );
    record({
      ...state,
      servers: servers.map((s) => ({ port: s.port, pid: s.started.pid })),
    });
    await Promise.all(
      servers.map((s) =>
        waitUntil(
          `server-${s.n} (probity serve on 127.0.0.1:${s.port}, log ${layout.log(`server-${s.n}`)})`,
          () => answers200(`http://127.0.0.1:${s.port}/readyz`),
          {
            timeoutMs: SERVER_READY_MS,
            everyMs: 250,
            failed: () => {
              const exit = s.started.exit();
              return exit
                ? `it exited (${exit.code ?? exit.signal ?? '?'}):\n${logTail(layout.log(`server-${s.n}`))}`
                : undefined;
            },
          },
        ),
      ),
    );

    // -- HAProxy in front -------------------------------------------------------------------------
    writeFileSync(
      layout.haproxyConfig,
      haproxyConfig({
        port: state.balancer.port,
        servers: state.servers.map((s, i) => ({ name: `server-${i + 1}`, port: s.port })),
      }),
    );
    await runProgram(
      'the balancer (haproxy -c)',
      haproxy,
      ['-c', '-q', '-f', layout.haproxyConfig],
      {
        cwd: dir,
        timeoutMs: 20_000,
      },
    );
    onStep(`starting HAProxy on 127.0.0.1:${state.balancer.port}`);
    const balancer = await startDetached(haproxy, ['-db', '-f', layout.haproxyConfig], {
      cwd: dir,
      log: layout.log('balancer'),
    });
    record({ ...state, balancer: { ...state.balancer, pid: balancer.pid } });
    await waitUntil(
      `the balancer (HAProxy on 127.0.0.1:${state.balancer.port}, log ${layout.log('balancer')})`,
      () => answers200(`http://127.0.0.1:${state.balancer.port}/readyz`),
      {
        timeoutMs: BALANCER_READY_MS,
        failed: () => {
          const exit = balancer.exit();
          return exit
            ? `it exited (${exit.code ?? exit.signal ?? '?'}):\n${logTail(layout.log('balancer'))}`
            : undefined;
        },
      },
    );
  } catch (error) {
    onStep('a part failed: stopping what was started');
    await stopAll(dir, state, onStep).catch(() => undefined);
    // A new cluster that failed half-way may hold half-made data: say how to start afresh.
    const afresh = newPrimary
      ? `\n(everything started was stopped; this new cluster's data may be incomplete: delete ${dir} to start afresh)`
      : '\n(everything started was stopped)';
    if (error instanceof DomainError)
      throw new DomainError(error.code, `${error.message}${afresh}`, error.details);
    throw new DomainError(
      'ClusterPartFailed',
      `the cluster could not start: ${error instanceof Error ? error.message : String(error)}${afresh}`,
    );
  }
  return { alreadyUp: false, seeded, view: view(dir, state) };
}

/**
 * `cluster failover`: the primary stopped at once (PostgreSQL's immediate shutdown, SIGQUIT: no
 * checkpoint, every connection cut, as a crash), the standby promoted, and the state recording
 * that the primary is now the other data directory. The servers are not touched: their `--db`
 * names both databases and they reconnect to the promoted one by themselves. The old primary's
 * data is moved aside (started again it would be a second primary, and after an asynchronous
 * standby's promotion it may hold writes the new one lacks); `up` makes a new standby from the
 * promoted primary with pg_basebackup.
 */
async function failover(request: {
  readonly dir: string;
  readonly onStep?: ((text: string) => void) | undefined;
}): Promise<ClusterFailoverResult> {
  const onStep = request.onStep ?? (() => undefined);
  const dir = existingDir(request.dir);
  const state = readClusterState(dir);
  if (!state)
    throw new DomainError(
      'ClusterNotFound',
      `no cluster in ${dir} (no cluster.json): start one with \`probity cluster up --dir ${request.dir}\``,
    );
  const layout = clusterLayout(dir, state);
  const standbyMatch = processMatch.postgres(layout.standbyData);
  if (!hasDataDir(layout.standbyData) || !isOurs(state.standby.pid, standbyMatch))
    throw new DomainError(
      'ClusterPartFailed',
      `the standby: there is no running standby to promote in ${dir} (\`probity cluster up\` starts the cluster, and makes a new standby after a failover)`,
    );
  onStep(
    `stopping the primary (pid ${state.primary.pid ?? 'none'}, 127.0.0.1:${state.primary.port}) at once (immediate shutdown)`,
  );
  await stopProcess(
    state.primary.pid,
    processMatch.postgres(layout.primaryData),
    'SIGQUIT',
    10_000,
  );
  let current: ClusterState = { ...state, primary: { ...state.primary, pid: null } };
  writeClusterState(dir, current);
  onStep(`promoting the standby (127.0.0.1:${state.standby.port})`);
  await promoteStandby(current);
  const aside = layout.setAside(basename(layout.primaryData));
  if (hasDataDir(layout.primaryData)) renameSync(layout.primaryData, aside);
  current = {
    ...current,
    primaryDir: otherDir(current.primaryDir ?? 'primary'),
    primary: current.standby,
    standby: { port: current.primary.port, pid: null },
  };
  writeClusterState(dir, current);
  onStep(
    `the primary is now ${clusterLayout(dir, current).primaryData}; the old one's data is in ${aside}`,
  );
  return { view: view(dir, current), oldPrimaryData: aside };
}

async function down(request: {
  readonly dir: string;
  readonly onStep?: ((text: string) => void) | undefined;
}): Promise<ClusterDownResult> {
  const dir = existingDir(request.dir);
  const state = readClusterState(dir);
  if (!state) return { known: false, stopped: [] };
  const { stopped } = await stopAll(dir, state, request.onStep ?? (() => undefined));
  return { known: true, stopped };
}

function status(request: { readonly dir: string }): Promise<ClusterView> {
  const dir = existingDir(request.dir);
  const state = readClusterState(dir);
  if (!state)
    throw new DomainError(
      'ClusterNotFound',
      `no cluster in ${dir} (no cluster.json): start one with \`probity cluster up --dir ${request.dir}\``,
    );
  return Promise.resolve(view(dir, state));
}

/** The local cluster, as `probity cluster` reaches it (CliDeps.cluster). */
export const localCluster: ClusterOps = { up, down, status, failover };

/** For tests: whether this machine has what `up` needs. */
export function clusterPrerequisites(postgresBin: string, haproxy: string): string | undefined {
  try {
    postgresPrograms(postgresBin);
    findProgram(haproxy, 'HAProxy');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export type { RunAs };
