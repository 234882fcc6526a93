import { describe, expect, it } from 'vitest';
import { instant } from '../time/instant.js';
import {
  ageAt,
  ageBandOf,
  districtOf,
  isPersonKey,
  personAttributes,
  sexOf,
} from './identifier-attributes.js';
import { residentIdentityNumber } from './resident-identity-number.js';
import { socialCreditCode } from './social-credit-code.js';

const at = (text: string) => instant(Date.parse(text));

describe('attributes read from a resident identity number', () => {
  it('reads the district from the six-digit division code, with its names in both languages', () => {
    const haidian = residentIdentityNumber('110108', { year: 1990, month: 1, day: 1 }, 11);
    expect(districtOf(haidian)).toEqual({ code: '110108', name: 'Haidian', nameZh: '海淀区' });
  });

  it('groups codes that are not a Beijing district as other', () => {
    const guangzhou = residentIdentityNumber('440106', { year: 1990, month: 1, day: 1 }, 11);
    const beijingCity = residentIdentityNumber('110100', { year: 1990, month: 1, day: 1 }, 11);
    expect(districtOf(guangzhou).code).toBe('other');
    expect(districtOf(beijingCity).code).toBe('other');
  });

  it('reads the sex from the parity of the 17th digit: odd male, even female', () => {
    const birth = { year: 1985, month: 6, day: 15 };
    expect(sexOf(residentIdentityNumber('110105', birth, 1))).toBe('male');
    expect(sexOf(residentIdentityNumber('110105', birth, 19))).toBe('male');
    expect(sexOf(residentIdentityNumber('110105', birth, 2))).toBe('female');
    expect(sexOf(residentIdentityNumber('110105', birth, 120))).toBe('female');
  });

  it('counts the age in completed years: the birthday counts from its first instant', () => {
    const birth = at('1990-06-15T00:00:00Z');
    expect(ageAt(birth, at('2015-06-14T23:59:59.999Z'))).toBe(24);
    expect(ageAt(birth, at('2015-06-15T00:00:00Z'))).toBe(25);
    expect(ageAt(birth, at('2015-12-31T00:00:00Z'))).toBe(25);
  });

  it('gives someone born on 29 February their birthday on 28 February in other years', () => {
    const birth = at('2000-02-29T00:00:00Z');
    expect(ageAt(birth, at('2018-02-27T23:59:59Z'))).toBe(17);
    expect(ageAt(birth, at('2018-02-28T00:00:00Z'))).toBe(18);
    expect(ageAt(birth, at('2020-02-28T12:00:00Z'))).toBe(19);
    expect(ageAt(birth, at('2020-02-29T00:00:00Z'))).toBe(20);
  });

  it('puts ages into the bands 18-24, 25-34, 35-44, 45-54, 55-64 and 65+ (minors apart)', () => {
    expect([17, 18, 24, 25, 34, 35, 44, 45, 54, 55, 64, 65, 99].map(ageBandOf)).toEqual([
      'under-18',
      '18-24',
      '18-24',
      '25-34',
      '25-34',
      '35-44',
      '35-44',
      '45-54',
      '45-54',
      '55-64',
      '55-64',
      '65+',
      '65+',
    ]);
  });

  it('moves a person into the next band on the birthday itself, not the day before', () => {
    const key = residentIdentityNumber('110101', { year: 2001, month: 3, day: 1 }, 7);
    expect(personAttributes(key, at('2026-02-28T23:59:59Z'))).toEqual({
      district: '110101',
      ageBand: '18-24',
      sex: 'male',
    });
    expect(personAttributes(key, at('2026-03-01T00:00:00Z'))?.ageBand).toBe('25-34');
  });

  it('gives an organisation no attributes: its code says nothing of a district, age or sex', () => {
    const company = socialCreditCode({
      authority: '9',
      entityType: '1',
      region: '110105',
      organization: 'MA000001',
    });
    expect(isPersonKey(company)).toBe(false);
    expect(personAttributes(company, at('2026-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('takes a number whose check character is wrong for no person', () => {
    const key = residentIdentityNumber('110105', { year: 1990, month: 1, day: 1 }, 5);
    const wrong = key.slice(0, 17) + (key.endsWith('0') ? '1' : '0');
    expect(isPersonKey(key)).toBe(true);
    expect(isPersonKey(wrong)).toBe(false);
  });
});
