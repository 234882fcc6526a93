// The subject objects to one of their own records (POST /v1/citizen/objections; charter C8):
// grounds required, evidence optional. The submitting agency must decide within the category's
// objection deadline; undecided past it, the record has no effect until decided. After a decision
// a repeat needs new evidence, within the notice + P1Y, and never lifts the record again; after
// the authority's final decision nothing is taken (core/due-process/objection-state.ts). Another
// subject's record is answered like a missing one (404), so record ids reveal nothing.
import type { ObjectionRequest } from '../../core/due-process/objection-state.js';
import type { LedgerRecordEvent } from '../../core/ledger/ledger-types.js';
import { citizenOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import { writeCase, type CaseWriteDeps } from './case-write.js';
import { fileSubjectObjection } from './due-process-cases.js';
import { viewAfter, type ObjectionView } from './objection-view.js';

export type ObjectionFiling = ObjectionRequest & { readonly recordId: number };

/** What a due-process write answers: the event appended and the objection it concerns now. */
export interface CaseAnswer {
  readonly event: LedgerRecordEvent;
  readonly objection: ObjectionView;
}

export async function fileObjection(
  deps: CaseWriteDeps,
  caller: Caller,
  request: ObjectionFiling,
): Promise<CaseAnswer> {
  const subject = citizenOf(caller);
  const now = deps.clock();
  const outcome = await writeCase(deps, caller, { action: 'file-objection', subject }, (cases) =>
    fileSubjectObjection(cases, subject, request, now),
  );
  return { event: outcome.event, objection: viewAfter(outcome, now) };
}
