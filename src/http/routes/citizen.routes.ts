// The citizen doors (charter C11, C12): a subject signs in with a one-time code and then reads
// their own score explanation, records, notices and access log. No route here takes a subject
// from the request: the session names it, so a citizen can never ask for someone else's data.
// Every read is itself an access and is audited (actor `subject:<id>`, purpose `subject-access`),
// and every sign-in, refused or not, is audited under the identifier it named: the subject sees
// attempts on their account in their own access log.
import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { OneTimeCodeProvider, citizenSubjectKey } from '../../app/citizen/one-time-code.js';
import { citizenRecords } from '../../app/citizen/citizen-records.js';
import { MAX_NOTICES_PAGE, noticesOf as subjectNotices } from '../../app/notices/index.js';
import { CitizenSessions } from '../../app/citizen/citizen-session.js';
import { DomainError } from '../../core/errors/domain-error.js';
import { formatInstant } from '../../core/time/instant.js';
import { citizenOnly, requireCitizen } from '../auth/citizen-auth.js';
import type { HttpDeps } from '../http-deps.js';
import { SubjectEvaluationSchema } from '../schemas/api.schemas.js';
import {
  AccessLogQuery,
  AccessLogResponse,
  CitizenNoticesResponse,
  CitizenRecordsResponse,
  CitizenSessionBody,
  CitizenSessionCreated,
} from '../schemas/citizen.schemas.js';
import { errorResponses } from '../schemas/error.schema.js';
import { auditEvent } from './audit-access.js';

const SUBJECT_ACCESS = 'subject-access';
/** Sign-in attempts per address per minute, on top of the lock of a code after five wrong tries. */
const SIGN_INS_PER_MINUTE = 30;
const ACCESS_LOG_DEFAULT = 200;
const CITIZEN_SECURITY = [{ citizenToken: [] }];

export const citizenRoutes: FastifyPluginAsyncTypebox<HttpDeps> = async (app, deps) => {
  const provider = new OneTimeCodeProvider(deps.store);
  const sessions = new CitizenSessions(deps.store);

  /** Runs a read of the citizen's own data and audits it, refused or not. */
  async function ownRead<T>(
    request: FastifyRequest,
    action: string,
    read: (subject: string) => Promise<T> | T,
  ): Promise<T> {
    const subject = requireCitizen(request);
    try {
      const result = await read(subject);
      await deps.audit.record([
        auditEvent(request, deps.clock(), {
          purpose: SUBJECT_ACCESS,
          action,
          subject,
          outcome: 'read',
        }),
      ]);
      return result;
    } catch (error) {
      const outcome = error instanceof DomainError ? `refused ${error.code}` : 'failed';
      await deps.audit.record([
        auditEvent(request, deps.clock(), { purpose: SUBJECT_ACCESS, action, subject, outcome }),
      ]);
      throw error;
    }
  }

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
      const now = deps.clock();
      const subject = citizenSubjectKey(request.body.identifier, now);
      const attempt = { purpose: SUBJECT_ACCESS, action: 'sign-in', subject };
      try {
        await provider.authenticate({ identifier: subject, code: request.body.code }, now);
      } catch (error) {
        const outcome = error instanceof DomainError ? `refused ${error.code}` : 'failed';
        await deps.audit.record([auditEvent(request, now, { ...attempt, outcome })]);
        throw error;
      }
      const session = await sessions.open(subject, now);
      const expiresAt = formatInstant(session.expiresAt);
      await deps.audit.record([
        {
          at: now,
          actor: `subject:${subject}`,
          ...attempt,
          outcome: `session opened (${provider.method}) until ${expiresAt}`,
        },
      ]);
      return reply.status(201).send({ token: session.token, expiresAt });
    },
  );

  app.get(
    '/v1/citizen/me',
    {
      preHandler: citizenOnly,
      schema: {
        tags: ['citizen'],
        summary: 'my score, grade, lists and measures, explained',
        description:
          'The same explanation agencies read: the base and every contribution traced to a record and a rule, with what would change it (`outlook`: ends when fulfilled, hard end, repair from), the records that do not count and why, the lists and the measures in effect.',
        security: CITIZEN_SECURITY,
        response: { 200: SubjectEvaluationSchema, ...errorResponses(401, 403, 429, 503) },
      },
    },
    async (request) =>
      ownRead(request, 'read-own-evaluation', (subject) =>
        deps.service.evaluate(subject, deps.clock()),
      ),
  );

  app.get(
    '/v1/citizen/records',
    {
      preHandler: citizenOnly,
      schema: {
        tags: ['citizen'],
        summary: 'my records, each with its events and whether it is in force',
        security: CITIZEN_SECURITY,
        response: { 200: CitizenRecordsResponse, ...errorResponses(401, 403, 429, 503) },
      },
    },
    async (request) =>
      ownRead(request, 'read-own-records', async (subject) => {
        const now = deps.clock();
        const evaluation = deps.service.evaluate(subject, deps.clock());
        const records = await citizenRecords(
          deps.store,
          (r) => deps.service.categoryOf(r),
          evaluation,
          now,
        );
        return { subject, at: formatInstant(now), records };
      }),
  );

  app.get(
    '/v1/citizen/notices',
    {
      preHandler: citizenOnly,
      schema: {
        tags: ['citizen'],
        summary: 'the notices issued to me',
        security: CITIZEN_SECURITY,
        response: { 200: CitizenNoticesResponse, ...errorResponses(401, 403, 429) },
      },
    },
    async (request) =>
      ownRead(request, 'read-own-notices', async (subject) => ({
        notices: await noticesOf(deps, subject),
      })),
  );

  app.get(
    '/v1/citizen/access-log',
    {
      preHandler: citizenOnly,
      schema: {
        tags: ['citizen'],
        summary: 'who read or checked my data, when, why, and with what outcome',
        description:
          'Entries of the tamper-evident audit log naming me, newest first (charter C11).',
        security: CITIZEN_SECURITY,
        querystring: AccessLogQuery,
        response: { 200: AccessLogResponse, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) =>
      ownRead(request, 'read-own-access-log', async (subject) => {
        const entries = await deps.store.auditOfSubject(
          subject,
          request.query.limit ?? ACCESS_LOG_DEFAULT,
        );
        return {
          subject,
          entries: entries.map((e) => ({
            seq: e.seq,
            at: formatInstant(e.at),
            actor: e.actor,
            purpose: e.purpose,
            action: e.action,
            outcome: e.outcome,
          })),
        };
      }),
  );
  return Promise.resolve();
};

/** SEAM(notices): the subject's notices, newest first, from the notice outbox (src/app/notices). */
async function noticesOf(deps: HttpDeps, subject: string): Promise<readonly object[]> {
  return subjectNotices(deps.store, subject, { limit: MAX_NOTICES_PAGE });
}
