// The door's text check: before any schema or route sees a request, its parsed body, query and
// path parameters must hold only storable text (no NUL, no lone surrogate) and nest no deeper
// than the core limit (core/text/json-input.ts). A request that fails is answered 400 with
// `InvalidText` (or `InvalidRequest` for nesting alone) and one detail per problem, each naming
// the field (`body.records[0].sourceRef`, `params.identifier`); nothing reaches a use case, the
// ledger or the audit log. The same rules guard the CLI's record files, so both doors refuse the
// same inputs.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, type Problem } from '../core/errors/domain-error.js';
import { inputError, inputProblems, MAX_INPUT_PROBLEMS } from '../core/text/json-input.js';

/** The parts of a request that carry caller input, under the names validation errors use. */
function partsOf(request: FastifyRequest): [string, unknown][] {
  return [
    ['params', request.params],
    ['querystring', request.query],
    ['body', request.body],
  ];
}

export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const problems: Problem<'InvalidText' | 'TooDeep'>[] = [];
    for (const [root, value] of partsOf(request)) {
      if (value === undefined || value === null) continue;
      problems.push(
        ...inputProblems(value, root, { maxProblems: MAX_INPUT_PROBLEMS - problems.length }),
      );
      if (problems.length >= MAX_INPUT_PROBLEMS) break;
    }
    if (problems.length > 0) throw inputError(problems);
    return Promise.resolve();
  });
  // Path and query values are text that the schemas coerce, and Ajv takes "Infinity" or "1e999"
  // for a number (even an integer) without applying bounds: such a value is refused here, after
  // validation, before any route or use case sees it.
  app.addHook('preHandler', async (request) => {
    const problems: Problem[] = [];
    for (const [root, value] of partsOf(request).slice(0, 2)) {
      if (typeof value !== 'object' || value === null) continue;
      for (const [key, v] of Object.entries(value)) {
        if (typeof v === 'number' && !Number.isFinite(v))
          problems.push({
            path: `${root}.${key}`,
            code: 'NotFinite',
            message: 'is not a finite number',
          });
      }
    }
    if (problems.length > 0)
      throw new DomainError(
        'InvalidRequest',
        `${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
        problems,
      );
    return Promise.resolve();
  });
}
