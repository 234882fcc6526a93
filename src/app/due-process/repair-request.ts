// The subject asks for the repair of one of their records (POST /v1/citizen/repairs; charter C7):
// granted when the record is adverse, its obligation performed where it has one, and its repair
// period has passed; the record then stops counting everywhere. Otherwise refused with every
// reason (422). The authority (or `system` without one) is the actor of a granted repair.
import type { LedgerRecordEvent } from '../../core/ledger/ledger-types.js';
import { citizenOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import { writeCase, type CaseWriteDeps } from './case-write.js';
import { requestSubjectRepair } from './due-process-cases.js';

/** The `repaired` event of the granted repair. */
export async function requestRepair(
  deps: CaseWriteDeps,
  caller: Caller,
  request: { readonly recordId: number },
): Promise<LedgerRecordEvent> {
  const subject = citizenOf(caller);
  const now = deps.clock();
  const { event } = await writeCase(deps, caller, { action: 'request-repair', subject }, (cases) =>
    requestSubjectRepair(cases, subject, request, now),
  );
  return event;
}
