import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../core/ledger/ledger-types.js';
import type { Instant } from '../core/time/instant.js';
import {
  buildLedger,
  catalogFor,
  enginePolicies,
  instantInWindow,
  ledgerSpec,
} from '../../test/factories/engine-ledgers.js';
import { Engine } from './engine.js';
import { LedgerFold } from './ledger-fold.js';
import {
  bytesSource,
  decodeSnapshot,
  encodeSnapshot,
  encodeSnapshotInSlices,
  ENGINE_FORMAT,
  snapshotColumnNames,
  type SnapshotMeta,
  type SnapshotSource,
  type Sha256,
} from './engine-snapshot.js';

const sha256: Sha256 = () => createHash('sha256');

const META: SnapshotMeta = {
  storeIdentity: 'a'.repeat(64),
  seq: 0,
  chainHash: 'b'.repeat(64),
  catalogVersion: 1,
  documents: [1, 2],
  policies: [{ id: 'p', version: 1 }],
  writtenAt: '2026-01-01T00:00:00Z',
};

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function cold(events: readonly LedgerEvent[]): Engine {
  const engine = new Engine({ catalogFor });
  engine.apply(events);
  engine.setPolicies(enginePolicies);
  return engine;
}

/** A source over these bytes that records the length of each read. */
function countedSource(bytes: Uint8Array): SnapshotSource & { reads: number[] } {
  const inner = bytesSource(bytes);
  const reads: number[] = [];
  return {
    size: inner.size,
    reads,
    readAt(offset, length) {
      reads.push(length);
      return inner.readAt(offset, length);
    },
  };
}

/**
 * Folds `events[0, cut)`, goes through the snapshot's bytes (read `chunkBytes` at a time when
 * given), then folds the rest.
 */
async function viaSnapshot(
  events: readonly LedgerEvent[],
  cut: number,
  chunkBytes?: number,
): Promise<Engine> {
  const first = new Engine({ catalogFor });
  first.apply(events.slice(0, cut));
  const bytes = concat(encodeSnapshot(first.snapshotState(), META, sha256));
  const source = countedSource(bytes);
  const decoded = await decodeSnapshot(
    source,
    sha256,
    chunkBytes === undefined ? {} : { chunkBytes },
  );
  if (chunkBytes !== undefined) expect(Math.max(...source.reads)).toBeLessThanOrEqual(chunkBytes);
  if (!decoded.ok) throw new Error(decoded.reason);
  expect(decoded.meta).toEqual(META);
  const engine = Engine.fromSnapshot({ catalogFor }, decoded.state);
  engine.setPolicies(enginePolicies);
  engine.apply(events.slice(cut));
  return engine;
}

function view(engine: Engine, t: Instant) {
  const table = engine.scoreAll(t);
  const subjects = [];
  for (let s = 0; s < table.subjects; s += 1) {
    const key = engine.keyOf(s);
    subjects.push({
      key,
      score: table.scores[s],
      grade: table.grades[s],
      lists: table.lists[s],
      evaluation: engine.evaluate(key, t),
      check: engine.check(key, 'travel.flight', t),
    });
  }
  return { subjects, next: engine.nextTransition(t), stats: engine.stats().recordsWithEvents };
}

