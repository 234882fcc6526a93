// The authority's dashboard doors through Fastify, on SQLite and (with PROBITY_TEST_DATABASE_URL)
// PostgreSQL: who may call them (the authority only; another agency 403, a citizen 403, no token
// 401), that every call is audited, that no answer holds an identifier, and what they answer on a
// hand-made city: persons of three districts, birth years and both sexes, some of them listed as
// dishonest debtors, checked by the airline.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../src/app/access/caller.js';
import { instant, formatDate } from '../../src/core/time/instant.js';
import { scratchDir } from '../support/cli-harness.js';
import { storeTargets } from '../support/store-targets.js';
import { REFERENCE_DOCUMENTS } from '../factories/reference-ledger.js';
import {
  policyOneVersionUp,
  residents,
  writeFairCity,
  type Resident,
} from '../factories/fair-city.js';
import { bearer, DAY, startHarness, T0, type Harness } from './http-harness.js';

const DEBTORS = 'dishonest-debtors';
/** Anything shaped like a resident identity number or a social credit code. */
const IDENTIFIER = /\d{17}[\dX]|[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}/;

/** The rule of docs/http-api.md, applied to the hand-made city by the test itself. */
const RULE = { above: 1.25, below: 0.8, minGroup: 30, suppressBelow: 10 };

interface Expected {
  readonly dimension: 'district' | 'ageBand' | 'sex';
  readonly group: string;
  readonly n: number;
  readonly listed: number;
  readonly rate: number;
  readonly flag: 'high' | 'low' | null;
  readonly suppressed: boolean;
}

