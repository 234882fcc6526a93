// The ledger's recording time never goes backwards (issue 9, failure 6), below the doors, on both
// dialects: on a live store a record whose clock is behind the ledger (a clock stepped back, a
// server whose clock is late) is recorded at the latest recorded time instead, so it can change
// no past answer; on a simulation it is refused whole; a synthetic history goes only into a
// simulation; a store made before the rule starts live, at the latest time its ledger holds.
import { afterAll, describe, expect, it } from 'vitest';
import { addAgencies } from '../../src/app/agencies/agency-add.js';
import { machineClockHeld } from '../../src/app/ledger/live-store-clock.js';
import { initStore } from '../../src/app/ledger/store-init.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { catalogInForce } from '../../src/app/policy/catalog-in-force.js';
import { ingestRecords } from '../../src/app/records/record-ingest.js';
import type { StoreMode } from '../../src/app/ports/store-clock.js';
import type { Agency } from '../../src/core/ledger/ledger-types.js';
import { instant, MS_PER_DAY, type Instant } from '../../src/core/time/instant.js';
import { openStore } from '../../src/store/index.js';
import { REFERENCE_DOCUMENTS } from '../factories/reference-ledger.js';
import { personId } from '../factories/subjects.js';
import { storeTargets } from '../support/store-targets.js';

const T0 = instant(Date.UTC(2026, 10, 1, 9, 0));
const days = (n: number): Instant => instant(T0 + n * MS_PER_DAY);
const court: Agency = { id: 'court-1', kind: 'court', name: 'Court', createdAt: T0 };

const debt = (subject: string, ref: string) => ({
  sourceRef: ref,
  subject,
  category: 'court.dishonest-debtor',
  occurredAt: '2026-01-15',
  fields: { amount: 2_500_000, caseNumber: `(2026)京0105执${ref}号` },
});

for (const target of storeTargets('recording_clock')) {
  describe(`the recording clock: ${target.name}`, () => {
    const opened: LedgerStore[] = [];
    afterAll(async () => {
      for (const store of opened) await store.close();
      await target.end();
    });

    async function storeOf(mode: StoreMode): Promise<LedgerStore> {
      const store = await openStore(await target.newLocation());
      opened.push(store);
      await initStore(store, REFERENCE_DOCUMENTS, T0, { mode });
      await addAgencies(store, [{ id: court.id, kind: court.kind }], T0);
      return store;
    }

    const submit = async (store: LedgerStore, at: Instant, subject: string, ref: string) => {
      const summary = await ingestRecords(
        store,
        await catalogInForce(store),
        court,
        [debt(subject, ref)],
        at,
        { mode: 'atomic' },
      );
      const [outcome] = summary.outcomes;
      if (outcome?.status !== 'accepted')
        throw new Error(`not accepted: ${JSON.stringify(outcome)}`);
      return outcome.id;
    };

    it('records a live write whose clock is behind the ledger at the latest recorded time, never before', async () => {
      const store = await storeOf('live');
      const first = await submit(store, days(10), personId('1980-05-17', 71), '1');
      // A clock stepped back five days (or another server's, late): recorded at day 10, not day 5.
      const late = await submit(store, days(5), personId('1980-05-17', 72), '2');
      expect((await store.findRecord(first))?.recordedAt).toBe(days(10));
      expect((await store.findRecord(late))?.recordedAt).toBe(days(10));
      // Time going on is taken as it is.
      const next = await submit(store, days(11), personId('1980-05-17', 73), '3');
      expect((await store.findRecord(next))?.recordedAt).toBe(days(11));
    });

    it('refuses a simulation write dated before the latest recorded time, writing nothing', async () => {
      const store = await storeOf('simulation');
      await submit(store, days(10), personId('1980-05-17', 81), '1');
      const head = await store.headSeq();
      await expect(submit(store, days(5), personId('1980-05-17', 82), '2')).rejects.toMatchObject({
        code: 'ClockBehindLedger',
      });
      expect(await store.headSeq()).toBe(head);
      expect(await store.findSubject(personId('1980-05-17', 82))).toBeUndefined();
      await submit(store, days(10), personId('1980-05-17', 83), '3');
    });

    it("holds a simulation write a moment behind the ledger to its latest time when the process runs on the machine's clock (several servers writing at once)", async () => {
      const bare = await storeOf('simulation');
      const store = machineClockHeld(bare);
      const first = await submit(store, days(10), personId('1980-05-17', 86), '1');
      // Another server's write, dated a moment earlier, ordered after it by the head lock.
      const late = await submit(store, instant(days(10) - 3), personId('1980-05-17', 87), '2');
      expect((await store.findRecord(first))?.recordedAt).toBe(days(10));
      expect((await store.findRecord(late))?.recordedAt).toBe(days(10));
      // The same store opened by a process whose clock the operator fixed still refuses.
      await expect(submit(bare, days(5), personId('1980-05-17', 88), '3')).rejects.toMatchObject({
        code: 'ClockBehindLedger',
      });
    });

    it('writes a synthetic history only into a simulation', async () => {
      const live = await storeOf('live');
      await expect(
        addAgencies(live, [{ id: 'court-2', kind: 'court' }], days(-400), { history: true }),
      ).rejects.toMatchObject({ code: 'ClockFixedOnLiveStore' });
      const simulation = await storeOf('simulation');
      await addAgencies(simulation, [{ id: 'court-2', kind: 'court' }], days(-400), {
        history: true,
      });
      expect((await simulation.findAgency('court-2'))?.createdAt).toBe(days(-400));
    });

    it('makes a store that held writes before the rule live, from the latest time its ledger holds', async () => {
      const location = await target.newLocation();
      const store = await openStore(location);
      opened.push(store);
      await initStore(store, REFERENCE_DOCUMENTS, T0, { mode: 'simulation' });
      await addAgencies(store, [{ id: court.id, kind: court.kind }], days(3));
      // As a store of the version before: no clock row, no migration 0009 (nor the ones after it)
      // recorded; 0012 finds its partitions and archive tables made and leaves them.
      await target.tamper(location, [
        'drop table store_clock',
        'drop table agency_tokens',
        'drop table citizen_preferences',
        "delete from kysely_migration where name in ('0009-store-clock', '0010-agency-tokens', '0011-citizen-preferences', '0012-audit-partitions', '0013-published-entries', '0014-records-by-agency')",
      ]);
      await store.migrate();
      expect(await store.storeMode()).toBe('live');
      // Migration 0010: the agency keeps the token it was registered with, active, no expiry.
      expect(await store.agencyTokens()).toEqual([
        { agencyId: court.id, issuedAt: days(3), expiresAt: undefined, revokedAt: undefined },
      ]);
      const late = await submit(store, days(1), personId('1980-05-17', 91), '1');
      expect((await store.findRecord(late))?.recordedAt).toBe(days(3));
    });
  });
}
