import { describe, expect, it } from 'vitest';
import { instant, type Instant } from '../../core/time/instant.js';
import type {
  AgencyDirectory,
  AgencyTokenState,
  AgencyWithTokenHash,
} from '../ports/ledger-store.js';
import { AgencyTokens, RECHECK_MS } from './agency-authenticate.js';
import { hashAgencyToken } from './agency-token.js';

const AGENCY: AgencyWithTokenHash = {
  id: 'air-1',
  kind: 'aviation',
  name: 'Air',
  createdAt: instant(0),
  tokenHash: hashAgencyToken('t1'),
  seq: 1,
};

/** A directory holding one agency's token in force, changed by the test as another process would. */
function directory() {
  const state = {
    hash: hashAgencyToken('t1'),
    token: {
      agencyId: 'air-1',
      issuedAt: instant(0),
      expiresAt: undefined,
      revokedAt: undefined,
    } as AgencyTokenState,
    lookups: 0,
  };
  const dir: AgencyDirectory = {
    findAgency: () => Promise.resolve(AGENCY),
    agencies: () => Promise.resolve([AGENCY]),
    agencyTokens: () => Promise.resolve([state.token]),
    replaceAgencyToken: () => Promise.resolve(),
    revokeAgencyToken: () => Promise.resolve(),
    findAgencyByTokenHash: (hash) => {
      state.lookups++;
      return Promise.resolve(hash === state.hash ? { ...AGENCY, token: state.token } : undefined);
    },
  };
  return { state, dir };
}

describe('agency tokens', () => {
  it('trusts a token found for a few seconds, then asks the store again, so a rotation elsewhere stops the old token', async () => {
    const { state, dir } = directory();
    let elapsed = 0;
    const tokens = new AgencyTokens(
      dir,
      () => instant(1_000),
      () => elapsed,
    );
    expect((await tokens.agencyOf('t1'))?.id).toBe('air-1');
    state.hash = hashAgencyToken('t2'); // rotated by the CLI
    elapsed = RECHECK_MS - 1;
    expect((await tokens.agencyOf('t1'))?.id).toBe('air-1');
    expect(state.lookups).toBe(1);
    elapsed = RECHECK_MS;
    expect(await tokens.agencyOf('t1')).toBeUndefined();
    expect((await tokens.agencyOf('t2'))?.id).toBe('air-1');
  });

  it('refuses an expired token on every call, cached or not, and a revoked one', async () => {
    const { state, dir } = directory();
    let now: Instant = instant(1_000);
    state.token = { ...state.token, expiresAt: instant(2_000) };
    const tokens = new AgencyTokens(
      dir,
      () => now,
      () => 0,
    );
    expect((await tokens.agencyOf('t1'))?.id).toBe('air-1');
    now = instant(2_000);
    expect(await tokens.agencyOf('t1')).toBeUndefined();
    state.token = { ...state.token, expiresAt: undefined, revokedAt: instant(1_500) };
    tokens.forget();
    now = instant(1_000);
    expect(await tokens.agencyOf('t1')).toBeUndefined();
  });
});
