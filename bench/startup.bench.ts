// P4 and P5: `probity serve` started as a child process on the seeded store of the scale (a fresh
// copy per run: the server writes list feeds and audit entries), with the clock fixed at the
// city's NOW (`--now`). Timed from the spawn (Node's start and module loading included) until
// `GET /readyz` answers 200, polled every 20 ms. The child's resident memory (VmRSS and its peak
// VmHWM, /proc/<pid>/status) is read at ready, and again after a burst of checks: BURST single
// `travel.flight` checks (autocannon, 20 connections, identifiers drawn from the store's subjects
// and made-up ones) and one batch of BATCH identifiers, as the aviation demo agency.
// The command is the built CLI (bin/probity.js → dist/) when dist/ is newer than src/, else
// src/ through tsx (which adds transpiling to the start); the figures say which.
// Each run starts the server twice on its copy: cold (no snapshot: the whole ledger is folded;
// the clean shutdown at its end writes the engine snapshot beside the copy), then from that
// snapshot ("ready from a snapshot": the snapshot read, checked and restored, the empty tail
// folded), which only measures readiness and says whether the snapshot was used.
// Ready comes before the first list-feed and notice sync (issue 11, item 5): a feed read sent at
// ready, which waits for the feeds' sync (not the notices' after it), times when the feeds are in
// step too (`inStepSeconds`).
// Targets on M: ready ≤ 15 s; resident memory ≤ 2 GiB. Issue 11: from a snapshot ≤ 1 s at S.
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AVIATION_TOKEN,
  freePort,
  MEASURE,
  NOW_TEXT,
  random,
  residentMemory,
  seededStore,
  storeCopy,
  unseenIdentifiers,
} from './bench-store.js';
import { median, seconds, type BenchArgs } from './scales.js';

const BURST = 50_000;
const BATCH = 100_000;
/**
 * How long a server may take to become ready, and to stop cleanly (its clean stop writes the
 * engine snapshot) before it is killed. At L a cold start folds 109 M records and the snapshot is
 * some 15 GB: the curve gives it more (curve.bench.ts).
 */
