// The citizen doors (charter C11, C12): a subject signs in with a one-time code and then reads
// their own score explanation, records, notices and access log. No route here takes a subject
// from the request: the session names it, so a citizen can never ask for someone else's data.
// Every read is itself an access and is audited (actor `subject:<id>`, purpose `subject-access`),
// and every sign-in, refused or not, is audited under the identifier it named: the subject sees
// attempts on their account in their own access log. The use cases (src/app/citizen) do both.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { formatInstant } from '../../core/time/instant.js';
import { Type } from 'typebox';
import { bearerToken } from '../auth/agency-auth.js';
import { citizenOnly } from '../auth/citizen-auth.js';
import { callerOf } from '../auth/principal.js';
import type { HttpDeps } from '../http-deps.js';
import { SubjectEvaluationSchema } from '../schemas/api.schemas.js';
import {
  AccessLogQuery,
  AccessLogResponse,
  CitizenExportResponse,
  CitizenNoticesResponse,
  CitizenPreferencesBody,
  CitizenPreferencesResponse,
  CitizenRecordsResponse,
  CitizenScoreHistoryQuery,
  CitizenScoreHistoryResponse,
  CitizenSessionBody,
  CitizenSessionCreated,
} from '../schemas/citizen.schemas.js';
import { errorResponses } from '../schemas/error.schema.js';

/** Sign-in attempts per address per minute, on top of the lock of a code after five wrong tries. */
const SIGN_INS_PER_MINUTE = 30;
const CITIZEN_SECURITY = [{ citizenToken: [] }];

