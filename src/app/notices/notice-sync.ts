// Derives the notice outbox from the ledger and the list feeds (charter C6: the notice of a record
// is issued when it is accepted, before any list's notice period ends; the service runs this
// after every write and feed sync, and before it says it is ready). The notices of records and
// decisions are written by the append itself, in its transaction and dated with it
// (notice-outbox.ts); from the ledger, this derives those an append did not write (a synthetic
// history, a store of an older version, an append whose standing had not seen the latest policy
// yet), issued now. List joined and left notices come from here only. Each source has a cursor,
// the last sequence number derived from; a run reads only what lies beyond it, in pages, and each
// page's notices and the moved cursor are written in one transaction; an append moves the ledger
// cursor past itself when everything before it was derived. Every notice is keyed by its source
// (`record:<seq>`, `event:<seq>`, `feed:<seq>`), so a page derived twice (a crash before the
// cursor moved, two servers at once, notices the append wrote) creates nothing new.
import type {
  LedgerEvent,
  LedgerRecord,
  LedgerRecordEvent,
} from '../../core/ledger/ledger-types.js';
import type { Instant } from '../../core/time/instant.js';
import type { AgencyDirectory, LedgerReader } from '../ports/ledger-store.js';
import type { CitizenPreferenceStore } from '../ports/citizen-preference-store.js';
import type { ListFeedStore } from '../ports/list-feed-store.js';
import type { NewNotice, NoticeStore } from '../ports/notice-store.js';
import { yieldToEventLoop } from '../standing/engine-load.js';
import type { ScoringContext } from '../standing/scoring-context.js';
import {
  decisionNotice,
  feedNotice,
  isDecisionEvent,
  recordAcceptedNotice,
  type ComposeContext,
} from './notice-compose.js';

/** What following the ledger with notices reads and writes. */
type NoticeSyncStore = LedgerReader &
  AgencyDirectory &
  ListFeedStore &
  NoticeStore &
  Pick<CitizenPreferenceStore, 'citizenLanguages'>;

const LEDGER_PAGE = 1_000;
const FEED_PAGE = 1_000;

/** How the notices derived are worded. */
export interface NoticeSyncOptions {
  /** The citizen portal's address the notices name (default: notice-language.ts). */
  readonly portalUrl?: string | undefined;
  /**
   * Asked before each page: true stops the run there (a server shutting down). Each page's
   * notices and its cursor are one transaction, so the next run goes on from the last page
   * written; without it a shutdown would wait for the whole derivation, which on a store whose
   * history was loaded in bulk (a city seeded or migrated, 109 M records at L) takes hours.
   */
  readonly stop?: () => boolean;
}

/** Derives the notices of every ledger event and feed delta not derived yet; returns how many were created. */
export async function syncNotices(
  store: NoticeSyncStore,
  context: ScoringContext,
  now: Instant,
  options: NoticeSyncOptions = {},
): Promise<number> {
  return (
    (await fromLedger(store, context, now, options)) +
    (await fromFeeds(store, context, now, options))
  );
}

async function fromLedger(
  store: NoticeSyncStore,
  scoring: ScoringContext,
  now: Instant,
  options: NoticeSyncOptions,
): Promise<number> {
  const after = await store.noticeCursor('ledger');
  // Read before the pages: every event up to the head is committed and will be in them.
  const head = await store.headSeq();
  if (head <= after) return 0;
  const ctx: ComposeContext = {
    scoring,
    agencies: new Map((await store.agencies()).map((a) => [a.id, a.name])),
    issuedAt: now,
    portalUrl: options.portalUrl,
  };
  let created = 0;
  let last = after;
  for await (const page of store.eventPages(after, LEDGER_PAGE)) {
    // Page by page, letting a server answer other requests between them.
    await yieldToEventLoop();
    if (options.stop?.() === true) return created;
    const pageCtx: ComposeContext = {
      ...ctx,
      languages: await store.citizenLanguages(page.flatMap(subjectOf)),
    };
    const notices: { seq: number; notice: NewNotice }[] = [];
    const decisions: LedgerRecordEvent[] = [];
    const records = new Map<number, LedgerRecord>();
    for (const event of page) {
      if (event.kind === 'record') {
        records.set(event.record.id, event.record);
        const notice = recordAcceptedNotice(event.record, pageCtx);
        if (notice) notices.push({ seq: event.seq, notice });
      } else if (event.kind === 'record-event' && isDecisionEvent(event.event.type)) {
        decisions.push(event.event);
      }
    }
    for (const { seq, notice } of await decisionNotices(store, decisions, records, pageCtx)) {
      notices.push({ seq, notice });
    }
    notices.sort((a, b) => a.seq - b.seq);
    last = page[page.length - 1]?.seq ?? last;
    created += await store.addNotices(
      notices.map((n) => n.notice),
      { source: 'ledger', seq: last },
    );
  }
  // Catalogue, policy and agency events take sequence numbers too: skip past them once.
  if (last < head) await store.addNotices([], { source: 'ledger', seq: head });
  return created;
}

/** The subject a ledger event may give a notice to (records and record events only). */
function subjectOf(event: LedgerEvent): string[] {
  if (event.kind === 'record') return [event.record.subject];
  if (event.kind === 'record-event') return [event.event.subject];
  return [];
}

async function decisionNotices(
  store: NoticeSyncStore,
  decisions: readonly LedgerRecordEvent[],
  records: Map<number, LedgerRecord>,
  ctx: ComposeContext,
): Promise<{ seq: number; notice: NewNotice }[]> {
  if (decisions.length === 0) return [];
  const ids = [...new Set(decisions.map((d) => d.recordId))];
  for (const id of ids) {
    if (records.has(id)) continue;
    const record = await store.findRecord(id);
    if (record) records.set(id, record);
  }
  const histories = new Map<number, LedgerRecordEvent[]>();
  for (const e of await store.recordEventsOfRecords(ids)) {
    const history = histories.get(e.recordId) ?? [];
    history.push(e);
    histories.set(e.recordId, history);
  }
  const out: { seq: number; notice: NewNotice }[] = [];
  for (const decision of decisions) {
    const record = records.get(decision.recordId);
    if (!record) continue;
    const prior = (histories.get(decision.recordId) ?? []).filter((e) => e.seq < decision.seq);
    const notice = decisionNotice(decision, record, prior, ctx);
    if (notice) out.push({ seq: decision.seq, notice });
  }
  return out;
}

async function fromFeeds(
  store: NoticeSyncStore,
  scoring: ScoringContext,
  now: Instant,
  options: NoticeSyncOptions,
): Promise<number> {
  let after = await store.noticeCursor('feed');
  const ctx: ComposeContext = {
    scoring,
    agencies: new Map(),
    issuedAt: now,
    portalUrl: options.portalUrl,
  };
  let created = 0;
  for (let pages = 0; ; pages++) {
    if (pages > 0) await yieldToEventLoop();
    if (options.stop?.() === true) return created;
    const deltas = await store.feedDeltasAfter(after, FEED_PAGE);
    const last = deltas[deltas.length - 1];
    if (last === undefined) return created;
    const notices: NewNotice[] = [];
    const pageCtx: ComposeContext = {
      ...ctx,
      languages: await store.citizenLanguages(deltas.map((d) => d.subject)),
    };
    for (const delta of deltas) {
      const notice = feedNotice(delta, pageCtx);
      if (notice) notices.push(notice);
    }
    created += await store.addNotices(notices, { source: 'feed', seq: last.seq });
    after = last.seq;
    if (deltas.length < FEED_PAGE) return created;
  }
}
