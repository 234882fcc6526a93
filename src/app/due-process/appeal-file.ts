// The subject appeals the agency's decision on their objection to the authority (POST
// /v1/citizen/appeals; charter C8): within the appeal window after the decision, once. The record
// stays as the decision left it while the authority reviews it.
import type { AppealRequest } from '../../core/due-process/objection-state.js';
import { citizenOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import { writeCase, type CaseWriteDeps } from './case-write.js';
import { fileSubjectAppeal } from './due-process-cases.js';
import type { CaseAnswer } from './objection-file.js';
import { viewAfter } from './objection-view.js';

export type AppealFiling = AppealRequest & { readonly recordId: number };

export async function fileAppeal(
  deps: CaseWriteDeps,
  caller: Caller,
  request: AppealFiling,
): Promise<CaseAnswer> {
  const subject = citizenOf(caller);
  const now = deps.clock();
  const outcome = await writeCase(deps, caller, { action: 'file-appeal', subject }, (cases) =>
    fileSubjectAppeal(cases, subject, request, now),
  );
  return { event: outcome.event, objection: viewAfter(outcome, now) };
}
