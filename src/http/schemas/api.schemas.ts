// TypeBox schemas of the contract endpoints (interfaces.md): what the routes accept (validated by
// Fastify) and what they answer (serialised by Fastify from these schemas, and published in the
// OpenAPI document). The domain shapes mirror src/core/scoring/evaluation-types.ts.
import { Type, type TSchema } from 'typebox';
import { PURPOSES } from '../../core/access/purposes.js';

/** A response array: readonly in the static type, so domain values (readonly arrays) fit. */
function List<T extends TSchema>(items: T, options: { description?: string } = {}) {
  return Type.Immutable(Type.Array(items, options));
}

export const Purpose = Type.Union(
  PURPOSES.map((p) => Type.Literal(p)),
  { description: 'why the data is read (closed list, charter C11)' },
);

/**
 * The largest id, seq or version a request may name: 2^53 - 1, the largest integer a JSON number
 * holds exactly, and well inside the stores' 64-bit columns. A larger one is a schema violation
 * (400), not a database error.
 */
export const MAX_ID = Number.MAX_SAFE_INTEGER;

export const Identifier = Type.String({
  minLength: 1,
  maxLength: 64,
  description:
    'resident identity number (18 or 15 characters) or unified social credit code; validated and normalised',
});

// ---- Records -----------------------------------------------------------------------------------

export const RecordInput = Type.Object({
  sourceRef: Type.String({
    description: "the agency's own id for the record: the idempotency key",
  }),
  subject: Type.String(),
  category: Type.String({ description: 'a catalogue category, e.g. court.dishonest-debtor' }),
  occurredAt: Type.String({ description: 'a date or an ISO 8601 instant; not in the future' }),
  fields: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

/**
 * An atomic batch is one ledger transaction, which the server runs in one piece (about 0.3 ms a
 * record on SQLite, with its notices and audit entries): a thousand records hold it a third of a
 * second at most. An import commits larger batches, in a process of its own.
 */
export const RECORDS_PER_BATCH = 1_000;

export const RecordsBody = Type.Object({
  records: Type.Array(RecordInput, { minItems: 1, maxItems: RECORDS_PER_BATCH }),
});

export const RecordsCreated = Type.Object({
  results: List(
    Type.Object({
      sourceRef: Type.String(),
      id: Type.Integer(),
      status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate')]),
    }),
  ),
});

export const RecordIdParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: MAX_ID, description: 'the record id' }),
});

export const RecordEventBody = Type.Object({
  type: Type.Union([Type.Literal('fulfilled'), Type.Literal('suspended'), Type.Literal('resumed')]),
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
  at: Type.Optional(
    Type.String({ description: 'when it happened (default now): a date or an ISO 8601 instant' }),
  ),
});

export const RecordEventCreated = Type.Object({
  seq: Type.Integer(),
  recordId: Type.Integer(),
  subject: Type.String(),
  type: Type.String(),
  at: Type.String(),
  recordedAt: Type.String(),
  actor: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
});

// ---- Checks ------------------------------------------------------------------------------------

const CheckReason = Type.Object({
  list: Type.String(),
  since: Type.String(),
  until: Type.Union([Type.String(), Type.Null()]),
  legalBasis: Type.String(),
  records: List(Type.Integer()),
});

const Decision = Type.Union([
  Type.Literal('allow'),
  Type.Literal('deny'),
  Type.Literal('eligible'),
  Type.Literal('not-eligible'),
]);

const checkFields = {
  subject: Type.String(),
  measure: Type.String(),
  at: Type.String(),
  decision: Decision,
  reasons: List(CheckReason),
};

export const CheckBody = Type.Object({
  subject: Identifier,
  measure: Type.String({ minLength: 1 }),
  purpose: Type.Optional(Purpose),
});

export const CheckResponse = Type.Object({
  ...checkFields,
  checkId: Type.String({ description: 'the audit log entry of this check' }),
});

export const BatchCheckBody = Type.Object({
  measure: Type.String({ minLength: 1 }),
  subjects: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 1_000_000 }),
  purpose: Type.Optional(Purpose),
});

const BatchItem = Type.Object({
  subject: Type.String(),
  measure: Type.String(),
  at: Type.Optional(Type.String()),
  decision: Type.Optional(Decision),
  reasons: Type.Optional(List(CheckReason)),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
});

