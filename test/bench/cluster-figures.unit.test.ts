// The cluster bench's pure figures (bench/cluster.bench.ts): a quantile by nearest rank, the
// failover's recovery (from the kill to the first quiet second) and CPU seconds from /proc ticks.
import { describe, expect, it } from 'vitest';
import { cpuSeconds, medianRun, quantile, recoveryMs } from '../../bench/cluster.bench.js';

describe('the cluster bench figures', () => {
  it('takes a quantile by nearest rank, whatever the order of the values', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(quantile(values, 0.5)).toBe(5);
    expect(quantile(values, 0.99)).toBe(10);
    expect(quantile(values, 0)).toBe(1);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('finds the run at the median, to quote the CPU of that run', () => {
    expect(medianRun([837, 1_176, 2_247])).toBe(1);
    expect(medianRun([2_247, 837, 1_176])).toBe(2);
    expect(medianRun([5])).toBe(0);
  });

  it('gives a recovery of 0 when no failure follows the kill within the quiet time', () => {
    expect(recoveryMs([], 3_000, 1_000)).toBe(0);
    expect(recoveryMs([100, 2_999], 3_000, 1_000)).toBe(0);
    expect(recoveryMs([4_000], 3_000, 1_000)).toBe(0);
  });

  it('ends the recovery at the last failure before the first quiet second', () => {
    // Failures 3.1 s, 3.5 s and 4.2 s after a kill at 3 s, then one 6 s later: quiet from 4.2 s.
    expect(recoveryMs([3_500, 3_100, 4_200, 9_000], 3_000, 1_000)).toBe(1_200);
  });

  it('turns clock ticks into CPU seconds for each part', () => {
    const before = { servers: [100, 200], balancer: 10, postgres: 50, bench: 1_000_000 };
    const after = { servers: [350, 200], balancer: 60, postgres: 150, bench: 2_500_000 };
    expect(cpuSeconds(before, after, 100)).toEqual({
      servers: [2.5, 0],
      balancer: 0.5,
      postgres: 1,
      bench: 1.5,
    });
  });
});
