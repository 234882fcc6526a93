// Tampering with the database behind Probity's back (issue 9, failure 4), on both dialects: a
// ledger made through the command line (init, an agency, court records, a record event, a
// publication), then one direct SQL edit of the kind someone with write access to the database
// could make. `probity verify` must exit 1 naming the first broken link for every edit, and 0 for
// the untouched ledger; `rebuild --verify` must refuse a broken chain before folding it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { personId } from '../factories/subjects.js';
import { probity, scratchDir, type CliRun } from '../support/cli-harness.js';
import { storeTargets } from '../support/store-targets.js';

const ACCEPTED = '2026-03-01T09:00:00Z';
const LATER = '2026-03-05T09:00:00Z';
const PUBLISHED = '2026-03-15T09:00:00Z';
const X = personId('1980-05-17', 233);
const Y = personId('1991-09-02', 118);
const Z = personId('1972-11-30', 41);

const debt = (subject: string, ref: string): string =>
  JSON.stringify({
    sourceRef: ref,
    subject,
    category: 'court.dishonest-debtor',
    occurredAt: '2026-02-01',
    fields: { amount: 200_000, caseNumber: `(2026)京0105执${ref}号` },
  });

/**
 * The ledger every case starts from, by sequence number: 1 catalogue, 2 policy, 3 agency court-1,
 * 4 record of X, 5 record of Y, 6 `suspended` event of record 5, 7 record of Z; then version 1 of
 * each public list, published.
 */
