// List feeds: an agency keeping its own copy of a list follows its deltas in seq order after a
// cursor and acknowledges what it has applied; the authority sees every consumer's lag (charter
// C13, C14). Only agencies whose kind enforces a measure the list brings, and the authority, may
// follow a list (403 FeedNotPermitted). The use cases (app/feeds/feed-read.ts, feed-ack.ts,
// feed-consumers.ts) authorise and audit every read and acknowledgement, refused or not.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { agencyOnly } from '../auth/agency-auth.js';
import { callerOf } from '../auth/principal.js';
import type { HttpDeps } from '../http-deps.js';
import { MAX_ID } from '../schemas/api.schemas.js';
import { errorResponses } from '../schemas/error.schema.js';

/** Deltas per page: the default and the most (as app/feeds/list-feed-read.ts enforces them). */
const FEED_PAGE_DEFAULT = 1_000;
const FEED_PAGE_MAX = 10_000;

const ListParams = Type.Object({
  id: Type.String({
    minLength: 1,
    maxLength: 128,
    description: 'a list id of the policy in force',
  }),
});

const FeedQuery = Type.Object({
  after: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: MAX_ID,
      default: 0,
      description: 'the last seq already received (0: from the start)',
    }),
  ),
  limit: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: FEED_PAGE_MAX,
      default: FEED_PAGE_DEFAULT,
      description: 'deltas per page',
    }),
  ),
});

const FeedEntrySchema = Type.Object(
  {
    subject: Type.String({
      description: 'the normalised identifier (feeds go to enforcing agencies, unmasked)',
    }),
    list: Type.String(),
    since: Type.String({ description: 'start of the current membership (ISO instant)' }),
    until: Type.Union([Type.String(), Type.Null()], {
      description: 'expected end; null for incentive lists',
    }),
    records: Type.Immutable(Type.Array(Type.Integer(), { description: 'the qualifying records' })),
    legalBasis: Type.String(),
  },
  { description: 'the entry after the delta; for a remove, the last entry' },
);

const FeedPageSchema = Type.Object({
  list: Type.String(),
  deltas: Type.Immutable(
    Type.Array(
      Type.Object({
        seq: Type.Integer({ description: 'increasing across all lists; the cursor for `after`' }),
        op: Type.Union([Type.Literal('add'), Type.Literal('remove'), Type.Literal('modify')]),
        entry: FeedEntrySchema,
      }),
    ),
  ),
  lastSeq: Type.Integer({
    description: "the list's last seq: up to date once the cursor reaches it",
  }),
});

const AckBody = Type.Object({
  seq: Type.Integer({
    minimum: 0,
    maximum: MAX_ID,
    description: 'acknowledge every delta of the list up to this seq',
  }),
});

const AckSchema = Type.Object({ list: Type.String(), ackedSeq: Type.Integer() });

const ConsumersSchema = Type.Object({
  consumers: Type.Immutable(
    Type.Array(
      Type.Object({
        list: Type.String(),
        agency: Type.String(),
        ackedSeq: Type.Integer({
          description: '0 when the agency read the feed but never acknowledged',
        }),
        lastSeq: Type.Integer(),
        behind: Type.Integer({ description: 'deltas of the list not acknowledged' }),
        ackedAt: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
  ),
});

export const feedRoutes: FastifyPluginAsyncTypebox<HttpDeps> = async (app, deps) => {
  app.get(
    '/v1/lists/:id/feed',
    {
      onRequest: agencyOnly,
      schema: {
        tags: ['feeds'],
        summary: "a list's membership deltas after a cursor, in seq order",
        description:
          'For agencies whose kind enforces a measure the list brings, and the authority (else 403 FeedNotPermitted). Read after the last seq received or acknowledged; apply; acknowledge. The first read registers the agency as a consumer whose lag the authority sees.',
        params: ListParams,
        querystring: FeedQuery,
        response: { 200: FeedPageSchema, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) =>
      deps.app.readListFeed(callerOf(request), {
        list: request.params.id,
        after: request.query.after,
        limit: request.query.limit,
      }),
  );

  app.post(
    '/v1/lists/:id/feed/ack',
    {
      onRequest: agencyOnly,
      schema: {
        tags: ['feeds'],
        summary: "acknowledge a list's deltas up to a seq",
        description:
          "409 AckBeyondFeed past the list's last seq; 409 AckBackwards below this agency's acknowledgement (repeating it is harmless).",
        params: ListParams,
        body: AckBody,
        response: { 200: AckSchema, ...errorResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) =>
      deps.app.ackListFeed(callerOf(request), { list: request.params.id, seq: request.body.seq }),
  );

  app.get(
    '/v1/feeds/consumers',
    {
      onRequest: agencyOnly,
      schema: {
        tags: ['feeds'],
        summary: "every list feed consumer's acknowledged position and lag (the authority)",
        description:
          'For the authority only (else 403 FeedNotPermitted). Consumers that read but never acknowledged show ackedSeq 0.',
        response: { 200: ConsumersSchema, ...errorResponses(401, 403, 429) },
      },
    },
    async (request) => deps.app.listFeedConsumers(callerOf(request)),
  );
  return Promise.resolve();
};
