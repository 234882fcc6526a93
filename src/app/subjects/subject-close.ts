// Records a death or a dissolution: the subject is closed from then on (charter C4).
import { DomainError } from '../../core/errors/domain-error.js';
import { checkIdentifier } from '../../core/identifiers/index.js';
import type { Agency } from '../../core/ledger/ledger-types.js';
import { closingProblems } from '../../core/subjects/subject-closing.js';
import { formatDate, type Instant } from '../../core/time/instant.js';
import { appendToLedger } from '../ledger/ledger-append.js';
import type { LedgerStore } from '../ports/ledger-store.js';

export interface SubjectClosure {
  readonly subject: string;
  readonly event: string;
  readonly at: Instant;
}

export async function closeSubject(
  store: LedgerStore,
  agency: Agency,
  closure: SubjectClosure,
  now: Instant,
): Promise<{ seq: number }> {
  const id = checkIdentifier(closure.subject, now);
  if (!id.valid)
    throw new DomainError(
      'InvalidIdentifier',
      `"${closure.subject}" is not a valid identifier (${id.reason}): ${id.message}`,
    );
  const problems = closingProblems(id.kind, closure.event, agency.kind);
  if (closure.at > now)
    problems.push({
      path: 'at',
      code: 'OccurredInFuture',
      message: `${formatDate(closure.at)} is in the future`,
    });
  if (id.scheme === 'cn-ric' && closure.at < id.birthDate) {
    problems.push({
      path: 'at',
      code: 'OccurredBeforeBirth',
      message: `${formatDate(closure.at)} is before the birth date ${formatDate(id.birthDate)}`,
    });
  }
  const first = problems[0];
  if (first) throw new DomainError(first.code, first.message, problems);

  return appendToLedger(store, async (tx, seq) => {
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
        at: closure.at,
        recordedAt: now,
        actor: agency.id,
      },
    ]);
    return { seq: eventSeq };
  });
}
