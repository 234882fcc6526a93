// The error body every route may answer with (interfaces.md), and the response map of the error
// statuses a route declares, so that the OpenAPI document lists them.
import { Type } from 'typebox';

export const ProblemSchema = Type.Object({
  path: Type.String(),
  code: Type.String(),
  message: Type.String(),
});

export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable code, e.g. RecordsRejected, NotAnEnforcer' }),
      message: Type.String(),
      details: Type.Array(ProblemSchema),
    }),
  },
  { $id: 'Error', description: 'every error of the API' },
);

/** `{400: Error, 401: Error, ...}` for the given statuses. */
export function errorResponses<S extends number>(...statuses: S[]): Record<S, typeof ErrorSchema> {
  const out = {} as Record<S, typeof ErrorSchema>;
  for (const s of statuses) out[s] = ErrorSchema;
  return out;
}
