// The growth curve's writer (issue 11, item 6): from bench/curve-results.json (every run of
// `npm run bench -- curve`, appended), the table and growth ratios between the markers
// `<!-- curve:start -->` and `<!-- curve:end -->` of bench/README.md, and the chart bench/curve.svg
// (log-log, seconds against records, one line per timed figure and dialect, each with its linear
// reference: a dashed line of slope 1 through its S point), rendered headless by vega-lite + vega.
// Pure functions of the results (no measuring here), so that `--render` redraws without a run and
// a unit test can check the table, the ratios and the SVG on a fixture.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as prettier from 'prettier';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { ScaleName } from './scales.js';

export const CURVE_START = '<!-- curve:start -->';
export const CURVE_END = '<!-- curve:end -->';
/** Growth per step: the time ratio over the data ratio must stay at or below this. */
export const GROWTH_TARGET = 1.2;

export type Dialect = 'sqlite' | 'postgres';

/** One run of the curve at one scale on one dialect, as appended to the results file. */
export interface CurveRun {
  /** ISO date and time of the run (UTC). */
  readonly date: string;
  /** `git rev-parse --short HEAD` when it ran (`+dirty` when the tree had changes). */
  readonly commit: string;
  /** 1, 5 and 15-minute load averages at the end of the run. */
  readonly loadAverage: readonly number[];
  readonly scale: ScaleName;
  readonly dialect: Dialect;
  /** Records in the city (the x of the chart). */
  readonly records: number;
  /** How the servers ran: the built CLI (dist) or src through tsx (adds transpiling to a start). */
  readonly server?: string;
  /**
   * `streamed`: the import's agency files from `streamCity` and the engine's figures on the engine
   * loaded from the bench store (always at L, where the city does not fit in memory twice).
   */
  readonly method?: string;
  /** Each figure the median of this many runs (the engine's passes take at least 5). */
  readonly runs: number;
  /** The figures (see FIGURES); a figure not measured in this run is absent. */
  readonly figures: Readonly<Record<string, number>>;
}

export interface FigureInfo {
  readonly key: string;
  readonly label: string;
  /** Timed figures are charted and have a growth ratio; the others are in the table only. */
  readonly timed: boolean;
  readonly digits: number;
  /** The targets at S / M / L. */
  readonly target: string;
  /** An engine figure (in memory, the same on either dialect): measured once per scale. */
  readonly engine?: boolean;
}

export const FIGURES: readonly FigureInfo[] = [
  {
    key: 'importRecordsPerSecond',
    label: 'import, records/s',
    timed: false,
    digits: 0,
    target: '≥ 200 000 (PostgreSQL ≥ 150 000)',
  },
  {
    key: 'importSeconds',
    label: 'import, s',
    timed: true,
    digits: 1,
    target: 'L ≤ 12 min',
  },
  {
    key: 'coldStartSeconds',
    label: 'ready cold, s',
    timed: true,
    digits: 2,
    target: '≤ 2 / 15 / 240',
  },
  {
    key: 'snapshotStartSeconds',
    label: 'ready from a snapshot, s',
    timed: true,
    digits: 2,
    target: '≤ 1 / 3 / 20',
  },
  {
    key: 'coldStartCpuSeconds',
    label: 'ready cold, CPU s of the server',
    timed: false,
    digits: 2,
    target: '—',
  },
  {
    key: 'snapshotStartCpuSeconds',
    label: 'ready from a snapshot, CPU s of the server',
    timed: false,
    digits: 2,
    target: '—',
  },
  {
    key: 'rescoringSeconds',
    engine: true,
    label: 'rescoring, s',
    timed: true,
    digits: 3,
    target: '≤ 0.1 / 0.8 / 8',
  },
  {
    key: 'simulateSeconds',
    engine: true,
    label: 'simulate, s',
    timed: true,
    digits: 3,
    target: '≤ 0.3 / 2 / 20',
  },
  {
    key: 'checksPerSecond',
    engine: true,
    label: 'in-process checks/s',
    timed: false,
    digits: 0,
    target: '≥ 2 000 000',
  },
  {
    key: 'batchSeconds',
    engine: true,
    label: '1 M batch, s',
    timed: true,
    digits: 3,
    target: '≤ 1',
  },
  {
    key: 'httpChecksPerSecond',
    label: 'HTTP checks/s',
    timed: false,
    digits: 0,
    target: '—',
  },
  {
    key: 'httpP99Ms',
    label: 'HTTP p99, ms',
    timed: false,
    digits: 0,
    target: '≤ 10',
  },
  {
    key: 'rssAtReadyMiB',
    label: 'server RSS at ready, MiB',
    timed: false,
    digits: 0,
    target: '— / ≤ 1 024 / ≤ 8 192',
  },
  {
    key: 'peakRssMiB',
    label: 'server RSS peak, MiB',
    timed: false,
    digits: 0,
    target: '— / ≤ 1 536 / ≤ 10 240',
  },
];

