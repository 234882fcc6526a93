// The fairness monitor: list membership and check denial rates of persons by district, age band
// and sex, read from the identifier itself, small groups suppressed and disparities flagged by a
// stated rule. The authority only; the use case (app/authority/fairness-read.ts) audits every
// read, refused or not.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseInstant } from '../../core/time/instant.js';
import { agencyOnly } from '../auth/agency-auth.js';
import { callerOf } from '../auth/principal.js';
import type { HttpDeps } from '../http-deps.js';
import { FairnessQuery, FairnessSchema } from '../schemas/authority.schemas.js';
import { errorResponses } from '../schemas/error.schema.js';

export const authorityFairnessRoutes: FastifyPluginAsyncTypebox<HttpDeps> = async (app, deps) => {
  app.get(
    '/v1/authority/fairness',
    {
      onRequest: agencyOnly,
      schema: {
        tags: ['authority'],
        summary: 'the fairness monitor: membership and denial rates by district, age band and sex',
        description:
          "For the authority only (else 403 AuthorityOnly). Persons only, grouped by what their resident identity number says: district (Beijing districts, else other), age band at `at`, sex. Membership: persons scorable at `at` on each list; denials: the agencies' checks in [from, to) (default the last 30 days) answered deny. Groups of fewer than rule.suppressBelow persons are suppressed; flags follow rule.statement. Aggregates only, no identifier.",
        querystring: FairnessQuery,
        response: { 200: FairnessSchema, ...errorResponses(400, 401, 403, 422, 429) },
      },
    },
    async (request) => {
      const { at, from, to } = request.query;
      const instantOf = (text: string | undefined, what: string) =>
        text === undefined ? undefined : parseInstant(text, what);
      return deps.app.authorityFairness(callerOf(request), {
        at: instantOf(at, 'at'),
        from: instantOf(from, 'from'),
        to: instantOf(to, 'to'),
      });
    },
  );
  return Promise.resolve();
};
