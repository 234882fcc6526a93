// The catalogue and the policy in force, for the public (the web application's "how Probity
// works"; charter C1 and C4: what may be recorded and the rules are public). No token; nothing
// about any person. The answer is derived from the documents the ledger holds (use case
// app/policy/documents-in-force-read.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { callerOf } from '../auth/principal.js';
import type { HttpDeps } from '../http-deps.js';
import { errorResponses } from '../schemas/error.schema.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const Labels = Type.Record(Type.String(), Type.String(), {
  description:
    'the label in other languages, by language tag (`zh-CN`), where the document gives it',
});
const Texts = Type.Immutable(Type.Array(Type.String()));

const CategorySchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  labels: Labels,
  dataClass: Type.String(),
  polarity: Type.String({ description: '`adverse` or `favourable`' }),
  tier: Nullable(Type.String()),
  legalBasis: Type.String(),
  subjects: Texts,
  submitters: Texts,
  fields: Type.Immutable(
    Type.Array(
      Type.Object({
        name: Type.String(),
        type: Type.String(),
        required: Type.Boolean(),
        min: Nullable(Type.Number()),
        max: Nullable(Type.Number()),
        maxLength: Nullable(Type.Integer()),
        enum: Nullable(Texts),
      }),
    ),
  ),
  maxDuration: Type.String({ description: 'ISO 8601 duration, counted from the conduct' }),
  endsWhenFulfilled: Type.Boolean(),
  repairAfter: Nullable(Type.String()),
  objectionDeadline: Type.String(),
});

const RuleSchema = Type.Object({
  id: Type.String(),
  label: Nullable(Type.String()),
  labels: Labels,
  category: Type.String({ description: 'the pattern as written (`court.*`)' }),
  categories: Texts,
  when: Nullable(Type.String({ description: 'CEL condition on the record' })),
  points: Type.String({ description: 'an integer, or the CEL expression as written' }),
  decay: Type.String(),
  cap: Nullable(Type.Integer()),
});

const ListSchema = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: '`sanction` or `incentive`' }),
  label: Type.String(),
  labels: Labels,
  legalBasis: Type.String(),
  public: Type.Boolean(),
  subjects: Texts,
  noticePeriod: Type.String(),
  categories: Texts,
  when: Nullable(Type.String()),
  grades: Texts,
  noAdverseWithin: Nullable(Type.String()),
  measures: Texts,
});

const MeasureSchema = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: '`restriction` or `benefit`' }),
  label: Type.String(),
  labels: Labels,
  legalBasis: Type.String(),
  lists: Texts,
  enforcers: Texts,
});

const DocumentsSchema = Type.Object({
  at: Type.String({ description: 'the instant the documents are in force at' }),
  catalog: Type.Object({
    version: Type.Integer(),
    categories: Type.Immutable(Type.Array(CategorySchema)),
  }),
  policy: Type.Object({
    id: Type.String(),
    version: Type.Integer(),
    effectiveFrom: Nullable(Type.String()),
    base: Type.Record(Type.String(), Type.Number()),
    bounds: Type.Object({ min: Type.Number(), max: Type.Number() }),
    grades: Type.Immutable(Type.Array(Type.Object({ grade: Type.String(), min: Type.Number() }))),
    rules: Type.Immutable(Type.Array(RuleSchema)),
    lists: Type.Immutable(Type.Array(ListSchema)),
    measures: Type.Immutable(Type.Array(MeasureSchema)),
  }),
});

export const publicDocumentsRoutes: FastifyPluginAsyncTypebox<HttpDeps> = (app, deps) => {
  app.get(
    '/v1/public/documents',
    {
      schema: {
        tags: ['public'],
        summary:
          'the catalogue and the policy in force: categories, rules and points, lists, measures, legal bases',
        security: [],
        response: { 200: DocumentsSchema, ...errorResponses(429, 503) },
      },
    },
    async (request) => deps.app.documentsInForce(callerOf(request)),
  );
  return Promise.resolve();
};
