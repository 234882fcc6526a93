import { describe, expect, it } from 'vitest';
import { formatDate, utcDate } from '../time/instant.js';
import {
  checkResidentIdentityNumber,
  fromLegacyResidentIdentityNumber,
  residentIdentityCheckCharacter,
  residentIdentityNumber,
} from './resident-identity-number.js';

const TODAY = utcDate(2025, 6, 1)!;

describe('resident identity numbers', () => {
  it('computes the MOD 11-2 check character of published numbers', () => {
    // 360426199101010071: python-stdnum stdnum/cn/ric.py; 34052419800101001X: a published GB 11643 example.
    expect(residentIdentityCheckCharacter('36042619910101007')).toBe('1');
    expect(residentIdentityCheckCharacter('34052419800101001')).toBe('X');
  });

  it('reads the birth date and the sex from the number', () => {
    const checked = checkResidentIdentityNumber('360426199101010071', TODAY);
    expect(checked.valid && formatDate(checked.birthDate)).toBe('1991-01-01');
    expect(checked.valid && checked.sex).toBe('male');
    const woman = residentIdentityNumber('110105', { year: 1990, month: 1, day: 1 }, 412);
    const checkedWoman = checkResidentIdentityNumber(woman, TODAY);
    expect(checkedWoman.valid && checkedWoman.sex).toBe('female');
  });

  it('converts a 15-digit 1989 number to its 18-character form in the 1900s', () => {
    const converted = fromLegacyResidentIdentityNumber('110105900101411');
    expect(converted).toBe(residentIdentityNumber('110105', { year: 1990, month: 1, day: 1 }, 411));
    const checked = checkResidentIdentityNumber('110105900101411', TODAY);
    expect(checked.valid && checked.normalized).toBe(converted);
    expect(checked.valid && formatDate(checked.birthDate)).toBe('1990-01-01');
  });

  it('accepts 29 February in a leap year and rejects it in other years', () => {
    const leap = residentIdentityNumber('110108', { year: 2000, month: 2, day: 29 }, 1);
    expect(checkResidentIdentityNumber(leap, TODAY).valid).toBe(true);
    // 1900 is not a leap year (divisible by 100, not by 400): only reachable in the 1989 form
    // or by hand, since the constructor refuses dates that do not exist.
    const body = '11010819000229001';
    const notLeap = checkResidentIdentityNumber(body + residentIdentityCheckCharacter(body), TODAY);
    expect(notLeap).toMatchObject({ valid: false, reason: 'date' });
    expect(checkResidentIdentityNumber('110108000229001', TODAY)).toMatchObject({
      valid: false,
      reason: 'date',
    });
    expect(() => residentIdentityNumber('110108', { year: 2001, month: 2, day: 29 }, 1)).toThrow(
      /does not exist/,
    );
  });

  it('rejects a birth date after today, with a day of grace for Beijing time', () => {
    const born = (day: number): string =>
      residentIdentityNumber('110101', { year: 2025, month: 6, day }, 7);
    expect(checkResidentIdentityNumber(born(1), TODAY).valid).toBe(true);
    expect(checkResidentIdentityNumber(born(2), TODAY).valid).toBe(true);
    expect(checkResidentIdentityNumber(born(3), TODAY)).toEqual({
      valid: false,
      reason: 'date',
      message: 'the birth date 2025-06-03 is after today (2025-06-01)',
    });
  });

  it('rejects a birth date before 1900', () => {
    const body = '11010118991231001';
    expect(
      checkResidentIdentityNumber(body + residentIdentityCheckCharacter(body), TODAY),
    ).toMatchObject({ valid: false, reason: 'date' });
  });

  it('says which check character was expected', () => {
    expect(checkResidentIdentityNumber('360426199101010072', TODAY)).toEqual({
      valid: false,
      reason: 'checksum',
      message: 'the check character should be 1, not 2',
    });
  });

  it('names the first character that is not allowed', () => {
    expect(checkResidentIdentityNumber('3604261991O1010071', TODAY)).toMatchObject({
      valid: false,
      reason: 'charset',
      message: expect.stringContaining('character 11 ("O")') as unknown,
    });
    expect(checkResidentIdentityNumber('11010590010141X', TODAY)).toMatchObject({
      reason: 'charset',
    });
  });

  it('refuses to build a number from parts that cannot occur', () => {
    expect(() => residentIdentityNumber('990101', { year: 1990, month: 1, day: 1 }, 1)).toThrow();
    expect(() => residentIdentityNumber('11010', { year: 1990, month: 1, day: 1 }, 1)).toThrow();
    expect(() => residentIdentityNumber('110101', { year: 1899, month: 1, day: 1 }, 1)).toThrow();
    expect(() =>
      residentIdentityNumber('110101', { year: 1990, month: 1, day: 1 }, 1000),
    ).toThrow();
    expect(() => residentIdentityNumber('110101', { year: 1990, month: 1, day: 1 }, 1.5)).toThrow();
  });
});
