import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCatalog, type Catalog } from '../core/catalog/index.js';
import { instant } from '../core/time/instant.js';
import { generateCity, type CityOptions, type SyntheticCity } from './city-generate.js';
import { streamCity, type CityItem } from './city-stream.js';

const NOW = instant(Date.UTC(2026, 2, 1, 9, 30));
const SMALL: CityOptions = { persons: 3_000, organizations: 300, years: 5, seed: 7, now: NOW };

function referenceCatalog(): Catalog {
  const parsed = parseCatalog(readFileSync('policies/catalog.yaml', 'utf8'));
  if (!parsed.ok) throw new Error('reference catalogue invalid');
  return parsed.catalog;
}

/** The in-memory city as the stream should give it: ledger order, then record-less subjects. */
function inMemoryItems(city: SyntheticCity): CityItem[] {
  const items: CityItem[] = [];
  const registered = new Uint8Array(city.subjectCount);
  const fulfilled = new Set<number>();
  for (let f = 0; f < city.fulfilmentCount; f += 1) fulfilled.add(city.fulfilment(f).record);
  for (const item of city.ledgerOrder()) {
    if (item >= city.recordCount) {
      items.push({ kind: 'fulfilment', fulfilment: city.fulfilment(item - city.recordCount) });
      continue;
    }
    const subject = city.recordSubject(item);
    const firstOf = registered[subject] === 0 ? city.subject(subject) : undefined;
    registered[subject] = 1;
    items.push({
      kind: 'record',
      index: item,
      record: city.record(item),
      firstOf,
      fulfilled: fulfilled.has(item),
    });
  }
  for (let s = 0; s < city.subjectCount; s += 1)
    if (registered[s] === 0) items.push({ kind: 'subject', subject: city.subject(s) });
  return items;
}

describe('streamCity', () => {
  let catalog: Catalog;
  let expected: CityItem[];

  beforeAll(() => {
    catalog = referenceCatalog();
    expected = inMemoryItems(generateCity(catalog, SMALL));
  });

  it('yields the same city as generateCity, item for item, whatever the chunks and windows', () => {
    for (const tuning of [{}, { chunkSubjects: 700, windowRows: 1_500 }, { chunkSubjects: 1 }]) {
      const stream = streamCity(catalog, SMALL, tuning);
      const items = [...stream.items()];
      expect(items).toEqual(expected);
      expect(stream.itemCount).toBe(items.length);
      expect(stream.passes).toBe(stream.passCount);
      expect(stream.recordCount).toBe(items.filter((i) => i.kind === 'record').length);
    }
    // A district in one window: the counting pass and one pass that also finds the subjects
    // without records.
    const whole = streamCity(catalog, SMALL);
    expect([...whole.items()]).toHaveLength(expected.length);
    expect(whole.passes).toBe(2);
    expect(whole.passCount).toBe(2);
  });

  it('registers every subject exactly once: with its first record, or after the ledger if it has none', () => {
    const stream = streamCity(catalog, SMALL, { chunkSubjects: 500, windowRows: 2_000 });
    const registered = new Set<string>();
    let lastTime = -Infinity;
    for (const item of stream.items()) {
      if (item.kind === 'record') {
        expect(registered.has(item.record.subject)).toBe(item.firstOf === undefined);
        if (item.firstOf) registered.add(item.firstOf.key);
        expect(item.record.recordedAt).toBeGreaterThanOrEqual(lastTime);
        lastTime = item.record.recordedAt;
      } else if (item.kind === 'subject') {
        expect(registered.has(item.subject.key)).toBe(false);
        registered.add(item.subject.key);
      }
    }
    expect(registered.size).toBe(SMALL.persons + SMALL.organizations);
  });

  it('is lazy: the first record comes after two passes, before the later windows are generated', () => {
    const stream = streamCity(catalog, SMALL, { chunkSubjects: 500, windowRows: 1_000 });
    expect(stream.passes).toBe(1);
    const chunksPerPass = stream.chunksGenerated;
    expect(stream.windowEnds.length).toBeGreaterThan(10);
    const first = stream.items().next();
    expect(first.done).toBe(false);
    // The counting pass and the first window's only: not one chunk of any later window.
    expect(stream.passes).toBe(2);
    expect(stream.chunksGenerated).toBe(2 * chunksPerPass);
    expect(stream.peakHeld).toBeLessThanOrEqual(1_000 + 100);
  });

  it('holds at most one window of items, however many subjects: the same bound at 10 times the city', () => {
    const held = (persons: number): { peak: number; items: number } => {
      const options = { ...SMALL, persons, organizations: persons / 10 };
      const stream = streamCity(catalog, options, { chunkSubjects: 1_000, windowRows: 2_000 });
      let items = 0;
      for (const item of stream.items()) if (item.kind !== 'subject') items += 1;
      return { peak: stream.peakHeld, items };
    };
    const small = held(1_000);
    const large = held(10_000);
    expect(large.items).toBeGreaterThan(8 * small.items);
    // One window, plus at most one day beyond the bound (a window never splits a day).
    expect(small.peak).toBeLessThanOrEqual(2_000 + 100);
    expect(large.peak).toBeLessThanOrEqual(2_000 + 100);
    expect(large.peak).toBeLessThan(large.items / 20);
  });

  it('refuses options no city can be made from', () => {
    expect(() => streamCity(catalog, { ...SMALL, persons: -1 })).toThrow(/persons/);
    expect(() => streamCity(catalog, { ...SMALL, years: 0 })).toThrow(/years/);
  });
});
