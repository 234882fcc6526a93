// Subjects as integer ordinals: a table from the normalised identifier to the ordinal (off the
// heap: subject-key-table.ts says why), and one
// typed-array column per attribute the scoring pass reads (kind, when the person comes of age,
// when a closure counts), plus the head and tail of each subject's list of records (the `next`
// pointers live in the record columns). Ordinals are given in order of first appearance and never
// reused, so a column index is stable for the life of the engine.
import { birthDateOf } from '../core/identifiers/resident-identity-number.js';
import type { SubjectKind } from '../core/ledger/ledger-types.js';
import { ADULT_AGE } from '../core/subjects/adulthood.js';
import { compileDurationAdd } from './calendar-add.js';
import { grown, nextCapacity } from './growable.js';
import { SubjectKeyTable } from './subject-key-table.js';

export const PERSON = 0;
export const ORGANIZATION = 1;
export type KindCode = typeof PERSON | typeof ORGANIZATION;

export function kindCode(kind: SubjectKind): KindCode {
  return kind === 'person' ? PERSON : ORGANIZATION;
}

export function kindName(code: number): SubjectKind {
  return code === PERSON ? 'person' : 'organization';
}

const EIGHTEEN_YEARS = compileDurationAdd(ADULT_AGE);

/** The birth date a person's key carries (undefined for a key that is not a person's number). */
export function birthDateOfKey(key: string): number | undefined {
  if (key.length !== 18) return undefined;
  return birthDateOf(key);
}

/** The instant a person of this birth date becomes scorable (+Infinity when unknown). */
export function adultFromBirth(birth: number | undefined): number {
  return birth === undefined ? Number.POSITIVE_INFINITY : EIGHTEEN_YEARS(birth);
}

/** A SubjectIndex's state as plain columns (an engine snapshot holds it). */
export interface SubjectColumns {
  readonly keys: readonly string[];
  readonly kind: Uint8Array;
  readonly birthDate: Float64Array;
  readonly adultFrom: Float64Array;
  readonly closureAt: Float64Array;
  readonly closureRecordedAt: Float64Array;
  readonly closedFrom: Float64Array;
  readonly head: Int32Array;
  readonly tail: Int32Array;
}

export class SubjectIndex {
  private readonly ordinals = new SubjectKeyTable();
  count = 0;
  kind = new Uint8Array(0);
  /** Persons: the birth date from the identity number (NaN when none). */
  birthDate = new Float64Array(0);
  /** birthDate + ADULT_AGE (P18Y) for persons; -Infinity for organisations. */
  adultFrom = new Float64Array(0);
  /** The closing event (deceased / dissolved): its `at` and `recordedAt`, NaN when open. */
  closureAt = new Float64Array(0);
  closureRecordedAt = new Float64Array(0);
  /** From when the closure counts: max(at, recordedAt); +Infinity when open. */
  closedFrom = new Float64Array(0);
  /** First and last record index of the subject's list, -1 when it has none. */
  head = new Int32Array(0);
  tail = new Int32Array(0);
  /** The subject's records and record events changed since the flag was last cleared. */
  dirty = new Uint8Array(0);
  readonly dirtyList: number[] = [];

  ordinalOf(key: string): number | undefined {
    return this.ordinals.get(key);
  }

  keyOf(ordinal: number): string {
    const key = this.ordinals.keyOf(ordinal);
    if (key === undefined) throw new RangeError(`subject-index: no subject ${ordinal}`);
    return key;
  }

  /** The subject's ordinal, registering it with this kind when it is new. */
  ensure(key: string, kind: SubjectKind): number {
    const known = this.ordinals.get(key);
    if (known !== undefined) return known;
    const ordinal = this.count;
    if (ordinal >= this.kind.length) this.grow(ordinal + 1);
    this.count = ordinal + 1;
    this.ordinals.add(key);
    const code = kindCode(kind);
    this.kind[ordinal] = code;
    const birth = code === PERSON ? birthDateOfKey(key) : undefined;
    this.birthDate[ordinal] = birth ?? Number.NaN;
    this.adultFrom[ordinal] = code === PERSON ? adultFromBirth(birth) : Number.NEGATIVE_INFINITY;
    return ordinal;
  }

