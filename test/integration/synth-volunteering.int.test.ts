// The demo city must show every kind of conduct the reference policy rewards: a volunteering
// record gives `hours / 10` points (whole points, integer division), so a record of a few hours
// gives nothing. In a small seeded city, volunteers' records must carry enough hours that some
// subject's standing holds a positive contribution of the `volunteering` rule.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCity } from '../../src/app/ledger/city-seed.js';
import { catalogInForce } from '../../src/app/policy/catalog-in-force.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { LedgerStanding } from '../../src/app/standing/ledger-standing.js';
import { loadScoringContext } from '../../src/app/standing/scoring-context.js';
import type { LedgerEvent } from '../../src/core/ledger/ledger-types.js';
import { instant } from '../../src/core/time/instant.js';
import { openReferenceLedger } from '../factories/reference-ledger.js';
import { scratchDir } from '../support/cli-harness.js';

const NOW = instant(Date.UTC(2026, 2, 1, 9, 30));
const CITY = { persons: 600, organizations: 30, years: 3, seed: 11, now: NOW } as const;

let store: LedgerStore;

beforeAll(async () => {
  store = await openReferenceLedger(
    join(scratchDir('probity-volunteering-'), 'probity.db'),
    [],
    NOW,
  );
  const { catalog, version } = await catalogInForce(store);
  await seedCity(store, catalog, version, CITY);
});

afterAll(async () => {
  await store.close();
});

async function volunteeringRecords(): Promise<{ subject: string; hours: number }[]> {
  const found: { subject: string; hours: number }[] = [];
  let after = 0;
  for (let page = 0; page < 1_000; page++) {
    const events: LedgerEvent[] = await store.readEvents(after, 10_000);
    if (events.length === 0) break;
    for (const e of events) {
      if (e.kind === 'record' && e.record.category === 'civic.volunteering') {
        found.push({ subject: e.record.subject, hours: Number(e.record.fields.hours) });
      }
    }
    after = events.at(-1)!.seq;
  }
  return found;
}

describe('volunteering in the demo city', () => {
  it('records enough hours that the reference policy gives some volunteers points', async () => {
    const records = await volunteeringRecords();
    expect(records.length).toBeGreaterThan(50);
    // Most records are worth at least one point (10 hours or more).
    expect(records.filter((r) => r.hours >= 10).length).toBeGreaterThan(records.length / 2);

    const standing = new LedgerStanding(store, await loadScoringContext(store), () => NOW);
    const subjects = [...new Set(records.map((r) => r.subject))].slice(0, 40);
    const points: number[] = [];
    for (const subject of subjects) {
      const evaluation = await standing.evaluate(subject, NOW);
      for (const c of evaluation.contributions)
        if (c.rule === 'volunteering') points.push(c.points);
    }
    expect(points.some((p) => p > 0)).toBe(true);
  });
});
