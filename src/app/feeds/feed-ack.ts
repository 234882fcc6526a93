// Acknowledging a list feed (charter C13): the agency says it has applied the list's deltas up
// to a seq, which moves its position in the consumers' lag the authority sees. The same agencies
// that may read the feed may acknowledge it; 409 AckBeyondFeed past the list's last seq, 409
// AckBackwards below the agency's acknowledgement. Audited, refused or not: `acked <list> <seq>`.
import { agencyOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import { audited, auditEntry, type Access } from '../audit/access-audit.js';
import type { FeedDeps } from './feed-read.js';
import { ackListFeed, assertMayFollowFeed, feedPurposeOf, type FeedAck } from './list-feed-read.js';

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
  // Feeds are agencies' doors: others are refused before there is a purpose to audit.
  const agency = agencyOf(caller);
  const { list, seq } = request;
  const access: Access = {
    caller,
    purpose: feedPurposeOf(agency),
    action: 'feed-ack',
    subject: '',
  };
  return audited(
    deps,
    { current: access },
    async () => {
      assertMayFollowFeed((await deps.standing()).policyAt(deps.clock()), agency, list);
      return ackListFeed(deps.store, list, agency.id, seq, deps.clock());
    },
    (_ack, at) => [auditEntry(access, at, `acked ${list} ${seq}`)],
  );
}
