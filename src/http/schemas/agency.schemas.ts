// TypeBox schemas of the agency's own doors (the agency console): who the signed-in agency is
// (GET /v1/agency/me) and its own records, paged (GET /v1/agency/records).
import { Type } from 'typebox';
import { DEFAULT_AGENCY_RECORDS_PAGE, MAX_AGENCY_RECORDS_PAGE } from '../../app/probity-app.js';
import { MAX_ID } from './api.schemas.js';

export const OwnAgencyView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  catalog: Type.Object({
    version: Type.Integer({ description: 'the catalogue version in force' }),
    categories: Type.Immutable(
      Type.Array(Type.String(), {
        description:
          'the ids of the categories this agency may submit (their `submitters` include its kind): POST /v1/records accepts these and refuses the others (403 SubmitterNotAllowed)',
      }),
    ),
  }),
  policy: Type.Object({
    id: Type.Union([Type.String(), Type.Null()], {
      description: 'the policy in force (null before the first)',
    }),
    version: Type.Union([Type.Integer(), Type.Null()]),
    measures: Type.Immutable(
      Type.Array(Type.String(), {
        description:
          'the ids of the measures this agency may check (their `enforcers` include its kind)',
      }),
    ),
  }),
});

export const AgencyRecordsQuery = Type.Object(
  {
    subject: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description:
          "one subject's records only (an identifier; 422 InvalidIdentifier if not valid)",
      }),
    ),
    category: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: "one category's records only" }),
    ),
    cursor: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_ID,
        description: 'the `nextCursor` of the page before (records with smaller ids)',
      }),
    ),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_AGENCY_RECORDS_PAGE,
        default: DEFAULT_AGENCY_RECORDS_PAGE,
        description: 'records per page',
      }),
    ),
  },
  { additionalProperties: false },
);

const FieldValues = Type.Record(
  Type.String(),
  Type.Union([Type.Integer(), Type.String(), Type.Boolean()]),
);

export const AgencyRecordsPageView = Type.Object({
  records: Type.Immutable(
    Type.Array(
      Type.Object({
        id: Type.Integer({ description: 'the record id' }),
        sourceRef: Type.String(),
        subject: Type.String(),
        category: Type.String(),
        occurredAt: Type.String(),
        recordedAt: Type.String(),
        fields: FieldValues,
        inForce: Type.Boolean({ description: 'whether it counts now' }),
        notInForceReason: Type.Union(
          [
            Type.Literal('not-yet-recorded'),
            Type.Literal('expired'),
            Type.Literal('revoked'),
            Type.Literal('repaired'),
            Type.Literal('fulfilled'),
            Type.Literal('suspended'),
            Type.Literal('objection-overdue'),
            Type.Null(),
          ],
          { description: 'why it does not count now; null when it does' },
        ),
        events: Type.Immutable(
          Type.Array(
            Type.Object({
              seq: Type.Integer(),
              type: Type.String(),
              at: Type.String(),
              reason: Type.Union([Type.String(), Type.Null()]),
            }),
          ),
        ),
      }),
    ),
  ),
  nextCursor: Type.Union([Type.Integer(), Type.Null()], {
    description: 'the cursor of the next page; null on the last',
  }),
});
