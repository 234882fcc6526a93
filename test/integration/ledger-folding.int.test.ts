// Folding sees exactly what is committed (issue 9, failure 1), on SQLite always and on PostgreSQL
// when PROBITY_TEST_DATABASE_URL names a scratch database: a catch-up reads the ledger up to one
// head, so a write that commits while it reads is neither half-read nor skipped; the engine's
// sequence moves only past what it folded; a missing sequence number stops the fold before it
// and is read again, never skipped; and under concurrent writers through the real use cases,
// every acknowledged record is in the engine, which answers as the reference evaluator over the
// ledger does.
import { afterAll, describe, expect, it } from 'vitest';
import { agencyCaller, OPERATOR } from '../../src/app/access/caller.js';
import { digestOf } from '../../src/app/ledger/document-digest.js';
import { appendToLedger } from '../../src/app/ledger/ledger-append.js';
import { activatePolicy } from '../../src/app/policy/policy-activate.js';
import { appendRecordEvent } from '../../src/app/records/record-event-add.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { loadEngine } from '../../src/app/standing/engine-load.js';
import { LedgerStanding } from '../../src/app/standing/ledger-standing.js';
import { loadScoringContext } from '../../src/app/standing/scoring-context.js';
import { DomainError } from '../../src/core/errors/domain-error.js';
import type { Agency, LedgerEvent } from '../../src/core/ledger/ledger-types.js';
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
/** After every notice period of the reference policy: an accepted record counts by then. */
const LATER = instant(NOW + 30 * MS_PER_DAY);

const COURT = { id: 'court-1', kind: 'court', name: 'Court' };

/** Concurrent writers, each making at most ROUNDS writes, and all of them stopping at DEADLINE_MS. */
const WRITERS = 12;
const ROUNDS = 40;
const DEADLINE_MS = 4_000;

function debt(subject: string, sourceRef: string) {
  return {
    sourceRef,
    subject,
    category: 'court.dishonest-debtor',
    occurredAt: '2026-02-01',
    fields: { amount: 2_500_000, caseNumber: sourceRef },
  };
}

async function court(store: LedgerStore): Promise<Agency> {
  const agency = await store.findAgency(COURT.id);
  if (!agency) throw new Error('no court');
  return agency;
}

/** Accepts records straight into the ledger as the court, as another process (the CLI, another server) would. */
const ingest = (store: LedgerStore, records: readonly object[]): Promise<number[]> =>
  ingestAs(store, COURT.id, records, NOW);

/** A server app on `store` at NOW that polls nothing and drops its notices. */
function quietServer(store: LedgerStore) {
  return openServerApp(store, {
    clock: () => NOW,
    pollMs: 0,
    noticeChannel: logNoticeChannel(() => undefined),
  });
}

