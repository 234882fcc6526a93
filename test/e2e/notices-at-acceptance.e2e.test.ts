// Notices come with the records they announce (issue 9, failure 7), on SQLite and (when
// PROBITY_TEST_DATABASE_URL is set) PostgreSQL: a record imported at the command line, with no
// server running, has its notice in the outbox at once, dated with its acceptance, so the notice
// period it announces counts from the day the citizen is told; and a server started afterwards
// serves every notice of the records already in the ledger as soon as /readyz says ready, also the
// notice of a record that an older version left without one.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../src/app/access/caller.js';
import { issueSignInCode } from '../../src/app/citizen/sign-in-code-issue.js';
import type { RecordAcceptedPayload, SubjectNotice } from '../../src/app/notices/index.js';
import { catalogInForce } from '../../src/app/policy/catalog-in-force.js';
import { ingestRecords } from '../../src/app/records/record-ingest.js';
import { formatInstant, instant, MS_PER_DAY } from '../../src/core/time/instant.js';
import { buildServer } from '../../src/http/server.js';
import { keyFileSigner } from '../../src/io/key-file-signer.js';
import { openServerApp } from '../../src/main/server-app.js';
import { openStore } from '../../src/store/index.js';
import { personId } from '../factories/subjects.js';
import { probity, scratchDir } from '../support/cli-harness.js';
import { storeTargets } from '../support/store-targets.js';

const SET_UP = '2026-03-01T08:00:00.000Z';
const IMPORTED = '2026-03-02T09:30:00.000Z';
/** The server starts two days after the import (the delay the issue saw in the notice's date). */
const SERVER_NOW = instant(Date.parse('2026-03-04T10:00:00.000Z'));
const IMPORTED_DEBTOR = personId('1980-05-17', 71);
const OLDER_DEBTOR = personId('1977-11-03', 72);
const later = (iso: string, days: number) =>
  formatInstant(instant(Date.parse(iso) + days * MS_PER_DAY));

function debtorLine(subject: string, ref: string): string {
  return JSON.stringify({
    sourceRef: ref,
    subject,
    category: 'court.dishonest-debtor',
    occurredAt: '2026-02-20',
    fields: { amount: 2_500_000, caseNumber: `(2026)京0105执${ref}号` },
  });
}

