// Record field values as typed columns, one per field name the policies read (or every field
// seen, when the engine is not told which: see EngineOptions.fields). A column takes the type of
// the first value it meets: integers in an Int32Array (-2^31 = absent) while they fit, widened
// once to a Float64Array (NaN = absent) by the first that does not (or a fraction, or -0),
// booleans in a Uint8Array (0 false, 1 true, 2 absent), strings interned to small integers in an
// Int32Array (-1 absent)
// with one string table per field, so an enumerated string costs four bytes a record and a free
// string one table entry per distinct value. Absent stays absent: a record without the field
// reads undefined, which CEL sees as "No such key" (`has()` false), never 0, false or "". A value
// of another type than its column's (a catalogue that changed a field's type, a hand-built test
// ledger) is kept exactly in a small side map, marked in the column by its own code.
//
// Nothing here is a per-record object: a record's values are read by index, into a reused scratch
// object for the compiled CEL closures (policy-application.ts), or into a fresh RecordFields when
// an explanation rebuilds the record (subject-history.ts).
import type { FieldValue, RecordFields } from '../core/ledger/ledger-types.js';
import { grown } from './growable.js';

/** The column's type: decided by the first value it holds. */
export const KIND_UNSET = 0;
export const KIND_NUMBER = 1;
export const KIND_BOOLEAN = 2;
export const KIND_STRING = 3;
/** Integers that fit in 32 bits (a number column until a value does not fit). */
export const KIND_INTEGER = 4;
export type FieldKind = 0 | 1 | 2 | 3 | 4;

const NUMBER_ABSENT = Number.NaN;
/** A number column's mark for "the value is in `others`". */
const NUMBER_OTHER = Number.NEGATIVE_INFINITY;
const BOOLEAN_ABSENT = 2;
const BOOLEAN_OTHER = 3;
const STRING_ABSENT = -1;
const STRING_OTHER = -2;
const INTEGER_ABSENT = -2147483648;
const INTEGER_OTHER = -2147483647;

/** Whether a number is held exactly by an integer column (-0 is not: it would read back as 0). */
function fitsInteger(v: number): boolean {
  return (v | 0) === v && v > INTEGER_OTHER && !Object.is(v, -0);
}

type Values = Float64Array | Uint8Array | Int32Array;

/** One field column as plain data (an engine snapshot holds it). */
export interface FieldColumnState {
  readonly name: string;
  readonly kind: FieldKind;
  /** `count` entries; empty when the kind is unset (every record absent). */
  readonly values: Values;
  /** The string table of a string column (code = index). */
  readonly strings: readonly string[];
  /** Values of another type than the column's, by record index. */
  readonly others: readonly (readonly [number, FieldValue])[];
}

/** The field columns as plain data. */
export interface FieldColumnsState {
  /** Every field seen is kept (no list of fields was given). */
  readonly keepAll: boolean;
  readonly columns: readonly FieldColumnState[];
}

function absentCode(kind: FieldKind): number {
  switch (kind) {
    case KIND_NUMBER:
      return NUMBER_ABSENT;
    case KIND_BOOLEAN:
      return BOOLEAN_ABSENT;
    case KIND_STRING:
      return STRING_ABSENT;
    case KIND_INTEGER:
      return INTEGER_ABSENT;
    case KIND_UNSET:
      return 0;
  }
}

function kindOf(value: FieldValue): FieldKind {
  return typeof value === 'number'
    ? fitsInteger(value)
      ? KIND_INTEGER
      : KIND_NUMBER
    : typeof value === 'boolean'
      ? KIND_BOOLEAN
      : KIND_STRING;
}

export class FieldColumn {
  kind: FieldKind = KIND_UNSET;
  num = new Float64Array(0);
  flag = new Uint8Array(0);
  /** Integer values (KIND_INTEGER) or string codes (KIND_STRING). */
  code = new Int32Array(0);
  readonly strings: string[] = [];
  private readonly codes = new Map<string, number>();
  readonly others = new Map<number, FieldValue>();

  constructor(readonly name: string) {}

