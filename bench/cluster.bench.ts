// Issue 12: checks through HAProxy with 1, 2 and 3 servers on this machine, the lag between
// servers, and the failover when a server is killed. Each cluster is the local one of
// docs/cluster.md (`localCluster.up`: a PostgreSQL 15 primary and streaming standby, n
// `probity serve` processes on the primary, HAProxy in front), in a fresh scratch directory, with
// a small demo city, and stopped (`down`) in a finally block, every time.
//   - Throughput: autocannon against the balancer, 50 connections, a warm-up then a timed run of
//     `POST /v1/checks` (`travel.flight`, `enforcement`, the aviation demo agency) over 2 000
//     subjects read from the primary; checks/s, p99, non-2xx and errors, the ratio to one server,
//     and the CPU seconds each part used in the timed window (/proc/<pid>/stat: each server, HAProxy,
//     the primary's postmaster and its children, this process, which runs autocannon). All of it
//     shares the machine's cores: the ratio says what one machine gains, not what servers on their
//     own machines would.
//   - Lag (n ≥ 2): a court record written through server 1's own URL; from its answer until server
//     2's GET /readyz reports a `lastSeq` at least the ledger head read from the primary right
//     after the answer. p50/p99 over 50 writes.
//   - Failover (n = 3): the same load for 10 s; at 3 s, `kill -9` server 2; every non-2xx answer
//     and error is counted and timed; the figure is the time from the kill to the start of the
//     first whole second without one (0 when HAProxy's retries hid the kill entirely).
//   - Primary stop → writes accepted again: a cluster of its own (2 servers, a small city,
//     synchronous standby: the mode in which nothing acknowledged is lost); 4 writers submit court
//     records through the balancer; at 2 s `localCluster.failover` stops the primary at once and
//     promotes the standby, the servers untouched. The figure is the time from the failover's start
//     (the primary's SIGQUIT is its first step) to the first 201 of a write sent after it; `up`
//     then makes a new standby for the next run. The median of max(3, --runs) runs.
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { ClusterView } from '../src/cli/cluster-ops.js';
import { localCluster } from '../src/main/cluster/local-cluster.js';
import { AVIATION_TOKEN, MEASURE } from './bench-store.js';
import { load, type Load } from './http.bench.js';
import { median, seconds, type BenchArgs } from './scales.js';

const CITY = { persons: 20_000, organizations: 2_000 };
const SUBJECTS = 2_000;
const SERVER_COUNTS = [1, 2, 3] as const;
const CONNECTIONS = 50;
const WARMUP_S = 2;
const DURATION_S = 10;
const LAG_WRITES = 50;
const LAG_TIMEOUT_MS = 10_000;
const FAILOVER_S = 10;
const KILL_AT_MS = 3_000;
const COURT_TOKEN = 'demo-court-1';
const STOP_CITY = { persons: 2_000, organizations: 200 };
const STOP_SERVERS = 2;
const STOP_WRITERS = 4;
const STOP_AT_MS = 2_000;
/** A run gives up when no write is accepted this long after the failover began. */
const STOP_LIMIT_MS = 30_000;
const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

// ---- CPU from /proc ---------------------------------------------------------------------------

interface ProcStat {
  /** R, S, D, Z (a zombie: dead, not yet reaped)... */
  readonly state: string;
  readonly ppid: number;
  /** utime + stime, in clock ticks. */
  readonly own: number;
  /** cutime + cstime: the children it has waited for. */
  readonly children: number;
}

function procStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields follow the last ')'.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      state: f[0] ?? '?',
      ppid: Number(f[1]),
      own: Number(f[11]) + Number(f[12]),
      children: Number(f[13]) + Number(f[14]),
    };
  } catch {
    return undefined;
  }
}

