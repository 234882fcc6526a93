// Reading a subject for a purpose from the closed list that the caller may use (access-rules.ts):
// agencies by their kind and relation to the subject, the operator for `oversight`, a citizen only
// themself for `subject-access`. Need to know (C11): an agency reading for `enforcement` or
// `eligibility` gets the check answer of the measures its kind enforces and their reasons
// (need-to-know.ts), never the score or the contributions; dispute review, oversight and the
// subject get the explained evaluation (score, grade, every contribution, lists, measures; C12).
// Every read, allowed or refused, is audited with its purpose.
import type { Purpose } from '../../core/access/purposes.js';
import { DomainError } from '../../core/errors/domain-error.js';
import { requireIdentifier } from '../../core/identifiers/index.js';
import type { SubjectEvaluation } from '../../core/scoring/index.js';
import type { Instant } from '../../core/time/instant.js';
import { assertMayRead } from '../access/access-rules.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { audited, auditEntry, type Access } from '../audit/access-audit.js';
import type { LedgerReader } from '../ports/ledger-store.js';
import type { Standing } from '../standing/standing.js';
import { isNeedToKnowPurpose, needToKnowView, type SubjectView } from './need-to-know.js';

export interface SubjectReadRequest {
  readonly identifier: string;
  readonly purpose: Purpose;
  /** As of this instant (default: now); the operator only. */
  readonly at?: Instant | undefined;
}

type ReadDeps = Pick<AppDeps, 'standing' | 'audit' | 'clock'> & { readonly store: LedgerReader };

async function authorise(
  deps: ReadDeps,
  standing: Standing,
  caller: Caller,
  key: string,
  request: SubjectReadRequest,
): Promise<void> {
  const refuse = (who: string) => {
    throw new DomainError(
      'PurposeNotPermitted',
      `${who} may not read a subject for "${request.purpose}"`,
    );
  };
  switch (caller.kind) {
    case 'operator':
      if (request.purpose !== 'oversight') refuse('the operator');
      return;
    case 'citizen':
      if (request.purpose !== 'subject-access' || caller.subject !== key) refuse('a citizen');
      return;
    case 'public':
      throw new DomainError(
        'Unauthenticated',
        'send an agency token as "Authorization: Bearer <token>"',
      );
    case 'agency': {
      if (request.at !== undefined) refuse('an agency reading as of another instant');
      const submitting =
        request.purpose === 'dispute-review'
          ? new Set((await deps.store.recordsOfSubject(key)).map((r) => r.agencyId))
          : new Set<string>();
      const now = deps.clock();
      assertMayRead(caller.agency, request.purpose, {
        policy: standing.policyAt(now),
        catalog: standing.catalog().catalog,
        submittingAgencies: submitting,
      });
      return;
    }
    default: {
      const never: never = caller;
      return never;
    }
  }
}

export async function readSubject(
  deps: ReadDeps,
  caller: Caller,
  request: SubjectReadRequest,
): Promise<SubjectView> {
  const access = {
    current: {
      caller,
      purpose: request.purpose,
      action: 'read-subject',
      subject: request.identifier,
    } as Access,
  };
  return audited(
    deps,
    access,
    async () => {
      const now = deps.clock();
      const key = requireIdentifier(request.identifier, now).normalized;
      access.current = { ...access.current, subject: key };
      const standing = await deps.standing();
      await authorise(deps, standing, caller, key, request);
      const at = request.at ?? now;
      const evaluation: SubjectEvaluation = await standing.evaluate(key, at);
      if (caller.kind !== 'agency' || !isNeedToKnowPurpose(request.purpose)) return evaluation;
      return needToKnowView(evaluation, standing.policyAt(at), caller.agency.kind, request.purpose);
    },
    (evaluation, at) => [
      auditEntry({ ...access.current, subject: evaluation.subject }, at, 'read'),
    ],
  );
}
