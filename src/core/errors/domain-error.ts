// The one way the domain reports a broken rule: a stable code from DOMAIN_ERROR_CODES (relied on
// by scripts and tests), a message for people, and optional per-item details. No HTTP status or
// exit code here: `src/http` and `src/cli` each map every code to those in one table.
import type { DomainErrorCode } from './error-codes.js';

export { DOMAIN_ERROR_CODES, type DomainErrorCode } from './error-codes.js';

/**
 * One problem found while validating something: where, what (stable code), and why in words.
 *
 * Its code is a vocabulary of its own, open (`string`) by default: the record rejection codes of
 * records-and-import.md (`FieldMissing`, `SubjectMissing`...), the catalogue and policy problem
 * codes, and the JSON Schema keywords (`required`, `type`) the HTTP schema validation reports.
 * They only ever appear inside `details`, under an error code of the list, and are documented
 * with what they validate. A producer whose first problem becomes the error's own code (agency
 * checks, subject closing, repairs) types its problems `Problem<DomainErrorCode>`.
 */
export interface Problem<Code extends string = string> {
  readonly path: string;
  readonly code: Code;
  readonly message: string;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: readonly Problem[] = [],
  ) {
    super(message);
  }
}

/** Throws a DomainError carrying every problem when there is at least one. */
export function throwIfProblems(
  code: DomainErrorCode,
  what: string,
  problems: readonly Problem[],
): void {
  if (problems.length === 0) return;
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  throw new DomainError(code, `${what}: ${first?.path}: ${first?.message}${more}`, problems);
}
