// The one way the domain reports a broken rule: a stable string code (relied on by scripts and
// tests), a message for people, and optional per-item details. No HTTP status or exit code here:
// `src/http` and `src/cli` each map codes to those in one table.

/** One problem found while validating something: where, what (stable code), and why in words. */
export interface Problem {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: string,
    message: string,
    readonly details: readonly Problem[] = [],
  ) {
    super(message);
  }
}

/** Throws a DomainError carrying every problem when there is at least one. */
export function throwIfProblems(code: string, what: string, problems: readonly Problem[]): void {
  if (problems.length === 0) return;
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  throw new DomainError(code, `${what}: ${first?.path}: ${first?.message}${more}`, problems);
}