export const BatchCheckResponse = Type.Object({
  checkId: Type.String({ description: 'the audit log entries of this batch: `<first>-<last>`' }),
  results: List(BatchItem, {
    description: 'one per subject, in input order; an invalid identifier has `error`',
  }),
});

// ---- Subjects ----------------------------------------------------------------------------------

export const SubjectParams = Type.Object({ identifier: Identifier });
export const SubjectQuery = Type.Object({ purpose: Purpose });

const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

/** A list the subject is on, with its dates and the records that put it there. */
const ListMembership = Type.Object({
  list: Type.String(),
  kind: Type.Union([Type.Literal('sanction'), Type.Literal('incentive')]),
  label: Type.String(),
  legalBasis: Type.String(),
  since: Type.String(),
  until: Type.Union([Type.String(), Type.Null()]),
  records: List(Type.Integer()),
});

export const SubjectEvaluationSchema = Type.Object({
  subject: Type.String(),
  kind: Type.Union([Type.Literal('person'), Type.Literal('organization')]),
  at: Type.String(),
  policy: Type.String(),
  policyVersion: Type.Integer(),
  scorable: Type.Boolean(),
  score: NullableNumber,
  grade: Type.Union([Type.String(), Type.Null()]),
  base: NullableNumber,
  contributions: List(
    Type.Object({
      recordId: Type.Integer(),
      category: Type.String(),
      occurredAt: Type.String(),
      rule: Type.Union([Type.String(), Type.Null()]),
      points: Type.Number(),
      weight: Type.Number(),
      outlook: Type.Object({
        endsWhenFulfilled: Type.Boolean(),
        effectEnd: Type.String(),
        repairFrom: Type.Union([Type.String(), Type.Null()]),
      }),
      /** A rule error: the rule's `when` or `points` failed on this record (points 0). */
      error: Type.Optional(Type.String()),
    }),
  ),
  ruleTotals: List(
    Type.Object({ rule: Type.String(), total: Type.Number(), capped: Type.Number() }),
  ),
  unclamped: NullableNumber,
  clamped: Type.Boolean(),
  notInForce: List(
    Type.Object({ recordId: Type.Integer(), category: Type.String(), reason: Type.String() }),
  ),
  lists: List(ListMembership),
  measures: List(
    Type.Object({
      measure: Type.String(),
      kind: Type.Union([Type.Literal('restriction'), Type.Literal('benefit')]),
      label: Type.String(),
      legalBasis: Type.String(),
      lists: List(Type.String()),
    }),
  ),
});

/**
 * What an agency reading for `enforcement` or `eligibility` gets (need to know, charter C11): the
 * check answer of every measure its kind enforces and the lists behind it, never the score, the
 * grade or the contributions. Told apart from the explanation by `view`.
 */
export const NeedToKnowSchema = Type.Object(
  {
    view: Type.Literal('need-to-know'),
    subject: Type.String(),
    kind: Type.Union([Type.Literal('person'), Type.Literal('organization')]),
    at: Type.String(),
    purpose: Type.Union([Type.Literal('enforcement'), Type.Literal('eligibility')]),
    policy: Type.String(),
    policyVersion: Type.Integer(),
    measures: List(
      Type.Object({
        measure: Type.String(),
        kind: Type.Union([Type.Literal('restriction'), Type.Literal('benefit')]),
        label: Type.String(),
        legalBasis: Type.String(),
        decision: Decision,
        lists: List(Type.String(), { description: "the subject's lists that bring it" }),
        until: Type.Union([Type.String(), Type.Null()], {
          description:
            'until when it applies (the latest expected end of those lists); null when it does not apply or has no expected end',
        }),
      }),
      { description: 'every measure of the policy in force that the reader’s kind enforces' },
    ),
    lists: List(ListMembership, {
      description: 'the lists the subject is on that bring one of those measures',
    }),
  },
  { title: 'NeedToKnow' },
);

/** A subject read: the need-to-know view (enforcement, eligibility) or the explanation (others). */
export const SubjectReadResponse = Type.Union([NeedToKnowSchema, SubjectEvaluationSchema], {
  description:
    'enforcement / eligibility: the need-to-know view (`view: "need-to-know"`); dispute-review, oversight: the explained evaluation (the CLI `score` JSON, no `view`)',
});
