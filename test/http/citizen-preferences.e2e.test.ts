// The citizen's language (issue 10, failure 7) through Fastify on SQLite and (when
// PROBITY_TEST_DATABASE_URL is set) PostgreSQL: notices are written in Simplified Chinese until
// the citizen chooses English at `PUT /v1/citizen/preferences`; notices composed afterwards (a
// record's, in its append; a list entry's, by the sync) are in English, those issued before keep
// their words; a bad body is refused with 400 and changes nothing; only a citizen may choose.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubjectNotice } from '../../src/app/notices/index.js';
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

const DEBTOR = personId('1983-04-09', 317);
const OTHER = personId('1979-08-30', 318);

interface ErrorBody {
  error: { code: string; message: string };
}

for (const target of storeTargets('preferences')) {
  describe(`a citizen's notice language: ${target.name}`, () => {
    let location: string;
    let h: Harness;
    let auth: Record<string, string>;

    beforeAll(async () => {
      location = await target.newLocation();
      h = await startHarness({
        location,
        before: async (store) => {
          await ingestAsCourt(
            store,
            [debtorRecord(OTHER, 'p-2', '2026-01-11')],
            instant(T0 - 30 * DAY),
          );
          // Accepted two days ago: not listed before its notice period (P10D) has run.
          await ingestAsCourt(
            store,
            [debtorRecord(DEBTOR, 'p-1', '2026-01-10')],
            instant(T0 - 2 * DAY),
          );
        },
      });
      auth = await citizenHeaders(h, DEBTOR);
    });

    afterAll(async () => {
      await h.close();
      await target.dispose(location);
      await target.end();
    });

    const notices = async () => {
      const res = await h.app.inject({ url: '/v1/citizen/notices', headers: auth });
      expect(res.statusCode).toBe(200);
      return res.json<{ notices: SubjectNotice[] }>().notices;
    };
    const preferences = (payload?: unknown, headers = auth) =>
      h.app.inject({
        method: payload === undefined ? 'GET' : 'PUT',
        url: '/v1/citizen/preferences',
        headers,
        ...(payload !== undefined && { payload: payload as object }),
      });

    it('refuses a language that is not zh-CN or en, in any other spelling, with 400 and changes nothing; and any caller but a citizen', async () => {
      for (const body of [{ language: 'fr' }, {}, { language: 'EN' }, { language: 7 }]) {
        const res = await preferences(body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json<ErrorBody>().error.code).toBe('InvalidRequest');
      }
      expect((await preferences({ language: 'en' }, bearer('court'))).statusCode).toBe(403);
      expect((await preferences({ language: 'en' }, {})).statusCode).toBe(401);
      const res = await preferences();
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ language: 'zh-CN', updatedAt: null });
    });

    it('writes notices in Simplified Chinese by default, and in English once the citizen chooses it, keeping the words of those issued before', async () => {
      // The record accepted two days ago: its notice in Simplified Chinese, naming the portal.
      const before = await notices();
      expect(before.map((n) => n.kind)).toEqual(['record-accepted']);
      for (const notice of before) {
        expect(notice.payload.language).toBe('zh-CN');
        expect(notice.payload.summary).toContain('您');
        expect(notice.payload.summary).toContain('http://127.0.0.1:8080/citizen');
      }

      const chosen = await preferences({ language: 'en' });
      expect(chosen.statusCode).toBe(200);
      expect(chosen.json()).toEqual({ language: 'en', updatedAt: new Date(T0).toISOString() });
      expect((await preferences()).json()).toMatchObject({ language: 'en' });
      // Another subject's notices are untouched by this choice.
      expect(await h.store.citizenLanguages([DEBTOR, OTHER])).toEqual(new Map([[DEBTOR, 'en']]));

      // A record accepted now: its notice is written with it, in English.
      const submitted = await h.app.inject({
        method: 'POST',
        url: '/v1/records',
        headers: bearer('court'),
        payload: {
          records: [
            debtorRecord(DEBTOR, 'p-3', '2026-02-25'),
            debtorRecord(OTHER, 'p-4', '2026-02-25'),
          ],
        },
      });
      expect(submitted.statusCode).toBe(201);
      // Past the first record's notice period: the list entry's notice comes from the sync, in English.
      h.clock.advance(11 * DAY);
      await h.service.sync();
      auth = await citizenHeaders(h, DEBTOR);

      const after = await notices();
      const newer = after.filter((n) => !before.some((b) => b.id === n.id));
      expect(newer.map((n) => n.kind)).toEqual(['list-joined', 'record-accepted']);
      for (const notice of newer) {
        expect(notice.payload.language).toBe('en');
        expect(notice.payload.summary).toBe(notice.payload.summaries.en);
        // (The record's own data, a Chinese case number, is quoted as recorded.)
        expect(notice.payload.summary).not.toContain('您');
        expect(notice.payload.summaries['zh-CN']).toContain('您');
      }
      expect(newer.find((n) => n.kind === 'record-accepted')?.payload.summary).toContain(
        'You may object at any time while the record has effect, until 25 February 2029 at the latest, at http://127.0.0.1:8080/citizen.',
      );
      // The notices issued before keep the words they were issued with.
      expect(after.filter((n) => before.some((b) => b.id === n.id))).toEqual(before);
      // The other subject still reads Simplified Chinese.
      const others = await h.store.noticesOfSubject(OTHER, 10);
      expect(others.map((n) => n.payload.language)).toEqual(others.map(() => 'zh-CN'));

      // The change is audited in the citizen's own access log.
      const log = await h.store.auditOfSubject(DEBTOR, 50);
      expect(log.map((e) => [e.action, e.outcome])).toContainEqual([
        'set-own-preferences',
        'set language en',
      ]);

      // Chosen again: the choice is replaced, not added to.
      expect((await preferences({ language: 'zh-CN' })).json()).toEqual({
        language: 'zh-CN',
        updatedAt: new Date(h.clock()).toISOString(),
      });
      expect(await h.store.citizenLanguages([DEBTOR])).toEqual(new Map([[DEBTOR, 'zh-CN']]));
    });
  });
}