const SCALE_ORDER: readonly ScaleName[] = ['S', 'M', 'L'];
const DIALECT_ORDER: readonly Dialect[] = ['sqlite', 'postgres'];

/** The results file's runs (an empty list when there is no file yet). */
export function readResults(path: string): CurveRun[] {
  if (!existsSync(path)) return [];
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (!Array.isArray(parsed)) throw new Error(`${path}: expected a JSON array of runs`);
  return parsed as CurveRun[];
}

/** Appends runs to the results file (prettier-formatted, as the repository's JSON is). */
export async function appendResults(path: string, runs: readonly CurveRun[]): Promise<void> {
  const all = [...readResults(path), ...runs];
  writeFileSync(path, await formatted(JSON.stringify(all), path));
}

async function formatted(text: string, filepath: string): Promise<string> {
  const config = (await prettier.resolveConfig(filepath)) ?? {};
  return prettier.format(text, { ...config, filepath });
}

/** The newest run of each (scale, dialect), in scale then dialect order. */
export function latestRuns(runs: readonly CurveRun[]): CurveRun[] {
  const latest = new Map<string, CurveRun>();
  for (const run of runs) {
    const key = `${run.scale}/${run.dialect}`;
    const seen = latest.get(key);
    if (seen === undefined || seen.date <= run.date) latest.set(key, run);
  }
  return [...latest.values()].sort(
    (a, b) =>
      SCALE_ORDER.indexOf(a.scale) - SCALE_ORDER.indexOf(b.scale) ||
      DIALECT_ORDER.indexOf(a.dialect) - DIALECT_ORDER.indexOf(b.dialect),
  );
}

export interface GrowthStep {
  readonly figure: string;
  readonly label: string;
  /** `sqlite`, `postgres`, or `engine` for a figure that does not depend on the dialect. */
  readonly dialect: Dialect | 'engine';
  readonly from: ScaleName;
  readonly to: ScaleName;
  /** time at `to` ÷ time at `from` */
  readonly timeRatio: number;
  /** records at `to` ÷ records at `from` */
  readonly dataRatio: number;
  /** timeRatio ÷ dataRatio: 1 is linear */
  readonly growth: number;
  readonly meets: boolean;
}

/** One line of the chart: a timed figure on one dialect (or the engine's), scale by scale. */
export interface Series {
  readonly figure: FigureInfo;
  readonly dialect: Dialect | 'engine';
  readonly name: string;
  /** (scale, records, seconds), in scale order; only scales where it was measured. */
  readonly points: readonly { scale: ScaleName; records: number; seconds: number }[];
}

/**
 * The timed series of the newest runs: a store figure per dialect; an engine figure once, from
 * the newest run of each scale that holds it.
 */
export function timedSeries(runs: readonly CurveRun[]): Series[] {
  const latest = latestRuns(runs);
  const series: Series[] = [];
  const pointsOf = (figure: FigureInfo, of: readonly CurveRun[]) =>
    of
      .filter((r) => (r.figures[figure.key] ?? 0) > 0)
      .map((r) => ({ scale: r.scale, records: r.records, seconds: r.figures[figure.key]! }));
  const name = (figure: FigureInfo, dialect: string) =>
    `${figure.label.replace(/, s$/, '')} (${dialect})`;
  for (const figure of FIGURES.filter((f) => f.timed)) {
    if (figure.engine === true) {
      const newest = SCALE_ORDER.flatMap((scale) => {
        const holding = latest.filter((r) => r.scale === scale && (r.figures[figure.key] ?? 0) > 0);
        holding.sort((a, b) => (a.date < b.date ? 1 : -1));
        return holding.slice(0, 1);
      });
      const points = pointsOf(figure, newest);
      if (points.length > 0)
        series.push({ figure, dialect: 'engine', name: name(figure, 'engine'), points });
      continue;
    }
    for (const dialect of DIALECT_ORDER) {
      const points = pointsOf(
        figure,
        latest.filter((r) => r.dialect === dialect),
      );
      if (points.length > 0) series.push({ figure, dialect, name: name(figure, dialect), points });
    }
  }
  return series;
}

