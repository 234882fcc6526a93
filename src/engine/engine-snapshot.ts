// The engine snapshot's binary format: the engine's folded state (its typed columns and indexes,
// the ledger sequence folded through) and what it was folded from (a header the application
// fills: the store, the chain hash at that sequence, the catalogue and policy versions), so that a
// server starts from it and folds only the ledger after it (docs/architecture.md, "The engine
// snapshot"). Pure: state in, chunks out, and a source read by position in, state out; the
// SHA-256 is passed in (engine/ imports no node:*), the file is written and read by an adapter
// (src/io/snapshot-file.ts) and the application decides whether to trust it
// (src/app/standing/engine-snapshots.ts).
//
// Built for a city (24 M subjects, 109 M records, 12-16 GB of columns): written as a stream of
// chunks in file order (nothing is assembled in memory: the columns are written as they are,
// strings a slice at a time, the checksum computed on the way and written last), and read by
// position (once, in order: each section into a buffer of its own, everything through the checksum
// on the way, nothing decoded before it matches: no buffer of the whole file, no string of all
// subject keys).
//
// Layout (little-endian):
//   0   8 bytes   magic "PRBTSNAP"
//   8   u32       container format (SNAPSHOT_FORMAT)
//   12  u32       0
//   16  the sections, each starting at a multiple of 8 (padded with zeros): the typed columns as
//       they are in memory (the record field slots among them, `fields.slots`); the small strings
//       as one JSON object (`state`); the subject keys as UTF-8 lines (`subjects.keys`: each key
//       followed by a newline; a key never holds one); and the other tables that grow with the
//       ledger as JSON lines (one value per line: event extras, revocations, field strings).
//   H   the header: JSON (engine format, meta, each section's name, type, offset and length),
//       padded to 8
//   T   the trailer, the last 64 bytes:
//       f64 H, f64 the header's length, f64 the file's length (a truncated file is told apart
//       from a corrupt one), 8 bytes magic "PRBTSNAP", and the SHA-256 of every byte before it.
import type { FieldValue, RecordFields } from '../core/ledger/ledger-types.js';
import type { FieldColumnsState } from './field-columns.js';
import type { FoldState, FoldView } from './ledger-fold.js';

export const SNAPSHOT_MAGIC = 'PRBTSNAP';
/** The container's format (this layout; 1 had the checksum first and all strings as one JSON). */
export const SNAPSHOT_FORMAT = 2;
/**
 * The engine's code format: the columns a snapshot holds and what they mean. Raise it whenever the
 * fold's columns change (a new column, a new meaning of a flag): an older snapshot is then refused.
 * 3: the subject keys and the tables that grow with the ledger in sections of lines.
 */
export const ENGINE_FORMAT = 3;

const PREFIX = 16;
const TRAILER = 64;
/** The trailer's checksum: the last 32 bytes of the file, over every byte before them. */
const DIGEST = 32;

/** Bytes per piece: of a column written, of the file hashed or read, of lines decoded at once. */
export const SNAPSHOT_CHUNK = 16 << 20;

/** What the snapshot was folded from; the application writes it and checks it before trusting. */
export interface SnapshotMeta {
  /** The store the snapshot belongs to (the chain hash of the ledger's first row). */
  readonly storeIdentity: string;
  /** The ledger sequence folded through. */
  readonly seq: number;
  /** The ledger chain hash of the row numbered `seq`. */
  readonly chainHash: string;
  readonly catalogVersion: number;
  /** The sequence numbers of the catalogue and policy versions the engine was folded with. */
  readonly documents: readonly number[];
  /** Policy versions and their digests, for the operator's eye (the chain covers them). */
  readonly policies: readonly { readonly id: string; readonly version: number }[];
  /** When it was written (ISO text), for the log. */
  readonly writtenAt: string;
}

/** An incremental SHA-256 (node:crypto's `createHash('sha256')` is one). */
export interface Sha256Hash {
  update(chunk: Uint8Array): unknown;
  /** The 32 bytes of the digest. */
  digest(): Uint8Array;
}
/** A new SHA-256 each call (passed in: engine/ imports no node:*). */
export type Sha256 = () => Sha256Hash;

