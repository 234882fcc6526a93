import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashAgencyToken } from '../../src/app/agencies/agency-token.js';
import { catalogInForce } from '../../src/app/policy/catalog-in-force.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { seedCity, type SeedSummary } from '../../src/app/ledger/city-seed.js';
import { initStore } from '../../src/app/ledger/store-init.js';
import type { LedgerEvent } from '../../src/core/ledger/ledger-types.js';
import { instant } from '../../src/core/time/instant.js';
import { openStore } from '../../src/store/index.js';
import { storeTargets } from '../support/store-targets.js';

const NOW = instant(Date.UTC(2026, 2, 1, 9, 30));
const CITY = { persons: 2_000, organizations: 200, years: 5, seed: 3, now: NOW } as const;
// The seed needs a catalogue in the ledger; the policy only has to be a valid header here.
const POLICY = [
  'id: city-reference',
  'version: 1',
  'effectiveFrom: 2020-01-01T00:00:00Z',
  'base: { person: 1000, organization: 1000 }',
  'bounds: { min: 0, max: 2000 }',
  'grades:',
  '  - { grade: A, min: 0 }',
  '',
].join('\n');

const dir = mkdtempSync(join(tmpdir(), 'probity-city-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function seededStore(
  file: string,
): Promise<{ store: LedgerStore; summary: SeedSummary; progress: number[][] }> {
  const store = await openStore(join(dir, file));
  const catalogText = readFileSync('policies/catalog.yaml', 'utf8');
  // A seeded city is a history dated in the past: a simulation only.
  await initStore(store, { catalogText, policyText: POLICY }, NOW, { mode: 'simulation' });
  const { catalog, version } = await catalogInForce(store);
  const progress: number[][] = [];
  const summary = await seedCity(store, catalog, version, CITY, (done, total) =>
    progress.push([done, total]),
  );
  return { store, summary, progress };
}

async function allEvents(store: LedgerStore): Promise<LedgerEvent[]> {
  const events: LedgerEvent[] = [];
  for (;;) {
    const page = await store.readEvents(events.at(-1)?.seq ?? 0, 10_000);
    if (page.length === 0) return events;
    events.push(...page);
  }
}

describe('seedCity on SQLite', () => {
  it('writes the city it reports, with demo agencies, records and fulfilments in time order', async () => {
    const { store, summary, progress } = await seededStore('first.db');
    try {
      const counts = await store.counts();
      expect(summary.persons).toBe(CITY.persons);
      expect(summary.organizations).toBe(CITY.organizations);
      expect(counts.persons).toBe(summary.persons);
      expect(counts.organizations).toBe(summary.organizations);
      expect(counts.records).toBe(summary.records);
      expect(counts.agencies).toBe(summary.agencies);
      expect(summary.records).toBeGreaterThan(4 * (CITY.persons + CITY.organizations));
      expect(counts.recordEvents).toBeGreaterThan(0);

      const court = await store.findAgencyByTokenHash(hashAgencyToken(`demo-court-${CITY.seed}`));
      expect(court?.kind).toBe('court');

      const events = await allEvents(store);
      expect(events.at(-1)?.seq).toBe(counts.headSeq);
      let lastTime = -Infinity;
      const seen = new Set<number>();
      for (const e of events) {
        if (e.kind === 'record') {
          expect(e.record.id).toBe(e.seq);
          expect(e.record.recordedAt).toBeGreaterThanOrEqual(lastTime);
          lastTime = e.record.recordedAt;
          seen.add(e.record.id);
        } else if (e.kind === 'record-event') {
          expect(e.event.type).toBe('fulfilled');
          expect(seen.has(e.event.recordId)).toBe(true);
          expect(e.event.recordedAt).toBeGreaterThanOrEqual(lastTime);
          lastTime = e.event.recordedAt;
        }
      }
      const last = progress.at(-1);
      expect(last?.[0]).toBe(last?.[1]);
      // The bar starts at 0 of the total as soon as the stream is planned, then only grows.
      expect(progress[0]).toEqual([0, last?.[1]]);
      for (let k = 1; k < progress.length; k += 1)
        expect(progress[k]?.[0]).toBeGreaterThan(progress[k - 1]?.[0] ?? 0);

      const someone = events.find((e) => e.kind === 'record');
      if (someone?.kind !== 'record') throw new Error('no record');
      const subject = await store.findSubject(someone.record.subject);
      expect(subject?.name).toBeTruthy();
    } finally {
      await store.close();
    }
  });

  it('writes the same ledger again for the same seed on a fresh file', async () => {
    const first = await seededStore('a.db');
    const second = await seededStore('b.db');
    try {
      expect(second.summary).toEqual(first.summary);
      expect(await allEvents(second.store)).toEqual(await allEvents(first.store));
      expect(await second.store.counts()).toEqual(await first.store.counts());
    } finally {
      await first.store.close();
      await second.store.close();
    }
  });
});

// The digest of a tiny city's ledger as the in-memory generator wrote it, before seeding became a
// stream: the stream must write the same ledger, byte for byte in content, whatever its windows.
const TINY = { persons: 300, organizations: 40, years: 3, seed: 11, now: NOW } as const;
const TINY_DIGEST = '7c7767b4526dcbb489efdd72feae2ce5173087be86b7db5c5a6bfed82762efb1';

async function ledgerDigest(store: LedgerStore): Promise<string> {
  const hash = createHash('sha256');
  for (const event of await allEvents(store)) hash.update(JSON.stringify(event));
  return hash.digest('hex');
}

for (const target of storeTargets('city_seed')) {
  describe(`seedCity as a stream: ${target.name}`, () => {
    afterAll(() => target.end());

    it('writes the same ledger for the same seed twice, whatever the windows, as the in-memory generator did', async () => {
      const digests: string[] = [];
      for (const tuning of [{}, { chunkSubjects: 50, windowRows: 100 }]) {
        const location = await target.newLocation();
        const store = await openStore(location);
        try {
          await initStore(
            store,
            { catalogText: readFileSync('policies/catalog.yaml', 'utf8'), policyText: POLICY },
            NOW,
            { mode: 'simulation' },
          );
          const { catalog, version } = await catalogInForce(store);
          const summary = await seedCity(store, catalog, version, TINY, undefined, tuning);
          const counts = await store.counts();
          expect(counts.persons + counts.organizations).toBe(TINY.persons + TINY.organizations);
          expect(counts.records).toBe(summary.records);
          digests.push(await ledgerDigest(store));
        } finally {
          await store.close();
          await target.dispose(location);
        }
      }
      expect(digests).toEqual([TINY_DIGEST, TINY_DIGEST]);
    });
  });
}
