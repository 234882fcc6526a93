// The engine snapshot's binary format: the engine's folded state (its typed columns and indexes,
// the ledger sequence folded through) and what it was folded from (a header the application
// fills: the store, the chain hash at that sequence, the catalogue and policy versions), so that a
// server starts from it and folds only the ledger after it (docs/architecture.md, "The engine
// snapshot"). Pure: bytes in, state out; the SHA-256 is passed in (engine/ imports no node:*), the
// file is written by an adapter (src/io/snapshot-file.ts) and the application decides whether to
// trust it (src/app/standing/engine-snapshot-check.ts).
//
// Layout (little-endian):
//   0   8 bytes   magic "PRBTSNAP"
//   8   u32       container format (SNAPSHOT_FORMAT)
//   12  u32       header length H in bytes
//   16  f64       total length of the file in bytes (a truncated file is told apart from a corrupt one)
//   24  32 bytes  SHA-256 of every byte from 56 to the end
//   56  H bytes   header: JSON (engine format, meta, the sections' names, types, offsets and lengths)
//   ... padding to 8, then each section's raw bytes, each starting at a multiple of 8: the typed
//       columns as they are in memory (the record field slots among them, `fields.slots`), and one
//       JSON section for strings (subject keys, the field slots' layouts per category and string
//       tables, event extras).
import type { FieldColumnsState } from './field-columns.js';
import type { FoldState } from './ledger-fold.js';

export const SNAPSHOT_MAGIC = 'PRBTSNAP';
/** The container's format (this layout). */
export const SNAPSHOT_FORMAT = 1;
/**
 * The engine's code format: the columns a snapshot holds and what they mean. Raise it whenever the
 * fold's columns change (a new column, a new meaning of a flag): an older snapshot is then refused.
 */
export const ENGINE_FORMAT = 2;

const PREFIX = 56;

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

/** SHA-256 over the chunks, in order (32 bytes). */
export type Sha256 = (chunks: readonly Uint8Array[]) => Uint8Array;

type ColumnType = 'f64' | 'i32' | 'u32' | 'u16' | 'u8' | 'json';
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

interface Strings {
  readonly lastSeq: number | null;
  readonly categories: FoldState['categories'];
  readonly keys: readonly string[];
  readonly fieldTables: FieldTables;
  readonly agencies: readonly string[];
  readonly actors: readonly string[];
  readonly extras: FoldState['side']['extras'];
  readonly revoked: FoldState['side']['revoked'];
  readonly recordsWithEvents: number;
}

/** What the strings section holds of the field columns (their slots are the `fields.slots` section). */
type FieldTables = Omit<FieldColumnsState, 'values'>;

function isFieldTables(x: unknown): x is FieldTables {
  if (typeof x !== 'object' || x === null) return false;
  const t = x as Partial<Record<keyof FieldTables, unknown>>;
  return (
    typeof t.stride === 'number' &&
    Number.isInteger(t.stride) &&
    t.stride >= 0 &&
    [t.names, t.layouts, t.strings, t.others].every((a) => Array.isArray(a))
  );
}

