import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyHash, SubjectKeyTable } from './subject-key-table.js';

/** An 18-character key for i, shaped like a resident identity number (not a valid one). */
const idLike = (i: number): string => `110105${String(i).padStart(12, '0')}`;

function filled(keys: readonly string[]): SubjectKeyTable {
  const table = new SubjectKeyTable();
  for (const key of keys) if (table.get(key) === undefined) table.add(key);
  return table;
}

describe('SubjectKeyTable', () => {
  it('gives ordinals in order of addition and finds each key again, and its key from it', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: 'binary', maxLength: 40 })), (keys) => {
        const table = filled(keys);
        expect(table.count).toBe(keys.length);
        keys.forEach((key, o) => {
          expect(table.get(key)).toBe(o);
          expect(table.keyOf(o)).toBe(key);
        });
      }),
    );
  });

  it('says undefined for a key never added and for an ordinal it has not given', () => {
    const table = filled(['110105199510020049', '91110000600037341L', '']);
    expect(table.get('110105199510020040')).toBeUndefined();
    expect(table.get('11010519951002004')).toBeUndefined(); // a prefix of a key
    expect(table.get('')).toBe(2);
    expect(table.keyOf(3)).toBeUndefined();
    expect(table.keyOf(-1)).toBeUndefined();
  });

  it('keeps keys longer than an argument list and outside Latin-1', () => {
    const long = 'x'.repeat(70_000);
    const table = filled(['北京市', long, '😀-subject']);
    expect(table.keyOf(0)).toBe('北京市');
    expect(table.keyOf(1)).toBe(long);
    expect(table.get('😀-subject')).toBe(2);
  });

  it('finds every key the same after reserving room and after many rehashes', () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => idLike(i * 7919));
    const grown = filled(keys);
    const reserved = new SubjectKeyTable();
    reserved.reserve(keys.length);
    for (const key of keys) reserved.add(key);
    for (let o = 0; o < keys.length; o += 97) {
      expect(grown.get(keys[o] as string)).toBe(o);
      expect(reserved.get(keys[o] as string)).toBe(o);
    }
    expect(reserved.get(idLike(1))).toBeUndefined();
  });

  it('spreads keys that differ in one character over the low bits of their hash', () => {
    const buckets = new Set(Array.from({ length: 4096 }, (_, i) => keyHash(idLike(i)) & 4095));
    expect(buckets.size).toBeGreaterThan(2048); // a random spread fills about 63 %
  });

  // The reason the table exists: a city has more subjects than one V8 Map holds (2^24), and the
  // Map throws past that. About 10 s and 1 GiB of typed arrays.
  it('holds more keys than a V8 Map can', () => {
    const limit = 2 ** 24;
    const n = limit + 1_000;
    const table = new SubjectKeyTable();
    table.reserve(n);
    for (let i = 0; i < n; i += 1) table.add(idLike(i));
    expect(table.count).toBe(n);
    for (const i of [0, 1, limit - 1, limit, n - 1]) {
      expect(table.get(idLike(i))).toBe(i);
      expect(table.keyOf(i)).toBe(idLike(i));
    }
    expect(table.get(idLike(n))).toBeUndefined();
  }, 60_000);
});
