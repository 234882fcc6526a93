// List feeds: an agency keeping its own copy of a list follows its deltas in seq order after a
// cursor and acknowledges what it has applied; the authority sees every consumer's lag (charter
// C13, C14). Only agencies whose kind enforces a measure the list brings, and the authority, may
// follow a list (403 FeedNotPermitted). Every read and acknowledgement is audited, refused or not.
import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  ackListFeed,
  assertMayFollowFeed,
  consumerLag,
  FEED_PAGE_DEFAULT,
  FEED_PAGE_MAX,
  readListFeed,
} from '../../app/feeds/list-feed-read.js';
import { AUTHORITY_KIND } from '../../app/access/access-rules.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { Agency } from '../../core/ledger/ledger-types.js';
import { agencyOnly, requireAgency } from '../auth/agency-auth.js';
import type { HttpDeps } from '../http-deps.js';
import { errorResponses } from '../schemas/error.schema.js';
import { auditEvent } from './audit-access.js';

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

/** The purpose a feed is followed for: the authority oversees, enforcers enforce. */
function purposeOf(agency: Agency): string {
  return agency.kind === AUTHORITY_KIND ? 'oversight' : 'enforcement';
}

export const feedRoutes: FastifyPluginAsyncTypebox<HttpDeps> = async (app, deps) => {
  async function audited<T>(
    request: FastifyRequest,
    fields: { purpose: string; action: string; subject: string },
    work: () => Promise<{ result: T; outcome: string }>,
  ): Promise<T> {
    try {
      const { result, outcome } = await work();
      await deps.audit.record([auditEvent(request, deps.clock(), { ...fields, outcome })]);
      return result;
    } catch (error) {
      const outcome = error instanceof DomainError ? `refused ${error.code}` : 'failed';
      await deps.audit.record([auditEvent(request, deps.clock(), { ...fields, outcome })]);
      throw error;
    }
  }

  app.get(
    '/v1/lists/:id/feed',
    {
      preHandler: agencyOnly,
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
    async (request) => {
      const agency = requireAgency(request);
      const list = request.params.id;
      const { after = 0, limit = FEED_PAGE_DEFAULT } = request.query;
      return audited(
        request,
        { purpose: purposeOf(agency), action: 'feed-read', subject: '' },
        async () => {
          assertMayFollowFeed(deps.service.policyAt(deps.clock()), agency, list);
          const page = await readListFeed(deps.store, list, agency.id, after, limit);
          const last = page.deltas.at(-1)?.seq ?? after;
          return {
            result: page,
            outcome: `read ${list} ${page.deltas.length} (${after}, ${last}]`,
          };
        },
      );
    },
  );

  app.post(
    '/v1/lists/:id/feed/ack',
    {
      preHandler: agencyOnly,
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
    async (request) => {
      const agency = requireAgency(request);
      const list = request.params.id;
      const { seq } = request.body;
      return audited(
        request,
        { purpose: purposeOf(agency), action: 'feed-ack', subject: '' },
        async () => {
          assertMayFollowFeed(deps.service.policyAt(deps.clock()), agency, list);
          const ack = await ackListFeed(deps.store, list, agency.id, seq, deps.clock());
          return { result: ack, outcome: `acked ${list} ${seq}` };
        },
      );
    },
  );

  app.get(
    '/v1/feeds/consumers',
    {
      preHandler: agencyOnly,
      schema: {
        tags: ['feeds'],
        summary: "every list feed consumer's acknowledged position and lag (the authority)",
        description:
          'For the authority only (else 403 FeedNotPermitted). Consumers that read but never acknowledged show ackedSeq 0.',
        response: { 200: ConsumersSchema, ...errorResponses(401, 403, 429) },
      },
    },
    async (request) => {
      const agency = requireAgency(request);
      return audited(
        request,
        { purpose: 'oversight', action: 'feed-consumers', subject: '' },
        async () => {
          if (agency.kind !== AUTHORITY_KIND) {
            throw new DomainError(
              'FeedNotPermitted',
              'only the authority sees the consumers of the list feeds',
            );
          }
          const consumers = await consumerLag(deps.store);
          return { result: { consumers }, outcome: `read ${consumers.length}` };
        },
      );
    },
  );
  return Promise.resolve();
};
