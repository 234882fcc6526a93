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
        description:
          "days of list-size history and checks, ending with the period's last day (default 30; not with `from`)",
      }),
    ),
    from: Type.Optional(
      Instant(
        "the period's first day (history and checks): the UTC day of this instant (default: `days` days before its last)",
      ),
    ),
    to: Type.Optional(
      Instant(
        "the period's end, excluded: its last day is the last UTC day before it (default, and at the latest: today)",
      ),
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
  checks: Type.Record(
    Type.String(),
    Type.Object({
      checks: Type.Immutable(Type.Array(Type.Integer())),
      denials: Type.Immutable(Type.Array(Type.Integer())),
    }),
    {
      description:
        "per measure, the agencies' checks answered and the denials on each day of history.days",
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

/** The largest policy text the workbench takes (the reference policy is about 20 KB). */
export const POLICY_TEXT_MAX = 1_000_000;
/** The workbench's request body limit (bytes): the text and a little JSON around it. */
export const POLICY_BODY_LIMIT = 2 * 1024 * 1024;

const PolicyText = Type.String({
  minLength: 1,
  maxLength: POLICY_TEXT_MAX,
  description: 'the draft policy YAML, as `probity policy validate` reads a file',
});

/**
 * Unknown fields of a workbench body are refused (400 InvalidRequest), not dropped: the server's
 * validator removes properties a schema closes with `false`, so these close with a schema that
 * nothing matches instead.
 */
const Closed = { additionalProperties: Type.Never() };

export const PolicyInForceSchema = Type.Object({
  at: Type.String({ description: 'the instant of the answer (now)' }),
  policy: Type.String(),
  version: Type.Integer(),
  effectiveFrom: Type.String({ description: 'the instant this version is in force from' }),
  text: Type.String({ description: 'the policy document as activated (YAML)' }),
  scheduled: Type.Immutable(
    Type.Array(
      Type.Object({ policy: Type.String(), version: Type.Integer(), effectiveFrom: Type.String() }),
      { description: 'versions activated for a later start, soonest first' },
    ),
  ),
});

export const PolicyValidateBody = Type.Object({ text: PolicyText }, Closed);

export const PolicySimulateBody = Type.Object(
  {
    text: PolicyText,
    at: Type.Optional(Instant('simulate as of this instant (default: now)')),
  },
  Closed,
);

export const PolicyActivateBody = Type.Object(
  {
    text: PolicyText,
    effectiveFrom: Instant('in force from this instant: now or later'),
  },
  Closed,
);

const ProblemItem = Type.Object({
  path: Type.String({ description: 'where in the document, e.g. rules[3].points' }),
  code: Type.String(),
  message: Type.String(),
  line: Type.Optional(
    Type.Integer({
      minimum: 1,
      description: 'the line of the text the problem points at (1 = the first), where it has one',
    }),
  ),
});

export const PolicyValidationSchema = Type.Union([
  Type.Object({
    valid: Type.Literal(true),
    policy: Type.String(),
    version: Type.Integer(),
    rules: Type.Integer(),
    lists: Type.Integer(),
    measures: Type.Integer(),
  }),
  Type.Object({
    valid: Type.Literal(false),
    problems: Type.Immutable(Type.Array(ProblemItem)),
  }),
]);

const Matrix = Type.Record(Type.String(), Type.Record(Type.String(), Type.Integer()), {
  description: 'transitions[fromGrade][toGrade] = subjects; `-`: not scorable',
});
const ListChanges = Type.Record(
  Type.String(),
  Type.Object({
    gained: Type.Integer(),
    lost: Type.Integer(),
    before: Type.Integer(),
    after: Type.Integer(),
  }),
);
const Histogram = Type.Immutable(Type.Array(Type.Integer()));

const GroupSimulationSchema = Type.Object({
  group: Type.String(),
  name: Type.Optional(Type.String()),
  nameZh: Type.Optional(Type.String()),
  suppressed: Type.Boolean(),
  subjects: Type.Optional(Type.Integer()),
  transitions: Type.Optional(Matrix),
  lists: Type.Optional(ListChanges),
  distribution: Type.Optional(
    Type.Object({
      before: Histogram,
      after: Histogram,
      unscorableBefore: Type.Integer(),
      unscorableAfter: Type.Integer(),
    }),
  ),
});

export const PolicySimulationSchema = Type.Object({
  at: Type.String(),
  current: Type.Object({ id: Type.String(), version: Type.Integer() }),
  draft: Type.Object({ id: Type.String(), version: Type.Integer() }),
  subjects: Type.Integer(),
  transitions: Matrix,
  lists: ListChanges,
  distribution: Type.Object({
    buckets: Type.Immutable(Type.Array(Type.Number())),
    width: Type.Number(),
    before: Histogram,
    after: Histogram,
    unscorableBefore: Type.Integer(),
    unscorableAfter: Type.Integer(),
  }),
  ruleErrors: Type.Object({
    before: Type.Record(Type.String(), Type.Integer()),
    after: Type.Record(Type.String(), Type.Integer()),
  }),
  breakdown: Type.Object(
    {
      district: Type.Immutable(Type.Array(GroupSimulationSchema)),
      ageBand: Type.Immutable(Type.Array(GroupSimulationSchema)),
    },
    {
      description:
        'the same for the persons of each district and age band (organisations left out); groups of fewer than 10 persons suppressed',
    },
  ),
});

export const ActivatedPolicySchema = Type.Object({
  policy: Type.String(),
  version: Type.Integer(),
  effectiveFrom: Type.String(),
  added: Type.Boolean({ description: 'false: this version was stored already, unchanged' }),
});
