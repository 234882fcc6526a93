// Subject reads: the explained evaluation of one subject (the CLI `score` JSON) for a purpose
// from the closed list that the agency's kind may use (access-rules.ts); 403 PurposeNotPermitted
// otherwise. Every read, allowed or refused, is audited with its purpose (charter C11).
import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DomainError } from '../../core/errors/domain-error.js';
import { agencyOnly, requireAgency } from '../auth/agency-auth.js';
import type { HttpDeps } from '../http-deps.js';
import { SubjectEvaluationSchema, SubjectParams, SubjectQuery } from '../schemas/api.schemas.js';
import { errorResponses } from '../schemas/error.schema.js';
import { auditEvent } from './audit-access.js';

export const subjectRoutes: FastifyPluginAsyncTypebox<HttpDeps> = async (app, deps) => {
  app.get(
    '/v1/subjects/:identifier',
    {
      preHandler: agencyOnly,
      schema: {
        tags: ['subjects'],
        summary: "a subject's score, grade, lists and measures, explained",
        description:
          'purpose: enforcement/eligibility (agencies enforcing a measure), dispute-review (an agency that submitted a record about the subject), oversight (the authority). subject-access is the subject itself (citizen doors).',
        params: SubjectParams,
        querystring: SubjectQuery,
        response: { 200: SubjectEvaluationSchema, ...errorResponses(400, 401, 403, 422, 429) },
      },
    },
    async (request) => {
      const agency = requireAgency(request);
      const { purpose } = request.query;
      let subject = request.params.identifier;
      try {
        subject = deps.service.subjectKey(subject);
        await deps.service.assertMayRead(agency, subject, purpose);
        const evaluation = deps.service.evaluate(subject);
        await deps.audit.record([
          auditEvent(request, deps.clock(), {
            purpose,
            action: 'read-subject',
            subject,
            outcome: 'read',
          }),
        ]);
        return evaluation;
      } catch (error) {
        const outcome = error instanceof DomainError ? `refused ${error.code}` : 'failed';
        await deps.audit.record([
          auditEvent(request, deps.clock(), { purpose, action: 'read-subject', subject, outcome }),
        ]);
        throw error;
      }
    },
  );
  return Promise.resolve();
};
