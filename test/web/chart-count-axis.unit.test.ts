// The value axis of a chart of counts shows whole numbers only (web/src/charts/count-axis.ts):
// whole-number values get `ticks.precision: 0` on the value axis (x for a horizontal bar chart),
// while rates, scores and a chart's own precision are left as they are.
import type { ChartConfiguration } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { allWholeNumbers, withCountAxis } from '../../web/src/charts/count-axis.js';

function bar(
  data: (number | null)[],
  options?: ChartConfiguration<'bar'>['options'],
): ChartConfiguration<'bar' | 'line'> {
  return {
    type: 'bar',
    data: { labels: data.map(String), datasets: [{ label: 'n', data }] },
    ...(options === undefined ? {} : { options }),
  } as ChartConfiguration<'bar' | 'line'>;
}

describe('the value axis of a chart of counts', () => {
  it('shows whole numbers when every value is a count, keeping the axis’s other settings', () => {
    expect(allWholeNumbers(bar([0, 1, null, 3]))).toBe(true);
    expect(withCountAxis(bar([0, 1]))?.options?.scales?.y?.ticks).toEqual({ precision: 0 });
    const stacked = withCountAxis(
      bar([1, 2], { scales: { x: { stacked: true }, y: { stacked: true } } }),
    );
    expect(stacked.options?.scales?.y).toEqual({ stacked: true, ticks: { precision: 0 } });
    expect(stacked.options?.scales?.x).toEqual({ stacked: true });
  });

  it('puts the whole numbers on the x axis of a horizontal bar chart', () => {
    const horizontal = withCountAxis(bar([2, 5], { indexAxis: 'y' }));
    expect(horizontal.options?.scales?.x?.ticks).toEqual({ precision: 0 });
    expect(horizontal.options?.scales?.y).toBeUndefined();
  });

  it('leaves rates, a chart said not to be of counts (a score) and a chart’s own precision as they are', () => {
    const rates = bar([12.5, 40]);
    expect(allWholeNumbers(rates)).toBe(false);
    expect(withCountAxis(rates)).toBe(rates);
    const score = bar([950, 1000]);
    expect(withCountAxis(score, false)).toBe(score);
    const own = bar([1, 2], { scales: { y: { ticks: { precision: 2 } } } });
    expect(withCountAxis(own)).toBe(own);
    expect(withCountAxis(bar([0.5]), true).options?.scales?.y?.ticks).toEqual({ precision: 0 });
  });
});
