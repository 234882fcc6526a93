// The queues of due process: the objections on an agency's records (open ones first, with their
// deadline and whether it has passed) and the appeals the authority decides. The ledger has no
// index by event type, so the queue keeps the ids of the records that ever had an objection,
// following the ledger head (one pass over the ledger on first use, then only what is new), and
// reads those records' events from the ledger each time: the state is always the ledger's.
// One queue lives as long as the application (`ProbityApp`): a server walks the ledger once.
import type { Category } from '../../core/catalog/index.js';
import {
  dueProcessOf,
  isOverdue,
  objectionStatus,
  type Objection,
  type ObjectionStatus,
} from '../../core/due-process/objection-state.js';
import type { LedgerRecord, RecordFields } from '../../core/ledger/ledger-types.js';
import type { Instant } from '../../core/time/instant.js';
import type { LedgerReader } from '../ports/ledger-store.js';

export const QUEUE_FILTERS = ['open', 'decided', 'all'] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

export interface QueuedObjection {
  readonly objection: Objection;
  readonly status: ObjectionStatus;
  /** Undecided and past its deadline: the record has lost its effect until decided. */
  readonly overdue: boolean;
  readonly record: LedgerRecord;
  readonly category: Category;
  /** The record's field values now (after any correction). */
  readonly fields: RecordFields;
}

const PAGE_SIZE = 10_000;

/** The record's category under the catalogue version it was accepted with (the standing's). */
export type CategoryOf = (record: LedgerRecord) => Category | undefined;

export class ObjectionQueue {
  private lastSeq = 0;
  private readonly recordIds = new Set<number>();
  private readonly records = new Map<number, LedgerRecord>();
  private following: Promise<void> = Promise.resolve();

  constructor(private readonly store: LedgerReader) {}

  /** Notes the records that received an objection since the last look. */
  refresh(): Promise<void> {
    const run = this.following.then(async () => {
      for await (const page of this.store.eventPages(this.lastSeq, PAGE_SIZE)) {
        for (const e of page) {
          if (e.kind === 'record-event' && e.event.type === 'objected')
            this.recordIds.add(e.event.recordId);
          this.lastSeq = Math.max(this.lastSeq, e.seq);
        }
      }
    });
    this.following = run.catch(() => undefined);
    return run;
  }

  /** Every objection on the records `keep` accepts, with its state at `now`, oldest first. */
  private async objections(
    keep: (record: LedgerRecord) => boolean,
    now: Instant,
    categoryOf: CategoryOf,
  ): Promise<QueuedObjection[]> {
    await this.refresh();
    const out: QueuedObjection[] = [];
    const ids = [...this.recordIds].sort((a, b) => a - b);
    for (const id of ids) {
      const record = await this.record(id);
      if (!record || !keep(record)) continue;
      const category = categoryOf(record);
      if (!category) continue;
      const state = dueProcessOf(record, category, await this.store.recordEventsOf(id));
      for (const objection of state.objections) {
        out.push({
          objection,
          status: objectionStatus(objection),
          overdue: isOverdue(objection, now),
          record,
          category,
          fields: state.fields,
        });
      }
    }
    return out.sort((a, b) => a.objection.id - b.objection.id);
  }

  /** The objections on the records this agency submitted: `open` (undecided), `decided`, or `all`. */
  async ofAgency(
    agencyId: string,
    filter: QueueFilter,
    now: Instant,
    categoryOf: CategoryOf,
  ): Promise<QueuedObjection[]> {
    const all = await this.objections((r) => r.agencyId === agencyId, now, categoryOf);
    if (filter === 'all') return all;
    const open = filter === 'open';
    return all.filter((q) => (q.status === 'open') === open);
  }

  /** The appealed objections (the authority's queue): `open` (appeal undecided), `decided`, `all`. */
  async appeals(
    filter: QueueFilter,
    now: Instant,
    categoryOf: CategoryOf,
  ): Promise<QueuedObjection[]> {
    const all = (await this.objections(() => true, now, categoryOf)).filter(
      (q) => q.objection.appeal !== undefined,
    );
    if (filter === 'all') return all;
    const open = filter === 'open';
    return all.filter((q) => (q.status === 'under-appeal') === open);
  }

  /** The objections on one subject's records (the subject's own view). */
  async ofSubject(
    subject: string,
    now: Instant,
    categoryOf: CategoryOf,
  ): Promise<QueuedObjection[]> {
    return this.objections((r) => r.subject === subject, now, categoryOf);
  }

  private async record(id: number): Promise<LedgerRecord | undefined> {
    const cached = this.records.get(id);
    if (cached) return cached;
    const record = await this.store.findRecord(id);
    if (record) this.records.set(id, record);
    return record;
  }
}
