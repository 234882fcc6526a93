// A unique or primary-key violation means the caller tried to write something the ledger already
// holds. Both drivers' errors are turned into a DomainError here, so nothing above the store ever
// sees a driver error for it. The driver's message (which names tables, constraints and values)
// is kept as the error's cause, for logs; the message a caller may see is ours.
import { DomainError } from '../core/errors/domain-error.js';

/** SQLSTATE 23505 on PostgreSQL; better-sqlite3's extended result codes on SQLite. */
const UNIQUE_VIOLATION_CODES = new Set([
  '23505',
  'SQLITE_CONSTRAINT_UNIQUE',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
]);

export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  return typeof error.code === 'string' && UNIQUE_VIOLATION_CODES.has(error.code);
}

/** Runs `write`, reporting a unique violation as a DomainError with `code`. */
export async function refusingDuplicates<T>(
  code: 'LedgerConflict' | 'AgencyExists',
  what: string,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const refused = new DomainError(code, `${what} is already in the ledger`);
    refused.cause = error;
    throw refused;
  }
}
