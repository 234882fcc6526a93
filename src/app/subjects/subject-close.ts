// `probity subject close`: an agency records a death or a dissolution, and the subject is closed
// from then on (charter C4): no new records about them. The caller is the recording agency
// (civil affairs, registry, market regulation...), whose kind must be one that may close this
// kind of subject. Pipeline: authorise (an agency) → decide (a valid identifier, the right event
// for the subject's kind and the agency's, not in the future or before birth) → append (one
// transaction, refusing a subject closed already) → follow. No audit entry: no subject's data is
// read, and the closing event names its agency in the ledger.
import { DomainError } from '../../core/errors/domain-error.js';
import { requireIdentifier } from '../../core/identifiers/index.js';
import { closingProblems } from '../../core/subjects/subject-closing.js';
import { formatDate, type Instant } from '../../core/time/instant.js';
import { agencyOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { appendToLedger } from '../ledger/ledger-append.js';
import type { LedgerAppender } from '../ports/ledger-store.js';

export interface SubjectClosure {
  /** Resident identity number or unified social credit code. */
  readonly subject: string;
  /** `deceased` (persons) or `dissolved` (organisations). */
  readonly event: string;
  /** When it happened (default: now). */
  readonly at?: Instant | undefined;
}

export async function closeSubject(
  deps: Pick<AppDeps, 'standing' | 'clock'> & { readonly store: LedgerAppender },
  caller: Caller,
  closure: SubjectClosure,
): Promise<{ seq: number }> {
  const agency = agencyOf(caller);
  const now = deps.clock();
  const at = closure.at ?? now;
  const id = requireIdentifier(closure.subject, now);
  const problems = closingProblems(id.kind, closure.event, agency.kind);
  if (at > now)
    problems.push({
      path: 'at',
      code: 'OccurredInFuture',
      message: `${formatDate(at)} is in the future`,
    });
  if (id.scheme === 'cn-ric' && at < id.birthDate) {
    problems.push({
      path: 'at',
      code: 'OccurredBeforeBirth',
      message: `${formatDate(at)} is before the birth date ${formatDate(id.birthDate)}`,
    });
  }
  const first = problems[0];
  if (first) throw new DomainError(first.code, first.message, problems);

  const result = await appendToLedger(deps.store, async (tx, seq) => {
    const state = (await tx.subjectStates([id.normalized])).get(id.normalized);
    if (state?.closedAt !== undefined) {
      throw new DomainError(
        'SubjectClosed',
        `the subject was closed already on ${formatDate(state.closedAt)}`,
      );
    }
    const eventSeq = seq.next();
    if (!state) {
      await tx.insertSubjects([
        {
          key: id.normalized,
          kind: id.kind,
          birthDate: id.scheme === 'cn-ric' ? id.birthDate : undefined,
          name: undefined,
          firstSeq: eventSeq,
        },
      ]);
    }
    await tx.insertSubjectEvents([
      {
        seq: eventSeq,
        subject: id.normalized,
        type: id.kind === 'person' ? 'deceased' : 'dissolved',
        at,
        recordedAt: now,
        actor: agency.id,
      },
    ]);
    return { seq: eventSeq };
  });
  await (await deps.standing()).follow();
  return result;
}
