// The foundation's command line, end to end on real SQLite files: identifiers, init, agencies,
// import with its rejections, idempotence, and bad input at every door.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { organizationId, personId } from '../factories/subjects.js';
import { probity, scratchDir } from '../support/cli-harness.js';

const NOW = '2026-06-01T00:00:00Z';
const ADULT = personId('1980-05-17', 233);
const OTHER_ADULT = personId('1991-09-02', 118);
const MINOR = personId('2010-01-01', 7);
const BROKEN = ADULT.slice(0, -1) + (ADULT.endsWith('0') ? '1' : '0');

let dir: string;
let db: string;
const at = (...args: string[]) => probity([...args, '--db', db, '--now', NOW]);

function debtRecord(sourceRef: string, subject: string, extra: Record<string, unknown> = {}) {
  return {
    sourceRef,
    subject,
    category: 'court.dishonest-debtor',
    occurredAt: '2026-01-15',
    fields: { amount: 250_000, caseNumber: `(2026)京0105执${sourceRef}号` },
    ...extra,
  };
}

function writeJsonl(name: string, rows: readonly unknown[]): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n',
  );
  return path;
}

interface RejectRow {
  line: number;
  code: string;
  message: string;
  details: { code: string }[];
}

function rejectsOf(path: string): RejectRow[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as RejectRow);
}

beforeEach(() => {
  dir = scratchDir();
  db = join(dir, 'probity.db');
});

describe('probity id check', () => {
  it('prints one JSON object per input and exits 1 when one is invalid', async () => {
    const broken = ADULT.slice(0, -1) + (ADULT.endsWith('0') ? '1' : '0');
    const r = await probity(['id', 'check', ADULT, broken, '91110000600037341L', '--json']);
    expect(r.code).toBe(1);
    expect(r.json()).toEqual([
      {
        input: ADULT,
        valid: true,
        scheme: 'cn-ric',
        normalized: ADULT,
        birthDate: '1980-05-17',
        sex: 'male',
      },
      expect.objectContaining({ input: broken, valid: false, reason: 'checksum' }),
      {
        input: '91110000600037341L',
        valid: true,
        scheme: 'cn-uscc',
        normalized: '91110000600037341L',
      },
    ]);
  });

  it('converts a 15-digit number to its 18-digit form and exits 0 when all are valid', async () => {
    const r = await probity(['id', 'check', '110105491231002', '--json']);
    expect(r.code).toBe(0);
    expect(r.json()[0]).toMatchObject({
      valid: true,
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
    });
  });

  it.each([
    ['1234', 'length'],
    ['1101051949123100#X', 'charset'],
    ['99010519491231002X', 'region'],
    ['110105194913310020', 'date'],
  ])('names the reason for %s: %s', async (input, reason) => {
    const r = await probity(['id', 'check', input, '--json']);
    expect(r.json()[0]).toMatchObject({ valid: false, reason });
  });

  it('rejects a birth date after the --now clock', async () => {
    const unborn = personId('2026-07-01', 1);
    const r = await probity(['id', 'check', unborn, '--json', '--now', NOW]);
    expect(r.json()[0]).toMatchObject({ valid: false, reason: 'date' });
  });
});

