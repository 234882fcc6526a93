// The engine's command line end to end on a real SQLite file and the reference policy: a
// dishonest judgment debtor's score, the notice period before the flight ban, fulfilment lifting
// it, the agency's follow-up events, and policy versions over time.
import { existsSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { personId } from '../factories/subjects.js';
import { probity, scratchDir } from '../support/cli-harness.js';

const DEBTOR = personId('1980-05-17', 233);
const CLEAN = personId('1975-02-03', 41);

let dir: string;
let db: string;
const cli = (now: string, ...args: string[]) => probity([...args, '--db', db, '--now', now]);

interface Score {
  score: number;
  grade: string;
  base: number;
  scorable: boolean;
  contributions: { recordId: number; category: string; rule: string | null; points: number }[];
  lists: { list: string; since: string; until: string | null }[];
  measures: { measure: string }[];
}
interface Check {
  decision: string;
  reasons: {
    list: string;
    since: string;
    until: string | null;
    legalBasis: string;
    records: number[];
  }[];
}

let recordId: number;

beforeEach(async () => {
  dir = scratchDir();
  db = join(dir, 'p.db');
  await cli('2026-01-01T00:00:00Z', 'init');
  await cli('2026-01-01T00:00:00Z', 'agency', 'add', 'court-1', '--kind', 'court');
  await cli('2026-01-01T00:00:00Z', 'agency', 'add', 'court-2', '--kind', 'court');
  const file = join(dir, 'r.jsonl');
  writeFileSync(
    file,
    JSON.stringify({
      sourceRef: '(2025)京0105执77号',
      subject: DEBTOR,
      category: 'court.dishonest-debtor',
      occurredAt: '2025-12-01',
      fields: { amount: 2_500_000, caseNumber: '(2025)京0105执77号' },
    }) + '\n',
  );
  await cli('2026-01-01T00:00:00Z', 'import', file, '--agency', 'court-1');
  const score = (await cli('2026-01-02T00:00:00Z', 'score', DEBTOR, '--json')).json<Score>()[0]!;
  recordId = score.contributions[0]!.recordId;
});

describe('probity score', () => {
  it('explains the score as the base plus a contribution per record and rule', async () => {
    const r = await cli('2026-01-05T00:00:00Z', 'score', DEBTOR, '--json');
    expect(r.code).toBe(0);
    const s = r.json<Score>()[0]!;
    expect(s).toMatchObject({ scorable: true, base: 1000, score: 900, grade: 'B' });
    expect(s.contributions).toEqual([
      expect.objectContaining({
        recordId,
        category: 'court.dishonest-debtor',
        rule: 'dishonest-debtor',
        points: -100,
      }),
    ]);
    expect(s.lists).toEqual([]);
  });

  it('lists the debtor once the ten-day notice period has passed, with since and until', async () => {
    const before = (await cli('2026-01-10T23:59:59Z', 'score', DEBTOR, '--json')).json<Score>()[0]!;
    expect(before.lists).toEqual([]);
    const after = (await cli('2026-01-11T00:00:00Z', 'score', DEBTOR, '--json')).json<Score>()[0]!;
    expect(after.lists).toEqual([
      expect.objectContaining({
        list: 'dishonest-debtors',
        since: '2026-01-11T00:00:00.000Z',
        until: '2028-12-01T00:00:00.000Z',
      }),
    ]);
    expect(after.measures.map((m) => m.measure)).toContain('travel.flight');
  });

  it('gives a clean adult the base score and grade', async () => {
    const s = (await cli('2026-01-05T00:00:00Z', 'score', CLEAN, '--json')).json<Score>()[0]!;
    expect(s).toMatchObject({ score: 1000, grade: 'A', contributions: [], lists: [] });
  });

  it('answers as of an earlier instant, before the record was accepted', async () => {
    const s = (
      await cli('2026-02-01T00:00:00Z', 'score', DEBTOR, '--at', '2025-12-15', '--json')
    ).json<Score>()[0]!;
    expect(s.score).toBe(1000);
  });

  it('refuses an invalid identifier with a clear code', async () => {
    const r = await cli('2026-01-05T00:00:00Z', 'score', '110105198005172330');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error InvalidIdentifier: /);
  });
});

