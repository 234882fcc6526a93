// List feeds: for each list, the ordered deltas of its membership (a subject joined, left, or its
// entry changed), so that an agency keeping its own copy can follow it; and each consumer's
// acknowledged position, so the authority can see who lags (charter C13, C14).
import type { Instant } from '../../core/time/instant.js';

export type FeedOp = 'add' | 'remove' | 'modify';

/** One subject's entry on one list, as consumers receive it. */
export interface FeedEntry {
  /** The full normalised identifier: feeds go to enforcing agencies (publications mask). */
  readonly subject: string;
  readonly list: string;
  /** Start of the current unbroken membership (ISO instant). */
  readonly since: string;
  /** Expected end (sanction lists); null for incentive lists. */
  readonly until: string | null;
  /** The qualifying records (sanction lists); empty for incentive lists. */
  readonly records: readonly number[];
  readonly legalBasis: string;
}

export interface FeedDelta {
  /** Global, increasing across all lists. */
  readonly seq: number;
  readonly list: string;
  readonly op: FeedOp;
  readonly subject: string;
  /** The entry as published to consumers (for `remove`, the last entry). */
  readonly entry: FeedEntry;
  readonly at: Instant;
}

/** An agency following a list: registered by its first read, moved by its acknowledgements. */
export interface FeedConsumer {
  readonly list: string;
  readonly agencyId: string;
  /** 0 until the first acknowledgement. */
  readonly ackedSeq: number;
  /** When it last acknowledged; undefined when it never has. */
  readonly ackedAt: Instant | undefined;
  /** The list's last seq (0 when the list has no delta yet). */
  readonly lastSeq: number;
  /** How many deltas of the list come after `ackedSeq`. */
  readonly behind: number;
}

export interface ListFeedStore {
  /**
   * Appends deltas (seq increasing, each above `lastFeedSeq()`) and updates the current state of
   * their lists, all or nothing. A seq already taken (another writer appended first) is a
   * DomainError `FeedConflict` and nothing is written. `from.ledgerSeq` (several servers): the
   * ledger sequence the engine that computed the deltas had folded, kept with them
   * (`feedLedgerSeq`); deltas computed from an earlier sequence than the last kept are refused
   * the same way (`FeedConflict`), so no server takes back what a server ahead of it wrote.
   */
  appendFeed(deltas: readonly FeedDelta[], from?: { readonly ledgerSeq: number }): Promise<void>;
  /**
   * The ledger sequence the last deltas appended with `from` were computed at (0 when none was
   * kept): a server whose engine has folded less leaves the feeds to the server ahead of it.
   */
  feedLedgerSeq(): Promise<number>;
  /** The last seq of every list together, or of one list; 0 when there is none. */
  lastFeedSeq(list?: string): Promise<number>;
  /** A list's deltas with seq > afterSeq, in seq order, at most `limit`. */
  readFeed(list: string, afterSeq: number, limit: number): Promise<FeedDelta[]>;
  /**
   * The current entry of every subject on every list, as the feed last said it (to diff against):
   * the latest `add` or `modify` of each (list, subject) that was not removed since.
   */
  feedState(): Promise<FeedDelta[]>;
  /** Registers the agency as a consumer of the list (acknowledged 0) unless it is one already. */
  registerFeedConsumer(list: string, agencyId: string): Promise<void>;
  /**
   * Moves the consumer's acknowledgement to `seq` unless it is further already; returns the
   * acknowledgement it had before (0 for none).
   */
  ackFeed(list: string, agencyId: string, seq: number, at: Instant): Promise<number>;
  /** Every consumer of every list with its lag, by list then agency. */
  feedConsumers(): Promise<FeedConsumer[]>;
}
