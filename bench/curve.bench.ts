// The growth curve (issue 11, item 6): `npm run bench -- curve [--scales S,M,L]
// [--dialects sqlite,postgres] [--runs N] [--render]` measures, at each scale asked and on each
// dialect, on the same city (seed 1, five years ending 2026-06-01):
//   - import: the P1 path of import.bench.ts (the city's agency files through `importRecords`,
//     audit entries included) into a fresh store; records/s and seconds;
//   - ready cold: `probity serve` (startup.bench.ts's startRun) on a store seeded by `probity
//     seed`'s code, with PROBITY_SNAPSHOT_FILE=off, until /readyz; then its RSS at ready and its
//     peak after startRun's burst of single checks and one batch;
//   - ready from a snapshot: a server started and stopped once with a snapshot file (the clean
//     shutdown writes it), then started again until /readyz; it must say it loaded the snapshot;
//   - HTTP checks/s: the server child of http.bench.ts under the same autocannon load (50
//     connections, 2 s warm-up, 10 s timed), Probity only (the bare route is the http bench's);
//   - the engine's figures, once per scale (they do not depend on the dialect; attached to the
//     first dialect's figure set): rescoring (rescoring.bench.ts's probityRescoring: setPolicies +
//     scoreAll), simulate (simulate.bench.ts), in-process checks/s and the 1 M batch
//     (checks.bench.ts).
// Each (scale, dialect) prints one JSON line and is appended to bench/curve-results.json with the
// date, commit and load average; then the README section and bench/curve.svg are redrawn from
// that file (curve-report.ts). `--render` only redraws. PostgreSQL (PROBITY_BENCH_DATABASE_URL)
// runs at S and M only. At L the seeded SQLite store (≈ 50 GB) is used in place, never copied.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { addDemoEnforcers } from '../src/app/agencies/demo-enforcers.js';
import { seedCity } from '../src/app/ledger/city-seed.js';
import { initStore } from '../src/app/ledger/store-init.js';
import { catalogInForce } from '../src/app/policy/catalog-in-force.js';
import { simulatePolicy } from '../src/app/policy/policy-simulation.js';
import { catchUp, loadEngine } from '../src/app/standing/engine-load.js';
import { startFromSnapshot } from '../src/app/standing/engine-snapshots.js';
import { snapshotFile } from '../src/io/snapshot-file.js';
import { loadScoringContext } from '../src/app/standing/scoring-context.js';
import type { Engine } from '../src/engine/index.js';
import { openStore } from '../src/store/index.js';
import { streamCity } from '../src/synth/city-stream.js';
import { AgencyFiles } from './agency-files.js';
import { random, SEED, seededStore, storeCopy, unseenIdentifiers } from './bench-store.js';
import { checksBench, checksOn } from './checks.bench.js';
import { cityOf, compilePolicy, NOW, referenceDocuments } from './city-ledger.js';
import {
  appendResults,
  renderCurve,
  type CurvePaths,
  type CurveRun,
  type Dialect,
} from './curve-report.js';
import { load, medianLoad, startChild, stopChild, type Load } from './http.bench.js';
import { pgProbityImport, pgSchema, probityImport, writeAgencyFiles } from './import.bench.js';
import { probityRescoring } from './rescoring.bench.js';
import { SCALES, median, seconds, type BenchArgs, type ScaleName } from './scales.js';
import { draftPolicyText, simulateBench } from './simulate.bench.js';
import {
  burstIdentifiers,
  command,
  START_LIMITS,
  startRun,
  type StartLimits,
  type StartRun,
} from './startup.bench.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const CURVE_PATHS: CurvePaths = {
  results: join(HERE, 'curve-results.json'),
  readme: join(HERE, 'README.md'),
  svg: join(HERE, 'curve.svg'),
};
const HTTP_WARMUP_S = 2;
const HTTP_DURATION_S = 10;
const IDENTIFIERS = 2_000;

