// The audit log's archive, as the store keeps track of it (docs/audit.md): where the segments
// are written (`audit_archive`), one row per archived month with its signed manifest
// (`audit_segments`), and the few reads and the one removal `probity audit archive` needs. The
// segment files themselves are written and read through `AuditArchiveFiles` (src/io).
import type { Instant } from '../../core/time/instant.js';
import type { AuditEntry } from './audit-log-store.js';

/** One archived month, as recorded when its segment was committed. */
export interface AuditSegmentRow {
  /** `YYYY-MM` (UTC). */
  readonly month: string;
  readonly firstSeq: number;
  readonly lastSeq: number;
  /** The last entry's instant and hash: the head the next entry chains from. */
  readonly lastAt: Instant;
  readonly lastHash: string;
  /** The signed manifest, as written next to the segment (JSON text, audit-segment.ts). */
  readonly manifest: string;
  readonly archivedAt: Instant;
}

export interface AuditArchiveStore {
  /** The archive directory recorded by the first `probity audit archive`; undefined before. */
  auditArchiveDir(): Promise<string | undefined>;
  recordAuditArchiveDir(dir: string, at: Instant): Promise<void>;
  /** Every archived month, in seq order. */
  auditSegments(): Promise<AuditSegmentRow[]>;
  /** The first entry still in the live log (after the archived ones). */
  firstLiveAudit(): Promise<AuditEntry | undefined>;
  /** The largest seq of a live entry dated before `before`; undefined when there is none. */
  lastAuditSeqBefore(before: Instant): Promise<number | undefined>;
  /** Makes the partitions due at `now` (PostgreSQL: store/audit-partitions.ts; SQLite: nothing). */
  prepareAuditPartitions(now: Instant): Promise<void>;
  /**
   * In one transaction under the audit lock: records the segment, then removes from the live log
   * every entry up to `row.lastSeq` (PostgreSQL: detaches and drops the month partitions that end
   * at or before `monthEnd`, then deletes what is left of those entries elsewhere; SQLite: deletes
   * them). `AuditConflict` when the live log no longer ends the month at `row.lastSeq`, or the
   * month is recorded already.
   */
  commitAuditSegment(row: AuditSegmentRow, monthEnd: Instant): Promise<void>;
  /** Replaces a month's manifest (after an expiry rewrote its segment) if it is still `was`. */
  replaceAuditSegmentManifest(month: string, was: string, manifest: string): Promise<boolean>;
}
