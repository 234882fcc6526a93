// Due process at the HTTP doors (charter C7, C8; interfaces.md):
//  - the subject (citizen session), on their own records only (another subject's record is 404,
//    like a missing one): POST /v1/citizen/objections, /v1/citizen/appeals, /v1/citizen/repairs;
//  - the submitting agency: GET /v1/objections?status=open|decided|all (its queue, with deadlines
//    and overdue flags) and POST /v1/objections/{id}/decision;
//  - the authority: GET /v1/appeals?status=... and POST /v1/appeals/{id}/decision (final).
// Every write is one ledger event, followed by the service's sync so that checks and list feeds
// follow at once; every access, accepted or refused, is audited (charter C11).
import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import {
  decideAgencyObjection,
  decideAuthorityAppeal,
  fileSubjectAppeal,
  fileSubjectObjection,
  requestSubjectRepair,
  type DueProcessDeps,
  type DueProcessOutcome,
} from '../../app/due-process/due-process-cases.js';
import { ObjectionQueue, type QueuedObjection } from '../../app/due-process/objection-queue.js';
import {
  dueProcessOf,
  isOverdue,
  objectionStatus,
  type Decision,
  type Objection,
} from '../../core/due-process/objection-state.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { Agency } from '../../core/ledger/ledger-types.js';
import { formatInstant, type Instant } from '../../core/time/instant.js';
import { agencyOnly, requireAgency } from '../auth/agency-auth.js';
import { citizenOnly, requireCitizen } from '../auth/citizen-auth.js';
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
import { auditEvent } from './audit-access.js';

type View = Static<typeof ObjectionView>;

function decisionView(d: Decision | undefined): View['decision'] {
  if (!d) return null;
  return {
    seq: d.seq,
    outcome: d.outcome,
    decidedAt: formatInstant(d.at),
    by: d.actor,
    reason: d.reason,
    fields: d.fields ?? null,
  };
}

function objectionView(q: Omit<QueuedObjection, 'status' | 'overdue'>, now: Instant): View {
  const o: Objection = q.objection;
  return {
    id: o.id,
    recordId: o.recordId,
    subject: q.record.subject,
    category: q.record.category,
    agency: q.record.agencyId,
    status: objectionStatus(o),
    objectedAt: formatInstant(o.at),
    deadline: formatInstant(o.deadline),
    overdue: isOverdue(o, now),
    grounds: o.grounds,
    evidence: o.evidence ?? null,
    decision: decisionView(o.decision),
    appealUntil: o.appealUntil === undefined ? null : formatInstant(o.appealUntil),
    appeal: o.appeal
      ? {
          id: o.appeal.id,
          appealedAt: formatInstant(o.appeal.at),
          grounds: o.appeal.grounds,
          evidence: o.appeal.evidence ?? null,
          decision: decisionView(o.appeal.decision),
        }
      : null,
  };
}

/** The view of the objection an event concerns (the last one of the record, after the write). */
function viewAfter(outcome: DueProcessOutcome, now: Instant): View {
  const { record, category, events } = outcome.case;
  const state = dueProcessOf(record, category, events);
  const objection = state.objections[state.objections.length - 1];
  if (!objection)
    throw new DomainError(
      'Internal',
      `record ${record.id} has no objection after a due-process write`,
    );
  return objectionView({ objection, record, category }, now);
}

function outcomeOf(error: unknown): string {
  return error instanceof DomainError ? `refused ${error.code}` : 'failed';
}

function requireAuthority(request: FastifyRequest): Agency {
  const agency = requireAgency(request);
  if (agency.kind !== 'authority') {
    throw new DomainError(
      'AuthorityOnly',
      `appeals are decided by the authority, not by a ${agency.kind} agency`,
    );
  }
  return agency;
}

