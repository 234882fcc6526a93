// Notices people read (issue 10, failure 7), on SQLite and (when PROBITY_TEST_DATABASE_URL is set)
// PostgreSQL: a record imported at the command line gets a notice in Simplified Chinese (the
// default language), with its durations and dates in words and the citizen portal's address from
// PROBITY_PORTAL_URL; a bad portal address is refused before anything is written.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordAcceptedPayload } from '../../src/app/notices/index.js';
import { openStore } from '../../src/store/index.js';
import { personId } from '../factories/subjects.js';
import { probity, scratchDir } from '../support/cli-harness.js';
import { storeTargets } from '../support/store-targets.js';

const SET_UP = '2026-03-01T08:00:00.000Z';
const IMPORTED = '2026-03-02T09:30:00.000Z';
const PORTAL = 'https://credit.example.gov.cn/citizen';
const DEBTOR = personId('1980-05-17', 81);

for (const target of storeTargets('notice_words')) {
  describe(`notices in words: ${target.name}`, () => {
    afterAll(() => target.end());

    async function cityWithACourt() {
      const dir = scratchDir('probity-notice-words-');
      const db = await target.newLocation();
      const keyFile = join(dir, 'authority-key.pem');
      const cli = (args: string[], env: Record<string, string> = {}) =>
        probity([...args, '--db', db, '--key-file', keyFile], env);
      expect((await cli(['init', '--now', SET_UP])).code).toBe(0);
      const court = ['agency', 'add', 'court-1', '--kind', 'court', '--name', '东城区人民法院'];
      expect((await cli([...court, '--now', SET_UP])).code).toBe(0);
      const file = join(dir, 'records.jsonl');
      writeFileSync(
        file,
        `${JSON.stringify({
          sourceRef: 'w-1',
          subject: DEBTOR,
          category: 'court.dishonest-debtor',
          occurredAt: '2026-02-20',
          fields: { amount: 2_500_000, caseNumber: '(2026)京0105执1号' },
        })}\n`,
      );
      const importFile = (env: Record<string, string>) =>
        cli(['import', file, '--agency', 'court-1', '--now', IMPORTED], env);
      return { db, importFile };
    }

    it('words the notice of an imported record in Simplified Chinese by default, in words, naming the portal from PROBITY_PORTAL_URL', async () => {
      const { db, importFile } = await cityWithACourt();
      const run = await importFile({ PROBITY_PORTAL_URL: `${PORTAL}/` });
      expect(run.code, run.stderr).toBe(0);
      const store = await openStore(db);
      try {
        const [notice] = await store.noticesOfSubject(DEBTOR, 10);
        const payload = notice?.payload as RecordAcceptedPayload;
        expect(payload.language).toBe('zh-CN');
        expect(payload.portal).toBe(PORTAL);
        expect(payload.summary).toBe(payload.summaries['zh-CN']);
        expect(payload.summary).toContain(
          `如有异议，您可在该记录有效期内随时通过 ${PORTAL} 提出，最迟至2029年2月20日。`,
        );
        expect(payload.summary).toContain('金额¥25,000.00');
        expect(payload.summaries.en).toContain(
          `You may object at any time while the record has effect, until 20 February 2029 at the latest, at ${PORTAL}.`,
        );
        for (const text of Object.values(payload.summaries)) {
          expect(text).not.toMatch(/\bP\d+[YMWD]|\d{4}-\d{2}-\d{2}T|the portal\b|\/v1\//);
        }
        // The data beside the words stays exact, for machines.
        expect(payload.objection).toMatchObject({
          until: '2029-02-20T00:00:00.000Z',
          decisionWithin: 'P15D',
          door: 'POST /v1/citizen/objections',
        });
      } finally {
        await store.close();
      }
    });

    it('refuses a portal address that is not a plain http(s) URL before anything is written', async () => {
      const { db, importFile } = await cityWithACourt();
      for (const bad of ['ftp://credit.example/citizen', 'the portal', `${PORTAL}?token=1`]) {
        const run = await importFile({ PROBITY_PORTAL_URL: bad });
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('PROBITY_PORTAL_URL');
      }
      const store = await openStore(db);
      try {
        expect(await store.recordsOfSubject(DEBTOR)).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });
}
