// Charter C2 by content, not by label (issue 10, failure 1), through the command line: the
// catalogue of the failure (an innocent `judicial` class over fields named religion, ethnicity,
// gpsLocation and socialMediaPosts, and `legalBasis: "None"`) is refused by `catalog validate`
// with a line per problem, and by `init`, which writes nothing, on both dialects; on a store made
// with the reference catalogue, a record carrying those fields is refused as undeclared.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { personId } from '../factories/subjects.js';
import { probity, scratchDir } from '../support/cli-harness.js';
import { storeTargets } from '../support/store-targets.js';

const FAILURE_1 = [
  '  - id: court.enforcement-profile',
  '    label: Enforcement profile',
  '    dataClass: judicial',
  '    polarity: adverse',
  '    tier: general',
  '    legalBasis: "None"',
  '    subjects: [person]',
  '    submitters: [court]',
  '    fields:',
  '      religion: { type: string }',
  '      ethnicity: { type: string }',
  '      gpsLocation: { type: string }',
  '      socialMediaPosts: { type: string }',
  '',
].join('\n');

/** The reference catalogue with the category of failure 1 added at the end (index 29). */
function failureCatalog(dir: string): string {
  const file = join(dir, 'failure-1.yaml');
  writeFileSync(file, `${readFileSync('policies/catalog.yaml', 'utf8')}\n${FAILURE_1}`);
  return file;
}

describe('probity catalog validate, on the catalogue of issue 10 failure 1', () => {
  it('refuses each forbidden field by class with charter C2, the uncited legal basis and the unbounded texts, exit 1', async () => {
    const file = failureCatalog(scratchDir('probity-c2-'));
    const r = await probity(['catalog', 'validate', file]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    const at = 'categories[29]';
    expect(lines).toEqual([
      `${at}.legalBasis: CatalogMissingLegalBasis: category court.enforcement-profile: legal basis "None" does not cite an instrument: name the law, regulation or decision and point into it (art. 45, No. 7, section (1), 第十条, 〔2016〕33号) (charter C1)`,
      `${at}.fields.religion: CatalogForbiddenContent: category court.enforcement-profile: field name "religion" names religion or belief ("religion"), which charter C2 forbids: no category may draw on religion or belief`,
      `${at}.fields.religion: CatalogUnboundedText: category court.enforcement-profile: text field "religion" must declare an enum, a pattern or a maxLength of at most 128: free text is where data forbidden by charter C2 would slip in`,
      `${at}.fields.ethnicity: CatalogForbiddenContent: category court.enforcement-profile: field name "ethnicity" names ethnicity or origin ("ethnicity"), which charter C2 forbids: no category may draw on ethnicity or origin`,
      expect.stringMatching(/^categories\[29\]\.fields\.ethnicity: CatalogUnboundedText: /),
      `${at}.fields.gpsLocation: CatalogForbiddenContent: category court.enforcement-profile: field name "gpsLocation" names location or movement traces ("gps"), which charter C2 forbids: no category may draw on location or movement traces`,
      expect.stringMatching(/^categories\[29\]\.fields\.gpsLocation: CatalogUnboundedText: /),
      `${at}.fields.socialMediaPosts: CatalogForbiddenContent: category court.enforcement-profile: field name "socialMediaPosts" names communications or social-media content ("social media"), which charter C2 forbids: no category may draw on communications or social-media content`,
      expect.stringMatching(/^categories\[29\]\.fields\.socialMediaPosts: CatalogUnboundedText: /),
    ]);
  });

  it('answers the same problems as JSON with --json', async () => {
    const file = failureCatalog(scratchDir('probity-c2-'));
    const r = await probity(['catalog', 'validate', file, '--json']);
    expect(r.code).toBe(1);
    const result = r.json()[0] as { valid: boolean; problems: { code: string }[] };
    expect(result.valid).toBe(false);
    expect(result.problems.filter((p) => p.code === 'CatalogForbiddenContent')).toHaveLength(4);
  });

  it('refuses it as the catalogue a policy is validated against', async () => {
    const file = failureCatalog(scratchDir('probity-c2-'));
    const r = await probity(['policy', 'validate', 'policies/policy.yaml', '--catalog', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error CatalogRejected: /);
    expect(r.stderr).toContain('CatalogForbiddenContent');
  });

  it('still accepts the reference catalogue', async () => {
    const r = await probity(['catalog', 'validate', 'policies/catalog.yaml']);
    expect(r.stdout).toMatch(/valid, \d+ categories/);
    expect(r.code).toBe(0);
  });
});

for (const target of storeTargets('catalog_c2')) {
  describe(`probity init and import, on the catalogue of issue 10 failure 1: ${target.name}`, () => {
    afterAll(() => target.end());

    async function fresh() {
      const dir = scratchDir('probity-c2-');
      const db = await target.newLocation();
      const run = (args: string[]) =>
        probity([...args, '--db', db, '--key-file', join(dir, 'authority-key.pem')]);
      return { dir, db, run };
    }

    it('refuses the catalogue at init and writes no catalogue and no policy', async () => {
      const { dir, db, run } = await fresh();
      const r = await run(['init', '--catalog', failureCatalog(dir)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error CatalogRejected: /);
      expect(r.stderr).toContain('CatalogForbiddenContent');
      expect(r.stderr).toContain('charter C2');
      const store = await openStore(db);
      try {
        expect(await store.latestCatalog()).toBeUndefined();
        expect(await store.policies()).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('refuses the catalogue as a new version of an initialised store, and a record carrying those fields', async () => {
      const { dir, db, run } = await fresh();
      expect((await run(['init'])).code).toBe(0);
      const again = await run(['init', '--catalog', failureCatalog(dir)]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('CatalogForbiddenContent');
      expect((await run(['agency', 'add', 'court-1', '--kind', 'court'])).code).toBe(0);
      const records = join(dir, 'records.jsonl');
      const subject = personId('1980-05-17', 233);
      writeFileSync(
        records,
        `${JSON.stringify({
          sourceRef: 'c2-1',
          subject,
          category: 'court.dishonest-debtor',
          occurredAt: '2026-01-15',
          fields: { amount: 1, caseNumber: 'A-1', religion: 'x', ethnicity: 'y' },
        })}\n`,
      );
      const rejects = join(dir, 'rejects.jsonl');
      const imported = await run([
        'import',
        records,
        '--agency',
        'court-1',
        '--rejects',
        rejects,
        '--json',
      ]);
      expect(imported.json()[0]).toEqual({ accepted: 0, duplicates: 0, rejected: 1 });
      const reject = JSON.parse(readFileSync(rejects, 'utf8').trim()) as {
        details: { path: string; code: string }[];
      };
      expect(reject.details).toEqual([
        expect.objectContaining({ path: 'fields.religion', code: 'FieldUnknown' }),
        expect.objectContaining({ path: 'fields.ethnicity', code: 'FieldUnknown' }),
      ]);
      const store = await openStore(db);
      try {
        expect((await store.latestCatalog())?.version).toBe(1);
        expect(await store.recordsOfSubject(subject)).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });
}
