// Citizen sessions at the HTTP doors. A second authentication hook, installed right after the
// agency one: a bearer token that no agency holds is given to the application, which knows the
// citizen sessions (`citizenBySession`: only tokens with the citizen prefix are looked up), and a
// live one makes the principal `{kind: 'citizen', subject}`. Citizen routes ask for it with
// `requireCitizen`; agency doors already refuse it (`requireAgency`, 403 AgencyOnly), and no
// citizen route takes a subject from the request: the session names it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors/domain-error.js';
import type { HttpDeps } from '../http-deps.js';
import { bearerToken } from './agency-auth.js';

/** Adds the citizen hook; call after `installAuthentication` (hooks run in the order added). */
export function installCitizenAuthentication(app: FastifyInstance, deps: HttpDeps): void {
  app.addHook('onRequest', async (request) => {
    if (request.principal !== undefined || request.authFailure !== 'invalid') return;
    const token = bearerToken(request);
    if (token === undefined) return;
    const caller = await deps.app.citizenBySession(token);
    if (caller?.kind !== 'citizen') return;
    request.principal = caller;
    request.authFailure = undefined;
  });
}

/** The subject of the citizen session a request carries; 401 without one, 403 for an agency. */
export function requireCitizen(request: FastifyRequest): string {
  const principal = request.principal;
  if (principal?.kind === 'citizen') return principal.subject;
  if (principal?.kind === 'agency') {
    throw new DomainError(
      'CitizenOnly',
      "this door is a subject's own; agencies read subjects under /v1/subjects with a purpose",
    );
  }
  if (request.authFailure === 'invalid')
    throw new DomainError(
      'InvalidToken',
      'the bearer token is not valid or its session has ended; sign in again',
    );
  throw new DomainError(
    'Unauthenticated',
    'sign in with POST /v1/citizen/session and send the token as "Authorization: Bearer <token>"',
  );
}

/** A route-level `onRequest` hook, `{ onRequest: citizenOnly }`: 401/403 before any body is read. */
export async function citizenOnly(request: FastifyRequest): Promise<void> {
  requireCitizen(request);
  return Promise.resolve();
}
