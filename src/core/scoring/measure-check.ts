// check(s, m, t) (policy.md, "Checks"): a restriction is denied, and a benefit granted, when the
// subject is on any of the measure's lists; every such list is a reason, naming the list, since
// when and until when, its legal basis and the records behind it (charter C12). A subject that is
// not scorable has no lists, so it is allowed and not eligible.
import type { CompiledPolicy, Measure } from '../policy/index.js';
import type { CheckDecision, CheckResult, SubjectEvaluation } from './evaluation-types.js';

export function checkMeasure(
  evaluation: SubjectEvaluation,
  measure: Measure,
  policy: CompiledPolicy,
): CheckResult {
  const wanted = measure.kind === 'restriction' ? 'sanction' : 'incentive';
  const byId = new Map(evaluation.lists.map((l) => [l.list, l]));
  const reasons: CheckResult['reasons'][number][] = [];
  for (const listId of measure.lists) {
    const entry = byId.get(listId);
    if (entry?.kind !== wanted) continue;
    reasons.push({
      list: entry.list,
      since: entry.since,
      until: entry.until,
      legalBasis: policy.listsById.get(listId)?.legalBasis ?? entry.legalBasis,
      records: entry.records,
    });
  }
  const onAList = reasons.length > 0;
  let decision: CheckDecision;
  switch (measure.kind) {
    case 'restriction':
      decision = onAList ? 'deny' : 'allow';
      break;
    case 'benefit':
      decision = onAList ? 'eligible' : 'not-eligible';
      break;
    default: {
      const never: never = measure.kind;
      return never;
    }
  }
  return {
    subject: evaluation.subject,
    measure: measure.id,
    at: evaluation.at,
    decision,
    reasons,
  };
}
