// The aggregate reads the authority's dashboard needs from the store (docs/http-api.md, "The
// authority's dashboard"): counts grouped in the database, never a page of rows about people.
// `src/store/authority-stats-queries.ts` implements it on both dialects with plain SQL over the
// tables (the audit log's monthly partitions on PostgreSQL included).
import type { Instant } from '../../core/time/instant.js';

/** The checks of one subject in a window, as the audit log holds them. */
export interface SubjectCheckCounts {
  /** The subject's canonical identifier (as the audit entry files it). */
  readonly subject: string;
  readonly checks: number;
  /** Checks answered `deny` (a sanction measure applied). */
  readonly denials: number;
}

/** A list's feed deltas of one UTC day that change its size. */
export interface FeedDayCounts {
  readonly list: string;
  /** Days since the epoch (UTC): the delta's `at` divided by one day. */
  readonly day: number;
  readonly added: number;
  readonly removed: number;
}

/** The agencies' checks of one measure on one UTC day. */
export interface MeasureDayCounts {
  readonly measure: string;
  /** Days since the epoch (UTC). */
  readonly day: number;
  /** Checks answered (allow, deny, eligible, not-eligible); refusals and invalid items left out. */
  readonly checks: number;
  readonly denials: number;
}

export interface AuthorityStatsReader {
  /**
   * Per subject, the agencies' checks (`check` entries for `enforcement` or `eligibility`) with
   * `from` <= at < `to`, and how many were answered `deny`.
   */
  checkCountsBySubject(from: Instant, to: Instant): Promise<SubjectCheckCounts[]>;
  /** Per measure and UTC day, the agencies' checks answered with `since` <= at < `until`. */
  checkCountsByMeasureDay(since: Instant, until: Instant): Promise<MeasureDayCounts[]>;
  /** Per list, the subjects on it as the list feed says now (its current state). */
  feedListSizes(): Promise<{ readonly list: string; readonly size: number }[]>;
  /** Per list and UTC day, the adds and removes of its feed at or after `since`. */
  feedDayCounts(since: Instant): Promise<FeedDayCounts[]>;
  /** Per agency, the records it submitted that were recorded with `from` <= recordedAt < `to`. */
  recordsByAgency(
    from: Instant,
    to: Instant,
  ): Promise<{ readonly agencyId: string; readonly records: number }[]>;
}
