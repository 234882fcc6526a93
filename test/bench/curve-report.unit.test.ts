// The growth curve's writer (bench/curve-report.ts): from a results file it gives the README's
// table, the growth per step against the 1.2 target, and a log-log SVG chart with the linear
// references, and it replaces only the text between the README's markers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chartPoints,
  CURVE_END,
  CURVE_START,
  curveSvg,
  figuresTable,
  growthSteps,
  growthTable,
  latestRuns,
  renderCurve,
  replaceBetweenMarkers,
} from '../../bench/curve-report.js';
import { CURVE_FIXTURE } from './curve-fixture.js';

/** The cells of the markdown table row whose first cell is `first`. */
function row(table: string, first: string): string[] {
  const line = table.split('\n').find((l) => l.startsWith(`| ${first} |`));
  if (line === undefined) throw new Error(`no row "${first}" in:\n${table}`);
  return line
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim());
}

/** The x (or y) position of each axis label of the SVG, by its text. */
function labelPositions(svg: string, axis: 'x' | 'y'): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of svg.matchAll(
    /<text[^>]*transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*>([^<]+)<\/text>/g,
  )) {
    out.set(m[3] ?? '', Number(axis === 'x' ? m[1] : m[2]));
  }
  return out;
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the growth curve writer', () => {
  it('keeps the newest run of each scale and dialect, in scale then dialect order', () => {
    const latest = latestRuns(CURVE_FIXTURE);
    expect(latest.map((r) => `${r.scale}/${r.dialect}/${r.commit}`)).toEqual([
      'S/sqlite/bbbbbbb',
      'S/postgres/bbbbbbb',
      'M/sqlite/ccccccc',
    ]);
  });

  it('writes one table column per scale and dialect with the conditions and every figure', () => {
    const table = figuresTable(CURVE_FIXTURE);
    expect(row(table, 'figure')).toEqual([
      'figure',
      'S, sqlite',
      'S, postgres',
      'M, sqlite',
      'target S / M / L',
    ]);
    expect(row(table, 'records').slice(1, 4)).toEqual(['500 000', '500 000', '5 000 000']);
    expect(row(table, 'commit').slice(1, 4)).toEqual(['bbbbbbb', 'bbbbbbb', 'ccccccc']);
    expect(row(table, 'load average (1 min)').slice(1, 4)).toEqual(['2.5', '3.0', '1.0']);
    expect(row(table, 'import, records/s').slice(1, 4)).toEqual(['50 000', '40 000', '40 000']);
    expect(row(table, 'ready cold, s').slice(1, 5)).toEqual([
      '2.00',
      '3.00',
      '30.00',
      '≤ 2 / 15 / 240',
    ]);
    // The engine's figures are measured once per scale: absent from the PostgreSQL column.
    expect(row(table, 'rescoring, s').slice(1, 4)).toEqual(['0.100', '—', '0.900']);
    expect(row(table, 'server RSS peak, MiB').slice(1, 4)).toEqual(['450', '470', '1 400']);
    // The older S run (commit aaaaaaa, 99 s) is not shown.
    expect(table).not.toContain('aaaaaaa');
  });

  it('computes the growth per step as the time ratio over the data ratio, against 1.2', () => {
    const steps = growthSteps(CURVE_FIXTURE);
    const of = (figure: string, dialect: string) => {
      const step = steps.find((s) => s.figure === figure && s.dialect === dialect);
      if (step === undefined) throw new Error(`no step for ${figure} ${dialect}`);
      return step;
    };
    const cold = of('coldStartSeconds', 'sqlite');
    expect([cold.from, cold.to]).toEqual(['S', 'M']);
    expect(cold.timeRatio).toBeCloseTo(15, 9);
    expect(cold.dataRatio).toBeCloseTo(10, 9);
    expect(cold.growth).toBeCloseTo(1.5, 9);
    expect(cold.meets).toBe(false);
    expect(of('rescoringSeconds', 'engine').growth).toBeCloseTo(0.9, 9);
    expect(of('rescoringSeconds', 'engine').meets).toBe(true);
    expect(of('simulateSeconds', 'engine').meets).toBe(true); // exactly 1.2
    // PostgreSQL was measured at S only: no step; rates and memory have none either.
    expect(steps.filter((s) => s.dialect === 'postgres')).toEqual([]);
    expect(steps.map((s) => s.figure)).not.toContain('importRecordsPerSecond');
    expect(steps.map((s) => s.figure)).not.toContain('peakRssMiB');

    const table = growthTable(CURVE_FIXTURE);
    expect(row(table, 'ready cold, s')).toEqual([
      'ready cold, s',
      'sqlite',
      'S → M',
      '15.00',
      '10.00',
      '1.50',
      '**not met**',
    ]);
    expect(row(table, 'rescoring, s').slice(1)).toEqual([
      'engine',
      'S → M',
      '9.00',
      '10.00',
      '0.90',
      'met',
    ]);
  });

  it('says that growth needs two scales when only one was measured', () => {
    const onlyS = CURVE_FIXTURE.filter((r) => r.scale === 'S');
    expect(growthSteps(onlyS)).toEqual([]);
    expect(growthTable(onlyS)).toMatch(/needs a figure measured at two scales/);
  });

  it('draws each series with a linear reference of slope 1 from its S point', () => {
    const references = chartPoints(CURVE_FIXTURE).filter(
      (p) => p.reference && p.series === 'ready cold (sqlite)',
    );
    expect(references).toHaveLength(2);
    const [from, to] = references;
    expect(from).toMatchObject({ records: 500_000, seconds: 2 });
    expect(to).toMatchObject({ records: 5_000_000, seconds: 20 });
  });

  it('renders an SVG whose both axes are logarithmic, with every series in the legend', async () => {
    const svg = await curveSvg(CURVE_FIXTURE);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('records (log scale)');
    expect(svg).toContain('seconds (log scale)');
    for (const series of [
      'import (sqlite)',
      'import (postgres)',
      'ready cold (sqlite)',
      'ready from a snapshot (postgres)',
      'rescoring (engine)',
      'simulate (engine)',
    ])
      expect(svg).toContain(`>${series}<`);
    expect(svg).toContain('stroke-dasharray="4,4"');
    // Log axes: each decade takes the same length (100k → 1M as 1M → 10M; 0.1 → 1 as 1 → 10).
    const x = labelPositions(svg, 'x');
    const decadeX = (x.get('1M') ?? NaN) - (x.get('100k') ?? NaN);
    expect(decadeX).toBeGreaterThan(10);
    expect((x.get('10M') ?? NaN) - (x.get('1M') ?? NaN)).toBeCloseTo(decadeX, 3);
    const y = labelPositions(svg, 'y');
    const decadeY = (y.get('0.1') ?? NaN) - (y.get('1') ?? NaN);
    expect(decadeY).toBeGreaterThan(10);
    expect((y.get('1') ?? NaN) - (y.get('10') ?? NaN)).toBeCloseTo(decadeY, 3);
  });

  it('replaces only the text between the markers, keeping the markers', () => {
    const readme = `# T\n\nbefore\n\n${CURVE_START}\nold\n${CURVE_END}\n\nafter\n`;
    const next = replaceBetweenMarkers(readme, 'new');
    expect(next).toBe(`# T\n\nbefore\n\n${CURVE_START}\n\nnew\n\n${CURVE_END}\n\nafter\n`);
    expect(replaceBetweenMarkers(next, 'new')).toBe(next);
    expect(() => replaceBetweenMarkers('# no markers', 'x')).toThrow(/markers/);
  });

  it('redraws the README section and the chart from a results file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'probity-curve-'));
    dirs.push(dir);
    const paths = {
      results: join(dir, 'curve-results.json'),
      readme: join(dir, 'README.md'),
      svg: join(dir, 'curve.svg'),
    };
    writeFileSync(paths.results, JSON.stringify(CURVE_FIXTURE));
    writeFileSync(paths.readme, `# Benchmarks\n\n${CURVE_START}\n${CURVE_END}\n\n## next\n`);
    expect(await renderCurve(paths)).toEqual({ runs: 4, steps: 6 });
    const readme = readFileSync(paths.readme, 'utf8');
    const section = readme.slice(readme.indexOf(CURVE_START), readme.indexOf(CURVE_END));
    expect(section).toMatch(/\| ready cold, s +\| 2\.00 +\| 3\.00 +\| 30\.00 +\|/);
    expect(section).toMatch(/\| ready cold, s +\| sqlite +\| S → M .*\*\*not met\*\* +\|/);
    expect(section).toContain('![time against records, log-log](curve.svg)');
    expect(readme.endsWith('## next\n')).toBe(true);
    expect(readFileSync(paths.svg, 'utf8')).toContain('records (log scale)');
  });
});