for (const target of storeTargets('notices_at')) {
  describe(`notices written with their records: ${target.name}`, () => {
    afterAll(() => target.end());

    /** A simulation store set up at the command line, with one court and one imported record. */
    async function importedAtTheCommandLine() {
      const dir = scratchDir('probity-notices-at-');
      const db = await target.newLocation();
      const keyFile = join(dir, 'authority-key.pem');
      const cli = async (...args: string[]) => {
        const run = await probity([...args, '--db', db, '--key-file', keyFile]);
        expect(run.code, run.stdout + run.stderr).toBe(0);
        return run;
      };
      await cli('init', '--now', SET_UP);
      await cli(
        'agency',
        'add',
        'court-1',
        '--kind',
        'court',
        '--name',
        'Dongcheng court',
        '--now',
        SET_UP,
      );
      const file = join(dir, 'records.jsonl');
      writeFileSync(file, `${debtorLine(IMPORTED_DEBTOR, 'n-1')}\n`);
      const importFile = () => cli('import', file, '--agency', 'court-1', '--now', IMPORTED);
      await importFile();
      return { db, keyFile, importFile };
    }

    it('leaves the notice of a record imported with no server running in the outbox, dated with its acceptance', async () => {
      const { db, importFile } = await importedAtTheCommandLine();
      // The same file again: a duplicate, and no second notice.
      expect((await importFile()).stdout).toMatch(/\b1 duplicate/);
      const store = await openStore(db);
      try {
        const [record] = await store.recordsOfSubject(IMPORTED_DEBTOR);
        expect(record?.recordedAt).toBe(Date.parse(IMPORTED));
        const notices = await store.noticesOfSubject(IMPORTED_DEBTOR, 10);
        expect(notices).toHaveLength(1);
        const [notice] = notices;
        expect(notice).toMatchObject({
          kind: 'record-accepted',
          source: `record:${record?.id}`,
          createdAt: Date.parse(IMPORTED),
          delivery: { status: 'pending', attempts: 0, nextAttemptAt: Date.parse(IMPORTED) },
        });
        const payload = notice?.payload as RecordAcceptedPayload;
        expect(payload.record).toMatchObject({ id: record?.id, recordedAt: IMPORTED });
        expect(payload.agency).toEqual({ id: 'court-1', name: 'Dongcheng court' });
        // The notice period it announces counts from the day it is dated: the acceptance.
        expect(payload.lists).toEqual([
          expect.objectContaining({
            id: 'dishonest-debtors',
            noticePeriod: 'P10D',
            effectiveFrom: later(IMPORTED, 10),
          }),
        ]);
        // An objection is taken as long as the record counts: until its effect end (issue 10).
        expect(payload.objection).toMatchObject({
          until: '2029-02-20T00:00:00.000Z',
          decisionWithin: 'P15D',
        });
      } finally {
        await store.close();
      }
    });

    it('serves every notice of the records already in the ledger to their citizens as soon as /readyz says ready', async () => {
      const { db, keyFile } = await importedAtTheCommandLine();
      // A record that an older version accepted without writing its notice.
      const older = await openStore(db);
      try {
        const court = await older.findAgency('court-1');
        if (!court) throw new Error('no court');
        const summary = await ingestRecords(
          older,
          await catalogInForce(older),
          court,
          [JSON.parse(debtorLine(OLDER_DEBTOR, 'n-2')) as unknown],
          instant(Date.parse(IMPORTED) + 60_000),
          { mode: 'atomic' },
        );
        expect(summary.accepted).toBe(1);
        expect(await older.noticesOfSubject(OLDER_DEBTOR, 10)).toEqual([]);
      } finally {
        await older.close();
      }

      const store = await openStore(db);
      const server = openServerApp(store, {
        clock: () => SERVER_NOW,
        pollMs: 0,
        signer: keyFileSigner(keyFile),
      });
      const app = await buildServer(server.httpDeps, {});
      try {
        await app.ready();
        expect((await app.inject({ url: '/readyz' })).statusCode).toBe(503);
        await server.load();
        expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);

        // Right after: no write, no poll, no sync has run since the server said it was ready.
        const noticesOf = async (subject: string) => {
          const { code } = await issueSignInCode(
            { store, audit: server.audit, clock: () => SERVER_NOW },
            OPERATOR,
            { identifier: subject },
          );
          const session = await app.inject({
            method: 'POST',
            url: '/v1/citizen/session',
            payload: { identifier: subject, code },
          });
          expect(session.statusCode).toBe(201);
          const res = await app.inject({
            url: '/v1/citizen/notices',
            headers: { authorization: `Bearer ${session.json<{ token: string }>().token}` },
          });
          expect(res.statusCode).toBe(200);
          return res.json<{ notices: SubjectNotice[] }>().notices;
        };

        const imported = await noticesOf(IMPORTED_DEBTOR);
        expect(imported.map((n) => [n.kind, n.createdAt])).toEqual([['record-accepted', IMPORTED]]);
        expect((imported[0]?.payload as RecordAcceptedPayload).lists[0]?.effectiveFrom).toBe(
          later(IMPORTED, 10),
        );
        // The record the ledger held without a notice: issued before the server said ready.
        const owed = await noticesOf(OLDER_DEBTOR);
        expect(owed.map((n) => [n.kind, n.createdAt])).toEqual([
          ['record-accepted', formatInstant(SERVER_NOW)],
        ]);
      } finally {
        await app.close();
        await server.close();
        await store.close();
      }
    });
  });
}