/** The typed columns of a fold, by section name. */
function columnsOf(state: FoldState): [string, ColumnType, Column][] {
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
export function snapshotColumnNames(state: FoldState): string[] {
  return columnsOf(state).map(([name]) => name);
}

const pad8 = (n: number): number => (n + 7) & ~7;

/** Items of a large array encoded per piece (a few milliseconds of work each). */
const SLICE = 20_000;

/**
 * The strings section's JSON text, piece by piece: the small values at once, the large arrays
 * (subject keys, event extras) a slice at a time, so that a writer can let
 * other work run between pieces. The pieces joined are one JSON object of type `Strings`.
 */
function* stringPieces(state: FoldState): Generator<string> {
  const small = {
    lastSeq: Number.isFinite(state.lastSeq) ? state.lastSeq : null,
    categories: state.categories,
    agencies: state.records.agencies,
    actors: state.side.actors,
    revoked: state.side.revoked,
    recordsWithEvents: state.side.recordsWithEvents,
    fieldTables: ((f: FieldColumnsState): FieldTables => ({
      keepAll: f.keepAll,
      names: f.names,
      stride: f.stride,
      layouts: f.layouts,
      strings: f.strings,
      others: f.others,
    }))(state.records.fields),
  };
  const text = JSON.stringify(small);
  yield text.slice(0, -1);
  const large: [keyof Strings, readonly unknown[]][] = [
    ['keys', state.subjects.keys],
    ['extras', state.side.extras],
  ];
  for (const [name, items] of large) {
    yield `,${JSON.stringify(name)}:[`;
    for (let i = 0; i < items.length; i += SLICE) {
      const slice = JSON.stringify(items.slice(i, i + SLICE)).slice(1, -1);
      yield i === 0 ? slice : `,${slice}`;
    }
    yield ']';
  }
  yield '}';
}

/** Lays the sections out after the prefix and header; `strings` is the strings section's bytes. */
function assemble(
  state: FoldState,
  meta: SnapshotMeta,
  sha256: Sha256,
  strings: readonly Uint8Array[],
): Uint8Array[] {
  const bodies: [string, ColumnType, Uint8Array[]][] = columnsOf(state).map(([name, type, c]) => [
    name,
    type,
    [new Uint8Array(c.buffer, c.byteOffset, c.byteLength)],
  ]);
  bodies.push(['strings', 'json', [...strings]]);
  let offset = 0;
  const sections: Section[] = bodies.map(([name, type, pieces]) => {
    const length = pieces.reduce((n, p) => n + p.byteLength, 0);
    const section = { name, type, offset, length };
    offset = pad8(offset + length);
    return section;
  });
  const header: Header = { engineFormat: ENGINE_FORMAT, meta, sections };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const headerEnd = pad8(PREFIX + headerBytes.byteLength);
  const total = headerEnd + offset;
  const chunks: Uint8Array[] = [
    headerBytes,
    new Uint8Array(headerEnd - PREFIX - headerBytes.byteLength),
  ];
  bodies.forEach(([, , pieces], i) => {
    for (const piece of pieces) chunks.push(piece);
    const length = sections[i]?.length ?? 0;
    const gap = pad8(length) - length;
    if (gap > 0) chunks.push(new Uint8Array(gap));
  });
  const prefix = new Uint8Array(PREFIX);
  const view = new DataView(prefix.buffer);
  for (let i = 0; i < 8; i += 1) prefix[i] = SNAPSHOT_MAGIC.charCodeAt(i);
  view.setUint32(8, SNAPSHOT_FORMAT, true);
  view.setUint32(12, headerBytes.byteLength, true);
  view.setFloat64(16, total, true);
  prefix.set(sha256(chunks), 24);
  return [prefix, ...chunks];
}

/**
 * The snapshot's bytes as chunks (written in order; the typed columns are not copied again): the
 * prefix with the checksum, the header, and each section padded to 8 bytes.
 */
export function encodeSnapshot(state: FoldState, meta: SnapshotMeta, sha256: Sha256): Uint8Array[] {
  const encoder = new TextEncoder();
  return assemble(
    state,
    meta,
    sha256,
    [...stringPieces(state)].map((p) => encoder.encode(p)),
  );
}

/**
 * The same bytes as `encodeSnapshot`, with `pause()` awaited between the pieces of the strings
 * section (a server lets checks run meanwhile: encoding a city's field values takes seconds).
 */
export async function encodeSnapshotInSlices(
  state: FoldState,
  meta: SnapshotMeta,
  sha256: Sha256,
  pause: () => Promise<void>,
): Promise<Uint8Array[]> {
  const encoder = new TextEncoder();
  const strings: Uint8Array[] = [];
  for (const piece of stringPieces(state)) {
    strings.push(encoder.encode(piece));
    await pause();
  }
  return assemble(state, meta, sha256, strings);
}

export type DecodedSnapshot =
  | { readonly ok: true; readonly meta: SnapshotMeta; readonly state: FoldState }
  | { readonly ok: false; readonly reason: string };

const refused = (reason: string): DecodedSnapshot => ({ ok: false, reason });

/** The state and meta of a snapshot's bytes, or why they are refused (never throws). */
export function decodeSnapshot(bytes: Uint8Array, sha256: Sha256): DecodedSnapshot {
  if (bytes.byteLength < PREFIX) return refused(`truncated: ${bytes.byteLength} bytes`);
  for (let i = 0; i < 8; i += 1) {
    if (bytes[i] !== SNAPSHOT_MAGIC.charCodeAt(i)) return refused('not an engine snapshot');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint32(8, true);
  if (format !== SNAPSHOT_FORMAT) {
    return refused(`snapshot format ${format}, this engine reads ${SNAPSHOT_FORMAT}`);
  }
  const headerLength = view.getUint32(12, true);
  const total = view.getFloat64(16, true);
  if (total !== bytes.byteLength) {
    return refused(`truncated: ${bytes.byteLength} bytes of ${total}`);
  }
  const body = bytes.subarray(PREFIX);
  const digest = sha256([body]);
  const stored = bytes.subarray(24, PREFIX);
  if (digest.byteLength !== 32 || digest.some((b, i) => b !== stored[i])) {
    return refused('checksum mismatch: the file is corrupt');
  }
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(body.subarray(0, headerLength))) as Header;
  } catch {
    return refused('unreadable header');
  }
  if (header.engineFormat !== ENGINE_FORMAT) {
    return refused(
      `engine format ${header.engineFormat}, this engine's is ${ENGINE_FORMAT} (written by another version)`,
    );
  }
  const start = PREFIX + pad8(headerLength);
  const byName = new Map(header.sections.map((s) => [s.name, s]));
  const raw = (name: string, type: ColumnType): Uint8Array | undefined => {
    const s = byName.get(name);
    if (s === undefined || s.type !== type) return undefined;
    const from = start + s.offset;
    if (from + s.length > bytes.byteLength) return undefined;
    // A copy with its own buffer (a Node Buffer's `slice` would be a view of the whole file).
    return new Uint8Array(bytes.subarray(from, from + s.length));
  };
  const stringBytes = raw('strings', 'json');
  if (stringBytes === undefined) return refused('no strings section');
  let strings: Strings;
  try {
    strings = JSON.parse(new TextDecoder().decode(stringBytes)) as Strings;
  } catch {
    return refused('unreadable strings section');
  }
  const missing: string[] = [];
  const col = <T extends Column>(
    name: string,
    type: ColumnType,
    make: (buffer: ArrayBuffer) => T,
    width: number,
  ): T => {
    const b = raw(name, type);
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
  const tables: unknown = strings.fieldTables;
  if (!isFieldTables(tables)) return refused('no field tables');
  const fieldSlots = i32('fields.slots');
  const state: FoldState = {
    lastSeq: strings.lastSeq ?? Number.NEGATIVE_INFINITY,
    categories: strings.categories,
    subjects: {
      keys: strings.keys,
      kind: u8('subjects.kind'),
      birthDate: f64('subjects.birthDate'),
      adultFrom: f64('subjects.adultFrom'),
      closureAt: f64('subjects.closureAt'),
      closureRecordedAt: f64('subjects.closureRecordedAt'),
      closedFrom: f64('subjects.closedFrom'),
      head: i32('subjects.head'),
      tail: i32('subjects.tail'),
    },
    records: {
      id: f64('records.id'),
      subject: u32('records.subject'),
      category: u16('records.category'),
      occurredAt: f64('records.occurredAt'),
      recordedAt: f64('records.recordedAt'),
      effectEnd: f64('records.effectEnd'),
      until: f64('records.until'),
      next: i32('records.next'),
      flags: u8('records.flags'),
      agency: u16('records.agency'),
      fields: { ...tables, keepAll: tables.keepAll === true, values: fieldSlots },
      agencies: strings.agencies,
    },
    side: {
      seq: f64('side.seq'),
      type: u8('side.type'),
      at: f64('side.at'),
      recordedAt: f64('side.recordedAt'),
      actor: u16('side.actor'),
      next: i32('side.next'),
      first: i32('side.first'),
      last: i32('side.last'),
      actors: strings.actors,
      extras: strings.extras,
      revoked: strings.revoked,
      recordsWithEvents: strings.recordsWithEvents,
    },
  };
  if (missing.length > 0) return refused(`missing or malformed columns: ${missing.join(', ')}`);
  const subjects = state.subjects.keys.length;
  const records = state.records.id.length;
  const events = state.side.seq.length;
  const lengths: [string, number, number][] = [
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
