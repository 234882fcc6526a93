// The deterministic fold of the ledger into the engine's columns. Events are applied in `seq`
// order, each exactly once: a batch is sorted by seq when it is not already, and events at or
// below the last folded seq are skipped, so a replica that follows the ledger may re-read an
// overlapping page without harm. Applying an event touches only its subject: the subject is
// marked dirty, and derived state (scores, list bits, the check index) is recomputed for the
// dirty subjects alone.
//
// What each event does to the columns:
//  - record: registers the subject on first sight, appends the record to the columns and to the
//    end of its subject's list (so each subject's records stay in ledger order);
//  - record-event: appends to the record's events in the side table. `fulfilled` (when the category ends when
//    fulfilled), `revoked` and `repaired` take the record out of force for good from the instant
//    they become visible, which is folded into the record's `until`; every other kind (suspended,
//    resumed, objected, upheld, corrected) sends the record down the side path of the scoring
//    pass, which asks the reference record-state functions; `appealed` changes nothing;
//  - subject-event: the subject's closure (death or dissolution).
import type { Catalog } from '../core/catalog/index.js';
import { DomainError } from '../core/errors/domain-error.js';
import type {
  LedgerEvent,
  LedgerRecord,
  LedgerRecordEvent,
  LedgerSubjectEvent,
} from '../core/ledger/ledger-types.js';
import { eventVisibleFrom } from '../core/scoring/record-state.js';
import { CategoryTable, type CategoryKeys } from './category-table.js';
import {
  FLAG_EVENTS,
  FLAG_REVOKED,
  FLAG_SIDE,
  RecordColumns,
  type RecordColumnsState,
} from './record-columns.js';
import { RecordSideTable, type SideTableState } from './record-side-table.js';
import { SubjectIndex, type SubjectColumns } from './subject-index.js';

export interface FoldOutcome {
  readonly applied: number;
  /** Events at or below the last folded seq, ignored. */
  readonly skipped: number;
  /** Index of the first record appended by this batch (= the record count before it). */
  readonly firstNewRecord: number;
}

/**
 * A fold's state as views of its live columns (`LedgerFold.snapshotView`): the subject keys read
 * on demand; valid only until the fold next changes.
 */
export interface FoldView extends Omit<FoldState, 'subjects'> {
  readonly subjects: Omit<SubjectColumns, 'keys'> & { keyOf(ordinal: number): string };
}

/** Everything a fold holds, as plain columns (see engine-snapshot.ts). */
export interface FoldState {
  readonly lastSeq: number;
  readonly categories: CategoryKeys;
  readonly subjects: SubjectColumns;
  readonly records: RecordColumnsState;
  readonly side: SideTableState;
}

function bySeq(a: LedgerEvent, b: LedgerEvent): number {
  return a.seq - b.seq;
}

function isSorted(events: readonly LedgerEvent[]): boolean {
  for (let i = 1; i < events.length; i += 1) {
    if ((events[i]?.seq ?? 0) < (events[i - 1]?.seq ?? 0)) return false;
  }
  return true;
}

export class LedgerFold {
  readonly subjects = new SubjectIndex();
  readonly records: RecordColumns;
  readonly categories: CategoryTable;
  readonly side = new RecordSideTable();
  /** The highest seq folded so far (-Infinity before the first event). */
  lastSeq = Number.NEGATIVE_INFINITY;

  /** `fields`: the record fields to keep as columns (every field seen when undefined). */
  constructor(catalogFor: (version: number) => Catalog | undefined, fields?: readonly string[]) {
    this.categories = new CategoryTable(catalogFor);
    this.records = new RecordColumns(fields);
  }

  apply(batch: readonly LedgerEvent[]): FoldOutcome {
    const events = isSorted(batch) ? batch : [...batch].sort(bySeq);
    const firstNewRecord = this.records.count;
    let applied = 0;
    let skipped = 0;
    for (const event of events) {
      if (event.seq <= this.lastSeq) {
        skipped += 1;
        continue;
      }
      switch (event.kind) {
        case 'record':
          this.foldRecord(event.record);
          break;
        case 'record-event':
          this.foldRecordEvent(event.event);
          break;
        case 'subject-event':
          this.foldSubjectEvent(event.event);
          break;
        default: {
          const never: never = event;
          throw new DomainError(
            'EngineUnknownEvent',
            `unknown ledger event ${JSON.stringify(never)}`,
          );
        }
      }
      this.lastSeq = event.seq;
      applied += 1;
    }
    return { applied, skipped, firstNewRecord };
  }

