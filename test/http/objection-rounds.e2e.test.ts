// Objections, once and final (issue 10, failure 2), through Fastify on SQLite and (when
// PROBITY_TEST_DATABASE_URL is set) PostgreSQL, with a fixed clock moved forward: after the
// authority's final decision no objection is taken; after an upheld decision, objecting again
// needs new evidence and a repeat never lifts the listing, however late the agency is, so a
// debtor cannot keep a listing suspended by objecting over and over. Every refusal writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instant, type Instant } from '../../src/core/time/instant.js';
import { personId } from '../factories/subjects.js';
import { probity } from '../support/cli-harness.js';
import { storeTargets, type StoreTarget } from '../support/store-targets.js';
import {
  bearer,
  DAY,
  debtorRecord,
  ingestAsCourt,
  startHarness,
  T0,
  type Harness,
} from './http-harness.js';
import { dueProcessDoors } from './due-process-doors.js';

const FINALIST = personId('1981-03-04', 15);
const RESTARTER = personId('1982-06-07', 27);
const REPEATER = personId('1983-09-10', 39);
/** The records' acceptance, which is the date of their notice. */
const NOTICED = instant(T0 - 20 * DAY);
/** NOTICED + P1Y: the repeat objection window's end. */
const REPEAT_END = instant(Date.UTC(2027, 1, 9, 8, 0, 0));

interface ObjectionView {
  id: number;
  status: string;
  deadline: string;
  overdue: boolean;
  repeat: boolean;
  appeal: { id: number } | null;
}

const iso = (t: Instant) => new Date(t).toISOString();

