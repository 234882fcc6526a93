// P6: growth from S to M (ten times the data). Three times are taken at both scales in one run
// and the M/S ratio reported for each (linear growth is 10; the target is at most 12):
//  - import: the P1 bench's Probity import (bench/import.bench.ts), as records / its rate;
//  - rescoring: the P2 pass, setPolicies + scoreAll on an engine holding the city;
//  - start: what a server does before it can answer, on a SQLite store seeded with the city
//    (`probity seed`'s code): read the catalogue and policies, fold every ledger event into a new
//    engine page by page (store.readEvents, src/app/engine/engine-load.ts), then score everyone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEngine } from '../src/app/standing/engine-load.js';
import { loadScoringContext } from '../src/app/standing/scoring-context.js';
import { seedCity } from '../src/app/ledger/city-seed.js';
import { initStore } from '../src/app/ledger/store-init.js';
import { openStore } from '../src/store/index.js';
import { cityOf, NOW, referenceDocuments, type ReferenceDocuments } from './city-ledger.js';
import { importBench } from './import.bench.js';
import { probityRescoring } from './rescoring.bench.js';
import { median, SCALES, seconds, type BenchArgs, type ScaleName } from './scales.js';

const TARGET_RATIO = 12;

interface ScaleTimes {
  readonly records: number;
  readonly importSeconds: number;
  readonly rescoringSeconds: number;
  readonly startSeconds: number;
  readonly startEvents: number;
}

async function seededStore(
  dir: string,
  docs: ReferenceDocuments,
  scale: ScaleName,
): Promise<string> {
  const path = join(dir, `seed-${scale}.db`);
  const store = await openStore(path);
  try {
    const { catalogVersion } = await initStore(store, docs, NOW, { mode: 'simulation' });
    await seedCity(store, docs.catalog, catalogVersion, {
      ...SCALES[scale],
      years: 5,
      seed: 1,
      now: NOW,
    });
  } finally {
    await store.close();
  }
  return path;
}

/** Open, load the scoring context, fold every event, score everyone: seconds and events folded. */
async function startOnce(path: string): Promise<{ seconds: number; events: number }> {
  const start = process.hrtime.bigint();
  const store = await openStore(path);
  try {
    const context = await loadScoringContext(store);
    const { engine, events } = await loadEngine(store, context);
    engine.scoreAll(NOW);
    return { seconds: seconds(start), events };
  } finally {
    await store.close();
  }
}

async function timesAt(scale: ScaleName, runs: number, dir: string): Promise<ScaleTimes> {
  const docs = referenceDocuments();
  const imported = await importBench({ scale, runs, json: true });
  const records = Number(imported.records);
  const importSeconds = records / Number(imported.probityRecordsPerSecond);

  const city = cityOf(docs.catalog, scale);
  const rescoring = probityRescoring(city, docs, Math.max(5, runs));

  const path = await seededStore(dir, docs, scale);
  const starts: number[] = [];
  let startEvents = 0;
  for (let run = 0; run < runs; run++) {
    const { seconds: took, events } = await startOnce(path);
    starts.push(took);
    startEvents = events;
  }
  rmSync(path, { force: true });
  return {
    records,
    importSeconds,
    rescoringSeconds: rescoring.seconds,
    startSeconds: median(starts),
    startEvents,
  };
}

export async function growthBench(args: BenchArgs): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'probity-bench-growth-'));
  try {
    // S with the runs asked for (or 3); M once unless more are asked for: it takes minutes.
    // `--scale S` is a quick smoke run: S alone, no ratios.
    const small = await timesAt('S', Math.max(args.runs, 3), dir);
    if (args.scale === 'S')
      return {
        bench: 'growth',
        target: 'P6',
        S: small,
        note: 'S only: run with --scale M for the ratios',
      };
    const large = await timesAt('M', args.scale === 'M' ? args.runs : 1, dir);
    const ratio = (m: number, s: number) => Number((m / s).toFixed(2));
    const ratios = {
      import: ratio(large.importSeconds, small.importSeconds),
      rescoring: ratio(large.rescoringSeconds, small.rescoringSeconds),
      start: ratio(large.startSeconds, small.startSeconds),
    };
    const round = (t: ScaleTimes) => ({
      records: t.records,
      importSeconds: Number(t.importSeconds.toFixed(2)),
      rescoringSeconds: Number(t.rescoringSeconds.toFixed(3)),
      startSeconds: Number(t.startSeconds.toFixed(2)),
      startEvents: t.startEvents,
    });
    return {
      bench: 'growth',
      target: 'P6',
      S: round(small),
      M: round(large),
      dataRatio: ratio(large.records, small.records),
      timeRatios: ratios,
      meets: {
        import: ratios.import <= TARGET_RATIO,
        rescoring: ratios.rescoring <= TARGET_RATIO,
        start: ratios.start <= TARGET_RATIO,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
