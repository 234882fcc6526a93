// Delivering the notice outbox (charter C6): one pass through the deployment's channel
// (`AppDeps.noticeChannel`: the demo's file, or the signed webhook), attempting the notices due
// now, oldest first. The server's delivery loop runs it every few seconds as the operator; the
// bookkeeping (claims, backoff, acknowledgements) is in the store, so a pass is safe to repeat.
// Not an access to anyone's data through a door, so it is not audited: each notice's delivery
// state is its trace, and the subject sees it with the notice.
import { operatorOnly } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import type { NoticeStore } from '../ports/notice-store.js';
import { deliverNotices, type DeliveryOptions, type DeliveryReport } from './notice-delivery.js';

export async function deliverOutbox(
  deps: Pick<AppDeps, 'clock' | 'noticeChannel'> & { readonly store: NoticeStore },
  caller: Caller,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  operatorOnly(caller, 'notices are delivered');
  return deliverNotices(deps.store, deps.noticeChannel, deps.clock(), options);
}
