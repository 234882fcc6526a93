// Records: an agency submits a batch of records (atomic: all accepted or duplicates, or 422 with
// one detail per bad item and nothing written) and adds events to its own records (fulfilled,
// suspended, resumed). Every write is audited, accepted or refused.
import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DomainError } from '../../core/errors/domain-error.js';
import { formatInstant, parseInstant } from '../../core/time/instant.js';
import { agencyOnly, requireAgency } from '../auth/agency-auth.js';
import type { HttpDeps } from '../http-deps.js';
import {
  RecordEventBody,
  RecordEventCreated,
  RecordIdParams,
  RecordsBody,
  RecordsCreated,
} from '../schemas/api.schemas.js';
import { errorResponses } from '../schemas/error.schema.js';
import { auditEvent } from './audit-access.js';

function outcomeOf(error: unknown): string {
  return error instanceof DomainError ? `rejected ${error.code}` : 'failed';
}

export const recordRoutes: FastifyPluginAsyncTypebox<HttpDeps> = async (app, deps) => {
  app.post(
    '/v1/records',
    {
      preHandler: agencyOnly,
      schema: {
        tags: ['records'],
        summary: 'submit a batch of records (atomic)',
        description:
          'Every record must be of a category whose `submitters` include the agency kind (else 403 SubmitterNotAllowed for the whole batch). Any invalid record rejects the batch with 422 and one detail per problem; nothing is written.',
        body: RecordsBody,
        response: { 201: RecordsCreated, ...errorResponses(400, 401, 403, 413, 422, 429) },
      },
    },
    async (request, reply) => {
      const agency = requireAgency(request);
      const now = deps.clock();
      try {
        const results = await deps.service.submitRecords(agency, request.body.records);
        await deps.audit.record(
          results.map((r, i) =>
            auditEvent(request, now, {
              purpose: 'write',
              action: 'submit-record',
              subject: request.body.records[i]?.subject ?? '',
              outcome: r.status,
            }),
          ),
        );
        return reply.status(201).send({ results });
      } catch (error) {
        await deps.audit.record([
          auditEvent(request, now, {
            purpose: 'write',
            action: 'submit-records',
            subject: '',
            outcome: outcomeOf(error),
          }),
        ]);
        throw error;
      }
    },
  );

  app.post(
    '/v1/records/:id/events',
    {
      preHandler: agencyOnly,
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
      const agency = requireAgency(request);
      const now = deps.clock();
      const { type, reason, at } = request.body;
      try {
        const event = await deps.service.addRecordEvent(agency, {
          recordId: request.params.id,
          type,
          reason,
          at: at === undefined ? undefined : parseInstant(at, 'at'),
        });
        await deps.audit.record([
          auditEvent(request, now, {
            purpose: 'write',
            action: `record-${type}`,
            subject: event.subject,
            outcome: 'accepted',
          }),
        ]);
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
      } catch (error) {
        await deps.audit.record([
          auditEvent(request, now, {
            purpose: 'write',
            action: `record-${type}`,
            subject: `record:${request.params.id}`,
            outcome: outcomeOf(error),
          }),
        ]);
        throw error;
      }
    },
  );
  return Promise.resolve();
};
