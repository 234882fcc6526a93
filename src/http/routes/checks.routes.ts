// Checks: may this subject be subjected to (or benefit from) a measure? The use case
// (app/checks/measure-check.ts) authorises, answers from the standing and audits every subject.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { agencyOnly } from '../auth/agency-auth.js';
import { callerOf } from '../auth/principal.js';
import type { HttpDeps } from '../http-deps.js';
import {
  BatchCheckBody,
  BatchCheckResponse,
  CheckBody,
  CheckResponse,
} from '../schemas/api.schemas.js';
import { errorResponses } from '../schemas/error.schema.js';

export const checkRoutes: FastifyPluginAsyncTypebox<HttpDeps> = async (app, deps) => {
  app.post(
    '/v1/checks',
    {
      onRequest: agencyOnly,
      schema: {
        tags: ['checks'],
        summary: 'check one subject against a measure',
        description:
          'The CLI `check` JSON plus `checkId`. 403 NotAnEnforcer when the agency kind does not enforce the measure; 422 for an invalid identifier.',
        body: CheckBody,
        response: { 200: CheckResponse, ...errorResponses(400, 401, 403, 404, 422, 429) },
      },
    },
    async (request) => deps.app.check(callerOf(request), request.body),
  );

  app.post(
    '/v1/checks/batch',
    {
      onRequest: agencyOnly,
      schema: {
        tags: ['checks'],
        summary: 'check many subjects against one measure',
        description:
          'One result per subject, in input order: at most 1 000 000 subjects per request (400 above), within the body limit (413; 64 MiB by default). An invalid identifier gives an item with `error` instead of a decision; it does not fail the batch. A batch is checked 2 000 subjects at a time, and the server answers other requests between chunks; every subject is checked as of the same instant, against the ledger as it stands when its chunk runs.',
        body: BatchCheckBody,
        response: { 200: BatchCheckResponse, ...errorResponses(400, 401, 403, 404, 413, 429) },
      },
    },
    async (request) => deps.app.checkBatch(callerOf(request), request.body),
  );
  return Promise.resolve();
};
