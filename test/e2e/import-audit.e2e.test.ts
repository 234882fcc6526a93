// A CLI import is in the access log (issue 10, failure 4: 1.2 M rows imported, 0 entries): each
// row about a subject is audited as the submitting agency's submission, exactly as
// `POST /v1/records` audits it (actor `agency:<id>`, purpose `write`, action `submit-record`,
// outcome `accepted` or `duplicate`), filed under the subject's canonical identifier, committed
// with the records; a rejected row naming a valid identifier is `rejected <Code>`; a refused import
// is one `submit-records` entry. On SQLite and (when PROBITY_TEST_DATABASE_URL is set) PostgreSQL.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../src/app/audit/audit-verify.js';
import type { AuditEntry } from '../../src/app/ports/audit-log-store.js';
import { fromLegacyResidentIdentityNumber } from '../../src/core/identifiers/index.js';
import { openStore } from '../../src/store/index.js';
import { personId } from '../factories/subjects.js';
import { probity, scratchDir } from '../support/cli-harness.js';
import { storeTargets } from '../support/store-targets.js';

const SET_UP = '2026-03-01T08:00:00.000Z';
const IMPORTED = '2026-03-02T09:30:00.000Z';
const LEGACY = '110106730917001';
const DEBTOR = personId('1980-05-17', 71);
const OTHER = personId('1977-11-03', 72);
const BAD = DEBTOR.slice(0, -1) + (DEBTOR.endsWith('0') ? '1' : '0');

function debtorLine(subject: string, ref: string, category = 'court.dishonest-debtor'): string {
  return JSON.stringify({
    sourceRef: ref,
    subject,
    category,
    occurredAt: '2026-02-20',
    fields: { amount: 2_500_000, caseNumber: `(2026)京0105执${ref}号` },
  });
}

for (const target of storeTargets('import_audit')) {
  describe(`a CLI import in the access log: ${target.name}`, () => {
    afterAll(() => target.end());

    async function setUp() {
      const dir = scratchDir('probity-import-audit-');
      const db = await target.newLocation();
      const keyFile = join(dir, 'authority-key.pem');
      const cli = (...args: string[]) => probity([...args, '--db', db, '--key-file', keyFile]);
      expect((await cli('init', '--now', SET_UP)).code).toBe(0);
      const added = await cli('agency', 'add', 'court-1', '--kind', 'court', '--now', SET_UP);
      expect(added.code).toBe(0);
      return { dir, db, cli };
    }

    async function submissions(db: string): Promise<AuditEntry[]> {
      const store = await openStore(db);
      try {
        const all = await store.readAudit(0, 10_000);
        expect((await verifyAuditLog(store)).ok).toBe(true);
        return all.filter((e) => e.action === 'submit-record' || e.action === 'submit-records');
      } finally {
        await store.close();
      }
    }

    it("audits each row as the agency's submission about its subject, under the canonical identifier", async () => {
      const { dir, db, cli } = await setUp();
      const file = join(dir, 'records.jsonl');
      writeFileSync(
        file,
        [
          debtorLine(DEBTOR, 'r-1'),
          debtorLine(` ${LEGACY} `, 'r-2'),
          debtorLine(OTHER, 'r-3', 'court.no-such-category'),
          debtorLine(BAD, 'r-4'),
          'not json',
        ].join('\n') + '\n',
      );
      const run = await cli('import', file, '--agency', 'court-1', '--now', IMPORTED, '--json');
      expect(run.json()[0]).toEqual({ accepted: 2, duplicates: 0, rejected: 3 });
      const at = Date.parse(IMPORTED);
      const entry = (subject: string, outcome: string) => ({
        at,
        actor: 'agency:court-1',
        purpose: 'write',
        action: 'submit-record',
        subject,
        outcome,
      });
      expect((await submissions(db)).map(({ seq: _s, hash: _h, ...e }) => e)).toEqual([
        entry(DEBTOR, 'accepted'),
        entry(fromLegacyResidentIdentityNumber(LEGACY), 'accepted'),
        entry(OTHER, 'rejected UnknownCategory'),
      ]);

      // The same file again: every row a duplicate, each audited as over HTTP.
      await cli('import', file, '--agency', 'court-1', '--now', IMPORTED, '--json');
      const again = (await submissions(db)).slice(3);
      expect(again.map((e) => [e.subject, e.outcome])).toEqual([
        [DEBTOR, 'duplicate'],
        [fromLegacyResidentIdentityNumber(LEGACY), 'duplicate'],
        [OTHER, 'rejected UnknownCategory'],
      ]);
    });

    it('audits a batch of rejected rows only, and a refused import as one entry', async () => {
      const { dir, db, cli } = await setUp();
      const file = join(dir, 'rejected.jsonl');
      writeFileSync(file, `${debtorLine(OTHER, 'x-1', 'court.no-such-category')}\n`);
      const run = await cli('import', file, '--agency', 'court-1', '--now', IMPORTED, '--json');
      expect(run.json()[0]).toEqual({ accepted: 0, duplicates: 0, rejected: 1 });
      const missing = await cli('import', join(dir, 'missing.jsonl'), '--agency', 'court-1');
      expect(missing.code).not.toBe(0);
      expect((await submissions(db)).map((e) => [e.action, e.subject, e.outcome])).toEqual([
        ['submit-record', OTHER, 'rejected UnknownCategory'],
        ['submit-records', '', expect.stringMatching(/^rejected [A-Za-z]+$/) as string],
      ]);
    });
  });
}