  /** The value of record i, undefined when absent. */
  get(i: number): FieldValue | undefined {
    switch (this.kind) {
      case KIND_INTEGER: {
        const v = this.code[i] ?? INTEGER_ABSENT;
        if (v > INTEGER_OTHER) return v;
        return v === INTEGER_OTHER ? this.others.get(i) : undefined;
      }
      case KIND_NUMBER: {
        const v = this.num[i] ?? NUMBER_ABSENT;
        if (v !== v) return undefined;
        return v === NUMBER_OTHER ? this.others.get(i) : v;
      }
      case KIND_STRING: {
        const c = this.code[i] ?? STRING_ABSENT;
        if (c >= 0) return this.strings[c];
        return c === STRING_OTHER ? this.others.get(i) : undefined;
      }
      case KIND_BOOLEAN: {
        const b = this.flag[i] ?? BOOLEAN_ABSENT;
        if (b <= 1) return b === 1;
        return b === BOOLEAN_OTHER ? this.others.get(i) : undefined;
      }
      case KIND_UNSET:
        return undefined;
    }
  }

  /** Sets record i (within `capacity`); undefined leaves it absent. */
  set(i: number, value: FieldValue | undefined, capacity: number): void {
    if (value === undefined) {
      if (this.kind !== KIND_UNSET) this.writeAbsent(i);
      return;
    }
    if (this.kind === KIND_UNSET) this.settle(kindOf(value), capacity);
    this.others.delete(i);
    if (this.kind === KIND_INTEGER && typeof value === 'number' && !fitsInteger(value)) {
      this.widen();
    }
    switch (this.kind) {
      case KIND_INTEGER:
        if (typeof value === 'number') {
          this.code[i] = value;
          return;
        }
        this.code[i] = INTEGER_OTHER;
        break;
      case KIND_NUMBER:
        if (typeof value === 'number' && value === value && value !== NUMBER_OTHER) {
          this.num[i] = value;
          return;
        }
        this.num[i] = NUMBER_OTHER;
        break;
      case KIND_STRING:
        if (typeof value === 'string') {
          this.code[i] = this.intern(value);
          return;
        }
        this.code[i] = STRING_OTHER;
        break;
      case KIND_BOOLEAN:
        if (typeof value === 'boolean') {
          this.flag[i] = value ? 1 : 0;
          return;
        }
        this.flag[i] = BOOLEAN_OTHER;
        break;
      case KIND_UNSET:
        return;
    }
    this.others.set(i, value);
  }

  grow(capacity: number): void {
    switch (this.kind) {
      case KIND_NUMBER:
        this.num = grown(this.num, capacity, NUMBER_ABSENT);
        break;
      case KIND_STRING:
        this.code = grown(this.code, capacity, STRING_ABSENT);
        break;
      case KIND_INTEGER:
        this.code = grown(this.code, capacity, INTEGER_ABSENT);
        break;
      case KIND_BOOLEAN:
        this.flag = grown(this.flag, capacity, BOOLEAN_ABSENT);
        break;
      case KIND_UNSET:
        break;
    }
  }

  values(): Values {
    return this.kind === KIND_NUMBER
      ? this.num
      : this.kind === KIND_STRING || this.kind === KIND_INTEGER
        ? this.code
        : this.flag;
  }

  state(count: number): FieldColumnState {
    return {
      name: this.name,
      kind: this.kind,
      values: this.kind === KIND_UNSET ? new Uint8Array(0) : this.values().slice(0, count),
      strings: [...this.strings],
      others: [...this.others].filter(([i]) => i < count),
    };
  }

  restore(c: FieldColumnState, capacity: number): void {
    if (c.kind === KIND_UNSET) return;
    this.settle(c.kind, capacity);
    if (this.kind === KIND_NUMBER) this.num.set(c.values);
    else if (this.kind === KIND_STRING || this.kind === KIND_INTEGER) this.code.set(c.values);
    else this.flag.set(c.values);
    for (const s of c.strings) this.intern(s);
    for (const [i, v] of c.others) this.others.set(i, v);
  }

  private settle(kind: FieldKind, capacity: number): void {
    this.kind = kind;
    const absent = absentCode(kind);
    if (kind === KIND_NUMBER) this.num = new Float64Array(capacity).fill(absent);
    else if (kind === KIND_STRING || kind === KIND_INTEGER)
      this.code = new Int32Array(capacity).fill(absent);
    else this.flag = new Uint8Array(capacity).fill(absent);
  }

  private writeAbsent(i: number): void {
    this.others.delete(i);
    if (this.kind === KIND_NUMBER) this.num[i] = NUMBER_ABSENT;
    else if (this.kind === KIND_STRING) this.code[i] = STRING_ABSENT;
    else if (this.kind === KIND_INTEGER) this.code[i] = INTEGER_ABSENT;
    else this.flag[i] = BOOLEAN_ABSENT;
  }

