// The engine keeps as columns only the record fields its policy versions read (docs/architecture.md,
// "The engine's memory layout"); the others stay in the store. A policy version activated later
// that reads a field no earlier version read (here the court's free-text case number) gets its
// column built from the store when it lands, and a draft simulated against the ledger gets its
// fields too: on SQLite always, on PostgreSQL when PROBITY_TEST_DATABASE_URL is set.
import { afterAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../src/app/access/caller.js';
import { activatePolicy } from '../../src/app/policy/policy-activate.js';
import { simulateDraftPolicy } from '../../src/app/policy/policy-draft-simulate.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { engineFields, fillEngineFields, loadEngine } from '../../src/app/standing/engine-load.js';
import { LedgerStanding } from '../../src/app/standing/ledger-standing.js';
import { loadScoringContext } from '../../src/app/standing/scoring-context.js';
import { instant, MS_PER_DAY } from '../../src/core/time/instant.js';
import { logNoticeChannel } from '../../src/io/file-notice-channel.js';
import { openServerApp } from '../../src/main/server-app.js';
import {
  ingestAs,
  openReferenceLedger,
  REFERENCE_DOCUMENTS,
} from '../factories/reference-ledger.js';
import { adultOf as subjectOf } from '../factories/subjects.js';
import { storeTargets, type StoreTarget } from '../support/store-targets.js';

const NOW = instant(Date.UTC(2026, 2, 1, 9, 0));
const LATER = instant(NOW + 30 * MS_PER_DAY);
const COURT = { id: 'court-1', kind: 'court', name: 'Court' };

function debt(subject: string, caseNumber: string) {
  return {
    sourceRef: caseNumber,
    subject,
    category: 'court.dishonest-debtor',
    occurredAt: '2026-02-01',
    fields: { amount: 2_500_000, caseNumber },
  };
}

/** The reference policy as version 3, with a first rule that reads the case number. */
const CASE_POLICY = REFERENCE_DOCUMENTS.policyText.replace(/^version: 2$/m, 'version: 3').replace(
  /^rules:\n/m,
  `rules:
  - id: named-case
    label: A named enforcement case
    category: court.dishonest-debtor
    when: 'record.caseNumber == "C-31"'
    points: -400
    cap: 400
`,
);

function describeColumns(target: StoreTarget): void {
  describe(`the engine's field columns: ${target.name}`, () => {
    afterAll(() => target.end());

    it('builds the column of a field first read by a policy version activated later, from the store', async () => {
      const location = await target.newLocation();
      const store: LedgerStore = await openReferenceLedger(location, [COURT], NOW);
      const server = openServerApp(store, {
        clock: () => NOW,
        pollMs: 0,
        noticeChannel: logNoticeChannel(() => undefined),
      });
      try {
        await server.load();
        const before = await loadScoringContext(store);
        expect(engineFields(before.policies)).not.toContain('caseNumber');
        await ingestAs(
          store,
          COURT.id,
          [debt(subjectOf(30), 'C-30'), debt(subjectOf(31), 'C-31')],
          NOW,
        );
        await server.standing.sync();

        const other = new LedgerStanding(store, before, () => NOW);
        await activatePolicy(
          { store, standing: () => Promise.resolve(other), clock: () => NOW },
          OPERATOR,
          { text: CASE_POLICY, from: NOW },
        );
        await server.standing.sync();
        expect(server.standing.policyAt(LATER).version).toBe(3);
        expect(engineFields((await loadScoringContext(store)).policies)).toContain('caseNumber');

        const reference = new LedgerStanding(store, await loadScoringContext(store), () => NOW);
        const named = server.standing.evaluate(subjectOf(31), LATER);
        const other30 = server.standing.evaluate(subjectOf(30), LATER);
        expect(named).toEqual(await reference.evaluate(subjectOf(31), LATER));
        expect(other30).toEqual(await reference.evaluate(subjectOf(30), LATER));
        expect(named.contributions.filter((c) => c.error !== undefined)).toEqual([]);
        expect(named.contributions.map((c) => c.rule)).toEqual(['named-case']);
        expect(other30.contributions.map((c) => c.rule)).toEqual(['dishonest-debtor']);
      } finally {
        await server.close();
        await store.close();
        await target.dispose(location);
      }
    });

    it('fills the new field into the engine already loaded, from the store, instead of folding a second engine', async () => {
      const location = await target.newLocation();
      const store: LedgerStore = await openReferenceLedger(location, [COURT], NOW);
      try {
        await ingestAs(
          store,
          COURT.id,
          [debt(subjectOf(30), 'C-30'), debt(subjectOf(31), 'C-31')],
          NOW,
        );
        const before = await loadScoringContext(store);
        const { engine, lastSeq } = await loadEngine(store, before);
        await activatePolicy(
          {
            store,
            standing: () => Promise.resolve(new LedgerStanding(store, before, () => NOW)),
            clock: () => NOW,
          },
          OPERATOR,
          { text: CASE_POLICY, from: NOW },
        );
        const after = await loadScoringContext(store);
        expect(() => engine.setPolicies(after.policies)).toThrow(
          expect.objectContaining({ code: 'EngineFieldsNotKept' }),
        );
        expect(await fillEngineFields(store, engine, after.policies, lastSeq)).toEqual([
          'caseNumber',
        ]);
        engine.setPolicies(after.policies);
        const reference = new LedgerStanding(store, after, () => NOW);
        for (const subject of [subjectOf(30), subjectOf(31)]) {
          expect(engine.evaluate(subject, LATER)).toEqual(await reference.evaluate(subject, LATER));
        }
        expect(engine.evaluate(subjectOf(31), LATER).contributions.map((c) => c.rule)).toEqual([
          'named-case',
        ]);
      } finally {
        await store.close();
        await target.dispose(location);
      }
    });

    it('simulates a draft that reads a field the policy in force does not read', async () => {
      const location = await target.newLocation();
      const store: LedgerStore = await openReferenceLedger(location, [COURT], NOW);
      try {
        await ingestAs(
          store,
          COURT.id,
          [debt(subjectOf(30), 'C-30'), debt(subjectOf(31), 'C-31')],
          NOW,
        );
        const simulation = await simulateDraftPolicy({ store, clock: () => NOW }, OPERATOR, {
          text: CASE_POLICY,
          at: LATER,
        });
        expect(simulation.ruleErrors.after).toEqual({});
        // One subject (the named case) scores 300 points lower than under the policy in force.
        expect(simulation.distribution.after).not.toEqual(simulation.distribution.before);
      } finally {
        await store.close();
        await target.dispose(location);
      }
    });
  });
}

for (const target of storeTargets('fieldcols')) describeColumns(target);
