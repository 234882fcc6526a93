import { describe, expect, it } from 'vitest';
import { Random, WeightedTable, hashUnit } from './random.js';

describe('Random', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: number): number[] => {
      const r = new Random(seed);
      return Array.from({ length: 8 }, () => r.uint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('draws floats in [0, 1) with a mean near one half', () => {
    const r = new Random(1);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 100_000; i += 1) {
      const u = r.float();
      if (!(u >= 0 && u < 1)) outside += 1;
      sum += u;
    }
    expect(outside).toBe(0);
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
  });

  it('draws Poisson counts with the requested mean', () => {
    const r = new Random(2);
    for (const lambda of [0.05, 1, 7.5]) {
      let sum = 0;
      for (let i = 0; i < 50_000; i += 1) sum += r.poisson(lambda);
      expect(Math.abs(sum / 50_000 - lambda)).toBeLessThan(0.05 * lambda + 0.01);
    }
  });

  it('forks into independent generators, the same for the same label', () => {
    const a = new Random(9).fork(1);
    const b = new Random(9).fork(1);
    const c = new Random(9).fork(2);
    expect(a.uint32()).toBe(b.uint32());
    expect(new Random(9).fork(1).uint32()).not.toBe(c.uint32());
  });
});

describe('WeightedTable', () => {
  it('draws indices in proportion to their weights and never one of weight zero', () => {
    const table = new WeightedTable([1, 0, 3]);
    const r = new Random(3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 40_000; i += 1) counts[table.draw(r)]! += 1;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.8);
    expect(counts[2]! / counts[0]!).toBeLessThan(3.2);
  });

  it('rejects a table without positive weight', () => {
    expect(() => new WeightedTable([])).toThrow(RangeError);
    expect(() => new WeightedTable([0, 0])).toThrow(RangeError);
  });
});

describe('hashUnit', () => {
  it('is a pure function of seed and index, in [0, 1)', () => {
    expect(hashUnit(123, 4)).toBe(hashUnit(123, 4));
    expect(hashUnit(123, 4)).not.toBe(hashUnit(123, 5));
    for (let k = 0; k < 1000; k += 1) {
      const u = hashUnit(k * 7919, k);
      expect(u >= 0 && u < 1).toBe(true);
    }
  });
});
