// The clock belongs to the machine (issue 9, failure 6), through the command line on both
// dialects: a live store refuses a write dated by --now or PROBITY_NOW, forward or back, and writes
// nothing (reads may ask --at); a server with a fixed clock does not start on it; a live store never
// becomes a simulation and takes no synthetic history; a simulation (init --now, init --simulation)
// takes the fixed clock but never a date before the latest one its ledger recorded.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveServerSettings } from '../../src/config/server-config.js';
import { instant } from '../../src/core/time/instant.js';
import { serve } from '../../src/main/server.js';
import { personId } from '../factories/subjects.js';
import { probity, scratchDir } from '../support/cli-harness.js';
import { storeTargets } from '../support/store-targets.js';

const DEBTOR = personId('1980-05-17', 61);
const OTHER = personId('1975-01-02', 62);

/** A record file of one dishonest debtor. */
function recordFile(dir: string, name: string, subject: string, ref: string): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    `${JSON.stringify({
      sourceRef: ref,
      subject,
      category: 'court.dishonest-debtor',
      occurredAt: '2019-06-01',
      fields: { amount: 2_500_000, caseNumber: `(2019)京0105执${ref}号` },
    })}\n`,
  );
  return file;
}

for (const target of storeTargets('store_clock')) {
  describe(`the store's clock: ${target.name}`, () => {
    afterAll(() => target.end());

    /** A store, its key file and a scratch folder; `run` adds --db and --key-file. */
    async function store() {
      const dir = scratchDir('probity-clock-');
      const db = await target.newLocation();
      const keyFile = join(dir, 'authority-key.pem');
      const run = (args: string[], env: Record<string, string> = {}) =>
        probity([...args, '--db', db, '--key-file', keyFile], env);
      return { dir, db, keyFile, run };
    }

    /** The records the ledger holds for a subject (those its score names), read at the machine's time. */
    async function recordsOf(run: (args: string[]) => Promise<{ stdout: string }>, id: string) {
      const read = await run(['score', id, '--json']);
      return new Set([...read.stdout.matchAll(/"recordId":(\d+)/g)].map((m) => m[1])).size;
    }

    it('refuses on a live store an import dated by --now or PROBITY_NOW, forward or back, writing nothing; reads may ask --at', async () => {
      const { dir, run } = await store();
      const init = await run(['init', '--json']);
      expect(init.code).toBe(0);
      expect(init.json()[0]).toMatchObject({ mode: 'live' });
      expect((await run(['agency', 'add', 'court-1', '--kind', 'court'])).code).toBe(0);
      const file = recordFile(dir, 'r.jsonl', DEBTOR, '1');

      for (const [args, env] of [
        [['--now', '2026-11-02'], {}],
        [['--now', '2020-01-01'], {}],
        [[], { PROBITY_NOW: '2026-11-02' }],
      ] as const) {
        const refused = await run(['import', file, '--agency', 'court-1', ...args], env);
        expect(refused.code, refused.stdout + refused.stderr).toBe(2);
        expect(refused.stderr).toMatch(/^error ClockFixedOnLiveStore: this store is live/);
      }
      expect(await recordsOf(run, DEBTOR)).toBe(0);
      // Any write, not only imports: an agency, a publication.
      const agency = await run([
        'agency',
        'add',
        'court-2',
        '--kind',
        'court',
        '--now',
        '2026-11-02',
      ]);
      expect(agency.stderr).toMatch(/^error ClockFixedOnLiveStore/);
      const publish = await run(['publish', '--out', join(dir, 'pub'), '--now', '2030-01-01']);
      expect(publish.stderr).toMatch(/^error ClockFixedOnLiveStore/);

      // The machine's clock writes; a read asks any instant with --at.
      expect((await run(['import', file, '--agency', 'court-1'])).code).toBe(0);
      expect(await recordsOf(run, DEBTOR)).toBe(1);
      const past = await run(['score', DEBTOR, '--at', '2020-01-01', '--json']);
      expect(past.code).toBe(0);
      expect(past.stdout).not.toContain('"recordId"');
    });

    it('keeps a live store live: init --now and init --simulation are refused, and so is a seeded city', async () => {
      const { run } = await store();
      expect((await run(['init'])).code).toBe(0);
      for (const args of [
        ['init', '--simulation'],
        ['init', '--now', '2026-03-01'],
      ]) {
        const refused = await run(args);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toMatch(/^error ClockFixedOnLiveStore/);
      }
      const seed = await run(['seed', '--persons', '20', '--orgs', '2', '--years', '1']);
      expect(seed.code).toBe(2);
      expect(seed.stderr).toMatch(
        /^error ClockFixedOnLiveStore: this store is live: a synthetic history/,
      );
      expect((await run(['init', '--json'])).json()[0]).toMatchObject({ mode: 'live' });
    });

    it('does not start a server with a fixed clock on a live store', async () => {
      const { db, keyFile, run } = await store();
      expect((await run(['init'])).code).toBe(0);
      const settings = resolveServerSettings(
        { db, now: '2026-11-02', port: '0', keyFile },
        {},
        () => instant(Date.now()),
      );
      await expect(serve({ settings })).rejects.toMatchObject({ code: 'ClockFixedOnLiveStore' });
    });

    it('lets a simulation take a fixed clock, but never one before what its ledger recorded', async () => {
      const { dir, run } = await store();
      const init = await run(['init', '--now', '2026-03-01T09:00:00Z', '--json']);
      expect(init.json()[0]).toMatchObject({ mode: 'simulation' });
      const at = (now: string, ...args: string[]) => run([...args, '--now', now]);
      expect(
        (await at('2026-03-01T09:00:00Z', 'agency', 'add', 'court-1', '--kind', 'court')).code,
      ).toBe(0);
      expect(
        (
          await at(
            '2026-03-10',
            'import',
            recordFile(dir, 'a.jsonl', DEBTOR, '1'),
            '--agency',
            'court-1',
          )
        ).code,
      ).toBe(0);

      // Back in time: refused whole, nothing written.
      const back = await at(
        '2026-03-05',
        'import',
        recordFile(dir, 'b.jsonl', OTHER, '2'),
        '--agency',
        'court-1',
      );
      expect(back.code).toBe(2);
      expect(back.stderr).toMatch(
        /^error ClockBehindLedger: this simulation's ledger has recorded up to 2026-03-10T00:00:00.000Z/,
      );
      expect(await recordsOf(run, OTHER)).toBe(0);
      // The same instant, or later, is fine.
      expect(
        (
          await at(
            '2026-03-10',
            'import',
            recordFile(dir, 'c.jsonl', OTHER, '3'),
            '--agency',
            'court-1',
          )
        ).code,
      ).toBe(0);
      expect(await recordsOf(run, OTHER)).toBe(1);

      // init --simulation makes one too, with the machine's clock.
      const other = await store();
      expect((await other.run(['init', '--simulation', '--json'])).json()[0]).toMatchObject({
        mode: 'simulation',
      });
    });
  });
}