describe('probity init', () => {
  it('creates the store once and changes nothing when run again', async () => {
    const first = await at('init', '--json');
    expect(first.code).toBe(0);
    expect(first.json()[0]).toMatchObject({
      catalogVersion: 1,
      catalogAdded: true,
      policyAdded: true,
    });
    const again = await at('init', '--json');
    expect(again.json()[0]).toMatchObject({
      catalogVersion: 1,
      catalogAdded: false,
      policyAdded: false,
    });
  });

  it('takes documents that differ only in comments as the ones stored, and refuses other content', async () => {
    const catalog = join(dir, 'commented-catalog.yaml');
    const policy = join(dir, 'commented-policy.yaml');
    writeFileSync(
      catalog,
      `# a comment of the city's\n${readFileSync('policies/catalog.yaml', 'utf8')}`,
    );
    writeFileSync(policy, `${readFileSync('policies/policy.yaml', 'utf8')}\n# reviewed\n`);
    expect((await at('init')).code).toBe(0);
    const same = await at('init', '--catalog', catalog, '--policy', policy, '--json');
    expect(same.code).toBe(0);
    expect(same.json()[0]).toMatchObject({ catalogAdded: false, policyAdded: false });

    writeFileSync(
      policy,
      readFileSync('policies/policy.yaml', 'utf8').replace('points: -60', 'points: -61'),
    );
    const changed = await at('init', '--policy', policy);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(/^error PolicyVersionExists: /);
  });

  it('refuses a catalogue that names a forbidden data class and writes nothing', async () => {
    const bad = join(dir, 'bad-catalog.yaml');
    writeFileSync(
      bad,
      readFileSync('policies/catalog.yaml', 'utf8').replace(
        'dataClass: judicial',
        'dataClass: social-relations',
      ),
    );
    const r = await at('init', '--catalog', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error CatalogRejected: /);
    expect(r.stderr).toContain('CatalogForbiddenDataClass');
    const store = await openStore(db);
    expect(await store.latestCatalog()).toBeUndefined();
    await store.close();
  });

  it('says which file it cannot read', async () => {
    const r = await at('init', '--catalog', join(dir, 'missing.yaml'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error FileNotReadable: .*no such file/);
  });
});

describe('probity catalog validate', () => {
  it('accepts the reference catalogue', async () => {
    const r = await probity(['catalog', 'validate', 'policies/catalog.yaml']);
    expect(r.code).toBe(0);
  });

  it('prints every problem as path: code: message and exits 1', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      [
        'categories:',
        '  - id: Bad_Id',
        '    label: x',
        '    dataClass: religion',
        '    polarity: adverse',
        '    tier: serious',
        '    legalBasis: "a law"',
        '    subjects: [person]',
        '    submitters: [court]',
      ].join('\n'),
    );
    const r = await probity(['catalog', 'validate', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^categories\[0\]\.id: CatalogInvalidId: /m);
    expect(r.stdout).toMatch(/^categories\[0\]\.dataClass: CatalogForbiddenDataClass: /m);
  });
});

describe('probity agency add', () => {
  it('prints id, kind and a token once, and refuses the same id twice', async () => {
    await at('init');
    const r = await at('agency', 'add', 'chaoyang-court', '--kind', 'court', '--json');
    expect(r.code).toBe(0);
    const [agency] = r.json<{ id: string; kind: string; token: string }>();
    expect(agency).toMatchObject({ id: 'chaoyang-court', kind: 'court' });
    expect(agency?.token).toMatch(/^prb_[A-Za-z0-9_-]{40,}$/);
    const store = await openStore(db);
    expect((await store.findAgency('chaoyang-court'))?.tokenHash).not.toContain(agency?.token);
    await store.close();
    const twice = await at('agency', 'add', 'chaoyang-court', '--kind', 'court');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/^error AgencyExists: /);
    expect(twice.stderr).not.toMatch(/UNIQUE|constraint|SQLITE/); // the driver's words stay out
  });

  it('refuses an id that is not lower-case letters, digits and hyphens', async () => {
    await at('init');
    const r = await at('agency', 'add', 'Chaoyang Court', '--kind', 'court');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error AgencyInvalidId: /);
  });
});