async function makeLedger(db: string, out: string): Promise<void> {
  const dir = scratchDir('probity-tamper-');
  const cli = async (now: string, ...args: string[]): Promise<CliRun> => {
    const run = await probity([...args, '--db', db, '--now', now]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return run;
  };
  await cli(ACCEPTED, 'init');
  await cli(ACCEPTED, 'agency', 'add', 'court-1', '--kind', 'court', '--json');
  const first = join(dir, 'first.jsonl');
  writeFileSync(first, [debt(X, 's-0'), debt(Y, 's-1')].join('\n'));
  await cli(ACCEPTED, 'import', first, '--agency', 'court-1', '--json');
  await cli(LATER, 'record', 'event', '5', 'suspended', '--agency', 'court-1', '--reason', 'plan');
  const second = join(dir, 'second.jsonl');
  writeFileSync(second, debt(Z, 's-2'));
  await cli(LATER, 'import', second, '--agency', 'court-1', '--json');
  await cli(PUBLISHED, 'publish', '--out', out, '--json');
}

interface VerifyJson {
  ledger: {
    rows: number;
    headSeq: number;
    head: string;
    ok: boolean;
    firstBroken?: { seq: number; problem: string; table?: string };
  };
  storedPublications: { ok: boolean; versions: number; firstBroken?: { message: string } };
}

for (const target of storeTargets('tamper')) {
  describe(`probity verify against direct edits of the database (${target.name})`, () => {
    afterAll(() => target.end());

    /** A fresh ledger, the edit, then `verify` in text and JSON. */
    async function tampered(
      statements: readonly string[],
      beforeEdit?: (db: string) => Promise<void>,
    ): Promise<{ db: string; out: string; text: CliRun; json: VerifyJson }> {
      const db = await target.newLocation();
      const out = join(scratchDir('probity-tamper-out-'), 'publications');
      await makeLedger(db, out);
      await beforeEdit?.(db);
      await target.tamper(db, statements);
      const text = await probity(['verify', '--db', db, '--out', out]);
      const json = await probity(['verify', '--db', db, '--out', out, '--json']);
      expect(json.code).toBe(text.code);
      return { db, out, text, json: json.json<VerifyJson>()[0] as VerifyJson };
    }

    it('passes the untouched ledger and prints its head, which a later --anchor holds it to', async () => {
      const { db, out, text, json } = await tampered([]);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(
        /ledger: 7 rows, chain intact\n {2}head [0-9a-f]{64} \(sequence 7\)\n {2}record "ledger:7:[0-9a-f]{64}" outside Probity/,
      );
      expect(text.stdout).toMatch(
        /publications in the ledger: \d+ versions, copies match their signed manifests/,
      );
      expect(json.ledger).toEqual({ rows: 7, headSeq: 7, head: json.ledger.head, ok: true });
      expect(json.storedPublications.ok).toBe(true);
      const anchor = `ledger:7:${json.ledger.head}`;
      expect((await probity(['verify', '--db', db, '--out', out, '--anchor', anchor])).code).toBe(
        0,
      );
      const wrong = `ledger:7:${'0'.repeat(64)}`;
      const refused = await probity(['verify', '--db', db, '--out', out, '--anchor', wrong]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /^error LedgerChainBroken: ledger row 7 \(records\) does not chain/,
      );
      const rebuilt = await probity(['rebuild', '--verify', '--db', db, '--at', PUBLISHED]);
      expect(rebuilt.code).toBe(0);
    });

    it('names a deleted court record as missing, where it flipped a check from deny to allow', async () => {
      const flight = async (db: string): Promise<string | undefined> => {
        const run = await probity([
          'check',
          X,
          '--measure',
          'travel.flight',
          '--db',
          db,
          '--at',
          PUBLISHED,
          '--json',
        ]);
        return run.json<{ decision: string }>()[0]?.decision;
      };
      let before: string | undefined;
      const { db, text, json } = await tampered(
        ['delete from records where id = 4'],
        async (db) => {
          before = await flight(db);
        },
      );
      // What the edit bought: X, denied a flight before, is allowed one.
      expect([before, await flight(db)]).toEqual(['deny', 'allow']);
      expect(text.code).toBe(1);
      expect(text.stderr).toBe(
        'error LedgerChainBroken: ledger row 4 is missing: it was deleted or renumbered\n',
      );
      expect(json.ledger).toMatchObject({ ok: false, firstBroken: { seq: 4, problem: 'missing' } });
      // And `rebuild --verify` refuses to fold the edited ledger.
      const rebuilt = await probity(['rebuild', '--verify', '--db', db, '--at', PUBLISHED]);
      expect(rebuilt.code).toBe(1);
      expect(rebuilt.stderr).toMatch(/^error LedgerChainBroken: .*ledger row 4 is missing/);
    });

    it('names a record whose category was changed as altered', async () => {
      const { text, json } = await tampered([
        "update records set category = 'tax.a-grade-taxpayer' where id = 4",
      ]);
      expect(text.code).toBe(1);
      expect(text.stderr).toBe(
        'error LedgerChainBroken: ledger row 4 (records) was altered: its stored values no longer match its hash\n',
      );
      expect(json.ledger.firstBroken).toMatchObject({
        seq: 4,
        problem: 'altered',
        table: 'records',
      });
    });

    it('names a record whose field was changed as altered', async () => {
      const { text, json } = await tampered([
        `update records set fields = replace(fields, '200000', '1') where id = 5`,
      ]);
      expect(text.code).toBe(1);
      expect(json.ledger.firstBroken).toMatchObject({
        seq: 5,
        problem: 'altered',
        table: 'records',
      });
    });

    it('names records swapped by renumbering as reordered', async () => {
      const { text, json } = await tampered([
        'update records set id = 1004 where id = 4',
        'update records set id = 4 where id = 5',
        'update records set id = 5 where id = 1004',
      ]);
      expect(text.code).toBe(1);
      expect(text.stderr).toMatch(
        /^error LedgerChainBroken: ledger row 4 \(records\) is out of order/,
      );
      expect(json.ledger.firstBroken).toMatchObject({
        seq: 4,
        problem: 'reordered',
        table: 'records',
      });
    });

    it('names a record renumbered past the head as missing', async () => {
      const { text, json } = await tampered(['update records set id = 70 where id = 7']);
      expect(text.code).toBe(1);
      expect(json.ledger.firstBroken).toMatchObject({ seq: 7, problem: 'missing' });
    });

    it('names a deleted record event as missing', async () => {
      const { text, json } = await tampered(['delete from record_events where seq = 6']);
      expect(text.code).toBe(1);
      expect(text.stderr).toBe(
        'error LedgerChainBroken: ledger row 6 is missing: it was deleted or renumbered\n',
      );
      expect(json.ledger.firstBroken).toMatchObject({ seq: 6, problem: 'missing' });
    });

    it('names a policy whose text was edited as altered', async () => {
      const { text, json } = await tampered([
        `update policy_versions set document = replace(document, '-100', '-1')`,
      ]);
      expect(text.code).toBe(1);
      expect(json.ledger.firstBroken).toMatchObject({
        seq: 2,
        problem: 'altered',
        table: 'policy_versions',
      });
    });

    it('names an agency whose token digest was replaced as altered', async () => {
      const { text, json } = await tampered([`update agencies set token_hash = 'f00d'`]);
      expect(text.code).toBe(1);
      expect(json.ledger.firstBroken).toMatchObject({
        seq: 3,
        problem: 'altered',
        table: 'agencies',
      });
    });

    it('names a row written past the head outside the append path', async () => {
      const { text, json } = await tampered([
        `insert into record_events (seq, record_id, subject_key, type, at, recorded_at, actor, reason, fields, hash)
         values (8, 4, '${X}', 'revoked', 1772960400000, 1772960400000, 'court-1', 'forged', null, '')`,
      ]);
      expect(text.code).toBe(1);
      expect(json.ledger.firstBroken).toMatchObject({
        seq: 8,
        problem: 'extra',
        table: 'record_events',
      });
    });

    it("names the ledger's copy of a publication file that was edited, which the HTTP door serves", async () => {
      const { text, json } = await tampered([
        `update publications set contents = replace(contents, '执s-0号', '执s-9号')`,
      ]);
      expect(text.code).toBe(1);
      expect(text.stderr).toMatch(
        /^error PublicationChainBroken: first broken link: the ledger's copy of dishonest-debtors v1: v1\.\S+ was altered: its SHA-256 no longer matches the signed manifest\n$/,
      );
      expect(json.ledger.ok).toBe(true);
      expect(json.storedPublications.ok).toBe(false);
    });
  });
}
