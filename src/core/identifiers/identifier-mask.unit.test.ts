import { describe, expect, it } from 'vitest';
import { utcDate } from '../time/instant.js';
import { checkIdentifier } from './identifier-check.js';
import { maskIdentifier } from './identifier-mask.js';
import { residentIdentityNumber } from './resident-identity-number.js';

const TODAY = utcDate(2025, 6, 1)!;

describe('maskIdentifier', () => {
  it("hides a person's birth date and keeps region, sequence and check character", () => {
    expect(maskIdentifier('110105199001014118')).toBe('110105********4118');
    expect(maskIdentifier('34052419800101001X')).toBe('340524********001X');
  });

  it('keeps namesakes from the same district distinguishable once their birth dates are hidden', () => {
    const one = residentIdentityNumber('110105', { year: 1990, month: 1, day: 1 }, 411);
    const other = residentIdentityNumber('110105', { year: 1985, month: 5, day: 5 }, 413);
    expect(maskIdentifier(one)).not.toBe(maskIdentifier(other));
  });

  it('masks what checkIdentifier returns for a legacy number', () => {
    const checked = checkIdentifier('110105900101411', TODAY);
    expect(checked.valid && maskIdentifier(checked.normalized)).toBe('110105********4118');
  });

  it("publishes an organisation's code as is", () => {
    expect(maskIdentifier('91110000600037341L')).toBe('91110000600037341L');
    expect(maskIdentifier('911522010783710635')).toBe('911522010783710635');
  });

  it('masks a number that is both a valid person number and a valid organisation code', () => {
    expect(maskIdentifier('111101199001010868')).toBe('111101********0868');
  });

  it('errs towards privacy with text that is not a known identifier', () => {
    expect(maskIdentifier('110105900101411')).toBe('110105******411');
    expect(maskIdentifier('360426199101010072')).toBe('360426********0072');
    expect(maskIdentifier('not an id')).toBe('*********');
  });
});
