// Subject reads for a purpose from the closed list that the agency's kind may use; 403
// PurposeNotPermitted otherwise. For `enforcement` and `eligibility` the need-to-know view (the
// check answer and its reasons, never the score or the contributions); for `dispute-review` and
// `oversight` the explained evaluation (the CLI `score` JSON). The use case
// (app/subjects/subject-read.ts) authorises and audits every read, allowed or refused (C11).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { agencyOnly } from '../auth/agency-auth.js';
import { callerOf } from '../auth/principal.js';
import type { HttpDeps } from '../http-deps.js';
import { SubjectParams, SubjectQuery, SubjectReadResponse } from '../schemas/api.schemas.js';
import { errorResponses } from '../schemas/error.schema.js';

export const subjectRoutes: FastifyPluginAsyncTypebox<HttpDeps> = async (app, deps) => {
  app.get(
    '/v1/subjects/:identifier',
    {
      onRequest: agencyOnly,
      schema: {
        tags: ['subjects'],
        summary: 'what an agency needs to know of a subject, or its explained standing',
        description:
          'purpose: enforcement/eligibility (agencies enforcing a measure) get the need-to-know view: the decision on each measure their kind enforces, with the lists behind it (dates, legal basis, records), never the score, grade or contributions; dispute-review (an agency that submitted a record about the subject) and oversight (the authority) get the explained evaluation. subject-access is the subject itself (citizen doors). The purposes matrix of docs/http-api.md says who sees what.',
        params: SubjectParams,
        querystring: SubjectQuery,
        response: { 200: SubjectReadResponse, ...errorResponses(400, 401, 403, 422, 429) },
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
