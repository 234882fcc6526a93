// The audit log end to end on a real ledger: group commit under concurrency and backpressure,
// failures that reject their callers, a crash that loses no acknowledged entry, and the hash
// chain naming the first broken link after tampering with the table by hand. Runs on SQLite
// always and on PostgreSQL when PROBITY_TEST_DATABASE_URL names a scratch database.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_AUDIT_FIELD_LENGTH } from '../../src/app/audit/audit-chain.js';
import { openAuditLog } from '../../src/app/audit/audit-log.js';
import type { AuditEvent } from '../../src/app/audit/audit-sink.js';
import { verifyAuditLog } from '../../src/app/audit/audit-verify.js';
import type { AuditEntry, AuditLogStore } from '../../src/app/ports/audit-log-store.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { DomainError } from '../../src/core/errors/domain-error.js';
import { instant } from '../../src/core/time/instant.js';
import { openStore } from '../../src/store/index.js';
import { T0 } from '../factories/ledger-rows.js';
import { personId } from '../factories/subjects.js';
import { REPO_ROOT } from '../support/cli-harness.js';
import { storeTargets, type StoreTarget } from '../support/store-targets.js';

/** Where a fresh ledger can be opened, how to run raw SQL on it, and how to throw it away. */

/** A valid identifier (entries are filed under valid keys; anything else is marked invalid). */
const subjectKey = (n: number): string => personId('1990-01-01', n);

function anEvent(n: number, subject = subjectKey(n % 7)): AuditEvent {
  return {
    at: instant(T0 + n),
    actor: `agency:airline-${n % 3}`,
    purpose: 'enforcement',
    action: 'check',
    subject,
    outcome: `deny travel.flight req-${n}`,
  };
}

async function allEntries(store: AuditLogStore): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (;;) {
    const page = await store.readAudit(entries.at(-1)?.seq ?? 0, 100_000);
    if (page.length === 0) return entries;
    entries.push(...page);
  }
}

