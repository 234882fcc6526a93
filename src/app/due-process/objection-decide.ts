// The submitting agency decides an objection on one of its records (POST
// /v1/objections/{id}/decision, `probity objection decide`; charter C8): upheld, corrected (the
// fields to change, validated against the catalogue) or revoked, with a reason; once. A late
// decision reinstates, changes or removes the record from that instant. Other agencies: 403.
import type { DecisionRequest } from '../../core/due-process/objection-state.js';
import { agencyOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import { writeCase, type CaseWriteDeps } from './case-write.js';
import { decideAgencyObjection } from './due-process-cases.js';
import type { CaseAnswer } from './objection-file.js';
import { viewAfter } from './objection-view.js';

export type CaseDecision = DecisionRequest & {
  /** The objection (or appeal) id: the ledger seq of its `objected` (`appealed`) event. */
  readonly id: number;
};

export async function decideObjection(
  deps: CaseWriteDeps,
  caller: Caller,
  request: CaseDecision,
): Promise<CaseAnswer> {
  const agency = agencyOf(caller);
  const now = deps.clock();
  const { id, ...decision } = request;
  const outcome = await writeCase(
    deps,
    caller,
    { action: `decide-objection-${decision.outcome}`, subject: `objection:${id}` },
    (cases) => decideAgencyObjection(cases, agency, id, decision, now),
  );
  return { event: outcome.event, objection: viewAfter(outcome, now) };
}
