// Who a request acts as: an agency (bearer token) or a citizen (session for one subject), as the
// application's `Caller`. Requests without credentials act as the public.
import { PUBLIC, type Caller } from '../../app/access/caller.js';
import type { FastifyRequest } from 'fastify';

export type Principal = Extract<Caller, { kind: 'agency' } | { kind: 'citizen' }>;

/** The caller a request acts as, for the use cases. */
export function callerOf(request: FastifyRequest): Caller {
  return request.principal ?? PUBLIC;
}
