// What the suites that start a local cluster (`probity cluster up`, src/main/cluster/) share:
// whether this machine can run one (PostgreSQL 15's programs and HAProxy; a suite that cannot is
// NOT RUN and says so), the CLI with the real cluster launcher, and the process ids a cluster
// recorded, so that afterAll can kill whatever a failed test left running.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { clusterPrerequisites, localCluster } from '../../src/main/cluster/local-cluster.js';
import { personId } from '../factories/subjects.js';
import { probity, type CliRun } from './cli-harness.js';

export const CLUSTER_PG_BIN = process.env['PROBITY_TEST_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

/**
 * One entry when this machine can run a cluster, none otherwise (`describe.each` then runs
 * nothing); prints `<suite>: NOT RUN: <what is missing>.` and `also`, when given.
 */
export function clusterMachines(suite: string, also = ''): string[] {
  const missing = clusterPrerequisites(CLUSTER_PG_BIN, 'haproxy');
  if (missing === undefined) return ['PostgreSQL 15 and HAProxy'];
  console.log(`${suite}: NOT RUN: ${missing}.${also === '' ? '' : ` ${also}`}`);
  return [];
}

/** The CLI in this process, with the real cluster launcher. */
export function clusterCli(args: readonly string[]): Promise<CliRun> {
  return probity(args, {}, { cluster: localCluster });
}

/** Whether a process id runs (a zombie does not). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Every process id the cluster's state file recorded (for the afterAll's last resort). */
export function recordedPids(dir: string): number[] {
  try {
    const state = JSON.parse(readFileSync(join(dir, 'cluster.json'), 'utf8')) as {
      primary: { pid: number | null };
      standby: { pid: number | null };
      servers: { pid: number | null }[];
      balancer: { pid: number | null };
    };
    return [state.primary, state.standby, ...state.servers, state.balancer]
      .map((p) => p.pid)
      .filter((p): p is number => p !== null);
  } catch {
    return [];
  }
}

/**
 * The afterAll of a cluster suite: `cluster down`, then SIGKILL to any process the state file
 * recorded that still runs (a failed test may have left one), then the directory removed (kept
 * with PROBITY_KEEP_CLUSTER=1).
 */
export async function tearDownCluster(dir: string): Promise<void> {
  const pids = recordedPids(dir);
  await clusterCli(['cluster', 'down', '--dir', dir]).catch(() => undefined);
  for (const pid of [...pids, ...recordedPids(dir)])
    if (alive(pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  // PROBITY_KEEP_CLUSTER=1 keeps the directory (the servers' and databases' logs) to read after a
  // failed drill.
  if (process.env.PROBITY_KEEP_CLUSTER === '1') console.log(`cluster directory kept: ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

/** What one request through the balancer got, and when it started and ended. */
export interface Outcome<T> {
  readonly status: number | 'no answer';
  readonly body?: T;
  readonly text?: string;
  readonly startedAt: number;
  readonly endedAt: number;
}

/** POSTs `body` as JSON with a bearer token; never throws (a cut connection is 'no answer'). */
export async function postJson<T>(
  url: string,
  token: string,
  body: unknown,
  timeoutMs = 10_000,
): Promise<Outcome<T>> {
  const startedAt = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const endedAt = performance.now();
    return response.ok
      ? { status: response.status, body: JSON.parse(text) as T, startedAt, endedAt }
      : { status: response.status, text: text.slice(0, 300), startedAt, endedAt };
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return {
      status: 'no answer',
      text: String(cause ?? error),
      startedAt,
      endedAt: performance.now(),
    };
  }
}

/** What `probity cluster status --json` prints (the drills read it). */
export interface ClusterStatus {
  readonly balancer: { readonly url: string };
  readonly servers: readonly { readonly url: string; readonly pid: number | null }[];
  readonly database: { readonly primary: string; readonly standby: string | null };
}

/** The answer of POST /v1/records. */
export interface RecordsAnswer {
  readonly results: { sourceRef: string; id: number; status: 'accepted' | 'duplicate' }[];
}

/**
 * The court record of a drill's n-th write: its own subject (born `n` days after 1 January of
 * `bornFrom`) and its own sourceRef (`<prefix>-<run>-<n>`).
 */
export function drillRecord(
  drill: { readonly prefix: string; readonly bornFrom: number; readonly amount: number },
  run: string,
  n: number,
) {
  const birth = new Date(Date.UTC(drill.bornFrom, 0, 1) + n * 86_400_000)
    .toISOString()
    .slice(0, 10);
  return {
    sourceRef: `${drill.prefix}-${run}-${n}`,
    subject: personId(birth, n % 1000),
    category: 'court.dishonest-debtor',
    occurredAt: '2026-01-15',
    fields: { amount: drill.amount, caseNumber: `(2026)京0105执${n}号` },
  };
}
