// Builds the audit entries of the API's accesses (charter C11): who (the principal), why (the
// purpose, or `write` for submissions), what (action), about whom (subject key), and the outcome.
// Refusals are audited too: an agency probing a subject without a permitted purpose leaves a trace.
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AuditEvent } from '../../app/audit/audit-sink.js';
import type { Instant } from '../../core/time/instant.js';
import { actorOf } from '../../app/access/caller.js';

export function actorOfRequest(request: FastifyRequest): string {
  return request.principal ? actorOf(request.principal) : 'anonymous';
}

export function auditEvent(
  request: FastifyRequest,
  at: Instant,
  fields: { purpose: string; action: string; subject: string; outcome: string },
): AuditEvent {
  return { at, actor: actorOfRequest(request), ...fields };
}

/** An id for a check, returned to the caller and written into its audit entries' outcome. */
export function newCheckId(): string {
  return `chk_${randomBytes(12).toString('base64url')}`;
}