  /** An integer column meets a number it cannot hold: it becomes a Float64 column, once. */
  private widen(): void {
    const ints = this.code;
    const num = new Float64Array(ints.length);
    for (let i = 0; i < ints.length; i += 1) {
      const v = ints[i] ?? INTEGER_ABSENT;
      num[i] = v > INTEGER_OTHER ? v : v === INTEGER_OTHER ? NUMBER_OTHER : NUMBER_ABSENT;
    }
    this.num = num;
    this.code = new Int32Array(0);
    this.kind = KIND_NUMBER;
  }

  private intern(s: string): number {
    const known = this.codes.get(s);
    if (known !== undefined) return known;
    const code = this.strings.length;
    this.strings.push(s);
    this.codes.set(s, code);
    return code;
  }
}

/**
 * A reused object holding one record's values of a few fields at a time, for the compiled CEL
 * closures (which read `fields[name]`): every name is always a key, undefined when absent, so
 * the object keeps one shape across records.
 */
export class FieldReader {
  readonly scratch: Record<string, FieldValue | undefined>;
  private readonly columns: readonly FieldColumn[];

  constructor(columns: readonly FieldColumn[]) {
    this.columns = columns;
    const scratch: Record<string, FieldValue | undefined> = {};
    for (const c of columns) scratch[c.name] = undefined;
    this.scratch = scratch;
  }

  /** Loads record i's values; returns the scratch object (valid until the next load). */
  load(i: number): RecordFields {
    const scratch = this.scratch;
    const columns = this.columns;
    for (let k = 0; k < columns.length; k += 1) {
      const c = columns[k] as FieldColumn;
      scratch[c.name] = c.get(i);
    }
    return scratch as RecordFields;
  }
}

export class FieldColumns {
  private readonly byName = new Map<string, FieldColumn>();
  readonly columns: FieldColumn[] = [];
  /** Keep every field seen (no list given). */
  keepAll: boolean;
  private capacity = 0;

  constructor(names?: readonly string[]) {
    this.keepAll = names === undefined;
    for (const name of names ?? []) this.add(name);
  }

  /** Whether the field's values are held (every field when keepAll). */
  holds(name: string): boolean {
    return this.keepAll || this.byName.has(name);
  }

  column(name: string): FieldColumn | undefined {
    return this.byName.get(name);
  }

  /** The columns of these names that exist (a name never seen under keepAll has none: all absent). */
  columnsOf(names: Iterable<string>): FieldColumn[] {
    const out: FieldColumn[] = [];
    for (const n of new Set(names)) {
      const c = this.byName.get(n);
      if (c !== undefined) out.push(c);
    }
    return out;
  }

  /** Starts keeping a field (all absent until filled, see `fill`). */
  add(name: string): FieldColumn {
    let c = this.byName.get(name);
    if (c === undefined) {
      c = new FieldColumn(name);
      this.byName.set(name, c);
      this.columns.push(c);
    }
    return c;
  }

  /** Record i's values (i is a fresh index: every held column is absent there). */
  append(i: number, fields: RecordFields): void {
    if (this.keepAll) {
      for (const name in fields) {
        const v = fields[name];
        if (v !== undefined) this.add(name).set(i, v, this.capacity);
      }
      return;
    }
    const columns = this.columns;
    for (let k = 0; k < columns.length; k += 1) {
      const c = columns[k] as FieldColumn;
      const v = fields[c.name];
      if (v !== undefined) c.set(i, v, this.capacity);
    }
  }

  /** Sets the given columns of record i from its fields (a column built after the record was folded). */
  fill(i: number, fields: RecordFields, columns: readonly FieldColumn[]): void {
    for (const c of columns) c.set(i, fields[c.name], this.capacity);
  }

  /** Record i as a RecordFields of the held values (a new object). */
  recordFields(i: number): RecordFields {
    const out: Record<string, FieldValue> = {};
    for (const c of this.columns) {
      const v = c.get(i);
      if (v !== undefined) out[c.name] = v;
    }
    return out;
  }

  grow(capacity: number): void {
    this.capacity = capacity;
    for (const c of this.columns) c.grow(capacity);
  }

  state(count: number): FieldColumnsState {
    return { keepAll: this.keepAll, columns: this.columns.map((c) => c.state(count)) };
  }

  /** Takes a snapshot's columns (into empty columns sized for them). */
  restore(s: FieldColumnsState): void {
    this.keepAll = s.keepAll;
    for (const c of s.columns) this.add(c.name).restore(c, this.capacity);
  }
}
