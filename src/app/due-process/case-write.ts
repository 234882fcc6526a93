// The pipeline every due-process write shares (objections, appeals, repairs, decisions): after the
// use case has authorised its caller, the write decides and appends one ledger event
// (due-process-cases.ts) with the notice of a decision and the write's audit entry (`write`, under
// the subject of the record) in the same transaction, and the standing follows (so checks and
// list feeds see it at once); a refusal is audited under what the request named
// (`refused <Code>`, charter C11).
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { auditedWrite, auditEntry } from '../audit/access-audit.js';
import type { AgencyDirectory, LedgerAppender, LedgerReader } from '../ports/ledger-store.js';
import type { DueProcessDeps, DueProcessOutcome } from './due-process-cases.js';

export type CaseWriteDeps = Pick<AppDeps, 'standing' | 'audit' | 'clock'> & {
  readonly store: LedgerReader & LedgerAppender & AgencyDirectory;
};

/**
 * Runs `write` (at the instant the use case took as now) with the record's categories from the
 * standing, committing with its event `accepted <event type> <seq>` under the record's subject,
 * and lets the standing follow; a refusal is audited under `subject` (the citizen, or
 * `objection:<id>` / `appeal:<id>` for decisions).
 */
export async function writeCase(
  deps: CaseWriteDeps,
  caller: Caller,
  about: { readonly action: string; readonly subject: string },
  write: (cases: DueProcessDeps) => Promise<DueProcessOutcome>,
): Promise<DueProcessOutcome> {
  const access = { current: { caller, purpose: 'write', ...about } };
  return auditedWrite(deps, access, async (at) => {
    const standing = await deps.standing();
    const outcome = await write({
      store: deps.store,
      categoryOf: (record) => standing.categoryOf(record),
      notices: standing.scoring(),
      audit: (event) => [
        auditEntry(
          { ...access.current, subject: event.subject },
          at,
          `accepted ${event.type} ${event.seq}`,
        ),
      ],
    });
    await standing.follow();
    return outcome;
  });
}
