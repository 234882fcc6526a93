// Subject reads: the explained evaluation of one subject (the CLI `score` JSON) for a purpose
// from the closed list that the agency's kind may use; 403 PurposeNotPermitted otherwise. The use
// case (app/subjects/subject-read.ts) authorises and audits every read, allowed or refused (C11).
import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { agencyOnly } from '../auth/agency-auth.js';
import { callerOf } from '../auth/principal.js';
import type { HttpDeps } from '../http-deps.js';
import { SubjectEvaluationSchema, SubjectParams, SubjectQuery } from '../schemas/api.schemas.js';
import { errorResponses } from '../schemas/error.schema.js';

export const subjectRoutes: FastifyPluginAsyncTypebox<HttpDeps> = async (app, deps) => {
  app.get(
    '/v1/subjects/:identifier',
    {
      onRequest: agencyOnly,
      schema: {
        tags: ['subjects'],
        summary: "a subject's score, grade, lists and measures, explained",
        description:
          'purpose: enforcement/eligibility (agencies enforcing a measure), dispute-review (an agency that submitted a record about the subject), oversight (the authority). subject-access is the subject itself (citizen doors).',
        params: SubjectParams,
        querystring: SubjectQuery,
        response: { 200: SubjectEvaluationSchema, ...errorResponses(400, 401, 403, 422, 429) },
      },
    },
    async (request) =>
      deps.app.readSubject(callerOf(request), {
        identifier: request.params.identifier,
        purpose: request.query.purpose,
      }),
  );
  return Promise.resolve();
};
