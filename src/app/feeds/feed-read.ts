// Reading a list feed (charter C13, C14): an agency keeping its own copy of a list reads the
// list's deltas after its cursor, in seq order. Only agencies whose kind enforces a measure the
// list brings, and the authority, may (403 FeedNotPermitted); the first read registers the agency
// as a consumer whose lag the authority sees. Every read is audited, refused or not, with the
// page it returned: `read <list> <n> (<after>, <last>]` (no subject). A page discloses full
// identifiers, so it is also audited once per subject it names (C11, need to know): the reader,
// the feed's purpose, action `feed-read`, the subject's normalised identifier and what was
// disclosed, `read <list> <op> <seq>` (each of its deltas in the page). All the entries of a page
// are handed to the audit log in one call: one group-commit batch, one insert, before the page is
// answered; so each citizen named finds the delivery in their own access log.
import type { Agency } from '../../core/ledger/ledger-types.js';
import { agencyOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { audited, auditEntry, type Access } from '../audit/access-audit.js';
import type { ListFeedStore } from '../ports/list-feed-store.js';
import {
  assertMayFollowFeed,
  FEED_PAGE_DEFAULT,
  feedPurposeOf,
  readListFeed,
  type FeedPage,
} from './list-feed-read.js';

export interface FeedReadRequest {
  readonly list: string;
  /** The last seq already received (default 0: from the start). */
  readonly after?: number | undefined;
  /** Deltas per page (default 1 000, at most 10 000). */
  readonly limit?: number | undefined;
}

export type FeedDeps = Pick<AppDeps, 'standing' | 'audit' | 'clock'> & {
  readonly store: ListFeedStore;
};

/**
 * The pipeline of a feed door: agencies only (others are refused before there is a purpose to
 * audit), the list's enforcers and the authority only, and one audit entry, refused or not.
 */
export async function onFeed<T>(
  deps: FeedDeps,
  caller: Caller,
  door: { readonly action: string; readonly list: string },
  work: (agency: Agency) => Promise<T>,
  outcome: (result: T) => string,
  disclosed: (result: T) => readonly Disclosure[] = () => [],
): Promise<T> {
  const agency = agencyOf(caller);
  const access: Access = {
    caller,
    purpose: feedPurposeOf(agency),
    action: door.action,
    subject: '',
  };
  return audited(
    deps,
    { current: access },
    async () => {
      const standing = await deps.standing();
      assertMayFollowFeed(standing.policyAt(deps.clock()), agency, door.list);
      // A server ready before its first feed sync: the feed is read once it follows the engine
      // (not waiting for the notices a bulk-loaded history still owes).
      await standing.inStep('feeds');
      return work(agency);
    },
    (result, at) => [
      auditEntry(access, at, outcome(result)),
      ...disclosed(result).map((d) => auditEntry({ ...access, subject: d.subject }, at, d.outcome)),
    ],
  );
}

/** A subject named by an answer, and what the answer said of them (its audit entry's outcome). */
export interface Disclosure {
  readonly subject: string;
  readonly outcome: string;
}

/** One disclosure per subject of the page, in the order they first appear: `read <list> <op> <seq>...`. */
export function pageDisclosures(page: FeedPage): Disclosure[] {
  const bySubject = new Map<string, string[]>();
  for (const d of page.deltas) {
    const said = bySubject.get(d.entry.subject);
    if (said) said.push(`${d.op} ${d.seq}`);
    else bySubject.set(d.entry.subject, [`${d.op} ${d.seq}`]);
  }
  return [...bySubject].map(([subject, said]) => ({
    subject,
    outcome: `read ${page.list} ${said.join(', ')}`,
  }));
}

export async function readFeed(
  deps: FeedDeps,
  caller: Caller,
  request: FeedReadRequest,
): Promise<FeedPage> {
  const { list, after = 0, limit = FEED_PAGE_DEFAULT } = request;
  return onFeed(
    deps,
    caller,
    { action: 'feed-read', list },
    (agency) => readListFeed(deps.store, list, agency.id, after, limit),
    (page) => `read ${list} ${page.deltas.length} (${after}, ${page.deltas.at(-1)?.seq ?? after}]`,
    pageDisclosures,
  );
}
