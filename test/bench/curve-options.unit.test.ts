// `npm run bench -- curve`'s own flags: the scales and dialects asked, the runs, and --render.
import { describe, expect, it } from 'vitest';
import { curveOptions } from '../../bench/curve.bench.js';

const URL = 'postgres://probity:probity@127.0.0.1:5432/bench';

describe('the curve bench flags', () => {
  it('measure S and M on SQLite by default, and on PostgreSQL too when a server is named', () => {
    expect(curveOptions(['curve'])).toEqual({
      scales: ['S', 'M'],
      dialects: ['sqlite'],
      runs: undefined,
      render: false,
      streamed: false,
    });
    expect(curveOptions(['curve'], URL).dialects).toEqual(['sqlite', 'postgres']);
  });

  it('read the scales, dialects, runs, --render and --streamed asked', () => {
    expect(
      curveOptions(
        [
          'curve',
          '--scales',
          's,L',
          '--dialects',
          'postgres',
          '--runs',
          '2',
          '--render',
          '--streamed',
        ],
        URL,
      ),
    ).toEqual({
      scales: ['S', 'L'],
      dialects: ['postgres'],
      runs: 2,
      render: true,
      streamed: true,
    });
  });

  it('refuse an unknown scale or dialect, PostgreSQL without a server, and a bad run count', () => {
    expect(() => curveOptions(['curve', '--scales', 'S,XL'])).toThrow(/--scales: "XL"/);
    expect(() => curveOptions(['curve', '--dialects', 'mysql'])).toThrow(/--dialects: "mysql"/);
    expect(() => curveOptions(['curve', '--dialects', 'postgres'])).toThrow(
      /PROBITY_BENCH_DATABASE_URL/,
    );
    expect(() => curveOptions(['curve', '--runs', '0'])).toThrow(/--runs/);
    expect(() => curveOptions(['curve', '--runs', '1.5'])).toThrow(/--runs/);
  });
});
