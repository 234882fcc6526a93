// The aggregate counts the public transparency report needs from the store (docs/http-api.md,
// "The public site's doors"): counted in the database, grouped by measure, category or agency,
// never a row about a person. `src/store/transparency-stats-queries.ts` implements it on both
// dialects.
import type { Instant } from '../../core/time/instant.js';

export interface MeasureCheckCounts {
  readonly measure: string;
  /** The agencies' checks (`check` audit entries for `enforcement` or `eligibility`). */
  readonly checks: number;
  /** Those answered `deny`. */
  readonly denials: number;
}

export interface TransparencyStatsReader {
  /** Per measure of `measures`, the agencies' checks with `from` <= at < `to` and the denials. */
  checksByMeasure(
    from: Instant,
    to: Instant,
    measures: readonly string[],
  ): Promise<MeasureCheckCounts[]>;
  /** Records recorded with `from` <= recordedAt < `to`, per category and submitting agency. */
  recordsByCategoryAndAgency(
    from: Instant,
    to: Instant,
  ): Promise<{ readonly category: string; readonly agencyId: string; readonly records: number }[]>;
  /** Repairs granted (`repaired` record events recorded in the window), per submitting agency. */
  repairsByAgency(
    from: Instant,
    to: Instant,
  ): Promise<{ readonly agencyId: string; readonly repairs: number }[]>;
}