interface CurveOptions {
  readonly scales: ScaleName[];
  readonly dialects: Dialect[];
  /** undefined: 3 at S, 1 above. */
  readonly runs: number | undefined;
  readonly render: boolean;
  /** The paths that do not hold the city in memory (always at L; `--streamed` at S and M too). */
  readonly streamed: boolean;
}

/** The curve's own flags (bench/run.ts passes the whole command line through process.argv). */
export function curveOptions(argv: readonly string[], databaseUrl?: string): CurveOptions {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const list = (text: string) =>
    text
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  const scales = list(value('--scales') ?? 'S,M').map((s) => s.toUpperCase());
  for (const s of scales)
    if (!(s in SCALES)) throw new Error(`--scales: "${s}" is not one of S, M, L`);
  const dialects = list(value('--dialects') ?? (databaseUrl ? 'sqlite,postgres' : 'sqlite'));
  for (const d of dialects)
    if (d !== 'sqlite' && d !== 'postgres')
      throw new Error(`--dialects: "${d}" is not sqlite or postgres`);
  if (dialects.includes('postgres') && !databaseUrl)
    throw new Error('--dialects postgres needs PROBITY_BENCH_DATABASE_URL (a PostgreSQL server)');
  const runsText = value('--runs');
  const runs = runsText === undefined ? undefined : Number(runsText);
  if (runs !== undefined && !(Number.isInteger(runs) && runs >= 1))
    throw new Error('--runs must be a whole number ≥ 1');
  return {
    scales: scales as ScaleName[],
    dialects: dialects as Dialect[],
    runs,
    render: argv.includes('--render'),
    streamed: argv.includes('--streamed'),
  };
}

function folderBytes(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true }))
    if (entry.isFile()) bytes += statSync(join(dir, entry.name)).size;
  return bytes;
}

/**
 * `git rev-parse --short HEAD`, and how many tracked files under src/ and bench/ differed from it
 * (a shared working tree: the figures then include uncommitted work).
 */
function shortCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const changed = execFileSync(
      'git',
      ['status', '--porcelain', '--untracked-files=no', '--', 'src', 'bench'],
      { encoding: 'utf8' },
    )
      .split('\n')
      .filter((line) => line.trim() !== '').length;
    return changed === 0 ? head : `${head} + ${changed} changed files`;
  } catch {
    return 'unknown';
  }
}

/**
 * At L: a cold start folds 109 M records (many minutes) and the clean stop writes a snapshot of
 * some 15 GB, so the servers get an hour to be ready and twenty minutes to stop.
 */
/** The snapshot the servers' starts write in the run's folder. */
const SNAPSHOT_NAME = 'curve.snapshot';

const L_LIMITS = {
  readyMs: 60 * 60_000,
  stopMs: 20 * 60_000,
  inStepProbe: false,
  writeOnLastCold: true,
};

/** Runs `work` with PROBITY_SNAPSHOT_FILE set as given (the server children inherit it). */
async function withSnapshotSetting<T>(value: string, work: () => Promise<T>): Promise<T> {
  const before = process.env.PROBITY_SNAPSHOT_FILE;
  process.env.PROBITY_SNAPSHOT_FILE = value;
  try {
    return await work();
  } finally {
    if (before === undefined) delete process.env.PROBITY_SNAPSHOT_FILE;
    else process.env.PROBITY_SNAPSHOT_FILE = before;
  }
}

/** The engine's figures at a scale: rescoring, simulate, in-process checks and the 1 M batch. */
export async function engineFigures(
  scale: ScaleName,
  runs: number,
): Promise<Record<string, number>> {
  const docs = referenceDocuments();
  const rescoring = probityRescoring(cityOf(docs.catalog, scale), docs, Math.max(5, runs));
  const simulate = await simulateBench({ scale, runs, json: true });
  const checks = await checksBench({ scale, runs, json: true });
  return {
    rescoringSeconds: Number(rescoring.seconds.toFixed(4)),
    simulateSeconds: Number(simulate.simulateSeconds),
    checksPerSecond: Number(checks.singleChecksPerSecond),
    batchSeconds: Number(checks.batchSeconds),
  };
}

