// The public transparency report of a month (the web application's "Transparency"): counts of
// checks per measure and their denials, records per category and agency, objections filed,
// upheld and overdue per agency, repairs granted. No token; counts only, nothing about any
// person (use case app/transparency/transparency-report.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { callerOf } from '../auth/principal.js';
import type { HttpDeps } from '../http-deps.js';
import { errorResponses } from '../schemas/error.schema.js';

const Count = Type.Integer({ minimum: 0 });

const ReportSchema = Type.Object({
  month: Type.String({ description: 'YYYY-MM, UTC' }),
  from: Type.String({ description: 'the window, included' }),
  to: Type.String({ description: 'the window, excluded: the next month’s start' }),
  asOf: Type.String(),
  complete: Type.Boolean({ description: 'false for the current month (counts so far)' }),
  checks: Type.Immutable(
    Type.Array(
      Type.Object({
        measure: Type.String(),
        label: Type.String(),
        checks: Count,
        denials: Count,
      }),
    ),
  ),
  records: Type.Immutable(
    Type.Array(
      Type.Object({
        category: Type.String(),
        label: Type.String(),
        agency: Type.String(),
        records: Count,
      }),
    ),
  ),
  agencies: Type.Immutable(
    Type.Array(
      Type.Object({
        agency: Type.String(),
        kind: Type.String(),
        name: Type.String(),
        records: Count,
        objectionsFiled: Count,
        upheld: Count,
        rejected: Count,
        pending: Count,
        overdue: Count,
        repairs: Count,
      }),
    ),
  ),
  totals: Type.Object({
    checks: Count,
    denials: Count,
    records: Count,
    objectionsFiled: Count,
    upheld: Count,
    overdue: Count,
    repairs: Count,
  }),
});

const Query = Type.Object({
  month: Type.Optional(
    Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$', description: 'YYYY-MM (default: this month)' }),
  ),
});

export const transparencyRoutes: FastifyPluginAsyncTypebox<HttpDeps> = (app, deps) => {
  app.get(
    '/v1/public/transparency',
    {
      schema: {
        tags: ['public'],
        summary:
          'the transparency report of a month: checks and denials per measure, records per category and agency, objections and repairs per agency',
        security: [],
        querystring: Query,
        response: { 200: ReportSchema, ...errorResponses(400, 429, 503) },
      },
    },
    async (request) =>
      deps.app.transparencyReport(callerOf(request), { month: request.query.month }),
  );
  return Promise.resolve();
};