function describeObjectionRounds(target: StoreTarget): void {
  describe(`objections, once and final: ${target.name}`, () => {
    let location: string;
    let h: Harness;
    let finalistRecord = -1;
    let restarterRecord = -1;
    let repeaterRecord = -1;

    beforeAll(async () => {
      location = await target.newLocation();
      h = await startHarness({
        location,
        before: async (store) => {
          [finalistRecord = -1, restarterRecord = -1, repeaterRecord = -1] = await ingestAsCourt(
            store,
            [
              debtorRecord(FINALIST, 'or-1', '2026-01-20'),
              debtorRecord(RESTARTER, 'or-2', '2026-01-21'),
              debtorRecord(REPEATER, 'or-3', '2026-01-22'),
            ],
            NOTICED,
          );
        },
      });
    });

    afterAll(async () => {
      await h.close();
      await target.dispose(location);
      await target.end();
    });

    const { citizen, post, object, decide, expectRefused } = dueProcessDoors(() => h);

    async function flightCheck(subject: string): Promise<string> {
      const res = await post('/v1/checks', bearer('aviation'), {
        subject,
        measure: 'travel.flight',
        purpose: 'enforcement',
      });
      expect(res.statusCode).toBe(200);
      return res.json<{ decision: string }>().decision;
    }

    let repeatId = -1;

    it('final, then objecting again: refused (409 DecisionFinal), the listing stands', async () => {
      h.clock.set(T0);
      expect(await flightCheck(FINALIST)).toBe('deny');
      const first = await object(FINALIST, finalistRecord, 'bank transfer 2025-12-18');
      expect(first.statusCode).toBe(201);
      h.clock.set(instant(T0 + 1 * DAY));
      await decide(first.json<ObjectionView>().id);
      h.clock.set(instant(T0 + 2 * DAY));
      const appeal = await post('/v1/citizen/appeals', await citizen(FINALIST), {
        recordId: finalistRecord,
        grounds: 'the court ignored my receipt',
      });
      expect(appeal.statusCode).toBe(201);
      const appealId = appeal.json<ObjectionView>().appeal?.id ?? -1;
      h.clock.set(instant(T0 + 3 * DAY));
      const final = await post(`/v1/appeals/${appealId}/decision`, bearer('authority'), {
        outcome: 'upheld',
        reason: 'the listing stands',
      });
      expect(final.statusCode).toBe(201);

      h.clock.set(instant(T0 + 4 * DAY));
      await expectRefused(
        () => object(FINALIST, finalistRecord, 'a receipt never shown before'),
        finalistRecord,
        409,
        'DecisionFinal',
        ['final', iso(instant(T0 + 3 * DAY)), 'court'],
      );
      await expectRefused(
        () => object(FINALIST, finalistRecord),
        finalistRecord,
        409,
        'DecisionFinal',
        ['final'],
      );
      // No new deadline: the listing stands long after the one a new objection would have had.
      h.clock.set(instant(T0 + 40 * DAY));
      expect(await flightCheck(FINALIST)).toBe('deny');
    });

    it('upheld, then objecting again without new evidence: refused (422 ObjectionNoNewEvidence), no new deadline', async () => {
      h.clock.set(instant(T0 + 40 * DAY));
      const first = await object(RESTARTER, restarterRecord, 'bank transfer 2025-12-18');
      expect(first.statusCode).toBe(201);
      h.clock.set(instant(T0 + 41 * DAY));
      await decide(first.json<ObjectionView>().id);

      h.clock.set(instant(T0 + 42 * DAY));
      const appealUntil = iso(instant(T0 + 51 * DAY));
      await expectRefused(
        () => object(RESTARTER, restarterRecord),
        restarterRecord,
        422,
        'ObjectionNoNewEvidence',
        ['not offered before', iso(REPEAT_END), appealUntil],
      );
      await expectRefused(
        () => object(RESTARTER, restarterRecord, '  Bank Transfer   2025-12-18 '),
        restarterRecord,
        422,
        'ObjectionNoNewEvidence',
        ['earlier round'],
      );
      // No deadline was restarted: the listing stands past the one a repeat would have had.
      h.clock.set(instant(T0 + 57 * DAY));
      expect(await flightCheck(RESTARTER)).toBe('deny');
      expect(first.json<ObjectionView>().repeat).toBe(false);
    });

    it('a repeat with new evidence is taken, and never lifts the listing past its deadline', async () => {
      h.clock.set(instant(T0 + 57 * DAY));
      const first = await object(REPEATER, repeaterRecord, 'bank transfer 2025-12-18');
      expect(first.statusCode).toBe(201);
      h.clock.set(instant(T0 + 58 * DAY));
      await decide(first.json<ObjectionView>().id);
      h.clock.set(instant(T0 + 59 * DAY));
      const repeat = await object(
        REPEATER,
        repeaterRecord,
        'bank transfer 2025-12-18\ncourt receipt 2026-0415',
      );
      expect(repeat.statusCode).toBe(201);
      const view = repeat.json<ObjectionView>();
      repeatId = view.id;
      await expectRefused(
        () => object(REPEATER, repeaterRecord, 'yet another receipt'),
        repeaterRecord,
        409,
        'ObjectionOpen',
        [`objection ${repeatId}`],
      );

      // The repeat's deadline (T0 + 59 d + P15D) passes undecided: the agency is late, the
      // listing stands.
      h.clock.set(instant(T0 + 74 * DAY));
      expect(await flightCheck(REPEATER)).toBe('deny');
      h.clock.set(instant(T0 + 120 * DAY));
      expect(await flightCheck(REPEATER)).toBe('deny');
      expect(view).toMatchObject({ status: 'open', repeat: true, overdue: false });
      const queue = await h.app.inject({
        method: 'GET',
        url: '/v1/objections?status=open',
        headers: bearer('court'),
      });
      expect(queue.statusCode).toBe(200);
      const queued = queue
        .json<{ objections: ObjectionView[] }>()
        .objections.find((o) => o.id === repeatId);
      expect(queued).toMatchObject({ repeat: true, overdue: true });

      // The agency's queue at the command line says the same, in words too.
      const cli = (...args: string[]) =>
        probity(['objection', 'list', '--agency', 'court', '--db', location, ...args]);
      const listed = await cli('--now', iso(instant(T0 + 120 * DAY)), '--json');
      expect(listed.code).toBe(0);
      const [answer] = listed.json<{ objections: ObjectionView[] }>();
      expect(answer?.objections.find((o) => o.id === repeatId)).toMatchObject({
        repeat: true,
        overdue: true,
      });
      const text = await cli('--now', iso(instant(T0 + 120 * DAY)));
      expect(text.stdout).toContain(
        `objection ${repeatId} on record ${repeaterRecord} (court.dishonest-debtor), a repeat: open`,
      );
      expect(text.stdout).toContain('a repeat objection: the record keeps counting meanwhile');
    });

    it('a decided repeat can be followed by another only with evidence still new (422 ObjectionNoNewEvidence)', async () => {
      h.clock.set(instant(T0 + 121 * DAY));
      await decide(repeatId);
      expect(await flightCheck(REPEATER)).toBe('deny');
      await expectRefused(
        () => object(REPEATER, repeaterRecord, 'Court receipt 2026-0415'),
        repeaterRecord,
        422,
        'ObjectionNoNewEvidence',
        ['not offered before'],
      );
    });

    it('refuses bad evidence with a stable code and writes nothing: not text or too long (400), blank lines only on a repeat (422)', async () => {
      const session = await citizen(REPEATER);
      for (const [evidence, status, code] of [
        [42, 400, 'InvalidRequest'],
        [['a', 'b'], 400, 'InvalidRequest'],
        ['x'.repeat(20_001), 400, 'InvalidRequest'],
        ['\n  \n\t\n', 422, 'ObjectionNoNewEvidence'],
      ] as const) {
        await expectRefused(
          () =>
            post('/v1/citizen/objections', session, {
              recordId: repeaterRecord,
              grounds: 'again',
              evidence,
            }),
          repeaterRecord,
          status,
          code,
          [],
        );
      }
    });

    it('refuses a repeat from the notice + P1Y on (422 ObjectionWindowClosed), with the dates', async () => {
      h.clock.set(REPEAT_END);
      await expectRefused(
        () => object(REPEATER, repeaterRecord, 'a witness statement'),
        repeaterRecord,
        422,
        'ObjectionWindowClosed',
        [iso(REPEAT_END), iso(NOTICED), 'court'],
      );
      expect(await flightCheck(REPEATER)).toBe('deny');
    });
  });
}

for (const target of storeTargets('objection_rounds')) describeObjectionRounds(target);