/** A snapshot read by position (a file opened, or bytes in memory: `bytesSource`). */
export interface SnapshotSource {
  /** The length in bytes. */
  readonly size: number;
  /** `length` bytes from `offset`, in a buffer of their own (fewer only at the end). */
  readAt(offset: number, length: number): Promise<Uint8Array>;
}

/** A copy of these bytes with an ArrayBuffer of their own (a Node Buffer's `slice` is a view). */
function ownCopy(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.byteLength);
  out.set(bytes);
  return out;
}

/** A snapshot's bytes in memory as a source (tests, tools). */
export function bytesSource(bytes: Uint8Array): SnapshotSource {
  return {
    size: bytes.byteLength,
    readAt: (offset, length) => Promise.resolve(ownCopy(bytes.subarray(offset, offset + length))),
  };
}

type ColumnType = 'f64' | 'i32' | 'u32' | 'u16' | 'u8' | 'json' | 'lines' | 'jsonl';
type Column = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

interface Section {
  readonly name: string;
  readonly type: ColumnType;
  readonly offset: number;
  readonly length: number;
}

interface Header {
  readonly engineFormat: number;
  readonly meta: SnapshotMeta;
  readonly sections: readonly Section[];
}

/** The `state` section: what does not grow with the ledger (or only with its agencies and actors). */
interface SmallState {
  readonly lastSeq: number | null;
  readonly categories: FoldState['categories'];
  readonly agencies: readonly string[];
  readonly actors: readonly string[];
  readonly recordsWithEvents: number;
  readonly fieldTables: FieldTables;
}

/**
 * What the `state` section holds of the field columns: their slots are the `fields.slots` section,
 * their string tables' strings the `fields.strings` lines (each table's count here, in order),
 * their other values the `fields.others` lines.
 */
interface FieldTables {
  readonly keepAll: boolean;
  readonly names: readonly string[];
  readonly stride: number;
  readonly layouts: FieldColumnsState['layouts'];
  readonly tables: readonly (readonly [string, number])[];
}

function isFieldTables(x: unknown): x is FieldTables {
  if (typeof x !== 'object' || x === null) return false;
  const t = x as Partial<Record<keyof FieldTables, unknown>>;
  return (
    typeof t.stride === 'number' &&
    Number.isInteger(t.stride) &&
    t.stride >= 0 &&
    [t.names, t.layouts, t.tables].every((a) => Array.isArray(a))
  );
}

/**
 * What a snapshot is written from: a fold's state copied (`Engine.snapshotState`), or views of its
 * live columns (`Engine.snapshotView`), which must not change until the last chunk is written.
 */
export type SnapshotInput = FoldState | FoldView;

/** The typed columns of a fold, by section name. */
function columnsOf(state: SnapshotInput): [string, ColumnType, Column][] {
  const { subjects: s, records: r, side } = state;
  return [
    ['fields.slots', 'i32', r.fields.values],
    ['subjects.kind', 'u8', s.kind],
    ['subjects.birthDate', 'f64', s.birthDate],
    ['subjects.adultFrom', 'f64', s.adultFrom],
    ['subjects.closureAt', 'f64', s.closureAt],
    ['subjects.closureRecordedAt', 'f64', s.closureRecordedAt],
    ['subjects.closedFrom', 'f64', s.closedFrom],
    ['subjects.head', 'i32', s.head],
    ['subjects.tail', 'i32', s.tail],
    ['records.id', 'f64', r.id],
    ['records.subject', 'u32', r.subject],
    ['records.category', 'u16', r.category],
    ['records.occurredAt', 'f64', r.occurredAt],
    ['records.recordedAt', 'f64', r.recordedAt],
    ['records.effectEnd', 'f64', r.effectEnd],
    ['records.until', 'f64', r.until],
    ['records.next', 'i32', r.next],
    ['records.flags', 'u8', r.flags],
    ['records.agency', 'u16', r.agency],
    ['side.seq', 'f64', side.seq],
    ['side.type', 'u8', side.type],
    ['side.at', 'f64', side.at],
    ['side.recordedAt', 'f64', side.recordedAt],
    ['side.actor', 'u16', side.actor],
    ['side.next', 'i32', side.next],
    ['side.first', 'i32', side.first],
    ['side.last', 'i32', side.last],
  ];
}

