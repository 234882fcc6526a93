// One truth per write (issue 9): a write's ledger rows, its notices and its audit entry are
// committed together, or the request fails and nothing is written; an entry that cannot be written
// fails its own request only. On SQLite and (when PROBITY_TEST_DATABASE_URL is set) PostgreSQL,
// through Fastify, with the audit log made to refuse the entries that name one subject, as a
// database that refuses a row would (a trigger added to the store by hand).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntriesOf, verifyAuditLog } from '../../src/app/audit/audit-verify.js';
import type { AuditEntry } from '../../src/app/ports/audit-log-store.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { buildServer, type ProbityHttp } from '../../src/http/server.js';
import { openServerApp, type ServerApp } from '../../src/main/server-app.js';
import { openStore } from '../../src/store/index.js';
import { personId } from '../factories/subjects.js';
import { storeTargets, type StoreTarget } from '../support/store-targets.js';
import { bearer, debtorRecord, startHarness, type Harness } from './http-harness.js';

/** The subject whose audit entries the store refuses. */
const REFUSED = personId('1984-04-04', 404);
const WRITERS = 40;
const CHECKS = 40;
const VERIFIES = 5;

interface ErrorBody {
  error: { code: string; message: string };
}

/** Statements that make the audit log refuse every entry naming `subject`, and that undo it. */
function refusal(target: StoreTarget, subject: string): { add: string[]; drop: string[] } {
  if (target.name === 'PostgreSQL') {
    return {
      add: [
        `create function refuse_audit() returns trigger language plpgsql as $$
           begin
             if new.subject = '${subject}' then raise exception 'refused by the test'; end if;
             return new;
           end $$`,
        'create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit()',
      ],
      drop: ['drop trigger refuse_audit on audit_log', 'drop function refuse_audit()'],
    };
  }
  return {
    add: [
      `create trigger refuse_audit before insert on audit_log when new.subject = '${subject}'
         begin select raise(abort, 'refused by the test'); end`,
    ],
    drop: ['drop trigger refuse_audit'],
  };
}

async function allEntries(store: LedgerStore): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for await (const entry of auditEntriesOf(store)) entries.push(entry);
  return entries;
}