/** Growth per step (S → M, M → L) of every timed series measured at both ends. */
export function growthSteps(runs: readonly CurveRun[]): GrowthStep[] {
  const steps: GrowthStep[] = [];
  for (const s of timedSeries(runs)) {
    for (let i = 1; i < s.points.length; i++) {
      const a = s.points[i - 1]!;
      const b = s.points[i]!;
      const timeRatio = b.seconds / a.seconds;
      const dataRatio = b.records / a.records;
      const growth = timeRatio / dataRatio;
      steps.push({
        figure: s.figure.key,
        label: s.figure.label,
        dialect: s.dialect,
        from: a.scale,
        to: b.scale,
        timeRatio,
        dataRatio,
        growth,
        meets: growth <= GROWTH_TARGET,
      });
    }
  }
  return steps;
}

/** A number as the README writes them: thin groups of three, `digits` decimals. */
export function figureText(value: number | undefined, digits: number): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  const fixed = value.toFixed(digits);
  const [whole = '', decimals] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return decimals === undefined ? grouped : `${grouped}.${decimals}`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The figures table: one column per (scale, dialect), newest run of each. */
export function figuresTable(runs: readonly CurveRun[]): string {
  const latest = latestRuns(runs);
  const header = ['figure', ...latest.map((r) => `${r.scale}, ${r.dialect}`), 'target S / M / L'];
  const rows: string[][] = [
    ['records', ...latest.map((r) => figureText(r.records, 0)), ''],
    ['run (UTC)', ...latest.map((r) => r.date.slice(0, 16).replace('T', ' ')), ''],
    ['commit', ...latest.map((r) => r.commit), ''],
    ['load average (1 min)', ...latest.map((r) => figureText(r.loadAverage[0], 1)), ''],
    ['runs (median of)', ...latest.map((r) => String(r.runs)), ''],
    ['servers run from', ...latest.map((r) => r.server ?? '—'), ''],
    ['city from', ...latest.map((r) => (r.method === 'streamed' ? 'store, stream' : 'memory')), ''],
    ...FIGURES.map((f) => [
      f.label,
      ...latest.map((r) => figureText(r.figures[f.key], f.digits)),
      f.target,
    ]),
  ];
  return table(header, rows);
}

/** The growth table, or a line saying that growth needs two scales. */
export function growthTable(runs: readonly CurveRun[]): string {
  const steps = growthSteps(runs);
  if (steps.length === 0)
    return 'Growth per step needs a figure measured at two scales on the same dialect: none yet.';
  return table(
    ['figure', 'dialect', 'step', 'time ratio', 'data ratio', 'growth', `≤ ${GROWTH_TARGET}`],
    steps.map((s) => [
      s.label,
      s.dialect,
      `${s.from} → ${s.to}`,
      figureText(s.timeRatio, 2),
      figureText(s.dataRatio, 2),
      figureText(s.growth, 2),
      s.meets ? 'met' : '**not met**',
    ]),
  );
}

interface ChartPoint {
  readonly records: number;
  readonly seconds: number;
  readonly series: string;
  readonly reference: boolean;
}

/** Where the linear references end: the largest records measured, at least 10 × S's. */
function referenceEnd(latest: readonly CurveRun[], sRecords: number): number {
  return Math.max(sRecords * 10, ...latest.map((r) => r.records));
}