/** The names of the typed columns a snapshot holds (`subjects.kind`, `records.until`, ...). */
export function snapshotColumnNames(state: SnapshotInput): string[] {
  return columnsOf(state).map(([name]) => name);
}

/** The bytes of a state's typed columns (what a copy of them costs). */
export function snapshotColumnBytes(state: SnapshotInput): number {
  return columnsOf(state).reduce((n, [, , c]) => n + c.byteLength, 0);
}

/** Items of a large table encoded per piece (a few milliseconds of work each). */
const SLICE = 20_000;

const NEWLINE = 0x0a;

/**
 * A section of lines, a slice of items at a time: each item's line (no newline in it) followed by
 * a newline, as UTF-8.
 */
function* linePieces(count: number, line: (index: number) => string): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  for (let i = 0; i < count; i += SLICE) {
    const lines: string[] = [];
    for (let j = i; j < Math.min(count, i + SLICE); j += 1) lines.push(line(j));
    yield encoder.encode(`${lines.join('\n')}\n`);
  }
}

/** A subject key as its line; a key holding a newline cannot be told apart from two, and is refused. */
function keyLine(key: string): string {
  if (key.includes('\n')) {
    throw new RangeError(
      `engine-snapshot: the subject key ${JSON.stringify(key)} holds a newline; no snapshot is written`,
    );
  }
  return key;
}

/** A typed column's bytes as they are in memory, in pieces of at most SNAPSHOT_CHUNK. */
function* columnPieces(c: Column): Generator<Uint8Array> {
  const bytes = new Uint8Array(c.buffer, c.byteOffset, c.byteLength);
  for (let i = 0; i < bytes.byteLength; i += SNAPSHOT_CHUNK) {
    yield bytes.subarray(i, Math.min(bytes.byteLength, i + SNAPSHOT_CHUNK));
  }
}

/** Every section of a state, in file order: name, type, pieces (produced as they are written). */
function* sectionsOf(state: SnapshotInput): Generator<[string, ColumnType, Iterable<Uint8Array>]> {
  for (const [name, type, column] of columnsOf(state)) yield [name, type, columnPieces(column)];
  const f = state.records.fields;
  const small: SmallState = {
    lastSeq: Number.isFinite(state.lastSeq) ? state.lastSeq : null,
    categories: state.categories,
    agencies: state.records.agencies,
    actors: state.side.actors,
    recordsWithEvents: state.side.recordsWithEvents,
    fieldTables: {
      keepAll: f.keepAll,
      names: f.names,
      stride: f.stride,
      layouts: f.layouts,
      tables: f.strings.map(([name, strings]) => [name, strings.length] as const),
    },
  };
  yield ['state', 'json', [new TextEncoder().encode(JSON.stringify(small))]];
  // Copied: the keys' array; a view: each key read by ordinal.
  const subjects = state.subjects;
  const [count, keyAt] =
    'keyOf' in subjects
      ? [subjects.kind.length, (s: number) => subjects.keyOf(s)]
      : [subjects.keys.length, (s: number) => subjects.keys[s] ?? ''];
  yield ['subjects.keys', 'lines', linePieces(count, (s) => keyLine(keyAt(s)))];
  const lines = (items: readonly unknown[]) =>
    linePieces(items.length, (i) => JSON.stringify(items[i]));
  yield ['side.extras', 'jsonl', lines(state.side.extras)];
  yield ['side.revoked', 'jsonl', lines(state.side.revoked)];
  yield ['fields.strings', 'jsonl', lines(f.strings.flatMap(([, strings]) => strings))];
  yield ['fields.others', 'jsonl', lines(f.others)];
}

