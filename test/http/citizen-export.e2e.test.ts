// "Download all my data" (GET /v1/citizen/export, issue 13 item 2; charter C11, C12): everything
// held about the signed-in subject in one document — the explanation, the records with their
// events (an objection included), the notices, the whole access log, the preferences — and
// nothing about anyone else; one audited subject-access; refused without a citizen session.
// Through Fastify, on SQLite and (when PROBITY_TEST_DATABASE_URL is set) PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instant } from '../../src/core/time/instant.js';
import { personId } from '../factories/subjects.js';
import { storeTargets, type StoreTarget } from '../support/store-targets.js';
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

const LISTED = personId('1980-05-17', 233);
const OTHER = personId('1991-09-02', 118);

interface Export {
  format: string;
  version: number;
  subject: string;
  exportedAt: string;
  evaluation: { subject: string; score: number | null; lists: { list: string }[] };
  records: { id: number; sourceRef: string; events: { type: string }[] }[];
  notices: unknown[];
  noticesComplete: boolean;
  accessLog: {
    total: number;
    counts: { actor: string; purpose: string; entries: number }[];
    entries: { action: string; actor: string }[];
    complete: boolean;
  };
  preferences: { language: string; updatedAt: string | null };
}

function describeExport(target: StoreTarget): void {
  describe(`downloading all my data: ${target.name}`, () => {
    let location: string;
    let h: Harness;
    let listedRecord = -1;

    beforeAll(async () => {
      location = await target.newLocation();
      h = await startHarness({
        location,
        before: async (store) => {
          [listedRecord = -1] = await ingestAsCourt(
            store,
            [
              debtorRecord(LISTED, 'c-1', '2025-12-20'),
              debtorRecord(OTHER, 'c-2', '2025-12-21', 900_000),
            ],
            instant(T0 - 60 * DAY),
          );
        },
      });
    });

    afterAll(async () => {
      await h.close();
      await target.dispose(location);
      await target.end();
    });

    it('holds my explanation, records with their events, notices, access log and preferences, and no one else', async () => {
      const me = await citizenHeaders(h, LISTED);
      const objected = await h.app.inject({
        method: 'POST',
        url: '/v1/citizen/objections',
        headers: me,
        payload: { recordId: listedRecord, grounds: 'paid in full', evidence: 'receipt 7' },
      });
      expect(objected.statusCode).toBe(201);
      // Someone else reads their own data: none of it may reach my export.
      const other = await citizenHeaders(h, OTHER);
      expect((await h.app.inject({ url: '/v1/citizen/me', headers: other })).statusCode).toBe(200);

      const res = await h.app.inject({ url: '/v1/citizen/export', headers: me });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="probity-my-data-${new Date(h.clock()).toISOString().slice(0, 10)}.json"`,
      );
      const data = res.json<Export>();
      expect(data.format).toBe('probity.subject-export');
      expect(data.version).toBe(1);
      expect(data.subject).toBe(LISTED);
      expect(data.evaluation.subject).toBe(LISTED);
      expect(data.evaluation.lists.map((l) => l.list)).toContain('dishonest-debtors');
      expect(data.records.map((r) => r.sourceRef)).toEqual(['c-1']);
      expect(data.records[0]?.id).toBe(listedRecord);
      expect(data.records[0]?.events.map((e) => e.type)).toContain('objected');
      expect(data.notices.length).toBeGreaterThan(0);
      expect(data.noticesComplete).toBe(true);
      expect(data.accessLog.complete).toBe(true);
      expect(data.accessLog.entries.length).toBe(data.accessLog.total);
      expect(data.accessLog.entries.map((e) => e.action)).toEqual(
        expect.arrayContaining(['sign-in', 'issue-sign-in-code']),
      );
      expect(data.preferences).toEqual({ language: 'zh-CN', updatedAt: null });
      expect(res.body).not.toContain(OTHER);
    });

    it('is audited as one subject-access, which the next export carries', async () => {
      const me = await citizenHeaders(h, LISTED);
      const first = (await h.app.inject({ url: '/v1/citizen/export', headers: me })).json<Export>();
      const second = (
        await h.app.inject({ url: '/v1/citizen/export', headers: me })
      ).json<Export>();
      const exports = (d: Export) =>
        d.accessLog.entries.filter((e) => e.action === 'export-own-data').length;
      expect(exports(second)).toBe(exports(first) + 1);
      expect(second.accessLog.entries[0]).toMatchObject({
        action: 'export-own-data',
        actor: `subject:${LISTED}`,
      });
    });

    it('is refused without a session (401) and to an agency (403 CitizenOnly)', async () => {
      const none = await h.app.inject({ url: '/v1/citizen/export' });
      expect(none.statusCode).toBe(401);
      const agency = await h.app.inject({ url: '/v1/citizen/export', headers: bearer('court') });
      expect(agency.statusCode).toBe(403);
      expect(agency.json<{ error: { code: string } }>().error.code).toBe('CitizenOnly');
    });
  });
}

for (const target of storeTargets('citizenexport')) describeExport(target);
