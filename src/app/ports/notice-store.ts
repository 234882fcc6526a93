// The notice outbox (charter C6): notices derived from the ledger and the list feeds, each keyed by
// its source (`record:<seq>`, `event:<seq>`, `feed:<seq>`) so that deriving twice writes nothing
// new; a cursor per source (the last ledger or feed sequence number derived from); and each
// notice's delivery state, kept so that a notice acknowledged by its channel is never sent again.
import type { LedgerRecord } from '../../core/ledger/ledger-types.js';
import type { Instant } from '../../core/time/instant.js';
import type { NoticeLanguage } from '../notices/notice-language.js';
import type { NoticeKind, NoticePayload } from '../notices/notice-payload.js';
import type { FeedDelta } from './list-feed-store.js';

/** What a notice is derived from: the ledger (records and record events) or the list feeds. */
export type NoticeSource = 'ledger' | 'feed';

export type NoticeStatus = 'pending' | 'delivered' | 'failed';

export interface NewNotice {
  readonly subject: string;
  readonly kind: NoticeKind;
  /** `record:<seq>`, `event:<seq>` or `feed:<seq>`: unique, what makes deriving idempotent. */
  readonly source: string;
  readonly createdAt: Instant;
  readonly payload: NoticePayload;
}

export interface NoticeDelivery {
  readonly status: NoticeStatus;
  /** Attempts started so far (a claimed attempt counts even if the process died during it). */
  readonly attempts: number;
  /** When the next attempt may start (pending notices). */
  readonly nextAttemptAt: Instant;
  readonly deliveredAt: Instant | undefined;
  readonly lastError: string | undefined;
}

export interface StoredNotice extends NewNotice {
  /** Increasing in creation order. */
  readonly id: number;
  readonly delivery: NoticeDelivery;
}

/**
 * The outbox inside a ledger transaction (charter C6): the notices a record or a decision gives
 * rise to are written with it, in the transaction that appends it (app/notices/notice-outbox.ts).
 */
export interface NoticeOutboxWriter {
  /** The sequence number of the ledger's latest catalogue or policy version; 0 when none. */
  latestDocumentSeq(): Promise<number>;
  /** The records with these ids, as read in the transaction. */
  recordsById(ids: readonly number[]): Promise<LedgerRecord[]>;
  /** Agency id → name, for those of `ids` that exist. */
  agencyNames(ids: readonly string[]): Promise<Map<string, string>>;
  /** The notice language of those of `subjects` that chose one (the others read the default). */
  citizenLanguages(subjects: readonly string[]): Promise<Map<string, NoticeLanguage>>;
  /**
   * Adds the notices whose source is new (others are left as they are); and when every event up
   * to `cursor.from` was derived (the ledger cursor stands there, or only events that give rise
   * to no notice lie between it and there), moves the cursor to `cursor.to` (the append's last
   * sequence number), so that the sync does not read the append again. Returns how many notices
   * were created.
   */
  addAppendedNotices(
    notices: readonly NewNotice[],
    cursor: { readonly from: number; readonly to: number },
  ): Promise<number>;
}

export interface NoticeStore {
  /** The last sequence number of `source` notices were derived from; 0 before the first. */
  noticeCursor(source: NoticeSource): Promise<number>;
  /**
   * Adds the notices whose source is new (others are left as they are) and moves the source's
   * cursor to `cursor.seq` unless it is further already, all or nothing; returns how many
   * notices were created. New notices are pending, due at their `createdAt`.
   */
  addNotices(
    notices: readonly NewNotice[],
    cursor: { readonly source: NoticeSource; readonly seq: number },
  ): Promise<number>;
  /** Every list's feed deltas with seq > afterSeq, in seq order, at most `limit`. */
  feedDeltasAfter(afterSeq: number, limit: number): Promise<FeedDelta[]>;
  /** A subject's notices, newest first, at most `limit`, those with id < `beforeId` when given. */
  noticesOfSubject(subject: string, limit: number, beforeId?: number): Promise<StoredNotice[]>;
  /** Pending notices due at `now` (nextAttemptAt ≤ now), oldest first, at most `limit`. */
  dueNotices(now: Instant, limit: number): Promise<StoredNotice[]>;
  /**
   * Claims a due, pending notice for one attempt: counts the attempt and moves its next attempt
   * to `leaseUntil` (so no other deliverer takes it meanwhile). False when it is no longer due or
   * no longer pending (another deliverer claimed or delivered it).
   */
  claimNotice(id: number, now: Instant, leaseUntil: Instant): Promise<boolean>;
  /** Marks a pending notice delivered; a delivered notice is never due again. */
  markNoticeDelivered(id: number, at: Instant): Promise<void>;
  /** Records a failed attempt: retried at `nextAttemptAt`, or given up (`failed`) when `giveUp`. */
  markNoticeAttemptFailed(
    id: number,
    error: string,
    nextAttemptAt: Instant,
    giveUp: boolean,
  ): Promise<void>;
}
