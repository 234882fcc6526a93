// The authority's population view: subjects by kind, grades per kind, list sizes now and over the
// last days, publications. The authority only (403 AuthorityOnly for another agency, AgencyOnly
// for a citizen session, 401 without a token); the use case (app/authority/population-read.ts)
// audits every read, refused or not.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseInstant } from '../../core/time/instant.js';
import { agencyOnly } from '../auth/agency-auth.js';
import { callerOf } from '../auth/principal.js';
import type { HttpDeps } from '../http-deps.js';
import { PopulationQuery, PopulationSchema } from '../schemas/authority.schemas.js';
import { errorResponses } from '../schemas/error.schema.js';

export const authorityPopulationRoutes: FastifyPluginAsyncTypebox<HttpDeps> = async (app, deps) => {
  app.get(
    '/v1/authority/population',
    {
      onRequest: agencyOnly,
      schema: {
        tags: ['authority'],
        summary:
          'the population: subjects by kind, grades, list sizes now and over time, publications',
        description:
          "For the authority only (else 403 AuthorityOnly). Aggregates only, no identifier. Grades and list sizes are the engine scoring every subject at `at` (default now); the history is the list feeds' size at the end of each of the last `days` days.",
        querystring: PopulationQuery,
        response: { 200: PopulationSchema, ...errorResponses(400, 401, 403, 422, 429) },
      },
    },
    async (request) => {
      const { at, days } = request.query;
      return deps.app.authorityPopulation(callerOf(request), {
        at: at === undefined ? undefined : parseInstant(at, 'at'),
        days,
      });
    },
  );
  return Promise.resolve();
};