/**
 * The engine's figures without the city in memory (L does not fit twice in 24 GiB): the engine
 * loaded from the bench store as the checks bench and a server load it, then the same calls as
 * probityRescoring (a freshly compiled policy per run: setPolicies + scoreAll, median of ≥ 5)
 * and the simulate bench (simulatePolicy of its draft, median of ≥ 3), and the checks bench.
 */
export async function engineFiguresFromStore(
  scale: ScaleName,
  runs: number,
  say: (line: string) => void,
  snapshot?: string,
): Promise<Record<string, number>> {
  const docs = referenceDocuments();
  const path = await seededStore(scale, say);
  const store = await openStore(path);
  let engine: Engine;
  let fromSnapshot = false;
  const loadStart = process.hrtime.bigint();
  try {
    const context = await loadScoringContext(store);
    // From the snapshot the servers' starts wrote, when there is one (minutes rather than a cold
    // fold at L; the engine is the same, the snapshot tests prove it), its tail folded after.
    const started =
      snapshot === undefined
        ? undefined
        : await startFromSnapshot(store, snapshotFile(snapshot), context, (e) =>
            say(`snapshot ${e.kind}${e.kind === 'refused' ? `: ${e.reason}` : ''}`),
          );
    if (started !== undefined) {
      await catchUp(store, started.engine, started.seq);
      engine = started.engine;
      fromSnapshot = true;
    } else engine = (await loadEngine(store, context)).engine;
  } finally {
    await store.close();
  }
  const loadSeconds = seconds(loadStart);
  say(`engine loaded from the ${scale} store in ${loadSeconds.toFixed(1)} s`);
  const rescoring: number[] = [];
  for (let run = 0; run < Math.max(5, runs); run++) {
    const policy = compilePolicy(docs.policyText, docs.catalog);
    const start = process.hrtime.bigint();
    engine.setPolicies([policy]);
    engine.scoreAll(NOW);
    rescoring.push(seconds(start));
  }
  const current = compilePolicy(docs.policyText, docs.catalog);
  const draft = compilePolicy(draftPolicyText(docs.policyText), docs.catalog);
  engine.setPolicies([current]);
  engine.prepareChecks(NOW);
  const simulate: number[] = [];
  for (let run = 0; run < Math.max(3, runs); run++) {
    const start = process.hrtime.bigint();
    simulatePolicy(engine, current, draft, NOW);
    simulate.push(seconds(start));
  }
  // The checks on this same engine (two L engines do not fit in 24 GiB).
  const checks = checksOn(engine, scale, runs);
  return {
    engineLoadSeconds: Number(loadSeconds.toFixed(1)),
    engineFromSnapshot: fromSnapshot ? 1 : 0,
    rescoringSeconds: Number(median(rescoring).toFixed(4)),
    simulateSeconds: Number(median(simulate).toFixed(3)),
    checksPerSecond: Number(checks.singleChecksPerSecond),
    batchSeconds: Number(checks.batchSeconds),
  };
}

/**
 * The import's agency files written from the city as a stream (`streamCity`, bounded memory), in
 * the lines `writeAgencyFiles` writes, without its in-memory city and baseline rows; the lines
 * come in ledger order rather than generation order.
 */
export async function streamedAgencyFiles(
  dir: string,
  scale: ScaleName,
): Promise<{ catalogText: string; agencies: string[]; records: number }> {
  const docs = referenceDocuments();
  const stream = streamCity(docs.catalog, { ...SCALES[scale], years: 5, seed: SEED, now: NOW });
  const files = new AgencyFiles(dir);
  let records = 0;
  for (const item of stream.items()) {
    if (item.kind !== 'record') continue;
    await files.write(item.record);
    records += 1;
  }
  return { catalogText: docs.catalogText, agencies: await files.close(), records };
}

