// The authority's dashboard doors through Fastify, on SQLite and (with PROBITY_TEST_DATABASE_URL)
// PostgreSQL: who may call them (the authority only; another agency 403, a citizen 403, no token
// 401), that every call is audited, that no answer holds an identifier, and what they answer on a
// hand-made city: persons of three districts, birth years and both sexes, some of them listed as
// dishonest debtors, checked by the airline.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../src/app/access/caller.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { residentIdentityNumber } from '../../src/core/identifiers/index.js';
import { instant, formatDate } from '../../src/core/time/instant.js';
import { scratchDir } from '../support/cli-harness.js';
import { storeTargets } from '../support/store-targets.js';
import { ingestAs } from '../factories/reference-ledger.js';
import { bearer, DAY, debtorRecord, startHarness, T0, type Harness } from './http-harness.js';

const DEBTORS = 'dishonest-debtors';
/** Anything shaped like a resident identity number or a social credit code. */
const IDENTIFIER = /\d{17}[\dX]|[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}/;

/** One person of the hand-made city: where, when born, and whether listed as a debtor. */
export interface Resident {
  readonly key: string;
  readonly district: string;
  readonly birthYear: number;
  readonly sex: 'male' | 'female';
  readonly listed: boolean;
}

/**
 * Persons of three districts: Chaoyang (40, born 1990, half listed), Haidian (40, born 1958, one
 * in ten listed) and Dongcheng (5, born 2000, none listed: below the suppression threshold);
 * sequence numbers alternate odd and even, so both sexes are in every district.
 */
export function residents(): Resident[] {
  const out: Resident[] = [];
  const group = (district: string, year: number, count: number, listed: number) => {
    for (let i = 0; i < count; i += 1) {
      const sequence = 100 + i;
      out.push({
        key: residentIdentityNumber(district, { year, month: 6, day: 1 + (i % 28) }, sequence),
        district,
        birthYear: year,
        sex: sequence % 2 === 1 ? 'male' : 'female',
        listed: i < listed,
      });
    }
  };
  group('110105', 1990, 40, 20);
  group('110108', 1958, 40, 4);
  group('110101', 2000, 5, 0);
  return out;
}

/** Writes the city: a debtor record (accepted 20 days before T0) or a blood donation for each. */
export async function writeCity(
  store: LedgerStore,
  people: readonly Resident[],
): Promise<number[]> {
  const at = instant(T0 - 20 * DAY);
  const debtors = people.filter((p) => p.listed);
  const ids = await ingestAs(
    store,
    'court',
    debtors.map((p, i) => debtorRecord(p.key, `fair-${i}`, '2026-01-15')),
    at,
  );
  await ingestAs(
    store,
    'health',
    people
      .filter((p) => !p.listed)
      .map((p, i) => ({
        sourceRef: `donation-${i}`,
        subject: p.key,
        category: 'civic.blood-donation',
        occurredAt: '2026-01-10',
        fields: {},
      })),
    at,
  );
  return ids;
}

function errorCode(res: { json: <T>() => T }): string {
  return res.json<{ error: { code: string } }>().error.code;
}