/**
 * The snapshot's bytes as chunks in file order, produced as they are asked for: the typed columns
 * are not copied (the chunks are views of them, so the state must not change until the last chunk
 * is consumed), the tables of strings are encoded a slice at a time, and the SHA-256 is computed on
 * the way and ends the trailer.
 */
export function* snapshotChunks(
  state: SnapshotInput,
  meta: SnapshotMeta,
  sha256: Sha256,
): Generator<Uint8Array> {
  const hash = sha256();
  let at = 0;
  const take = (bytes: Uint8Array): Uint8Array => {
    hash.update(bytes);
    at += bytes.byteLength;
    return bytes;
  };
  const padding = (): Uint8Array | undefined =>
    at % 8 === 0 ? undefined : take(new Uint8Array(8 - (at % 8)));
  const prefix = new Uint8Array(PREFIX);
  for (let i = 0; i < 8; i += 1) prefix[i] = SNAPSHOT_MAGIC.charCodeAt(i);
  new DataView(prefix.buffer).setUint32(8, SNAPSHOT_FORMAT, true);
  yield take(prefix);
  const sections: Section[] = [];
  for (const [name, type, pieces] of sectionsOf(state)) {
    const offset = at;
    for (const piece of pieces) if (piece.byteLength > 0) yield take(piece);
    sections.push({ name, type, offset, length: at - offset });
    const pad = padding();
    if (pad) yield pad;
  }
  const header: Header = { engineFormat: ENGINE_FORMAT, meta, sections };
  const headerOffset = at;
  const headerBytes = take(new TextEncoder().encode(JSON.stringify(header)));
  yield headerBytes;
  const pad = padding();
  if (pad) yield pad;
  const trailer = new Uint8Array(TRAILER);
  const view = new DataView(trailer.buffer);
  view.setFloat64(0, headerOffset, true);
  view.setFloat64(8, headerBytes.byteLength, true);
  view.setFloat64(16, at + TRAILER, true);
  for (let i = 0; i < 8; i += 1) trailer[24 + i] = SNAPSHOT_MAGIC.charCodeAt(i);
  hash.update(trailer.subarray(0, TRAILER - DIGEST));
  trailer.set(hash.digest().subarray(0, DIGEST), TRAILER - DIGEST);
  yield trailer;
}

/** The snapshot's bytes as chunks, all at once (tests and small states; see `snapshotChunks`). */
export function encodeSnapshot(
  state: SnapshotInput,
  meta: SnapshotMeta,
  sha256: Sha256,
): Uint8Array[] {
  return [...snapshotChunks(state, meta, sha256)];
}

/**
 * The same chunks as `encodeSnapshot`, produced one at a time as the consumer asks, with `pause()`
 * awaited after each (a server lets checks run meanwhile: encoding a city's keys takes seconds).
 */
export async function* encodeSnapshotInSlices(
  state: SnapshotInput,
  meta: SnapshotMeta,
  sha256: Sha256,
  pause: () => Promise<void>,
): AsyncGenerator<Uint8Array> {
  for (const chunk of snapshotChunks(state, meta, sha256)) {
    yield chunk;
    await pause();
  }
}

export type DecodedSnapshot =
  | { readonly ok: true; readonly meta: SnapshotMeta; readonly state: FoldState }
  | { readonly ok: false; readonly reason: string };

const refused = (reason: string): DecodedSnapshot => ({ ok: false, reason });

/** Thrown inside the decoder to refuse; caught by `decodeSnapshot`. */
class Refusal extends Error {}

/**
 * The lines of a section of lines, a slice of at most `sliceBytes` (cut after a newline) decoded
 * at a time: never one string of the whole section (a city's keys are at V8's string limit).
 */