/** The chart's points: every timed series, and each one's linear reference from its S point. */
export function chartPoints(runs: readonly CurveRun[]): ChartPoint[] {
  const latest = latestRuns(runs);
  const points: ChartPoint[] = [];
  for (const s of timedSeries(runs)) {
    for (const p of s.points) {
      points.push({ records: p.records, seconds: p.seconds, series: s.name, reference: false });
      if (p.scale !== 'S') continue;
      const end = referenceEnd(latest, p.records);
      points.push({ records: p.records, seconds: p.seconds, series: s.name, reference: true });
      points.push({
        records: end,
        seconds: (p.seconds * end) / p.records,
        series: s.name,
        reference: true,
      });
    }
  }
  return points;
}

/** The vega-lite specification of the chart (log-log, one colour per series). */
export function curveSpec(runs: readonly CurveRun[]): vl.TopLevelSpec {
  const latest = latestRuns(runs);
  // One line per run: on one line the conditions of four runs made the chart twice as wide.
  const conditions = latest.map(
    (r) =>
      `${r.scale} ${r.dialect}: ${r.date.slice(0, 10)}, ${r.commit}, load ${r.loadAverage[0] ?? '?'}`,
  );
  const x = {
    field: 'records',
    type: 'quantitative' as const,
    scale: { type: 'log' as const },
    axis: { title: 'records (log scale)', format: '~s', grid: true },
  };
  const y = {
    field: 'seconds',
    type: 'quantitative' as const,
    scale: { type: 'log' as const },
    axis: { title: 'seconds (log scale)', format: '~g', grid: true },
  };
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: 'figure (dialect)',
    legend: { labelLimit: 320 },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Probity: time against records (issue 11, growth curve)',
      subtitle: [
        'solid: measured; dashed: linear growth from the S point (slope 1)',
        ...conditions,
      ],
    },
    width: 560,
    height: 380,
    data: { values: chartPoints(runs) as unknown as Record<string, unknown>[] },
    layer: [
      {
        transform: [{ filter: 'datum.reference' }],
        mark: { type: 'line', strokeDash: [4, 4], opacity: 0.6 },
        encoding: { x, y, color, detail: { field: 'series' } },
      },
      {
        transform: [{ filter: '!datum.reference' }],
        mark: { type: 'line', point: true },
        encoding: { x, y, color },
      },
    ],
  };
}

/** The chart as SVG text, rendered without a browser. */
export async function curveSvg(runs: readonly CurveRun[]): Promise<string> {
  const compiled = vl.compile(curveSpec(runs)).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** What goes between the markers: the conditions, the figures table and the growth table. */
export async function curveSection(runs: readonly CurveRun[], readmePath: string): Promise<string> {
  if (runs.length === 0) return 'No run yet: `npm run bench -- curve --scales S`.';
  const text = [
    `Generated by \`npm run bench -- curve --render\` from \`bench/curve-results.json\` (${runs.length} run${runs.length === 1 ? '' : 's'}; the newest of each scale and dialect is shown). Chart: [curve.svg](curve.svg).`,
    '',
    figuresTable(runs),
    '',
    `Growth per step (time ratio ÷ data ratio; 1 is linear, target ≤ ${GROWTH_TARGET}):`,
    '',
    growthTable(runs),
    '',
    '![time against records, log-log](curve.svg)',
  ].join('\n');
  return (await formatted(text, readmePath)).trimEnd();
}

/** `readme` with the text between the curve markers replaced (the markers kept). */
export function replaceBetweenMarkers(readme: string, content: string): string {
  const start = readme.indexOf(CURVE_START);
  const end = readme.indexOf(CURVE_END);
  if (start < 0 || end < start)
    throw new Error(`the README has no ${CURVE_START} … ${CURVE_END} markers`);
  return `${readme.slice(0, start + CURVE_START.length)}\n\n${content}\n\n${readme.slice(end)}`;
}

export interface CurvePaths {
  readonly results: string;
  readonly readme: string;
  readonly svg: string;
}

/** Redraws the README section and the chart from the results file. */
export async function renderCurve(paths: CurvePaths): Promise<{ runs: number; steps: number }> {
  const runs = readResults(paths.results);
  const readme = readFileSync(paths.readme, 'utf8');
  writeFileSync(
    paths.readme,
    replaceBetweenMarkers(readme, await curveSection(runs, paths.readme)),
  );
  writeFileSync(paths.svg, await curveSvg(runs));
  return { runs: runs.length, steps: growthSteps(runs).length };
}