for (const target of storeTargets('authority')) {
  describe(`the authority's dashboard: ${target.name}`, () => {
    const people = residents();
    let location: string;
    let h: Harness;
    let debtorRecords: number[];

    const get = (url: string, kind: string | null = 'authority') =>
      h.app.inject({ url, headers: kind === null ? {} : bearer(kind) });

    beforeAll(async () => {
      location = await target.newLocation();
      h = await startHarness({
        location,
        keyFile: join(scratchDir('probity-authority-key-'), 'authority.key'),
        before: async (store) => {
          debtorRecords = await writeCity(store, people);
        },
      });
      await h.service.inStep('feeds');
    });
    afterAll(async () => {
      await h?.close();
      await target.dispose(location);
      await target.end();
    });

    describe('GET /v1/authority/population', () => {
      it('counts the subjects by kind and the grades of each kind, and no identifier leaves', async () => {
        const res = await get('/v1/authority/population');
        expect(res.statusCode).toBe(200);
        expect(res.body).not.toMatch(IDENTIFIER);
        const body = res.json<{
          subjects: { person: number; organization: number };
          grades: { person: Record<string, number>; organization: Record<string, number> };
          lists: { list: string; kind: string; size: number }[];
        }>();
        expect(body.subjects).toEqual({ person: people.length, organization: 0 });
        const graded = Object.values(body.grades.person).reduce((a, b) => a + b, 0);
        expect(graded).toBe(people.length);
        expect(body.grades.person['-']).toBe(0);
        expect(Object.values(body.grades.organization).every((n) => n === 0)).toBe(true);
        expect(body.lists.find((l) => l.list === DEBTORS)).toEqual({
          list: DEBTORS,
          kind: 'sanction',
          size: people.filter((p) => p.listed).length,
        });
      });

      it('gives each list its size at the end of each day from the feeds, and the publications', async () => {
        const listed = people.filter((p) => p.listed).length;
        const before = (await get('/v1/authority/population?days=3')).json<{
          history: { days: string[]; sizes: Record<string, number[]> };
          publications: { count: number; last: unknown };
        }>();
        expect(before.history.days).toEqual([
          formatDate(instant(T0 - 2 * DAY)),
          formatDate(instant(T0 - DAY)),
          formatDate(T0),
        ]);
        // The feeds started today (the server's first sync): nothing before.
        expect(before.history.sizes[DEBTORS]).toEqual([0, 0, listed]);
        expect(before.publications).toEqual({ count: 0, last: null });

        // Two days later the court records one debt paid: the list loses one that day.
        h.clock.advance(2 * DAY);
        const paid = await h.app.inject({
          method: 'POST',
          url: `/v1/records/${debtorRecords[0]}/events`,
          headers: bearer('court'),
          payload: { type: 'fulfilled' },
        });
        expect(paid.statusCode).toBe(201);
        await h.probity.publish(OPERATOR, {
          outDir: scratchDir('probity-authority-pub-'),
          list: DEBTORS,
        });
        const after = (await get('/v1/authority/population?days=4')).json<{
          history: { days: string[]; sizes: Record<string, number[]> };
          lists: { list: string; size: number }[];
          publications: { count: number; last: { list: string; version: number; entries: number } };
        }>();
        expect(after.history.sizes[DEBTORS]).toEqual([0, listed, listed, listed - 1]);
        expect(after.lists.find((l) => l.list === DEBTORS)?.size).toBe(listed - 1);
        expect(after.publications.count).toBe(1);
        expect(after.publications.last).toMatchObject({
          list: DEBTORS,
          version: 1,
          entries: listed - 1,
        });
        // As of an earlier instant, the engine's sizes are those of that instant.
        const earlier = (
          await get(`/v1/authority/population?at=${formatDate(T0)}T12:00:00Z`)
        ).json<{ lists: { list: string; size: number }[] }>();
        expect(earlier.lists.find((l) => l.list === DEBTORS)?.size).toBe(listed);
      });

      it('refuses another agency (403), a citizen (403) and a caller without a token (401), each audited', async () => {
        const court = await get('/v1/authority/population', 'court');
        expect(court.statusCode).toBe(403);
        expect(errorCode(court)).toBe('AuthorityOnly');
        expect((await get('/v1/authority/population', null)).statusCode).toBe(401);
        const code = await h.probity.issueSignInCode(OPERATOR, {
          identifier: people[0]?.key ?? '',
        });
        const signedIn = await h.app.inject({
          method: 'POST',
          url: '/v1/citizen/session',
          payload: { identifier: people[0]?.key, code: code.code },
        });
        expect(signedIn.statusCode).toBe(201);
        const token = signedIn.json<{ token: string }>().token;
        const citizen = await h.app.inject({
          url: '/v1/authority/population',
          headers: { authorization: `Bearer ${token}` },
        });
        expect(citizen.statusCode).toBe(403);
        expect(errorCode(citizen)).toBe('AgencyOnly');
        const entries = await h.store.readAudit(0, 100_000);
        const population = entries.filter((e) => e.action === 'population');
        expect(population.map((e) => [e.actor, e.purpose, e.outcome])).toEqual(
          expect.arrayContaining([
            ['agency:authority', 'oversight', 'read'],
            ['agency:court', 'oversight', 'refused AuthorityOnly'],
          ]),
        );
      });
    });
  });
}