describe('probity check', () => {
  it('allows before the notice period ends and denies after, naming list, dates, basis and records', async () => {
    const allow = (
      await cli('2026-01-10T00:00:00Z', 'check', DEBTOR, '--measure', 'travel.flight', '--json')
    ).json<Check>()[0]!;
    expect(allow).toMatchObject({ decision: 'allow', reasons: [] });
    const deny = (
      await cli('2026-01-12T00:00:00Z', 'check', DEBTOR, '--measure', 'travel.flight', '--json')
    ).json<Check>()[0]!;
    expect(deny.decision).toBe('deny');
    expect(deny.reasons).toEqual([
      {
        list: 'dishonest-debtors',
        since: '2026-01-11T00:00:00.000Z',
        until: '2028-12-01T00:00:00.000Z',
        legalBasis: expect.stringContaining('Fa Shi [2017] No. 7') as string,
        records: [recordId],
      },
    ]);
  });

  it('checks a file of identifiers in order and reports a bad line without stopping', async () => {
    const ids = join(dir, 'ids.txt');
    writeFileSync(ids, `${DEBTOR}\nnot-an-id\n${CLEAN}\n`);
    const r = await cli(
      '2026-01-12T00:00:00Z',
      'check',
      '--file',
      ids,
      '--measure',
      'travel.flight',
      '--json',
    );
    expect(r.code).toBe(1);
    expect(
      r.json<Check & { error?: { code: string } }>().map((x) => x.decision ?? x.error?.code),
    ).toEqual(['deny', 'InvalidIdentifier', 'allow']);
    expect(r.stderr).toMatch(/3 checked: 1 deny, 1 invalid, 1 allow/);
  });

  it('refuses a measure that the policy does not define', async () => {
    const r = await cli('2026-01-12T00:00:00Z', 'check', DEBTOR, '--measure', 'travel.spaceflight');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error UnknownMeasure: /);
  });

  it('needs either an identifier or a file', async () => {
    const r = await cli('2026-01-12T00:00:00Z', 'check', '--measure', 'travel.flight');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error UsageError: /);
  });
});

