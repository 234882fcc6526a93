// The scoring room's public surface: the reference evaluator (a subject's score, grade, lists and
// measures at an instant, with their explanation), measure checks, policy-version selection, and
// the per-record state and change instants the engine schedules transitions with.
export type {
  CheckDecision,
  CheckResult,
  Contribution,
  ContributionOutlook,
  ListReason,
  MeasureInEffect,
  NotInForceReason,
  RecordHistory,
  RuleTotal,
  SubjectEvaluation,
  SubjectHistory,
} from './evaluation-types.js';
export type { RecordState, RecordStatus } from './record-state.js';
export {
  effectEndOf,
  eventVisibleAt,
  eventVisibleFrom,
  fieldsAt,
  nextRecordChange,
  recordChangeInstants,
  recordStateAt,
  repairFromOf,
  visibleEventsAt,
} from './record-state.js';
export {
  adulthoodOf,
  evaluateSubject,
  isClosedAt,
  isScorable,
  roundHalfAwayFromZero,
  roundRatio,
  weighedPoints,
} from './subject-evaluate.js';
export { checkMeasure } from './measure-check.js';
export { policyAt } from './policy-at.js';