/** A PostgreSQL schema seeded as bench-store.ts seeds a SQLite store; dropped by `drop`. */
async function pgSeededStore(
  url: string,
  scale: ScaleName,
  say: (line: string) => void,
): Promise<{ location: string; drop: () => Promise<void> }> {
  const schema = await pgSchema(url, `bench_curve_${scale.toLowerCase()}_${process.pid}`);
  const start = process.hrtime.bigint();
  const store = await openStore(schema.location);
  try {
    const docs = referenceDocuments();
    await initStore(store, { catalogText: docs.catalogText, policyText: docs.policyText }, NOW, {
      mode: 'simulation',
    });
    const catalog = await catalogInForce(store);
    await seedCity(store, catalog.catalog, catalog.version, {
      ...SCALES[scale],
      years: 5,
      seed: SEED,
      now: NOW,
    });
    await addDemoEnforcers(store, SEED, NOW);
  } finally {
    await store.close();
  }
  say(`seeded ${scale} into PostgreSQL in ${seconds(start).toFixed(1)} s`);
  return schema;
}

/** Identifiers for the burst and the HTTP load from a PostgreSQL store (as burstIdentifiers). */
async function pgIdentifiers(location: string, count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    const known = (
      await client.query<{ k: string }>(
        'SELECT subject_key AS k FROM subjects ORDER BY md5(subject_key) LIMIT $1',
        [Math.round(count * 0.8)],
      )
    ).rows.map((r) => r.k);
    const seen = new Set(known);
    return [...known, ...unseenIdentifiers(count - known.length, random(1), (k) => seen.has(k))];
  } finally {
    await client.end();
  }
}

/** Ready cold (snapshot off, with the burst), then ready from a snapshot written by a clean stop. */
async function starts(
  database: string,
  identifiers: readonly string[],
  runs: number,
  snapshot: string,
  limits: StartLimits & { readonly writeOnLastCold: boolean },
  say: (line: string) => void,
): Promise<{ via: string; figures: Record<string, number> }> {
  const { argv, via } = command();
  say(`servers run from ${via}`);
  const cold: StartRun[] = [];
  rmSync(snapshot, { force: true });
  for (let run = 0; run < runs; run++) {
    // At L the last cold start is given the snapshot's path (no file there yet: it starts cold
    // all the same; its background snapshot may run during its burst) so that its clean stop
    // writes the snapshot: one cold start fewer, some 15 minutes. Elsewhere the cold starts run
    // with no snapshot at all, and one more start writes it.
    const writes = limits.writeOnLastCold && run === runs - 1;
    const r = await withSnapshotSetting(writes ? snapshot : 'off', () =>
      startRun(database, identifiers, argv, true, limits),
    );
    if (r.burstErrors > 0) throw new Error(`the burst had errors: ${JSON.stringify(r)}`);
    cold.push(r);
    say(`ready cold: ${r.readySeconds.toFixed(2)} s, RSS ${r.rssAtReadyMiB} / ${r.peakRssMiB} MiB`);
  }
  const warm: StartRun[] = [];
  await withSnapshotSetting(snapshot, async () => {
    if (!existsSync(snapshot)) await startRun(database, identifiers, argv, false, limits); // writes it on its clean stop
    if (!existsSync(snapshot)) throw new Error(`no snapshot was written at ${snapshot}`);
    for (let run = 0; run < runs; run++) {
      const r = await startRun(database, identifiers, argv, false, limits);
      if (!r.fromSnapshot) throw new Error('the server did not start from the snapshot');
      warm.push(r);
      say(`ready from a snapshot: ${r.readySeconds.toFixed(2)} s`);
    }
  });
  const figures = {
    coldStartSeconds: Number(median(cold.map((r) => r.readySeconds)).toFixed(3)),
    snapshotStartSeconds: Number(median(warm.map((r) => r.readySeconds)).toFixed(3)),
    coldStartCpuSeconds: Number(median(cold.map((r) => r.cpuSecondsAtReady)).toFixed(2)),
    snapshotStartCpuSeconds: Number(median(warm.map((r) => r.cpuSecondsAtReady)).toFixed(2)),
    rssAtReadyMiB: median(cold.map((r) => r.rssAtReadyMiB)),
    peakRssMiB: Math.max(...cold.map((r) => r.peakRssMiB)),
    rssAtReadyFromSnapshotMiB: median(warm.map((r) => r.rssAtReadyMiB)),
  };
  return { via, figures };
}

