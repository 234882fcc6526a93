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
          "For the authority only (else 403 AuthorityOnly). Aggregates only, no identifier. Grades and list sizes are the engine scoring every subject at `at` (default now); the history is the list feeds' size at the end of each day of the period (the last `days` days, or the UTC days [from, to) touches, at most 366, the last at the latest today), the checks are those answered on each of its days. 400 InvalidRequest for `from` with `days`, `to` not after `from`, or a period of no day or over 366.",
        querystring: PopulationQuery,
        response: { 200: PopulationSchema, ...errorResponses(400, 401, 403, 422, 429) },
      },
    },
    async (request) => {
      const { at, days, from, to } = request.query;
      const instantOf = (text: string | undefined, what: string) =>
        text === undefined ? undefined : parseInstant(text, what);
      return deps.app.authorityPopulation(callerOf(request), {
        at: instantOf(at, 'at'),
        days,
        from: instantOf(from, 'from'),
        to: instantOf(to, 'to'),
      });
    },
  );
  return Promise.resolve();
};