/** CPU ticks of a process and its descendants (those alive, and those it has reaped). */
function treeTicks(root: number | null): number {
  if (root === null) return 0;
  const top = procStat(root);
  if (!top) return 0;
  const parents = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = procStat(Number(name));
    if (!s) continue;
    const list = parents.get(s.ppid) ?? [];
    list.push(Number(name));
    parents.set(s.ppid, list);
  }
  let ticks = top.own + top.children;
  const queue = [...(parents.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    ticks += procStat(pid)?.own ?? 0;
    queue.push(...(parents.get(pid) ?? []));
  }
  return ticks;
}

export interface CpuSample {
  readonly servers: number[];
  readonly balancer: number;
  readonly postgres: number;
  /** This process (autocannon), in microseconds. */
  readonly bench: number;
}

function sampleCpu(view: ClusterView): CpuSample {
  return {
    servers: view.servers.map((s) => (s.pid === null ? 0 : (procStat(s.pid)?.own ?? 0))),
    balancer: view.balancer.pid === null ? 0 : (procStat(view.balancer.pid)?.own ?? 0),
    postgres: treeTicks(view.primary.pid),
    bench: process.cpuUsage().user + process.cpuUsage().system,
  };
}

/** CPU seconds each part used between two samples. */
export function cpuSeconds(
  before: CpuSample,
  after: CpuSample,
  ticksPerSecond: number,
): { servers: number[]; balancer: number; postgres: number; bench: number } {
  const s = (ticks: number) => Number((ticks / ticksPerSecond).toFixed(2));
  return {
    servers: after.servers.map((t, i) => s(t - (before.servers[i] ?? 0))),
    balancer: s(after.balancer - before.balancer),
    postgres: s(after.postgres - before.postgres),
    bench: Number(((after.bench - before.bench) / 1e6).toFixed(2)),
  };
}

// ---- Pure helpers ------------------------------------------------------------------------------

/** The value at quantile q (0..1) of a list, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** The index of the value at the median (the lower middle of an even count). */
export function medianRun(values: readonly number[]): number {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  return order[Math.floor((order.length - 1) / 2)]?.[1] ?? 0;
}

/**
 * The time from `from` until the first moment followed by `quietMs` without a failure (times in
 * ms): 0 when no failure came within `quietMs` of `from`; the failures before `from` are ignored.
 */
export function recoveryMs(failures: readonly number[], from: number, quietMs: number): number {
  let start = from;
  for (const t of [...failures].sort((a, b) => a - b)) {
    if (t < start) continue;
    if (t - start >= quietMs) break;
    start = t;
  }
  return start - from;
}

// ---- The parts of the bench ------------------------------------------------------------------

const HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${AVIATION_TOKEN}` };

async function subjectKeys(primaryUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: primaryUrl });
  await client.connect();
  try {
    const rows = await client.query<{ subject_key: string }>(
      `select subject_key from subjects limit ${SUBJECTS}`,
    );
    return rows.rows.map((r) => r.subject_key);
  } finally {
    await client.end();
  }
}

async function lastSeq(url: string): Promise<number> {
  const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) });
  const body = (await response.json()) as { lastSeq?: number };
  return response.status === 200 ? (body.lastSeq ?? -1) : -1;
}

/** 50 records written through server 1; the ms until server 2 has folded each. */
async function crossServerLag(
  view: ClusterView,
  subjects: readonly string[],
): Promise<{ writes: number; p50Ms: number; p99Ms: number; maxMs: number }> {
  const [first, second] = view.servers;
  if (!first || !second) throw new Error('two servers expected');
  const client = new pg.Client({ connectionString: view.primary.url });
  await client.connect();
  const lags: number[] = [];
  try {
    const run = Date.now();
    for (let i = 0; i < LAG_WRITES; i++) {
      const response = await fetch(`${first.url}/v1/records`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${COURT_TOKEN}` },
        body: JSON.stringify({
          records: [
            {
              sourceRef: `bench-cluster-${run}-${i}`,
              subject: subjects[i % subjects.length],
              category: 'court.dishonest-debtor',
              occurredAt: '2026-01-15',
              fields: { amount: 2_500_000, caseNumber: `(2026)京0105执${1000 + i}号` },
            },
          ],
        }),
        signal: AbortSignal.timeout(10_000),
      });
      const answered = process.hrtime.bigint();
      if (response.status !== 201)
        throw new Error(`a record through server 1: ${response.status} ${await response.text()}`);
      const head = await client.query<{ last_seq: string }>(
        'select last_seq from ledger_head where id = 1',
      );
      const target = Number(head.rows[0]?.last_seq ?? 0);
      const deadline = Date.now() + LAG_TIMEOUT_MS;
      while ((await lastSeq(second.url)) < target) {
        if (Date.now() > deadline)
          throw new Error(`server 2 did not fold seq ${target} in ${LAG_TIMEOUT_MS} ms`);
        await new Promise((r) => setTimeout(r, 2));
      }
      lags.push(seconds(answered) * 1000);
    }
  } finally {
    await client.end();
  }
  const ms = (v: number) => Number(v.toFixed(1));
  return {
    writes: lags.length,
    p50Ms: ms(quantile(lags, 0.5)),
    p99Ms: ms(quantile(lags, 0.99)),
    maxMs: ms(Math.max(...lags)),
  };
}

