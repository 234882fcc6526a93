// Records: an agency submits a batch of records (atomic: all accepted or duplicates, or 422 with
// one detail per bad item and nothing written) and adds events to its own records (fulfilled,
// suspended, resumed). Every write is audited, accepted or refused.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { formatInstant, parseInstant } from '../../core/time/instant.js';
import { agencyOnly } from '../auth/agency-auth.js';
import { callerOf } from '../auth/principal.js';
import type { HttpDeps } from '../http-deps.js';
import {
  RecordEventBody,
  RecordEventCreated,
  RecordIdParams,
  RecordsBody,
  RecordsCreated,
} from '../schemas/api.schemas.js';
import { errorResponses } from '../schemas/error.schema.js';

export const recordRoutes: FastifyPluginAsyncTypebox<HttpDeps> = async (app, deps) => {
  app.post(
    '/v1/records',
    {
      onRequest: agencyOnly,
      schema: {
        tags: ['records'],
        summary: 'submit a batch of records (atomic)',
        description:
          'Every record must be of a category whose `submitters` include the agency kind (else 403 SubmitterNotAllowed for the whole batch). Any invalid record rejects the batch with 422 and one detail per problem; nothing is written. At most 1 000 records a batch (one ledger transaction, written in one piece; 400 beyond): send more as several batches.',
        body: RecordsBody,
        response: { 201: RecordsCreated, ...errorResponses(400, 401, 403, 413, 422, 429) },
      },
    },
    async (request, reply) => {
      const results = await deps.app.submitRecords(callerOf(request), request.body.records);
      return reply.status(201).send({ results });
    },
  );

  app.post(
    '/v1/records/:id/events',
    {
      onRequest: agencyOnly,
      schema: {
        tags: ['records'],
        summary: 'add an event to a record this agency submitted',
        description:
          'fulfilled (the obligation is met), suspended (payment plan, hardship: reason required), resumed. Only the submitting agency (else 403 NotSubmittingAgency).',
        params: RecordIdParams,
        body: RecordEventBody,
        response: { 201: RecordEventCreated, ...errorResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const { type, reason, at } = request.body;
      const event = await deps.app.addRecordEvent(callerOf(request), {
        recordId: request.params.id,
        type,
        reason,
        at: at === undefined ? undefined : parseInstant(at, 'at'),
      });
      return reply.status(201).send({
        seq: event.seq,
        recordId: event.recordId,
        subject: event.subject,
        type: event.type,
        at: formatInstant(event.at),
        recordedAt: formatInstant(event.recordedAt),
        actor: event.actor,
        reason: event.reason ?? null,
      });
    },
  );
  return Promise.resolve();
};
