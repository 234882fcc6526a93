// The membership tracker behind the list feeds (charter C13, C14): at an instant t, every list's
// current entries as the engine says them, compared with what the feed last said, and the
// difference appended as deltas in one transaction: `add` for a subject that joined a list,
// `remove` for one that left it (fulfilled, revoked, repaired, expired, deceased...), `modify` when
// an entry's since, until, records or legal basis changed (a correction, a second record). Running
// it twice at the same t appends nothing. Every list is fed, public or not: agencies enforcing a
// measure need the non-public ones too, and who reads which list is decided at the door. Entries
// carry the full normalised identifier (feeds go to enforcing agencies; publications mask).
//
// Evaluating every member with the reference evaluator (for since, until and the qualifying
// records) costs about a third of a millisecond each, so the tracker keeps, per engine, the
// entries it computed last and when they stop holding. Between two time transitions of the
// engine (engine.nextTransition: the state at t holds on [t, next)), an entry changes only if its
// subject's ledger history did; the subjects touched since are read from the ledger events the
// engine folded since, and only those are evaluated again. Past a transition, after a policy
// change, or when too many subjects changed, all members are found again from one scoring pass.
// What the feed last said is likewise kept per store and reloaded only when the feed's last
// sequence number is not the one it was kept at (another process appended). Members are evaluated
// in slices of a hundred (about 30 ms), yielding to the event loop between them, so a server that
// follows a large import, or brings its feeds up to date after it became ready, goes on answering
// other requests meanwhile.
//
// Several servers on one ledger (issue 12) sync the feeds one at a time (a cluster lock, in
// live-standing.ts) and each passes the ledger sequence its engine has folded (`ledgerSeq`): it is
// kept with the deltas appended, and a server whose engine is behind the one that appended last
// appends nothing (it would take back what the server ahead of it wrote: a subject fulfilled on
// one server added back by the other); the store refuses such an append too.
import { DomainError } from '../../core/errors/domain-error.js';
import type { LedgerEvent } from '../../core/ledger/ledger-types.js';
import type { Instant } from '../../core/time/instant.js';
import type { Engine } from '../../engine/index.js';
import type { LedgerReader } from '../ports/ledger-store.js';
import { yieldToEventLoop } from '../standing/engine-load.js';
import type { FeedDelta, FeedEntry, ListFeedStore } from '../ports/list-feed-store.js';

interface Entries {
  /** `list \0 subject` → the entry and its JSON (what is compared and stored). */
  readonly byKey: Map<string, { readonly entry: FeedEntry; readonly text: string }>;
}

interface MemberMemo extends Entries {
  /** The instant the entries were computed at; they hold on [at, validUntil). */
  at: Instant;
  validUntil: number;
  /** The last ledger sequence number the engine had folded then. */
  engineSeq: number;
  policyVersions: number;
  /** `subject` → its keys in byKey, to drop a re-evaluated subject's old entries. */
  readonly bySubject: Map<string, string[]>;
}

interface FedMemo extends Entries {
  seq: number;
}

/** Past this many changed subjects, one scoring pass is cheaper than evaluating each. */
const MAX_INCREMENTAL_SUBJECTS = 2_000;
const EVENT_PAGE = 10_000;
/** Members evaluated between two turns of the event loop (about a third of a millisecond each). */
const MEMBERS_PER_TURN = 100;
/** Appends retried after another writer appended first. */
const MAX_ATTEMPTS = 3;

const memberMemos = new WeakMap<Engine, MemberMemo>();
const fedMemos = new WeakMap<ListFeedStore, FedMemo>();

const keyOf = (list: string, subject: string): string => `${list}\u0000${subject}`;

export interface ListFeedSyncOptions {
  /** Told (and awaited) between two slices of members, after yielding to the event loop. */
  readonly onSlice?: (() => Promise<void> | void) | undefined;
  /**
   * Several servers: the ledger sequence the engine has folded. Nothing is appended when the
   * feeds were computed at a later one (`ListFeedStore.feedLedgerSeq`); it is kept with the deltas.
   */
  readonly ledgerSeq?: number | undefined;
}

/**
 * Appends the deltas that bring every list's feed to the engine's memberships at t; returns how
 * many were appended (0 when the feeds already say what the engine says, or no policy is in
 * force at t).
 */
export async function syncListFeeds(
  store: LedgerReader & ListFeedStore,
  engine: Engine,
  t: Instant,
  options: ListFeedSyncOptions = {},
): Promise<number> {
  const ledgerSeq = options.ledgerSeq;
  const behind = async (): Promise<boolean> =>
    ledgerSeq !== undefined && (await store.feedLedgerSeq()) > ledgerSeq;
  if (await behind()) return 0;
  let current: Entries;
  const between = async (): Promise<void> => {
    await yieldToEventLoop();
    await options.onSlice?.();
  };
  try {
    current = await currentEntries(store, engine, t, between);
  } catch (error) {
    // Before the first policy there are no lists, and nothing to feed.
    if (error instanceof DomainError && error.code === 'NoPolicyInForce') return 0;
    throw error;
  }
  for (let attempt = 1; ; attempt += 1) {
    // Again after the members (a slice yields) and after a conflict: a server ahead may have fed.
    if (await behind()) return 0;
    const last = await store.lastFeedSeq();
    const fed = await fedEntries(store, last);
    const deltas = diff(fed, current, last, t);
    if (deltas.length === 0) return 0;
    try {
      await store.appendFeed(deltas, ledgerSeq === undefined ? undefined : { ledgerSeq });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'FeedConflict' && attempt < MAX_ATTEMPTS) {
        continue;
      }
      throw error;
    }
    rememberAppended(store, fed, deltas);
    return deltas.length;
  }
}

