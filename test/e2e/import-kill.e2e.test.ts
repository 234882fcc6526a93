// A process killed in the middle of an import, then run again, ends with every row exactly once:
// batches commit whole or not at all, and sourceRef makes the second run skip what the first
// one wrote.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { personId } from '../factories/subjects.js';
import { probity, probityProcess, scratchDir, spawnProbity } from '../support/cli-harness.js';

const NOW = '2026-06-01T00:00:00Z';
const ROWS = 150_000;

async function recordCount(db: string): Promise<number> {
  const store = await openStore(db);
  try {
    return (await store.counts()).records;
  } finally {
    await store.close();
  }
}

describe('an import killed mid-file', () => {
  it('finishes on the second run with every row exactly once', async () => {
    const dir = scratchDir();
    const db = join(dir, 'probity.db');
    await probity(['init', '--db', db, '--now', NOW]);
    await probity(['agency', 'add', 'utility-1', '--kind', 'utility', '--db', db, '--now', NOW]);
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

    const child = spawnProbity([
      'import',
      file,
      '--agency',
      'utility-1',
      '--db',
      db,
      '--now',
      NOW,
      '--json',
    ]);
    // Kill it once some batches have committed, and before it could have finished.
    let committed = 0;
    for (let i = 0; i < 400 && committed === 0; i++) {
      await new Promise((r) => setTimeout(r, 25));
      committed = await recordCount(db).catch(() => 0);
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const afterKill = await recordCount(db);
    expect(afterKill).toBeGreaterThan(0);
    expect(afterKill).toBeLessThan(ROWS);
    expect(afterKill % 5_000).toBe(0); // whole batches only

    const second = await probityProcess([
      'import',
      file,
      '--agency',
      'utility-1',
      '--db',
      db,
      '--now',
      NOW,
      '--json',
    ]);
    expect(second.code).toBe(0);
    const summary = second.json<{ accepted: number; duplicates: number; rejected: number }>()[0];
    expect(summary).toEqual({ accepted: ROWS - afterKill, duplicates: afterKill, rejected: 0 });
    expect(await recordCount(db)).toBe(ROWS);
  }, 180_000);
});
