// The agency's own doors (the agency console) through Fastify, on SQLite and (with
// PROBITY_TEST_DATABASE_URL) PostgreSQL: GET /v1/agency/me says who the signed-in agency is and
// exactly the categories it may submit and the measures it may check (the rules the records and
// checks doors enforce); without a token 401, a citizen session 403. The objection queue gives
// each record's field values now, which a "corrected" decision starts from; the correction is a
// new event, the original record kept. GET /v1/agency/records lists the calling agency's own
// records only (never another agency's), newest first, paged, narrowed by subject and category,
// each read audited per subject.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CitizenSessions } from '../../src/app/citizen/citizen-session.js';
import { instant } from '../../src/core/time/instant.js';
import { ingestAs } from '../factories/reference-ledger.js';
import { personId } from '../factories/subjects.js';
import { scratchDir } from '../support/cli-harness.js';
import { storeTargets } from '../support/store-targets.js';
import {
  bearer,
  DAY,
  debtorRecord,
  ingestAsCourt,
  startHarness,
  T0,
  type Harness,
} from './http-harness.js';

const DEBTOR = personId('1977-07-07', 31);
const DRIVER = personId('1988-08-08', 45);
const BOTH = personId('1966-06-06', 52);

interface Me {
  id: string;
  kind: string;
  name: string;
  catalog: { version: number; categories: string[] };
  policy: { id: string | null; version: number | null; measures: string[] };
}

interface Documents {
  catalog: { version: number; categories: { id: string; submitters: string[] }[] };
  policy: { id: string; version: number; measures: { id: string; enforcers: string[] }[] };
}

const errorCode = (res: { json: <T>() => T }) => res.json<{ error: { code: string } }>().error.code;