export interface StartLimits {
  readonly readyMs: number;
  readonly stopMs: number;
  /**
   * Whether to time when the feeds are in step (a feed read sent at ready waits for the first
   * sync). Not at L: the seeded store has no notices yet and the first sync derives them for 109 M
   * records, hours (the server's stop cuts it short between pages; the next start goes on).
   */
  readonly inStepProbe: boolean;
}
export const START_LIMITS: StartLimits = { readyMs: 600_000, stopMs: 30_000, inStepProbe: true };
const HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${AVIATION_TOKEN}` };

function newestMtime(dir: string, suffix: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(suffix) || entry.name.endsWith('.test.ts'))
      continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** The built CLI when it is up to date with src/, else src/ through tsx. */
export function command(): { argv: string[]; via: string } {
  let built = 0;
  try {
    built = statSync('dist/.tsbuildinfo').mtimeMs;
  } catch {
    built = 0;
  }
  if (built > 0 && built >= newestMtime('src', '.ts'))
    return { argv: ['bin/probity.js'], via: 'dist (bin/probity.js)' };
  return {
    argv: [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      "import { runCli } from './src/main/cli.ts'; process.exitCode = await runCli(process.argv.slice(1));",
      '--',
    ],
    via: 'src through tsx (dist/ older than src/)',
  };
}

/** Identifiers for the burst: subjects of the store, spread over it, and 20 % never seen. */
export function burstIdentifiers(database: string, count: number): string[] {
  const db = new Database(database, { readonly: true });
  const total = (db.prepare('SELECT count(*) AS n FROM subjects').get() as { n: number }).n;
  const step = Math.max(1, Math.floor(total / count));
  const keys = (
    db
      .prepare('SELECT subject_key AS k FROM subjects WHERE rowid % ? = 0 LIMIT ?')
      .all(step, Math.round(count * 0.8)) as { k: string }[]
  ).map((r) => r.k);
  db.close();
  const known = new Set(keys);
  return [...keys, ...unseenIdentifiers(count - keys.length, random(1), (k) => known.has(k))];
}

/** User + system CPU seconds of a process so far (/proc/<pid>/stat, clock ticks of 1/100 s). */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function untilReady(
  url: string,
  exited: () => string | undefined,
  readyMs: number,
): Promise<void> {
  const deadline = Date.now() + readyMs;
  for (;;) {
    const failed = exited();
    if (failed !== undefined) throw new Error(failed);
    try {
      const response = await fetch(`${url}/readyz`);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`the server was not ready in ${Math.round(readyMs / 60_000)} minutes`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface StartRun {
  readySeconds: number;
  /** The server said it loaded the engine snapshot (its log). */
  fromSnapshot: boolean;
  /** CPU seconds (user + system) the child used until ready: the work, without the waiting. */
  cpuSecondsAtReady: number;
  /**
   * Seconds from the spawn until a list feed read sent at ready is answered: the feed doors wait
   * for the first feed and notice sync, which runs after `/readyz` says ready (issue 11, item 5).
   */
  inStepSeconds: number;
  rssAtReadyMiB: number;
  rssAfterChecksMiB: number;
  peakRssMiB: number;
  burstErrors: number;
  burstFailures: { errors: number; timeouts: number; non2xx: number };
  burstRequestsPerSecond: number;
}

export async function startRun(
  database: string,
  identifiers: readonly string[],
  via: string[],
  burstToo = true,
  limits: StartLimits = START_LIMITS,
): Promise<StartRun> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let stderr = '';
  const start = process.hrtime.bigint();
  const child = spawn(
    process.execPath,
    [
      ...via,
      '--db',
      database,
      '--now',
      NOW_TEXT,
      'serve',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      // info (the snapshot's line) only for the start without a burst: one line per request otherwise.
      env: { ...process.env, PROBITY_LOG_LEVEL: burstToo ? 'warn' : 'info' },
    },
  );
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exit: string | undefined;
  child.once(
    'exit',
    (code, signal) =>
      (exit = `probity serve exited (${code ?? signal}) before ready: ${stderr.slice(-2000)}`),
  );
  try {
    await untilReady(url, () => exit, limits.readyMs);
    const readySeconds = seconds(start);
    const pid = child.pid ?? 0;
    const atReady = await residentMemory(pid);
    const cpuSecondsAtReady = await cpuSeconds(pid);
    const fromSnapshot = stderr.includes('engine snapshot loaded');
    let inStepSeconds = Number.NaN; // NaN when not asked, or the feed cannot be read
    if (limits.inStepProbe) {
      const feed = await fetch(`${url}/v1/lists/dishonest-debtors/feed?limit=1`, {
        headers: { authorization: HEADERS.authorization },
      });
      await feed.arrayBuffer();
      if (feed.status === 200) inStepSeconds = seconds(start);
    }
    if (!burstToo) {
      return {
        readySeconds,
        fromSnapshot,
        cpuSecondsAtReady,
        inStepSeconds,
        rssAtReadyMiB: atReady.rssMiB,
        rssAfterChecksMiB: Number.NaN,
        peakRssMiB: atReady.peakMiB,
        burstErrors: 0,
        burstFailures: { errors: 0, timeouts: 0, non2xx: 0 },
        burstRequestsPerSecond: Number.NaN,
      };
    }

    const burst = await autocannon({
      url,
      connections: 20,
      amount: BURST,
      requests: identifiers.map((subject) => ({
        method: 'POST' as const,
        path: '/v1/checks',
        headers: HEADERS,
        body: JSON.stringify({ subject, measure: MEASURE, purpose: 'enforcement' }),
      })),
    });
    const subjects = Array.from(
      { length: BATCH },
      (_, i) => identifiers[i % identifiers.length] ?? '',
    );
    const batch = await fetch(`${url}/v1/checks/batch`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({ subjects, measure: MEASURE, purpose: 'enforcement' }),
    });
    const answer = (await batch.json()) as { results?: unknown[] };
    if (batch.status !== 200 || answer.results?.length !== BATCH)
      throw new Error(`batch check: ${batch.status}`);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // a ledger poll and feed sync
    const after = await residentMemory(pid);
    return {
      readySeconds,
      fromSnapshot,
      cpuSecondsAtReady,
      inStepSeconds,
      rssAtReadyMiB: atReady.rssMiB,
      rssAfterChecksMiB: after.rssMiB,
      peakRssMiB: after.peakMiB,
      burstErrors: burst.errors + burst.timeouts + burst.non2xx,
      burstFailures: { errors: burst.errors, timeouts: burst.timeouts, non2xx: burst.non2xx },
      burstRequestsPerSecond: Math.round(burst.requests.average),
    };
  } finally {
    if (exit === undefined) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), limits.stopMs);
      await exited;
      clearTimeout(timer);
    }
  }
}

export async function startupBench(args: BenchArgs): Promise<Record<string, unknown>> {
  const say = (line: string) => {
    if (!args.json) console.error(line);
  };
  const seeded = await seededStore(args.scale, say);
  const storeMiB = Math.round(statSync(seeded).size / 2 ** 20);
  const identifiers = burstIdentifiers(seeded, 2_000);
  const { argv, via } = command();
  const runs: StartRun[] = [];
  const warm: StartRun[] = [];
  for (let run = 0; run < args.runs; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'probity-bench-start-'));
    try {
      const database = storeCopy(seeded, dir);
      runs.push(await startRun(database, identifiers, argv));
      say(`run ${run + 1}, cold: ${JSON.stringify(runs[runs.length - 1])}`);
      const snapshot = statSync(`${database}.snapshot`, { throwIfNoEntry: false });
      warm.push(await startRun(database, identifiers, argv, false));
      say(
        `run ${run + 1}, from a snapshot of ${Math.round((snapshot?.size ?? 0) / 2 ** 20)} MiB: ${JSON.stringify(warm[warm.length - 1])}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const m = (f: (r: StartRun) => number) => median(runs.map(f));
  const readySeconds = m((r) => r.readySeconds);
  const peak = Math.max(...runs.map((r) => r.peakRssMiB));
  const burstErrors = runs.reduce((n, r) => n + r.burstErrors, 0);
  return {
    bench: 'startup',
    target: 'P4, P5',
    scale: args.scale,
    command: via,
    storeMiB,
    runs: args.runs,
    readySeconds: Number(readySeconds.toFixed(2)),
    readyFromSnapshotSeconds: Number(median(warm.map((r) => r.readySeconds)).toFixed(2)),
    cpuSecondsAtReadyFromSnapshot: Number(median(warm.map((r) => r.cpuSecondsAtReady)).toFixed(2)),
    rssAtReadyFromSnapshotMiB: median(warm.map((r) => r.rssAtReadyMiB)),
    inStepFromSnapshotSeconds: Number(median(warm.map((r) => r.inStepSeconds)).toFixed(2)),
    inStepSeconds: Number(m((r) => r.inStepSeconds).toFixed(2)),
    fromSnapshot: warm.every((r) => r.fromSnapshot),
    cpuSecondsAtReady: Number(m((r) => r.cpuSecondsAtReady).toFixed(2)),
    rssAtReadyMiB: m((r) => r.rssAtReadyMiB),
    rssAfterChecksMiB: m((r) => r.rssAfterChecksMiB),
    peakRssMiB: peak,
    burst: {
      singleChecks: BURST,
      batchIdentifiers: BATCH,
      errors: burstErrors,
      requestsPerSecond: m((r) => r.burstRequestsPerSecond),
    },
    // The targets are for M; at S the same limits are reported against.
    meets: readySeconds <= 15 && peak <= 2048 && burstErrors === 0,
  };
}
