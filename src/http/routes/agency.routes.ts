// The agency's own doors (the agency console, docs/http-api.md): who the signed-in agency is and
// what it may submit and check (GET /v1/agency/me), and its own records, a page at a time (GET
// /v1/agency/records). The use cases in src/app/agencies decide;
// the routes parse, call one and answer.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { agencyOnly } from '../auth/agency-auth.js';
import { callerOf } from '../auth/principal.js';
import type { HttpDeps } from '../http-deps.js';
import {
  AgencyRecordsPageView,
  AgencyRecordsQuery,
  OwnAgencyView,
} from '../schemas/agency.schemas.js';
import { errorResponses } from '../schemas/error.schema.js';

export const agencyRoutes: FastifyPluginAsyncTypebox<HttpDeps> = async (app, deps) => {
  app.get(
    '/v1/agency/me',
    {
      onRequest: agencyOnly,
      schema: {
        tags: ['agencies'],
        summary: 'the signed-in agency: who it is, what it may submit and check',
        description:
          "Any agency token. Its id, kind and name; the ids of the catalogue's categories in force it may submit (the rule POST /v1/records enforces: the category's `submitters` include its kind) and of the policy's measures in force it may check (the measure's `enforcers` include its kind). Names no subject: not audited.",
        response: { 200: OwnAgencyView, ...errorResponses(401, 403, 429) },
      },
    },
    async (request) => deps.app.ownAgency(callerOf(request)),
  );

  app.get(
    '/v1/agency/records',
    {
      onRequest: agencyOnly,
      schema: {
        tags: ['records'],
        summary: 'the records this agency submitted, newest first, a page at a time',
        description:
          "Only the calling agency's own records, never another's: newest first (by id), `limit` a page (default 50, at most 200), the next page from `cursor` (the answer's `nextCursor`, null on the last page); `subject` (an identifier, 422 InvalidIdentifier if not valid) and `category` narrow it. Each with its field values now (after any correction), whether it counts now and why not, and its events. Audited as `dispute-review` / `read-own-records`, one entry per subject shown (one naming no one for an empty page).",
        querystring: AgencyRecordsQuery,
        response: { 200: AgencyRecordsPageView, ...errorResponses(400, 401, 403, 422, 429) },
      },
    },
    async (request) => deps.app.listOwnRecords(callerOf(request), request.query),
  );
  return Promise.resolve();
};