export const citizenRoutes: FastifyPluginAsyncTypebox<HttpDeps> = async (app, deps) => {
  app.post(
    '/v1/citizen/session',
    {
      config: { rateLimit: { max: SIGN_INS_PER_MINUTE, timeWindow: 60_000 } },
      schema: {
        tags: ['citizen'],
        summary: 'sign in with a one-time code',
        description:
          'Opens a one-hour session for the subject named by `identifier` with the code from `probity citizen code` (or the subject’s registered channel). A wrong, expired, used or locked code (five wrong tries lock a code) all answer 401 CitizenCodeInvalid.',
        security: [],
        body: CitizenSessionBody,
        response: { 201: CitizenSessionCreated, ...errorResponses(400, 401, 422, 429) },
      },
    },
    async (request, reply) => {
      const session = await deps.app.signInCitizen(callerOf(request), request.body);
      return reply
        .status(201)
        .send({ token: session.token, expiresAt: formatInstant(session.expiresAt) });
    },
  );

  app.delete(
    '/v1/citizen/session',
    {
      schema: {
        tags: ['citizen'],
        summary: 'sign out: end my session on the server',
        description:
          'Ends the session the bearer token stands for: the token is refused (401) at every citizen door from then on. Only this session ends (another device keeps its own until it expires or signs out). Audited in my access log as `sign-out`. Idempotent: a citizen token that has ended already (signed out, expired) answers 204 too, and audits nothing.',
        security: CITIZEN_SECURITY,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 429) },
      },
    },
    async (request, reply) => {
      await deps.app.signOutCitizen(callerOf(request), { token: bearerToken(request) });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/v1/citizen/me',
    {
      onRequest: citizenOnly,
      schema: {
        tags: ['citizen'],
        summary: 'my score, grade, lists and measures, explained',
        description:
          'The same explanation the authority reads (enforcers get only the decisions and their reasons): the base and every contribution traced to a record and a rule, with what would change it (`outlook`: ends when fulfilled, hard end, repair from), the records that do not count and why, the lists and the measures in effect.',
        security: CITIZEN_SECURITY,
        response: { 200: SubjectEvaluationSchema, ...errorResponses(401, 403, 429, 503) },
      },
    },
    async (request) => deps.app.readOwnEvaluation(callerOf(request)),
  );

  app.get(
    '/v1/citizen/records',
    {
      onRequest: citizenOnly,
      schema: {
        tags: ['citizen'],
        summary: 'my records, each with its events and whether it is in force',
        security: CITIZEN_SECURITY,
        response: { 200: CitizenRecordsResponse, ...errorResponses(401, 403, 429, 503) },
      },
    },
    async (request) => deps.app.readOwnRecords(callerOf(request)),
  );

  app.get(
    '/v1/citizen/notices',
    {
      onRequest: citizenOnly,
      schema: {
        tags: ['citizen'],
        summary: 'the notices issued to me',
        security: CITIZEN_SECURITY,
        response: { 200: CitizenNoticesResponse, ...errorResponses(401, 403, 429) },
      },
    },
    async (request) => deps.app.readOwnNotices(callerOf(request)),
  );

  app.get(
    '/v1/citizen/access-log',
    {
      onRequest: citizenOnly,
      schema: {
        tags: ['citizen'],
        summary: 'who read or checked my data, when, why, and with what outcome',
        description:
          'Entries of the tamper-evident audit log naming me, newest first (charter C11), one page at a time (at most 1000 entries; `next` is the cursor of the following page), filtered by agency, purpose and dates, with the counts of the whole log by actor and purpose.',
        security: CITIZEN_SECURITY,
        querystring: AccessLogQuery,
        response: { 200: AccessLogResponse, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const log = await deps.app.readOwnAccessLog(callerOf(request), request.query);
      return {
        subject: log.subject,
        entries: log.entries.map((e) => ({
          seq: e.seq,
          at: formatInstant(e.at),
          actor: e.actor,
          purpose: e.purpose,
          action: e.action,
          outcome: e.outcome,
        })),
        ...(log.next !== undefined && { next: log.next }),
        total: log.total,
        counts: log.counts.map((c) => ({
          ...c,
          first: formatInstant(c.first),
          last: formatInstant(c.last),
        })),
      };
    },
  );

  app.get(
    '/v1/citizen/score-history',
    {
      onRequest: citizenOnly,
      schema: {
        tags: ['citizen'],
        summary: 'my score and grade over time',
        description:
          'My score and grade at evenly spaced instants over the last `days` days (default 365; at most 61 points, the last now), each as the standing computes it for that instant: a record counts at a point only once it had been recorded by then. Instants before any policy was in force have no score and are left out.',
        security: CITIZEN_SECURITY,
        querystring: CitizenScoreHistoryQuery,
        response: { 200: CitizenScoreHistoryResponse, ...errorResponses(400, 401, 403, 429, 503) },
      },
    },
    async (request) => deps.app.readOwnScoreHistory(callerOf(request), request.query),
  );

  app.get(
    '/v1/citizen/export',
    {
      onRequest: citizenOnly,
      schema: {
        tags: ['citizen'],
        summary: 'download all my data (one JSON document)',
        description:
          'Everything Probity holds about me, as of one instant: my score explained (as /v1/citizen/me), my records with their events (objections, decisions, appeals, repairs), the notices issued to me, my whole access log (newest first; `complete` is false past 20 000 entries) and my preferences. Served as an attachment; audited as one subject-access (export-own-data).',
        security: CITIZEN_SECURITY,
        response: { 200: CitizenExportResponse, ...errorResponses(401, 403, 429, 503) },
      },
    },
    async (request, reply) => {
      const data = await deps.app.exportOwnData(callerOf(request));
      const day = data.exportedAt.slice(0, 10);
      return reply
        .header('content-disposition', `attachment; filename="probity-my-data-${day}.json"`)
        .send(data);
    },
  );

  app.get(
    '/v1/citizen/preferences',
    {
      onRequest: citizenOnly,
      schema: {
        tags: ['citizen'],
        summary: 'my preferences: the language my notices are written in',
        security: CITIZEN_SECURITY,
        response: { 200: CitizenPreferencesResponse, ...errorResponses(401, 403, 429) },
      },
    },
    async (request) => deps.app.readOwnPreferences(callerOf(request)),
  );

  app.put(
    '/v1/citizen/preferences',
    {
      onRequest: citizenOnly,
      schema: {
        tags: ['citizen'],
        summary: 'choose the language my notices are written in',
        description:
          'zh-CN (the default) or en. Notices composed from then on are written in it (`summary`); notices already issued keep their words, and every notice carries both languages in `summaries`.',
        security: CITIZEN_SECURITY,
        body: CitizenPreferencesBody,
        response: { 200: CitizenPreferencesResponse, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) => deps.app.setOwnPreferences(callerOf(request), request.body),
  );
  return Promise.resolve();
};