function seqs(events: readonly LedgerEvent[]): number[] {
  return events.map((e) => e.seq);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function describeFolding(target: StoreTarget): void {
  describe(`folding the ledger: ${target.name}`, () => {
    afterAll(() => target.end());

    it('reads the ledger up to one head: a write committed while a read is under way is left whole to the next read', async () => {
      const location = await target.newLocation();
      const store = await openReferenceLedger(location, [COURT], NOW);
      try {
        const agency = await court(store);
        const start = await store.headSeq();
        const [a] = await ingest(store, [debt(subjectOf(1), 'A')]);
        await appendRecordEvent(
          store,
          agency,
          { recordId: a ?? 0, type: 'suspended', reason: 'payment plan' },
          NOW,
        );
        await appendRecordEvent(store, agency, { recordId: a ?? 0, type: 'resumed' }, NOW);
        const head = await store.headSeq();

        // Two events a page: the read is under way when the next write commits.
        const pages = store.eventPages(start, 2)[Symbol.asyncIterator]();
        const read: LedgerEvent[] = [];
        const first = await pages.next();
        if (!first.done) read.push(...first.value);
        const [b] = await ingest(store, [debt(subjectOf(2), 'B')]);
        await appendRecordEvent(
          store,
          agency,
          { recordId: b ?? 0, type: 'suspended', reason: 'hardship' },
          NOW,
        );
        for (let next = await pages.next(); !next.done; next = await pages.next())
          read.push(...next.value);

        expect(seqs(read)).toEqual(range(start + 1, head));
        const rest: LedgerEvent[] = [];
        for await (const page of store.eventPages(head, 2)) rest.push(...page);
        expect(seqs(rest)).toEqual(range(head + 1, await store.headSeq()));
        expect(rest.map((e) => e.kind)).toEqual(['record', 'record-event']);
      } finally {
        await store.close();
        await target.dispose(location);
      }
    });

    it('stops folding before a missing sequence number, says which, and folds it once it is there: nothing is skipped', async () => {
      const location = await target.newLocation();
      const store = await openReferenceLedger(location, [COURT], NOW);
      const server = quietServer(store);
      try {
        await server.load();
        const ids = await ingest(
          store,
          [1, 2, 3].map((k) => debt(subjectOf(10 + k), `G-${k}`)),
        );
        const [, hidden = 0] = ids;
        // The record's row is moved out of sight: its sequence number is held by nothing.
        await target.tamper(location, [`update records set id = -id where id = ${hidden}`]);

        const sync = server.standing.sync();
        await expect(sync).rejects.toBeInstanceOf(DomainError);
        await expect(sync).rejects.toMatchObject({
          code: 'LedgerSequenceBroken',
          message: expect.stringContaining(`${hidden}`) as string,
        });
        expect(server.standing.readiness()?.lastSeq).toBe(hidden - 1);
        await expect(loadEngine(store, await loadScoringContext(store))).rejects.toMatchObject({
          code: 'LedgerSequenceBroken',
        });

        await target.tamper(location, [`update records set id = -id where id = ${-hidden}`]);
        await server.standing.sync();
        expect(server.standing.readiness()?.lastSeq).toBe(await store.headSeq());
        const reference = new LedgerStanding(store, await loadScoringContext(store), () => NOW);
        for (const k of [1, 2, 3]) {
          const subject = subjectOf(10 + k);
          expect(server.standing.evaluate(subject, LATER)).toEqual(
            await reference.evaluate(subject, LATER),
          );
        }
      } finally {
        await server.close();
        await store.close();
        await target.dispose(location);
      }
    });

    it('refuses a sequence number held by two rows', async () => {
      const location = await target.newLocation();
      const store = await openReferenceLedger(location, [COURT], NOW);
      try {
        const start = await store.headSeq();
        const [a = 0] = await ingest(store, [debt(subjectOf(20), 'T-1')]);
        const { seq } = await appendRecordEvent(
          store,
          await court(store),
          { recordId: a, type: 'fulfilled' },
          NOW,
        );
        // The event is renumbered onto its record's number.
        await target.tamper(location, [`update record_events set seq = ${a} where seq = ${seq}`]);
        const read = async () => {
          for await (const page of store.eventPages(start, 10)) void page;
        };
        await expect(read()).rejects.toMatchObject({
          code: 'LedgerSequenceBroken',
          message: expect.stringContaining(`${a} is held by two rows`) as string,
        });
      } finally {
        await store.close();
        await target.dispose(location);
      }
    });

    it('stays readable with a policy version stored under earlier rules, its unguarded reads shown as rule errors', async () => {
      // A store written before has() guards were required holds versions that read an optional
      // field by its bare name; after an upgrade it must open, and the read fails visibly.
      const location = await target.newLocation();
      const store = await openReferenceLedger(location, [COURT], NOW);
      const text = REFERENCE_DOCUMENTS.policyText
        .replace(/^version: 2$/m, 'version: 3')
        .replace(
          /(category: court\.obstructs-enforcement\n)(\s+)points: -120/,
          "$1$2points: 'amount >= 100000000 ? -150 : -120'",
        );
      expect(text).toContain("points: 'amount >= 100000000 ? -150 : -120'");
      await appendToLedger(store, async (tx, seq) => {
        await tx.insertPolicy({
          policyId: 'city-reference',
          version: 3,
          effectiveFrom: NOW,
          seq: seq.next(),
          digest: digestOf(text),
          text,
          recordedAt: NOW,
        });
      });
      const subject = subjectOf(40);
      await ingest(store, [
        {
          sourceRef: 'O-1',
          subject,
          category: 'court.obstructs-enforcement',
          occurredAt: '2026-02-01',
          fields: { caseNumber: 'O-1' },
        },
      ]);
      const server = quietServer(store);
      try {
        await server.load();
        expect(server.standing.policyAt(LATER).version).toBe(3);
        const served = server.standing.evaluate(subject, LATER);
        expect(served.contributions).toContainEqual(
          expect.objectContaining({
            rule: 'obstructs-enforcement',
            points: 0,
            error: expect.stringContaining('Unknown variable: amount') as unknown,
          }),
        );
        const reference = new LedgerStanding(store, await loadScoringContext(store), () => NOW);
        expect(served).toEqual(await reference.evaluate(subject, LATER));
      } finally {
        await server.close();
        await store.close();
        await target.dispose(location);
      }
    });

    it('folds a policy version written by another process with its own context, and what follows it', async () => {
      const location = await target.newLocation();
      const store = await openReferenceLedger(location, [COURT], NOW);
      const server = quietServer(store);
      try {
        await server.load();
        const [before = 0] = await ingest(store, [debt(subjectOf(30), 'P-1')]);
        const other = new LedgerStanding(store, await loadScoringContext(store), () => NOW);
        const text = REFERENCE_DOCUMENTS.policyText.replace(/^version: 2$/m, 'version: 3');
        await activatePolicy(
          { store, standing: () => Promise.resolve(other), clock: () => NOW },
          OPERATOR,
          { text, from: NOW },
        );
        const [after = 0] = await ingest(store, [debt(subjectOf(31), 'P-2')]);
        expect(after).toBeGreaterThan(before);

        await server.standing.sync();
        expect(server.standing.policyAt(LATER).version).toBe(3);
        expect(server.standing.readiness()?.lastSeq).toBe(await store.headSeq());
        const reference = new LedgerStanding(store, await loadScoringContext(store), () => NOW);
        for (const subject of [subjectOf(30), subjectOf(31)]) {
          expect(server.standing.evaluate(subject, LATER)).toEqual(
            await reference.evaluate(subject, LATER),
          );
        }
      } finally {
        await server.close();
        await store.close();
        await target.dispose(location);
      }
    });

    it('folds every record acknowledged under concurrent writers, and answers for each subject as the ledger does', async () => {
      const location = await target.newLocation();
      const store = await openReferenceLedger(location, [COURT], NOW);
      const server = quietServer(store);
      const acknowledged: { id: number; subject: string }[] = [];
      const failures: string[] = [];
      try {
        await server.load();
        const caller = agencyCaller(await court(store));
        const deadline = Date.now() + DEADLINE_MS;
        let writing = WRITERS;

        const writer = async (w: number): Promise<void> => {
          const mine: number[] = [];
          for (let i = 0; i < ROUNDS && Date.now() < deadline; i++) {
            const batch = [0, 1].slice(0, 1 + (i % 2)).map((j) => {
              const subject = subjectOf(1_000 + w * 200 + i * 2 + j);
              return { subject, record: debt(subject, `W${w}-${i}-${j}`) };
            });
            try {
              const answers = await server.app.submitRecords(
                caller,
                batch.map((b) => b.record),
              );
              answers.forEach((answer, j) => {
                acknowledged.push({ id: answer.id, subject: batch[j]?.subject ?? '' });
                mine.push(answer.id);
              });
            } catch (error) {
              failures.push(`submit: ${String(error)}`);
            }
            const followUp = i % 3 === 2 ? mine.shift() : undefined;
            if (followUp === undefined) continue;
            try {
              await server.app.addRecordEvent(caller, { recordId: followUp, type: 'fulfilled' });
            } catch (error) {
              failures.push(`event: ${String(error)}`);
            }
          }
        };
        // The poll of the server, as often as the event loop lets it, while the writers write.
        const poller = async (): Promise<void> => {
          for (let n = 0; n < 100_000 && writing > 0 && Date.now() < deadline + 1_000; n++) {
            await server.standing.sync().catch((error: unknown) => {
              failures.push(`poll: ${String(error)}`);
            });
            await new Promise((resolve) => setImmediate(resolve));
          }
        };
        await Promise.all([
          poller(),
          ...Array.from({ length: WRITERS }, (_, w) =>
            writer(w).finally(() => {
              writing -= 1;
            }),
          ),
        ]);
        await server.standing.sync();

        expect(failures).toEqual([]);
        expect(acknowledged.length).toBeGreaterThan(WRITERS);
        expect(server.standing.readiness()?.lastSeq).toBe(await store.headSeq());
        const reference = new LedgerStanding(store, await loadScoringContext(store), () => NOW);
        const missing: number[] = [];
        for (const { id, subject } of acknowledged) {
          const engine = server.standing.evaluate(subject, LATER);
          expect(engine, subject).toEqual(await reference.evaluate(subject, LATER));
          const seen = [
            ...engine.contributions.map((c) => c.recordId),
            ...engine.notInForce.map((r) => r.recordId),
          ];
          if (!seen.includes(id)) missing.push(id);
        }
        expect(missing).toEqual([]);
      } finally {
        await server.close();
        await store.close();
        await target.dispose(location);
      }
    });
  });
}

for (const target of storeTargets('folding')) describeFolding(target);
