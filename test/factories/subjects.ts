// Builders for subjects' identifiers in tests: valid by construction, readable at the call site.
import { residentIdentityNumber, socialCreditCode } from '../../src/core/identifiers/index.js';

/** A Beijing (Chaoyang) resident born on the given date (YYYY-MM-DD); `n` keeps people apart. */
export function personId(birth: string, n = 1): string {
  const [year, month, day] = birth.split('-').map(Number) as [number, number, number];
  return residentIdentityNumber('110105', { year, month, day }, n % 1000);
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
