import { describe, expect, it } from 'vitest';
import { instant } from '../../core/time/instant.js';
import { entryTerms, parseSearchQuery } from './publication-search-terms.js';

const TODAY = instant(Date.UTC(2026, 11, 1));

describe('the terms a published entry is found by', () => {
  it('holds a person’s masked identifier and its visible tail, and every word start of a name, each Chinese character starting one', () => {
    expect(entryTerms({ subject: '110105********101x', name: '张三丰' }).sort()).toEqual(
      ['i:110105********101X', 'i:101X', 'n:张三丰', 'n:三丰', 'n:丰'].sort(),
    );
    expect(
      entryTerms({ subject: '91110105MA0000773B', name: '  Harbour  Logistics, Co ' }),
    ).toEqual(['i:91110105MA0000773B', 'n:harbour logistics, co', 'n:logistics, co', 'n:co']);
    expect(entryTerms({ subject: '110105********1011', name: null })).toHaveLength(2);
  });

  it('keeps at most 32 name terms however long the name', () => {
    const terms = entryTerms({ subject: 'X', name: '张'.repeat(200) });
    expect(terms.filter((t) => t.startsWith('n:'))).toHaveLength(32);
  });
});

describe('reading a search query', () => {
  it('masks a full identifier as publications do, never keeping the hidden digits', () => {
    const full = '11010519830409101X';
    expect(parseSearchQuery(` ${full.toLowerCase()} `, TODAY)).toEqual({
      kind: 'identifier',
      exact: 'i:110105********101X',
      text: '110105********101X',
    });
  });

  it('takes a shorter identifier, or one with its mask typed, as a prefix', () => {
    expect(parseSearchQuery('101x', TODAY)).toEqual({
      kind: 'identifier',
      prefix: 'i:101X',
      text: '101X',
    });
    expect(parseSearchQuery('110105********101X', TODAY)).toMatchObject({
      prefix: 'i:110105********101X',
    });
  });

  it('reads a query without a digit or * as a name', () => {
    expect(parseSearchQuery('ＨＡＲＢＯＵＲ   Log', TODAY)).toEqual({
      kind: 'name',
      prefix: 'n:harbour log',
      text: 'harbour log',
    });
  });

  it('refuses a query too short, too long or of characters no identifier holds', () => {
    expect(parseSearchQuery('张', TODAY)).toEqual({ problem: 'short', kind: 'name', min: 2 });
    expect(parseSearchQuery('110', TODAY)).toEqual({
      problem: 'short',
      kind: 'identifier',
      min: 4,
    });
    expect(parseSearchQuery('x'.repeat(65), TODAY)).toEqual({ problem: 'long', max: 64 });
    expect(parseSearchQuery('12-34', TODAY)).toEqual({ problem: 'characters' });
  });
});
