// The policy room's public surface: the compiled policy the engine folds records through, its
// parser (which compiles every CEL expression once), the per-category index, and the header
// reader used to store and order policy versions.
export type {
  CategoryPattern,
  CategoryPlan,
  CompiledExpression,
  CompiledPolicy,
  CompiledRule,
  Decay,
  GradeBand,
  IncentiveList,
  ListKind,
  Measure,
  MeasureKind,
  PolicyList,
  RecordPoints,
  RecordPredicate,
  SanctionList,
} from './policy-types.js';
export type { EvaluationFailure } from './policy-types.js';
export { DECAYS, failure, isFailure, LIST_KINDS, MEASURE_KINDS } from './policy-types.js';
export type { RuleMatch } from './policy-plan.js';
export type { PolicyParseResult, PolicyProblemCode } from './policy-parse.js';
export { parsePolicy, POLICY_PROBLEM_CODES } from './policy-parse.js';
export {
  candidateRules,
  categoryMatches,
  firstMatchingRule,
  gradeFor,
  ruleMatch,
  sanctionListAccepts,
  sanctionListsFor,
} from './policy-plan.js';
export type { PolicyHeader } from './policy-header.js';
export { readPolicyHeader } from './policy-header.js';
