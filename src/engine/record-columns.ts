// Records as columns. Everything the scoring pass reads per record is a typed array indexed by
// the record's position (its order of arrival): subject ordinal, category entry, occurredAt,
// recordedAt, effectEnd, the instant it stops being in force for good, the next record of the
// same subject, and a few flag bits. Field values are typed too (field-columns.ts): the fields
// the policy versions read, in a few 32-bit slots per record; no record keeps a field object. Of the rest of a LedgerRecord
// only the agency is kept (as a small ordinal), to rebuild the record for explanations; the
// source reference and the fields no policy reads (free-text case numbers...), which no
// evaluation reads, stay in the ledger store (a rebuilt record has them empty or left out), so
// that a hundred million objects and strings do not weigh on every garbage collection.
import type { LedgerRecord } from '../core/ledger/ledger-types.js';
import { instant } from '../core/time/instant.js';
import { FieldColumns, type FieldColumnsState } from './field-columns.js';
import { grown, nextCapacity } from './growable.js';

/** The record has events that only the side path can interpret (suspension, objection, correction). */
export const FLAG_SIDE = 1;
/** The record has a visible-from-some-instant `revoked` event (its instant is in the side table). */
export const FLAG_REVOKED = 2;
/** The record has at least one event of any kind. */
export const FLAG_EVENTS = 4;

/** RecordColumns' state as plain columns (an engine snapshot holds it). */
export interface RecordColumnsState {
  readonly id: Float64Array;
  readonly subject: Uint32Array;
  readonly category: Uint16Array;
  readonly occurredAt: Float64Array;
  readonly recordedAt: Float64Array;
  readonly effectEnd: Float64Array;
  readonly until: Float64Array;
  readonly next: Int32Array;
  readonly flags: Uint8Array;
  readonly agency: Uint16Array;
  readonly fields: FieldColumnsState;
  readonly agencies: readonly string[];
}

export class RecordColumns {
  count = 0;
  id = new Float64Array(0);
  subject = new Uint32Array(0);
  /** Ordinal in the CategoryTable (catalogue version and category id). */
  category = new Uint16Array(0);
  occurredAt = new Float64Array(0);
  recordedAt = new Float64Array(0);
  effectEnd = new Float64Array(0);
  /**
   * The first instant from which the record is out of force for good: the least of its effectEnd
   * and the visibility of a `revoked`, a `repaired`, or (when its category ends when fulfilled) a
   * `fulfilled` event. In force at t, for a record without FLAG_SIDE, is recordedAt <= t < until.
   */
  until = new Float64Array(0);
  /** The subject's next record index, -1 at the end of its list. */
  next = new Int32Array(0);
  flags = new Uint8Array(0);
  /** The field values the policy versions read, as typed columns. */
  readonly fieldColumns: FieldColumns;
  agency = new Uint16Array(0);
  readonly agencies: string[] = [];
  private readonly agencyOrdinals = new Map<string, number>();

  /** Ids arrive in increasing order (an id is the record's ledger sequence); a map covers any that do not. */
  private sortedCount = 0;
  private idsSorted = true;
  private readonly idFallback = new Map<number, number>();

  /** `fields`: the names of the fields to keep as columns; every field seen when undefined. */
  constructor(fields?: readonly string[]) {
    this.fieldColumns = new FieldColumns(fields);
  }

  append(record: LedgerRecord, subject: number, category: number, effectEnd: number): number {
    const index = this.count;
    if (index >= this.id.length) this.grow(index + 1);
    this.count = index + 1;
    if (this.idsSorted && index > 0 && !(record.id > (this.id[index - 1] ?? 0))) {
      this.idsSorted = false;
    }
    if (this.idsSorted) this.sortedCount = index + 1;
    else this.idFallback.set(record.id, index);
    this.id[index] = record.id;
    this.subject[index] = subject;
    this.category[index] = category;
    this.occurredAt[index] = record.occurredAt;
    this.recordedAt[index] = record.recordedAt;
    this.effectEnd[index] = effectEnd;
    this.until[index] = effectEnd;
    this.next[index] = -1;
    this.flags[index] = 0;
    this.fieldColumns.append(index, category, record.fields);
    this.agency[index] = this.agencyOrdinal(record.agencyId);
    return index;
  }

