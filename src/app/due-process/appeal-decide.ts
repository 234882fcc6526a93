// The authority decides an appeal against an agency's objection decision (POST
// /v1/appeals/{id}/decision; charter C8): upheld, corrected or revoked, with a reason, and final.
// Agencies of other kinds are refused (403 AuthorityOnly), and the refusal is audited.
import { authorityOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import { writeCase, type CaseWriteDeps } from './case-write.js';
import { decideAuthorityAppeal } from './due-process-cases.js';
import type { CaseDecision } from './objection-decide.js';
import type { CaseAnswer } from './objection-file.js';
import { viewAfter } from './objection-view.js';

export const APPEALS_DECIDED = 'appeals are decided';

export async function decideAppeal(
  deps: CaseWriteDeps,
  caller: Caller,
  request: CaseDecision,
): Promise<CaseAnswer> {
  const now = deps.clock();
  const { id, ...decision } = request;
  const outcome = await writeCase(
    deps,
    caller,
    { action: `decide-appeal-${decision.outcome}`, subject: `appeal:${id}` },
    (cases) =>
      decideAuthorityAppeal(cases, authorityOf(caller, APPEALS_DECIDED), id, decision, now),
  );
  return { event: outcome.event, objection: viewAfter(outcome, now) };
}
