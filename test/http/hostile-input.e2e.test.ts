// Hostile values at the HTTP door, on SQLite and (when PROBITY_TEST_DATABASE_URL is set)
// PostgreSQL: text the stores cannot hold (NUL, lone surrogates) anywhere in a body, a path or a
// query string, ids past 2^53, JSON nested 10 000 deep, values of the wrong JSON type that a
// coercing validator would have turned into text, and an 11 MB value in an error message. Each is
// answered 4xx with the API's error body naming the field, never 5xx; nothing is written; the
// audit chain verifies afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../src/app/audit/audit-verify.js';
import { CitizenSessions } from '../../src/app/citizen/citizen-session.js';
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

const LISTED = personId('1980-05-17', 233);
const FRESH = personId('1985-07-09', 12);

interface ErrorBody {
  error: {
    code: string;
    message: string;
    details: { path: string; code: string; message: string }[];
  };
}

interface Sent {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Record<string, string>;
  /** A JSON text, sent as it is (so that escapes such as \ud800 arrive unparsed). */
  readonly payload?: string;
}

function describeHostileInput(target: StoreTarget): void {
  describe(`hostile input at the HTTP door: ${target.name}`, () => {
    let location: string;
    let h: Harness;
    let record: number;
    let citizen: Record<string, string>;

    beforeAll(async () => {
      location = await target.newLocation();
      h = await startHarness({
        location,
        before: async (store) => {
          [record = -1] = await ingestAsCourt(
            store,
            [debtorRecord(LISTED, 'hostile-1', '2026-01-20')],
            instant(T0 - 20 * DAY),
          );
        },
      });
      const { token } = await new CitizenSessions(h.store).open(LISTED, h.clock());
      citizen = { authorization: `Bearer ${token}` };
    });

    afterAll(async () => {
      await h.close();
      await target.dispose(location);
      await target.end();
    });

    async function send(request: Sent) {
      const res = await h.app.inject({
        method: request.method,
        url: request.url,
        headers: { ...request.headers, 'content-type': 'application/json' },
        ...(request.payload === undefined ? {} : { payload: request.payload }),
      });
      return { status: res.statusCode, body: res.json<ErrorBody>(), length: res.body.length };
    }

    const post = (url: string, headers: Record<string, string>, payload: string): Sent => ({
      method: 'POST',
      url,
      headers,
      payload,
    });
    const recordJson = (sourceRef: string, extra = '') =>
      `{"records":[{"sourceRef":${sourceRef},"subject":"${FRESH}","category":"court.dishonest-debtor","occurredAt":"2026-02-01","fields":{"amount":1000,"caseNumber":"c-1"${extra}}}]}`;

    it('refuses a check for a lone surrogate with 400 InvalidText naming the field, and the audit chain stays whole', async () => {
      // The court enforces nothing: before the door checked text, this was a 403 whose audit
      // entry no longer matched its hash once stored.
      const res = await send(
        post('/v1/checks', bearer('court'), '{"subject":"\\ud800","measure":"travel.flight"}'),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('InvalidText');
      expect(res.body.error.details.map((d) => [d.path, d.code])).toEqual([
        ['body.subject', 'InvalidText'],
      ]);
      expect(res.body.error.message).toContain('lone surrogate (U+D800)');
      expect(await verifyAuditLog(h.store)).toMatchObject({ ok: true });
    });

    const nulCases: [string, () => Sent, string][] = [
      [
        'a check subject',
        () =>
          post('/v1/checks', bearer('aviation'), '{"subject":"\\u0000","measure":"travel.flight"}'),
        'body.subject',
      ],
      [
        'a batch check subject',
        () =>
          post(
            '/v1/checks/batch',
            bearer('aviation'),
            `{"subjects":["${LISTED}","a\\u0000"],"measure":"travel.flight"}`,
          ),
        'body.subjects[1]',
      ],
      [
        'a sourceRef',
        () => post('/v1/records', bearer('court'), recordJson('"a\\u0000b"')),
        'body.records[0].sourceRef',
      ],
      [
        'a field value',
        () =>
          post(
            '/v1/records',
            bearer('court'),
            recordJson('"ok-ref"').replace('"c-1"', '"c\\u0000"'),
          ),
        'body.records[0].fields.caseNumber',
      ],
      [
        'a field name (lone surrogate)',
        () => post('/v1/records', bearer('court'), recordJson('"ok-ref"', ',"\\udc00":1')),
        'body.records[0].fields.\\udc00',
      ],
      [
        'an event reason',
        () =>
          post(
            `/v1/records/${record}/events`,
            bearer('court'),
            '{"type":"suspended","reason":"plan\\u0000"}',
          ),
        'body.reason',
      ],
      [
        'objection grounds',
        () =>
          post(
            '/v1/citizen/objections',
            citizen,
            `{"recordId":${record},"grounds":"I paid\\u0000"}`,
          ),
        'body.grounds',
      ],
      [
        'a path parameter',
        () => ({
          method: 'GET',
          url: '/v1/subjects/%00?purpose=enforcement',
          headers: bearer('aviation'),
        }),
        'params.identifier',
      ],
      [
        'a query string',
        () => ({
          method: 'GET',
          url: `/v1/subjects/${LISTED}?purpose=%00`,
          headers: bearer('aviation'),
        }),
        'querystring.purpose',
      ],
    ];

    it.each(nulCases)(
      'refuses a NUL or lone surrogate in %s with 400 InvalidText naming the field, writing nothing',
      async (_name, request, path) => {
        const head = await h.store.headSeq();
        const audit = (await h.store.lastAudit())?.seq ?? 0;
        const res = await send(request());
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('InvalidText');
        expect(res.body.error.details[0]?.path).toBe(path);
        expect(await h.store.headSeq()).toBe(head);
        expect((await h.store.lastAudit())?.seq ?? 0).toBe(audit);
      },
    );

    it.each([
      [
        'a record id',
        () =>
          post('/v1/records/99999999999999999999/events', bearer('court'), '{"type":"fulfilled"}'),
      ],
      [
        'an objection id',
        () =>
          post(
            '/v1/objections/99999999999999999999/decision',
            bearer('court'),
            '{"outcome":"upheld","reason":"r"}',
          ),
      ],
      [
        'a record id in a body',
        () =>
          post(
            '/v1/citizen/objections',
            citizen,
            '{"recordId":99999999999999999999,"grounds":"g"}',
          ),
      ],
      [
        'a feed cursor',
        (): Sent => ({
          method: 'GET',
          url: '/v1/lists/dishonest-debtors/feed?after=99999999999999999999',
          headers: bearer('aviation'),
        }),
      ],
      [
        'a feed acknowledgement',
        () =>
          post(
            '/v1/lists/dishonest-debtors/feed/ack',
            bearer('aviation'),
            '{"seq":99999999999999999999}',
          ),
      ],
      [
        'a publication version',
        (): Sent => ({
          method: 'GET',
          url: '/v1/publications/dishonest-debtors/99999999999999999999',
          headers: {},
        }),
      ],
    ])('refuses %s past 2^53 with 400 InvalidRequest', async (_name, request) => {
      const res = await send(request());
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('InvalidRequest');
    });

    it('refuses JSON nested 10 000 deep with 400, in a record field and in a check', async () => {
      const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
      const inRecord = await send(
        post('/v1/records', bearer('court'), recordJson('"deep"').replace('1000', deep)),
      );
      expect(inRecord.status).toBe(400);
      expect(inRecord.body.error.code).toBe('InvalidRequest');
      expect(inRecord.body.error.details[0]).toMatchObject({ code: 'TooDeep' });
      expect(
        inRecord.body.error.details[0]?.path.startsWith('body.records[0].fields.amount[0]'),
      ).toBe(true);
      const inCheck = await send(
        post(
          '/v1/checks',
          bearer('aviation'),
          `{"subject":"${LISTED}","measure":"travel.flight","x":${deep}}`,
        ),
      );
      expect(inCheck.status).toBe(400);
    });

    it.each([['0'], ['true'], ['[1]'], ['1.5'], ['null'], ['{"a":"b"}']])(
      'refuses sourceRef %s with 400: a body is never coerced to text',
      async (value) => {
        const head = await h.store.headSeq();
        const res = await send(post('/v1/records', bearer('court'), recordJson(value)));
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('InvalidRequest');
        expect(res.body.error.details).toContainEqual(
          expect.objectContaining({ path: 'body.records[0].sourceRef', code: 'type' }),
        );
        expect(await h.store.headSeq()).toBe(head);
      },
    );

    it('still reads path and query values as numbers where the schema says so', async () => {
      const res = await h.app.inject({
        method: 'GET',
        url: '/v1/lists/dishonest-debtors/feed?after=0&limit=5',
        headers: bearer('aviation'),
      });
      expect(res.statusCode).toBe(200);
    });

    it('quotes an 11 MB invalid subject as a short excerpt, not whole', async () => {
      const big = '1'.repeat(11_000_000);
      const res = await send(
        post(
          '/v1/records',
          bearer('court'),
          JSON.stringify({ records: [debtorRecord(big, 'big', '2026-01-01')] }),
        ),
      );
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('RecordsRejected');
      const detail = res.body.error.details.find((d) => d.path === 'records[0].subject');
      expect(detail?.message).toContain(`"${'1'.repeat(64)}…"`);
      expect(res.length).toBeLessThan(2_000);
      const unknown = await send(
        post('/v1/checks', bearer('aviation'), JSON.stringify({ subject: LISTED, measure: big })),
      );
      expect(unknown.status).toBe(404);
      expect(unknown.length).toBeLessThan(1_000);
    });

    it('answers a path that is not valid UTF-8 with 400 and the API error body', async () => {
      const res = await send({
        method: 'GET',
        url: '/v1/subjects/%ED%A0%80?purpose=enforcement',
        headers: bearer('aviation'),
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'InvalidRequest', details: [] });
    });

    it('leaves an audit chain that verifies after all of it', async () => {
      expect(await verifyAuditLog(h.store)).toMatchObject({ ok: true });
    });
  });
}

for (const target of storeTargets('hostile')) describeHostileInput(target);