/** A store whose audit appends can be slowed down, watched, or made to fail. */
function instrumented(
  store: LedgerStore,
  hooks: { before?: (entries: readonly AuditEntry[]) => Promise<void> | void },
): AuditLogStore {
  return {
    appendAudit: async (entries) => {
      await hooks.before?.(entries);
      return store.appendAudit(entries);
    },
    appendAuditChain: (chain) =>
      store.appendAuditChain(async (last) => {
        const entries = await chain(last);
        await hooks.before?.(entries);
        return entries;
      }),
    lastAudit: () => store.lastAudit(),
    readAudit: (after, limit) => store.readAudit(after, limit),
    auditOfSubject: (subject, limit) => store.auditOfSubject(subject, limit),
    accessLogOf: (subject, query) => store.accessLogOf(subject, query),
    accessLogCounts: (subject) => store.accessLogCounts(subject),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function describeAuditLog(name: string, target: StoreTarget): void {
  describe(`audit log: ${name}`, () => {
    let location: string;
    let store: LedgerStore;

    beforeEach(async () => {
      location = await target.newLocation();
      store = await openStore(location);
    });

    afterEach(async () => {
      await store.close();
      await target.dispose(location);
    });

    afterAll(() => target.end());

    async function aLogOf(entries: number): Promise<void> {
      const log = openAuditLog(store);
      await log.record(Array.from({ length: entries }, (_, i) => anEvent(i + 1)));
      await log.close();
    }

    it('gives concurrent requests distinct consecutive seqs in one valid chain, every entry once', async () => {
      const log = openAuditLog(store);
      const requests = Array.from({ length: 1_000 }, (_, r) =>
        log.record(Array.from({ length: 1 + (r % 3) }, (_, i) => anEvent(r * 10 + i))),
      );
      await Promise.all(requests);
      await log.close();
      const entries = await allEntries(store);
      const expected = Array.from({ length: 1_000 }, (_, r) =>
        Array.from({ length: 1 + (r % 3) }, (_, i) => anEvent(r * 10 + i).outcome),
      ).flat();
      expect(entries.map((e) => e.seq)).toEqual(expected.map((_, i) => i + 1));
      expect(entries.map((e) => e.outcome).sort()).toEqual([...expected].sort());
      // A request's own entries stay together, in the order it gave them.
      const position = new Map(entries.map((e) => [e.outcome, e.seq]));
      expect(position.get(anEvent(2 * 10 + 1).outcome)).toBe(
        (position.get(anEvent(2 * 10).outcome) ?? 0) + 1,
      );
      expect(await verifyAuditLog(store)).toEqual({
        ok: true,
        entries: expected.length,
        head: entries.at(-1)?.hash,
      });
    });

    it('continues the chain from the last entry when opened again', async () => {
      await aLogOf(5);
      await aLogOf(3);
      const entries = await allEntries(store);
      expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect((await verifyAuditLog(store)).ok).toBe(true);
    });

    it("reads a subject's own access log, newest first", async () => {
      await aLogOf(20);
      const mine = await store.auditOfSubject(subjectKey(3), 100);
      expect(mine.map((e) => e.seq)).toEqual([17, 10, 3]);
    });

    it('renumbers and retries when another writer appended first', async () => {
      const a = openAuditLog(store);
      const b = openAuditLog(store);
      await a.record([anEvent(1)]);
      await b.record([anEvent(2)]);
      await a.record([anEvent(3)]); // a's head (seq 1) is stale: seq 2 is taken
      await b.record([anEvent(4)]);
      await Promise.all([a.close(), b.close()]);
      expect((await allEntries(store)).map((e) => e.outcome)).toEqual(
        [1, 2, 3, 4].map((n) => anEvent(n).outcome),
      );
      expect((await verifyAuditLog(store)).ok).toBe(true);
    });

    it('makes callers wait for room when the queue is full, and drops nothing', async () => {
      let inFlight = 0;
      let maxInFlight = 0;
      const slow = instrumented(store, {
        before: async (entries) => {
          inFlight += entries.length;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await sleep(2);
          inFlight -= entries.length;
        },
      });
      const log = openAuditLog(slow, { queueLimit: 8, batchSize: 4, flushIntervalMs: 1 });
      let resolved = 0;
      const requests = Array.from({ length: 300 }, (_, r) =>
        log
          .record(Array.from({ length: 1 + (r % 3) }, (_, i) => anEvent(r * 10 + i)))
          .then(() => resolved++),
      );
      // One call larger than the whole queue still goes through, on its own.
      requests.push(
        log
          .record(Array.from({ length: 20 }, (_, i) => anEvent(10_000 + i)))
          .then(() => resolved++),
      );
      await sleep(20);
      expect(resolved).toBeLessThan(requests.length); // the queue holds callers back
      await Promise.all(requests);
      await log.close();
      const expected = 100 * (1 + 2 + 3) + 20; // 1, 2 or 3 entries per request, then 20
      expect((await allEntries(store)).length).toBe(expected);
      expect(maxInFlight).toBeLessThanOrEqual(20);
      expect((await verifyAuditLog(store)).ok).toBe(true);
    });

    it('rejects the callers of a failed write, and the writer goes on with the next one', async () => {
      // The batch of both calls fails, then each call written again on its own fails too.
      let failuresLeft = 3;
      const flaky = instrumented(store, {
        before: () => {
          if (failuresLeft > 0) {
            failuresLeft -= 1;
            throw new Error('disk full');
          }
        },
      });
      const log = openAuditLog(flaky, { flushIntervalMs: 5 });
      const failed = [log.record([anEvent(1)]), log.record([anEvent(2), anEvent(3)])];
      for (const outcome of await Promise.allSettled(failed)) {
        expect(outcome.status).toBe('rejected');
        const reason: unknown = outcome.status === 'rejected' ? outcome.reason : undefined;
        expect(reason).toBeInstanceOf(DomainError);
        expect((reason as DomainError).code).toBe('AuditWriteFailed');
        // The store's own words stay out of what a caller is told (they are kept as the cause).
        expect((reason as DomainError).message).not.toContain('disk full');
        expect(String((reason as DomainError).cause)).toContain('disk full');
      }
      expect(failuresLeft).toBe(0);
      await log.record([anEvent(4)]);
      await log.close();
      const entries = await allEntries(store);
      expect(entries.map((e) => [e.seq, e.outcome])).toEqual([[1, anEvent(4).outcome]]);
      expect((await verifyAuditLog(store)).ok).toBe(true);
    });

    it('fails only the caller whose entry the store refuses, never the others batched with it', async () => {
      const poisoned = (entries: readonly AuditEntry[]) =>
        entries.some((e) => e.actor === 'agency:poison');
      let batchesWithPoison = 0;
      const refusing = instrumented(store, {
        before: (entries) => {
          if (!poisoned(entries)) return;
          batchesWithPoison += 1;
          throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
        },
      });
      const log = openAuditLog(refusing, { flushIntervalMs: 20 });
      const good = Array.from({ length: 50 }, (_, i) => log.record([anEvent(i + 1)]));
      const bad = log.record([{ ...anEvent(1_000), actor: 'agency:poison' }]);
      const more = Array.from({ length: 50 }, (_, i) => log.record([anEvent(i + 51)]));
      await expect(bad).rejects.toMatchObject({
        code: 'AuditWriteFailed',
        message: expect.not.stringContaining('UTF8') as unknown,
      });
      await Promise.all([...good, ...more]);
      await log.close();
      expect(batchesWithPoison).toBe(2); // the shared batch, then the culprit alone
      const entries = await allEntries(store);
      expect(entries.map((e) => e.outcome).sort()).toEqual(
        Array.from({ length: 100 }, (_, i) => anEvent(i + 1).outcome).sort(),
      );
      expect(await verifyAuditLog(store)).toMatchObject({ ok: true, entries: 100 });
    });

    it('stores text the database cannot hold as given (NUL, lone surrogates) as U+FFFD, and the chain verifies', async () => {
      const subjects = [
        '\ud800',
        'a\u0000b',
        'x\udc00',
        '\ud83d\ud83d\ude00',
        'z'.repeat(100_000),
        // Storable as given, and read back as given:
        'ok 😀 (2026)京0105执1号',
        '\u0001\t\n\u001f\u007f\u2028\u200f\uffff\ufffe',
      ];
      const log = openAuditLog(store);
      await log.record(subjects.map((subject, i) => ({ ...anEvent(i + 1), subject })));
      await log.record([{ ...anEvent(99), actor: 'agency:\u0000', outcome: 'refused \ud800' }]);
      await log.close();
      const entries = await allEntries(store);
      // None is an identifier: each is filed as one that does not validate (audit-subject.ts).
      expect(entries.map((e) => e.subject)).toEqual([
        'invalid:\ufffd',
        'invalid:a\ufffdb',
        'invalid:x\ufffd',
        'invalid:\ufffd😀',
        `invalid:${'z'.repeat(MAX_AUDIT_FIELD_LENGTH - 'invalid:'.length)}…`,
        'invalid:ok 😀 (2026)京0105执1号',
        'invalid:\u0001\t\n\u001f\u007f\u2028\u200f\uffff\ufffe',
        subjectKey(99 % 7),
      ]);
      expect(entries.at(-1)).toMatchObject({ actor: 'agency:\ufffd', outcome: 'refused \ufffd' });
      expect(await verifyAuditLog(store)).toMatchObject({ ok: true, entries: 8 });
    });

    it('flushes what is queued on close, then refuses new entries', async () => {
      const log = openAuditLog(store, { flushIntervalMs: 60_000, batchSize: 1_000 });
      let done = 0;
      const pending = [log.record([anEvent(1)]), log.record([anEvent(2)])].map((p) =>
        p.then(() => done++),
      );
      await sleep(10);
      expect(done).toBe(0); // waiting for company, a minute away
      await log.close();
      await Promise.all(pending);
      expect((await allEntries(store)).length).toBe(2);
      await expect(log.record([anEvent(3)])).rejects.toMatchObject({ code: 'AuditLogClosed' });
    });

    it('loses no acknowledged entry when the writing process is killed', async () => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(REPO_ROOT, 'test/support/audit-writer-child.ts'), location],
        {
          cwd: REPO_ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      let err = '';
      let lines = 0;
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) lines += 1;
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
      const exited = new Promise((r) => child.once('exit', r));
      // Counted as chunks arrive: splitting the whole output every tick would slow the loop down
      // until the child had written far more than needed.
      for (let i = 0; i < 600 && lines < 3_000; i++) await sleep(25);
      child.kill('SIGKILL');
      await exited;
      // Only lines the child finished writing: a line cut by the kill is not an acknowledgement.
      const acknowledged = out.split('\n').slice(0, -1);
      expect(acknowledged.length, err).toBeGreaterThan(1_000);
      const entries = await allEntries(store);
      const logged = new Set(entries.map((e) => e.outcome));
      expect(acknowledged.filter((id) => !logged.has(id))).toEqual([]);
      expect(await verifyAuditLog(store)).toMatchObject({ ok: true, entries: entries.length });
    }, 60_000);

    describe('names the first broken link after tampering', () => {
      beforeEach(() => aLogOf(60));

      const cases: [string, string[], { seq: number; problem: string }][] = [
        [
          'an altered field',
          ["update audit_log set outcome = 'allow travel.flight' where seq = 42"],
          { seq: 42, problem: 'altered' },
        ],
        [
          'an altered last entry',
          ["update audit_log set actor = 'operator' where seq = 60"],
          { seq: 60, problem: 'altered' },
        ],
        [
          'a removed entry',
          ['delete from audit_log where seq = 42'],
          { seq: 42, problem: 'missing' },
        ],
        [
          'a removed first entry',
          ['delete from audit_log where seq = 1'],
          { seq: 1, problem: 'missing' },
        ],
        ['two adjacent entries swapped', swap(42, 43), { seq: 42, problem: 'reordered' }],
        ['two distant entries swapped', swap(12, 50), { seq: 12, problem: 'reordered' }],
        [
          'a replaced hash',
          [`update audit_log set hash = '${'f'.repeat(64)}' where seq = 42`],
          { seq: 42, problem: 'hash' },
        ],
      ];

      it.each(cases)('%s', async (_name, statements, firstBroken) => {
        expect((await verifyAuditLog(store)).ok).toBe(true);
        await target.tamper(location, statements);
        const report = await verifyAuditLog(store);
        expect(report.ok).toBe(false);
        expect(report).toMatchObject({ firstBroken });
      });

      it('takes a rewritten tail with recomputed hashes only against a recorded anchor', async () => {
        const anchor = await store.lastAudit();
        if (anchor === undefined) throw new Error('no entries');
        expect((await verifyAuditLog(store, anchor)).ok).toBe(true);
        await target.tamper(location, ['delete from audit_log where seq > 55']);
        expect((await verifyAuditLog(store)).ok).toBe(true); // a shorter chain is still a chain
        expect(await verifyAuditLog(store, anchor)).toMatchObject({
          ok: false,
          firstBroken: { seq: 60, problem: 'missing' },
        });
      });
    });
  });
}

/** Statements that swap two entries' places (their contents, hash included, change seq). */
function swap(a: number, b: number): string[] {
  return [
    `update audit_log set seq = -1 where seq = ${a}`,
    `update audit_log set seq = ${a} where seq = ${b}`,
    `update audit_log set seq = ${b} where seq = -1`,
  ];
}

for (const target of storeTargets('audit')) describeAuditLog(target.name, target);