/** Probity's HTTP checks/s: the http bench's server child under its autocannon load. */
async function httpChecks(
  database: string,
  identifiers: readonly string[],
  runs: number,
): Promise<Record<string, number>> {
  const child = await startChild(['probity', database]);
  try {
    const loads: Load[] = [];
    for (let run = 0; run < runs; run++) {
      await load(child.url, identifiers, HTTP_WARMUP_S);
      loads.push(await load(child.url, identifiers, HTTP_DURATION_S));
    }
    const m = medianLoad(loads);
    if (m.errors + m.timeouts + m.non2xx > 0)
      throw new Error(`HTTP checks failed: ${JSON.stringify(m)}`);
    return { httpChecksPerSecond: m.requestsPerSecond, httpP99Ms: m.p99Ms };
  } finally {
    await stopChild(child);
  }
}

/**
 * The import figures: the city's agency files (from memory, or streamed) imported into a fresh
 * store `runs` times. Not at L: the agency files (≈ 19 GB) and a second store of the bench store's
 * size (≈ 45 GB) do not fit beside the L bench store on this machine's disk, and at the rates
 * measured at M the import of 109 M records would take about two hours (bench/README.md says so).
 */
async function importFigures(
  scale: ScaleName,
  dialect: Dialect,
  runs: number,
  streamed: boolean,
  dir: string,
  say: (line: string) => void,
): Promise<{ records: number; figures: Record<string, number> }> {
  const url = process.env.PROBITY_BENCH_DATABASE_URL ?? '';
  // The agency files in a folder of their own, deleted before the servers' store is made (disk).
  const importDir = join(dir, 'import');
  mkdirSync(importDir);
  let files: { catalogText: string; agencies: readonly string[]; records: number };
  if (streamed) files = await streamedAgencyFiles(importDir, scale);
  else {
    const written = await writeAgencyFiles(importDir, { scale, runs, json: true });
    written.bare.length = 0; // the baseline's rows: not needed here
    files = written;
  }
  const agencyFilesMiB = Math.round(folderBytes(importDir) / 2 ** 20);
  const rates: number[] = [];
  for (let run = 0; run < runs; run++) {
    rates.push(
      dialect === 'sqlite'
        ? await probityImport(importDir, files.catalogText, files.agencies)
        : await pgProbityImport(url, importDir, files.catalogText, files.agencies),
    );
    say(`import (${dialect}): ${Math.round(rates[rates.length - 1] ?? 0)} records/s`);
  }
  rmSync(importDir, { recursive: true, force: true });
  const rate = median(rates);
  return {
    records: files.records,
    figures: {
      importRecordsPerSecond: Math.round(rate),
      importSeconds: Number((files.records / rate).toFixed(2)),
      agencyFilesMiB,
    },
  };
}

