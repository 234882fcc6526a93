// The audit log and the notices at city volume (migration 0012, docs/audit.md): a store written
// at version 11 migrates forward without losing a row on both dialects and its audit chain still
// verifies; on PostgreSQL both tables are partitioned by month, the subject's access log is
// served by the partitions' indexes, a month-bounded read touches one partition, a row of a month
// without its partition waits in DEFAULT and moves to its own partition, and deriving a notice
// twice still inserts it once.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { chainAuditEntries, EMPTY_AUDIT_CHAIN } from '../../src/app/audit/audit-chain.js';
import type { AuditEvent } from '../../src/app/audit/audit-sink.js';
import { verifyAuditLog } from '../../src/app/audit/audit-verify.js';
import type { NewNotice } from '../../src/app/ports/notice-store.js';
import { instant } from '../../src/core/time/instant.js';
import {
  ensurePartitions,
  monthOf,
  monthPartitions,
  monthStart,
} from '../../src/store/audit-partitions.js';
import { openStore } from '../../src/store/index.js';
import { ledgerMigrations } from '../../src/store/migrations/migration-provider.js';
import { personId } from '../factories/subjects.js';
import { storeTargets } from '../support/store-targets.js';

const JAN = Date.UTC(2026, 0, 15, 9, 0);
const FEB = Date.UTC(2026, 1, 15, 9, 0);
const subjectKey = (n: number): string => personId('1990-01-01', n);

function events(count: number, from: number): AuditEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    at: instant(from + i * 60_000),
    actor: `agency:airline-${i % 3}`,
    purpose: 'enforcement',
    action: 'check',
    subject: subjectKey(i % 5),
    outcome: `allow travel.flight req-${i}`,
  }));
}

function notice(n: number, createdAt: number): NewNotice {
  return {
    subject: subjectKey(n % 5),
    kind: 'record-accepted',
    source: `record:${n}`,
    createdAt: instant(createdAt),
    payload: { kind: 'record-accepted' } as unknown as NewNotice['payload'],
  };
}

/** A ledger schema as version 11 left it, on an empty database. */
async function storeAtVersion11(postgres: boolean, location: string): Promise<Kysely<unknown>> {
  const db = postgres
    ? new Kysely<unknown>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: location, max: 1 }) }),
      })
    : new Kysely<unknown>({
        dialect: new SqliteDialect({
          database: new Database((mkdirSync(dirname(location), { recursive: true }), location)),
        }),
      });
  const schema = postgres
    ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
    : undefined;
  const migrator = new Migrator({
    db,
    provider: ledgerMigrations(postgres ? 'postgres' : 'sqlite'),
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error } = await migrator.migrateTo('0011-citizen-preferences');
  if (error !== undefined) throw error as Error;
  return db;
}

