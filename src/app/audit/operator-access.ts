// Reads of a subject's data from the command line are accesses too (charter C11): the operator
// reads with the purpose `oversight`, and the entry is committed before the answer is printed.
// One CLI process reads one subject at a time, so there is nothing to group: each access is its
// own short write, numbered after whatever the server (or another process) appended meanwhile.
import type { Instant } from '../../core/time/instant.js';
import type { AuditLogStore } from '../ports/audit-log-store.js';
import { openAuditLog } from './audit-log.js';

export const OPERATOR_ACTOR = 'operator';
export const OPERATOR_PURPOSE = 'oversight';

export interface OperatorAccess {
  readonly at: Instant;
  /** `read-subject`, `check`... */
  readonly action: string;
  readonly subject: string;
  readonly outcome: string;
}

export async function recordOperatorAccess(
  store: AuditLogStore,
  access: OperatorAccess,
): Promise<void> {
  const log = openAuditLog(store, { flushIntervalMs: 0 });
  try {
    await log.record([{ ...access, actor: OPERATOR_ACTOR, purpose: OPERATOR_PURPOSE }]);
  } finally {
    await log.close();
  }
}