/** The load for FAILOVER_S, server 2 killed (SIGKILL) at KILL_AT_MS; every failure timed. */
async function failover(
  view: ClusterView,
  subjects: readonly string[],
): Promise<Record<string, unknown>> {
  const victim = view.servers[1];
  if (!victim?.pid) throw new Error('server 2 is not running');
  const failures: number[] = [];
  const statuses = new Map<number, number>();
  let answeredAfterKill = 0;
  let start = 0;
  let killedAt = 0;
  const now = () => Number(process.hrtime.bigint() / 1_000_000n);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: view.balancer.url,
        connections: CONNECTIONS,
        duration: FAILOVER_S,
        requests: subjects.map((subject) => ({
          method: 'POST' as const,
          path: '/v1/checks',
          headers: HEADERS,
          body: JSON.stringify({ subject, measure: MEASURE, purpose: 'enforcement' }),
        })),
      },
      (error: unknown, r) =>
        error
          ? reject(error instanceof Error ? error : new Error('autocannon failed'))
          : resolve(r),
    );
    start = now();
    instance.on('response', (_client, status) => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (killedAt > 0) answeredAfterKill += 1;
      if (status < 200 || status >= 300) failures.push(now());
    });
    instance.on('reqError', () => failures.push(now()));
    setTimeout(() => {
      killedAt = now();
      process.kill(victim.pid!, 'SIGKILL');
    }, KILL_AT_MS);
  });
  const afterKill = failures.filter((t) => t >= killedAt);
  const victimState = procStat(victim.pid)?.state;
  return {
    killed: `${victim.name} (kill -9 at ${KILL_AT_MS / 1000} s of ${FAILOVER_S} s)`,
    requests: result.requests.total,
    checksPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    failuresBeforeKill: failures.length - afterKill.length,
    failuresAfterKill: afterKill.length,
    lastFailureAfterKillMs: afterKill.length ? Math.max(...afterKill) - killedAt : null,
    recoveryMs: recoveryMs(failures, killedAt, 1_000),
    startToKillMs: killedAt - start,
    answeredAfterKill,
    statuses: Object.fromEntries(statuses),
    victimDead: victimState === undefined || victimState === 'Z',
  };
}

/** One write through the balancer: when it was sent and answered (ms, `now()`), and its status. */
interface Write {
  readonly sentAt: number;
  readonly answeredAt: number;
  readonly status: number | 'no answer';
}

