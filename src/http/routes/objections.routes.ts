// Due process at the HTTP doors (charter C7, C8; interfaces.md):
//  - the subject (citizen session), on their own records only (another subject's record is 404,
//    like a missing one): POST /v1/citizen/objections, /v1/citizen/appeals, /v1/citizen/repairs;
//  - the submitting agency: GET /v1/objections?status=open|decided|all (its queue, with deadlines
//    and overdue flags) and POST /v1/objections/{id}/decision;
//  - the authority: GET /v1/appeals?status=... and POST /v1/appeals/{id}/decision (final).
// Every write is one ledger event, followed by the standing so that checks and list feeds follow
// at once; every access, accepted or refused, is audited (charter C11). The use cases in
// src/app/due-process do all of it; the routes parse, call one and answer.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { formatInstant } from '../../core/time/instant.js';
import { agencyOnly } from '../auth/agency-auth.js';
import { citizenOnly } from '../auth/citizen-auth.js';
import { callerOf } from '../auth/principal.js';
import type { HttpDeps } from '../http-deps.js';
import {
  AppealBody,
  AppealList,
  DecisionBody,
  DueProcessIdParams,
  ObjectionBody,
  ObjectionList,
  ObjectionView,
  QueueQuery,
  RepairBody,
  RepairGranted,
} from '../schemas/due-process.schemas.js';
import { errorResponses } from '../schemas/error.schema.js';

export const objectionRoutes: FastifyPluginAsyncTypebox<HttpDeps> = async (app, deps) => {
  // ---- The subject ---------------------------------------------------------------------------

  app.post(
    '/v1/citizen/objections',
    {
      onRequest: citizenOnly,
      schema: {
        tags: ['due process'],
        summary: 'object to one of your records',
        description:
          "Grounds required, evidence optional (one item per line). The submitting agency must decide within the category objectionDeadline (default P15D); undecided past it, the record has no effect until decided. One open objection per record (409 ObjectionOpen, or 409 AppealOpen during an appeal). After a decision, a repeat objection needs evidence not offered before (422 ObjectionNoNewEvidence) and is filed within a year of the record's notice (422 ObjectionWindowClosed); it never lifts the record's effect. After the authority's decision on an appeal, nothing more (409 DecisionFinal). A revoked, repaired or expired record cannot be objected to (409). Another subject's record is 404.",
        body: ObjectionBody,
        response: { 201: ObjectionView, ...errorResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const { objection } = await deps.app.fileObjection(callerOf(request), request.body);
      return reply.status(201).send(objection);
    },
  );

  app.post(
    '/v1/citizen/appeals',
    {
      onRequest: citizenOnly,
      schema: {
        tags: ['due process'],
        summary: "appeal the agency's decision on your objection to the authority",
        description:
          'Before decidedAt + P10D (422 AppealWindowClosed from that instant). The record stays as the decision left it during the review. The authority decides once and finally (409 DecisionFinal for a second appeal). The answer is the objection, with the appeal under `appeal` (its id is the appeal id).',
        body: AppealBody,
        response: { 201: ObjectionView, ...errorResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const { objection } = await deps.app.fileAppeal(callerOf(request), request.body);
      return reply.status(201).send(objection);
    },
  );

  app.post(
    '/v1/citizen/repairs',
    {
      onRequest: citizenOnly,
      schema: {
        tags: ['due process'],
        summary: 'ask for the repair of one of your records',
        description:
          'Granted (201) when the record is adverse, its obligation performed (fulfilled) where it has one, and occurredAt + repairAfter has passed; the record then stops counting everywhere. Otherwise 422 with every reason in details: RepairNotApplicable, RepairNotFulfilled, RepairTooEarly (the message gives the instant repair becomes possible).',
        body: RepairBody,
        response: { 201: RepairGranted, ...errorResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const event = await deps.app.requestRepair(callerOf(request), request.body);
      return reply.status(201).send({
        recordId: event.recordId,
        status: 'granted' as const,
        seq: event.seq,
        repairedAt: formatInstant(event.at),
        by: event.actor,
        reason: event.reason ?? '',
      });
    },
  );

  // ---- The submitting agency -----------------------------------------------------------------

  app.get(
    '/v1/objections',
    {
      onRequest: agencyOnly,
      schema: {
        tags: ['due process'],
        summary: 'the objections on records this agency submitted',
        description:
          'status: open (default: undecided, oldest first, with deadline and overdue), decided, or all.',
        querystring: QueueQuery,
        response: { 200: ObjectionList, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) => ({
      objections: await deps.app.listObjections(callerOf(request), {
        status: request.query.status,
      }),
    }),
  );

  app.post(
    '/v1/objections/:id/decision',
    {
      onRequest: agencyOnly,
      schema: {
        tags: ['due process'],
        summary: 'decide an objection on a record this agency submitted',
        description:
          'upheld, corrected (`fields`: the values to change, validated against the catalogue) or revoked, with a reason. Only the submitting agency (403 NotSubmittingAgency); once (409 ObjectionDecided). A late decision reinstates (upheld), changes (corrected) or removes (revoked) the record from that instant.',
        params: DueProcessIdParams,
        body: DecisionBody,
        response: { 201: ObjectionView, ...errorResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const { objection } = await deps.app.decideObjection(callerOf(request), {
        id: request.params.id,
        ...request.body,
      });
      return reply.status(201).send(objection);
    },
  );

  // ---- The authority -------------------------------------------------------------------------

  app.get(
    '/v1/appeals',
    {
      onRequest: agencyOnly,
      schema: {
        tags: ['due process'],
        summary: "appeals against agencies' objection decisions (the authority)",
        description:
          'status: open (default), decided, or all. Agencies of other kinds: 403 AuthorityOnly.',
        querystring: QueueQuery,
        response: { 200: AppealList, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) => ({
      appeals: await deps.app.listAppeals(callerOf(request), { status: request.query.status }),
    }),
  );

  app.post(
    '/v1/appeals/:id/decision',
    {
      onRequest: agencyOnly,
      schema: {
        tags: ['due process'],
        summary: 'decide an appeal (the authority; final)',
        description:
          'upheld, corrected (`fields`) or revoked, with a reason; the decision is final. Agencies of other kinds: 403 AuthorityOnly.',
        params: DueProcessIdParams,
        body: DecisionBody,
        response: { 201: ObjectionView, ...errorResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const { objection } = await deps.app.decideAppeal(callerOf(request), {
        id: request.params.id,
        ...request.body,
      });
      return reply.status(201).send(objection);
    },
  );
  return Promise.resolve();
};