  close(ordinal: number, at: number, recordedAt: number): void {
    // Closing is final (charter C4): the ledger accepts one closing event per subject; should a
    // second arrive, the first in sequence order stays the closure.
    if (!Number.isNaN(this.closureAt[ordinal] ?? Number.NaN)) return;
    const from = Math.max(at, recordedAt);
    this.closureAt[ordinal] = at;
    this.closureRecordedAt[ordinal] = recordedAt;
    this.closedFrom[ordinal] = from;
  }

  markDirty(ordinal: number): void {
    if (this.dirty[ordinal] === 1) return;
    this.dirty[ordinal] = 1;
    this.dirtyList.push(ordinal);
  }

  /** The subjects marked dirty since the last call, in order of marking; clears the marks. */
  takeDirty(): number[] {
    const taken = this.dirtyList.splice(0);
    for (const ordinal of taken) this.dirty[ordinal] = 0;
    return taken;
  }

  /** Reserves room for n subjects. */
  reserve(n: number): void {
    if (n > this.kind.length) this.grow(n, n);
    this.ordinals.reserve(n);
  }

  /** The columns up to `count`, for an engine snapshot (engine-snapshot.ts); copies. */
  snapshotColumns(): SubjectColumns {
    const n = this.count;
    return {
      keys: Array.from({ length: n }, (_, s) => this.keyOf(s)),
      kind: this.kind.slice(0, n),
      birthDate: this.birthDate.slice(0, n),
      adultFrom: this.adultFrom.slice(0, n),
      closureAt: this.closureAt.slice(0, n),
      closureRecordedAt: this.closureRecordedAt.slice(0, n),
      closedFrom: this.closedFrom.slice(0, n),
      head: this.head.slice(0, n),
      tail: this.tail.slice(0, n),
    };
  }

  /**
   * Takes the columns of a snapshot (an empty index only; the columns become this index's, not
   * copied: a start holds them once); nothing is dirty after it.
   */
  restoreColumns(c: SubjectColumns): void {
    const n = c.keys.length;
    if (this.count > 0)
      throw new RangeError('subject-index: a snapshot is restored into an empty index only');
    this.ordinals.reserve(n);
    for (let s = 0; s < n; s += 1) {
      const key = c.keys[s] as string;
      if (this.ordinals.get(key) !== undefined) {
        throw new RangeError(`subject-index: the key of subject ${s} is also an earlier one's`);
      }
      this.ordinals.add(key);
    }
    this.count = n;
    this.kind = c.kind as typeof this.kind;
    this.birthDate = c.birthDate as typeof this.birthDate;
    this.adultFrom = c.adultFrom as typeof this.adultFrom;
    this.closureAt = c.closureAt as typeof this.closureAt;
    this.closureRecordedAt = c.closureRecordedAt as typeof this.closureRecordedAt;
    this.closedFrom = c.closedFrom as typeof this.closedFrom;
    this.head = c.head as typeof this.head;
    this.tail = c.tail as typeof this.tail;
    this.dirty = new Uint8Array(n);
  }

  private grow(needed: number, exact?: number): void {
    const capacity = exact ?? nextCapacity(this.kind.length, needed);
    this.kind = grown(this.kind, capacity);
    this.birthDate = grown(this.birthDate, capacity, Number.NaN);
    this.adultFrom = grown(this.adultFrom, capacity);
    this.closureAt = grown(this.closureAt, capacity, Number.NaN);
    this.closureRecordedAt = grown(this.closureRecordedAt, capacity, Number.NaN);
    this.closedFrom = grown(this.closedFrom, capacity, Number.POSITIVE_INFINITY);
    this.head = grown(this.head, capacity, -1);
    this.tail = grown(this.tail, capacity, -1);
    this.dirty = grown(this.dirty, capacity);
  }
}
