// Work off the event loop (issue 11, item 5), on SQLite always and on PostgreSQL when
// PROBITY_TEST_DATABASE_URL names a scratch database. A server is ready, and answers checks from
// its engine, as soon as the engine is folded: the first sync of list feeds and notices runs after
// it, and the feed door waits for the feed sync (not for the notices derived after it), so what
// it serves follows the engine. A new policy
// version is applied to the engine already loaded (only the tail after it is read again): checks
// answered while it is applied see the old policy, then the new one, never a mix. No timing: the
// standing's progress hook (`onStep`) holds the work at a step while requests go through Fastify,
// and the order of what answered is observed.
import { afterAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../src/app/access/caller.js';
import { activatePolicy } from '../../src/app/policy/policy-activate.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { LedgerStanding } from '../../src/app/standing/ledger-standing.js';
import type { StandingStep } from '../../src/app/standing/live-standing.js';
import { loadScoringContext } from '../../src/app/standing/scoring-context.js';
import { instant } from '../../src/core/time/instant.js';
import { buildServer } from '../../src/http/server.js';
import { keyFileFor } from '../../src/config/cli-config.js';
import { keyFileSigner } from '../../src/io/key-file-signer.js';
import { openServerApp } from '../../src/main/server-app.js';
import { REFERENCE_DOCUMENTS } from '../factories/reference-ledger.js';
import { personId } from '../factories/subjects.js';
import { storeTargets, type StoreTarget } from '../support/store-targets.js';
import {
  bearer,
  DAY,
  debtorRecord,
  ingestAsCourt,
  openCityStore,
  T0,
  testClock,
} from './http-harness.js';

const DEBTORS = Array.from({ length: 6 }, (_, i) => personId('1970-03-04', i + 1));
const LATE = personId('1971-05-06', 1);
/** The reference policy with travel.flight no longer restricting dishonest debtors, as version 3. */
const FLIGHTS_FOR_DEBTORS = REFERENCE_DOCUMENTS.policyText
  .replace(/^version: 2$/m, 'version: 3')
  .replace(
    'lists: [dishonest-debtors, aviation-safety-offenders]\n    enforcers: [aviation]',
    'lists: [aviation-safety-offenders]\n    enforcers: [aviation]',
  );

/**
 * The debtors' records, accepted weeks ago with no notice written (a store of an older version,
 * or a history loaded in bulk): the first sync has feeds and notices to bring up to date.
 */
const debtorsAcceptedWeeksAgo = (store: LedgerStore): Promise<void> =>
  ingestAsCourt(
    store,
    DEBTORS.map((s, i) => debtorRecord(s, `D-${i}`, '2026-01-20')),
    instant(T0 - 20 * DAY),
  ).then(() => undefined);

/** A gate the standing waits at when it reaches `step`; `reached` settles when it does. */
function gate(step: StandingStep) {
  let open: () => void = () => undefined;
  let reach: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const reached = new Promise<'reached'>((resolve) => {
    reach = () => resolve('reached');
  });
  return {
    reached,
    open,
    onStep: async (at: StandingStep) => {
      if (at !== step) return;
      reach();
      await opened;
    },
  };
}

async function serverOn(
  target: StoreTarget,
  onStep: (step: StandingStep) => Promise<void>,
  before: (store: LedgerStore) => Promise<void>,
) {
  const location = await target.newLocation();
  const { store, path } = await openCityStore(location);
  await before(store);
  const clock = testClock(T0);
  const server = openServerApp(store, {
    clock,
    pollMs: 0,
    signer: keyFileSigner(keyFileFor(target.name === 'SQLite' ? path : `data/${Date.now()}.pem`)),
    onStep,
  });
  const app = await buildServer(server.httpDeps, {});
  await app.ready();
  const check = (subject: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: bearer('aviation'),
      payload: { subject, measure: 'travel.flight', purpose: 'enforcement' },
    });
  const batch = async (subjects: readonly string[]) =>
    (
      await app.inject({
        method: 'POST',
        url: '/v1/checks/batch',
        headers: bearer('aviation'),
        payload: { subjects, measure: 'travel.flight', purpose: 'enforcement' },
      })
    )
      .json<{ results: { decision: string }[] }>()
      .results.map((r) => r.decision);
  return {
    store,
    server,
    app,
    check,
    batch,
    async close() {
      await app.close();
      await server.close();
      await store.close();
      await target.dispose(location);
    },
  };
}

