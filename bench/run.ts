// `npm run bench -- <name> [--scale S|M|L] [--runs N] [--json]`: runs one benchmark and prints
// one JSON line of figures (and a readable summary unless --json). `--help` lists them.
import { auditVolumeBench } from './audit-volume.bench.js';
import { checksBench } from './checks.bench.js';
import { clusterBench } from './cluster.bench.js';
import { curveBench } from './curve.bench.js';
import { growthBench } from './growth.bench.js';
import { httpBench } from './http.bench.js';
import { importBench } from './import.bench.js';
import { publicSearchBench } from './public-search.bench.js';
import { rescoringBench } from './rescoring.bench.js';
import { rescoringGrowthBench } from './rescoring-growth.bench.js';
import { seedBench } from './seed.bench.js';
import { simulateBench } from './simulate.bench.js';
import { standbyBench } from './standby.bench.js';
import { startupBench } from './startup.bench.js';
import { webBench } from './web.bench.js';
import { SCALES, type BenchArgs, type ScaleName } from './scales.js';

const BENCHES: Record<string, (args: BenchArgs) => Promise<Record<string, unknown>>> = {
  import: importBench,
  rescoring: rescoringBench,
  'rescoring-growth': rescoringGrowthBench,
  simulate: simulateBench,
  growth: growthBench,
  checks: checksBench,
  curve: curveBench,
  http: httpBench,
  startup: startupBench,
  seed: seedBench,
  cluster: clusterBench,
  'audit-volume': auditVolumeBench,
  standby: standbyBench,
  web: webBench,
  'public-search': publicSearchBench,
};

/** Every flag a bench reads (the curve's own as well): anything else is a typo, refused at once. */
const VALUE_FLAGS = new Set(['--scale', '--runs', '--scales', '--dialects']);
const SWITCHES = new Set(['--json', '--render', '--streamed']);

const USAGE = `usage: npm run bench -- <name> [--scale S|M|L] [--runs N] [--json]
       npm run bench -- curve [--scales S,M,L] [--dialects sqlite,postgres] [--runs N] [--render] [--streamed]
benchmarks: ${Object.keys(BENCHES).join(', ')} (bench/README.md says what each measures)`;

function parseArgs(argv: readonly string[]): { name: string; args: BenchArgs } {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    process.exit(0);
  }
  // A mistyped flag would otherwise run the default bench for minutes (an import at M).
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i] ?? '';
    if (VALUE_FLAGS.has(a)) i += 1;
    else if (a.startsWith('-') && !SWITCHES.has(a)) {
      console.error(`unknown option "${a}"\n${USAGE}`);
      process.exit(2);
    }
  }
  const name = argv.find((a) => !a.startsWith('--') && !/^[SML]$|^\d+$/.test(a)) ?? 'import';
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const scale = (value('--scale') ?? 'M') as ScaleName;
  if (!(scale in SCALES))
    throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  const runs = Number(value('--runs') ?? (scale === 'S' ? 3 : 1));
  return { name, args: { scale, runs, json: argv.includes('--json') } };
}

const { name, args } = parseArgs(process.argv.slice(2));
const bench = BENCHES[name];
if (!bench) {
  console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
const figures = await bench(args);
console.log(JSON.stringify({ ...figures, date: new Date().toISOString().slice(0, 10) }));
