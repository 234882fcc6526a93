// A rule that fails at run time is an explained, counted rule error (issue 10, failure 8), on both
// dialects: under a policy version whose `dishonest-debtor` rule divides by zero, a debtor's record
// is scored 0 points by that rule, the explanation served over HTTP carries the error (the
// response schema keeps it), the score stays consistent, and the operator's count and the
// probity_rule_errors metric name the rule. Under the reference policy nothing fails.
import { afterAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../src/app/access/caller.js';
import { REFERENCE_DOCUMENTS } from '../factories/reference-ledger.js';
import { personId } from '../factories/subjects.js';
import { storeTargets } from '../support/store-targets.js';
import { bearer, DAY, debtorRecord, startHarness, T0 } from './http-harness.js';

const DEBTOR = personId('1980-05-17', 233);

const FAILING = REFERENCE_DOCUMENTS.policyText
  .replace(/^version: 2$/m, 'version: 7')
  .replace(
    "when: 'record.amount >= 1000000'\n    points: -100",
    "when: 'record.amount >= 1000000'\n    points: '-(1000000 / (record.amount - record.amount))'",
  );

interface Explained {
  score: number;
  contributions: { recordId: number; rule: string | null; points: number; error?: string }[];
  ruleTotals: { rule: string; total: number }[];
}

for (const target of storeTargets('rule_errors')) {
  describe(`rule errors: ${target.name}`, () => {
    afterAll(() => target.end());

    it('explains a failing rule on the subject and counts it for the authority', async () => {
      const h = await startHarness({ location: await target.newLocation() });
      try {
        const submitted = await h.app.inject({
          method: 'POST',
          url: '/v1/records',
          headers: bearer('court'),
          payload: { records: [debtorRecord(DEBTOR, 'RE-1', '2026-02-01')] },
        });
        expect(submitted.statusCode).toBe(201);
        const read = async () =>
          (
            await h.app.inject({
              url: `/v1/subjects/${DEBTOR}?purpose=oversight`,
              headers: bearer('authority'),
            })
          ).json<Explained>();

        const before = await read();
        expect(before.contributions).toEqual([
          expect.objectContaining({ rule: 'dishonest-debtor', points: -100 }),
        ]);
        expect(before.contributions[0]).not.toHaveProperty('error');
        expect(await h.probity.ruleErrors(OPERATOR, {})).toMatchObject({ total: 0 });
        const metrics = async () => (await h.app.inject({ url: '/metrics' })).body;
        expect(await metrics()).not.toMatch(/^probity_rule_errors\{/m);

        await h.probity.activatePolicy(OPERATOR, { text: FAILING, from: T0 });
        h.clock.advance(DAY);
        const after = await read();
        expect(after.contributions).toEqual([
          expect.objectContaining({
            rule: 'dishonest-debtor',
            points: 0,
            error: 'points: division by zero',
          }),
        ]);
        expect(after.score).toBe(1000);
        expect(after.ruleTotals).toEqual([
          expect.objectContaining({ rule: 'dishonest-debtor', total: 0 }),
        ]);
        expect(await h.probity.ruleErrors(OPERATOR, {})).toMatchObject({
          version: 7,
          ruleErrors: { 'dishonest-debtor': 1 },
          total: 1,
        });
        // The same count at /metrics, by rule id (a policy name, never a person).
        expect(await metrics()).toMatch(/^probity_rule_errors\{rule="dishonest-debtor"\} 1$/m);
        // Only the operator counts them.
        await expect(
          h.probity.ruleErrors(await h.probity.agencyById('court'), {}),
        ).rejects.toMatchObject({ code: 'AuthorityOnly' });
      } finally {
        await h.close();
      }
    });
  });
}
