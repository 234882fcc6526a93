// Liveness and readiness: /healthz answers 200 while the process runs; /readyz answers 503 until
// the engine has loaded the ledger, then 200 (what a load balancer or the smoke test waits for),
// and 503 again, for good, once the store refuses every use (docs/cluster.md).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpDeps } from '../http-deps.js';
import { ErrorSchema } from '../schemas/error.schema.js';

const Health = Type.Object({ status: Type.Literal('ok') });
const Ready = Type.Object({
  status: Type.Literal('ready'),
  lastSeq: Type.Integer(),
  subjects: Type.Integer(),
});

export const healthRoutes: FastifyPluginAsyncTypebox<HttpDeps> = (app, deps) => {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], summary: 'liveness', security: [], response: { 200: Health } } },
    () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary:
          'readiness: 200 once the engine is loaded, 503 while loading or when the store refuses',
        security: [],
        response: { 200: Ready, 503: ErrorSchema },
      },
    },
    async (_request, reply) => {
      // A server whose store refuses for good (a ledger that went backwards) is not ready: the
      // balancer takes it out until an operator restarts it.
      const refusal = deps.app.refusal();
      if (refusal) {
        return reply.status(503).send({
          error: { code: refusal.code, message: refusal.message, details: [] },
        });
      }
      const readiness = deps.app.readiness();
      if (!readiness) {
        return reply.status(503).send({
          error: {
            code: 'NotReady',
            message: 'the engine is still loading the ledger',
            details: [],
          },
        });
      }
      return { status: 'ready' as const, ...readiness };
    },
  );
  return Promise.resolve();
};
