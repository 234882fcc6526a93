// `npm run bench -- seed --scale S --runs 1`: `probity seed`'s path (the city as a stream,
// synth/city-stream.ts) into a fresh SQLite file: the counting pass alone, the whole seed, ledger
// events per second, the generation passes it took, and the process's peak RSS. Run one scale per
// process (peak RSS is the process's): S takes about a minute; M and L are estimated from S in
// bench/README.md, not run on the shared machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedCity } from '../src/app/ledger/city-seed.js';
import { catalogInForce } from '../src/app/policy/catalog-in-force.js';
import { initStore } from '../src/app/ledger/store-init.js';
import { streamCity } from '../src/synth/index.js';
import { openStore } from '../src/store/index.js';
import { NOW, referenceDocuments } from './city-ledger.js';
import { median, SCALES, seconds, type BenchArgs } from './scales.js';

export async function seedBench(args: BenchArgs): Promise<Record<string, unknown>> {
  const city = { ...SCALES[args.scale], years: 5, seed: 1, now: NOW };
  // PROBITY_SEED_WINDOW_ROWS: a smaller window than the default, to see memory follow the window.
  const windowRows = Number(process.env.PROBITY_SEED_WINDOW_ROWS ?? 0) || undefined;
  const tuning = windowRows === undefined ? {} : { windowRows };
  const totals: number[] = [];
  const counting: number[] = [];
  let items = 0;
  let records = 0;
  let windows = 0;
  let passes = 0;
  for (let run = 0; run < args.runs; run += 1) {
    const dir = mkdtempSync(join(tmpdir(), 'probity-seed-bench-'));
    try {
      const store = await openStore(join(dir, 'seed.db'));
      try {
        const { catalogText, policyText } = referenceDocuments();
        await initStore(store, { catalogText, policyText }, NOW, { mode: 'simulation' });
        const catalog = await catalogInForce(store);
        // The counting pass alone (seedCity runs it again): the cost of one generation pass.
        const countStart = process.hrtime.bigint();
        const stream = streamCity(catalog.catalog, city, tuning);
        counting.push(seconds(countStart));
        items = stream.recordCount + stream.fulfilmentCount;
        windows = stream.windowEnds.length;
        passes = stream.passCount;
        const start = process.hrtime.bigint();
        const summary = await seedCity(
          store,
          catalog.catalog,
          catalog.version,
          city,
          undefined,
          tuning,
        );
        totals.push(seconds(start));
        records = summary.records;
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const total = median(totals);
  const figures = {
    bench: 'seed',
    scale: args.scale,
    runs: args.runs,
    records,
    ledgerEvents: items,
    windowRows: windowRows ?? 'default',
    windows,
    generationPasses: passes,
    countingPassSeconds: Number(median(counting).toFixed(2)),
    seedSeconds: Number(total.toFixed(1)),
    eventsPerSecond: Math.round(items / total),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    load: loadavg().map((l) => Number(l.toFixed(2))),
  };
  if (!args.json)
    console.error(
      `seed ${args.scale}: ${records} records, ${items} ledger events in ${total.toFixed(1)} s ` +
        `(${figures.eventsPerSecond}/s), ${passes} generation passes of ` +
        `${figures.countingPassSeconds} s each, peak RSS ${figures.peakRssMiB} MiB`,
    );
  return figures;
}
