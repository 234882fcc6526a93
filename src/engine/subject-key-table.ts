// The subject keys and their ordinals, kept off the JavaScript heap. A city the size of Beijing
// has about 24 million subjects: as strings in an array and a Map they would be some 2 GB of heap
// that every major garbage collection walks again, and one V8 Map holds at most 2^24 (16 777 216)
// entries ("Map maximum size exceeded" beyond). Here each key's UTF-16 code units are appended to
// one growable column (an identifier is 18 of them), and an open-addressing hash table (linear
// probing, kept at most half full) finds a key's ordinal by its hash and a compare of its units.
// Ordinals are given in order of addition, from 0, and never moved or reused.
import { grown, nextCapacity } from './growable.js';

const EMPTY = -1;
/** Keys up to this many units become strings through fromCharCode.apply (an argument list). */
const SHORT_KEY = 256;
const utf16 = new TextDecoder('utf-16le');

/** FNV-1a over the key's code units, then a finaliser so that the low bits vary with every unit. */
export function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

export class SubjectKeyTable {
  private units = new Uint16Array(0);
  private unitCount = 0;
  /** Key o's units are units[starts[o] .. starts[o + 1]). */
  private starts = new Uint32Array(1);
  private hashes = new Uint32Array(0);
  /** The hash table: an ordinal, or EMPTY. */
  private slots = new Int32Array(16).fill(EMPTY);
  count = 0;

  /**
   * Room for n keys of about `unitsPerKey` units each (an identifier has 18), so that a load that
   * knows its count does not grow the columns by doubling (up to twice the room, and copies).
   */
  reserve(n: number, unitsPerKey = 18): void {
    if (n + 1 > this.starts.length) {
      this.starts = grown(this.starts, n + 1);
      this.hashes = grown(this.hashes, n + 1);
    }
    if (n * unitsPerKey > this.units.length) this.units = grown(this.units, n * unitsPerKey);
    let slots = this.slots.length;
    while (slots < n * 2) slots *= 2; // a power of two: the probe masks with length - 1
    if (slots > this.slots.length) this.rehash(slots);
  }

  /** The ordinal of `key`, or undefined when it was never added. */
  get(key: string): number | undefined {
    const h = keyHash(key);
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const o = this.slots[i] ?? EMPTY;
      if (o === EMPTY) return undefined;
      if (this.hashes[o] === h && this.holds(o, key)) return o;
    }
  }

  /** Adds a key the table does not hold yet (the caller has asked `get`); returns its ordinal. */
  add(key: string): number {
    const o = this.count;
    if (o + 1 >= this.starts.length) {
      const capacity = nextCapacity(this.starts.length, o + 2);
      this.starts = grown(this.starts, capacity);
      this.hashes = grown(this.hashes, capacity);
    }
    const from = this.unitCount;
    const to = from + key.length;
    if (to > 0xffffffff) throw new RangeError('subject-key-table: more key units than it indexes');
    if (to > this.units.length) {
      this.units = grown(this.units, nextCapacity(this.units.length, to));
    }
    for (let i = 0; i < key.length; i += 1) this.units[from + i] = key.charCodeAt(i);
    this.unitCount = to;
    this.starts[o + 1] = to;
    const h = keyHash(key);
    this.hashes[o] = h;
    this.count = o + 1;
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(o, h);
    return o;
  }

  /** The key of ordinal o (a new string each call). */
  keyOf(o: number): string | undefined {
    if (!(o >= 0 && o < this.count)) return undefined;
    const from = this.starts[o] ?? 0;
    const units = this.units.subarray(from, this.starts[o + 1] ?? from);
    if (units.length <= SHORT_KEY)
      return String.fromCharCode.apply(null, units as unknown as number[]);
    return utf16.decode(units);
  }

  private holds(o: number, key: string): boolean {
    const from = this.starts[o] ?? 0;
    if ((this.starts[o + 1] ?? 0) - from !== key.length) return false;
    const units = this.units;
    for (let i = 0; i < key.length; i += 1) {
      if (units[from + i] !== key.charCodeAt(i)) return false;
    }
    return true;
  }

  private place(o: number, h: number): void {
    const mask = this.slots.length - 1;
    let i = h & mask;
    while ((this.slots[i] ?? EMPTY) !== EMPTY) i = (i + 1) & mask;
    this.slots[i] = o;
  }

  /** A table of `capacity` slots holding every ordinal again, by its kept hash. */
  private rehash(capacity: number): void {
    this.slots = new Int32Array(capacity).fill(EMPTY);
    for (let o = 0; o < this.count; o += 1) this.place(o, this.hashes[o] ?? 0);
  }
}
