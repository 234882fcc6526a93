// Record field values as typed columns: only the fields the policy versions read (or every field
// seen, when the engine is not told which: see EngineOptions.fields), in one Int32Array of a few
// slots per record. A field belongs to the categories that declare it, and a category declares
// few of the fields the policies read (the reference catalogue: at most two), so each category
// entry maps the fields its records carry to slots 0, 1, ... of the record's row, and the row is
// as wide as the widest category needs (`stride`): a record costs 4 bytes per slot, not per field
// the policies read. A slot holds, by the kind its first value set for that category: an integer
// (that fits in 32 bits), a boolean (0, 1) or a string interned to a small integer (one string
// table per field name, so an enumerated string costs one table entry per value). Absent stays
// absent (its own code): a record without the field reads undefined, which CEL sees as "No such
// key" (`has()` false), never 0, false or "". A value that does not fit (an integer beyond 32
// bits, a fraction, -0) or of another type than its slot's kind is kept exactly in a side map,
// marked in the slot by its own code.
//
// Nothing here is a per-record object: a record's values are read by index, into a reused scratch
// object for the compiled CEL closures (policy-application.ts), or into a fresh RecordFields when
// an explanation rebuilds the record (subject-history.ts).
import type { FieldValue, RecordFields } from '../core/ledger/ledger-types.js';

/** A slot's kind: decided by the first value it holds for its category. */
export const KIND_UNSET = 0;
export const KIND_INTEGER = 1;
export const KIND_BOOLEAN = 2;
export const KIND_STRING = 3;
export type FieldKind = 0 | 1 | 2 | 3;

const ABSENT = -2147483648;
/** "The value is in `others`." */
const OTHER = -2147483647;
/** Keys of `others`: record index × MAX_SLOTS + slot (independent of the stride). */
const MAX_SLOTS = 256;

function kindOf(value: FieldValue): FieldKind {
  return typeof value === 'number'
    ? KIND_INTEGER
    : typeof value === 'boolean'
      ? KIND_BOOLEAN
      : KIND_STRING;
}

/** Whether an integer slot holds the number exactly (-0 would read back as 0). */
function fitsInteger(v: number): boolean {
  return (v | 0) === v && v > OTHER && !Object.is(v, -0);
}

/** The slots of one category entry: which field each holds, and of what kind. */
export interface EntryLayout {
  readonly names: string[];
  readonly kinds: FieldKind[];
  readonly slots: Map<string, number>;
}

/** The field columns as plain data (an engine snapshot holds it). */
export interface FieldColumnsState {
  /** Every field seen is kept (no list of fields was given). */
  readonly keepAll: boolean;
  /** The fields kept (when not keepAll). */
  readonly names: readonly string[];
  readonly stride: number;
  /** count × stride slots. */
  readonly values: Int32Array;
  /** Per category entry (by ordinal; null for none): its slots' field names and kinds. */
  readonly layouts: readonly ({
    readonly names: readonly string[];
    readonly kinds: readonly number[];
  } | null)[];
  /** Per field name, its string table (code = index). */
  readonly strings: readonly (readonly [string, readonly string[]])[];
  readonly others: readonly (readonly [number, FieldValue])[];
}

class StringTable {
  readonly strings: string[] = [];
  private readonly codes = new Map<string, number>();

  intern(s: string): number {
    const known = this.codes.get(s);
    if (known !== undefined) return known;
    const code = this.strings.length;
    this.strings.push(s);
    this.codes.set(s, code);
    return code;
  }
}

export class FieldColumns {
  /** Keep every field seen (no list given). */
  keepAll: boolean;
  private readonly kept = new Set<string>();
  /** Slots per record. */
  stride = 0;
  values = new Int32Array(0);
  private capacity = 0;
  private readonly layouts: (EntryLayout | undefined)[] = [];
  private readonly tables = new Map<string, StringTable>();
  readonly others = new Map<number, FieldValue>();

  constructor(names?: readonly string[]) {
    this.keepAll = names === undefined;
    for (const name of names ?? []) this.kept.add(name);
  }

  /** Whether the field's values are held (every field when keepAll). */
  holds(name: string): boolean {
    return this.keepAll || this.kept.has(name);
  }

  /** The fields kept (those seen so far under keepAll). */
  names(): string[] {
    if (!this.keepAll) return [...this.kept].sort();
    const seen = new Set<string>();
    for (const l of this.layouts) for (const n of l?.names ?? []) seen.add(n);
    return [...seen].sort();
  }

  /** Starts keeping a field (absent everywhere until set, see `fill`). */
  add(name: string): void {
    if (!this.keepAll) this.kept.add(name);
  }

