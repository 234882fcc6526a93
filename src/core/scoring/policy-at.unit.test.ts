// policyAt: the version with the latest effectiveFrom ≤ t (policy.md, "Semantics at an instant t").
import { describe, expect, it } from 'vitest';
import { after, aPolicy, at, before } from '../../../test/factories/scoring.js';
import type { Instant } from '../time/instant.js';
import { policyAt } from './policy-at.js';

const v1 = aPolicy({ version: 1, effectiveFrom: '2026-01-01T00:00:00Z' });
const v2 = aPolicy({ version: 2, effectiveFrom: '2026-06-01T00:00:00Z' });
const V2_FROM = at('2026-06-01T00:00:00Z');

describe('policyAt', () => {
  it.each<[string, Instant, number | undefined]>([
    ['has no policy before the first effectiveFrom', before(at('2026-01-01')), undefined],
    ['applies the first version from its effectiveFrom', at('2026-01-01'), 1],
    ['keeps the first version one ms before the next takes effect', before(V2_FROM), 1],
    ['applies the next version exactly at its effectiveFrom', V2_FROM, 2],
    ['keeps the latest version after it', after(V2_FROM), 2],
  ])('%s', (_name, t, version) => {
    // Given out of order on purpose: the choice is by effectiveFrom, not by position.
    expect(policyAt([v2, v1], t)?.version).toBe(version);
  });

  it('treats a version without effectiveFrom as in force from the beginning', () => {
    const always = aPolicy({ version: 1 });
    expect(policyAt([always, v2], at('1990-01-01'))?.version).toBe(1);
    expect(policyAt([always, v2], V2_FROM)?.version).toBe(2);
  });

  it('takes the higher version between two with the same effectiveFrom', () => {
    const v3 = aPolicy({ version: 3, effectiveFrom: '2026-06-01T00:00:00Z' });
    expect(policyAt([v3, v2], V2_FROM)?.version).toBe(3);
    expect(policyAt([v2, v3], V2_FROM)?.version).toBe(3);
  });

  it('has no policy when there are no versions', () => {
    expect(policyAt([], V2_FROM)).toBeUndefined();
  });
});
