// One action, one use case, whichever door it comes through: a check or a subject read asked over
// HTTP (by an agency) and at the command line (by the operator) on the same ledger gives the same
// answer and leaves the same kind of audit entry, differing only in who asked and why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInstant, instant } from '../../src/core/time/instant.js';
import { personId } from '../factories/subjects.js';
import {
  bearer,
  DAY,
  debtorRecord,
  ingestAsCourt,
  startHarness,
  T0,
  type Harness,
} from '../http/http-harness.js';
import { probity } from '../support/cli-harness.js';

const LISTED = personId('1980-05-17', 233);
const CLEAN = personId('1975-02-03', 41);

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    before: async (store) => {
      await ingestAsCourt(
        store,
        [debtorRecord(LISTED, 'door-1', '2026-01-20')],
        instant(T0 - 20 * DAY),
      );
    },
  });
});
afterAll(async () => h.close());

/** The CLI on the harness's ledger, at the harness's instant. */
function cli(...args: string[]) {
  return probity([...args, '--db', h.path, '--now', formatInstant(h.clock()), '--json']);
}

async function lastAuditOf(subject: string, action: string) {
  const entries = await h.store.auditOfSubject(subject, 1000);
  return entries.filter((e) => e.action === action).sort((a, b) => b.seq - a.seq)[0];
}

describe('the HTTP API and the command line', () => {
  it.each([
    ['a listed subject', LISTED, 'deny'],
    ['a subject on no list', CLEAN, 'allow'],
  ])(
    'give the same check of %s, each audited with its check id',
    async (_what, subject, decision) => {
      const http = await h.app.inject({
        method: 'POST',
        url: '/v1/checks',
        headers: bearer('aviation'),
        payload: { subject, measure: 'travel.flight' },
      });
      expect(http.statusCode).toBe(200);
      const overHttp = http.json<{ checkId: string; decision: string }>();
      const httpEntry = await lastAuditOf(subject, 'check');

      const run = await cli('check', subject, '--measure', 'travel.flight');
      expect(run.code).toBe(0);
      const atCli = JSON.parse(run.stdout) as Record<string, unknown>;
      const cliEntry = await lastAuditOf(subject, 'check');

      const { checkId, ...answer } = overHttp;
      expect(answer.decision).toBe(decision);
      expect(atCli).toEqual(answer);
      expect(httpEntry).toMatchObject({
        actor: 'agency:aviation',
        purpose: 'enforcement',
        subject,
        outcome: `${decision} travel.flight ${checkId}`,
      });
      expect(cliEntry).toMatchObject({ actor: 'operator', purpose: 'oversight', subject });
      expect(cliEntry?.outcome).toMatch(new RegExp(`^${decision} travel\\.flight chk_[\\w-]+$`));
      expect(cliEntry!.seq).toBeGreaterThan(httpEntry!.seq);
    },
  );

  it('give the same explained standing of a subject, each read audited with its purpose', async () => {
    const http = await h.app.inject({
      url: `/v1/subjects/${LISTED}?purpose=oversight`,
      headers: bearer('authority'),
    });
    expect(http.statusCode).toBe(200);
    const httpEntry = await lastAuditOf(LISTED, 'read-subject');

    const run = await cli('score', LISTED);
    expect(run.code).toBe(0);
    const cliEntry = await lastAuditOf(LISTED, 'read-subject');

    expect(JSON.parse(run.stdout)).toEqual(http.json());
    expect(http.json<{ lists: unknown[] }>().lists).toHaveLength(1);
    expect(httpEntry).toMatchObject({
      actor: 'agency:authority',
      purpose: 'oversight',
      outcome: 'read',
    });
    expect(cliEntry).toMatchObject({ actor: 'operator', purpose: 'oversight', outcome: 'read' });
  });

  it('refuse an invalid identifier with the same code and message, and audit the refusal', async () => {
    const bad = '110105198005172339';
    const http = await h.app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: bearer('aviation'),
      payload: { subject: bad, measure: 'travel.flight' },
    });
    expect(http.statusCode).toBe(422);
    const run = await cli('check', bad, '--measure', 'travel.flight');
    expect(run.code).toBe(1);
    const httpError = http.json<{ error: { code: string; message: string } }>().error;
    const cliError = (JSON.parse(run.stderr) as { error: { code: string; message: string } }).error;
    expect(cliError).toMatchObject({ code: 'InvalidIdentifier', message: httpError.message });
    // Filed as an identifier that does not validate, never under anyone's key.
    const refusals = (await h.store.auditOfSubject(`invalid:${bad}`, 100)).map((e) => [
      e.actor,
      e.outcome,
    ]);
    expect(await h.store.auditOfSubject(bad, 100)).toEqual([]);
    expect(refusals).toEqual(
      expect.arrayContaining([
        ['agency:aviation', 'refused InvalidIdentifier'],
        ['operator', 'refused InvalidIdentifier'],
      ]),
    );
  });
});
