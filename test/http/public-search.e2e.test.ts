// GET /v1/public/search (docs/http-api.md, "The public site's doors") through Fastify on SQLite
// and (when PROBITY_TEST_DATABASE_URL is set) PostgreSQL: the latest published version of the
// debtors' list searched by identifier and name. Version 1 lists every debtor; the court then
// records one debtor's payment and version 2 no longer lists them; a debtor recorded since is in
// the engine's list but in no version. The search answers the entries of version 2 exactly as
// published: masked, never the one removed, never the one unpublished, page by page.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../src/app/access/caller.js';
import { appendToLedger } from '../../src/app/ledger/ledger-append.js';
import { maskIdentifier } from '../../src/core/identifiers/index.js';
import { instant } from '../../src/core/time/instant.js';
import { organizationId, personId } from '../factories/subjects.js';
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

const DEBTORS = 'dishonest-debtors';
const ZHANG = personId('1983-04-09', 101);
const WANG = personId('1979-08-30', 102);
const NAMELESS = personId('1990-02-14', 103);
const HARBOUR = organizationId(77);
const LATE = personId('1988-11-02', 104);
const ZHAOS = Array.from({ length: 25 }, (_, i) => personId('1970-01-01', 200 + i));

/** A person born another day whose number shows the same visible digits as ZHANG's. */
function twinOf(id: string): string {
  for (let day = 1; day <= 366; day++) {
    const birth = new Date(Date.UTC(1984, 0, day)).toISOString().slice(0, 10);
    const other = personId(birth, 101);
    if (other !== id && maskIdentifier(other) === maskIdentifier(id)) return other;
  }
  throw new Error('no twin within a year');
}
const TWIN = twinOf(ZHANG);

interface Entry {
  subject: string;
  name: string | null;
  list: string;
  since: string;
  until: string | null;
  legalBasis: string;
  caseReferences: string[];
}
interface Answer {
  query: string;
  kind: string;
  match: string;
  results: { list: string; version: number; entry: Entry }[];
  next?: string;
}
interface ErrorBody {
  error: { code: string; message: string; details: { path: string }[] };
}

