// Signing out (DELETE /v1/citizen/session) through Fastify on SQLite and (when
// PROBITY_TEST_DATABASE_URL is set) PostgreSQL: the session ends in the store, so its token is
// refused (401) at every citizen door afterwards, while another session of the same subject runs
// on; the sign-out is in the citizen's own access log; signing out again is no error; only a
// citizen's token is accepted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instant } from '../../src/core/time/instant.js';
import { personId } from '../factories/subjects.js';
import { storeTargets } from '../support/store-targets.js';
import {
  bearer,
  DAY,
  debtorRecord,
  ingestAsCourt,
  startHarness,
  T0,
  type Harness,
  citizenHeaders,
} from './http-harness.js';

const DEBTOR = personId('1984-06-12', 417);

interface ErrorBody {
  error: { code: string };
}

for (const target of storeTargets('signout')) {
  describe(`a citizen signs out: ${target.name}`, () => {
    let location: string;
    let h: Harness;

    beforeAll(async () => {
      location = await target.newLocation();
      h = await startHarness({
        location,
        before: async (store) => {
          await ingestAsCourt(
            store,
            [debtorRecord(DEBTOR, 's-1', '2026-01-10')],
            instant(T0 - 30 * DAY),
          );
        },
      });
    });

    afterAll(async () => {
      await h.close();
      await target.dispose(location);
      await target.end();
    });

    const signOut = (headers: Record<string, string>) =>
      h.app.inject({ method: 'DELETE', url: '/v1/citizen/session', headers });
    const me = (headers: Record<string, string>) =>
      h.app.inject({ url: '/v1/citizen/notices', headers });

    it('ends the session in the store: its token is refused afterwards, another session of the same subject runs on', async () => {
      const tab = await citizenHeaders(h, DEBTOR);
      const phone = await citizenHeaders(h, DEBTOR);
      expect((await me(tab)).statusCode).toBe(200);

      const out = await signOut(tab);
      expect(out.statusCode).toBe(204);
      expect(out.body).toBe('');
      for (const url of ['/v1/citizen/notices', '/v1/citizen/me', '/v1/citizen/preferences']) {
        const refused = await h.app.inject({ url, headers: tab });
        expect(refused.statusCode, url).toBe(401);
        expect(refused.json<ErrorBody>().error.code).toBe('InvalidToken');
      }
      // Still within its hour: the token was refused because its session ended, not expired.
      expect((await me(phone)).statusCode).toBe(200);

      // The sign-out is the citizen's own act, in their access log beside the sign-ins.
      const log = await h.app.inject({ url: '/v1/citizen/access-log', headers: phone });
      const entries = log.json<{
        entries: { actor: string; action: string; purpose: string; outcome: string }[];
      }>().entries;
      const signOuts = entries.filter((e) => e.action === 'sign-out');
      expect(signOuts).toEqual([
        {
          ...signOuts[0],
          actor: `subject:${DEBTOR}`,
          purpose: 'subject-access',
          outcome: 'session ended by the citizen',
        },
      ]);
    });

    it('is idempotent: signing out again with the ended token answers 204 and audits nothing more', async () => {
      const tab = await citizenHeaders(h, DEBTOR);
      expect((await signOut(tab)).statusCode).toBe(204);
      expect((await signOut(tab)).statusCode).toBe(204);
      expect((await me(tab)).statusCode).toBe(401);
      const other = await citizenHeaders(h, DEBTOR);
      const log = await h.app.inject({ url: '/v1/citizen/access-log', headers: other });
      const signOuts = log
        .json<{ entries: { action: string }[] }>()
        .entries.filter((e) => e.action === 'sign-out');
      // One for this test's tab, one for the first test's: the second DELETE ended nothing.
      expect(signOuts).toHaveLength(2);
    });

    it('refuses a request without a token (401), an agency token (403) and a token that is no session at all (401)', async () => {
      const none = await signOut({});
      expect(none.statusCode).toBe(401);
      expect(none.json<ErrorBody>().error.code).toBe('Unauthenticated');
      const agency = await signOut(bearer('court'));
      expect(agency.statusCode).toBe(403);
      expect(agency.json<ErrorBody>().error.code).toBe('CitizenOnly');
      const bogus = await signOut({ authorization: 'Bearer prb_not-a-token' });
      expect(bogus.statusCode).toBe(401);
      expect(bogus.json<ErrorBody>().error.code).toBe('InvalidToken');
    });
  });
}