describe('probity import', () => {
  beforeEach(async () => {
    await at('init');
    await at('agency', 'add', 'court-1', '--kind', 'court');
  });

  it('writes valid rows, rejects bad ones with code and message, and is idempotent', async () => {
    const file = writeJsonl('records.jsonl', [
      debtRecord('1', ADULT),
      debtRecord('2', OTHER_ADULT),
      {
        sourceRef: 'bad',
        subject: '123',
        category: 'court.dishonest-debtor',
        occurredAt: '2026-01-01',
        fields: {},
      },
    ]);
    const rejects = join(dir, 'rejects.jsonl');
    const first = await at('import', file, '--agency', 'court-1', '--rejects', rejects, '--json');
    expect(first.code).toBe(0);
    expect(first.json()[0]).toEqual({ accepted: 2, duplicates: 0, rejected: 1 });
    expect(rejectsOf(rejects)).toEqual([
      expect.objectContaining({ line: 3, code: 'InvalidIdentifier' }),
    ]);
    const again = await at('import', file, '--agency', 'court-1', '--rejects', rejects, '--json');
    expect(again.json()[0]).toEqual({ accepted: 0, duplicates: 2, rejected: 1 });
    const store = await openStore(db);
    const records = await store.recordsOfSubject(ADULT);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      agencyId: 'court-1',
      sourceRef: '1',
      category: 'court.dishonest-debtor',
      fields: { amount: 250_000 },
    });
    expect(records[0]?.recordedAt).toBe(Date.parse(NOW));
    await store.close();
  });

  it('imports CSV with one column per field, typed by the catalogue', async () => {
    const file = join(dir, 'records.csv');
    writeFileSync(
      file,
      [
        'sourceRef,subject,category,occurredAt,amount,caseNumber',
        `c1,${ADULT},court.dishonest-debtor,2026-01-15,250000,(2026)京0105执1号`,
        `c2,${OTHER_ADULT},court.dishonest-debtor,2026-01-15,a lot,(2026)京0105执2号`,
      ].join('\n'),
    );
    const rejects = join(dir, 'rejects.jsonl');
    const r = await at('import', file, '--agency', 'court-1', '--rejects', rejects, '--json');
    expect(r.json()[0]).toEqual({ accepted: 1, duplicates: 0, rejected: 1 });
    expect(rejectsOf(rejects)).toEqual([expect.objectContaining({ line: 3, code: 'FieldType' })]);
    const store = await openStore(db);
    expect((await store.recordsOfSubject(ADULT))[0]?.fields).toEqual({
      amount: 250_000,
      caseNumber: '(2026)京0105执1号',
    });
    await store.close();
  });

  it('names the reason for every kind of bad row', async () => {
    await at('agency', 'add', 'tax-1', '--kind', 'tax');
    await at('agency', 'add', 'civil-1', '--kind', 'civil-affairs');
    const deceased = personId('1950-03-03', 5);
    await at(
      'subject',
      'close',
      deceased,
      '--event',
      'deceased',
      '--at',
      '2026-02-01',
      '--agency',
      'civil-1',
    );
    const cases: [string, unknown][] = [
      ['MalformedRow', '{"sourceRef": "broken'],
      ['MalformedRecord', '[1, 2, 3]'],
      ['UnknownProperty', debtRecord('u', ADULT, { name: 'Wang Fang' })],
      ['SourceRefMissing', debtRecord('', ADULT)],
      ['SubjectMissing', debtRecord('s', '')],
      ['InvalidIdentifier', debtRecord('i', BROKEN)],
      ['CategoryMissing', { ...debtRecord('c', ADULT), category: undefined }],
      ['UnknownCategory', { ...debtRecord('k', ADULT), category: 'social.speech' }],
      [
        'SubmitterNotAllowed',
        { ...debtRecord('t', ADULT), category: 'tax.arrears', fields: { amount: 1 } },
      ],
      [
        'SubjectKindNotAllowed',
        {
          ...debtRecord('o', organizationId(3)),
          category: 'police.aviation-safety',
          fields: { offence: 'x' },
        },
      ],
      ['OccurredAtMissing', { ...debtRecord('m', ADULT), occurredAt: undefined }],
      ['InvalidInstant', { ...debtRecord('d', ADULT), occurredAt: '2026-02-30' }],
      ['OccurredInFuture', { ...debtRecord('f', ADULT), occurredAt: '2026-07-01' }],
      ['OccurredBeforeBirth', { ...debtRecord('b', OTHER_ADULT), occurredAt: '1990-01-01' }],
      ['SubjectMinor', debtRecord('minor', MINOR)],
      ['FieldMissing', { ...debtRecord('fm', ADULT), fields: { amount: 1 } }],
      ['FieldType', { ...debtRecord('ft', ADULT), fields: { amount: '1', caseNumber: 'x' } }],
      ['FieldRange', { ...debtRecord('fr', ADULT), fields: { amount: -1, caseNumber: 'x' } }],
      [
        'FieldUnknown',
        { ...debtRecord('fu', ADULT), fields: { amount: 1, caseNumber: 'x', religion: 'none' } },
      ],
      ['SubjectClosed', debtRecord('dead', deceased)],
    ];
    const file = writeJsonl(
      'bad.jsonl',
      cases.map(([, row]) => row),
    );
    const rejects = join(dir, 'rejects.jsonl');
    const r = await at('import', file, '--agency', 'court-1', '--rejects', rejects, '--json');
    expect(r.json()[0]).toEqual({ accepted: 0, duplicates: 0, rejected: cases.length });
    const byLine = new Map(rejectsOf(rejects).map((x) => [x.line, x]));
    cases.forEach(([code], i) => {
      const row = byLine.get(i + 1);
      const codes = [row?.code, ...(row?.details.map((d) => d.code) ?? [])];
      expect(codes, `line ${i + 1}`).toContain(code);
      expect(row?.message.length).toBeGreaterThan(10);
    });
  });

  it.each([
    ['an agency that does not exist', ['--agency', 'nobody'], 'records.jsonl', 'AgencyNotFound'],
    ['a file that does not exist', ['--agency', 'court-1'], 'missing.jsonl', 'ImportFileNotFound'],
    ['a file of unknown format', ['--agency', 'court-1'], 'records.txt', 'ImportUnknownFormat'],
  ])('refuses %s with a clear code', async (_what, flags, name, code) => {
    if (name !== 'missing.jsonl')
      writeFileSync(join(dir, name), `${JSON.stringify(debtRecord('1', ADULT))}\n`);
    const r = await at('import', join(dir, name), ...flags);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error ${code}: `));
  });

  it('refuses a CSV without the required columns and writes nothing', async () => {
    const file = join(dir, 'records.csv');
    writeFileSync(file, `sourceRef,subject,amount\nx,${ADULT},1\n`);
    const r = await at('import', file, '--agency', 'court-1');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error ImportBadHeader: .*category, occurredAt/);
    const store = await openStore(db);
    expect((await store.counts()).records).toBe(0);
    await store.close();
  });

  it('refuses to import into a store that was never initialised', async () => {
    const other = join(dir, 'empty.db');
    const file = writeJsonl('one.jsonl', [debtRecord('1', ADULT)]);
    const r = await probity(['import', file, '--agency', 'court-1', '--db', other]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error (StoreNotInitialised|AgencyNotFound): /);
  });
});

describe('probity subject close', () => {
  it('closes a person once and refuses a second closing', async () => {
    await at('init');
    await at('agency', 'add', 'civil-1', '--kind', 'civil-affairs');
    const ok = await at(
      'subject',
      'close',
      ADULT,
      '--event',
      'deceased',
      '--at',
      '2026-05-01',
      '--agency',
      'civil-1',
      '--json',
    );
    expect(ok.code).toBe(0);
    const twice = await at('subject', 'close', ADULT, '--event', 'deceased', '--agency', 'civil-1');
    expect(twice.stderr).toMatch(/^error SubjectClosed: /);
    const wrong = await at(
      'subject',
      'close',
      organizationId(9),
      '--event',
      'deceased',
      '--agency',
      'civil-1',
    );
    expect(wrong.stderr).toMatch(/^error SubjectEventNotAllowed: /);
  });

  it('refuses an agency whose kind does not keep civil status', async () => {
    await at('init');
    await at('agency', 'add', 'court-1', '--kind', 'court');
    const r = await at('subject', 'close', ADULT, '--event', 'deceased', '--agency', 'court-1');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error SubmitterNotAllowed: /);
  });
});

describe('usage errors', () => {
  it('exits 2 for an unknown command', async () => {
    const r = await probity(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error UsageError: /);
  });

  it('exits 2 for a clock that is not an instant, in JSON when asked', async () => {
    const r = await probity(['id', 'check', ADULT, '--now', 'tomorrow', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'InvalidNow' } });
  });

  it('takes the clock from PROBITY_NOW', async () => {
    const unbornIn2000 = personId('2001-01-01', 1);
    const r = await probity(['id', 'check', unbornIn2000, '--json'], { PROBITY_NOW: '2000-06-01' });
    expect(r.json()[0]).toMatchObject({ valid: false, reason: 'date' });
  });
});
