// The HTTP API (docs/architecture.md, http room): one Fastify instance with TypeBox schemas on
// every route, OpenAPI 3.1 at /openapi.json and a browsable reference at /docs (assets served
// from the package), security headers, per-agency rate limits, a body size limit, one error
// mapper, and authentication before anything else. Each resource is a plugin under routes/
// registered as `app.register(plugin, deps)`; a route parses, calls one use case of the
// application with the request's caller, and formats the answer:
//
//   export const fooRoutes: FastifyPluginAsyncTypebox<HttpDeps> = async (app, deps) => {
//     app.get('/v1/foo', { schema: {...}, onRequest: agencyOnly }, async (request) =>
//       deps.app.foo(callerOf(request), request.query),
//     );
//   };
//
// Use cases throw DomainError; error-mapper.ts gives every code its status.
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { DomainError } from '../core/errors/domain-error.js';
import { installAuthentication } from './auth/agency-auth.js';
import { installCitizenAuthentication } from './auth/citizen-auth.js';
import { installErrorMapper, mapFrameworkError } from './error-mapper.js';
import { DEFAULT_LIMITS, type HttpDeps, type HttpLimits } from './http-deps.js';
import { installInputGuard } from './input-guard.js';
import { installMetrics, metricsRoute, ProbityMetrics } from './metrics.js';
import { installRequestLog, logSerializers } from './request-log.js';
import { agencyRoutes } from './routes/agency.routes.js';
import { checkRoutes } from './routes/checks.routes.js';
import { citizenRoutes } from './routes/citizen.routes.js';
import { feedRoutes } from './routes/feeds.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { publicationRoutes } from './routes/publications.routes.js';
import { publicDocumentsRoutes } from './routes/public-documents.routes.js';
import { publicSearchRoutes } from './routes/public-search.routes.js';
import { transparencyRoutes } from './routes/transparency.routes.js';
import { authorityDashboardRoutes } from './routes/authority-dashboard.routes.js';
import { objectionRoutes } from './routes/objections.routes.js';
import { recordRoutes } from './routes/records.routes.js';
import { subjectRoutes } from './routes/subjects.routes.js';
import { DEFAULT_WEB_ROOT, registerWebApp } from './web-app.js';
import { ErrorSchema } from './schemas/error.schema.js';
import { requestValidation } from './schema-validators.js';

export interface ServerOptions {
  readonly limits?: Partial<HttpLimits>;
  /** Fastify's logger option (default: off; the composition root turns it on). */
  readonly logger?: FastifyServerOptions['logger'];
  /** The built web application served at `/` (default web/dist; false: none). */
  readonly webRoot?: string | false;
}

export type ProbityHttp = FastifyInstance;

export async function buildServer(
  deps: HttpDeps,
  options: ServerOptions = {},
): Promise<ProbityHttp> {
  const limits: HttpLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const logger = options.logger ?? false;
  const app = Fastify({
    // pino, with serializers that mask identifiers; one line per request from request-log.ts
    // instead of Fastify's own two (which carry the raw URL).
    logger:
      logger === false
        ? false
        : { ...(logger === true ? {} : logger), serializers: logSerializers },
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: limits.bodyLimit,
    // Slow clients cannot hold connections open: headers and whole requests have a deadline
    // (408 and the connection closed), idle keep-alive connections close. Node checks the
    // deadlines every `connectionsCheckingInterval` (30 s by default, far too coarse for them).
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // A connection silent in both directions (a client that stopped reading) is closed.
    connectionTimeout: limits.connectionTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(
        1_000,
        Math.max(10, Math.floor(limits.headersTimeoutMs / 10)),
      ),
    },
    // Schema validation reports every problem, not only the first; bodies are never coerced.
    ajv: { customOptions: { allErrors: true } },
    ...requestValidation,
    // Errors Fastify meets before routing (a path that is not valid percent-encoded UTF-8) get
    // the API's error body too.
    frameworkErrors: mapFrameworkError,
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorMapper(app);
  installRequestLog(app);
  const metrics = deps.metrics ?? new ProbityMetrics();
  installMetrics(app, metrics);
  // Storable text and bounded nesting, before any schema or route reads the request.
  installInputGuard(app);
  installAuthentication(app, deps);
  installCitizenAuthentication(app, deps);
  app.addSchema(ErrorSchema);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        // The web application (web/, docs/web.md) has no inline style or script.
        'style-src': ["'self'"],
        // The server speaks plain HTTP (TLS, if any, ends at a proxy): its own assets must not be
        // fetched over https when the page was loaded over http.
        'upgrade-insecure-requests': null,
      },
    },
  });
  await app.register(rateLimit, {
    global: true,
    max: limits.rateLimitMax,
    timeWindow: limits.rateLimitWindowMs,
    // Per agency or citizen session's subject (the authentication hooks have already run); per
    // address without a token.
    keyGenerator: (request) =>
      request.principal?.kind === 'agency'
        ? `agency:${request.principal.agency.id}`
        : request.principal?.kind === 'citizen'
          ? `subject:${request.principal.subject}`
          : `ip:${request.ip}`,
    errorResponseBuilder: (_request, context) =>
      new DomainError(
        'RateLimited',
        `rate limit of ${context.max} requests per ${context.after} exceeded; retry in ${context.after}`,
      ),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Probity API',
        version: '1',
        description:
          "A city's public credit records with due process. Agencies authenticate with a bearer token; every read and check names a purpose and is audited.",
      },
      components: {
        securitySchemes: {
          agencyToken: { type: 'http', scheme: 'bearer' },
          citizenToken: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ agencyToken: [] }],
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // swagger-ui sets style attributes from its scripts: only /docs allows inline styles (a
    // hash in style-src would disable 'unsafe-inline', so the style hashes go).
    transformStaticCSP: (header) =>
      header
        .replace(/style-src [^;]*;/, "style-src 'self' 'unsafe-inline';")
        .replace(/\s*upgrade-insecure-requests;?/, ''),
  });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  await app.register(healthRoutes, deps);
  await app.register((scope) => {
    metricsRoute(scope, metrics);
    return Promise.resolve();
  });
  await app.register(recordRoutes, deps);
  await app.register(agencyRoutes, deps);
  await app.register(checkRoutes, deps);
  await app.register(subjectRoutes, deps);
  await app.register(feedRoutes, deps);
  await app.register(publicationRoutes, deps);
  await app.register(publicDocumentsRoutes, deps);
  await app.register(publicSearchRoutes, deps);
  await app.register(transparencyRoutes, deps);
  await app.register(objectionRoutes, deps);
  await app.register(authorityDashboardRoutes, deps);
  await app.register(citizenRoutes, deps);
  if (options.webRoot !== false) await registerWebApp(app, options.webRoot ?? DEFAULT_WEB_ROOT);
  return app;
}