for (const target of storeTargets('off_loop')) {
  describe(`work off the event loop: ${target.name}`, () => {
    afterAll(() => target.end());

    it('is ready and answers checks before its first feed and notice sync, and serves the feed only once it follows the engine', async () => {
      const first = gate('first-sync');
      const h = await serverOn(target, first.onStep, debtorsAcceptedWeeksAgo);
      try {
        let loaded = false;
        const load = h.server.load().then(() => {
          loaded = true;
        });
        expect(await Promise.race([first.reached, load.then(() => 'loaded')])).toBe('reached');
        const order: string[] = [];

        const ready = await h.app.inject({ url: '/readyz' });
        expect(ready.statusCode).toBe(200);
        const feed = h.app
          .inject({ url: '/v1/lists/dishonest-debtors/feed?after=0', headers: bearer('aviation') })
          .then((res) => {
            order.push('feed read');
            return res;
          });
        const checked = await h.check(DEBTORS[0] ?? '');
        order.push('check answered');
        expect(checked.json()).toMatchObject({ decision: 'deny' });
        expect(await h.batch(DEBTORS)).toEqual(DEBTORS.map(() => 'deny'));
        expect(loaded).toBe(false);
        expect(await h.store.noticesOfSubject(DEBTORS[0] ?? '', 10)).toEqual([]);

        first.open();
        await h.server.standing.inStep('feeds');
        order.push('in step');
        await load;
        const page = (await feed).json<{
          deltas: { op: string; entry: { subject: string } }[];
        }>();
        expect(order).toEqual(['check answered', 'in step', 'feed read']);
        expect(
          page.deltas
            .filter((d) => d.op === 'add')
            .map((d) => d.entry.subject)
            .sort(),
        ).toEqual([...DEBTORS].sort());
        expect((await h.store.noticesOfSubject(DEBTORS[0] ?? '', 10)).length).toBeGreaterThan(0);
      } finally {
        first.open();
        await h.close();
      }
    });

    it("serves the feed once the feeds follow the engine, while the notices a bulk-loaded history owes are still derived; a citizen's notices wait for them", async () => {
      const notices = gate('notice-sync');
      const h = await serverOn(target, notices.onStep, debtorsAcceptedWeeksAgo);
      try {
        const load = h.server.load();
        await notices.reached;
        let noticesInStep = false;
        const waiting = h.server.standing.inStep('notices').then(() => {
          noticesInStep = true;
        });
        await h.server.standing.inStep('feeds');
        const feed = await h.app.inject({
          url: '/v1/lists/dishonest-debtors/feed?after=0',
          headers: bearer('aviation'),
        });
        expect(feed.statusCode).toBe(200);
        expect(
          feed
            .json<{ deltas: { op: string; entry: { subject: string } }[] }>()
            .deltas.filter((d) => d.op === 'add')
            .map((d) => d.entry.subject)
            .sort(),
        ).toEqual([...DEBTORS].sort());
        // The notices owed are not derived yet, and whoever waits for them still waits.
        expect(await h.store.noticesOfSubject(DEBTORS[0] ?? '', 10)).toEqual([]);
        expect(noticesInStep).toBe(false);

        notices.open();
        await load;
        await waiting;
        expect(noticesInStep).toBe(true);
        expect((await h.store.noticesOfSubject(DEBTORS[0] ?? '', 10)).length).toBeGreaterThan(0);
      } finally {
        notices.open();
        await h.close();
      }
    });

    it('applies a new policy version to the loaded engine, reading only the tail: checks answered meanwhile see the old policy, then the new one, never a mix', async () => {
      const apply = gate('policy-apply');
      const h = await serverOn(target, apply.onStep, debtorsAcceptedWeeksAgo);
      try {
        await h.server.load();
        expect(await h.batch(DEBTORS)).toEqual(DEBTORS.map(() => 'deny'));
        const folded = h.server.standing.readiness()?.lastSeq ?? 0;

        // Written by another process: the policy, then a record after it (the tail).
        const other = new LedgerStanding(h.store, await loadScoringContext(h.store), () => T0);
        await activatePolicy(
          { store: h.store, standing: () => Promise.resolve(other), clock: () => T0 },
          OPERATOR,
          { text: FLIGHTS_FOR_DEBTORS, from: T0 },
        );
        await ingestAsCourt(h.store, [debtorRecord(LATE, 'L-1', '2026-01-20')], T0);
        const head = await h.store.headSeq();

        const reads: number[] = [];
        const pages = h.store.ledgerPages.bind(h.store);
        h.store.ledgerPages = (after, size, reader) => {
          reads.push(after);
          return pages(after, size, reader);
        };
        let synced = false;
        const sync = h.server.standing.sync().then(() => {
          synced = true;
        });
        expect(await Promise.race([apply.reached, sync.then(() => 'synced')])).toBe('reached');
        // Held before the new version is applied: the old policy, for every subject at once.
        expect(await h.batch(DEBTORS)).toEqual(DEBTORS.map(() => 'deny'));
        expect((await h.check(DEBTORS[1] ?? '')).json()).toMatchObject({ decision: 'deny' });
        expect(h.server.standing.policyAt(T0).version).toBe(2);
        expect(h.server.standing.readiness()?.lastSeq).toBe(folded);
        expect(synced).toBe(false);

        apply.open();
        await sync;
        expect(h.server.standing.policyAt(T0).version).toBe(3);
        expect(await h.batch([...DEBTORS, LATE])).toEqual([...DEBTORS, LATE].map(() => 'allow'));
        expect(h.server.standing.readiness()?.lastSeq).toBe(head);
        // Only the ledger after what was folded was read: no fold of the whole ledger again.
        expect(reads.length).toBeGreaterThan(0);
        expect(reads.every((after) => after >= folded)).toBe(true);
      } finally {
        apply.open();
        await h.close();
      }
    });
  });
}
