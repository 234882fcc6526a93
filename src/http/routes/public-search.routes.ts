// The public search (charter C13): anyone, without a token, looks up an identifier or a name in
// the latest published version of every public list (or of one), answered with the entries
// exactly as published (use case app/publications/publication-search.ts). Rate-limited per
// address like every public door; not audited (public data, already published).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { callerOf } from '../auth/principal.js';
import type { HttpDeps } from '../http-deps.js';
import { errorResponses } from '../schemas/error.schema.js';

const SearchQuery = Type.Object({
  q: Type.String({
    maxLength: 256,
    description:
      'an identifier (with a digit or *: at least 4 characters; typed in full it is masked as publications mask it and compared whole) or a name (at least 2 characters, matched at the start of any word, each Chinese character starting one); at most 64 characters once spaces are trimmed',
  }),
  list: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$',
      description: 'one public list only (default: every list)',
    }),
  ),
  cursor: Type.Optional(
    Type.String({ maxLength: 160, description: 'the `next` of the page before' }),
  ),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100, description: 'entries per page (default 20)' }),
  ),
});

const EntrySchema = Type.Object({
  subject: Type.String({ description: 'the masked identifier, as published' }),
  name: Type.Union([Type.String(), Type.Null()]),
  list: Type.String(),
  since: Type.String(),
  until: Type.Union([Type.String(), Type.Null()]),
  legalBasis: Type.String(),
  caseReferences: Type.Immutable(Type.Array(Type.String())),
});

const SearchAnswer = Type.Object({
  query: Type.String({ description: 'the query as compared (normalised)' }),
  kind: Type.Union([Type.Literal('identifier'), Type.Literal('name')]),
  match: Type.Union([Type.Literal('visible-parts'), Type.Literal('prefix')], {
    description:
      '`visible-parts`: a full identifier, masked, compared whole with the published form (the birth date is hidden, so another number with the same visible digits matches too); `prefix`: the beginning of a masked identifier, its last visible characters, or of a word of a name',
  }),
  results: Type.Immutable(
    Type.Array(
      Type.Object({
        list: Type.String(),
        version: Type.Integer({ description: 'the latest version of the list' }),
        entry: EntrySchema,
      }),
    ),
  ),
  next: Type.Optional(Type.String({ description: 'the cursor of the next page' })),
});

export const publicSearchRoutes: FastifyPluginAsyncTypebox<HttpDeps> = (app, deps) => {
  app.get(
    '/v1/public/search',
    {
      schema: {
        tags: ['public'],
        summary: 'search the latest published version of the public lists by identifier or name',
        description:
          'Answers exactly what the latest version of each list (or of `list`) holds: entries as published, masked; never an entry of an older version or one removed since. 400 SearchQueryInvalid for a query too short (an identifier under 4 characters, a name under 2: it limits enumeration through this door), too long (over 64) or of characters no identifier holds. Paged in the order of the lists and their entries; `next` is the cursor of the next page.',
        security: [],
        querystring: SearchQuery,
        response: { 200: SearchAnswer, ...errorResponses(400, 429) },
      },
    },
    async (request) => deps.app.searchPublications(callerOf(request), request.query),
  );
  return Promise.resolve();
};