export const objectionRoutes: FastifyPluginAsyncTypebox<HttpDeps> = async (app, deps) => {
  const cases: DueProcessDeps = {
    store: deps.store,
    categoryOf: (record) => deps.service.categoryOf(record),
  };
  const queue = new ObjectionQueue(deps.store, (record) => deps.service.categoryOf(record));

  /** Runs a write, syncs the engine and feeds, and audits it (accepted or refused). */
  async function audited(
    request: FastifyRequest,
    action: string,
    subject: string,
    write: () => Promise<DueProcessOutcome>,
  ): Promise<DueProcessOutcome> {
    const now = deps.clock();
    try {
      const result = await write();
      await deps.service.sync();
      const about = result.event.subject;
      await deps.audit.record([
        auditEvent(request, now, {
          purpose: 'write',
          action,
          subject: about,
          outcome: `accepted ${result.event.type} ${result.event.seq}`,
        }),
      ]);
      return result;
    } catch (error) {
      await deps.audit.record([
        auditEvent(request, now, { purpose: 'write', action, subject, outcome: outcomeOf(error) }),
      ]);
      throw error;
    }
  }

  // ---- The subject ---------------------------------------------------------------------------

  app.post(
    '/v1/citizen/objections',
    {
      preHandler: citizenOnly,
      schema: {
        tags: ['due process'],
        summary: 'object to one of your records',
        description:
          "Grounds required, evidence optional. The submitting agency must decide within the category objectionDeadline (default P15D); undecided past it, the record has no effect until decided. One open objection per record (409 ObjectionOpen); a revoked, repaired or expired record cannot be objected to (409). Another subject's record is 404.",
        body: ObjectionBody,
        response: { 201: ObjectionView, ...errorResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const subject = requireCitizen(request);
      const now = deps.clock();
      const outcome = await audited(request, 'file-objection', subject, () =>
        fileSubjectObjection(cases, subject, request.body, now),
      );
      return reply.status(201).send(viewAfter(outcome, now));
    },
  );

  app.post(
    '/v1/citizen/appeals',
    {
      preHandler: citizenOnly,
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
      const subject = requireCitizen(request);
      const now = deps.clock();
      const outcome = await audited(request, 'file-appeal', subject, () =>
        fileSubjectAppeal(cases, subject, request.body, now),
      );
      return reply.status(201).send(viewAfter(outcome, now));
    },
  );

  app.post(
    '/v1/citizen/repairs',
    {
      preHandler: citizenOnly,
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
      const subject = requireCitizen(request);
      const now = deps.clock();
      const { event } = await audited(request, 'request-repair', subject, () =>
        requestSubjectRepair(cases, subject, request.body, now),
      );
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
      preHandler: agencyOnly,
      schema: {
        tags: ['due process'],
        summary: 'the objections on records this agency submitted',
        description:
          'status: open (default: undecided, oldest first, with deadline and overdue), decided, or all.',
        querystring: QueueQuery,
        response: { 200: ObjectionList, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const agency = requireAgency(request);
      const now = deps.clock();
      const found = await queue.ofAgency(agency.id, request.query.status ?? 'open', now);
      const objections = found.map((q) => objectionView(q, now));
      await deps.audit.record(
        objections.length === 0
          ? [
              auditEvent(request, now, {
                purpose: 'dispute-review',
                action: 'read-objections',
                subject: '',
                outcome: 'read',
              }),
            ]
          : objections.map((o) =>
              auditEvent(request, now, {
                purpose: 'dispute-review',
                action: 'read-objections',
                subject: o.subject,
                outcome: 'read',
              }),
            ),
      );
      return { objections };
    },
  );

  app.post(
    '/v1/objections/:id/decision',
    {
      preHandler: agencyOnly,
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
      const agency = requireAgency(request);
      const now = deps.clock();
      const outcome = await audited(
        request,
        `decide-objection-${request.body.outcome}`,
        `objection:${request.params.id}`,
        () => decideAgencyObjection(cases, agency, request.params.id, request.body, now),
      );
      return reply.status(201).send(viewAfter(outcome, now));
    },
  );

  // ---- The authority -------------------------------------------------------------------------

  app.get(
    '/v1/appeals',
    {
      preHandler: agencyOnly,
      schema: {
        tags: ['due process'],
        summary: "appeals against agencies' objection decisions (the authority)",
        description:
          'status: open (default), decided, or all. Agencies of other kinds: 403 AuthorityOnly.',
        querystring: QueueQuery,
        response: { 200: AppealList, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const now = deps.clock();
      try {
        requireAuthority(request);
      } catch (error) {
        await deps.audit.record([
          auditEvent(request, now, {
            purpose: 'oversight',
            action: 'read-appeals',
            subject: '',
            outcome: outcomeOf(error),
          }),
        ]);
        throw error;
      }
      const appeals = (await queue.appeals(request.query.status ?? 'open', now)).map((q) =>
        objectionView(q, now),
      );
      await deps.audit.record(
        appeals.length === 0
          ? [
              auditEvent(request, now, {
                purpose: 'oversight',
                action: 'read-appeals',
                subject: '',
                outcome: 'read',
              }),
            ]
          : appeals.map((a) =>
              auditEvent(request, now, {
                purpose: 'oversight',
                action: 'read-appeals',
                subject: a.subject,
                outcome: 'read',
              }),
            ),
      );
      return { appeals };
    },
  );

  app.post(
    '/v1/appeals/:id/decision',
    {
      preHandler: agencyOnly,
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
      const now = deps.clock();
      const outcome = await audited(
        request,
        `decide-appeal-${request.body.outcome}`,
        `appeal:${request.params.id}`,
        () =>
          decideAuthorityAppeal(
            cases,
            requireAuthority(request),
            request.params.id,
            request.body,
            now,
          ),
      );
      return reply.status(201).send(viewAfter(outcome, now));
    },
  );
  return Promise.resolve();
};
