// Acknowledging a list feed (charter C13): the agency says it has applied the list's deltas up
// to a seq, which moves its position in the consumers' lag the authority sees. The same agencies
// that may read the feed may acknowledge it; 409 AckBeyondFeed past the list's last seq, 409
// AckBackwards below the agency's acknowledgement. Audited, refused or not: `acked <list> <seq>`.
import type { Caller } from '../access/caller.js';
import { onFeed, type FeedDeps } from './feed-read.js';
import { ackListFeed, type FeedAck } from './list-feed-read.js';

export interface FeedAckRequest {
  readonly list: string;
  /** Every delta of the list up to this seq is acknowledged. */
  readonly seq: number;
}

export async function ackFeed(
  deps: FeedDeps,
  caller: Caller,
  request: FeedAckRequest,
): Promise<FeedAck> {
  const { list, seq } = request;
  return onFeed(
    deps,
    caller,
    { action: 'feed-ack', list },
    (agency) => ackListFeed(deps.store, list, agency.id, seq, deps.clock()),
    () => `acked ${list} ${seq}`,
  );
}
