// The authority's dashboard doors (docs/http-api.md, "The authority's dashboard"), registered
// together: the population, the fairness monitor, objections per agency and the policy
// workbench. Each door is a plugin of its own file (authority-*.routes.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HttpDeps } from '../http-deps.js';
import { authorityFairnessRoutes } from './authority-fairness.routes.js';
import { authorityObjectionsRoutes } from './authority-objections.routes.js';
import { authorityPolicyRoutes } from './authority-policy.routes.js';
import { authorityPopulationRoutes } from './authority-population.routes.js';

export const authorityDashboardRoutes: FastifyPluginAsyncTypebox<HttpDeps> = async (app, deps) => {
  await app.register(authorityPopulationRoutes, deps);
  await app.register(authorityFairnessRoutes, deps);
  await app.register(authorityObjectionsRoutes, deps);
  await app.register(authorityPolicyRoutes, deps);
};
