// The engine room's public surface: the Engine facade and the shapes it answers with.
export {
  Engine,
  type EngineOptions,
  type EngineStats,
  type PreparedChecks,
  type ScoreTable,
} from './engine.js';
export type { FoldOutcome } from './ledger-fold.js';
export { fieldsReadBy, MAX_LISTS } from './policy-application.js';
export { NO_GRADE } from './score-kernel.js';
