// The policy workbench over HTTP: read the text of the policy in force, validate a draft, simulate it (as `probity simulate`, and by
// district and age band), activate it from an instant that is not in the past. The authority only;
// the use cases (app/authority/authority-policy-*.ts) reuse the command line's validation,
// simulation and activation and audit every call, refused or not. A body above 2 MiB is 413
// PayloadTooLarge, unknown fields 400 InvalidRequest, a draft that is not valid 422
// PolicyRejected (simulate, activate), a start in the past 422 PolicyEffectiveInPast: nothing is
// written for any of them.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { formatInstant, parseInstant } from '../../core/time/instant.js';
import { agencyOnly } from '../auth/agency-auth.js';
import { callerOf } from '../auth/principal.js';
import type { HttpDeps } from '../http-deps.js';
import {
  ActivatedPolicySchema,
  POLICY_BODY_LIMIT,
  PolicyActivateBody,
  PolicyInForceSchema,
  PolicySimulateBody,
  PolicySimulationSchema,
  PolicyValidateBody,
  PolicyValidationSchema,
} from '../schemas/authority.schemas.js';
import { errorResponses } from '../schemas/error.schema.js';

export const authorityPolicyRoutes: FastifyPluginAsyncTypebox<HttpDeps> = async (app, deps) => {
  app.get(
    '/v1/authority/policy',
    {
      onRequest: agencyOnly,
      schema: {
        tags: ['authority'],
        summary: 'the text of the policy in force now (the workbench starts its draft from it)',
        description:
          'For the authority only (else 403 AuthorityOnly). The policy version in force now: its id, version, start and the YAML as activated; the versions activated for a later start are named in `scheduled`. 503 NoPolicyInForce before the first version starts.',
        response: { 200: PolicyInForceSchema, ...errorResponses(401, 403, 429, 503) },
      },
    },
    async (request) => deps.app.authorityPolicyInForce(callerOf(request)),
  );

  app.post(
    '/v1/authority/policy/validate',
    {
      onRequest: agencyOnly,
      bodyLimit: POLICY_BODY_LIMIT,
      schema: {
        tags: ['authority'],
        summary: 'validate a draft policy against the catalogue in force (nothing written)',
        description:
          'For the authority only (else 403 AuthorityOnly). 200 with valid: true and a summary, or valid: false and every problem with its path, as `probity policy validate` reports them.',
        body: PolicyValidateBody,
        response: { 200: PolicyValidationSchema, ...errorResponses(400, 401, 403, 413, 415, 429) },
      },
    },
    async (request) => deps.app.authorityValidatePolicy(callerOf(request), request.body),
  );

  app.post(
    '/v1/authority/policy/simulate',
    {
      onRequest: agencyOnly,
      bodyLimit: POLICY_BODY_LIMIT,
      schema: {
        tags: ['authority'],
        summary: 'what a draft policy would change, overall and by district and age band',
        description:
          'For the authority only (else 403 AuthorityOnly). The simulation of `probity simulate` (grade transition matrix, list entries gained and lost, score distributions before and after, rule errors) on the current ledger at `at` (default now), and the same for the persons of each district and age band. Nothing is written. 422 PolicyRejected for a draft that is not valid.',
        body: PolicySimulateBody,
        response: {
          200: PolicySimulationSchema,
          ...errorResponses(400, 401, 403, 413, 415, 422, 429),
        },
      },
    },
    async (request) =>
      deps.app.authoritySimulatePolicy(callerOf(request), {
        text: request.body.text,
        at: request.body.at === undefined ? undefined : parseInstant(request.body.at, 'at'),
      }),
  );

  app.post(
    '/v1/authority/policy/activate',
    {
      onRequest: agencyOnly,
      bodyLimit: POLICY_BODY_LIMIT,
      schema: {
        tags: ['authority'],
        summary: 'store a new policy version, in force from an instant (now or later)',
        description:
          'For the authority only (else 403 AuthorityOnly). As `probity policy activate`: 422 PolicyRejected for a policy that is not valid, 409 PolicyVersionExists for a stored version with another text or start, 422 PolicyEffectiveInPast for a start before now. 201 when stored, 200 when this very version was stored already.',
        body: PolicyActivateBody,
        response: {
          200: ActivatedPolicySchema,
          201: ActivatedPolicySchema,
          ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const activated = await deps.app.authorityActivatePolicy(callerOf(request), {
        text: request.body.text,
        effectiveFrom: parseInstant(request.body.effectiveFrom, 'effectiveFrom'),
      });
      return reply
        .code(activated.added ? 201 : 200)
        .send({ ...activated, effectiveFrom: formatInstant(activated.effectiveFrom) });
    },
  );
  return Promise.resolve();
};