function* linesOf(bytes: Uint8Array, sliceBytes: number): Generator<string[]> {
  if (bytes.byteLength === 0) return;
  if (bytes[bytes.byteLength - 1] !== NEWLINE) throw new Refusal('a section of lines is cut');
  const decoder = new TextDecoder();
  for (let start = 0; start < bytes.byteLength;) {
    let end = Math.min(bytes.byteLength, start + sliceBytes);
    if (end < bytes.byteLength) {
      // After the last newline in the slice (or the first after it: a line longer than a slice).
      const last = bytes.lastIndexOf(NEWLINE, end - 1);
      end = (last >= start ? last : bytes.indexOf(NEWLINE, end)) + 1;
    }
    const lines = decoder.decode(bytes.subarray(start, end)).split('\n');
    lines.pop();
    yield lines;
    start = end;
  }
}

/** Options of `decodeSnapshot`. */
export interface DecodeOptions {
  /** Bytes per read and per slice of lines decoded (default SNAPSHOT_CHUNK; tests use a few). */
  readonly chunkBytes?: number;
}

/**
 * The state and meta of a snapshot, or why it is refused (never throws; a failed read is a
 * refusal too). The source is read once, in order and in chunks: each section into a buffer of
 * its own, every byte through the SHA-256, which is checked before anything is decoded.
 */
export async function decodeSnapshot(
  input: SnapshotSource | Uint8Array,
  sha256: Sha256,
  options: DecodeOptions = {},
): Promise<DecodedSnapshot> {
  const source = input instanceof Uint8Array ? bytesSource(input) : input;
  try {
    return await decode(source, sha256, Math.max(1, options.chunkBytes ?? SNAPSHOT_CHUNK));
  } catch (error) {
    if (error instanceof Refusal) return refused(error.message);
    return refused(`unreadable: ${(error as Error).message}`);
  }
}

/**
 * The sections in file order when they lie one after another between the prefix and the header,
 * each once; otherwise undefined.
 */
function laidOut(sections: unknown, headerOffset: number): Section[] | undefined {
  if (!Array.isArray(sections)) return undefined;
  const sorted = [...(sections as Section[])].sort((a, b) => a.offset - b.offset);
  const names = new Set<string>();
  let end = PREFIX;
  for (const s of sorted) {
    if (
      typeof s?.name !== 'string' ||
      names.has(s.name) ||
      !Number.isInteger(s.offset) ||
      !Number.isInteger(s.length) ||
      s.offset < end ||
      s.length < 0 ||
      s.offset + s.length > headerOffset
    ) {
      return undefined;
    }
    names.add(s.name);
    end = s.offset + s.length;
  }
  return sorted;
}

