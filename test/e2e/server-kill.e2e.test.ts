// The server killed with SIGKILL under concurrent writes, then started again, on SQLite and (when
// PROBITY_TEST_DATABASE_URL is set) PostgreSQL. While several writers submit records and checkers
// check subjects over HTTP, `probity serve` is killed mid-load; the restarted server must show
// that every acknowledgement was true:
//
//   - every record answered 201 is in the ledger exactly once (and nothing is there twice);
//   - the restarted engine answers every subject as the ledger says (a listed record whose notice
//     period has passed denies, a subject with no record allows), acknowledged or not;
//   - every acknowledged write and check has its audit entry;
//   - `probity verify` passes.
//
// The store is a simulation whose clock the test sets with --now: the writes are accepted at T1,
// the restarted server answers at T1 + 30 days, past the list's notice period.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { openStore } from '../../src/store/index.js';
import { personId } from '../factories/subjects.js';
import {
  exited,
  probity,
  scratchDir,
  startServeProcess,
  stopServeProcess,
  type ServeProcess,
} from '../support/cli-harness.js';
import { storeTargets } from '../support/store-targets.js';

const T_INIT = '2026-01-01T00:00:00Z';
/** When the records are accepted (the first server's clock). */
const T1 = '2026-06-01T00:00:00Z';
/** When the restarted server answers: past the dishonest-debtor list's notice period (P10D). */
const T2 = '2026-07-01T00:00:00Z';
const WRITERS = 6;
const CHECKERS = 2;
/** Kill once this many records are acknowledged (or at the latest after MAX_LOAD_MS). */
const ACKED_BEFORE_KILL = 60;
const MIN_LOAD_MS = 1_000;
const MAX_LOAD_MS = 5_000;
const MEASURE = 'travel.flight';

interface Submission {
  readonly subject: string;
  readonly sourceRef: string;
}

/** What one request got: a status, or no answer (the connection died with the server). */
interface Outcome<T> {
  readonly status: number | 'no answer';
  readonly body?: T;
}

interface RecordsAnswer {
  results: { sourceRef: string; id: number; status: string }[];
}

interface CheckAnswer {
  subject: string;
  decision: string;
  checkId: string;
}

async function postJson<T>(
  url: string,
  token: string,
  body: unknown,
): Promise<Outcome<T> & { readonly text?: string }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return res.ok
      ? { status: res.status, body: JSON.parse(text) as T }
      : { status: res.status, text };
  } catch {
    return { status: 'no answer' };
  }
}

/** The n-th subject of the load: an adult, one per record. */
function subjectOf(n: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  return personId(birth, n % 1000);
}

