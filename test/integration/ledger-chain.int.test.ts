// The ledger chain on real stores (both dialects): every write path fills the hashes (the catalogue
// and policy of init, an agency, records through the bulk path, record and subject events), the
// head moves with them, and a store made before the chain existed (migration 0007) is chained on
// its next open, ending at the very head the append path would have reached.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { LEDGER_CHAIN_COLUMNS } from '../../src/app/ledger/ledger-chain.js';
import { ledgerRowsOf } from '../../src/app/ledger/ledger-chain-verify.js';
import { SEQ_COLUMN } from '../../src/store/ledger-chain-queries.js';
import { ledgerMigrations } from '../../src/store/migrations/migration-provider.js';
import { appendToLedger } from '../../src/app/ledger/ledger-append.js';
import { verifyLedger } from '../../src/app/ledger/ledger-chain-verify.js';
import { catalogInForce } from '../../src/app/policy/catalog-in-force.js';
import { ingestRecords } from '../../src/app/records/record-ingest.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import type { Agency } from '../../src/core/ledger/ledger-types.js';
import { instant } from '../../src/core/time/instant.js';
import { openStore } from '../../src/store/index.js';
import { openReferenceLedger } from '../factories/reference-ledger.js';
import { personId } from '../factories/subjects.js';
import { storeTargets } from '../support/store-targets.js';

const NOW = instant(Date.UTC(2026, 2, 1, 9, 0));
const court: Agency = { id: 'court-1', kind: 'court', name: 'Court', createdAt: NOW };
const X = personId('1980-05-17', 1);
const Y = personId('1975-01-02', 2);

const debt = (subject: string, ref: string) => ({
  sourceRef: ref,
  subject,
  category: 'court.dishonest-debtor',
  occurredAt: '2026-02-01',
  fields: { amount: 2_500_000, caseNumber: `(2026)京0105执${ref}号` },
});

/** 1 catalogue, 2 policy, 3 agency, 4-5 records, 6 a record event, 7 a subject event. */
async function writeLedger(location: string): Promise<LedgerStore> {
  const store = await openReferenceLedger(location, [{ id: court.id, kind: court.kind }], NOW);
  const summary = await ingestRecords(
    store,
    await catalogInForce(store),
    court,
    [debt(X, 'a'), debt(Y, 'b')],
    NOW,
    { mode: 'atomic' },
  );
  expect(summary.accepted).toBe(2);
  await appendToLedger(store, (tx, seq) =>
    tx.insertRecordEvents([
      {
        seq: seq.next(),
        recordId: 4,
        subject: X,
        type: 'fulfilled',
        at: NOW,
        recordedAt: NOW,
        actor: court.id,
        reason: undefined,
        fields: undefined,
      },
    ]),
  );
  await appendToLedger(store, (tx, seq) =>
    tx.insertSubjectEvents([
      {
        seq: seq.next(),
        subject: Y,
        type: 'deceased',
        at: NOW,
        recordedAt: NOW,
        actor: 'registry',
      },
    ]),
  );
  return store;
}

/** A ledger schema as version 0006 left it (before the chain), on an empty database. */
async function oldStore(dialect: string, location: string): Promise<Kysely<unknown>> {
  const postgres = dialect === 'PostgreSQL';
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
  const { error } = await migrator.migrateTo('0006-notices');
  if (error !== undefined) throw error as Error;
  return db;
}

