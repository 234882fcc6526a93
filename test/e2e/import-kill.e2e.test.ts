// A process killed in the middle of an import, then run again, ends with every row exactly once:
// batches commit whole or not at all (records, their audit entries and notices together), and
// sourceRef makes each later run skip what the earlier ones wrote. The import is killed several
// times at random points (each after at least one more batch has committed), on SQLite and (when
// PROBITY_TEST_DATABASE_URL is set) PostgreSQL; the points are printed with any failure.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { openStore } from '../../src/store/index.js';
import { personId } from '../factories/subjects.js';
import { probity, probityProcess, scratchDir, spawnProbity } from '../support/cli-harness.js';
import { storeTargets } from '../support/store-targets.js';

const NOW = '2026-06-01T00:00:00Z';
const ROWS = 60_000;
const BATCH = 5_000;
const KILLS = 3;

/** A small deterministic generator (mulberry32), so a failing run's kill points can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function writeBills(dir: string): string {
  const lines: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    const subject = personId(`19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`, i % 1000);
    lines.push(
      JSON.stringify({
        sourceRef: `bill-${i}`,
        subject,
        category: 'utility.arrears',
        occurredAt: '2026-03-01',
        fields: { amount: 1000 + i },
      }),
    );
  }
  const file = join(dir, 'bills.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Every `submit-record` audit entry's outcome, counted. */
async function auditOutcomes(store: LedgerStore): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let after = 0; ;) {
    const page = await store.readAudit(after, 10_000);
    if (page.length === 0) return counts;
    for (const e of page) {
      if (e.action === 'submit-record') counts.set(e.outcome, (counts.get(e.outcome) ?? 0) + 1);
    }
    after = page[page.length - 1]!.seq;
  }
}

for (const target of storeTargets('import_kill')) {
  describe(`an import killed mid-file: ${target.name}`, () => {
    afterAll(() => target.end());

    it('finishes on a later run with every row exactly once, after several kills at random points', async () => {
      const seed = Date.now() % 1_000_000;
      const next = random(seed);
      const dir = scratchDir();
      const db = await target.newLocation();
      await probity(['init', '--db', db, '--now', NOW]);
      await probity(['agency', 'add', 'utility-1', '--kind', 'utility', '--db', db, '--now', NOW]);
      const file = writeBills(dir);
      const args = ['import', file, '--agency', 'utility-1', '--db', db, '--now', NOW, '--json'];

      const watcher = await openStore(db);
      const records = async () => (await watcher.counts()).records;
      const kills: { delayMs: number; records: number }[] = [];
      try {
        let before = 0;
        for (let k = 0; k < KILLS; k++) {
          const child = spawnProbity(args);
          const exited = new Promise((r) => child.once('exit', r));
          // Kill it once at least one more batch has committed, a random moment later.
          for (let i = 0; i < 600 && (await records()) <= before; i++) await sleep(20);
          const delayMs = Math.floor(next() * 150);
          await sleep(delayMs);
          child.kill('SIGKILL');
          await exited;
          const now = await records();
          kills.push({ delayMs, records: now });
          const where = `seed ${seed}, kills ${JSON.stringify(kills)}`;
          expect(now, where).toBeGreaterThan(before);
          expect(now % BATCH, where).toBe(0); // whole batches only
          before = now;
          if (now === ROWS) break; // it finished before the kill landed
        }

        const where = `seed ${seed}, kills ${JSON.stringify(kills)}`;
        expect(kills[0]!.records, where).toBeLessThan(ROWS); // at least one kill landed mid-file
        const last = await probityProcess(args);
        expect(last.code, where).toBe(0);
        const summary = last.json<{ accepted: number; duplicates: number; rejected: number }>()[0];
        expect(summary, where).toEqual({
          accepted: ROWS - before,
          duplicates: before,
          rejected: 0,
        });
        expect(await records(), where).toBe(ROWS);
        // Each row accepted exactly once in the access log too: a killed batch left no entries.
        const outcomes = await auditOutcomes(watcher);
        expect(outcomes.get('accepted'), where).toBe(ROWS);
      } finally {
        await watcher.close();
        await target.dispose(db);
      }
    }, 120_000);
  });
}
