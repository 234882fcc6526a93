// How request schemas are compiled: Fastify's own Ajv compiler, twice. The path and the query
// string arrive as text, so their schemas coerce (`?limit=10` is the integer 10, `/records/7` the
// id 7). A JSON body arrives typed, and its types are part of the contract: `"sourceRef": 0`,
// `true` or `[1]` is not the text "0", "true" or "1" but a wrong value, answered 400 like any
// other schema violation. So bodies are validated without coercion.
import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';

type BuildValidator = ReturnType<typeof AjvCompiler>;

const fromPool: BuildValidator = AjvCompiler();

/** The `schemaController.compilersFactory.buildValidator` of the server. */
export const buildRequestValidator: BuildValidator = (externalSchemas, options) => {
  const coercing = fromPool(externalSchemas, options);
  const exact = fromPool(externalSchemas, {
    ...options,
    customOptions: { ...options?.customOptions, coerceTypes: false },
  } as Parameters<BuildValidator>[1]);
  return (route) => (route.httpPart === 'body' ? exact(route) : coercing(route));
};

/** The server options that install it. */
export const requestValidation: Pick<FastifyServerOptions, 'schemaController'> = {
  schemaController: { compilersFactory: { buildValidator: buildRequestValidator } },
};