function describeWriteAudit(target: StoreTarget): void {
  describe(`a write and its audit entry, committed together: ${target.name}`, () => {
    let location: string;
    let h: Harness;
    const refuse = refusal(target, REFUSED);

    beforeAll(async () => {
      location = await target.newLocation();
      h = await startHarness({ location });
    });

    afterAll(async () => {
      await h.close();
      await target.dispose(location);
      await target.end();
    });

    const submit = (app: ProbityHttp, records: unknown[]) =>
      app.inject({
        method: 'POST',
        url: '/v1/records',
        headers: bearer('court'),
        payload: { records },
      });

    it('answers 503 AuditWriteFailed to a submission whose audit entry cannot be written, and writes nothing of it: no record, no notice', async () => {
      const other = personId('1985-05-05', 405);
      const batch = [
        debtorRecord(other, 'w-1', '2026-02-20'),
        debtorRecord(REFUSED, 'w-2', '2026-02-20'),
      ];
      const head = await h.store.headSeq();
      const lastEntry = (await h.store.lastAudit())?.seq ?? 0;
      await target.tamper(location, refuse.add);
      let refused;
      try {
        refused = await submit(h.app, batch);
      } finally {
        await target.tamper(location, refuse.drop);
      }
      expect(refused.statusCode).toBe(503);
      expect(refused.json<ErrorBody>().error.code).toBe('AuditWriteFailed');
      expect(refused.body).not.toMatch(/refused by the test|sqlite|postgres/i);

      expect(await h.store.headSeq()).toBe(head);
      for (const subject of [other, REFUSED]) {
        expect(await h.store.recordsOfSubject(subject)).toEqual([]);
        expect(await h.store.noticesOfSubject(subject, 10)).toEqual([]);
      }
      // The refusal is audited (it names no subject); no entry of a write that did not happen.
      expect(
        (await h.store.readAudit(lastEntry, 100)).map((e) => [e.action, e.subject, e.outcome]),
      ).toEqual([['submit-records', '', 'rejected AuditWriteFailed']]);

      // Once the log takes them, the same records are written with their notices and entries.
      const accepted = await submit(h.app, batch);
      expect(accepted.statusCode, accepted.body).toBe(201);
      for (const subject of [other, REFUSED]) {
        const [record] = await h.store.recordsOfSubject(subject);
        expect(
          (await h.store.noticesOfSubject(subject, 10)).map((n) => [n.kind, n.createdAt]),
        ).toEqual([['record-accepted', record?.recordedAt]]);
        expect(
          (await h.store.auditOfSubject(subject, 10)).map((e) => [e.action, e.outcome]),
        ).toEqual([['submit-record', 'accepted']]);
      }
      expect(await verifyAuditLog(h.store)).toMatchObject({ ok: true });
    });

    it('answers 503 to a record event whose audit entry cannot be written, and leaves the record without it', async () => {
      const subject = personId('1986-06-06', 406);
      const created = await submit(h.app, [debtorRecord(subject, 'e-1', '2026-02-20')]);
      expect(created.statusCode).toBe(201);
      const [{ id }] = created.json<{ results: [{ id: number }] }>().results;
      const { add, drop } = refusal(target, subject);
      await target.tamper(location, add);
      try {
        const head = await h.store.headSeq();
        const res = await h.app.inject({
          method: 'POST',
          url: `/v1/records/${id}/events`,
          headers: bearer('court'),
          payload: { type: 'fulfilled' },
        });
        expect(res.statusCode).toBe(503);
        expect(res.json<ErrorBody>().error.code).toBe('AuditWriteFailed');
        expect(await h.store.headSeq()).toBe(head);
        expect(await h.store.recordEventsOf(id)).toEqual([]);
      } finally {
        await target.tamper(location, drop);
      }
    });

    it('keeps one verifiable audit chain under concurrent submissions, checks and verifications, and fails only the requests whose own entry is refused', async () => {
      // On PostgreSQL a second server shares the ledger, as several servers do: its own
      // connections, its own group-commit log, the same audit lock.
      let second: { store: LedgerStore; server: ServerApp; app: ProbityHttp } | undefined;
      if (target.name === 'PostgreSQL') {
        const store = await openStore(location);
        const server = openServerApp(store, { clock: h.clock, pollMs: 0 });
        const app = await buildServer(server.httpDeps, {});
        await app.ready();
        await server.load();
        second = { store, server, app };
      }
      const refusedRecords = (await h.store.recordsOfSubject(REFUSED)).length;
      await target.tamper(location, refuse.add);
      try {
        const apps = second ? [h.app, second.app] : [h.app];
        const subjects = Array.from({ length: WRITERS }, (_, i) =>
          i % 4 === 3 ? REFUSED : personId(`19${50 + (i % 40)}-0${1 + (i % 9)}-2${i % 8}`, i),
        );
        const writes = subjects.map((subject, i) =>
          submit(apps[i % apps.length] ?? h.app, [debtorRecord(subject, `c-${i}`, '2026-02-21')]),
        );
        const checked = Array.from({ length: CHECKS }, (_, i) =>
          i % 5 === 4 ? REFUSED : (subjects[i % WRITERS] ?? REFUSED),
        );
        const checks = checked.map((subject, i) =>
          (apps[(i + 1) % apps.length] ?? h.app).inject({
            method: 'POST',
            url: '/v1/checks',
            headers: bearer('aviation'),
            payload: { subject, measure: 'travel.flight', purpose: 'enforcement' },
          }),
        );
        const verifies = Array.from({ length: VERIFIES }, () => verifyAuditLog(h.store));
        const [written, answered, verified] = await Promise.all([
          Promise.all(writes),
          Promise.all(checks),
          Promise.all(verifies),
        ]);

        expect(written.map((r) => r.statusCode)).toEqual(
          subjects.map((s) => (s === REFUSED ? 503 : 201)),
        );
        expect(answered.map((r) => r.statusCode)).toEqual(
          checked.map((s) => (s === REFUSED ? 503 : 200)),
        );
        for (const res of [...written, ...answered].filter((r) => r.statusCode === 503))
          expect(res.json<ErrorBody>().error.code).toBe('AuditWriteFailed');
        for (const report of verified) expect(report).toMatchObject({ ok: true });

        // Nothing of the refused writes; every other record with its entry and its notice.
        expect(await h.store.recordsOfSubject(REFUSED)).toHaveLength(refusedRecords);
        const entries = await allEntries(h.store);
        expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
        const submitted = entries.filter(
          (e) => e.action === 'submit-record' && e.subject !== REFUSED,
        );
        for (const [i, subject] of subjects.entries()) {
          if (subject === REFUSED) continue;
          const records = await h.store.recordsOfSubject(subject);
          expect(records.map((r) => r.sourceRef)).toEqual([`c-${i}`]);
          expect(submitted.filter((e) => e.subject === subject)).toHaveLength(1);
          expect((await h.store.noticesOfSubject(subject, 10)).map((n) => n.kind)).toEqual([
            'record-accepted',
          ]);
        }
        expect(await verifyAuditLog(h.store)).toEqual({
          ok: true,
          entries: entries.length,
          head: entries.at(-1)?.hash,
        });
      } finally {
        await target.tamper(location, refuse.drop);
        if (second) {
          await second.app.close();
          await second.server.close();
          await second.store.close();
        }
      }
    });
  });
}

for (const target of storeTargets('write_audit')) describeWriteAudit(target);
