// The audit log's storage: an append-only table of hash-chained entries (charter C11). Every read
// of a subject's data, every check and every write through the API is one entry.
import type { Instant } from '../../core/time/instant.js';

export interface AuditEntry {
  /** 1, 2, 3...: the position in the chain. */
  readonly seq: number;
  readonly at: Instant;
  /** `agency:<id>`, `subject:<identifier>` (a citizen), `operator` (the CLI)... */
  readonly actor: string;
  /** One of the closed purposes, or `write` for submissions. */
  readonly purpose: string;
  /** `check`, `check-batch`, `read-subject`, `submit-records`, `record-event`, `feed-read`... */
  readonly action: string;
  /** The subject concerned; empty for actions about no one subject (a batch lists each one). */
  readonly subject: string;
  /** `allow`, `deny`, `accepted`, `rejected`, `403`... */
  readonly outcome: string;
  /** SHA-256 (hex) of the previous entry's hash and this entry's fields; see audit-chain.ts. */
  readonly hash: string;
}

/**
 * Numbers and hashes the entries of one append after `last`, the log's last entry as read under
 * the audit lock (undefined while the log is empty); it may not read the store.
 */
export type AuditChainer = (
  last: AuditEntry | undefined,
) => readonly AuditEntry[] | Promise<readonly AuditEntry[]>;

/**
 * Appending to the audit chain: in a transaction of its own (the group-commit log) or inside a
 * ledger transaction (a write's entry, committed with the write). Every append takes the audit
 * lock first (PostgreSQL: a transaction-scoped advisory lock; SQLite: the database's write lock),
 * reads the last entry under it and holds it until its transaction ends, so appends are
 * serialised across connections and processes, never chain from the same entry, and commit in
 * seq order.
 */
export interface AuditAppender {
  /** Appends the entries `chain` makes after the last one; all or nothing; returns them. */
  appendAuditChain(chain: AuditChainer): Promise<readonly AuditEntry[]>;
}

export interface AuditLogStore extends AuditAppender {
  /**
   * Appends entries numbered already, whose seq must follow the last one (`AuditConflict`
   * otherwise), under the audit lock; all or nothing.
   */
  appendAudit(entries: readonly AuditEntry[]): Promise<void>;
  lastAudit(): Promise<AuditEntry | undefined>;
  /** Entries with seq > afterSeq in seq order, at most `limit`. */
  readAudit(afterSeq: number, limit: number): Promise<AuditEntry[]>;
  /** A subject's own access log: entries naming that subject, newest first. */
  auditOfSubject(subject: string, limit: number): Promise<AuditEntry[]>;
  /**
   * One page of a subject's access log, newest first, filtered: the entries naming `subject` that
   * match every filter given, with seq below `beforeSeq` (the cursor of the page before), at most
   * `limit`. E.g. `accessLogOf(key, { limit: 200, actor: 'agency:air-1', from, to })`.
   */
  accessLogOf(subject: string, query: AccessLogQuery): Promise<AuditEntry[]>;
  /** How many entries name `subject`, by actor and purpose, over the whole log (never a page). */
  accessLogCounts(subject: string): Promise<AccessLogCount[]>;
}

export interface AccessLogQuery {
  readonly limit: number;
  /** Only entries with a smaller seq (the `next` cursor of the page before). */
  readonly beforeSeq?: number | undefined;
  /** Only this actor (`agency:<id>`, `operator`...). */
  readonly actor?: string | undefined;
  readonly purpose?: string | undefined;
  /** Only entries at or after this instant. */
  readonly from?: Instant | undefined;
  /** Only entries before this instant. */
  readonly to?: Instant | undefined;
}

/** The entries of one actor for one purpose in a subject's log: how many, the first and last. */
export interface AccessLogCount {
  readonly actor: string;
  readonly purpose: string;
  readonly entries: number;
  readonly first: Instant;
  readonly last: Instant;
}
