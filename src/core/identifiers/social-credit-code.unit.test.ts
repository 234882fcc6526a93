import { describe, expect, it } from 'vitest';
import {
  checkSocialCreditCode,
  hasValidOrganizationCode,
  organizationCodeCheckCharacter,
  socialCreditCheckCharacter,
  socialCreditCode,
} from './social-credit-code.js';

describe('unified social credit codes', () => {
  it('computes the MOD 31 check character of the published vector', () => {
    // python-stdnum stdnum/cn/uscc.py doctest; koblas/stdnum-js src/cn/uscc.spec.ts.
    expect(socialCreditCheckCharacter('91110000600037341')).toBe('L');
  });

  it('computes the GB 11714 check character of the inner organisation code', () => {
    // 60003734 -> 1 (a published GB 11714 example); MA1K3BTP -> 2 from 91310115MA1K3BTP2B (python-stdnum).
    expect(organizationCodeCheckCharacter('60003734')).toBe('1');
    expect(organizationCodeCheckCharacter('MA1K3BTP')).toBe('2');
    expect(hasValidOrganizationCode('91110000600037341L')).toBe(true);
    expect(hasValidOrganizationCode('91110000600037351L')).toBe(false);
  });

  it('accepts a code whose inner organisation code fails its own check', () => {
    // The inner check is advisory (see social-credit-code.ts): only the outer check decides.
    const code = socialCreditCode('91110000600037350');
    expect(hasValidOrganizationCode(code)).toBe(false);
    expect(checkSocialCreditCode(code).valid).toBe(true);
  });

  it('accepts codes registered at national level under region 100000', () => {
    const code = socialCreditCode('11100000000013127');
    expect(checkSocialCreditCode(code).valid).toBe(true);
  });

  it('builds codes from parts whose inner organisation code is valid too', () => {
    const code = socialCreditCode({
      authority: '9',
      entityType: '1',
      region: '110105',
      organization: 'MA00AB12',
    });
    expect(code).toBe('91110105MA00AB1240');
    expect(hasValidOrganizationCode(code)).toBe(true);
    expect(checkSocialCreditCode(code).valid).toBe(true);
  });

  it('refuses to build a code from parts that cannot occur', () => {
    expect(() => socialCreditCode('9111000060003734')).toThrow(/17 characters/);
    expect(() => socialCreditCode('9111000060003734I')).toThrow(/alphabet/);
    expect(() => socialCreditCode('911100A0600037341')).toThrow();
    expect(() => socialCreditCode('91990000600037341')).toThrow(/province/);
  });

  it('says why characters are not allowed', () => {
    expect(checkSocialCreditCode('9111000060003IOZSV')).toMatchObject({
      reason: 'charset',
      message: expect.stringContaining('character 14 ("I")') as unknown,
    });
    expect(checkSocialCreditCode('911100A0600037341L')).toMatchObject({
      reason: 'charset',
      message: expect.stringContaining('should be a digit') as unknown,
    });
  });
});