describe('probity record event', () => {
  it('lifts the listing when the submitting agency records the debt as fulfilled', async () => {
    const ok = await cli(
      '2026-02-01T00:00:00Z',
      'record',
      'event',
      String(recordId),
      'fulfilled',
      '--agency',
      'court-1',
      '--json',
    );
    expect(ok.code).toBe(0);
    const check = (
      await cli('2026-02-02T00:00:00Z', 'check', DEBTOR, '--measure', 'travel.flight', '--json')
    ).json<Check>()[0]!;
    expect(check.decision).toBe('allow');
    const earlier = (
      await cli(
        '2026-02-02T00:00:00Z',
        'check',
        DEBTOR,
        '--measure',
        'travel.flight',
        '--at',
        '2026-01-20',
        '--json',
      )
    ).json<Check>()[0]!;
    expect(earlier.decision).toBe('deny');
  });

  it('suspends the effect for a payment plan and resumes it', async () => {
    await cli(
      '2026-02-01T00:00:00Z',
      'record',
      'event',
      String(recordId),
      'suspended',
      '--agency',
      'court-1',
      '--reason',
      'payment plan agreed',
    );
    expect(
      (
        await cli('2026-02-02T00:00:00Z', 'check', DEBTOR, '--measure', 'travel.flight', '--json')
      ).json<Check>()[0]!.decision,
    ).toBe('allow');
    await cli(
      '2026-03-01T00:00:00Z',
      'record',
      'event',
      String(recordId),
      'resumed',
      '--agency',
      'court-1',
    );
    expect(
      (
        await cli('2026-03-02T00:00:00Z', 'check', DEBTOR, '--measure', 'travel.flight', '--json')
      ).json<Check>()[0]!.decision,
    ).toBe('deny');
  });

  it.each([
    ['another agency', ['fulfilled', '--agency', 'court-2'], 'NotSubmittingAgency'],
    ['a suspension without reason', ['suspended', '--agency', 'court-1'], 'ReasonRequired'],
    ['a resumption of what is not suspended', ['resumed', '--agency', 'court-1'], 'NotSuspended'],
    [
      'an event the agency may not add',
      ['revoked', '--agency', 'court-1'],
      'RecordEventNotAllowed',
    ],
    [
      'a date before the conduct',
      ['fulfilled', '--agency', 'court-1', '--at', '2025-11-01'],
      'EventBeforeRecord',
    ],
  ])('refuses %s', async (_what, args, code) => {
    const r = await cli('2026-02-01T00:00:00Z', 'record', 'event', String(recordId), ...args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error ${code}: `));
  });

  it('refuses to fulfil twice and names an unknown record', async () => {
    await cli(
      '2026-02-01T00:00:00Z',
      'record',
      'event',
      String(recordId),
      'fulfilled',
      '--agency',
      'court-1',
    );
    const twice = await cli(
      '2026-02-01T00:00:00Z',
      'record',
      'event',
      String(recordId),
      'fulfilled',
      '--agency',
      'court-1',
    );
    expect(twice.stderr).toMatch(/^error AlreadyFulfilled: /);
    const unknown = await cli(
      '2026-02-01T00:00:00Z',
      'record',
      'event',
      '999999',
      'fulfilled',
      '--agency',
      'court-1',
    );
    expect(unknown.stderr).toMatch(/^error RecordNotFound: /);
  });
});

describe('probity policy', () => {
  it('activates a new version from an instant, leaving earlier answers as they were', async () => {
    const v2 = readFileSync('policies/policy.yaml', 'utf8')
      .replace(/^version: 2$/m, 'version: 3')
      .replace(
        "when: 'record.amount >= 1000000'\n    points: -100",
        "when: 'record.amount >= 1000000'\n    points: -200",
      );
    const file = join(dir, 'v2.yaml');
    writeFileSync(file, v2);
    const r = await cli(
      '2026-02-01T00:00:00Z',
      'policy',
      'activate',
      file,
      '--from',
      '2026-03-01',
      '--json',
    );
    expect(r.json()[0]).toMatchObject({
      policy: 'city-reference',
      version: 3,
      effectiveFrom: '2026-03-01T00:00:00.000Z',
      added: true,
    });
    const before = (
      await cli('2026-04-01T00:00:00Z', 'score', DEBTOR, '--at', '2026-02-28', '--json')
    ).json<Score>()[0]!;
    const after = (
      await cli('2026-04-01T00:00:00Z', 'score', DEBTOR, '--at', '2026-03-01', '--json')
    ).json<Score>()[0]!;
    expect([before.score, after.score]).toEqual([900, 800]);
    const again = await cli(
      '2026-02-01T00:00:00Z',
      'policy',
      'activate',
      file,
      '--from',
      '2026-03-01',
      '--json',
    );
    expect(again.json()[0]).toMatchObject({ added: false });
  });

  it('refuses an invalid policy with every problem and stores nothing', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'id: x\nversion: 1\nlists:\n  - {id: low, kind: sanction, include: {grades: [D]}}\n',
    );
    const validate = await probity(['policy', 'validate', file]);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toMatch(/^lists\[0\]\.include\.grades: PolicySanctionFromScore: /m);
    const activate = await cli('2026-02-01T00:00:00Z', 'policy', 'activate', file);
    expect(activate.code).toBe(1);
    expect(activate.stderr).toMatch(/^error PolicyRejected: /);
    expect(activate.stderr).toContain('PolicySanctionFromScore');
  });

  it('refuses a different document under a version that exists', async () => {
    const file = join(dir, 'same-version.yaml');
    writeFileSync(
      file,
      readFileSync('policies/policy.yaml', 'utf8').replace('points: -60', 'points: -61'),
    );
    const r = await cli('2026-02-01T00:00:00Z', 'policy', 'activate', file);
    expect(r.stderr).toMatch(/^error PolicyVersionExists: /);
  });
});

describe('probity rebuild and tick', () => {
  it('rebuilds from the ledger and verifies every subject against the reference evaluator', async () => {
    const r = await cli('2026-01-12T00:00:00Z', 'rebuild', '--verify', '--json');
    expect(r.code).toBe(0);
    expect(r.json()[0]).toMatchObject({
      subjects: 1,
      records: 1,
      lists: expect.objectContaining({ 'dishonest-debtors': 1 }) as unknown,
      verify: { subjectsCompared: 1, mismatches: 0, examples: [] },
    });
  });

  it('writes the engine snapshot where PROBITY_SNAPSHOT_FILE says, as the server would read it, and none when it is off', async () => {
    const custom = join(dir, 'elsewhere.snapshot');
    const at = ['rebuild', '--db', db, '--now', '2026-01-12T00:00:00Z'];
    expect((await probity(at, { PROBITY_SNAPSHOT_FILE: custom })).code).toBe(0);
    expect(existsSync(custom)).toBe(true);
    expect(existsSync(`${db}.snapshot`)).toBe(false);
    expect((await probity(at, { PROBITY_SNAPSHOT_FILE: 'off' })).code).toBe(0);
    expect(existsSync(`${db}.snapshot`)).toBe(false);
    expect((await probity(at)).code).toBe(0);
    expect(existsSync(`${db}.snapshot`)).toBe(true);
  });

  it('names the notice-period end as the next transition and the list entry it brings', async () => {
    const r = await cli('2026-01-05T00:00:00Z', 'tick', '--at', '2026-01-12', '--json');
    expect(r.code).toBe(0);
    const advance = r.json<{
      transitions: string[];
      lists: Record<string, { joined: number; left: number }>;
    }>()[0]!;
    expect(advance.transitions[0]).toBe('2026-01-11T00:00:00.000Z');
    expect(advance.lists['dishonest-debtors']).toEqual({ joined: 1, left: 0 });
  });

  it('refuses to tick backwards', async () => {
    const r = await cli('2026-01-05T00:00:00Z', 'tick', '--at', '2026-01-01');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error TickInPast: /);
  });
});

describe('probity simulate', () => {
  it('shows what a draft policy would change, and writes nothing', async () => {
    const draft = join(dir, 'draft.yaml');
    writeFileSync(
      draft,
      readFileSync('policies/policy.yaml', 'utf8')
        .replace(/^version: 2$/m, 'version: 3')
        .replace(
          "when: 'record.amount >= 1000000'\n    points: -100",
          "when: 'record.amount >= 1000000'\n    points: -300",
        ),
    );
    const r = await cli('2026-01-12T00:00:00Z', 'simulate', draft, '--json');
    expect(r.code).toBe(0);
    const s = r.json<{
      subjects: number;
      transitions: Record<string, Record<string, number>>;
      lists: Record<string, { before: number; after: number }>;
    }>()[0]!;
    expect(s.subjects).toBe(1);
    expect(s.transitions.B?.C).toBe(1);
    expect(s.lists['dishonest-debtors']).toMatchObject({ before: 1, after: 1 });
    const score = (await cli('2026-01-12T00:00:00Z', 'score', DEBTOR, '--json')).json<Score>()[0]!;
    expect(score.score).toBe(900);
  });

  it('counts the rule errors a draft would cause, per rule, before and after', async () => {
    const draft = join(dir, 'failing.yaml');
    writeFileSync(
      draft,
      readFileSync('policies/policy.yaml', 'utf8')
        .replace(/^version: 2$/m, 'version: 3')
        .replace(
          "when: 'record.amount >= 1000000'\n    points: -100",
          "when: 'record.amount >= 1000000'\n    points: '-(1000000 / (record.amount - record.amount))'",
        ),
    );
    const r = await cli('2026-01-12T00:00:00Z', 'simulate', draft, '--json');
    expect(r.code).toBe(0);
    const s = r.json<{
      ruleErrors: unknown;
      transitions: Record<string, Record<string, number>>;
    }>()[0]!;
    expect(s.ruleErrors).toEqual({ before: {}, after: { 'dishonest-debtor': 1 } });
    // The failing rule scores the record with 0 points: the debtor moves up, visibly counted.
    expect(s.transitions.B?.A).toBe(1);
    const text = await cli('2026-01-12T00:00:00Z', 'simulate', draft);
    expect(text.stdout).toContain('dishonest-debtor: 0 -> 1');
  });

  it('refuses an invalid draft with its problems', async () => {
    const draft = join(dir, 'bad.yaml');
    writeFileSync(draft, 'id: x\nversion: 1\n');
    const r = await cli('2026-01-12T00:00:00Z', 'simulate', draft);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error PolicyRejected: /);
  });
});

describe('probity policy: expressions that cannot hurt by accident', () => {
  it('reports a deeply nested expression as a problem of policy validate, never a RangeError', async () => {
    const file = join(dir, 'deep.yaml');
    writeFileSync(
      file,
      readFileSync('policies/policy.yaml', 'utf8').replace(
        "when: 'record.amount >= 1000000'",
        `when: '${'('.repeat(3000)}record.amount${')'.repeat(3000)} >= 1000000'`,
      ),
    );
    const r = await cli('2026-01-12T00:00:00Z', 'policy', 'validate', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^rules\[1\]\.when: PolicyExpressionTooDeep: rule dishonest-debtor: /m,
    );
    expect(r.stdout + r.stderr).not.toContain('RangeError');
  });

  it('counts the rule errors of the policy in force, per rule, and refuses a bad --at', async () => {
    const failing = join(dir, 'failing-v9.yaml');
    writeFileSync(
      failing,
      readFileSync('policies/policy.yaml', 'utf8')
        .replace(/^version: 2$/m, 'version: 9')
        .replace(
          "when: 'record.amount >= 1000000'\n    points: -100",
          "when: 'record.amount >= 1000000'\n    points: '-(1000000 / (record.amount - record.amount))'",
        ),
    );
    const activated = await cli(
      '2026-04-01T00:00:00Z',
      'policy',
      'activate',
      failing,
      '--from',
      '2026-06-01',
    );
    expect(activated.code).toBe(0);
    const before = await cli(
      '2026-04-01T00:00:00Z',
      'policy',
      'errors',
      '--at',
      '2026-05-31',
      '--json',
    );
    expect(before.json()[0]).toMatchObject({ ruleErrors: {}, total: 0 });
    const after = await cli(
      '2026-04-01T00:00:00Z',
      'policy',
      'errors',
      '--at',
      '2026-06-02',
      '--json',
    );
    expect(after.json()[0]).toMatchObject({
      policy: 'city-reference',
      version: 9,
      ruleErrors: { 'dishonest-debtor': 1 },
      total: 1,
    });
    const text = await cli('2026-04-01T00:00:00Z', 'policy', 'errors', '--at', '2026-06-02');
    expect(text.stdout).toContain('dishonest-debtor: 1 record (0 points each)');
    const score = await cli(
      '2026-04-01T00:00:00Z',
      'score',
      DEBTOR,
      '--at',
      '2026-06-02',
      '--json',
    );
    expect(score.json<Score>()[0]!.contributions).toContainEqual(
      expect.objectContaining({
        rule: 'dishonest-debtor',
        points: 0,
        error: 'points: division by zero',
      }),
    );
    const bad = await cli('2026-04-01T00:00:00Z', 'policy', 'errors', '--at', 'soon');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error InvalidInstant: /);
  });
});
