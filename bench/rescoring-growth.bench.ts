// The growth of the P2 rescoring per record, quickly: the synthetic city at the scale asked for
// and at three times it (persons and organisations × 3, same years and seed), each generated in
// memory and folded into an engine, and per record at each size:
//  - pass: `scoreAll` at a new instant under the same policy (the scoring pass alone: rules are
//    already applied to every record);
//  - rescoring: `setPolicies([a freshly compiled policy])` + `scoreAll(now)`, P2's run (the
//    rules re-derived, then the pass).
// Linear growth keeps the time per record flat: the figure is the ratio of the per-record times
// (3× over 1×; the target for P6 is ≤ 1.2 × the data ratio, i.e. a per-record ratio ≤ 1.2).
// Each time is also taken as the process's CPU time (user + system, `process.cpuUsage`), which a
// loaded machine disturbs less than the wall clock: time spent waiting for a core is not in it.
// `npm run bench -- rescoring-growth --scale S` takes about a minute on two free cores.
import { instant } from '../src/core/time/instant.js';
import { generateCity } from '../src/synth/index.js';
import { compilePolicy, loadCityEngine, NOW, referenceDocuments } from './city-ledger.js';
import { median, SCALES, seconds, type BenchArgs } from './scales.js';

const RUNS = 7;

interface SizeTimes {
  readonly factor: number;
  readonly records: number;
  readonly passSeconds: number;
  readonly rescoringSeconds: number;
  /** Medians of the same runs in CPU seconds. */
  readonly passCpuSeconds: number;
  readonly rescoringCpuSeconds: number;
  /** The first pass after the fold: it also builds the subject grouping and its mirror. */
  readonly firstPassSeconds: number;
}

function timesAt(factor: number, args: BenchArgs): SizeTimes {
  const docs = referenceDocuments();
  const base = SCALES[args.scale];
  const city = generateCity(docs.catalog, {
    persons: base.persons * factor,
    organizations: base.organizations * factor,
    years: 5,
    seed: 1,
    now: NOW,
  });
  const engine = loadCityEngine(city, docs.catalog, [compilePolicy(docs.policyText, docs.catalog)]);
  let start = process.hrtime.bigint();
  engine.scoreAll(NOW);
  const firstPassSeconds = seconds(start);
  const passes: number[] = [];
  const rescorings: number[] = [];
  const passCpu: number[] = [];
  const rescoringCpu: number[] = [];
  const cpuSince = (from: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(from);
    return (used.user + used.system) / 1e6;
  };
  for (let run = 0; run < Math.max(RUNS, args.runs); run += 1) {
    const policy = compilePolicy(docs.policyText, docs.catalog);
    start = process.hrtime.bigint();
    let cpu = process.cpuUsage();
    engine.setPolicies([policy]);
    engine.scoreAll(NOW);
    rescorings.push(seconds(start));
    rescoringCpu.push(cpuSince(cpu));
    start = process.hrtime.bigint();
    cpu = process.cpuUsage();
    engine.scoreAll(instant(NOW + 1 + run));
    passes.push(seconds(start));
    passCpu.push(cpuSince(cpu));
  }
  return {
    factor,
    records: engine.stats().records,
    passSeconds: median(passes),
    rescoringSeconds: median(rescorings),
    passCpuSeconds: median(passCpu),
    rescoringCpuSeconds: median(rescoringCpu),
    firstPassSeconds,
  };
}

export function rescoringGrowthBench(args: BenchArgs): Promise<Record<string, unknown>> {
  const sizes = [timesAt(1, args), timesAt(3, args)];
  const ns = (secs: number, records: number) => Number(((secs * 1e9) / records).toFixed(1));
  const [one, three] = sizes as [SizeTimes, SizeTimes];
  const perRecordRatio = (a: number, b: number) =>
    Number((b / three.records / (a / one.records)).toFixed(2));
  return Promise.resolve({
    bench: 'rescoring-growth',
    target: 'P2/P6',
    scale: args.scale,
    sizes: sizes.map((t) => ({
      factor: t.factor,
      records: t.records,
      passSeconds: Number(t.passSeconds.toFixed(3)),
      passNsPerRecord: ns(t.passSeconds, t.records),
      rescoringSeconds: Number(t.rescoringSeconds.toFixed(3)),
      rescoringNsPerRecord: ns(t.rescoringSeconds, t.records),
      passCpuNsPerRecord: ns(t.passCpuSeconds, t.records),
      rescoringCpuNsPerRecord: ns(t.rescoringCpuSeconds, t.records),
      firstPassSeconds: Number(t.firstPassSeconds.toFixed(3)),
    })),
    perRecordRatio3x: {
      pass: perRecordRatio(one.passSeconds, three.passSeconds),
      rescoring: perRecordRatio(one.rescoringSeconds, three.rescoringSeconds),
      passCpu: perRecordRatio(one.passCpuSeconds, three.passCpuSeconds),
      rescoringCpu: perRecordRatio(one.rescoringCpuSeconds, three.rescoringCpuSeconds),
    },
  });
}
