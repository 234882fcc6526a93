// Agency tokens managed at the command line and honoured at the HTTP door (issue 10, failure 6),
// on both dialects: a server app and the CLI on the same store. A rotation made by the CLI stops
// the old token at the server (which re-checks a token it knows after a few seconds) and the new
// one works at once; a revocation stops every token of the agency; a token given an expiry is
// refused once the server's clock passes it; `agency list` shows each token's state and never a
// token or its digest; and the ledger chain still verifies.
import { afterAll, describe, expect, it } from 'vitest';
import { hashAgencyToken } from '../../src/app/agencies/agency-token.js';
import { formatInstant, instant } from '../../src/core/time/instant.js';
import { personId } from '../factories/subjects.js';
import { probity, scratchDir } from '../support/cli-harness.js';
import { storeTargets } from '../support/store-targets.js';
import { DAY, startHarness, tokenOf, type Harness } from './http-harness.js';
import { join } from 'node:path';

const SUBJECT = personId('1975-02-03', 41);

for (const target of storeTargets('agency_tokens')) {
  describe(`agency tokens at the HTTP door: ${target.name}`, () => {
    afterAll(() => target.end());

    async function harness() {
      const keyFile = join(scratchDir('probity-agency-tokens-'), 'authority-key.pem');
      const h = await startHarness({ location: await target.newLocation(), keyFile });
      const cli = (...args: string[]) =>
        probity([
          ...args,
          '--db',
          h.path,
          '--key-file',
          keyFile,
          '--now',
          formatInstant(h.clock()),
        ]);
      return { h, cli };
    }

    async function status(h: Harness, token: string): Promise<number> {
      const res = await h.app.inject({
        method: 'POST',
        url: '/v1/checks',
        headers: { authorization: `Bearer ${token}` },
        payload: { subject: SUBJECT, measure: 'travel.flight' },
      });
      if (res.statusCode === 401)
        expect(res.json<{ error: { code: string } }>().error.code).toBe('InvalidToken');
      return res.statusCode;
    }

    /** The status once the server has re-checked the token (bounded: at most 10 s). */
    async function settledStatus(h: Harness, token: string, want: number): Promise<number> {
      const until = Date.now() + 10_000;
      let got = await status(h, token);
      while (got !== want && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        got = await status(h, token);
      }
      return got;
    }

    it('stops the old token when the CLI rotates it, takes the new one at once, and refuses every token once revoked', async () => {
      const { h, cli } = await harness();
      try {
        const old = tokenOf('aviation');
        expect(await status(h, old)).toBe(200);

        const rotated = await cli('agency', 'rotate', 'aviation', '--json');
        expect(rotated.code, rotated.stderr).toBe(0);
        const { token } = rotated.json<{ id: string; token: string }>()[0]!;
        expect(token).toMatch(/^prb_/);
        expect(await status(h, token)).toBe(200);
        expect(await settledStatus(h, old, 401)).toBe(401);

        const revoked = await cli('agency', 'revoke', 'aviation', '--json');
        expect(revoked.code, revoked.stderr).toBe(0);
        expect(await settledStatus(h, token, 401)).toBe(401);
        expect(await status(h, old)).toBe(401);

        const list = await cli('agency', 'list', '--json');
        expect(list.code, list.stderr).toBe(0);
        const text = list.stdout;
        for (const t of [old, token]) {
          expect(text).not.toContain(t);
          expect(text).not.toContain(hashAgencyToken(t));
        }
        const agencies = list.json<{
          agencies: { id: string; kind: string; token: { state: string } }[];
        }>()[0]!.agencies;
        expect(agencies.find((a) => a.id === 'aviation')).toMatchObject({
          kind: 'aviation',
          token: { state: 'revoked' },
        });
        expect(agencies.find((a) => a.id === 'court')).toMatchObject({
          token: { state: 'active' },
        });

        const verify = await cli('verify', '--out', join(scratchDir('probity-verify-'), 'v'));
        expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      } finally {
        await h.close();
      }
    });

    it('refuses a token given an expiry once the clock passes it, and lists it as expired', async () => {
      const { h, cli } = await harness();
      try {
        const added = await cli(
          'agency',
          'add',
          'air-2',
          '--kind',
          'aviation',
          '--expires',
          'P1D',
          '--json',
        );
        expect(added.code, added.stderr).toBe(0);
        const { token, expiresAt } = added.json<{ token: string; expiresAt: string }>()[0]!;
        expect(expiresAt).toBe(formatInstant(instant(h.clock() + DAY)));
        expect(await status(h, token)).toBe(200);
        h.clock.advance(2 * DAY);
        expect(await status(h, token)).toBe(401);
        const list = await cli('agency', 'list', '--json');
        const agencies = list.json<{
          agencies: { id: string; token: { state: string; expiresAt: string } }[];
        }>()[0]!.agencies;
        expect(agencies.find((a) => a.id === 'air-2')?.token).toEqual(
          expect.objectContaining({ state: 'expired', expiresAt }),
        );

        const rotated = await cli(
          'agency',
          'rotate',
          'air-2',
          '--expires',
          formatInstant(instant(h.clock() + 3 * DAY)),
          '--json',
        );
        expect(rotated.code, rotated.stderr).toBe(0);
        expect(await status(h, rotated.json<{ token: string }>()[0]!.token)).toBe(200);
        const past = await cli('agency', 'rotate', 'air-2', '--expires', '2020-01-01');
        expect(past.code).toBe(1);
        expect(past.stderr).toMatch(/^error InvalidInstant: /);
      } finally {
        await h.close();
      }
    });
  });
}
