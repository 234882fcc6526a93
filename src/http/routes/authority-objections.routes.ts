// Objections and data quality per submitting agency: records submitted, objections filed,
// upheld, rejected, pending, overdue, the median days to decide and the upheld rate, flagged by a
// stated rule. The authority only; the use case (app/authority/agency-objections-read.ts) audits
// every read, refused or not.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseInstant } from '../../core/time/instant.js';
import { agencyOnly } from '../auth/agency-auth.js';
import { callerOf } from '../auth/principal.js';
import type { HttpDeps } from '../http-deps.js';
import { AgencyObjectionsQuery, AgencyObjectionsSchema } from '../schemas/authority.schemas.js';
import { errorResponses } from '../schemas/error.schema.js';

export const authorityObjectionsRoutes: FastifyPluginAsyncTypebox<HttpDeps> = async (app, deps) => {
  app.get(
    '/v1/authority/objections',
    {
      onRequest: agencyOnly,
      schema: {
        tags: ['authority'],
        summary: "objections and their outcomes per submitting agency (each agency's data quality)",
        description:
          'For the authority only (else 403 AuthorityOnly). Per agency, the objections filed in [from, to) (default the last 30 days) on its records: upheld (the agency corrected or revoked the record), rejected (it upheld the record), pending, overdue (past the deadline now), the median days to decide, the upheld rate and whether rule.statement flags it; and the records it submitted in the window. Aggregates only.',
        querystring: AgencyObjectionsQuery,
        response: { 200: AgencyObjectionsSchema, ...errorResponses(400, 401, 403, 422, 429) },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      return deps.app.authorityObjections(callerOf(request), {
        from: from === undefined ? undefined : parseInstant(from, 'from'),
        to: to === undefined ? undefined : parseInstant(to, 'to'),
      });
    },
  );
  return Promise.resolve();
};
