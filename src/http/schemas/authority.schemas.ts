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

const Flag = Type.Union([Type.Literal('high'), Type.Literal('low'), Type.Null()], {
  description: 'high / low when the rule flags the group, else null',
});

const GroupNames = {
  group: Type.String({ description: 'a district code (110105) or other; an age band; a sex' }),
  name: Type.Optional(Type.String({ description: 'districts: the English name' })),
  nameZh: Type.Optional(Type.String({ description: 'districts: the Chinese name' })),
  suppressed: Type.Boolean({
    description: 'fewer persons than rule.suppressBelow (but some): no figure is shown',
  }),
};

const MembershipGroupSchema = Type.Object({
  ...GroupNames,
  persons: Type.Optional(Type.Integer()),
  lists: Type.Optional(
    Type.Record(
      Type.String(),
      Type.Object({ members: Type.Integer(), rate: Type.Number(), flag: Flag }),
    ),
  ),
});

const DenialGroupSchema = Type.Object({
  ...GroupNames,
  subjects: Type.Optional(Type.Integer({ description: 'persons of the group checked' })),
  checks: Type.Optional(Type.Integer()),
  denials: Type.Optional(Type.Integer()),
  rate: Type.Optional(Type.Number({ description: 'denials / checks' })),
  flag: Type.Optional(Flag),
});

const ByDimension = <T extends ReturnType<typeof Type.Object>>(group: T) =>
  Type.Object({
    district: Type.Immutable(Type.Array(group)),
    ageBand: Type.Immutable(Type.Array(group)),
    sex: Type.Immutable(Type.Array(group)),
  });

export const FairnessQuery = Type.Object(
  {
    at: Type.Optional(Instant('list membership and age bands as of this instant (default: now)')),
    from: Type.Optional(Instant('checks from this instant, included (default: to − 30 days)')),
    to: Type.Optional(Instant('checks up to this instant, excluded (default: now)')),
  },
  { additionalProperties: false },
);

export const FairnessSchema = Type.Object({
  at: Type.String(),
  window: Type.Object({ from: Type.String(), to: Type.String() }),
  rule: Type.Object({
    above: Type.Number(),
    below: Type.Number(),
    minGroup: Type.Integer(),
    suppressBelow: Type.Integer(),
    statement: Type.String(),
  }),
  membership: Type.Object({
    lists: Type.Immutable(Type.Array(Type.String())),
    overall: Type.Object({
      persons: Type.Integer({ description: 'persons scorable at `at`' }),
      lists: Type.Record(
        Type.String(),
        Type.Object({ members: Type.Integer(), rate: Type.Number() }),
      ),
    }),
    groups: ByDimension(MembershipGroupSchema),
  }),
  denials: Type.Object({
    overall: Type.Object({
      subjects: Type.Integer(),
      checks: Type.Integer(),
      denials: Type.Integer(),
      rate: Type.Number(),
    }),
    groups: ByDimension(DenialGroupSchema),
  }),
  flags: Type.Immutable(
    Type.Array(
      Type.Object({
        measure: Type.Union([Type.Literal('membership'), Type.Literal('denials')]),
        list: Type.Union([Type.String(), Type.Null()]),
        dimension: Type.Union([
          Type.Literal('district'),
          Type.Literal('ageBand'),
          Type.Literal('sex'),
        ]),
        group: Type.String(),
        flag: Type.Union([Type.Literal('high'), Type.Literal('low')]),
        rate: Type.Number(),
        overall: Type.Number(),
        ratio: Type.Number(),
        n: Type.Integer(),
      }),
    ),
  ),
});

export const AgencyObjectionsQuery = Type.Object(
  {
    from: Type.Optional(
      Instant('objections filed and records recorded from this instant (default: to − 30 days)'),
    ),
    to: Type.Optional(Instant('...up to this instant, excluded (default: now)')),
  },
  { additionalProperties: false },
);

const NullableNumber = (description: string) =>
  Type.Union([Type.Number(), Type.Null()], { description });

export const AgencyObjectionsSchema = Type.Object({
  window: Type.Object({ from: Type.String(), to: Type.String() }),
  rule: Type.Object({
    upheldRateAbove: Type.Number(),
    minDecided: Type.Integer(),
    statement: Type.String(),
  }),
  agencies: Type.Immutable(
    Type.Array(
      Type.Object({
        agency: Type.String(),
        kind: Type.String(),
        name: Type.String(),
        records: Type.Integer({ description: 'records submitted in the window' }),
        objections: Type.Integer({ description: 'objections filed in the window on its records' }),
        upheld: Type.Integer({ description: 'decided: the record corrected or revoked' }),
        rejected: Type.Integer({ description: 'decided: the record upheld' }),
        pending: Type.Integer({ description: 'not decided yet' }),
        overdue: Type.Integer({ description: 'not decided and past the deadline' }),
        medianDaysToDecide: NullableNumber('null when none was decided'),
        upheldRate: NullableNumber('upheld / decided; null when none was decided'),
        overturnedOnAppeal: Type.Integer({
          description: "the authority's decision on appeal went the other way",
        }),
        flagged: Type.Boolean({ description: 'the rule flags the agency (rule.statement)' }),
      }),
    ),
  ),
});