for (const target of storeTargets('search')) {
  describe(`the public search: ${target.name}`, () => {
    let location: string;
    let h: Harness;
    let version2: Entry[];
    let version1: Entry[];

    beforeAll(async () => {
      location = await target.newLocation();
      const scratch = scratchDir('probity-search-');
      let wangRecord = -1;
      h = await startHarness({
        location,
        keyFile: join(scratch, 'authority-key.pem'),
        before: async (store) => {
          const named: [string, 'person' | 'organization', string][] = [
            [ZHANG, 'person', '张伟'],
            [TWIN, 'person', '李娜'],
            [WANG, 'person', 'Wang Fang'],
            [HARBOUR, 'organization', 'Harbour Logistics Co'],
            [LATE, 'person', 'Late Comer'],
            ...ZHAOS.map((id, i): [string, 'person', string] => [id, 'person', `Zhao Lei ${i}`]),
          ];
          await appendToLedger(store, (tx, seq) =>
            tx.insertSubjects(
              named.map(([key, kind, name]) => ({
                key,
                kind,
                birthDate: undefined,
                name,
                firstSeq: seq.last,
              })),
            ),
          );
          const ids = await ingestAsCourt(
            store,
            [ZHANG, TWIN, WANG, NAMELESS, HARBOUR, ...ZHAOS].map((id, i) =>
              debtorRecord(id, `s-${i}`, '2025-12-20'),
            ),
            instant(T0 - 60 * DAY),
          );
          wangRecord = ids[2] ?? -1;
          // Recorded five days ago: listed once its notice period (P10D) has run, after both versions.
          await ingestAsCourt(
            store,
            [debtorRecord(LATE, 's-late', '2026-02-20')],
            instant(T0 - 5 * DAY),
          );
        },
      });
      const outDir = join(scratch, 'publications');
      await h.probity.publish(OPERATOR, { outDir, list: DEBTORS });
      const paid = await h.app.inject({
        method: 'POST',
        url: `/v1/records/${wangRecord}/events`,
        headers: bearer('court'),
        payload: { type: 'fulfilled' },
      });
      expect(paid.statusCode).toBe(201);
      h.clock.advance(DAY);
      await h.probity.publish(OPERATOR, { outDir, list: DEBTORS });
      h.clock.advance(10 * DAY);
      const read = async (v: number) =>
        (await h.app.inject({ url: `/v1/publications/${DEBTORS}/${v}` })).json<{
          entries: Entry[];
        }>().entries;
      version1 = await read(1);
      version2 = await read(2);
    });

    afterAll(async () => {
      await h.close();
      await target.dispose(location);
      await target.end();
    });

    const search = (query: Record<string, string | number>) =>
      h.app.inject({
        url: '/v1/public/search',
        query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
      });
    const found = async (query: Record<string, string | number>): Promise<Answer> => {
      const res = await search(query);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Answer>();
    };

    it('finds a full identifier by its masked form, answering the entries as published and never the identifier itself', async () => {
      const res = await search({ q: ZHANG });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(ZHANG);
      const answer = res.json<Answer>();
      expect(answer).toMatchObject({ kind: 'identifier', match: 'visible-parts' });
      // The birth date is hidden: the number born another day with the same visible digits too.
      expect(answer.results.map((r) => r.entry.name).sort()).toEqual(['张伟', '李娜'].sort());
      for (const r of answer.results) {
        expect(r).toMatchObject({ list: DEBTORS, version: 2 });
        expect(r.entry.subject).toBe(maskIdentifier(ZHANG));
        expect(r.entry.subject).toMatch(/^110105\*{8}\d{3}[\dX]$/);
        expect(version2).toContainEqual(r.entry);
      }
      // Typed with spaces and a lower-case x, or as the masked form itself, alike.
      const spaced = await found({ q: ` ${ZHANG.slice(0, 6)} ${ZHANG.slice(6).toLowerCase()} ` });
      expect(spaced.results).toHaveLength(2);
      const masked = await found({ q: maskIdentifier(ZHANG) });
      expect(masked.results).toHaveLength(2);
      // An organisation's code is published as is, and found as is.
      const harbour = await found({ q: HARBOUR });
      expect(harbour.results.map((r) => r.entry)).toEqual([
        version2.find((e) => e.subject === HARBOUR),
      ]);
    });

    it('finds the beginning of a masked identifier, its last visible characters, and a name at the start of any word', async () => {
      const tail = ZHANG.slice(-4);
      const byTail = await found({ q: tail });
      expect(byTail.match).toBe('prefix');
      expect(byTail.results.map((r) => r.entry.name)).toEqual(expect.arrayContaining(['张伟']));
      expect(byTail.results.every((r) => r.entry.subject.endsWith(tail))).toBe(true);
      const byCode = await found({ q: HARBOUR.slice(0, 8) });
      expect(byCode.results.map((r) => r.entry.subject)).toContain(HARBOUR);

      expect((await found({ q: '张伟' })).results.map((r) => r.entry.name)).toEqual(['张伟']);
      expect((await found({ q: 'logistics' })).results.map((r) => r.entry.name)).toEqual([
        'Harbour Logistics Co',
      ]);
      expect((await found({ q: 'HARBOUR  log' })).results).toHaveLength(1);
      expect((await found({ q: 'arbour' })).results).toEqual([]);
    });

    it('never finds an entry of an older version that the latest one removed, nor one never published', async () => {
      // Wang was in version 1 and paid before version 2.
      expect(version1.map((e) => e.name)).toContain('Wang Fang');
      expect(version2.map((e) => e.name)).not.toContain('Wang Fang');
      for (const q of ['Wang Fang', 'wang', WANG, maskIdentifier(WANG)]) {
        const answer = await found({ q });
        expect(
          answer.results.filter((r) => r.entry.name === 'Wang Fang'),
          q,
        ).toEqual([]);
      }
      // Late is on the list now (its notice period has run) but in no published version.
      const listed = await h.app.inject({
        method: 'POST',
        url: '/v1/checks',
        headers: bearer('aviation'),
        payload: { subject: LATE, measure: 'travel.flight' },
      });
      expect(listed.json()).toMatchObject({ decision: 'deny' });
      expect((await found({ q: LATE })).results).toEqual([]);
      expect((await found({ q: 'late comer' })).results).toEqual([]);
    });

    it('pages through every match once, in order, with a bounded page size', async () => {
      const expected = version2.filter((e) => e.name?.startsWith('Zhao Lei'));
      expect(expected).toHaveLength(25);
      const pages: Entry[][] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 5; i++) {
        const page = await found({ q: 'zhao', limit: 10, ...(cursor && { cursor }) });
        pages.push(page.results.map((r) => r.entry));
        cursor = page.next;
        if (cursor === undefined) break;
      }
      expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
      expect(pages.flat()).toEqual(expected);
      expect((await found({ q: 'zhao' })).results).toHaveLength(20);
      const big = await search({ q: 'zhao', limit: 101 });
      expect(big.statusCode).toBe(400);
      const bad = await search({ q: 'zhao', cursor: 'not a cursor' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json<ErrorBody>().error.code).toBe('InvalidRequest');
    });

    it('searches one list when asked, and finds nothing in a list never published', async () => {
      expect((await found({ q: 'zhao', list: DEBTORS, limit: 100 })).results).toHaveLength(25);
      expect((await found({ q: 'zhao', list: 'aviation-safety-offenders' })).results).toEqual([]);
    });

    it('refuses a query too short, too long or of characters no identifier holds, with 400 SearchQueryInvalid', async () => {
      for (const q of [
        '',
        ' ',
        '张',
        'a',
        '110',
        '11 0',
        'x'.repeat(65),
        '1'.repeat(65),
        '12ab!',
      ]) {
        const res = await search({ q });
        expect(res.statusCode, q).toBe(400);
        const body = res.json<ErrorBody>();
        expect(body.error.code, q).toBe('SearchQueryInvalid');
        expect(body.error.details[0]?.path).toBe('/q');
      }
      expect((await search({ q: 'x'.repeat(257) })).statusCode).toBe(400);
      expect((await search({})).statusCode).toBe(400);
    });

    it('fills the search from the latest versions when a store published before it is migrated (migration 0013)', async () => {
      const before = await found({ q: 'zhao', limit: 100 });
      // The store as the version before left it: versions published, no search tables.
      await target.tamper(location, [
        'drop table published_entry_terms',
        'drop table published_entries',
        "delete from kysely_migration where name in ('0013-published-entries', '0014-records-by-agency')",
      ]);
      await h.store.migrate();
      expect(await found({ q: 'zhao', limit: 100 })).toEqual(before);
      expect((await found({ q: 'wang' })).results).toEqual([]);
      expect((await found({ q: ZHANG })).results).toHaveLength(2);
    });

    it('is a public door in the OpenAPI document', async () => {
      const spec = (await h.app.inject({ url: '/openapi.json' })).json<{
        paths: Record<string, { get?: { security?: unknown[] } }>;
      }>();
      expect(spec.paths['/v1/public/search']?.get?.security).toEqual([]);
    });
  });
}
