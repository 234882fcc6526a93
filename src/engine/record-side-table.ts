// The rare per-record events (fulfilled, suspended / resumed, objected and its decisions,
// corrected, revoked, repaired), kept beside the record columns so that the common record, which
// has none, stays a row of plain numbers. The events themselves are columns too (a fulfilment is
// not rare in absolute terms: a city has millions), chained per record in ledger order; only a
// reason or corrected field values, and the instant a revocation becomes visible, sit in maps.
// The scoring pass reads this table only for records whose flags say so.
import type {
  LedgerRecordEvent,
  RecordEventType,
  RecordFields,
} from '../core/ledger/ledger-types.js';
import { RECORD_EVENT_TYPES } from '../core/ledger/ledger-types.js';
import type { RecordHistory } from '../core/scoring/evaluation-types.js';
import { instant } from '../core/time/instant.js';
import { grown, nextCapacity } from './growable.js';

interface EventExtras {
  readonly reason: string | undefined;
  readonly fields: RecordFields | undefined;
}

/** A RecordSideTable's state as plain columns (an engine snapshot holds it). */
export interface SideTableState {
  readonly seq: Float64Array;
  readonly type: Uint8Array;
  readonly at: Float64Array;
  readonly recordedAt: Float64Array;
  readonly actor: Uint16Array;
  readonly next: Int32Array;
  readonly first: Int32Array;
  readonly last: Int32Array;
  readonly actors: readonly string[];
  /** Event index, reason, corrected fields. */
  readonly extras: readonly (readonly [number, string | null, RecordFields | null])[];
  /** Record index, the instant its revocation is visible from. */
  readonly revoked: readonly (readonly [number, number])[];
  readonly recordsWithEvents: number;
}

export class RecordSideTable {
  count = 0;
  private seq = new Float64Array(0);
  private type = new Uint8Array(0);
  private at = new Float64Array(0);
  private recordedAt = new Float64Array(0);
  private actor = new Uint16Array(0);
  /** The record's next event, -1 at the end of its chain. */
  private next = new Int32Array(0);
  /** Per record index: its first and last event, -1 when none. */
  private first = new Int32Array(0);
  private last = new Int32Array(0);
  private readonly actors: string[] = [];
  private readonly actorOrdinals = new Map<string, number>();
  private readonly extras = new Map<number, EventExtras>();
  private readonly revoked = new Map<number, number>();
  /** Records with at least one event. */
  recordsWithEvents = 0;
  /** Histories of records the scoring pass reads through the reference record state (side path). */
  private readonly histories = new Map<number, RecordHistory>();

  add(index: number, event: LedgerRecordEvent, visibleFrom: number): void {
    const e = this.count;
    if (e >= this.seq.length) this.grow(e + 1);
    if (index >= this.first.length) this.growRecords(index + 1);
    this.count = e + 1;
    this.seq[e] = event.seq;
    this.type[e] = RECORD_EVENT_TYPES.indexOf(event.type);
    this.at[e] = event.at;
    this.recordedAt[e] = event.recordedAt;
    this.actor[e] = this.actorOrdinal(event.actor);
    this.next[e] = -1;
    if (event.reason !== undefined || event.fields !== undefined) {
      this.extras.set(e, { reason: event.reason, fields: event.fields });
    }
    const last = this.last[index] ?? -1;
    if (last >= 0) this.next[last] = e;
    else {
      this.first[index] = e;
      this.recordsWithEvents += 1;
    }
    this.last[index] = e;
    if (event.type === 'revoked') {
      this.revoked.set(index, Math.min(this.revoked.get(index) ?? Infinity, visibleFrom));
    }
    this.histories.delete(index);
  }

  /** From when a `revoked` event of the record is visible (+Infinity when none). */
  revokedFrom(index: number): number {
    return this.revoked.get(index) ?? Infinity;
  }

