// TypeBox schemas of the agency's own doors (the agency console): who the signed-in agency is
// (GET /v1/agency/me) and its own records, paged (GET /v1/agency/records).
import { Type } from 'typebox';

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