async function withStore<T>(
  location: string,
  work: (store: LedgerStore) => Promise<T>,
): Promise<T> {
  const store = await openStore(location);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function auditEntries(store: LedgerStore) {
  const entries = [];
  for (let after = 0; ;) {
    const page = await store.readAudit(after, 10_000);
    if (page.length === 0) return entries;
    entries.push(...page);
    after = page[page.length - 1]?.seq ?? after;
  }
}

describe.each(storeTargets('kill'))(
  'a server killed under concurrent writes on $name',
  (target) => {
    const servers: ServeProcess[] = [];
    afterAll(async () => {
      for (const server of servers)
        if (server.child.exitCode === null) server.child.kill('SIGKILL');
      await target.end();
    });

    it('keeps every acknowledged record exactly once, answers from the ledger after a restart, and audits every acknowledged request', async () => {
      const cwd = scratchDir('probity-kill-');
      const db = await target.newLocation();
      const keyFile = join(cwd, 'authority-key.pem');
      const at = (now: string, ...args: string[]) =>
        probity([...args, '--db', db, '--key-file', keyFile, '--now', now]);
      expect((await at(T_INIT, 'init', '--simulation')).code).toBe(0);
      const court = (
        await at(T_INIT, 'agency', 'add', 'court-1', '--kind', 'court', '--json')
      ).json<{ token: string }>()[0]?.token;
      const aviation = (
        await at(T_INIT, 'agency', 'add', 'aviation-1', '--kind', 'aviation', '--json')
      ).json<{ token: string }>()[0]?.token;
      if (!court || !aviation) throw new Error('agencies not added');

      // -- Load, and a kill in the middle of it --------------------------------------------------
      const first = await startServeProcess({
        db,
        keyFile: join(cwd, 'authority-key.pem'),
        now: T1,
        cwd,
      });
      servers.push(first);
      const submissions: Submission[] = [];
      const recordAnswers: Outcome<RecordsAnswer>[] = [];
      const batches: Submission[][] = [];
      const checkAnswers: Outcome<CheckAnswer>[] = [];
      const failedBeforeKill: string[] = [];
      let killed = false;
      let next = 0;

      const writer = async () => {
        while (!killed) {
          const size = 1 + (next % 3);
          const batch = Array.from({ length: size }, () => {
            const n = next++;
            return { subject: subjectOf(n), sourceRef: `kill-${n}` };
          });
          submissions.push(...batch);
          const answer = await postJson<RecordsAnswer>(`${first.url}/v1/records`, court, {
            records: batch.map((s) => ({
              sourceRef: s.sourceRef,
              subject: s.subject,
              category: 'court.dishonest-debtor',
              occurredAt: '2026-05-01',
              fields: { amount: 2_500_000, caseNumber: `(2026)京0105执${s.sourceRef}号` },
            })),
          });
          if (answer.status === 'no answer' ? !killed : answer.status !== 201)
            failedBeforeKill.push(`records: ${answer.status} ${answer.text?.slice(0, 200) ?? ''}`);
          recordAnswers.push(answer);
          batches.push(batch);
        }
      };
      const checker = async (k: number) => {
        for (let i = 0; !killed; i++) {
          const known = submissions[(i * 7 + k) % Math.max(1, submissions.length)];
          const answer = await postJson<CheckAnswer>(`${first.url}/v1/checks`, aviation, {
            subject: known?.subject ?? subjectOf(0),
            measure: MEASURE,
            purpose: 'enforcement',
          });
          if (answer.status === 'no answer' ? !killed : answer.status !== 200)
            failedBeforeKill.push(`check: ${answer.status} ${answer.text?.slice(0, 200) ?? ''}`);
          checkAnswers.push(answer);
        }
      };
      const acknowledged = () => recordAnswers.filter((a) => a.status === 201).length;
      const load = [
        ...Array.from({ length: WRITERS }, writer),
        ...Array.from({ length: CHECKERS }, (_, k) => checker(k)),
      ];
      const started = Date.now();
      while (
        Date.now() - started < MAX_LOAD_MS &&
        (Date.now() - started < MIN_LOAD_MS || acknowledged() < ACKED_BEFORE_KILL)
      ) {
        await new Promise((r) => setTimeout(r, 50));
      }
      killed = true;
      first.child.kill('SIGKILL');
      await exited(first.child);
      await Promise.all(load);

      expect(failedBeforeKill).toEqual([]);
      // Killed mid-load: some submissions were in flight and never answered.
      expect(recordAnswers.some((a) => a.status === 'no answer')).toBe(true);
      const acked = recordAnswers.flatMap((a, i) =>
        a.status === 201 && a.body
          ? a.body.results.map((r, j) => ({ ...r, subject: batches[i]?.[j]?.subject ?? '' }))
          : [],
      );
      expect(acked.length).toBeGreaterThan(0);
      expect(acked.every((r) => r.status === 'accepted')).toBe(true);

      // -- The ledger: every acknowledged record exactly once ------------------------------------
      const ledger = await withStore(db, async (store) => {
        const bySubject = new Map<string, number>();
        for (const s of submissions) {
          const records = await store.recordsOfSubject(s.subject);
          bySubject.set(s.subject, records.length);
          if (records.some((r) => r.sourceRef !== s.sourceRef))
            throw new Error(`${s.subject} holds a record that is not ${s.sourceRef}`);
        }
        const missing: string[] = [];
        for (const r of acked) {
          const stored = await store.findRecord(r.id);
          if (stored?.sourceRef !== r.sourceRef || stored.subject !== r.subject)
            missing.push(`${r.sourceRef} (id ${r.id})`);
        }
        return { bySubject, missing };
      });
      expect(ledger.missing).toEqual([]);
      expect([...ledger.bySubject.values()].filter((n) => n > 1)).toEqual([]);
      for (const r of acked) expect(ledger.bySubject.get(r.subject)).toBe(1);

      // -- The restarted server answers every subject as the ledger says ---------------------------
      const second = await startServeProcess({
        db,
        keyFile: join(cwd, 'authority-key.pem'),
        now: T2,
        cwd,
      });
      servers.push(second);
      const batch = await postJson<{ results: { subject: string; decision?: string }[] }>(
        `${second.url}/v1/checks/batch`,
        aviation,
        { measure: MEASURE, purpose: 'enforcement', subjects: submissions.map((s) => s.subject) },
      );
      expect(batch.status).toBe(200);
      const answers = new Map(batch.body?.results.map((r) => [r.subject, r.decision]));
      const disagreements = submissions
        .map((s) => ({
          subject: s.subject,
          ledger: ledger.bySubject.get(s.subject) ? 'deny' : 'allow',
          engine: answers.get(s.subject),
        }))
        .filter((d) => d.ledger !== d.engine);
      expect(disagreements).toEqual([]);
      await stopServeProcess(second);

      // -- Every acknowledged request has its audit entry -----------------------------------------
      const audit = await withStore(db, auditEntries);
      const written = new Set(
        audit
          .filter((e) => e.action === 'submit-record' && e.outcome === 'accepted')
          .map((e) => `${e.actor} ${e.subject}`),
      );
      const unaudited = acked.filter((r) => !written.has(`agency:court-1 ${r.subject}`));
      expect(unaudited.map((r) => r.sourceRef)).toEqual([]);
      const checked = new Set(
        audit.filter((e) => e.action === 'check').map((e) => e.outcome.split(' ').at(-1)),
      );
      const ackedChecks = checkAnswers.flatMap((a) =>
        a.status === 200 && a.body ? [a.body.checkId] : [],
      );
      expect(ackedChecks.length).toBeGreaterThan(0);
      expect(ackedChecks.filter((id) => !checked.has(id))).toEqual([]);

      // -- And the audit chain (and all verify checks) hold --------------------------------------
      const verify = await probity([
        ...['verify', '--db', db, '--key-file', keyFile],
        ...['--out', join(cwd, 'data', 'publications')],
      ]);
      expect(
        verify.code,
        `probity verify:
${verify.stdout}${verify.stderr}`,
      ).toBe(0);
      await target.dispose(db);
    }, 120_000);
  },
);