for (const target of storeTargets('auditpart')) {
  const postgres = target.name === 'PostgreSQL';
  describe(`the audit log and the notices at city volume on ${target.name}`, () => {
    afterAll(() => target.end());

    it('migrates a store with audit entries and notices at version 11 forward without losing a row, and its chain still verifies', async () => {
      const location = await target.newLocation();
      const old = await storeAtVersion11(postgres, location);
      const entries = chainAuditEntries(EMPTY_AUDIT_CHAIN, [
        ...events(40, JAN),
        ...events(30, FEB),
      ]);
      try {
        for (const e of entries) {
          await sql`insert into audit_log (seq, at, actor, purpose, action, subject, outcome, hash)
            values (${e.seq}, ${e.at}, ${e.actor}, ${e.purpose}, ${e.action}, ${e.subject}, ${e.outcome}, ${e.hash})`.execute(
            old,
          );
        }
        for (const n of [1, 2, 3]) {
          await sql`insert into notices (subject_key, kind, source, created_at, payload, status, attempts, next_attempt_at)
            values (${subjectKey(n)}, 'record-accepted', ${`record:${n}`}, ${n === 3 ? FEB : JAN}, '{}', 'pending', 0, ${JAN})`.execute(
            old,
          );
        }
      } finally {
        await old.destroy();
      }

      const store = await openStore(location);
      try {
        expect(await verifyAuditLog(store)).toMatchObject({
          ok: true,
          entries: 70,
          head: entries.at(-1)?.hash,
        });
        expect(await store.readAudit(0, 1_000)).toEqual(entries);
        expect((await store.accessLogOf(subjectKey(1), { limit: 100 })).length).toBe(14);
        // The notices are all there, and deriving them again creates none.
        expect((await store.noticesOfSubject(subjectKey(3), 10)).map((n) => n.source)).toEqual([
          'record:3',
        ]);
        expect(
          await store.addNotices([notice(1, JAN), notice(3, FEB)], { source: 'ledger', seq: 3 }),
        ).toBe(0);
        expect(await store.addNotices([notice(4, FEB)], { source: 'ledger', seq: 4 })).toBe(1);
        // New entries chain on from the migrated ones.
        await store.appendAudit(chainAuditEntries(entries.at(-1)!, events(2, FEB + 3_600_000)));
        expect(await verifyAuditLog(store)).toMatchObject({ ok: true, entries: 72 });
      } finally {
        await store.close();
      }
      if (postgres) {
        const db = new Kysely<unknown>({
          dialect: new PostgresDialect({
            pool: new pg.Pool({ connectionString: location, max: 1 }),
          }),
        });
        try {
          const current = monthOf(Date.now());
          expect(await monthPartitions(db, 'audit_log')).toEqual(
            expect.arrayContaining([
              'audit_log_p202601',
              'audit_log_p202602',
              `audit_log_p${current.replace('-', '')}`,
            ]),
          );
          expect(await monthPartitions(db, 'notices')).toEqual(
            expect.arrayContaining(['notices_p202601', 'notices_p202602']),
          );
          const { rows } = await sql<{
            n: number;
          }>`select count(*)::int as n from audit_log_p202601`.execute(db);
          expect(rows[0]?.n).toBe(40);
        } finally {
          await db.destroy();
        }
      }
    });

    if (!postgres) return;

    it('serves a subject’s access log, verify’s paging and the due notices from the partitions’ indexes, and a month-bounded read from one partition', async () => {
      const location = await target.newLocation();
      const store = await openStore(location);
      try {
        await store.appendAuditChain((last) =>
          chainAuditEntries(last ?? EMPTY_AUDIT_CHAIN, [...events(50, JAN), ...events(50, FEB)]),
        );
      } finally {
        await store.close();
      }
      // Opening the store again makes January's and February's partitions (their rows waited in
      // DEFAULT: the store was made in another month).
      await (await openStore(location)).close();
      const client = new pg.Client({ connectionString: location });
      await client.connect();
      try {
        await client.query('begin');
        // A few rows per partition: without this the planner rightly prefers reading them all.
        await client.query('set local enable_seqscan = off');
        await client.query('set local enable_bitmapscan = off');
        const plan = async (text: string, values: unknown[]): Promise<string> =>
          (await client.query<{ 'QUERY PLAN': string }>(`explain ${text}`, values)).rows
            .map((r) => r['QUERY PLAN'])
            .join('\n');
        const newestFirst = await plan(
          'select * from audit_log where subject = $1 order by seq desc limit 200',
          [subjectKey(1)],
        );
        expect(newestFirst).toMatch(/Index Scan Backward using audit_log_p202601_subject_seq_idx/);
        expect(newestFirst).toMatch(/Merge Append/);
        expect(newestFirst).not.toMatch(/Seq Scan|-> +Sort /);
        const february = await plan(
          'select * from audit_log where subject = $1 and at >= $2 and at < $3 order by seq desc limit 200',
          [subjectKey(1), monthStart('2026-02'), monthStart('2026-03')],
        );
        const partitions = new Set(february.match(/audit_log_p\d{6}|audit_log_default/g));
        expect([...partitions]).toEqual(['audit_log_p202602']);
        // Verify's paging by seq, and the deliverer's due notices, are index-served too.
        const paging = await plan(
          'select * from audit_log where seq > $1 order by seq limit 10000',
          [20],
        );
        expect(paging).toMatch(/Merge Append/);
        expect(paging).toMatch(/Index Scan using audit_log_p202601_pkey/);
        expect(paging).not.toMatch(/Seq Scan|-> +Sort /);
        const due = await plan(
          "select * from notices where status = 'pending' and next_attempt_at <= $1 order by next_attempt_at, id limit 100",
          [FEB],
        );
        expect(due).toMatch(/Index Scan using notices_\w+_status_next_attempt_at_idx/);
        expect(due).not.toMatch(/Seq Scan/);
        await client.query('rollback');
      } finally {
        await client.end();
      }
    });

    it('keeps a row of a month without its partition in DEFAULT, and moves it into its own partition when partitions are made', async () => {
      const location = await target.newLocation();
      const store = await openStore(location);
      const far = Date.UTC(2031, 6, 4, 12, 0);
      try {
        await store.appendAuditChain((last) =>
          chainAuditEntries(last ?? EMPTY_AUDIT_CHAIN, events(3, far)),
        );
        await store.addNotices([notice(9, far)], { source: 'ledger', seq: 9 });
      } finally {
        await store.close();
      }
      const db = new Kysely<unknown>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: location, max: 1 }) }),
      });
      try {
        const count = async (table: string): Promise<number> =>
          (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db))
            .rows[0]?.n ?? -1;
        expect(await count('audit_log_default')).toBe(3);
        expect(await count('notices_default')).toBe(1);
        expect(await ensurePartitions(db, Date.now())).toEqual([
          'audit_log_p203107',
          'notices_p203107',
        ]);
        expect(await count('audit_log_default')).toBe(0);
        expect(await count('audit_log_p203107')).toBe(3);
        expect(await count('notices_p203107')).toBe(1);
      } finally {
        await db.destroy();
      }
      const reopened = await openStore(location);
      try {
        expect(await verifyAuditLog(reopened)).toMatchObject({ ok: true, entries: 3 });
      } finally {
        await reopened.close();
      }
    });

    it('refuses an audit entry repeating a taken seq with another instant, which the (seq, at) key alone would let in', async () => {
      const location = await target.newLocation();
      const store = await openStore(location);
      try {
        const [first] = await store.appendAuditChain((last) =>
          chainAuditEntries(last ?? EMPTY_AUDIT_CHAIN, events(1, JAN)),
        );
        await expect(store.appendAudit([{ ...first!, at: instant(FEB) }])).rejects.toMatchObject({
          code: 'AuditConflict',
        });
        expect(await store.readAudit(0, 10)).toEqual([first]);
      } finally {
        await store.close();
      }
    });
  });
}