  /** The layout of a category entry (its slots grow as its records bring fields). */
  layout(entry: number): EntryLayout | undefined {
    return this.layouts[entry];
  }

  /** The value of record i (of category entry `entry`), undefined when absent. */
  get(i: number, entry: number, name: string): FieldValue | undefined {
    const layout = this.layouts[entry];
    const slot = layout?.slots.get(name);
    if (layout === undefined || slot === undefined) return undefined;
    return this.read(i, slot, layout.kinds[slot] ?? KIND_UNSET, name);
  }

  /** The string table of a field (code = index; it only grows). */
  stringsOf(name: string): readonly string[] {
    return this.tableOf(name).strings;
  }

  /** The value in slot `slot` of record i, of the given kind. */
  read(i: number, slot: number, kind: FieldKind, name: string): FieldValue | undefined {
    const v = this.values[i * this.stride + slot] ?? ABSENT;
    if (v > OTHER) {
      if (kind === KIND_INTEGER) return v;
      if (kind === KIND_STRING) return this.tables.get(name)?.strings[v];
      return v === 1;
    }
    return v === OTHER ? this.others.get(i * MAX_SLOTS + slot) : undefined;
  }

  /** Record i's values (i is a fresh index: every slot of it is absent). */
  append(i: number, entry: number, fields: RecordFields): void {
    for (const name in fields) {
      const v = fields[name];
      if (v !== undefined && this.holds(name)) this.set(i, entry, name, v);
    }
  }

  /** Sets these fields of record i from its fields (a column built after the record was folded). */
  fill(i: number, entry: number, fields: RecordFields, names: readonly string[]): void {
    for (const name of names) {
      const v = fields[name];
      if (v !== undefined) this.set(i, entry, name, v);
      else {
        const slot = this.layouts[entry]?.slots.get(name);
        if (slot !== undefined) this.clear(i, slot);
      }
    }
  }

  /** Record i as a RecordFields of the held values (a new object). */
  recordFields(i: number, entry: number): RecordFields {
    const out: Record<string, FieldValue> = {};
    const layout = this.layouts[entry];
    if (layout === undefined) return out;
    layout.names.forEach((name, slot) => {
      const v = this.read(i, slot, layout.kinds[slot] ?? KIND_UNSET, name);
      if (v !== undefined) out[name] = v;
    });
    return out;
  }

  grow(capacity: number): void {
    if (capacity <= this.capacity) return;
    const next = new Int32Array(capacity * this.stride).fill(ABSENT);
    next.set(this.values.subarray(0, this.capacity * this.stride));
    this.values = next;
    this.capacity = capacity;
  }

  /**
   * The columns up to `count`, for an engine snapshot: copies, or (`copy` false) a view of the live
   * slots, valid only until the next fold (engine-snapshot.ts writes it while the fold waits).
   */
  state(count: number, copy = true): FieldColumnsState {
    const limit = count * MAX_SLOTS;
    const slots = count * this.stride;
    return {
      keepAll: this.keepAll,
      names: [...this.kept],
      stride: this.stride,
      values: copy ? this.values.slice(0, slots) : this.values.subarray(0, slots),
      layouts: Array.from(this.layouts, (l) =>
        l === undefined ? null : { names: [...l.names], kinds: [...l.kinds] },
      ),
      strings: [...this.tables].map(([name, t]) => [name, [...t.strings]] as const),
      others: [...this.others].filter(([key]) => key < limit),
    };
  }

  /**
   * Takes a snapshot's columns for `count` records (into empty columns): its slots as they are
   * (they become these columns, not copied: a city's are held once at start).
   */
  restore(s: FieldColumnsState, count: number): void {
    this.keepAll = s.keepAll;
    for (const n of s.names) this.kept.add(n);
    if (s.values.length !== count * s.stride) {
      throw new RangeError(
        `field-columns: ${s.values.length} slots for ${count} records of ${s.stride}`,
      );
    }
    this.stride = s.stride;
    this.capacity = count;
    this.values = s.values as typeof this.values;
    s.layouts.forEach((l, entry) => {
      if (l === null) return;
      this.layouts[entry] = {
        names: [...l.names],
        kinds: l.kinds.map((k) => k as FieldKind),
        slots: new Map(l.names.map((n, slot) => [n, slot])),
      };
    });
    for (const [name, strings] of s.strings) {
      const table = this.tableOf(name);
      for (const str of strings) table.intern(str);
    }
    for (const [key, v] of s.others) this.others.set(key, v);
  }

