// The one table from error codes to process exit codes (interfaces.md): 1 for invalid input,
// 2 for usage errors, 3 for anything else. Domain codes not listed are invalid input.
export const EXIT_OK = 0;
export const EXIT_INVALID_INPUT = 1;
export const EXIT_USAGE = 2;
export const EXIT_OTHER = 3;

const OTHER_FAILURES = new Set(['StoreUnavailable', 'LedgerCatalogUnreadable', 'Internal']);
const USAGE_FAILURES = new Set(['UsageError', 'InvalidNow']);

export function exitCodeFor(code: string): number {
  if (USAGE_FAILURES.has(code)) return EXIT_USAGE;
  if (OTHER_FAILURES.has(code)) return EXIT_OTHER;
  return EXIT_INVALID_INPUT;
}