  /** The record's events in ledger order, rebuilt as the ledger wrote them. */
  events(index: number, recordId: number, subject: string): LedgerRecordEvent[] {
    const out: LedgerRecordEvent[] = [];
    for (let e = this.first[index] ?? -1; e >= 0; e = this.next[e] ?? -1) {
      const extras = this.extras.get(e);
      out.push({
        seq: this.seq[e] ?? 0,
        recordId,
        subject,
        type: RECORD_EVENT_TYPES[this.type[e] ?? 0] as RecordEventType,
        at: instant(this.at[e] ?? 0),
        recordedAt: instant(this.recordedAt[e] ?? 0),
        actor: this.actors[this.actor[e] ?? 0] ?? '',
        reason: extras?.reason,
        fields: extras?.fields,
      });
    }
    return out;
  }

  cachedHistory(index: number): RecordHistory | undefined {
    return this.histories.get(index);
  }

  cacheHistory(index: number, history: RecordHistory): void {
    this.histories.set(index, history);
  }

  /** The event columns up to `count` and the per-record chains, for an engine snapshot; copies. */
  /**
   * The table, for an engine snapshot (engine-snapshot.ts): copies of the columns, or (`copy`
   * false) views of the live ones, valid only until the next fold.
   */
  snapshotColumns(records: number, copy = true): SideTableState {
    const n = this.count;
    const r = Math.min(records, this.first.length);
    const part = <T extends { slice(a: number, b: number): T; subarray(a: number, b: number): T }>(
      c: T,
      k: number,
    ): T => (copy ? c.slice(0, k) : c.subarray(0, k));
    return {
      seq: part(this.seq, n),
      type: part(this.type, n),
      at: part(this.at, n),
      recordedAt: part(this.recordedAt, n),
      actor: part(this.actor, n),
      next: part(this.next, n),
      first: part(this.first, r),
      last: part(this.last, r),
      actors: [...this.actors],
      extras: [...this.extras].map(([e, x]) => [e, x.reason ?? null, x.fields ?? null] as const),
      revoked: [...this.revoked],
      recordsWithEvents: this.recordsWithEvents,
    };
  }

  /**
   * Takes the columns of a snapshot (an empty table only) as they are: they become this table's
   * (the caller hands them over; not held twice at start); the first event after them grows them.
   */
  restoreColumns(c: SideTableState): void {
    const n = c.seq.length;
    if (this.count > 0)
      throw new RangeError('record-side-table: a snapshot is restored into an empty table only');
    this.count = n;
    this.seq = c.seq as typeof this.seq;
    this.type = c.type as typeof this.type;
    this.at = c.at as typeof this.at;
    this.recordedAt = c.recordedAt as typeof this.recordedAt;
    this.actor = c.actor as typeof this.actor;
    this.next = c.next as typeof this.next;
    this.first = c.first as typeof this.first;
    this.last = c.last as typeof this.last;
    for (const a of c.actors) this.actorOrdinal(a);
    for (const [e, reason, fields] of c.extras) {
      this.extras.set(e, { reason: reason ?? undefined, fields: fields ?? undefined });
    }
    for (const [index, from] of c.revoked) this.revoked.set(index, from);
    this.recordsWithEvents = c.recordsWithEvents;
  }

  private actorOrdinal(actor: string): number {
    const known = this.actorOrdinals.get(actor);
    if (known !== undefined) return known;
    const ordinal = this.actors.length;
    this.actors.push(actor);
    this.actorOrdinals.set(actor, ordinal);
    return ordinal;
  }

  private grow(needed: number): void {
    const capacity = nextCapacity(this.seq.length, needed);
    this.seq = grown(this.seq, capacity);
    this.type = grown(this.type, capacity);
    this.at = grown(this.at, capacity);
    this.recordedAt = grown(this.recordedAt, capacity);
    this.actor = grown(this.actor, capacity);
    this.next = grown(this.next, capacity, -1);
  }

  private growRecords(needed: number): void {
    const capacity = nextCapacity(this.first.length, needed);
    this.first = grown(this.first, capacity, -1);
    this.last = grown(this.last, capacity, -1);
  }
}
