// The request log (issue 10, failure 9: there was none): one JSON line per request through
// Fastify's own logger (pino), at `info`, when the answer is sent: method, route pattern, status,
// duration, request id (also sent to the caller as `X-Request-Id`), the caller's kind and agency
// id, and the URL with every identifier masked.
// Never a token, a cookie or a body; a citizen is logged as `citizen`, never by their identifier.
// Fastify's own per-request lines (which carry the raw URL) are off, and the serializers of
// requests and errors that other lines use (an internal error's) mask identifiers too, so no
// line of the log holds a full identifier, whichever line writes it.
//
// Masking is the project's (core/identifiers/identifier-mask.ts, as public lists are masked),
// to every run of 15 or more digits (an X may end or split it; single spaces or hyphens inside it
// are ignored) in a path segment or a query value, percent-decoded first: `110105199001014118` is
// logged as `110105********4118`, a 15-digit number as `110105******123`, a longer run as stars.
// An organisation's code is public registration data and is logged as is, as on a public list.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { maskIdentifier } from '../core/identifiers/index.js';

/** A run of digits (and X), possibly split by single spaces or hyphens. */
const DIGIT_RUN = /\d(?:[\dXx]|[\s-](?=[\dXx]))*/g;

/** Fewer characters than the shortest identifier (a 15-digit number): not masked. */
const SHORTEST = 15;

function maskRun(run: string): string {
  const normalised = run.replace(/[\s-]/g, '').toUpperCase();
  if (normalised.length < SHORTEST) return run;
  if (normalised.length === 15 || normalised.length === 18) return maskIdentifier(normalised);
  return '*'.repeat(normalised.length);
}

/** Text with every identifier-shaped run masked (free text: a message, a decoded URL part). */
export function maskIdentifiersIn(text: string): string {
  return text.replace(DIGIT_RUN, maskRun);
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}

/** A request URL as the log shows it: each path segment and query part decoded and masked. */
export function maskedUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? undefined : url.slice(q + 1);
  const maskedPath = path
    .split('/')
    .map((segment) => maskIdentifiersIn(decoded(segment)))
    .join('/');
  if (query === undefined) return maskedPath;
  const maskedQuery = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return maskIdentifiersIn(decoded(pair));
      return `${maskIdentifiersIn(decoded(pair.slice(0, eq)))}=${maskIdentifiersIn(decoded(pair.slice(eq + 1)))}`;
    })
    .join('&');
  return `${maskedPath}?${maskedQuery}`;
}

interface SerializedError {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
}

/** The serializers Fastify's logger uses for requests, errors and replies: identifiers masked. */
export const logSerializers = {
  req: (req: FastifyRequest) => ({
    method: req.method,
    url: maskedUrl(req.url),
    id: req.id,
  }),
  err: (err: unknown): SerializedError => {
    if (!(err instanceof Error))
      return { type: typeof err, message: maskIdentifiersIn(String(err)), stack: '' };
    const code = (err as { code?: unknown }).code;
    return {
      type: err.name,
      message: maskIdentifiersIn(err.message),
      stack: maskIdentifiersIn(err.stack ?? ''),
      ...(code === undefined ? {} : { code }),
    };
  },
  res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
};

/** The caller as the log names it: its kind, and an agency's id (never a citizen's identifier). */
function callerFields(request: FastifyRequest): { caller: string; agency?: string } {
  const principal = request.principal;
  if (principal?.kind === 'agency') return { caller: 'agency', agency: principal.agency.id };
  return { caller: principal?.kind ?? 'public' };
}

/** Logs one line per request when its answer is sent; the answer names the request's id. */
export function installRequestLog(app: FastifyInstance): void {
  // `X-Request-Id` on every answer: a caller quoting it finds the request's line in the log.
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        url: maskedUrl(request.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        ...callerFields(request),
      },
      'request',
    );
    done();
  });
}
