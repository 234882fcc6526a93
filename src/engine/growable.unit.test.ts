import { describe, expect, it } from 'vitest';
import { grown, nextCapacity, withHeadroom } from './growable.js';

describe('growable columns', () => {
  it('double while small, then grow by a quarter, always to at least what is needed', () => {
    expect(nextCapacity(0, 1)).toBe(16);
    expect(nextCapacity(16, 17)).toBe(32);
    expect(nextCapacity(1 << 19, (1 << 19) + 1)).toBe(1 << 20);
    expect(nextCapacity(1 << 20, (1 << 20) + 1)).toBe(1_310_720);
    // A city's record columns: 109 M reserved, the next record takes a quarter more, not double.
    expect(nextCapacity(109_000_000, 109_000_001)).toBe(136_250_000);
    for (const needed of [1, 1000, 3_000_001, 200_000_000]) {
      expect(nextCapacity(16, needed)).toBeGreaterThanOrEqual(needed);
    }
  });

  it('reserve an eighth more than the ledger holds, and copy a column into the larger one', () => {
    expect(withHeadroom(0)).toBe(0);
    expect(withHeadroom(8_000_000)).toBe(9_000_000);
    const column = grown(Float64Array.from([1, 2, 3]), 5, Number.NaN);
    expect([...column]).toEqual([1, 2, 3, Number.NaN, Number.NaN]);
  });
});
