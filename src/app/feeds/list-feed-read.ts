// Following a list feed: who may (agencies whose kind enforces a measure the list brings, and the
// authority), reading a list's deltas after a cursor, acknowledging up to a sequence number, and
// the consumers' lag as the authority sees it (charter C13: unacknowledged consumers are visible).
// A consumer is registered by its first read, so one that reads and never acknowledges shows up
// as acknowledged at 0 and behind by the whole feed.
import { DomainError } from '../../core/errors/domain-error.js';
import type { Agency } from '../../core/ledger/ledger-types.js';
import type { CompiledPolicy } from '../../core/policy/index.js';
import { quoted } from '../../core/text/storable-text.js';
import { formatInstant, type Instant } from '../../core/time/instant.js';
import type { FeedDelta, FeedEntry, FeedOp, ListFeedStore } from '../ports/list-feed-store.js';
import { AUTHORITY_KIND } from '../access/access-rules.js';

export const FEED_PAGE_DEFAULT = 1_000;
export const FEED_PAGE_MAX = 10_000;

export interface FeedPage {
  readonly list: string;
  readonly deltas: readonly {
    readonly seq: number;
    readonly op: FeedOp;
    readonly entry: FeedEntry;
  }[];
  /** The list's last seq: the consumer is up to date once its cursor reaches it. */
  readonly lastSeq: number;
}

export interface FeedAck {
  readonly list: string;
  readonly ackedSeq: number;
}

export interface ConsumerLag {
  readonly list: string;
  readonly agency: string;
  readonly ackedSeq: number;
  readonly lastSeq: number;
  /** Deltas of the list the consumer has not acknowledged. */
  readonly behind: number;
  /** ISO instant of the last acknowledgement; null when it never acknowledged. */
  readonly ackedAt: string | null;
}

/**
 * Refuses a feed to an agency that has no need of it: 404 `UnknownList` when the policy in force
 * has no such list, 403 `FeedNotPermitted` unless the agency's kind enforces one of the measures
 * the list brings or is the authority.
 */
export function assertMayFollowFeed(policy: CompiledPolicy, agency: Agency, listId: string): void {
  if (!policy.listsById.has(listId)) {
    throw new DomainError(
      'UnknownList',
      `no list ${quoted(listId)} in policy ${policy.id} version ${policy.version}`,
    );
  }
  if (agency.kind === AUTHORITY_KIND) return;
  const measures = policy.measuresByList.get(listId) ?? [];
  if (measures.some((m) => m.enforcers.includes(agency.kind))) return;
  const enforcers = [...new Set(measures.flatMap((m) => m.enforcers))];
  throw new DomainError(
    'FeedNotPermitted',
    `an agency of kind "${agency.kind}" enforces no measure of list "${listId}" (enforcers: ${
      enforcers.length > 0 ? enforcers.join(', ') : 'none'
    }; and the authority)`,
  );
}

/** The purpose a feed is followed for (its audit entries say it): the authority oversees, enforcers enforce. */
export function feedPurposeOf(agency: Agency): 'oversight' | 'enforcement' {
  return agency.kind === AUTHORITY_KIND ? 'oversight' : 'enforcement';
}

/** Refuses the consumers' lag to anyone but the authority: 403 `FeedNotPermitted`. */
export function assertMaySeeConsumers(agency: Agency): void {
  if (agency.kind !== AUTHORITY_KIND) {
    throw new DomainError(
      'FeedNotPermitted',
      'only the authority sees the consumers of the list feeds',
    );
  }
}

function assertSeq(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new DomainError('InvalidRequest', `${name} must be a whole number >= 0, not ${value}`);
  }
}

/** Up to `limit` deltas of the list after `after`, in seq order; registers the reader as a consumer. */
export async function readListFeed(
  store: ListFeedStore,
  listId: string,
  agencyId: string,
  after = 0,
  limit = FEED_PAGE_DEFAULT,
): Promise<FeedPage> {
  assertSeq('after', after);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > FEED_PAGE_MAX) {
    throw new DomainError(
      'InvalidRequest',
      `limit must be between 1 and ${FEED_PAGE_MAX}, not ${limit}`,
    );
  }
  await store.registerFeedConsumer(listId, agencyId);
  // The last seq is read first: a delta appended in between is then beyond it, never skipped.
  const lastSeq = await store.lastFeedSeq(listId);
  const deltas = await store.readFeed(listId, after, limit);
  return {
    list: listId,
    deltas: deltas.map((d: FeedDelta) => ({ seq: d.seq, op: d.op, entry: d.entry })),
    lastSeq: Math.max(lastSeq, deltas[deltas.length - 1]?.seq ?? 0),
  };
}

/**
 * Acknowledges the list's deltas up to `seq`: 409 `AckBeyondFeed` past the list's last seq, 409
 * `AckBackwards` below the consumer's acknowledgement (repeating it is harmless).
 */
export async function ackListFeed(
  store: ListFeedStore,
  listId: string,
  agencyId: string,
  seq: number,
  at: Instant,
): Promise<FeedAck> {
  assertSeq('seq', seq);
  const lastSeq = await store.lastFeedSeq(listId);
  if (seq > lastSeq) {
    throw new DomainError(
      'AckBeyondFeed',
      `cannot acknowledge ${seq}: the last delta of list "${listId}" is ${lastSeq}`,
    );
  }
  const previous = await store.ackFeed(listId, agencyId, seq, at);
  if (previous > seq) {
    throw new DomainError(
      'AckBackwards',
      `list "${listId}" is acknowledged up to ${previous} already; an acknowledgement cannot go back to ${seq}`,
    );
  }
  return { list: listId, ackedSeq: seq };
}

/** Every consumer of every list, by list then agency, with how far behind it is. */
export async function consumerLag(store: ListFeedStore): Promise<ConsumerLag[]> {
  const consumers = await store.feedConsumers();
  return consumers.map((c) => ({
    list: c.list,
    agency: c.agencyId,
    ackedSeq: c.ackedSeq,
    lastSeq: c.lastSeq,
    behind: c.behind,
    ackedAt: c.ackedAt === undefined ? null : formatInstant(c.ackedAt),
  }));
}
