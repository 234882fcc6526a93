// Checks: may this subject be subjected to (or benefit from) a measure? Answered from the
// in-memory engine, one at a time or in batches of 100 000 and more, in input order. Only agencies
// of a kind that enforces the measure may ask (403 NotAnEnforcer); the purpose is `enforcement`
// or `eligibility` (default: by the measure's kind). Every subject checked is one audit entry.
import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AuditEvent } from '../../app/audit/audit-sink.js';
import type { Purpose } from '../../core/access/purposes.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { Agency } from '../../core/ledger/ledger-types.js';
import { agencyOnly, requireAgency } from '../auth/agency-auth.js';
import type { HttpDeps } from '../http-deps.js';
import {
  BatchCheckBody,
  BatchCheckResponse,
  CheckBody,
  CheckResponse,
} from '../schemas/api.schemas.js';
import { errorResponses } from '../schemas/error.schema.js';
import { auditEvent, newCheckId } from './audit-access.js';

const CHECK_PURPOSES: readonly Purpose[] = ['enforcement', 'eligibility'];

export const checkRoutes: FastifyPluginAsyncTypebox<HttpDeps> = async (app, deps) => {
  /** The purpose of a check, after refusing agencies that do not enforce the measure. */
  function authorise(agency: Agency, measureId: string, purpose: Purpose | undefined): Purpose {
    deps.service.assertMayCheck(agency, measureId);
    if (purpose !== undefined && !CHECK_PURPOSES.includes(purpose)) {
      throw new DomainError(
        'PurposeNotPermitted',
        `a check is for ${CHECK_PURPOSES.join(' or ')}, not "${purpose}"`,
      );
    }
    const measure = deps.service.policyNow().measuresById.get(measureId);
    return purpose ?? (measure?.kind === 'benefit' ? 'eligibility' : 'enforcement');
  }

  async function auditRefusal(
    request: Parameters<typeof requireAgency>[0],
    action: string,
    subject: string,
    purpose: string,
    error: unknown,
  ) {
    const outcome = error instanceof DomainError ? `refused ${error.code}` : 'failed';
    await deps.audit.record([
      auditEvent(request, deps.clock(), { purpose, action, subject, outcome }),
    ]);
  }

  app.post(
    '/v1/checks',
    {
      preHandler: agencyOnly,
      schema: {
        tags: ['checks'],
        summary: 'check one subject against a measure',
        description:
          'The CLI `check` JSON plus `checkId`. 403 NotAnEnforcer when the agency kind does not enforce the measure; 422 for an invalid identifier.',
        body: CheckBody,
        response: { 200: CheckResponse, ...errorResponses(400, 401, 403, 404, 422, 429) },
      },
    },
    async (request) => {
      const agency = requireAgency(request);
      const { subject, measure } = request.body;
      let purpose: Purpose = request.body.purpose ?? 'enforcement';
      try {
        purpose = authorise(agency, measure, request.body.purpose);
        const result = deps.service.check(subject, measure);
        const checkId = newCheckId();
        await deps.audit.record([
          auditEvent(request, deps.clock(), {
            purpose,
            action: 'check',
            subject: result.subject,
            outcome: `${result.decision} ${measure} ${checkId}`,
          }),
        ]);
        return { ...result, checkId };
      } catch (error) {
        await auditRefusal(request, 'check', subject, purpose, error);
        throw error;
      }
    },
  );

  app.post(
    '/v1/checks/batch',
    {
      preHandler: agencyOnly,
      schema: {
        tags: ['checks'],
        summary: 'check many subjects against one measure',
        description:
          'One result per subject, in input order (100 000 and more per request). An invalid identifier gives an item with `error` instead of a decision; it does not fail the batch.',
        body: BatchCheckBody,
        response: { 200: BatchCheckResponse, ...errorResponses(400, 401, 403, 404, 413, 429) },
      },
    },
    async (request) => {
      const agency = requireAgency(request);
      const { subjects, measure } = request.body;
      let purpose: Purpose = request.body.purpose ?? 'enforcement';
      try {
        purpose = authorise(agency, measure, request.body.purpose);
      } catch (error) {
        await auditRefusal(request, 'check-batch', '', purpose, error);
        throw error;
      }
      const results = deps.service.checkBatch(subjects, measure);
      const checkId = newCheckId();
      const at = deps.clock();
      const events = new Array<AuditEvent>(results.length);
      results.forEach((r, i) => {
        const outcome = 'error' in r ? `invalid ${r.error.code}` : r.decision;
        events[i] = auditEvent(request, at, {
          purpose,
          action: 'check',
          subject: r.subject,
          outcome: `${outcome} ${measure} ${checkId}#${i}`,
        });
      });
      await deps.audit.record(events);
      return { checkId, results };
    },
  );
  return Promise.resolve();
};
