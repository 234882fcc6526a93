// P3 in process: checks answered by the engine of a running server. The engine is loaded from the
// seeded SQLite store of the scale as the server loads it (`loadEngine`), checks are prepared at
// NOW (`prepareChecks`), and it answers `travel.flight` (restriction; lists dishonest-debtors and
// aviation-safety-offenders) for a mix of identifiers (bench-store.ts CHECK_MIX: 5 % listed, 75 %
// known to the ledger and unlisted, 20 % never seen), shuffled:
//   - single: `engine.check(key, measure, NOW)` one identifier at a time over 1 M identifiers;
//   - single with validation: `checkIdentifier` (checksum, normalisation) first, as the service does;
//   - batch: one `engine.checkBatch` of the same 1 M identifiers.
// Single and batch also run on the identifiers as a request's JSON body gives them (`…Parsed`: the
// same list through JSON.stringify and JSON.parse, one fresh string each, laid out in order). The
// mix's own strings are shared (a known subject drawn many times is one string) and, once
// shuffled, scattered over the heap: at S the subject lookup costs up to twice as much on them
// (bench/README.md, "What the profiles show").
// Before timing, every listed identifier must be denied and every other allowed, by both calls.
// Targets: ≥ 2 M single checks/s; the 1 M batch ≤ 1 s.
import { checkIdentifier } from '../src/core/identifiers/index.js';
import { loadEngine } from '../src/app/standing/engine-load.js';
import { loadScoringContext } from '../src/app/standing/scoring-context.js';
import type { Engine } from '../src/engine/index.js';
import { openStore } from '../src/store/index.js';
import { checkMix, MEASURE, seededStore } from './bench-store.js';
import { NOW } from './city-ledger.js';
import { median, seconds, type BenchArgs } from './scales.js';

const BATCH = 1_000_000;

function singleRun(engine: Engine, keys: readonly string[]): { took: number; denies: number } {
  const start = process.hrtime.bigint();
  let denies = 0;
  for (let i = 0; i < keys.length; i++) {
    if (engine.check(keys[i] ?? '', MEASURE, NOW).decision === 'deny') denies += 1;
  }
  return { took: seconds(start), denies };
}

function validatedRun(engine: Engine, keys: readonly string[]): { took: number; denies: number } {
  const start = process.hrtime.bigint();
  let denies = 0;
  for (let i = 0; i < keys.length; i++) {
    const id = checkIdentifier(keys[i] ?? '', NOW);
    if (!id.valid) throw new Error(`invalid identifier in the mix: ${keys[i]}`);
    if (engine.check(id.normalized, MEASURE, NOW).decision === 'deny') denies += 1;
  }
  return { took: seconds(start), denies };
}

function batchRun(engine: Engine, keys: readonly string[]): { took: number; denies: number } {
  const start = process.hrtime.bigint();
  const results = engine.checkBatch(keys, MEASURE, NOW);
  const took = seconds(start);
  let denies = 0;
  for (const r of results) if (r.decision === 'deny') denies += 1;
  return { took, denies };
}

export async function checksBench(args: BenchArgs): Promise<Record<string, unknown>> {
  const say = (line: string) => {
    if (!args.json) console.error(line);
  };
  const path = await seededStore(args.scale, say);
  const store = await openStore(path);
  let engine: Engine;
  let loadSeconds: number;
  try {
    const start = process.hrtime.bigint();
    const context = await loadScoringContext(store);
    engine = (await loadEngine(store, context)).engine;
    loadSeconds = seconds(start);
  } finally {
    await store.close();
  }
  return {
    ...checksOn(engine, args.scale, args.runs),
    loadSeconds: Number(loadSeconds.toFixed(2)),
  };
}

/**
 * The checks bench on an engine already loaded (the curve's at L, where a second engine does not
 * fit beside the first): prepared at NOW, agreement first, then the timed runs.
 */
export function checksOn(engine: Engine, scale: BenchArgs['scale'], runsAsked: number) {
  const prepareStart = process.hrtime.bigint();
  engine.prepareChecks(NOW);
  const prepareSeconds = seconds(prepareStart);
  const stats = engine.stats();

  const listIds = ['dishonest-debtors', 'aviation-safety-offenders'];
  const mix = checkMix(engine, listIds, NOW, BATCH);
  const listed = new Set(mix.listedKeys);
  const expectedDenies = mix.identifiers.reduce((n, key) => n + (listed.has(key) ? 1 : 0), 0);

  // Agreement before timing: each identifier's decision, one by one and in the batch.
  const batch = engine.checkBatch(mix.identifiers, MEASURE, NOW);
  mix.identifiers.forEach((key, i) => {
    const want = listed.has(key) ? 'deny' : 'allow';
    const single = engine.check(key, MEASURE, NOW).decision;
    if (single !== want || batch[i]?.decision !== want) {
      throw new Error(`${key}: expected ${want}, single ${single}, batch ${batch[i]?.decision}`);
    }
  });

  const parsed = JSON.parse(JSON.stringify(mix.identifiers)) as string[];
  const runs = Math.max(runsAsked, 5);
  const single: number[] = [];
  const validated: number[] = [];
  const batches: number[] = [];
  const singleParsed: number[] = [];
  const batchesParsed: number[] = [];
  for (let run = 0; run < runs; run++) {
    const s = singleRun(engine, mix.identifiers);
    const v = validatedRun(engine, mix.identifiers);
    const b = batchRun(engine, mix.identifiers);
    const sp = singleRun(engine, parsed);
    const bp = batchRun(engine, parsed);
    for (const r of [s, v, b, sp, bp]) {
      if (r.denies !== expectedDenies)
        throw new Error(`a timed run denied ${r.denies}, not ${expectedDenies}`);
    }
    single.push(mix.identifiers.length / s.took);
    validated.push(mix.identifiers.length / v.took);
    batches.push(b.took);
    singleParsed.push(parsed.length / sp.took);
    batchesParsed.push(bp.took);
  }
  const singlePerSecond = median(single);
  const batchSeconds = median(batches);
  return {
    bench: 'checks',
    target: 'P3',
    scale,
    subjects: stats.subjects,
    records: stats.records,
    measure: MEASURE,
    mix: {
      ...mix.shares,
      identifiers: mix.identifiers.length,
      denies: expectedDenies,
      listedSubjects: mix.listedKeys.length,
    },
    runs,
    prepareSeconds: Number(prepareSeconds.toFixed(3)),
    singleChecksPerSecond: Math.round(singlePerSecond),
    validatedChecksPerSecond: Math.round(median(validated)),
    batchSeconds: Number(batchSeconds.toFixed(3)),
    singleChecksPerSecondParsed: Math.round(median(singleParsed)),
    batchSecondsParsed: Number(median(batchesParsed).toFixed(3)),
    batchIdentifiers: BATCH,
    meets: singlePerSecond >= 2_000_000 && batchSeconds <= 1,
  };
}
