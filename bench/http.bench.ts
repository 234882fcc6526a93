// P3 over HTTP: single checks through the real server against a bare Fastify route, under the
// same autocannon load, in the same run. Each server runs in a child process of its own
// (http-server.child.ts) on 127.0.0.1, autocannon in this process: on this 2-core machine the
// server gets one core and the load generator the other, the same for both servers.
//   - Probity: the seeded store of the scale (a copy: the audit log writes to it), the real
//     service, audit log and Fastify app; `POST /v1/checks` of `travel.flight` with the aviation
//     demo agency's bearer token and purpose `enforcement`. Every answer is one audit entry,
//     committed before the answer (group commit).
//   - Bare: `POST /v1/checks` answering from a `Set` of every listed subject; no auth, no schema,
//     no audit, no plugins.
// Both receive the same requests: REQUEST_LIST distinct identifiers of the checks mix (5 % listed,
// 75 % known and unlisted, 20 % never seen), one after the other on every connection. Before
// timing, both answer each identifier once and must agree (and with the engine). After timing,
// the audit log must hold at least one entry per 2xx answer. Runs alternate Probity and bare;
// each is a warm-up then a timed autocannon run; medians are quoted.
// Targets: Probity ≥ 0.3 × bare requests/s, p99 ≤ 10 ms, zero errors and non-2xx.
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEngine } from '../src/app/standing/engine-load.js';
import { loadScoringContext } from '../src/app/standing/scoring-context.js';
import { openStore } from '../src/store/index.js';
import { AVIATION_TOKEN, checkMix, MEASURE, seededStore, storeCopy } from './bench-store.js';
import { NOW } from './city-ledger.js';
import { median, type BenchArgs } from './scales.js';

const REQUEST_LIST = 2_000;
const CONNECTIONS = 50;
const DURATION_S = 10;
const WARMUP_S = 2;
const LIST_IDS = ['dishonest-debtors', 'aviation-safety-offenders'];

export interface Child {
  readonly process: ChildProcess;
  readonly url: string;
}

export function startChild(args: readonly string[], first?: unknown): Promise<Child> {
  const child = fork(fileURLToPath(new URL('./http-server.child.ts', import.meta.url)), args, {
    execArgv: ['--max-old-space-size=12288', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (first !== undefined) child.send(first as string[]);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${args[0]} server did not start in 10 minutes`)),
      600_000,
    );
    child.once('message', (m: { url: string }) => {
      clearTimeout(timer);
      resolve({ process: child, url: m.url });
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} server exited with ${code}`)));
  });
}

export function stopChild(child: Child): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.process.kill('SIGKILL'), 30_000);
    child.process.removeAllListeners('exit');
    child.process.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.process.send('stop');
  });
}

const HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${AVIATION_TOKEN}` };

function bodyOf(subject: string): string {
  return JSON.stringify({ subject, measure: MEASURE, purpose: 'enforcement' });
}

async function decisionOf(url: string, subject: string): Promise<string> {
  const response = await fetch(`${url}/v1/checks`, {
    method: 'POST',
    headers: HEADERS,
    body: bodyOf(subject),
  });
  const json = (await response.json()) as { decision?: string };
  if (response.status !== 200)
    throw new Error(`${url}: ${response.status} ${JSON.stringify(json)}`);
  return json.decision ?? '';
}

export interface Load {
  requestsPerSecond: number;
  requests: number;
  p99Ms: number;
  p50Ms: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

export async function load(
  url: string,
  identifiers: readonly string[],
  duration: number,
): Promise<Load> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    requests: identifiers.map((subject) => ({
      method: 'POST' as const,
      path: '/v1/checks',
      headers: HEADERS,
      body: bodyOf(subject),
    })),
  });
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    p99Ms: result.latency.p99,
    p50Ms: result.latency.p50,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

export function medianLoad(runs: readonly Load[]): Load {
  const m = (f: (l: Load) => number) => median(runs.map(f));
  return {
    requestsPerSecond: Math.round(m((l) => l.requestsPerSecond)),
    requests: Math.round(m((l) => l.requests)),
    p99Ms: m((l) => l.p99Ms),
    p50Ms: m((l) => l.p50Ms),
    // Errors are summed over the runs, not medians: any error counts.
    errors: runs.reduce((n, l) => n + l.errors, 0),
    timeouts: runs.reduce((n, l) => n + l.timeouts, 0),
    non2xx: runs.reduce((n, l) => n + l.non2xx, 0),
  };
}

export async function httpBench(args: BenchArgs): Promise<Record<string, unknown>> {
  const say = (line: string) => {
    if (!args.json) console.error(line);
  };
  const seeded = await seededStore(args.scale, say);
  const dir = mkdtempSync(join(tmpdir(), 'probity-bench-http-'));
  const children: Child[] = [];
  try {
    const database = storeCopy(seeded, dir);

    // The identifiers and their expected decisions, from an engine loaded as the server loads it.
    const store = await openStore(database);
    let identifiers: string[];
    let listedKeys: string[];
    const expected = new Map<string, string>();
    try {
      const { engine } = await loadEngine(store, await loadScoringContext(store));
      engine.prepareChecks(NOW);
      ({ identifiers, listedKeys } = checkMix(engine, LIST_IDS, NOW, REQUEST_LIST));
      for (const key of identifiers) expected.set(key, engine.check(key, MEASURE, NOW).decision);
    } finally {
      await store.close();
    }

    say('starting the Probity server (loads the store) and the bare route');
    const probity = await startChild(['probity', database]);
    children.push(probity);
    const bare = await startChild(['bare'], listedKeys);
    children.push(bare);

    // Agreement before timing.
    for (const key of identifiers) {
      const [p, b] = [await decisionOf(probity.url, key), await decisionOf(bare.url, key)];
      if (p !== expected.get(key) || b !== p)
        throw new Error(`${key}: engine ${expected.get(key)}, Probity ${p}, bare ${b}`);
    }

    const probityRuns: Load[] = [];
    const bareRuns: Load[] = [];
    for (let run = 0; run < args.runs; run++) {
      for (const [target, runs] of [
        [probity, probityRuns],
        [bare, bareRuns],
      ] as const) {
        await load(target.url, identifiers, WARMUP_S);
        runs.push(await load(target.url, identifiers, DURATION_S));
        say(
          `run ${run + 1} ${target === probity ? 'Probity' : 'bare'}: ${JSON.stringify(runs[runs.length - 1])}`,
        );
      }
    }

    await stopChild(probity);
    children.splice(children.indexOf(probity), 1);
    // Every answered check has its audit entry (agreement checks and warm-ups included).
    const db = new Database(database, { readonly: true });
    const auditEntries = (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number })
      .n;
    db.close();
    const answered =
      probityRuns.reduce((n, l) => n + l.requests - l.non2xx, 0) + identifiers.length;
    if (auditEntries < answered)
      throw new Error(`${auditEntries} audit entries for at least ${answered} answered checks`);

    const p = medianLoad(probityRuns);
    const b = medianLoad(bareRuns);
    const ratio = p.requestsPerSecond / b.requestsPerSecond;
    return {
      bench: 'http',
      target: 'P3',
      scale: args.scale,
      server: 'child processes (one per server), autocannon in the bench process, 127.0.0.1',
      connections: CONNECTIONS,
      durationSeconds: DURATION_S,
      distinctIdentifiers: REQUEST_LIST,
      runs: args.runs,
      probity: p,
      bare: b,
      ratio: Number(ratio.toFixed(3)),
      auditEntries,
      meets: ratio >= 0.3 && p.p99Ms <= 10 && p.errors + p.timeouts + p.non2xx === 0,
    };
  } finally {
    for (const child of children) await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  }
}
