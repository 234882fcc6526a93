// The schemas of the authority's dashboard doors (routes/authority-*.routes.ts): aggregate figures
// only, never an identifier (docs/http-api.md, "The authority's dashboard"). The web client is
// generated from the OpenAPI document these schemas make.
import { Type } from 'typebox';

const Instant = (description: string) =>
  Type.String({
    minLength: 1,
    maxLength: 64,
    description: `${description}: a date (YYYY-MM-DD, 00:00 UTC) or an ISO 8601 instant with a zone`,
  });

const Counts = Type.Record(Type.String(), Type.Integer({ minimum: 0 }));

export const PopulationQuery = Type.Object(
  {
    at: Type.Optional(Instant('scores, grades and list sizes as of this instant (default: now)')),
    days: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 366,
        default: 30,
        description: 'days of list-size history, ending today',
      }),
    ),
  },
  { additionalProperties: false },
);

export const PopulationSchema = Type.Object({
  at: Type.String(),
  policy: Type.Object({ id: Type.String(), version: Type.Integer() }),
  subjects: Type.Object(
    { person: Type.Integer(), organization: Type.Integer() },
    { description: 'subjects the ledger mentions, by kind' },
  ),
  grades: Type.Object(
    { person: Counts, organization: Counts },
    { description: 'per kind, subjects per grade at `at`; `-`: not scorable (minors, closed)' },
  ),
  lists: Type.Immutable(
    Type.Array(
      Type.Object({
        list: Type.String(),
        kind: Type.Union([Type.Literal('sanction'), Type.Literal('incentive')]),
        size: Type.Integer({ description: 'subjects on the list at `at`' }),
      }),
    ),
  ),
  history: Type.Object(
    {
      days: Type.Immutable(Type.Array(Type.String({ description: 'YYYY-MM-DD (UTC)' }))),
      sizes: Type.Record(Type.String(), Type.Immutable(Type.Array(Type.Integer()))),
    },
    {
      description:
        "each list's size at the end of each day (today: now), from the list feeds' history; sizes[list][i] is of days[i]",
    },
  ),
  publications: Type.Object({
    count: Type.Integer({ description: 'versions published, every list together' }),
    last: Type.Union([
      Type.Object({
        list: Type.String(),
        version: Type.Integer(),
        at: Type.String(),
        publishedAt: Type.String(),
        entries: Type.Integer(),
      }),
      Type.Null(),
    ]),
  }),
});
