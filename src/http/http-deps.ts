// What every route plugin of the HTTP API receives: the application service (ledger, engine and
// use cases), the audit sink every read, check and write goes through (charter C11), and the
// clock. Route plugins are registered as `app.register(plugin, deps)`; they never open a store.
import type { AuditSink } from '../app/audit/audit-sink.js';
import type { ProbityService } from '../app/standing/live-standing.js';
import type { Instant } from '../core/time/instant.js';

export interface HttpDeps {
  readonly service: ProbityService;
  readonly audit: AuditSink;
  readonly clock: () => Instant;
}

/** Limits of the server: generous defaults, configurable by the composition root. */
export interface HttpLimits {
  /** Largest request body in bytes (default 64 MiB: a 100 000-subject batch is about 2.5 MB). */
  readonly bodyLimit: number;
  /** Requests per agency (or per address, without a token) per window. */
  readonly rateLimitMax: number;
  readonly rateLimitWindowMs: number;
}

export const DEFAULT_LIMITS: HttpLimits = {
  bodyLimit: 64 * 1024 * 1024,
  rateLimitMax: 100_000,
  rateLimitWindowMs: 60_000,
};