async function decode(
  source: SnapshotSource,
  sha256: Sha256,
  chunk: number,
): Promise<DecodedSnapshot> {
  const size = source.size;
  if (size < PREFIX + TRAILER) return refused(`truncated: ${size} bytes`);
  /** `length` bytes from `offset` in a buffer of their own, read a chunk at a time. */
  const read = async (offset: number, length: number): Promise<Uint8Array> => {
    if (length <= chunk) {
      const bytes = await source.readAt(offset, length);
      if (bytes.byteLength !== length) throw new Refusal(`truncated while read: ${size} bytes`);
      if (bytes.byteOffset === 0 && bytes.buffer.byteLength === length) return bytes;
      return ownCopy(bytes);
    }
    const out = new Uint8Array(length);
    for (let done = 0; done < length; done += chunk)
      out.set(await read(offset + done, Math.min(chunk, length - done)), done);
    return out;
  };
  const prefix = await read(0, PREFIX);
  for (let i = 0; i < 8; i += 1) {
    if (prefix[i] !== SNAPSHOT_MAGIC.charCodeAt(i)) return refused('not an engine snapshot');
  }
  const format = new DataView(prefix.buffer).getUint32(8, true);
  if (format !== SNAPSHOT_FORMAT) {
    return refused(`snapshot format ${format}, this engine reads ${SNAPSHOT_FORMAT}`);
  }
  const trailer = await read(size - TRAILER, TRAILER);
  for (let i = 0; i < 8; i += 1) {
    if (trailer[24 + i] !== SNAPSHOT_MAGIC.charCodeAt(i)) {
      return refused(`truncated: ${size} bytes, without the end of a snapshot`);
    }
  }
  const end = new DataView(trailer.buffer);
  const total = end.getFloat64(16, true);
  if (total !== size) return refused(`truncated: ${size} bytes of ${total}`);
  // One pass over the file, in order: each section into a buffer of its own, the bytes between
  // them, the header and the trailer through the SHA-256 on the way; nothing is decoded before
  // the digest matches. The header (at the end) is read first to know where the sections are; one
  // that does not parse, or lays them out other than one after another, is read through the
  // hash alone (the checksum then says whether the file is corrupt).
  const headerOffset = end.getFloat64(0, true);
  const headerLength = end.getFloat64(8, true);
  let header: Header | undefined;
  try {
    if (
      !Number.isInteger(headerOffset) ||
      !Number.isInteger(headerLength) ||
      headerOffset < PREFIX ||
      headerLength < 0 ||
      headerOffset + headerLength > size - TRAILER
    ) {
      throw new Error('the header is out of place');
    }
    header = JSON.parse(new TextDecoder().decode(await read(headerOffset, headerLength))) as Header;
  } catch {
    header = undefined;
  }
  const layout = header === undefined ? undefined : laidOut(header.sections, headerOffset);
  const hash = sha256();
  let at = 0;
  const through = async (to: number): Promise<void> => {
    for (; at < to; at += Math.min(chunk, to - at)) {
      hash.update(await read(at, Math.min(chunk, to - at)));
    }
  };
  const buffers = new Map<string, Uint8Array>();
  for (const s of layout ?? []) {
    await through(s.offset);
    const bytes = await read(s.offset, s.length);
    for (let i = 0; i < bytes.byteLength; i += chunk) {
      hash.update(bytes.subarray(i, Math.min(bytes.byteLength, i + chunk)));
    }
    at = s.offset + s.length;
    buffers.set(s.name, bytes);
  }
  await through(size - DIGEST);
  const digest = hash.digest();
  const stored = trailer.subarray(TRAILER - DIGEST);
  if (digest.byteLength !== DIGEST || digest.some((b, i) => b !== stored[i])) {
    return refused('checksum mismatch: the file is corrupt');
  }
  if (header === undefined || layout === undefined) return refused('unreadable header');
  if (header.engineFormat !== ENGINE_FORMAT) {
    return refused(
      `engine format ${header.engineFormat}, this engine's is ${ENGINE_FORMAT} (written by another version)`,
    );
  }
  const byName = new Map(header.sections.map((s) => [s.name, s]));
  const raw = (name: string, type: ColumnType): Promise<Uint8Array | undefined> => {
    const s = byName.get(name);
    return Promise.resolve(s === undefined || s.type !== type ? undefined : buffers.get(name));
  };
  const missing: string[] = [];
  /** A section of lines, each line `parse`d; undefined (and named missing) when unreadable. */
  const lines = async <T>(
    name: string,
    type: 'lines' | 'jsonl',
    parse: (line: string) => T,
  ): Promise<T[]> => {
    const bytes = await raw(name, type);
    const items: T[] = [];
    try {
      if (bytes === undefined) throw new Refusal();
      for (const slice of linesOf(bytes, chunk)) for (const line of slice) items.push(parse(line));
    } catch {
      missing.push(name);
    }
    return items;
  };
  const smallBytes = await raw('state', 'json');
  if (smallBytes === undefined) return refused('no state section');
  let small: SmallState;
  try {
    small = JSON.parse(new TextDecoder().decode(smallBytes)) as SmallState;
  } catch {
    return refused('unreadable state section');
  }
  const tables: unknown = small.fieldTables;
  if (!isFieldTables(tables)) return refused('no field tables');
  const json = (line: string): unknown => JSON.parse(line);
  const keys = await lines('subjects.keys', 'lines', (line) => line);
  const extras = (await lines('side.extras', 'jsonl', json)) as [
    number,
    string | null,
    RecordFields | null,
  ][];
  const revoked = (await lines('side.revoked', 'jsonl', json)) as [number, number][];
  const fieldStrings = (await lines('fields.strings', 'jsonl', json)) as string[];
  const others = (await lines('fields.others', 'jsonl', json)) as [number, FieldValue][];
  const strings: [string, string[]][] = [];
  let from = 0;
  for (const [name, count] of tables.tables) {
    strings.push([name, fieldStrings.slice(from, from + count)]);
    from += count;
  }
  if (from !== fieldStrings.length) missing.push('fields.strings');
  const col = async <T extends Column>(
    name: string,
    type: ColumnType,
    make: (buffer: ArrayBuffer) => T,
    width: number,
  ): Promise<T> => {
    const b = await raw(name, type);
    if (b === undefined || b.byteLength % width !== 0) {
      missing.push(name);
      return make(new ArrayBuffer(0));
    }
    return make(b.buffer as ArrayBuffer);
  };
  const f64 = (n: string) => col(n, 'f64', (b) => new Float64Array(b), 8);
  const i32 = (n: string) => col(n, 'i32', (b) => new Int32Array(b), 4);
  const u32 = (n: string) => col(n, 'u32', (b) => new Uint32Array(b), 4);
  const u16 = (n: string) => col(n, 'u16', (b) => new Uint16Array(b), 2);
  const u8 = (n: string) => col(n, 'u8', (b) => new Uint8Array(b), 1);
  const fieldSlots = await i32('fields.slots');
  const state: FoldState = {
    lastSeq: small.lastSeq ?? Number.NEGATIVE_INFINITY,
    categories: small.categories,
    subjects: {
      keys,
      kind: await u8('subjects.kind'),
      birthDate: await f64('subjects.birthDate'),
      adultFrom: await f64('subjects.adultFrom'),
      closureAt: await f64('subjects.closureAt'),
      closureRecordedAt: await f64('subjects.closureRecordedAt'),
      closedFrom: await f64('subjects.closedFrom'),
      head: await i32('subjects.head'),
      tail: await i32('subjects.tail'),
    },
    records: {
      id: await f64('records.id'),
      subject: await u32('records.subject'),
      category: await u16('records.category'),
      occurredAt: await f64('records.occurredAt'),
      recordedAt: await f64('records.recordedAt'),
      effectEnd: await f64('records.effectEnd'),
      until: await f64('records.until'),
      next: await i32('records.next'),
      flags: await u8('records.flags'),
      agency: await u16('records.agency'),
      fields: {
        keepAll: tables.keepAll === true,
        names: tables.names,
        stride: tables.stride,
        layouts: tables.layouts,
        strings,
        others,
        values: fieldSlots,
      },
      agencies: small.agencies,
    },
    side: {
      seq: await f64('side.seq'),
      type: await u8('side.type'),
      at: await f64('side.at'),
      recordedAt: await f64('side.recordedAt'),
      actor: await u16('side.actor'),
      next: await i32('side.next'),
      first: await i32('side.first'),
      last: await i32('side.last'),
      actors: small.actors,
      extras,
      revoked,
      recordsWithEvents: small.recordsWithEvents,
    },
  };
  if (missing.length > 0) return refused(`missing or malformed columns: ${missing.join(', ')}`);
  const subjects = state.subjects.kind.length;
  const records = state.records.id.length;
  const events = state.side.seq.length;
  const lengths: [string, number, number][] = [
    ['subjects.keys', keys.length, subjects],
    ...columnsOf(state).map(([name, , c]): [string, number, number] => [
      name,
      c.length,
      name.startsWith('subjects.')
        ? subjects
        : name === 'fields.slots'
          ? records * tables.stride
          : name.startsWith('records.')
            ? records
            : name === 'side.first' || name === 'side.last'
              ? Math.min(c.length, records)
              : events,
    ]),
  ];
  const wrong = lengths.filter(([, n, expected]) => n !== expected).map(([name]) => name);
  if (wrong.length > 0) return refused(`columns of inconsistent lengths: ${wrong.join(', ')}`);
  return { ok: true, meta: header.meta, state };
}