  /** The index of the record with this ledger id, or -1. */
  indexOf(id: number): number {
    const mapped = this.idFallback.get(id);
    if (mapped !== undefined) return mapped;
    let lo = 0;
    let hi = this.sortedCount - 1;
    const ids = this.id;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = ids[mid] ?? 0;
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /**
   * The record as the ledger wrote it, rebuilt from the columns: its fields as originally recorded
   * that the engine keeps (those the policy versions read), its source reference empty.
   */
  ledgerRecord(
    index: number,
    subjectKey: string,
    subjectKind: LedgerRecord['subjectKind'],
    categoryId: string,
    catalogVersion: number,
  ): LedgerRecord {
    return {
      id: this.id[index] ?? 0,
      subject: subjectKey,
      subjectKind,
      agencyId: this.agencies[this.agency[index] ?? 0] ?? '',
      sourceRef: '',
      category: categoryId,
      occurredAt: instant(this.occurredAt[index] ?? 0),
      recordedAt: instant(this.recordedAt[index] ?? 0),
      fields: this.fieldColumns.recordFields(index, this.category[index] ?? 0),
      catalogVersion,
    };
  }

  private agencyOrdinal(id: string): number {
    const known = this.agencyOrdinals.get(id);
    if (known !== undefined) return known;
    const ordinal = this.agencies.length;
    this.agencies.push(id);
    this.agencyOrdinals.set(id, ordinal);
    return ordinal;
  }

  /** Reserves room for n records. */
  reserve(n: number): void {
    if (n > this.id.length) this.grow(n, n);
  }

  /**
   * The columns up to `count`, for an engine snapshot (engine-snapshot.ts): copies, or (`copy`
   * false) views of the live columns, valid only until the next fold.
   */
  snapshotColumns(copy = true): RecordColumnsState {
    const n = this.count;
    const part = <T extends { slice(a: number, b: number): T; subarray(a: number, b: number): T }>(
      c: T,
    ): T => (copy ? c.slice(0, n) : c.subarray(0, n));
    return {
      id: part(this.id),
      subject: part(this.subject),
      category: part(this.category),
      occurredAt: part(this.occurredAt),
      recordedAt: part(this.recordedAt),
      effectEnd: part(this.effectEnd),
      until: part(this.until),
      next: part(this.next),
      flags: part(this.flags),
      agency: part(this.agency),
      fields: this.fieldColumns.state(n, copy),
      agencies: [...this.agencies],
    };
  }

  /**
   * Takes the columns of a snapshot (empty columns only) as they are: they become these columns
   * (the caller hands them over), so that a city's columns are not held twice at start (a decoded
   * snapshot and a copy of it); the first record after them grows them.
   */
  restoreColumns(c: RecordColumnsState): void {
    const n = c.id.length;
    if (this.count > 0)
      throw new RangeError('record-columns: a snapshot is restored into empty columns only');
    this.count = n;
    this.id = c.id as typeof this.id;
    this.subject = c.subject as typeof this.subject;
    this.category = c.category as typeof this.category;
    this.occurredAt = c.occurredAt as typeof this.occurredAt;
    this.recordedAt = c.recordedAt as typeof this.recordedAt;
    this.effectEnd = c.effectEnd as typeof this.effectEnd;
    this.until = c.until as typeof this.until;
    this.next = c.next as typeof this.next;
    this.flags = c.flags as typeof this.flags;
    this.agency = c.agency as typeof this.agency;
    this.fieldColumns.restore(c.fields, n);
    for (const a of c.agencies) this.agencyOrdinal(a);
    // The id order, as `append` tracks it.
    this.sortedCount = n;
    for (let i = 1; i < n; i += 1) {
      if (!((c.id[i] ?? 0) > (c.id[i - 1] ?? 0))) {
        this.idsSorted = false;
        this.sortedCount = i;
        for (let j = i; j < n; j += 1) this.idFallback.set(c.id[j] ?? 0, j);
        break;
      }
    }
  }

  private grow(needed: number, exact?: number): void {
    const capacity = exact ?? nextCapacity(this.id.length, needed);
    this.id = grown(this.id, capacity);
    this.subject = grown(this.subject, capacity);
    this.category = grown(this.category, capacity);
    this.occurredAt = grown(this.occurredAt, capacity);
    this.recordedAt = grown(this.recordedAt, capacity);
    this.effectEnd = grown(this.effectEnd, capacity);
    this.until = grown(this.until, capacity);
    this.next = grown(this.next, capacity, -1);
    this.flags = grown(this.flags, capacity);
    this.agency = grown(this.agency, capacity);
    this.fieldColumns.grow(capacity);
  }
}