/** Each group's persons, listed persons, rate and flag, by the rule, from the residents. */
function expectedGroups(people: readonly Resident[]): Expected[] {
  const overall = people.filter((p) => p.listed).length / people.length;
  const out: Expected[] = [];
  const dimensions = {
    district: (p: Resident) => p.district,
    ageBand: (p: Resident) => p.band,
    sex: (p: Resident) => p.sex,
  } as const;
  for (const [dimension, of] of Object.entries(dimensions) as [
    Expected['dimension'],
    (p: Resident) => string,
  ][]) {
    for (const group of new Set(people.map(of))) {
      const members = people.filter((p) => of(p) === group);
      const n = members.length;
      const listed = members.filter((p) => p.listed).length;
      const rate = listed / n;
      const flag =
        n < RULE.minGroup
          ? null
          : rate > RULE.above * overall
            ? 'high'
            : rate < RULE.below * overall
              ? 'low'
              : null;
      out.push({ dimension, group, n, listed, rate, flag, suppressed: n < RULE.suppressBelow });
    }
    // A single small group is hidden with the next smallest, or the whole would give it away.
    const ofDimension = out.filter((e) => e.dimension === dimension);
    const small = ofDimension.filter((e) => e.suppressed);
    const next = ofDimension.filter((e) => !e.suppressed).sort((a, b) => a.n - b.n)[0];
    if (small.length === 1 && next !== undefined)
      out[out.indexOf(next)] = { ...next, suppressed: true };
  }
  return out;
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
          debtorRecords = await writeFairCity(store, people);
        },
      });
      await h.service.inStep('feeds');
    });
    afterAll(async () => {
      await h?.close();
      await target.dispose(location);
      await target.end();
    });

    describe('GET /v1/authority/fairness', () => {
      interface Group {
        group: string;
        suppressed: boolean;
        persons?: number;
        lists?: Record<string, { members: number; rate: number; flag: string | null }>;
        subjects?: number;
        checks?: number;
        denials?: number;
        rate?: number;
        flag?: string | null;
      }
      interface Fairness {
        membership: {
          overall: { persons: number; lists: Record<string, { members: number }> };
          groups: Record<string, Group[]>;
        };
        denials: {
          overall: { subjects: number; checks: number; denials: number };
          groups: Record<string, Group[]>;
        };
        flags: {
          measure: string;
          list: string | null;
          dimension: string;
          group: string;
          flag: string;
          n: number;
        }[];
      }
      let fairness: Fairness;
      let body: string;

      beforeAll(async () => {
        // The airline checks everyone once: the debtors are denied.
        const checked = await h.app.inject({
          method: 'POST',
          url: '/v1/checks/batch',
          headers: bearer('aviation'),
          payload: { measure: 'travel.flight', subjects: people.map((p) => p.key) },
        });
        expect(checked.statusCode).toBe(200);
        h.clock.advance(60_000);
        const res = await get('/v1/authority/fairness');
        expect(res.statusCode).toBe(200);
        body = res.body;
        fairness = res.json<Fairness>();
      });

      it('gives the list membership rate of each district, age band and sex, read from the identifiers', () => {
        const listed = people.filter((p) => p.listed).length;
        expect(fairness.membership.overall.persons).toBe(people.length);
        expect(fairness.membership.overall.lists[DEBTORS]?.members).toBe(listed);
        for (const e of expectedGroups(people)) {
          const group = fairness.membership.groups[e.dimension]?.find((g) => g.group === e.group);
          if (e.suppressed) {
            expect(group).toEqual(expect.objectContaining({ group: e.group, suppressed: true }));
            expect(group).not.toHaveProperty('persons');
            expect(group).not.toHaveProperty('lists');
          } else {
            expect(group?.persons, `${e.dimension} ${e.group}`).toBe(e.n);
            expect(group?.lists?.[DEBTORS]).toEqual({
              members: e.listed,
              rate: e.rate,
              flag: e.flag,
            });
          }
        }
      });

      it('gives the check denial rate of each group from the audit log, with the same groups suppressed', () => {
        const listed = people.filter((p) => p.listed).length;
        expect(fairness.denials.overall).toEqual(
          expect.objectContaining({
            subjects: people.length,
            checks: people.length,
            denials: listed,
          }),
        );
        for (const e of expectedGroups(people)) {
          const group = fairness.denials.groups[e.dimension]?.find((g) => g.group === e.group);
          if (e.suppressed) {
            expect(group).toEqual(expect.objectContaining({ suppressed: true }));
            expect(group).not.toHaveProperty('denials');
          } else {
            expect(group).toEqual(
              expect.objectContaining({
                subjects: e.n,
                checks: e.n,
                denials: e.listed,
                rate: e.rate,
                flag: e.flag,
              }),
            );
          }
        }
      });

      it('flags exactly the groups the rule flags, with the figures, and names no one', () => {
        const expected = expectedGroups(people).filter((e) => e.flag !== null);
        expect(expected.length).toBeGreaterThan(0);
        const key = (f: { dimension: string; group: string; flag: string | null; n: number }) =>
          `${f.dimension}/${f.group}/${f.flag}/${f.n}`;
        const wanted = expected.map(key).sort();
        const membership = fairness.flags.filter(
          (f) => f.measure === 'membership' && f.list === DEBTORS,
        );
        const denials = fairness.flags.filter((f) => f.measure === 'denials');
        expect(membership.map(key).sort()).toEqual(wanted);
        expect(denials.map(key).sort()).toEqual(wanted);
        expect(body).not.toMatch(IDENTIFIER);
        expect(body).toContain('海淀区');
      });

      it('refuses another agency and a caller without a token, and audits the reads', async () => {
        const rail = await get('/v1/authority/fairness', 'rail');
        expect(rail.statusCode).toBe(403);
        expect(errorCode(rail)).toBe('AuthorityOnly');
        expect((await get('/v1/authority/fairness', null)).statusCode).toBe(401);
        const bad = await get('/v1/authority/fairness?from=2026-03-01&to=2026-02-01');
        expect(bad.statusCode).toBe(400);
        const entries = (await h.store.readAudit(0, 100_000)).filter(
          (e) => e.action === 'fairness',
        );
        expect(entries.map((e) => [e.actor, e.purpose, e.subject, e.outcome])).toEqual([
          ['agency:authority', 'oversight', '', 'read'],
          ['agency:rail', 'oversight', '', 'refused AuthorityOnly'],
          ['agency:authority', 'oversight', '', 'refused InvalidRequest'],
        ]);
      });
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
          checks: Record<string, { checks: number[]; denials: number[] }>;
        }>();
        expect(before.history.days).toEqual([
          formatDate(instant(T0 - 2 * DAY)),
          formatDate(instant(T0 - DAY)),
          formatDate(T0),
        ]);
        // The feeds started today (the server's first sync): nothing before.
        expect(before.history.sizes[DEBTORS]).toEqual([0, 0, listed]);
        expect(before.publications).toEqual({ count: 0, last: null });
        // The airline's batch (the fairness monitor's) counts today, per measure, denials apart.
        expect(before.checks['travel.flight']).toEqual({
          checks: [0, 0, people.length],
          denials: [0, 0, listed],
        });

        // Two days later the court records one debt paid: the list loses one that day.
        h.clock.advance(2 * DAY);
        const paid = await h.app.inject({
          method: 'POST',
          url: `/v1/records/${debtorRecords[0]}/events`,
          headers: bearer('court'),
          payload: { type: 'fulfilled' },
        });
        expect(paid.statusCode).toBe(201);
        const debtor = people.find((p) => p.listed && p !== people[0])?.key;
        const rail = await h.app.inject({
          method: 'POST',
          url: '/v1/checks',
          headers: bearer('rail'),
          payload: { subject: debtor, measure: 'travel.high-speed-rail' },
        });
        expect(rail.json()).toMatchObject({ decision: 'deny' });
        const refused = await h.app.inject({
          method: 'POST',
          url: '/v1/checks',
          headers: bearer('court'),
          payload: { subject: debtor, measure: 'travel.high-speed-rail' },
        });
        expect(refused.statusCode).toBe(403);
        await h.probity.publish(OPERATOR, {
          outDir: scratchDir('probity-authority-pub-'),
          list: DEBTORS,
        });
        const after = (await get('/v1/authority/population?days=4')).json<{
          history: { days: string[]; sizes: Record<string, number[]> };
          lists: { list: string; size: number }[];
          publications: { count: number; last: { list: string; version: number; entries: number } };
          checks: Record<string, { checks: number[]; denials: number[] }>;
        }>();
        expect(after.checks['travel.flight']?.checks).toEqual([0, people.length, 0, 0]);
        // The rail's one check today; the court's refusal is no check answered.
        expect(after.checks['travel.high-speed-rail']).toEqual({
          checks: [0, 0, 0, 1],
          denials: [0, 0, 0, 1],
        });
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

      it('gives the history and checks of a chosen period [from, to), and refuses a period that is none', async () => {
        // The clock is two days after T0 (the test before): the period T0 − 1 day to T0, included.
        const listed = people.filter((p) => p.listed).length;
        const from = formatDate(instant(T0 - DAY));
        const to = formatDate(instant(T0 + DAY));
        const res = await get(`/v1/authority/population?from=${from}&to=${to}`);
        expect(res.statusCode).toBe(200);
        const period = res.json<{
          history: { days: string[]; sizes: Record<string, number[]> };
          checks: Record<string, { checks: number[]; denials: number[] }>;
        }>();
        expect(period.history.days).toEqual([from, formatDate(T0)]);
        expect(period.history.sizes[DEBTORS]).toEqual([0, listed]);
        expect(period.checks['travel.flight']).toEqual({
          checks: [0, people.length],
          denials: [0, listed],
        });
        // `to` alone: the `days` days up to its last day; a `to` after today ends today.
        const upTo = (
          await get(`/v1/authority/population?days=2&to=${formatDate(instant(T0 + DAY))}`)
        ).json<{ history: { days: string[] } }>();
        expect(upTo.history.days).toEqual([from, formatDate(T0)]);
        const future = (await get('/v1/authority/population?days=1&to=2099-01-01')).json<{
          history: { days: string[] };
        }>();
        expect(future.history.days).toEqual([formatDate(h.clock())]);
        for (const query of [
          `from=${to}&to=${from}`,
          `from=${from}&days=2`,
          'from=2099-01-01',
          `from=2020-01-01&to=${to}`,
        ]) {
          const refused = await get(`/v1/authority/population?${query}`);
          expect(refused.statusCode, query).toBe(400);
          expect(errorCode(refused), query).toBe('InvalidRequest');
        }
        expect((await get('/v1/authority/population?from=someday')).statusCode).toBe(422);
      });

      it('answers an instant before the first policy version 422 InvalidInstant, not a server error', async () => {
        for (const url of [
          '/v1/authority/population?at=2000-01-01',
          '/v1/authority/fairness?at=2000-01-01',
        ]) {
          const res = await get(url);
          expect(res.statusCode, url).toBe(422);
          expect(errorCode(res)).toBe('InvalidInstant');
        }
        const simulated = await h.app.inject({
          method: 'POST',
          url: '/v1/authority/policy/simulate',
          headers: bearer('authority'),
          payload: { text: REFERENCE_DOCUMENTS.policyText, at: '2000-01-01' },
        });
        expect(simulated.statusCode).toBe(422);
        expect(errorCode(simulated)).toBe('InvalidInstant');
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

    describe('GET /v1/authority/objections', () => {
      interface AgencyRow {
        agency: string;
        records: number;
        objections: number;
        upheld: number;
        rejected: number;
        pending: number;
        overdue: number;
        medianDaysToDecide: number | null;
        upheldRate: number | null;
        flagged: boolean;
      }

      it("counts each agency's records, objections and outcomes, and flags a high upheld rate", async () => {
        const debtors = people.filter((p) => p.listed);
        const filedAt = h.clock();
        // Fourteen debtors object to their records (the first one's debt is paid already).
        const ids: number[] = [];
        for (let i = 1; i <= 14; i += 1) {
          const answer = await h.probity.fileObjection(
            { kind: 'citizen', subject: debtors[i]?.key ?? '' },
            {
              recordId: debtorRecords[i] ?? 0,
              grounds: 'the debt was settled before the judgment',
            },
          );
          ids.push(answer.objection.id);
        }
        // Three days later the court decides twelve: four records revoked, eight upheld.
        h.clock.advance(3 * DAY);
        const court = { kind: 'agency' as const, agency: (await h.store.findAgency('court'))! };
        for (const [i, id] of ids.slice(0, 12).entries()) {
          await h.probity.decideObjection(court, {
            id,
            outcome: i < 4 ? 'revoked' : 'upheld',
            reason: i < 4 ? 'the payment was found' : 'no payment was made',
          });
        }
        // The two left undecided go past their deadline (15 days after filing).
        h.clock.advance(20 * DAY);
        const from = formatDate(instant(filedAt - 30 * DAY));
        const res = await get(
          `/v1/authority/objections?from=${from}&to=${formatDate(instant(h.clock() + DAY))}`,
        );
        expect(res.statusCode).toBe(200);
        expect(res.body).not.toMatch(IDENTIFIER);
        const rows = res.json<{ agencies: AgencyRow[] }>().agencies;
        expect(rows.find((r) => r.agency === 'court')).toEqual(
          expect.objectContaining({
            records: debtors.length,
            objections: 14,
            upheld: 4,
            rejected: 8,
            pending: 2,
            overdue: 2,
            medianDaysToDecide: 3,
            upheldRate: 4 / 12,
            flagged: true,
          }),
        );
        expect(rows.find((r) => r.agency === 'health')).toEqual(
          expect.objectContaining({
            records: people.length - debtors.length,
            objections: 0,
            medianDaysToDecide: null,
            upheldRate: null,
            flagged: false,
          }),
        );
        // A window before everything holds nobody.
        const empty = await get('/v1/authority/objections?from=2020-01-01&to=2020-02-01');
        expect(empty.json<{ agencies: AgencyRow[] }>().agencies).toEqual([]);
      });

      it('refuses another agency and a caller without a token, and audits the reads', async () => {
        const court = await get('/v1/authority/objections', 'court');
        expect(court.statusCode).toBe(403);
        expect(errorCode(court)).toBe('AuthorityOnly');
        expect((await get('/v1/authority/objections', null)).statusCode).toBe(401);
        const entries = (await h.store.readAudit(0, 100_000)).filter(
          (e) => e.action === 'agency-objections',
        );
        expect(entries.map((e) => [e.actor, e.purpose, e.subject, e.outcome])).toEqual([
          ['agency:authority', 'oversight', '', 'read'],
          ['agency:authority', 'oversight', '', 'read'],
          ['agency:court', 'oversight', '', 'refused AuthorityOnly'],
        ]);
      });
    });

    describe('the policy workbench: POST /v1/authority/policy/*', () => {
      const draft = policyOneVersionUp;
      const post = (path: string, payload: unknown, kind = 'authority') =>
        h.app.inject({
          method: 'POST',
          url: `/v1/authority/policy/${path}`,
          headers: bearer(kind),
          payload: payload as object,
        });

      it('validates a draft: a summary, or every problem with its path, nothing written', async () => {
        const head = await h.store.headSeq();
        const ok = await post('validate', { text: draft });
        expect(ok.statusCode).toBe(200);
        expect(ok.json()).toMatchObject({ valid: true, policy: 'city-reference', version: 3 });
        const broken = await post('validate', {
          text: draft.replace("points: 'record.hours / 10'", "points: 'record.hours /'"),
        });
        expect(broken.statusCode).toBe(200);
        const problems = broken.json<{ valid: boolean; problems: { path: string }[] }>();
        expect(problems.valid).toBe(false);
        expect(problems.problems.length).toBeGreaterThan(0);
        expect(problems.problems[0]?.path).toMatch(/^rules\[\d+\]\.points$/);
        // Each problem points at its line of the text: here, the broken points.
        const lines = draft.split('\n');
        const line = lines.findIndex((l) => l.includes("points: 'record.hours / 10'")) + 1;
        expect(line).toBeGreaterThan(0);
        expect(broken.json<{ problems: { line?: number }[] }>().problems[0]?.line).toBe(line);
        expect(await h.store.headSeq()).toBe(head);
      });

      it('simulates a draft as the command line does, and by district and age band', async () => {
        const population = (await get('/v1/authority/population')).json<{
          lists: { list: string; size: number }[];
        }>();
        const listed = population.lists.find((l) => l.list === DEBTORS)?.size ?? 0;
        expect(listed).toBeGreaterThan(0);
        const res = await post('simulate', { text: draft });
        expect(res.statusCode).toBe(200);
        expect(res.body).not.toMatch(IDENTIFIER);
        interface GroupSim {
          group: string;
          suppressed: boolean;
          subjects?: number;
          lists?: Record<string, { lost: number; before: number }>;
          transitions?: Record<string, Record<string, number>>;
        }
        const sim = res.json<{
          draft: { version: number };
          subjects: number;
          lists: Record<string, { gained: number; lost: number; before: number; after: number }>;
          breakdown: { district: GroupSim[]; ageBand: GroupSim[] };
        }>();
        expect(sim.draft.version).toBe(3);
        // The longer notice period takes every listing of records accepted 45 days ago away.
        expect(sim.lists[DEBTORS]).toEqual({ gained: 0, lost: listed, before: listed, after: 0 });
        for (const dimension of ['district', 'ageBand'] as const) {
          const groups = sim.breakdown[dimension];
          const shown = groups.filter((g) => !g.suppressed);
          const lost = shown.reduce((sum, g) => sum + (g.lists?.[DEBTORS]?.lost ?? 0), 0);
          // Only Dongcheng's five and Fengtai's twelve (none listed) are suppressed.
          expect(lost).toBe(listed);
          const counted = shown.reduce((sum, g) => sum + (g.subjects ?? 0), 0);
          expect(counted).toBe(people.length - 5 - 12);
          for (const g of shown) {
            const moved = Object.values(g.transitions ?? {})
              .flatMap((row) => Object.values(row))
              .reduce((a, b) => a + b, 0);
            expect(moved).toBe(g.subjects);
          }
        }
        for (const group of ['110101', '110106'])
          expect(sim.breakdown.district.find((g) => g.group === group)).toEqual(
            expect.objectContaining({ suppressed: true }),
          );
        const chaoyang = people.filter((p) => p.district === '110105');
        expect(sim.breakdown.district.find((g) => g.group === '110105')?.subjects).toBe(
          chaoyang.length,
        );
      });

      it('refuses bad input with the codes of the command line, 4xx, nothing written', async () => {
        const head = await h.store.headSeq();
        const tomorrow = new Date(h.clock() + DAY).toISOString();
        const notPolicy = await post('simulate', { text: 'id: [' });
        expect(notPolicy.statusCode).toBe(422);
        expect(errorCode(notPolicy)).toBe('PolicyRejected');
        const notValid = await post('activate', { text: 'id: x\n', effectiveFrom: tomorrow });
        expect(notValid.statusCode).toBe(422);
        expect(errorCode(notValid)).toBe('PolicyRejected');
        const past = await post('activate', {
          text: draft,
          effectiveFrom: new Date(h.clock() - DAY).toISOString(),
        });
        expect(past.statusCode).toBe(422);
        expect(errorCode(past)).toBe('PolicyEffectiveInPast');
        const unknown = await post('activate', {
          text: draft,
          effectiveFrom: tomorrow,
          force: true,
        });
        expect(unknown.statusCode).toBe(400);
        expect(errorCode(unknown)).toBe('InvalidRequest');
        const badDate = await post('activate', { text: draft, effectiveFrom: 'soon' });
        expect(badDate.statusCode).toBe(422);
        expect(errorCode(badDate)).toBe('InvalidInstant');
        const huge = await post('validate', { text: 'x'.repeat(3 * 1024 * 1024) });
        expect(huge.statusCode).toBe(413);
        expect(errorCode(huge)).toBe('PayloadTooLarge');
        for (const [path, payload] of [
          ['validate', { text: draft }],
          ['simulate', { text: draft }],
          ['activate', { text: draft, effectiveFrom: tomorrow }],
        ] as const) {
          const other = await post(path, payload, 'court');
          expect(other.statusCode, path).toBe(403);
          expect(errorCode(other)).toBe('AuthorityOnly');
        }
        expect(await h.store.headSeq()).toBe(head);
      });

      it('activates a draft from tomorrow: stored once, in force from then, audited', async () => {
        const tomorrow = new Date(h.clock() + DAY).toISOString();
        const first = await post('activate', { text: draft, effectiveFrom: tomorrow });
        expect(first.statusCode).toBe(201);
        expect(first.json()).toEqual({
          policy: 'city-reference',
          version: 3,
          effectiveFrom: tomorrow,
          added: true,
        });
        const again = await post('activate', { text: draft, effectiveFrom: tomorrow });
        expect(again.statusCode).toBe(200);
        expect(again.json()).toMatchObject({ added: false });
        // The policy in force is still version 2 (the starting draft), version 3 scheduled.
        const inForce = await get('/v1/authority/policy');
        expect(inForce.statusCode).toBe(200);
        expect(inForce.json()).toMatchObject({
          at: new Date(h.clock()).toISOString(),
          policy: 'city-reference',
          version: 2,
          text: REFERENCE_DOCUMENTS.policyText,
          scheduled: [{ policy: 'city-reference', version: 3, effectiveFrom: tomorrow }],
        });
        expect((await get('/v1/authority/policy', 'court')).statusCode).toBe(403);
        expect((await get('/v1/authority/policy', null)).statusCode).toBe(401);
        const today = (await get('/v1/authority/population')).json<{
          policy: { version: number };
        }>();
        expect(today.policy.version).toBe(2);
        h.clock.advance(2 * DAY);
        const later = (await get('/v1/authority/population')).json<{
          policy: { version: number };
          lists: { list: string; size: number }[];
        }>();
        expect(later.policy.version).toBe(3);
        expect((await get('/v1/authority/policy')).json()).toMatchObject({
          version: 3,
          text: draft,
          scheduled: [],
        });
        expect(later.lists.find((l) => l.list === DEBTORS)?.size).toBe(0);
        const entries = (await h.store.readAudit(0, 100_000)).filter((e) =>
          e.action.startsWith('policy-'),
        );
        expect(entries.map((e) => `${e.actor} ${e.action} ${e.outcome}`)).toEqual(
          expect.arrayContaining([
            'agency:authority policy-validate valid',
            'agency:authority policy-validate invalid',
            'agency:authority policy-simulate read',
            'agency:authority policy-simulate refused PolicyRejected',
            'agency:authority policy-activate refused PolicyEffectiveInPast',
            'agency:court policy-activate refused AuthorityOnly',
            'agency:authority policy-activate activated city-reference v3',
            'agency:authority policy-activate unchanged',
            'agency:authority policy-read read',
            'agency:court policy-read refused AuthorityOnly',
          ]),
        );
      });
    });
  });
}
