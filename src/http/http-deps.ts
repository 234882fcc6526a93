// What every route plugin of the HTTP API receives: the application (`ProbityApp`), the one
// entrance to every use case. Route plugins are registered as `app.register(plugin, deps)`; they
// parse the request, call one use case with the request's caller, and format the answer. They
// never open a store or touch the engine (lint forbids it).
import type { ProbityApp } from '../app/probity-app.js';
import type { ProbityMetrics } from './metrics.js';

export interface HttpDeps {
  readonly app: ProbityApp;
  /** The server's Prometheus metrics (default: a fresh set with no audit queue or feed lag). */
  readonly metrics?: ProbityMetrics | undefined;
}

/** Limits of the server: generous defaults, configurable by the composition root. */
export interface HttpLimits {
  /** Largest request body in bytes (default 64 MiB: a 100 000-subject batch is about 2.5 MB). */
  readonly bodyLimit: number;
  /** Requests per agency (or per address, without a token) per window. */
  readonly rateLimitMax: number;
  readonly rateLimitWindowMs: number;
  /**
   * Time for a client to send a request's headers (default 10 s); a client that sends them
   * slowly is answered 408 and its connection closed.
   */
  readonly headersTimeoutMs: number;
  /**
   * Time for a client to send a whole request, headers and body (default 120 s: a 64 MiB body
   * at about 4 Mbit/s); a slow body is answered 408 and its connection closed. At least
   * `headersTimeoutMs`.
   */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open after its last answer (default 5 s). */
  readonly keepAliveTimeoutMs: number;
  /**
   * How long a connection may stay silent, no byte either way (a client that stops reading an
   * answer), before it is closed (default 300 s; 0: never).
   */
  readonly connectionTimeoutMs: number;
}

export const DEFAULT_LIMITS: HttpLimits = {
  bodyLimit: 64 * 1024 * 1024,
  rateLimitMax: 100_000,
  rateLimitWindowMs: 60_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000,
  connectionTimeoutMs: 300_000,
};
