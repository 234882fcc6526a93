import { describe, expect, it } from 'vitest';
import { BEIJING_DISTRICTS, PROVINCES, provinceOf } from './region-codes.js';

describe('region codes', () => {
  it('lists the 34 province-level divisions of GB/T 2260, each once', () => {
    expect(PROVINCES).toHaveLength(34);
    expect(new Set(PROVINCES.map((p) => p.code)).size).toBe(34);
  });

  it("lists Beijing's 16 districts, all in Beijing", () => {
    expect(BEIJING_DISTRICTS).toHaveLength(16);
    for (const district of BEIJING_DISTRICTS) {
      expect(district.code).toMatch(/^\d{6}$/);
      expect(provinceOf(district.code)?.name).toBe('Beijing');
    }
  });

  it('finds the province a code starts with, and nothing for unused prefixes', () => {
    expect(provinceOf('440113')?.name).toBe('Guangdong');
    expect(provinceOf('820000')?.name).toBe('Macao');
    expect(provinceOf('990426')).toBeUndefined();
    expect(provinceOf('10')).toBeUndefined();
  });
});
