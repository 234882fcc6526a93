// Whole-number value axes for charts of counts (issue 13): Chart.js picks "nice" ticks, so a chart
// of a few records, checks or subjects shows 0.1, 0.2 … 1.0 on its value axis, which no count can
// be. A chart whose every value is a whole number (a count) gets `ticks: { precision: 0 }` on its
// value axis (y, or x for a horizontal bar chart); a chart with any fractional value (a rate, a
// share) keeps its ticks, and so does a chart that says `counts: false` (a score) or sets its own
// precision. No Chart.js import here: only its types, so the module stays out of the lazy chunk.
import type { ChartConfiguration } from 'chart.js';

type Config = ChartConfiguration<'bar' | 'line'>;

/** True when every value of every dataset is a whole number (null gaps aside). */
export function allWholeNumbers(config: Config): boolean {
  return config.data.datasets.every((set) =>
    (set.data as readonly unknown[]).every(
      (v) => v === null || v === undefined || (typeof v === 'number' && Number.isInteger(v)),
    ),
  );
}

/**
 * The config with whole-number ticks on its value axis when it charts counts: `counts` true, or
 * left out and every value whole. The axis's other settings (stacked, min, max) are kept.
 */
export function withCountAxis(config: Config, counts?: boolean): Config {
  if (!(counts ?? allWholeNumbers(config))) return config;
  const options = config.options ?? {};
  const axis = options.indexAxis === 'y' ? 'x' : 'y';
  const scales = (options.scales ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const scale = scales[axis] ?? {};
  const ticks = (scale.ticks ?? {}) as Record<string, unknown>;
  if (ticks.precision !== undefined) return config;
  return {
    ...config,
    options: {
      ...options,
      scales: { ...scales, [axis]: { ...scale, ticks: { ...ticks, precision: 0 } } },
    },
  };
}
