// Builders for subjects' identifiers in tests: valid by construction, readable at the call site.
import { residentIdentityNumber, socialCreditCode } from '../../src/core/identifiers/index.js';

/** A Beijing (Chaoyang) resident born on the given date (YYYY-MM-DD); `n` keeps people apart. */
export function personId(birth: string, n = 1): string {
  const [year, month, day] = birth.split('-').map(Number) as [number, number, number];
  return residentIdentityNumber('110105', { year, month, day }, n % 1000);
}

/** A different adult for every k (born from 1960 on, one day apart). */
export function adultOf(k: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + k * 86_400_000).toISOString().slice(0, 10);
  return personId(birth, 1 + (k % 900));
}

/** A Beijing company registered with market regulation; `n` keeps companies apart. */
export function organizationId(n = 1): string {
  return socialCreditCode({
    authority: '9',
    entityType: '1',
    region: '110105',
    organization: `MA${String(n).padStart(6, '0')}`,
  });
}
