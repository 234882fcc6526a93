// The notices say what the objection doors do (issue 10 follow-up), through Fastify on SQLite and
// (when PROBITY_TEST_DATABASE_URL is set) PostgreSQL, with a fixed clock moved forward: the
// record's notice names no window of 15 days (an objection is taken 20 days after it), the
// objection decision's notice names the appeal's and the repeat's ends, which are the very
// instants the doors refuse from, and the appeal decision's notice says it is final, as the door
// does (409 DecisionFinal).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DecisionPayload,
  RecordAcceptedPayload,
  SubjectNotice,
} from '../../src/app/notices/index.js';
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
} from './http-harness.js';
import { dueProcessDoors } from './due-process-doors.js';

const LATE = personId('1984-02-03', 51);
const FINAL = personId('1985-04-05', 63);
/** The records' acceptance, the date of their notice: 20 days before the first objection. */
const NOTICED = instant(T0 - 20 * DAY);
const PORTAL = 'http://127.0.0.1:8080/citizen';

function describeObjectionNotices(target: StoreTarget): void {
  describe(`notices that state the objection rules: ${target.name}`, () => {
    let location: string;
    let h: Harness;
    let lateRecord = -1;
    let finalRecord = -1;

    beforeAll(async () => {
      location = await target.newLocation();
      h = await startHarness({
        location,
        before: async (store) => {
          [lateRecord = -1, finalRecord = -1] = await ingestAsCourt(
            store,
            [debtorRecord(LATE, 'on-1', '2026-01-20'), debtorRecord(FINAL, 'on-2', '2026-01-21')],
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

    async function noticesOf(subject: string): Promise<SubjectNotice[]> {
      const res = await h.app.inject({
        url: '/v1/citizen/notices',
        headers: await citizen(subject),
      });
      expect(res.statusCode).toBe(200);
      return res.json<{ notices: SubjectNotice[] }>().notices;
    }

    async function noticeOf<P>(subject: string, kind: string): Promise<P> {
      const notice = (await noticesOf(subject)).find((n) => n.kind === kind);
      expect(notice, kind).toBeDefined();
      return notice?.payload as P;
    }

    it('the record notice names no window of 15 days, and an objection is taken 20 days after it', async () => {
      h.clock.set(T0);
      const notice = await noticeOf<RecordAcceptedPayload>(LATE, 'record-accepted');
      expect(notice.objection).toEqual({
        until: '2029-01-20T00:00:00.000Z',
        how: `如有异议，您可在该记录有效期内随时通过 ${PORTAL} 提出，最迟至2029年1月20日。`,
        door: 'POST /v1/citizen/objections',
        decisionWithin: 'P15D',
      });
      expect(notice.objection.until).toBe(notice.effect.until);
      expect(notice.summaries.en).not.toMatch(/object within|objection window/);
      expect(notice.summaries.en).toContain(
        'must decide within 15 days of your objection; if it has not decided by then, the record has no effect until it does.',
      );
      const ids: number[] = [];
      for (const [subject, recordId] of [
        [LATE, lateRecord],
        [FINAL, finalRecord],
      ] as const) {
        const res = await object(subject, recordId, 'bank transfer 2025-12-18');
        expect(res.statusCode, res.body).toBe(201);
        ids.push(res.json<{ id: number }>().id);
      }
      h.clock.set(instant(T0 + 1 * DAY));
      for (const id of ids) await decide(id);
    });

    it('the authority’s decision is noticed as final with what remains, and the door refuses any new objection (409 DecisionFinal)', async () => {
      h.clock.set(instant(T0 + 2 * DAY));
      const appeal = await post('/v1/citizen/appeals', await citizen(FINAL), {
        recordId: finalRecord,
        grounds: 'the court ignored my receipt',
      });
      expect(appeal.statusCode, appeal.body).toBe(201);
      const appealId = appeal.json<{ appeal: { id: number } }>().appeal.id;
      h.clock.set(instant(T0 + 3 * DAY));
      const decided = await post(`/v1/appeals/${appealId}/decision`, bearer('authority'), {
        outcome: 'upheld',
        reason: 'the listing stands',
      });
      expect(decided.statusCode, decided.body).toBe(201);

      const notice = await noticeOf<DecisionPayload>(FINAL, 'appeal-decided');
      expect(notice).toMatchObject({ final: true, appeal: null, repeat: null });
      expect(notice.summaries.en).toContain(
        'This decision is final: no further objection or appeal can be filed on this record. You can still take it to court',
      );
      expect(notice.summaries['zh-CN']).toContain('该决定为最终决定，不能再就该记录提出异议或申诉');
      await expectRefused(
        () => object(FINAL, finalRecord, 'a receipt never shown before'),
        finalRecord,
        409,
        'DecisionFinal',
        ['final', 'court'],
      );
    });

    it('the objection decision names the appeal’s and the repeat’s ends, the instants the doors refuse from', async () => {
      const notice = await noticeOf<DecisionPayload>(LATE, 'objection-decided');
      const repeatUntil = new Date(Date.UTC(2027, 1, 9, 8, 0, 0)).toISOString(); // NOTICED + P1Y
      const appealBefore = new Date(T0 + 11 * DAY).toISOString(); // the decision + P10D
      expect(notice).toMatchObject({
        appeal: { before: appealBefore, within: 'P10D' },
        repeat: { until: repeatUntil, door: 'POST /v1/citizen/objections' },
        final: false,
      });
      expect(notice.summaries.en).toContain(
        `You may object again only with evidence you have not offered before, by 9 February 2027, 16:00 (Beijing time), at ${PORTAL}.`,
      );
      expect(notice.summaries['zh-CN']).toContain(
        '如有此前未提交过的新证据，您可在2027年2月9日16:00（北京时间）之前',
      );

      // The appeal's end, as noticed: refused from that instant on.
      h.clock.set(instant(Date.parse(appealBefore)));
      const session = await citizen(LATE);
      await expectRefused(
        () =>
          post('/v1/citizen/appeals', session, {
            recordId: lateRecord,
            grounds: 'too late',
          }),
        lateRecord,
        422,
        'AppealWindowClosed',
        [appealBefore],
      );
      // The repeat: only with new evidence, until the instant noticed.
      const justBefore = instant(Date.parse(repeatUntil) - 1_000);
      h.clock.set(justBefore);
      await expectRefused(
        () => object(LATE, lateRecord, 'Bank transfer 2025-12-18'),
        lateRecord,
        422,
        'ObjectionNoNewEvidence',
        ['not offered before', repeatUntil],
      );
      const repeat = await object(LATE, lateRecord, 'court receipt 2026-0415');
      expect(repeat.statusCode, repeat.body).toBe(201);
      h.clock.set(instant(justBefore + 500));
      await decide(repeat.json<{ id: number }>().id);
      h.clock.set(instant(Date.parse(repeatUntil)));
      await expectRefused(
        () => object(LATE, lateRecord, 'a witness statement'),
        lateRecord,
        422,
        'ObjectionWindowClosed',
        [repeatUntil],
      );
    });
  });
}

for (const target of storeTargets('objection_notices')) describeObjectionNotices(target);
