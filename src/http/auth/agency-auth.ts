// Authentication of every request: an `Authorization: Bearer <token>` header is resolved into
// `request.principal` before anything else runs (so the rate limit can key by agency). Resolving
// never fails by itself; a route that needs an agency calls `requireAgency(request)`, which answers
// 401 `Unauthenticated` (no token) or `InvalidToken` (unknown token). Agency tokens are looked up
// by their SHA-256 digest (the store never holds them in clear).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors/domain-error.js';
import type { Agency } from '../../core/ledger/ledger-types.js';
import type { HttpDeps } from '../http-deps.js';
import type { Principal } from './principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request acts as; undefined without a (valid) bearer token. */
    principal: Principal | undefined;
    /** Why there is no principal: no Authorization header, or a token nobody holds. */
    authFailure: 'missing' | 'invalid' | undefined;
  }
}

/** The bearer token of a request, if it has one. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Adds the authentication hook to the root instance (applies to every route). */
export function installAuthentication(app: FastifyInstance, deps: HttpDeps): void {
  app.decorateRequest('principal', undefined);
  app.decorateRequest('authFailure', undefined);
  app.addHook('onRequest', async (request) => {
    const token = bearerToken(request);
    if (token === undefined) {
      request.authFailure = 'missing';
      return;
    }
    const caller = await deps.app.agencyByToken(token);
    if (caller?.kind === 'agency') request.principal = caller;
    else request.authFailure = 'invalid';
  });
}

/** The agency a request acts as; 401 otherwise (a citizen session is 403 at agency doors). */
export function requireAgency(request: FastifyRequest): Agency {
  const principal = request.principal;
  if (principal?.kind === 'agency') return principal.agency;
  if (principal?.kind === 'citizen') {
    throw new DomainError(
      'AgencyOnly',
      'this door is for agencies; a citizen session sees its own data under /v1/citizen',
    );
  }
  if (request.authFailure === 'invalid')
    throw new DomainError('InvalidToken', 'the bearer token is not valid');
  throw new DomainError(
    'Unauthenticated',
    'send an agency token as "Authorization: Bearer <token>"',
  );
}

/**
 * A route-level `onRequest` hook: `{ onRequest: agencyOnly }` refuses requests without an agency.
 * It runs after the root authentication hooks and before the body is parsed or validated, so a
 * request without credentials is 401 whatever its body (never a 400 that describes the schema).
 */
export async function agencyOnly(request: FastifyRequest): Promise<void> {
  requireAgency(request);
  return Promise.resolve();
}