  private set(i: number, entry: number, name: string, value: FieldValue): void {
    const layout = this.layouts[entry] ?? this.newLayout(entry);
    let slot = layout.slots.get(name);
    if (slot === undefined) {
      slot = layout.names.length;
      if (slot >= MAX_SLOTS) {
        throw new RangeError(`field-columns: a category carries more than ${MAX_SLOTS} fields`);
      }
      layout.names.push(name);
      layout.kinds.push(kindOf(value));
      layout.slots.set(name, slot);
      if (slot >= this.stride) this.relayout(slot + 1);
    }
    const at = i * this.stride + slot;
    const key = i * MAX_SLOTS + slot;
    this.others.delete(key);
    const kind = layout.kinds[slot];
    if (kind === KIND_INTEGER && typeof value === 'number' && fitsInteger(value)) {
      this.values[at] = value;
    } else if (kind === KIND_STRING && typeof value === 'string') {
      this.values[at] = this.tableOf(name).intern(value);
    } else if (kind === KIND_BOOLEAN && typeof value === 'boolean') {
      this.values[at] = value ? 1 : 0;
    } else {
      this.values[at] = OTHER;
      this.others.set(key, value);
    }
  }

  private clear(i: number, slot: number): void {
    this.values[i * this.stride + slot] = ABSENT;
    this.others.delete(i * MAX_SLOTS + slot);
  }

  private newLayout(entry: number): EntryLayout {
    const layout: EntryLayout = { names: [], kinds: [], slots: new Map() };
    this.layouts[entry] = layout;
    return layout;
  }

  private tableOf(name: string): StringTable {
    let table = this.tables.get(name);
    if (table === undefined) {
      table = new StringTable();
      this.tables.set(name, table);
    }
    return table;
  }

  /** Widens every row to `stride` slots (rare: a category with more kept fields than any before). */
  private relayout(stride: number): void {
    if (stride <= this.stride) return;
    const old = this.values;
    const oldStride = this.stride;
    const next = new Int32Array(this.capacity * stride).fill(ABSENT);
    if (oldStride > 0) {
      for (let i = 0; i < this.capacity; i += 1) {
        next.set(old.subarray(i * oldStride, (i + 1) * oldStride), i * stride);
      }
    }
    this.values = next;
    this.stride = stride;
  }
}

/**
 * A reused object holding one record's values of a few fields, for the compiled CEL closures
 * (which read `fields[name]`), for the records of one category entry: every name is always a key,
 * undefined when absent, so the object keeps one shape across records. The slots are looked up
 * again whenever the category's layout gained a field since.
 */
export class FieldReader {
  readonly scratch: Record<string, FieldValue | undefined>;
  private readonly names: readonly string[];
  private slots: Int32Array;
  private kinds: FieldKind[];
  /** Per name, its string table (strings are read by code without a lookup). */
  private tables: (readonly string[])[];
  private seen = -1;

  constructor(
    private readonly columns: FieldColumns,
    private readonly entry: number,
    names: readonly string[],
  ) {
    this.names = names;
    this.slots = new Int32Array(names.length).fill(-1);
    this.kinds = names.map(() => KIND_UNSET);
    this.tables = names.map((n) => columns.stringsOf(n));
    const scratch: Record<string, FieldValue | undefined> = {};
    for (const n of names) scratch[n] = undefined;
    this.scratch = scratch;
  }

  /** Loads record i's values; returns the scratch object (valid until the next load). */
  load(i: number): RecordFields {
    const layout = this.columns.layout(this.entry);
    const size = layout?.names.length ?? 0;
    if (size !== this.seen && layout !== undefined) this.resolve(layout);
    const { scratch, names, slots, kinds, columns, tables } = this;
    // The same decoding as FieldColumns.read, inlined: this runs for every record of a category
    // whose verdict depends on its fields.
    const values = columns.values;
    const row = i * columns.stride;
    for (let k = 0; k < names.length; k += 1) {
      const name = names[k] as string;
      const slot = slots[k] ?? -1;
      if (slot < 0) {
        scratch[name] = undefined;
        continue;
      }
      const v = values[row + slot] ?? ABSENT;
      if (v > OTHER) {
        const kind = kinds[k];
        scratch[name] = kind === KIND_INTEGER ? v : kind === KIND_STRING ? tables[k]?.[v] : v === 1;
      } else {
        scratch[name] = v === OTHER ? columns.others.get(i * MAX_SLOTS + slot) : undefined;
      }
    }
    return scratch as RecordFields;
  }

  private resolve(layout: EntryLayout): void {
    this.names.forEach((name, k) => {
      const slot = layout.slots.get(name);
      this.slots[k] = slot ?? -1;
      this.kinds[k] = slot === undefined ? KIND_UNSET : (layout.kinds[slot] ?? KIND_UNSET);
    });
    this.seen = layout.names.length;
  }
}
