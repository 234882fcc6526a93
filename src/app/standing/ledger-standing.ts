// Scores and checks one subject straight from the ledger with the reference evaluator: what the
// CLI's `score` and `check` answer, and what a subject sees of itself. (The server answers from
// the in-memory engine, which is held to give the same answers.) Each answer is an access by the
// operator and is audited before it is returned (charter C11).
import { DomainError } from '../../core/errors/domain-error.js';
import { checkIdentifier } from '../../core/identifiers/index.js';
import {
  checkMeasure,
  evaluateSubject,
  type CheckResult,
  type SubjectEvaluation,
} from '../../core/scoring/index.js';
import type { Instant } from '../../core/time/instant.js';
import { recordOperatorAccess } from '../audit/operator-access.js';
import type { LedgerStore } from '../ports/ledger-store.js';
import type { ScoringContext } from './scoring-context.js';
import { loadSubjectHistory } from './subject-history-load.js';

function validSubject(identifier: string, now: Instant) {
  const id = checkIdentifier(identifier, now);
  if (!id.valid)
    throw new DomainError(
      'InvalidIdentifier',
      `"${identifier}" is not a valid identifier (${id.reason}): ${id.message}`,
    );
  return id;
}

async function evaluate(
  store: LedgerStore,
  context: ScoringContext,
  identifier: string,
  at: Instant,
  now: Instant,
) {
  const id = validSubject(identifier, now);
  const birthDate = id.scheme === 'cn-ric' ? id.birthDate : undefined;
  const history = await loadSubjectHistory(store, id.normalized, id.kind, birthDate);
  return evaluateSubject(history, context.policyAt(at), (r) => context.categoryOf(r), at);
}

export async function scoreSubject(
  store: LedgerStore,
  context: ScoringContext,
  identifier: string,
  at: Instant,
  now: Instant,
): Promise<SubjectEvaluation> {
  const evaluation = await evaluate(store, context, identifier, at, now);
  await recordOperatorAccess(store, {
    at: now,
    action: 'read-subject',
    subject: evaluation.subject,
    outcome: 'read',
  });
  return evaluation;
}

export async function checkSubject(
  store: LedgerStore,
  context: ScoringContext,
  identifier: string,
  measureId: string,
  at: Instant,
  now: Instant,
): Promise<CheckResult> {
  const policy = context.policyAt(at);
  const measure = policy.measuresById.get(measureId);
  if (!measure) {
    throw new DomainError(
      'UnknownMeasure',
      `no measure "${measureId}" in policy ${policy.id} version ${policy.version}`,
    );
  }
  const result = checkMeasure(await evaluate(store, context, identifier, at, now), measure, policy);
  await recordOperatorAccess(store, {
    at: now,
    action: 'check',
    subject: result.subject,
    outcome: `${result.decision} ${measureId}`,
  });
  return result;
}
