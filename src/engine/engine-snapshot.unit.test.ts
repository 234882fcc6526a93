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
  decodeSnapshot,
  encodeSnapshot,
  encodeSnapshotInSlices,
  ENGINE_FORMAT,
  snapshotColumnNames,
  type SnapshotMeta,
  type Sha256,
} from './engine-snapshot.js';

const sha256: Sha256 = (chunks) => {
  const hash = createHash('sha256');
  for (const c of chunks) hash.update(c);
  return new Uint8Array(hash.digest());
};

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

/** Folds `events[0, cut)`, goes through the snapshot's bytes, then folds the rest. */
function viaSnapshot(events: readonly LedgerEvent[], cut: number): Engine {
  const first = new Engine({ catalogFor });
  first.apply(events.slice(0, cut));
  const bytes = concat(encodeSnapshot(first.snapshotState(), META, sha256));
  const decoded = decodeSnapshot(bytes, sha256);
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
  it('gives an engine equal to a cold one subject by subject, with a tail folded after it', () => {
    fc.assert(
      fc.property(
        ledgerSpec,
        fc.double({ min: 0, max: 1, noNaN: true }),
        instantInWindow,
        (spec, fraction, t) => {
          const { events } = buildLedger(spec);
          const cut = Math.floor(events.length * fraction);
          const a = cold(events);
          const b = viaSnapshot(events, cut);
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

  it('encodes the same bytes a slice at a time as at once', async () => {
    const { events } = buildLedger(fc.sample(ledgerSpec, { seed: 3, numRuns: 1 })[0]!);
    const engine = new Engine({ catalogFor });
    engine.apply(events);
    const state = engine.snapshotState();
    let pauses = 0;
    const sliced = await encodeSnapshotInSlices(state, META, sha256, () => {
      pauses += 1;
      return Promise.resolve();
    });
    expect(pauses).toBeGreaterThan(3);
    expect(concat(sliced)).toEqual(concat(encodeSnapshot(state, META, sha256)));
  });

  it('refuses a file with one byte flipped, a truncated one, another format and not a snapshot', () => {
    const { events } = buildLedger(fc.sample(ledgerSpec, { seed: 7, numRuns: 1 })[0]!);
    const engine = new Engine({ catalogFor });
    engine.apply(events);
    const bytes = concat(encodeSnapshot(engine.snapshotState(), META, sha256));
    expect(decodeSnapshot(bytes, sha256).ok).toBe(true);
    for (const at of [60, Math.floor(bytes.byteLength / 2), bytes.byteLength - 1]) {
      const flipped = bytes.slice();
      flipped[at] = (flipped[at] ?? 0) ^ 0x01;
      expect(decodeSnapshot(flipped, sha256)).toEqual({
        ok: false,
        reason: 'checksum mismatch: the file is corrupt',
      });
    }
    const truncated = decodeSnapshot(bytes.subarray(0, bytes.byteLength - 10), sha256);
    expect(truncated.ok ? '' : truncated.reason).toMatch(/^truncated/);
    expect(decodeSnapshot(bytes.subarray(0, 20), sha256)).toEqual({
      ok: false,
      reason: 'truncated: 20 bytes',
    });
    expect(decodeSnapshot(new TextEncoder().encode('x'.repeat(100)), sha256)).toEqual({
      ok: false,
      reason: 'not an engine snapshot',
    });
    const otherFormat = bytes.slice();
    otherFormat[8] = 99;
    const refused = decodeSnapshot(otherFormat, sha256);
    expect(refused.ok ? '' : refused.reason).toMatch(/^snapshot format 99/);
    expect(ENGINE_FORMAT).toBeGreaterThan(0);
  });
});