for (const target of storeTargets('chain')) {
  describe(`the ledger chain on ${target.name}`, () => {
    afterAll(() => target.end());

    it('chains every row every write path appends, and the head moves with the last', async () => {
      const location = await target.newLocation();
      const store = await writeLedger(location);
      try {
        const report = await verifyLedger(store);
        expect(report).toMatchObject({ ok: true, rows: 7, headSeq: 7 });
        expect(report.head).toMatch(/^[0-9a-f]{64}$/);
        expect(await store.ledgerChainHead()).toEqual({ seq: 7, hash: report.head });
        expect(
          await verifyLedger(store, {
            seq: 4,
            hash: (await store.ledgerChainRows('records', 3, 4, 1))[0]?.hash ?? '',
          }),
        ).toMatchObject({ ok: true });
      } finally {
        await store.close();
      }
      await target.dispose(location);
    });

    it('names a subject whose closing was cleared from the subjects table, which let records about the deceased in', async () => {
      const location = await target.newLocation();
      let store = await writeLedger(location);
      await store.close();
      await target.tamper(location, [
        `update subjects set closed_at = null, closed_by = null where subject_key = '${Y}'`,
      ]);
      store = await openStore(location);
      try {
        // What the edit bought: a record about Y, deceased, is accepted.
        const late = await ingestRecords(
          store,
          await catalogInForce(store),
          court,
          [debt(Y, 'late')],
          NOW,
          {
            mode: 'partial',
          },
        );
        expect(late.accepted).toBe(1);
        expect(await verifyLedger(store)).toMatchObject({
          ok: false,
          firstBroken: { seq: 7, problem: 'subject', subject: Y },
        });
      } finally {
        await store.close();
      }
      await target.tamper(location, [
        `update subjects set closed_at = 1, closed_by = 'deceased' where subject_key = '${X}'`,
        `update subjects set closed_at = ${NOW}, closed_by = 'deceased' where subject_key = '${Y}'`,
      ]);
      store = await openStore(location);
      try {
        expect(await verifyLedger(store)).toMatchObject({
          ok: false,
          firstBroken: {
            seq: 0,
            problem: 'subject',
            subject: X,
            message: expect.stringContaining('no subject event closes it') as string,
          },
        });
      } finally {
        await store.close();
      }
      await target.dispose(location);
    });

    it('chains the rows of a store made before the chain when it is next opened, to the same head', async () => {
      // A ledger written today, and its head.
      const current = await target.newLocation();
      const store = await writeLedger(current);
      const expected = await verifyLedger(store);
      const rows = [];
      for await (const row of ledgerRowsOf(store, expected.headSeq)) rows.push(row);
      const subjects = [
        { firstSeq: 4, subject: await store.findSubject(X) },
        { firstSeq: 5, subject: await store.findSubject(Y) },
      ];
      await store.close();

      // The same rows in a store left by an older version: migrated up to 0006, no hash columns.
      const older = await target.newLocation();
      const db = await oldStore(target.name, older);
      try {
        for (const row of rows) {
          const columns = [SEQ_COLUMN[row.table], ...LEDGER_CHAIN_COLUMNS[row.table]];
          await sql`insert into ${sql.table(row.table)} (${sql.join(columns.map((c) => sql.ref(c)))})
            values (${sql.join([row.seq, ...row.values])})`.execute(db);
        }
        for (const { firstSeq, subject: sub } of subjects) {
          await sql`insert into subjects (subject_key, kind, birth_date, name, first_seq, closed_at, closed_by)
            values (${sub?.key}, ${sub?.kind}, ${sub?.birthDate ?? null}, ${sub?.name ?? null}, ${firstSeq},
                    ${sub?.closedAt ?? null}, ${sub?.closedBy ?? null})`.execute(db);
        }
        await sql`update ledger_head set last_seq = ${expected.headSeq} where id = 1`.execute(db);
      } finally {
        await db.destroy();
      }

      const reopened = await openStore(older);
      try {
        expect(await verifyLedger(reopened)).toEqual(expected);
        // And it keeps working: the next append chains on from that head.
        await appendToLedger(reopened, (tx, seq) =>
          tx.insertSubjectEvents([
            {
              seq: seq.next(),
              subject: X,
              type: 'deceased',
              at: NOW,
              recordedAt: NOW,
              actor: 'registry',
            },
          ]),
        );
        expect(await verifyLedger(reopened)).toMatchObject({ ok: true, rows: 8, headSeq: 8 });
      } finally {
        await reopened.close();
      }
      await target.dispose(current);
      await target.dispose(older);
    });
  });
}