  /** The folded state, for an engine snapshot (engine-snapshot.ts); copies of the columns. */
  snapshotState(): FoldState {
    return {
      lastSeq: this.lastSeq,
      categories: this.categories.snapshotKeys(),
      subjects: this.subjects.snapshotColumns(),
      records: this.records.snapshotColumns(),
      side: this.side.snapshotColumns(this.records.count),
    };
  }

  /**
   * The folded state for a snapshot without copying the columns (views of them; the subject keys
   * read by ordinal): nothing may be folded until the snapshot is written from it.
   */
  snapshotView(): FoldView {
    const s = this.subjects;
    const n = s.count;
    return {
      lastSeq: this.lastSeq,
      categories: this.categories.snapshotKeys(),
      subjects: {
        keyOf: (ordinal) => s.keyOf(ordinal),
        kind: s.kind.subarray(0, n),
        birthDate: s.birthDate.subarray(0, n),
        adultFrom: s.adultFrom.subarray(0, n),
        closureAt: s.closureAt.subarray(0, n),
        closureRecordedAt: s.closureRecordedAt.subarray(0, n),
        closedFrom: s.closedFrom.subarray(0, n),
        head: s.head.subarray(0, n),
        tail: s.tail.subarray(0, n),
      },
      records: this.records.snapshotColumns(false),
      side: this.side.snapshotColumns(this.records.count, false),
    };
  }

  /** Takes a snapshot's state (a fold that has applied nothing yet). */
  restoreState(state: FoldState): void {
    if (this.lastSeq !== Number.NEGATIVE_INFINITY || this.records.count > 0) {
      throw new RangeError('ledger-fold: a snapshot is restored into an empty fold only');
    }
    this.categories.restoreKeys(state.categories);
    this.subjects.restoreColumns(state.subjects);
    this.records.restoreColumns(state.records);
    this.side.restoreColumns(state.side);
    this.lastSeq = state.lastSeq;
  }

  private foldRecord(record: LedgerRecord): void {
    const subjects = this.subjects;
    const s = subjects.ensure(record.subject, record.subjectKind);
    const category = this.categories.ordinal(record.catalogVersion, record.category);
    const effectEnd = this.categories.entry(category).effectEnd(record.occurredAt);
    const index = this.records.append(record, s, category, effectEnd);
    const tail = subjects.tail[s] ?? -1;
    if (tail >= 0) this.records.next[tail] = index;
    else subjects.head[s] = index;
    subjects.tail[s] = index;
    subjects.markDirty(s);
  }

  private foldRecordEvent(event: LedgerRecordEvent): void {
    const records = this.records;
    const index = records.indexOf(event.recordId);
    if (index < 0) {
      throw new DomainError(
        'EngineUnknownRecord',
        `ledger event ${event.seq} (${event.type}) names record ${event.recordId}, which the engine has not folded`,
      );
    }
    const visibleFrom = eventVisibleFrom(event);
    this.side.add(index, event, visibleFrom);
    let flags = (records.flags[index] ?? 0) | FLAG_EVENTS;
    const until = records.until[index] ?? 0;
    switch (event.type) {
      case 'fulfilled': {
        const category = this.categories.entry(records.category[index] ?? 0);
        if (category.endsWhenFulfilled) records.until[index] = Math.min(until, visibleFrom);
        break;
      }
      case 'revoked':
        records.until[index] = Math.min(until, visibleFrom);
        flags |= FLAG_REVOKED;
        break;
      case 'repaired':
        records.until[index] = Math.min(until, visibleFrom);
        break;
      case 'suspended':
      case 'resumed':
      case 'objected':
      case 'upheld':
      case 'corrected':
        flags |= FLAG_SIDE;
        break;
      case 'appealed':
        // The listing stays in force during the review; the authority's decision is its own event.
        break;
      default: {
        const never: never = event.type;
        throw new DomainError('EngineUnknownEvent', `unknown record event type ${String(never)}`);
      }
    }
    records.flags[index] = flags;
    this.subjects.markDirty(records.subject[index] ?? 0);
  }

  private foldSubjectEvent(event: LedgerSubjectEvent): void {
    const kind = event.type === 'deceased' ? 'person' : 'organization';
    const s = this.subjects.ensure(event.subject, kind);
    this.subjects.close(s, event.at, event.recordedAt);
    this.subjects.markDirty(s);
  }
}
