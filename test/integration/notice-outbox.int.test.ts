// The notices an append writes in its own transaction, below HTTP, on SQLite always and on
// PostgreSQL when PROBITY_TEST_DATABASE_URL names a scratch database: a decision's notice is
// written with the event that records it, dated with it, and the sync finds nothing left to
// derive; a standing that has not seen the ledger's latest policy writes no notice, and the sync,
// with the documents reloaded, derives it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agencyCaller, OPERATOR, type Caller } from '../../src/app/access/caller.js';
import { openAuditLog } from '../../src/app/audit/audit-log.js';
import type { AuditSink } from '../../src/app/audit/audit-sink.js';
import { verifyAuditLog } from '../../src/app/audit/audit-verify.js';
import { decideObjection } from '../../src/app/due-process/objection-decide.js';
import { fileObjection } from '../../src/app/due-process/objection-file.js';
import { syncNotices } from '../../src/app/notices/index.js';
import { activatePolicy } from '../../src/app/policy/policy-activate.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { submitRecords } from '../../src/app/records/record-submit.js';
import { LedgerStanding } from '../../src/app/standing/ledger-standing.js';
import { loadScoringContext } from '../../src/app/standing/scoring-context.js';
import type { Agency } from '../../src/core/ledger/ledger-types.js';
import { instant, MS_PER_DAY, type Instant } from '../../src/core/time/instant.js';
import { openReferenceLedger } from '../factories/reference-ledger.js';
import { personId } from '../factories/subjects.js';
import { REPO_ROOT } from '../support/cli-harness.js';
import { storeTargets, type StoreTarget } from '../support/store-targets.js';

const T0 = instant(Date.UTC(2026, 2, 1, 9, 0));
const day = (n: number): Instant => instant(T0 + n * MS_PER_DAY);
const court: Agency = { id: 'court-1', kind: 'court', name: 'Dongcheng court', createdAt: T0 };
const DEBTOR = personId('1980-05-05', 81);

const debt = (ref: string) => ({
  sourceRef: ref,
  subject: DEBTOR,
  category: 'court.dishonest-debtor',
  occurredAt: '2026-02-20',
  fields: { amount: 2_500_000, caseNumber: ref },
});

function describeOutbox(target: StoreTarget): void {
  describe(`notices written by the append: ${target.name}`, () => {
    let location: string;
    let store: LedgerStore;
    let audit: AuditSink;
    let now: Instant;

    beforeEach(async () => {
      location = await target.newLocation();
      store = await openReferenceLedger(
        location,
        [{ id: court.id, kind: court.kind, name: court.name }],
        T0,
      );
      audit = openAuditLog(store, { flushIntervalMs: 0 });
      now = T0;
    });

    afterEach(async () => {
      await audit.close();
      await store.close();
      await target.dispose(location);
    });

    afterAll(() => target.end());

    /** What a one-shot command's use cases get: the standing of the documents as loaded now. */
    async function deps() {
      const standing = new LedgerStanding(store, await loadScoringContext(store), () => now);
      return { store, audit, clock: () => now, standing: () => Promise.resolve(standing) };
    }

    it("writes a decision's notice with the event that records it, dated with it, and leaves the sync nothing to derive", async () => {
      const use = await deps();
      const [record] = await submitRecords(use, agencyCaller(court), [debt('D-1')]);
      now = day(2);
      const citizen: Caller = { kind: 'citizen', subject: DEBTOR };
      const objection = await fileObjection(use, citizen, {
        recordId: record?.id ?? 0,
        grounds: 'I paid in January',
      });
      now = day(5);
      const decided = await decideObjection(use, agencyCaller(court), {
        id: objection.event.seq,
        outcome: 'upheld',
        reason: 'No payment reached the court',
      });

      const notices = await store.noticesOfSubject(DEBTOR, 10);
      expect(notices.map((n) => [n.kind, n.source, n.createdAt])).toEqual([
        ['objection-decided', `event:${decided.event.seq}`, day(5)],
        ['record-accepted', `record:${record?.id}`, T0],
      ]);
      expect(notices[0]?.payload).toMatchObject({
        decision: 'upheld',
        decidedBy: { id: court.id, name: court.name },
        appeal: { before: new Date(day(15)).toISOString() },
      });
      // Every append moved the sync's cursor past itself: nothing is read again.
      expect(await store.noticeCursor('ledger')).toBe(await store.headSeq());
      expect(await syncNotices(store, await loadScoringContext(store), day(6))).toBe(0);
      expect((await store.auditOfSubject(DEBTOR, 10)).map((e) => [e.action, e.outcome])).toEqual([
        ['decide-objection-upheld', `accepted upheld ${decided.event.seq}`],
        ['file-objection', `accepted objected ${objection.event.seq}`],
        ['submit-record', 'accepted'],
      ]);
      expect(await verifyAuditLog(store)).toMatchObject({ ok: true, entries: 3 });
    });

    it('writes no notice with a standing that has not seen the latest policy, and the sync derives it with the documents reloaded', async () => {
      const stale = await deps();
      now = day(1);
      const policy = readFileSync(join(REPO_ROOT, 'policies', 'policy.yaml'), 'utf8').replace(
        /^version: 2$/m,
        'version: 3',
      );
      const activated = await activatePolicy(await deps(), OPERATOR, {
        text: policy,
        from: day(1),
      });
      expect(activated).toMatchObject({ version: 3, added: true });

      now = day(2);
      const [record] = await submitRecords(stale, agencyCaller(court), [debt('D-2')]);
      expect(record?.status).toBe('accepted');
      expect(await store.noticesOfSubject(DEBTOR, 10)).toEqual([]);
      expect(await store.noticeCursor('ledger')).toBeLessThan(await store.headSeq());

      expect(await syncNotices(store, await loadScoringContext(store), day(2))).toBe(1);
      const [notice] = await store.noticesOfSubject(DEBTOR, 10);
      expect(notice).toMatchObject({ kind: 'record-accepted', createdAt: day(2) });
      expect(await store.noticeCursor('ledger')).toBe(await store.headSeq());
    });
  });
}

for (const target of storeTargets('outbox')) describeOutbox(target);