/** Writers through the balancer; the failover at STOP_AT_MS; until a later write is accepted. */
async function onePrimaryStop(
  view: ClusterView,
  dir: string,
  subjects: readonly string[],
  run: number,
): Promise<{ writesAcceptedAgainMs: number | null; failoverCommandMs: number; failed: number }> {
  const now = () => performance.now();
  const writes: Write[] = [];
  let stopAt = Infinity;
  let done = false;
  let n = 0;
  const tag = `${Date.now().toString(36)}-${run}`;
  const writer = async () => {
    while (!done) {
      const i = n++;
      const sentAt = now();
      let status: number | 'no answer';
      try {
        const response = await fetch(`${view.balancer.url}/v1/records`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${COURT_TOKEN}` },
          body: JSON.stringify({
            records: [
              {
                sourceRef: `bench-stop-${tag}-${i}`,
                subject: subjects[i % subjects.length],
                category: 'court.dishonest-debtor',
                occurredAt: '2026-01-15',
                fields: { amount: 2_500_000, caseNumber: `(2026)京0105执${5000 + i}号` },
              },
            ],
          }),
          signal: AbortSignal.timeout(15_000),
        });
        await response.body?.cancel();
        status = response.status;
      } catch {
        status = 'no answer';
      }
      const answeredAt = now();
      writes.push({ sentAt, answeredAt, status });
      if (status !== 201) await new Promise((r) => setTimeout(r, 20));
      if (sentAt > stopAt && status === 201) done = true;
      if (answeredAt - Math.min(stopAt, answeredAt) > STOP_LIMIT_MS) done = true;
    }
  };
  const writers = Promise.all(Array.from({ length: STOP_WRITERS }, writer));
  await new Promise((r) => setTimeout(r, STOP_AT_MS));
  stopAt = now();
  await localCluster.failover({ dir });
  const failoverCommandMs = now() - stopAt;
  await writers;
  const again = writes
    .filter((w) => w.sentAt > stopAt && w.status === 201)
    .map((w) => w.answeredAt)
    .sort((a, b) => a - b)[0];
  return {
    writesAcceptedAgainMs: again === undefined ? null : Math.round(again - stopAt),
    failoverCommandMs: Math.round(failoverCommandMs),
    failed: writes.filter((w) => w.status !== 201).length,
  };
}

/** Primary stop → writes accepted again, `runs` times on one synchronous cluster. */
export async function primaryStopBench(
  runs: number,
  say: (line: string) => void,
): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'probity-bench-primary-stop-'));
  const results: Awaited<ReturnType<typeof onePrimaryStop>>[] = [];
  const loads = [loadavg()[0]!];
  try {
    say(`primary stop: a synchronous cluster of ${STOP_SERVERS} servers in ${dir}`);
    for (let run = 0; run < runs; run++) {
      // The first `up` makes the cluster; the next ones make a new standby from the promoted
      // primary (and restart the servers, with both databases in their --db again).
      const { view } = await localCluster.up({
        dir,
        servers: STOP_SERVERS,
        synchronous: true,
        city: STOP_CITY,
        postgresBin: POSTGRES_BIN,
        haproxy: 'haproxy',
        onStep: (text) => say(`  ${text}`),
      });
      const subjects = await subjectKeys(view.primary.url);
      results.push(await onePrimaryStop(view, dir, subjects, run));
      say(`  primary stop, run ${run + 1}: ${JSON.stringify(results.at(-1))}`);
    }
    loads.push(loadavg()[0]!);
  } finally {
    await localCluster
      .down({ dir })
      .catch((error: unknown) => say(`  down failed: ${String(error)}`));
    rmSync(dir, { recursive: true, force: true });
  }
  const accepted = results.map((r) => r.writesAcceptedAgainMs ?? Number.POSITIVE_INFINITY);
  return {
    measured: true,
    cluster: `${STOP_SERVERS} servers, synchronous standby, ${STOP_CITY.persons} persons, ${STOP_WRITERS} writers through HAProxy`,
    writesAcceptedAgainMedianMs: median(accepted),
    writesAcceptedAgainMs: results.map((r) => r.writesAcceptedAgainMs),
    failoverCommandMs: results.map((r) => r.failoverCommandMs),
    failedWrites: results.map((r) => r.failed),
    loadAverage1m: loads,
  };
}

interface Throughput extends Load {
  ratioToOne?: number;
  cpuSeconds: ReturnType<typeof cpuSeconds>;
}

export async function clusterBench(args: BenchArgs): Promise<Record<string, unknown>> {
  const say = (line: string) => {
    if (!args.json) console.error(line);
  };
  const throughput: Record<string, Throughput> = {};
  const lag: Record<string, unknown> = {};
  let failed: Record<string, unknown> | undefined;
  const loads: Record<string, number[]> = {};
  const began = process.hrtime.bigint();
  for (const n of SERVER_COUNTS) {
    const dir = mkdtempSync(join(tmpdir(), `probity-bench-cluster-${n}-`));
    try {
      say(`cluster of ${n} server(s) in ${dir}`);
      const { view } = await localCluster.up({
        dir,
        servers: n,
        synchronous: false,
        city: CITY,
        postgresBin: POSTGRES_BIN,
        haproxy: 'haproxy',
        onStep: (text) => say(`  ${text}`),
      });
      const subjects = await subjectKeys(view.primary.url);
      if (subjects.length === 0) throw new Error('no subjects in the primary');
      loads[n] = [loadavg()[0]!];
      const runs: Load[] = [];
      const cpus: ReturnType<typeof cpuSeconds>[] = [];
      for (let run = 0; run < args.runs; run++) {
        await load(view.balancer.url, subjects, WARMUP_S);
        const before = sampleCpu(view);
        runs.push(await load(view.balancer.url, subjects, DURATION_S));
        const used = cpuSeconds(before, sampleCpu(view), CLOCK_TICKS);
        cpus.push(used);
        say(`  run ${run + 1}: ${JSON.stringify(runs.at(-1))} cpu ${JSON.stringify(used)}`);
      }
      const m = (f: (l: Load) => number) => median(runs.map(f));
      throughput[n] = {
        requestsPerSecond: Math.round(m((l) => l.requestsPerSecond)),
        requests: Math.round(m((l) => l.requests)),
        p99Ms: m((l) => l.p99Ms),
        p50Ms: m((l) => l.p50Ms),
        errors: runs.reduce((s, l) => s + l.errors, 0),
        timeouts: runs.reduce((s, l) => s + l.timeouts, 0),
        non2xx: runs.reduce((s, l) => s + l.non2xx, 0),
        // The CPU of the run whose checks/s is the median (the middle one of an odd count).
        cpuSeconds: cpus[medianRun(runs.map((l) => l.requestsPerSecond))]!,
      };
      if (n >= 2) {
        lag[n] = await crossServerLag(view, subjects);
        say(`  lag: ${JSON.stringify(lag[n])}`);
      }
      if (n === 3) {
        failed = await failover(view, subjects);
        say(`  failover: ${JSON.stringify(failed)}`);
      }
      loads[n]?.push(loadavg()[0]!);
    } finally {
      await localCluster
        .down({ dir })
        .catch((error: unknown) => say(`  down failed: ${String(error)}`));
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const primaryStop = await primaryStopBench(Math.max(3, args.runs), say);
  const one = throughput[1]?.requestsPerSecond ?? Number.NaN;
  for (const t of Object.values(throughput))
    t.ratioToOne = Number((t.requestsPerSecond / one).toFixed(2));
  return {
    bench: 'cluster',
    target: 'issue 12',
    city: CITY,
    machine: `${cpus().length} cores shared by every part and the load generator`,
    connections: CONNECTIONS,
    durationSeconds: DURATION_S,
    distinctSubjects: SUBJECTS,
    runs: args.runs,
    throughput,
    crossServerLag: lag,
    failover: failed,
    primaryStop,
    loadAverage1m: loads,
    seconds: Number(seconds(began).toFixed(1)),
  };
}