for (const target of storeTargets('agency_own')) {
  describe(`the agency's own doors: ${target.name}`, () => {
    let location: string;
    let h: Harness;
    let documents: Documents;
    let recordId: number;
    /** The court's records, oldest first: DEBTOR's, then BOTH's debtor and obstruction records. */
    let courtIds: number[];
    let policeIds: number[];

    beforeAll(async () => {
      location = await target.newLocation();
      h = await startHarness({
        location,
        keyFile: join(scratchDir('probity-agency-own-'), 'authority.key'),
        before: async (store) => {
          [recordId = 0] = await ingestAsCourt(
            store,
            [debtorRecord(DEBTOR, 'own-1', '2026-01-10', 2_500_000)],
            instant(T0 - 30 * DAY),
          );
          const more = await ingestAsCourt(
            store,
            [
              debtorRecord(BOTH, 'own-2', '2026-01-11', 900_000),
              {
                sourceRef: 'own-3',
                subject: BOTH,
                category: 'court.obstructs-enforcement',
                occurredAt: '2026-01-12',
                fields: { caseNumber: '(2026)京0105执own-3号' },
              },
            ],
            instant(T0 - 29 * DAY),
          );
          courtIds = [recordId, ...more];
          policeIds = await ingestAs(
            store,
            'police',
            [BOTH, DRIVER].map((subject, i) => ({
              sourceRef: `drink-${i}`,
              subject,
              category: 'police.drink-driving',
              occurredAt: '2026-01-13',
              fields: { decisionNumber: `京公交决字[2026]第${i}号` },
            })),
            instant(T0 - 28 * DAY),
          );
        },
      });
      documents = (await h.app.inject({ url: '/v1/public/documents' })).json<Documents>();
    });
    afterAll(async () => {
      await h?.close();
      await target.dispose(location);
      await target.end();
    });

    describe('GET /v1/agency/me', () => {
      it('refuses a request without a token (401) and a citizen session (403)', async () => {
        const none = await h.app.inject({ url: '/v1/agency/me' });
        expect(none.statusCode).toBe(401);
        expect(errorCode(none)).toBe('Unauthenticated');
        const wrong = await h.app.inject({
          url: '/v1/agency/me',
          headers: { authorization: 'Bearer not-a-token' },
        });
        expect(wrong.statusCode).toBe(401);
        const { token } = await new CitizenSessions(h.store).open(
          personId('1980-01-01', 3),
          h.clock(),
        );
        const citizen = await h.app.inject({
          url: '/v1/agency/me',
          headers: { authorization: `Bearer ${token}` },
        });
        expect(citizen.statusCode).toBe(403);
      });

      it("tells the court who it is and offers only the court's categories, no measure", async () => {
        const res = await h.app.inject({ url: '/v1/agency/me', headers: bearer('court') });
        expect(res.statusCode).toBe(200);
        const me = res.json<Me>();
        expect(me).toMatchObject({ id: 'court', kind: 'court' });
        expect(typeof me.name).toBe('string');
        const expected = documents.catalog.categories
          .filter((c) => c.submitters.includes('court'))
          .map((c) => c.id);
        expect(expected.length).toBeGreaterThan(0);
        expect(me.catalog).toEqual({ version: documents.catalog.version, categories: expected });
        expect(me.catalog.categories.every((id) => id.startsWith('court.'))).toBe(true);
        expect(me.policy).toEqual({
          id: documents.policy.id,
          version: documents.policy.version,
          measures: documents.policy.measures
            .filter((m) => m.enforcers.includes('court'))
            .map((m) => m.id),
        });
      });

      it('tells an airline the measures it checks and that it submits nothing', async () => {
        const me = (
          await h.app.inject({ url: '/v1/agency/me', headers: bearer('aviation') })
        ).json<Me>();
        expect(me.kind).toBe('aviation');
        expect(me.catalog.categories).toEqual([]);
        expect(me.policy.measures).toContain('travel.flight');
        expect(me.policy.measures).toEqual(
          documents.policy.measures
            .filter((m) => m.enforcers.includes('aviation'))
            .map((m) => m.id),
        );
      });

      it('offers exactly what the records door accepts: a category not offered is refused', async () => {
        const me = (
          await h.app.inject({ url: '/v1/agency/me', headers: bearer('police') })
        ).json<Me>();
        const refused = documents.catalog.categories.find(
          (c) => !me.catalog.categories.includes(c.id),
        );
        expect(refused).toBeDefined();
        const res = await h.app.inject({
          method: 'POST',
          url: '/v1/records',
          headers: bearer('police'),
          payload: {
            records: [
              {
                sourceRef: 'p-1',
                subject: personId('1985-03-03', 9),
                category: refused?.id,
                occurredAt: '2026-01-01',
                fields: {},
              },
            ],
          },
        });
        expect(res.statusCode).toBe(403);
        expect(errorCode(res)).toBe('SubmitterNotAllowed');
      });
    });

    describe('a corrected decision', () => {
      interface View {
        id: number;
        recordId: number;
        recordFields: Record<string, unknown>;
        decision: { outcome: string; fields: Record<string, unknown> | null } | null;
      }

      it("gives the record's values now in the queue; a correction is a new event, the original kept", async () => {
        const { token } = await new CitizenSessions(h.store).open(DEBTOR, h.clock());
        const filed = await h.app.inject({
          method: 'POST',
          url: '/v1/citizen/objections',
          headers: { authorization: `Bearer ${token}` },
          payload: { recordId, grounds: 'the amount is wrong' },
        });
        expect(filed.statusCode).toBe(201);
        const objectionId = filed.json<View>().id;
        const original = { amount: 2_500_000, caseNumber: '(2026)京0105执own-1号' };

        const queue = await h.app.inject({ url: '/v1/objections', headers: bearer('court') });
        const queued = queue.json<{ objections: View[] }>().objections;
        expect(queued.find((o) => o.id === objectionId)?.recordFields).toEqual(original);

        const decided = await h.app.inject({
          method: 'POST',
          url: `/v1/objections/${objectionId}/decision`,
          headers: bearer('court'),
          payload: { outcome: 'corrected', fields: { amount: 1_250_000 }, reason: 'mistyped' },
        });
        expect(decided.statusCode).toBe(201);
        const view = decided.json<View>();
        expect(view.recordFields).toEqual({ ...original, amount: 1_250_000 });
        expect(view.decision).toMatchObject({
          outcome: 'corrected',
          fields: { ...original, amount: 1_250_000 },
        });
        // The original record is kept as it was accepted; the correction is an event on it.
        expect((await h.store.findRecord(recordId))?.fields).toEqual(original);
        const events = await h.store.recordEventsOf(recordId);
        expect(events.map((e) => e.type)).toEqual(['objected', 'corrected']);
        const all = await h.app.inject({
          url: '/v1/objections?status=all',
          headers: bearer('court'),
        });
        expect(
          all.json<{ objections: View[] }>().objections.find((o) => o.id === objectionId)
            ?.recordFields,
        ).toEqual({ ...original, amount: 1_250_000 });
      });
    });

    describe('GET /v1/agency/records', () => {
      interface Page {
        records: {
          id: number;
          sourceRef: string;
          subject: string;
          category: string;
          fields: Record<string, unknown>;
          inForce: boolean;
          notInForceReason: string | null;
          events: { type: string }[];
        }[];
        nextCursor: number | null;
      }
      const list = (query: string, kind: string | null = 'court') =>
        h.app.inject({
          url: `/v1/agency/records${query}`,
          headers: kind === null ? {} : bearer(kind),
        });

      it("lists the court's own records newest first, never the police's", async () => {
        const res = await list('');
        expect(res.statusCode).toBe(200);
        const page = res.json<Page>();
        expect(page.records.map((r) => r.id)).toEqual([...courtIds].reverse());
        expect(page.nextCursor).toBeNull();
        expect(page.records.some((r) => policeIds.includes(r.id))).toBe(false);
        expect(page.records.find((r) => r.sourceRef === 'own-2')).toMatchObject({
          subject: BOTH,
          category: 'court.dishonest-debtor',
          fields: { amount: 900_000 },
          inForce: true,
          notInForceReason: null,
          events: [],
        });
        const police = (await list('', 'police')).json<Page>();
        expect(police.records.map((r) => r.id)).toEqual([...policeIds].reverse());
        // Of a subject both agencies recorded, each sees only its own.
        const both = (await list(`?subject=${BOTH}`, 'police')).json<Page>();
        expect(both.records.map((r) => r.sourceRef)).toEqual(['drink-0']);
      });

      it('narrows by subject and category and pages with the cursor', async () => {
        const ofBoth = (await list(`?subject=${BOTH.toLowerCase()}`)).json<Page>();
        expect(ofBoth.records.map((r) => r.sourceRef)).toEqual(['own-3', 'own-2']);
        const debts = (await list('?category=court.dishonest-debtor')).json<Page>();
        expect(debts.records.map((r) => r.sourceRef).sort()).toEqual(['own-1', 'own-2']);
        const none = (await list(`?subject=${DRIVER}`)).json<Page>();
        expect(none).toEqual({ records: [], nextCursor: null });

        const seen: string[] = [];
        let cursor: number | null = null;
        for (let i = 0; i < 5; i += 1) {
          const page: Page = (
            await list(`?limit=1${cursor === null ? '' : `&cursor=${cursor}`}`)
          ).json<Page>();
          expect(page.records.length).toBeLessThanOrEqual(1);
          seen.push(...page.records.map((r) => r.sourceRef));
          cursor = page.nextCursor;
          if (cursor === null) break;
        }
        expect(seen).toEqual(['own-3', 'own-2', 'own-1']);
        expect(cursor).toBeNull();
      });

      it('shows an event on a record and whether the record still counts', async () => {
        const fulfilled = await h.app.inject({
          method: 'POST',
          url: `/v1/records/${courtIds[1]}/events`,
          headers: bearer('court'),
          payload: { type: 'fulfilled' },
        });
        expect(fulfilled.statusCode).toBe(201);
        const page = (await list(`?subject=${BOTH}&category=court.dishonest-debtor`)).json<Page>();
        expect(page.records).toHaveLength(1);
        expect(page.records[0]).toMatchObject({
          sourceRef: 'own-2',
          inForce: false,
          notInForceReason: 'fulfilled',
          events: [{ type: 'fulfilled' }],
        });
      });

      it('refuses a bad identifier (422), a page too large (400), no token (401) and a citizen (403)', async () => {
        const bad = await list('?subject=not-an-id');
        expect(bad.statusCode).toBe(422);
        expect(errorCode(bad)).toBe('InvalidIdentifier');
        expect((await list('?limit=201')).statusCode).toBe(400);
        expect((await list('?limit=0')).statusCode).toBe(400);
        expect((await list('', null)).statusCode).toBe(401);
        const { token } = await new CitizenSessions(h.store).open(DRIVER, h.clock());
        const citizen = await h.app.inject({
          url: '/v1/agency/records',
          headers: { authorization: `Bearer ${token}` },
        });
        expect(citizen.statusCode).toBe(403);
      });

      it('audits each read as dispute-review, one entry per subject shown', async () => {
        const before = (await h.store.readAudit(0, 100_000)).length;
        await list(`?subject=${BOTH}`);
        await list(`?subject=${DRIVER}`);
        await list('?limit=2');
        await list('?subject=not-an-id');
        const entries = (await h.store.readAudit(0, 100_000))
          .slice(before)
          .filter((e) => e.action === 'read-own-records');
        expect(entries.map((e) => [e.actor, e.purpose, e.subject, e.outcome])).toEqual([
          ['agency:court', 'dispute-review', BOTH, 'read'],
          ['agency:court', 'dispute-review', DRIVER, 'read'],
          ['agency:court', 'dispute-review', BOTH, 'read'],
          ['agency:court', 'dispute-review', '', 'refused InvalidIdentifier'],
        ]);
      });
    });
  });
}
