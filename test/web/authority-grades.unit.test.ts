// The order the authority dashboard shows grades in (web/src/authority/grades.ts): best first by
// letter and then by how many, not alphabetically; `-` (not scorable) last.
import { describe, expect, it } from 'vitest';
import { byGrade } from '../../web/src/authority/grades.js';

describe('the authority dashboard’s grade order', () => {
  it('puts AAA before AA before A, then B, C and D, and not scorable last', () => {
    expect(['-', 'A', 'AA', 'AAA', 'B', 'C', 'D'].sort(byGrade)).toEqual([
      'AAA',
      'AA',
      'A',
      'B',
      'C',
      'D',
      '-',
    ]);
    expect(['D', '-', 'B', 'AAA'].sort(byGrade)).toEqual(['AAA', 'B', 'D', '-']);
  });
});