describe('the engine snapshot', () => {
  it('gives an engine equal to a cold one subject by subject, with a tail folded after it', async () => {
    await fc.assert(
      fc.asyncProperty(
        ledgerSpec,
        fc.double({ min: 0, max: 1, noNaN: true }),
        instantInWindow,
        async (spec, fraction, t) => {
          const { events } = buildLedger(spec);
          const cut = Math.floor(events.length * fraction);
          const a = cold(events);
          const b = await viaSnapshot(events, cut);
          expect(b.stats()).toEqual(a.stats());
          expect(view(b, t)).toEqual(view(a, t));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('holds every typed column of the fold (a new column needs a place in it and a new ENGINE_FORMAT)', () => {
    const fold = new LedgerFold(catalogFor);
    const { events } = buildLedger(fc.sample(ledgerSpec, { seed: 5, numRuns: 1 })[0]!);
    fold.apply(events);
    const held = new Set(snapshotColumnNames(fold.snapshotState()));
    // Transient: which subjects changed since derived state was last refreshed.
    const transient = new Set(['subjects.dirty']);
    const columns = Object.entries({
      subjects: fold.subjects,
      records: fold.records,
      side: fold.side,
    }).flatMap(([room, table]) =>
      Object.entries(table)
        .filter(([, value]) => ArrayBuffer.isView(value))
        .map(([name]) => `${room}.${name}`),
    );
    expect(columns.filter((name) => !held.has(name) && !transient.has(name))).toEqual([]);
  });

  it('gives the same engine read a few bytes at a time: sections, keys and lines straddle the reads', async () => {
    await fc.assert(
      fc.asyncProperty(
        ledgerSpec,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 97 }),
        instantInWindow,
        async (spec, fraction, chunkBytes, t) => {
          const { events } = buildLedger(spec);
          const cut = Math.floor(events.length * fraction);
          const a = cold(events);
          const b = await viaSnapshot(events, cut, chunkBytes);
          expect(b.stats()).toEqual(a.stats());
          expect(view(b, t)).toEqual(view(a, t));
        },
      ),
      { numRuns: 15 },
    );
  });

  it('reads back keys of any characters but a newline, cut into slices between them', async () => {
    const { events } = buildLedger(fc.sample(ledgerSpec, { seed: 11, numRuns: 1 })[0]!);
    const engine = new Engine({ catalogFor });
    engine.apply(events);
    const state = engine.snapshotState();
    const keys = state.subjects.keys.map((k, i) => `${'ü€𝄞'.slice(0, 1 + (i % 3))} ${k}\t"${i}"`);
    const bytes = concat(
      encodeSnapshot({ ...state, subjects: { ...state.subjects, keys } }, META, sha256),
    );
    for (const chunkBytes of [1, 2, 3, 5, 64]) {
      const decoded = await decodeSnapshot(bytesSource(bytes), sha256, { chunkBytes });
      expect(decoded.ok ? decoded.state.subjects.keys : decoded.reason).toEqual(keys);
    }
  });

  it('refuses to write a subject key holding a newline', () => {
    const { events } = buildLedger(fc.sample(ledgerSpec, { seed: 13, numRuns: 1 })[0]!);
    const engine = new Engine({ catalogFor });
    engine.apply(events);
    const state = engine.snapshotState();
    expect(state.subjects.keys.length).toBeGreaterThan(0);
    const keys = state.subjects.keys.map((k, i) => (i === 0 ? `${k}\nforged` : k));
    expect(() =>
      encodeSnapshot({ ...state, subjects: { ...state.subjects, keys } }, META, sha256),
    ).toThrow(/holds a newline/);
  });

  it('hands the decoded subject, record and event columns to the engine as they are, not copied again', async () => {
    const { events } = buildLedger(fc.sample(ledgerSpec, { seed: 19, numRuns: 1 })[0]!);
    const first = new Engine({ catalogFor });
    first.apply(events);
    const decoded = await decodeSnapshot(
      concat(encodeSnapshot(first.snapshotState(), META, sha256)),
      sha256,
    );
    if (!decoded.ok) throw new Error(decoded.reason);
    const engine = Engine.fromSnapshot({ catalogFor }, decoded.state);
    const live = engine.snapshotView();
    expect(live.records.id.buffer).toBe(decoded.state.records.id.buffer);
    expect(live.records.fields.values.buffer).toBe(decoded.state.records.fields.values.buffer);
    expect(live.side.seq.buffer).toBe(decoded.state.side.seq.buffer);
    expect(live.subjects.head.buffer).toBe(decoded.state.subjects.head.buffer);
    expect(live.subjects.birthDate.buffer).toBe(decoded.state.subjects.birthDate.buffer);
  });

  it('writes the same bytes from the live columns (a view, no copy) as from a copy of them', () => {
    fc.assert(
      fc.property(ledgerSpec, (spec) => {
        const { events } = buildLedger(spec);
        const engine = new Engine({ catalogFor });
        engine.apply(events);
        const copied = concat(encodeSnapshot(engine.snapshotState(), META, sha256));
        expect(concat(encodeSnapshot(engine.snapshotView(), META, sha256))).toEqual(copied);
      }),
      { numRuns: 20 },
    );
  });

  it('encodes the same bytes a slice at a time as at once', async () => {
    const { events } = buildLedger(fc.sample(ledgerSpec, { seed: 3, numRuns: 1 })[0]!);
    const engine = new Engine({ catalogFor });
    engine.apply(events);
    const state = engine.snapshotState();
    let pauses = 0;
    const sliced: Uint8Array[] = [];
    for await (const chunk of encodeSnapshotInSlices(state, META, sha256, () => {
      pauses += 1;
      return Promise.resolve();
    })) {
      sliced.push(chunk);
    }
    expect(pauses).toBeGreaterThan(3);
    expect(concat(sliced)).toEqual(concat(encodeSnapshot(state, META, sha256)));
  });

  it('refuses a file with one byte flipped, a truncated one, another format and not a snapshot', async () => {
    const { events } = buildLedger(fc.sample(ledgerSpec, { seed: 7, numRuns: 1 })[0]!);
    const engine = new Engine({ catalogFor });
    engine.apply(events);
    const bytes = concat(encodeSnapshot(engine.snapshotState(), META, sha256));
    expect((await decodeSnapshot(bytes, sha256)).ok).toBe(true);
    for (const at of [60, Math.floor(bytes.byteLength / 2), bytes.byteLength - 1]) {
      const flipped = bytes.slice();
      flipped[at] = (flipped[at] ?? 0) ^ 0x01;
      expect(await decodeSnapshot(flipped, sha256, { chunkBytes: 7 })).toEqual({
        ok: false,
        reason: 'checksum mismatch: the file is corrupt',
      });
    }
    const truncated = await decodeSnapshot(bytes.subarray(0, bytes.byteLength - 10), sha256);
    expect(truncated.ok ? '' : truncated.reason).toMatch(/^truncated/);
    expect(await decodeSnapshot(bytes.subarray(0, 20), sha256)).toEqual({
      ok: false,
      reason: 'truncated: 20 bytes',
    });
    expect(await decodeSnapshot(new TextEncoder().encode('x'.repeat(100)), sha256)).toEqual({
      ok: false,
      reason: 'not an engine snapshot',
    });
    const otherFormat = bytes.slice();
    otherFormat[8] = 99;
    const refused = await decodeSnapshot(otherFormat, sha256);
    expect(refused.ok ? '' : refused.reason).toMatch(/^snapshot format 99/);
    // A snapshot of the earlier layout (format 1: checksum first, all strings one JSON).
    const older = bytes.slice();
    older[8] = 1;
    expect(await decodeSnapshot(older, sha256)).toEqual({
      ok: false,
      reason: 'snapshot format 1, this engine reads 2',
    });
    expect(ENGINE_FORMAT).toBeGreaterThan(0);
  });

  it('refuses a header that does not parse or lays the sections over each other, checksum or not', async () => {
    const { events } = buildLedger(fc.sample(ledgerSpec, { seed: 23, numRuns: 1 })[0]!);
    const engine = new Engine({ catalogFor });
    engine.apply(events);
    const bytes = concat(encodeSnapshot(engine.snapshotState(), META, sha256));
    const tail = new DataView(bytes.buffer, bytes.byteLength - 64);
    const headerAt = tail.getFloat64(0, true);
    const headerLength = tail.getFloat64(8, true);
    /** The bytes with the header replaced (same length) and the checksum made right again. */
    const withHeader = (text: string): Uint8Array => {
      const out = bytes.slice();
      out.set(new TextEncoder().encode(text.padEnd(headerLength, ' ')), headerAt);
      const hash = sha256();
      hash.update(out.subarray(0, out.byteLength - 32));
      out.set(hash.digest(), out.byteLength - 32);
      return out;
    };
    const header = JSON.parse(
      new TextDecoder().decode(bytes.subarray(headerAt, headerAt + headerLength)),
    ) as { sections: { offset: number }[] };
    expect(await decodeSnapshot(withHeader(`x${'{}'}`), sha256, { chunkBytes: 5 })).toEqual({
      ok: false,
      reason: 'unreadable header',
    });
    header.sections[1]!.offset = header.sections[0]!.offset;
    expect(await decodeSnapshot(withHeader(JSON.stringify(header)), sha256)).toEqual({
      ok: false,
      reason: 'unreadable header',
    });
    // Without the checksum made right, the same damage is a corrupt file.
    const damaged = bytes.slice();
    damaged[headerAt] = 0x78;
    expect(await decodeSnapshot(damaged, sha256)).toEqual({
      ok: false,
      reason: 'checksum mismatch: the file is corrupt',
    });
  });

  it('refuses a snapshot whose sections are missing or of inconsistent lengths', async () => {
    const { events } = buildLedger(fc.sample(ledgerSpec, { seed: 17, numRuns: 1 })[0]!);
    const engine = new Engine({ catalogFor });
    engine.apply(events);
    const state = engine.snapshotState();
    expect(state.subjects.keys.length).toBeGreaterThan(1);
    const fewer = { ...state, subjects: { ...state.subjects, keys: state.subjects.keys.slice(1) } };
    const shortKind = {
      ...state,
      subjects: {
        ...state.subjects,
        kind: state.subjects.kind.slice(1),
        keys: state.subjects.keys.slice(1),
      },
    };
    const a = await decodeSnapshot(concat(encodeSnapshot(fewer, META, sha256)), sha256);
    expect(a.ok ? '' : a.reason).toMatch(
      /^missing or malformed columns: subjects\.keys|^columns of inconsistent lengths: subjects\.keys/,
    );
    const b = await decodeSnapshot(concat(encodeSnapshot(shortKind, META, sha256)), sha256);
    expect(b.ok ? '' : b.reason).toMatch(/^columns of inconsistent lengths: subjects\./);
  });
});
