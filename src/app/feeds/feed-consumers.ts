// The consumers of the list feeds as the authority oversees them (charter C13: unacknowledged
// consumers are visible): every agency following every list, its acknowledged position and how
// far behind it is. The authority only (403 FeedNotPermitted); audited for `oversight`, refused
// or not: `read <n>`.
import { agencyOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { audited, auditEntry, type Access } from '../audit/access-audit.js';
import type { ListFeedStore } from '../ports/list-feed-store.js';
import { assertMaySeeConsumers, consumerLag, type ConsumerLag } from './list-feed-read.js';

export async function readFeedConsumers(
  deps: Pick<AppDeps, 'audit' | 'clock'> & { readonly store: ListFeedStore },
  caller: Caller,
): Promise<{ readonly consumers: ConsumerLag[] }> {
  const agency = agencyOf(caller);
  const access: Access = { caller, purpose: 'oversight', action: 'feed-consumers', subject: '' };
  return audited(
    deps,
    { current: access },
    async () => {
      assertMaySeeConsumers(agency);
      return { consumers: await consumerLag(deps.store) };
    },
    ({ consumers }, at) => [auditEntry(access, at, `read ${consumers.length}`)],
  );
}