/** The deltas from `fed` to `current`, numbered after `last`, ordered by list then subject. */
function diff(fed: Entries, current: Entries, last: number, t: Instant): FeedDelta[] {
  const changes: { key: string; op: FeedDelta['op']; entry: FeedEntry }[] = [];
  for (const [key, now] of current.byKey) {
    const before = fed.byKey.get(key);
    if (before === undefined) changes.push({ key, op: 'add', entry: now.entry });
    else if (before.text !== now.text) changes.push({ key, op: 'modify', entry: now.entry });
  }
  for (const [key, before] of fed.byKey) {
    if (!current.byKey.has(key)) changes.push({ key, op: 'remove', entry: before.entry });
  }
  changes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return changes.map((c, i) => ({
    seq: last + 1 + i,
    list: c.entry.list,
    op: c.op,
    subject: c.entry.subject,
    entry: c.entry,
    at: t,
  }));
}

// ---- What the feed last said

async function fedEntries(store: ListFeedStore, last: number): Promise<FedMemo> {
  const kept = fedMemos.get(store);
  if (kept?.seq === last) return kept;
  const byKey: FedMemo['byKey'] = new Map();
  for (const d of await store.feedState()) {
    byKey.set(keyOf(d.list, d.subject), { entry: d.entry, text: JSON.stringify(d.entry) });
  }
  const memo: FedMemo = { seq: last, byKey };
  fedMemos.set(store, memo);
  return memo;
}

function rememberAppended(store: ListFeedStore, fed: FedMemo, deltas: readonly FeedDelta[]): void {
  for (const d of deltas) {
    const key = keyOf(d.list, d.subject);
    if (d.op === 'remove') fed.byKey.delete(key);
    else fed.byKey.set(key, { entry: d.entry, text: JSON.stringify(d.entry) });
  }
  fed.seq = deltas[deltas.length - 1]?.seq ?? fed.seq;
  fedMemos.set(store, fed);
}

// ---- What the engine says now

async function currentEntries(
  store: LedgerReader & ListFeedStore,
  engine: Engine,
  t: Instant,
  between: () => Promise<void>,
): Promise<Entries> {
  const stats = engine.stats();
  const memo = memberMemos.get(engine);
  if (
    memo !== undefined &&
    memo.policyVersions === stats.policyVersions &&
    t >= memo.at &&
    t < memo.validUntil
  ) {
    const changed = await subjectsFoldedSince(store, memo.engineSeq, stats.lastSeq);
    if (changed !== undefined) {
      let evaluated = 0;
      for (const subject of changed) {
        if (++evaluated % MEMBERS_PER_TURN === 0) await between();
        for (const key of memo.bySubject.get(subject) ?? []) memo.byKey.delete(key);
        memo.bySubject.delete(subject);
        addSubject(memo, engine, subject, t);
      }
      memo.at = t;
      memo.validUntil = engine.nextTransition(t) ?? Infinity;
      memo.engineSeq = stats.lastSeq;
      return memo;
    }
  }
  const fresh: MemberMemo = {
    byKey: new Map(),
    bySubject: new Map(),
    at: t,
    validUntil: engine.nextTransition(t) ?? Infinity,
    engineSeq: stats.lastSeq,
    policyVersions: stats.policyVersions,
  };
  const table = engine.scoreAll(t);
  let evaluated = 0;
  for (let s = 0; s < table.subjects; s += 1) {
    if ((table.lists[s] ?? 0) === 0) continue;
    if (++evaluated % MEMBERS_PER_TURN === 0) await between();
    addSubject(fresh, engine, engine.keyOf(s), t);
  }
  memberMemos.set(engine, fresh);
  return fresh;
}

function addSubject(memo: MemberMemo, engine: Engine, subject: string, t: Instant): void {
  const lists = engine.evaluate(subject, t).lists;
  if (lists.length === 0) return;
  const keys: string[] = [];
  for (const reason of lists) {
    const entry: FeedEntry = {
      subject,
      list: reason.list,
      since: reason.since,
      until: reason.until,
      records: [...reason.records],
      legalBasis: reason.legalBasis,
    };
    const key = keyOf(reason.list, subject);
    memo.byKey.set(key, { entry, text: JSON.stringify(entry) });
    keys.push(key);
  }
  memo.bySubject.set(subject, keys);
}

/** The subjects of the ledger events in (afterSeq, untilSeq]; undefined when there are too many. */
async function subjectsFoldedSince(
  store: LedgerReader & ListFeedStore,
  afterSeq: number,
  untilSeq: number,
): Promise<Set<string> | undefined> {
  const subjects = new Set<string>();
  // An engine that has folded nothing yet says -Infinity: the ledger starts after 0.
  let last = Math.max(afterSeq, 0);
  while (last < untilSeq) {
    if (last > Math.max(afterSeq, 0)) await yieldToEventLoop();
    const page = await store.readEvents(last, EVENT_PAGE);
    if (page.length === 0) break;
    for (const event of page) {
      if (event.seq > untilSeq) return subjects;
      subjects.add(subjectOf(event));
      if (subjects.size > MAX_INCREMENTAL_SUBJECTS) return undefined;
    }
    last = page[page.length - 1]?.seq ?? untilSeq;
  }
  return subjects;
}

function subjectOf(event: LedgerEvent): string {
  switch (event.kind) {
    case 'record':
      return event.record.subject;
    case 'record-event':
    case 'subject-event':
      return event.event.subject;
    default: {
      const never: never = event;
      throw new Error(`unknown ledger event ${String(never)}`);
    }
  }
}