/** The records of a seeded SQLite store (the record count where the import was not run). */
function storeRecords(database: string): number {
  const db = new Database(database, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function storeFigures(
  scale: ScaleName,
  dialect: Dialect,
  runs: number,
  streamed: boolean,
  dir: string,
  say: (line: string) => void,
): Promise<{ records: number; server: string; figures: Record<string, number> }> {
  const url = process.env.PROBITY_BENCH_DATABASE_URL ?? '';
  const imported =
    scale === 'L' ? undefined : await importFigures(scale, dialect, runs, streamed, dir, say);

  let database: string;
  let identifiers: string[];
  let drop: () => Promise<void> = () => Promise.resolve();
  if (dialect === 'sqlite') {
    const seeded = await seededStore(scale, say);
    // L's store is about 50 GB: used in place (the servers add audit entries and list feeds).
    database = scale === 'L' ? seeded : storeCopy(seeded, dir);
    identifiers = burstIdentifiers(seeded, IDENTIFIERS);
  } else {
    const schema = await pgSeededStore(url, scale, say);
    database = schema.location;
    drop = schema.drop;
    identifiers = await pgIdentifiers(database, IDENTIFIERS);
  }
  try {
    const limits = scale === 'L' ? L_LIMITS : { ...START_LIMITS, writeOnLastCold: false };
    const snapshot = join(dir, SNAPSHOT_NAME);
    const started = await starts(database, identifiers, runs, snapshot, limits, say);
    // From the snapshot the starts wrote (at L a cold start takes many minutes).
    const http = await withSnapshotSetting(snapshot, () => httpChecks(database, identifiers, runs));
    say(`HTTP (${dialect}): ${http.httpChecksPerSecond} checks/s, p99 ${http.httpP99Ms} ms`);
    return {
      records: imported?.records ?? storeRecords(database),
      server: started.via,
      figures: {
        ...imported?.figures,
        ...(dialect === 'sqlite'
          ? { storeMiB: Math.round(statSync(database).size / 2 ** 20) }
          : {}),
        ...started.figures,
        ...http,
      },
    };
  } finally {
    await drop();
  }
}

export async function curveBench(args: BenchArgs): Promise<Record<string, unknown>> {
  const say = (line: string) => {
    if (!args.json) console.error(line);
  };
  const databaseUrl = process.env.PROBITY_BENCH_DATABASE_URL;
  const options = curveOptions(process.argv.slice(2), databaseUrl);
  if (options.render) {
    const drawn = await renderCurve(CURVE_PATHS);
    return { bench: 'curve', rendered: true, ...drawn };
  }
  const measured: CurveRun[] = [];
  for (const scale of options.scales) {
    const runs = options.runs ?? (scale === 'S' ? 3 : 1);
    const dialects = options.dialects.filter((d) => d === 'sqlite' || scale !== 'L');
    if (dialects.length < options.dialects.length) say('PostgreSQL is measured at S and M only');
    const streamed = options.streamed || scale === 'L';
    let engine: Record<string, number> | undefined;
    for (const dialect of dialects) {
      const dir = mkdtempSync(join(tmpdir(), 'probity-bench-curve-'));
      try {
        const start = process.hrtime.bigint();
        const record = (
          store: Awaited<ReturnType<typeof storeFigures>>,
          engineFigures: Record<string, number> | undefined,
        ): CurveRun => ({
          date: new Date().toISOString(),
          commit: shortCommit(),
          loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
          scale,
          dialect,
          records: store.records,
          server: store.server,
          runs,
          ...(streamed ? { method: 'streamed' } : {}),
          figures: {
            ...store.figures,
            ...(dialect === dialects[0] ? engineFigures : {}),
            curveSeconds: Number(seconds(start).toFixed(1)),
          },
        });
        // At L the servers' figures come first and are kept as soon as they are measured (an
        // hour of work): should the engine's figures then fail, the results still hold them.
        const early =
          scale === 'L' ? await storeFigures(scale, dialect, runs, streamed, dir, say) : undefined;
        if (early !== undefined)
          await appendResults(CURVE_PATHS.results, [record(early, undefined)]);
        if (engine === undefined) {
          engine = streamed
            ? await engineFiguresFromStore(
                scale,
                runs,
                say,
                early === undefined ? undefined : join(dir, SNAPSHOT_NAME),
              )
            : await engineFigures(scale, runs);
          say(`engine at ${scale}: ${JSON.stringify(engine)}`);
        }
        const store = early ?? (await storeFigures(scale, dialect, runs, streamed, dir, say));
        const run = record(store, engine);
        await appendResults(CURVE_PATHS.results, [run]);
        measured.push(run);
        console.log(JSON.stringify({ bench: 'curve', ...run }));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  const drawn = await renderCurve(CURVE_PATHS);
  return {
    bench: 'curve',
    measured: measured.map((r) => `${r.scale}/${r.dialect}`),
    results: 'bench/curve-results.json',
    ...drawn,
  };
}
