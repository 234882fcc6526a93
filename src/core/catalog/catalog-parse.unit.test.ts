import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  CATALOG_PROBLEM_CODES,
  parseCatalog,
  type Catalog,
  type CatalogParseResult,
} from './index.js';

type Raw = Record<string, unknown>;

function category(overrides: Raw = {}): Raw {
  return {
    id: 'court.dishonest-debtor',
    label: 'Dishonest judgment debtor',
    dataClass: 'judicial',
    polarity: 'adverse',
    tier: 'serious',
    legalBasis:
      'SPC Several Provisions on Publishing the List of Dishonest Judgment Debtors, art. 1(1)',
    subjects: ['person', 'organization'],
    submitters: ['court'],
    fields: {
      amount: { type: 'integer', min: 0, required: true },
      caseNumber: { type: 'string', required: true, maxLength: 64 },
    },
    ...overrides,
  };
}

function without(raw: Raw, key: string): Raw {
  const copy = { ...raw };
  delete copy[key];
  return copy;
}

function parse(...categories: Raw[]): CatalogParseResult {
  return parseCatalog(stringify({ categories }));
}

function parsed(...categories: Raw[]): Catalog {
  const result = parse(...categories);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.catalog;
}

function problemsOf(result: CatalogParseResult): { path: string; code: string }[] {
  return result.ok ? [] : result.problems.map(({ path, code }) => ({ path, code }));
}

describe('parseCatalog', () => {
  it('reads a valid category with every property', () => {
    const catalog = parsed(
      category({ effect: { maxDuration: 'P3Y', endsWhenFulfilled: true, repairAfter: 'P1Y' } }),
    );
    const c = catalog.byId.get('court.dishonest-debtor')!;
    expect(catalog.categories).toEqual([c]);
    expect(c).toMatchObject({
      id: 'court.dishonest-debtor',
      dataClass: 'judicial',
      polarity: 'adverse',
      tier: 'serious',
      subjects: ['person', 'organization'],
      submitters: ['court'],
    });
    expect(c.fields).toEqual({
      amount: { type: 'integer', min: 0, required: true },
      caseNumber: { type: 'string', required: true, maxLength: 64 },
    });
    expect(Object.keys(c.fields)).toEqual(['amount', 'caseNumber']);
    expect(c.effect.maxDuration.text).toBe('P3Y');
    expect(c.effect.endsWhenFulfilled).toBe(true);
    expect(c.effect.repairAfter?.text).toBe('P1Y');
    expect(c.objectionDeadline.text).toBe('P15D');
  });

  describe('tier defaults', () => {
    it.each([
      ['minor', 'P3M', 'P0D'],
      ['general', 'P1Y', 'P3M'],
      ['serious', 'P3Y', 'P1Y'],
    ])('applies the %s tier defaults (%s, repair after %s)', (tier, maxDuration, repairAfter) => {
      const c = parsed(category({ tier })).categories[0]!;
      expect(c.effect.maxDuration.text).toBe(maxDuration);
      expect(c.effect.repairAfter?.text).toBe(repairAfter);
      expect(c.effect.endsWhenFulfilled).toBe(false);
      expect(c.objectionDeadline.text).toBe('P15D');
    });

    it('lets a category shorten its tier defaults and set its objection deadline', () => {
      const c = parsed(
        category({
          tier: 'general',
          effect: { maxDuration: 'P180D', repairAfter: 'P1M', endsWhenFulfilled: true },
          objectionDeadline: 'P10D',
        }),
      ).categories[0]!;
      expect(c.effect.maxDuration.text).toBe('P180D');
      expect(c.effect.repairAfter?.text).toBe('P1M');
      expect(c.effect.endsWhenFulfilled).toBe(true);
      expect(c.objectionDeadline.text).toBe('P10D');
    });

    it('gives favourable categories three years, no tier and no repair', () => {
      const c = parsed(
        category({ polarity: 'favourable', tier: undefined, dataClass: 'civic-commendation' }),
      ).categories[0]!;
      expect(c.tier).toBeUndefined();
      expect(c.effect.maxDuration.text).toBe('P3Y');
      expect(c.effect.repairAfter).toBeUndefined();
    });

    it('lets a favourable category set its own duration', () => {
      const c = parsed(
        category({
          polarity: 'favourable',
          tier: undefined,
          dataClass: 'tax',
          effect: { maxDuration: 'P1Y' },
        }),
      ).categories[0]!;
      expect(c.effect.maxDuration.text).toBe('P1Y');
    });

    it('refuses a duration longer than the tier allows (charter C7)', () => {
      const result = parse(category({ tier: 'general', effect: { maxDuration: 'P366D' } }));
      expect(problemsOf(result)).toEqual([
        { path: 'categories[0].effect.maxDuration', code: 'CatalogInvalidValue' },
      ]);
      expect(result.ok ? '' : result.problems[0]!.message).toContain('C7');
    });

    it('accepts the longest duration a tier allows written another way', () => {
      expect(parse(category({ tier: 'general', effect: { maxDuration: 'P12M' } })).ok).toBe(true);
      expect(parse(category({ tier: 'general', effect: { maxDuration: 'P365D' } })).ok).toBe(true);
      expect(parse(category({ tier: 'minor', effect: { maxDuration: 'P89D' } })).ok).toBe(true);
    });

    it('refuses a repair period later than the tier allows (charter C7)', () => {
      expect(
        problemsOf(parse(category({ tier: 'minor', effect: { repairAfter: 'P1D' } }))),
      ).toEqual([{ path: 'categories[0].effect.repairAfter', code: 'CatalogInvalidValue' }]);
    });

    it('refuses a repair period on a favourable category', () => {
      const result = parse(
        category({
          polarity: 'favourable',
          tier: undefined,
          dataClass: 'civic-commendation',
          effect: { repairAfter: 'P1Y' },
        }),
      );
      expect(problemsOf(result)).toEqual([
        { path: 'categories[0].effect.repairAfter', code: 'CatalogInvalidValue' },
      ]);
    });
  });

  describe('one test per problem code', () => {
    it('CatalogYamlSyntax: reports malformed YAML with its line', () => {
      const result = parseCatalog('categories:\n  - id: a.b\n    label: [unclosed\n');
      expect(problemsOf(result)[0]).toEqual({ path: '', code: 'CatalogYamlSyntax' });
      expect(result.ok ? '' : result.problems[0]!.message).toMatch(/line \d+/);
    });

    it('CatalogYamlSyntax: reports a key given twice', () => {
      expect(problemsOf(parseCatalog('categories: []\ncategories: []\n'))[0]).toEqual({
        path: '',
        code: 'CatalogYamlSyntax',
      });
    });

    it('CatalogNotAnObject: refuses a document that is a list', () => {
      expect(problemsOf(parseCatalog('- a\n- b\n'))).toEqual([
        { path: '', code: 'CatalogNotAnObject' },
      ]);
    });

    it('CatalogNotAnObject: refuses a category that is not a mapping', () => {
      expect(problemsOf(parse(category(), 'court.x' as unknown as Raw))).toEqual([
        { path: 'categories[1]', code: 'CatalogNotAnObject' },
      ]);
    });

    it('CatalogNotAnObject: refuses a field spec that is not a mapping', () => {
      expect(problemsOf(parse(category({ fields: { amount: 'integer' } })))).toEqual([
        { path: 'categories[0].fields.amount', code: 'CatalogNotAnObject' },
      ]);
    });

    it('CatalogMissingField: names a missing label', () => {
      expect(problemsOf(parse(without(category(), 'label')))).toEqual([
        { path: 'categories[0].label', code: 'CatalogMissingField' },
      ]);
    });

    it('CatalogMissingField: names a field without a type', () => {
      expect(problemsOf(parse(category({ fields: { amount: { required: true } } })))).toEqual([
        { path: 'categories[0].fields.amount.type', code: 'CatalogMissingField' },
      ]);
    });

    it('CatalogMissingField: needs a categories list', () => {
      expect(problemsOf(parseCatalog('{}\n'))).toEqual([
        { path: 'categories', code: 'CatalogMissingField' },
      ]);
    });

    it('CatalogInvalidValue: refuses an unknown field type', () => {
      expect(problemsOf(parse(category({ fields: { amount: { type: 'money' } } })))).toEqual([
        { path: 'categories[0].fields.amount.type', code: 'CatalogInvalidValue' },
      ]);
    });

    it('CatalogInvalidValue: refuses an unknown subject kind', () => {
      expect(problemsOf(parse(category({ subjects: ['person', 'household'] })))).toEqual([
        { path: 'categories[0].subjects[1]', code: 'CatalogInvalidValue' },
      ]);
    });

    it('CatalogInvalidValue: refuses an unknown polarity', () => {
      expect(problemsOf(parse(category({ polarity: 'negative' })))).toEqual([
        { path: 'categories[0].polarity', code: 'CatalogInvalidValue' },
      ]);
    });

    it('CatalogInvalidId: refuses an id without a dot', () => {
      expect(problemsOf(parse(category({ id: 'dishonest' })))).toEqual([
        { path: 'categories[0].id', code: 'CatalogInvalidId' },
      ]);
    });

    it('CatalogInvalidId: refuses upper case', () => {
      expect(problemsOf(parse(category({ id: 'Court.Debtor' })))).toEqual([
        { path: 'categories[0].id', code: 'CatalogInvalidId' },
      ]);
    });

    it('CatalogDuplicateId: reports the second category with the same id', () => {
      const result = parse(category(), category({ label: 'again' }));
      expect(problemsOf(result)).toEqual([
        { path: 'categories[1].id', code: 'CatalogDuplicateId' },
      ]);
      expect(result.ok ? '' : result.problems[0]!.message).toContain('categories[0]');
    });

    it('CatalogForbiddenDataClass: refuses a forbidden class and cites charter C2', () => {
      const result = parse(category({ dataClass: 'political-opinion' }));
      expect(problemsOf(result)).toEqual([
        { path: 'categories[0].dataClass', code: 'CatalogForbiddenDataClass' },
      ]);
      expect(result.ok ? '' : result.problems[0]!.message).toContain('charter C2');
    });

    it('CatalogUnknownDataClass: refuses a class that is neither allowed nor forbidden', () => {
      expect(problemsOf(parse(category({ dataClass: 'lifestyle-points' })))).toEqual([
        { path: 'categories[0].dataClass', code: 'CatalogUnknownDataClass' },
      ]);
    });

    it('CatalogMissingLegalBasis: refuses a category without a legal basis (charter C1)', () => {
      expect(problemsOf(parse(without(category(), 'legalBasis')))).toEqual([
        { path: 'categories[0].legalBasis', code: 'CatalogMissingLegalBasis' },
      ]);
    });

    it('CatalogMissingLegalBasis: refuses a blank legal basis', () => {
      expect(problemsOf(parse(category({ legalBasis: '   ' })))).toEqual([
        { path: 'categories[0].legalBasis', code: 'CatalogMissingLegalBasis' },
      ]);
    });

    it('CatalogInvalidDuration: refuses a duration that is not ISO 8601', () => {
      expect(problemsOf(parse(category({ effect: { maxDuration: '3 years' } })))).toEqual([
        { path: 'categories[0].effect.maxDuration', code: 'CatalogInvalidDuration' },
      ]);
    });

    it('CatalogInvalidDuration: refuses a zero objection deadline', () => {
      expect(problemsOf(parse(category({ objectionDeadline: 'P0D' })))).toEqual([
        { path: 'categories[0].objectionDeadline', code: 'CatalogInvalidDuration' },
      ]);
    });

    it('CatalogTierRequired: refuses an adverse category without a tier', () => {
      expect(problemsOf(parse(without(category(), 'tier')))).toEqual([
        { path: 'categories[0].tier', code: 'CatalogTierRequired' },
      ]);
    });

    it('CatalogUnknownKey: refuses a key the format does not define, at any depth', () => {
      expect(
        problemsOf(
          parse(
            category({
              score: -50,
              fields: { amount: { type: 'integer', currency: 'CNY' } },
              effect: { maxDuration: 'P1Y', permanent: true },
            }),
          ),
        ),
      ).toEqual([
        { path: 'categories[0].score', code: 'CatalogUnknownKey' },
        { path: 'categories[0].fields.amount.currency', code: 'CatalogUnknownKey' },
        { path: 'categories[0].effect.permanent', code: 'CatalogUnknownKey' },
      ]);
    });

    it('CatalogUnknownKey: refuses an unknown top-level key', () => {
      expect(problemsOf(parseCatalog(stringify({ categories: [category()], extra: 1 })))).toEqual([
        { path: 'extra', code: 'CatalogUnknownKey' },
      ]);
    });

    it('CatalogEmpty: refuses an empty categories list', () => {
      expect(problemsOf(parseCatalog('categories: []\n'))).toEqual([
        { path: 'categories', code: 'CatalogEmpty' },
      ]);
    });

    it('CatalogEmpty: refuses an empty document', () => {
      expect(problemsOf(parseCatalog(''))).toEqual([{ path: '', code: 'CatalogEmpty' }]);
    });

    it('CatalogForbiddenContent: refuses the category of issue 10 whose fields name forbidden classes under an innocent data class', () => {
      const result = parse(
        category({
          legalBasis: 'Test Regulations, art. 1',
          fields: {
            religion: { type: 'string', maxLength: 20 },
            ethnicity: { type: 'string', maxLength: 20 },
            gpsLocation: { type: 'string', maxLength: 20 },
            socialMediaPosts: { type: 'string', maxLength: 20 },
          },
        }),
      );
      expect(problemsOf(result)).toEqual([
        { path: 'categories[0].fields.religion', code: 'CatalogForbiddenContent' },
        { path: 'categories[0].fields.ethnicity', code: 'CatalogForbiddenContent' },
        { path: 'categories[0].fields.gpsLocation', code: 'CatalogForbiddenContent' },
        { path: 'categories[0].fields.socialMediaPosts', code: 'CatalogForbiddenContent' },
      ]);
      const messages = result.ok ? [] : result.problems.map((p) => p.message);
      expect(messages[0]).toBe(
        'category court.dishonest-debtor: field name "religion" names religion or belief ("religion"), which charter C2 forbids: no category may draw on religion or belief',
      );
      expect(messages[2]).toContain('location or movement traces ("gps")');
      expect(messages[3]).toContain('communications or social-media content ("social media")');
    });

    it('CatalogForbiddenContent: reads ids, labels, descriptions and enum values, in Chinese too', () => {
      expect(
        problemsOf(
          parse(
            category({
              id: 'court.religious-debtor',
              label: '失信被执行人（宗教人士）',
              description: 'records the debtor whereabouts',
              fields: {
                kind: {
                  type: 'string',
                  enum: ['cash', 'party-member'],
                  description: '按民族分类',
                },
              },
            }),
          ),
        ),
      ).toEqual([
        { path: 'categories[0].id', code: 'CatalogForbiddenContent' },
        { path: 'categories[0].label', code: 'CatalogForbiddenContent' },
        { path: 'categories[0].description', code: 'CatalogForbiddenContent' },
        { path: 'categories[0].fields.kind.description', code: 'CatalogForbiddenContent' },
        { path: 'categories[0].fields.kind.enum[1]', code: 'CatalogForbiddenContent' },
      ]);
    });

    it('CatalogUnboundedText: refuses a text field without an enum, a pattern or a short maxLength', () => {
      expect(
        problemsOf(
          parse(
            category({
              fields: {
                note: { type: 'string' },
                summary: { type: 'string', maxLength: 129 },
                caseNumber: { type: 'string', maxLength: 128 },
                court: { type: 'string', pattern: '[0-9]{4}' },
                kind: { type: 'string', enum: ['a', 'b'] },
              },
            }),
          ),
        ),
      ).toEqual([
        { path: 'categories[0].fields.note', code: 'CatalogUnboundedText' },
        { path: 'categories[0].fields.summary.maxLength', code: 'CatalogUnboundedText' },
      ]);
    });

    it.each(['None', 'n/a', 'law', 'N/A', 'art. 5', 'The law of the land', '无'])(
      'CatalogMissingLegalBasis: refuses the legal basis %j, which cites no instrument',
      (legalBasis) => {
        expect(problemsOf(parse(category({ legalBasis })))).toEqual([
          { path: 'categories[0].legalBasis', code: 'CatalogMissingLegalBasis' },
        ]);
      },
    );

    it.each([
      'Road Traffic Safety Law of the PRC (2003, amended 2021), art. 91',
      'Social Insurance Law, Article 86',
      'SAT Order No. 54 (2021)',
      'NDRC Opinions (2018), section (1), items 1-9',
      '国务院关于建立完善守信联合激励和失信联合惩戒制度的指导意见（国发〔2016〕33号）',
      '《中华人民共和国税收征收管理法》第四十五条',
    ])('accepts the legal basis %j, which names an instrument and points into it', (legalBasis) => {
      expect(problemsOf(parse(category({ legalBasis })))).toEqual([]);
    });

    it('reads a pattern and refuses one that is not a safe regular expression', () => {
      const c = parsed(
        category({ fields: { caseNumber: { type: 'string', pattern: '[0-9]{4}-[A-Z]+' } } }),
      ).categories[0]!;
      expect(c.fields.caseNumber).toEqual({
        type: 'string',
        required: false,
        pattern: '[0-9]{4}-[A-Z]+',
      });
      expect(
        problemsOf(
          parse(
            category({
              fields: {
                a: { type: 'string', pattern: '(' },
                b: { type: 'string', pattern: '(a+)+$' },
                c: { type: 'string', pattern: '(a|ab)*' },
                d: { type: 'string', pattern: '(x)\\1' },
                e: { type: 'integer', pattern: '[0-9]+' },
              },
            }),
          ),
        ),
      ).toEqual([
        { path: 'categories[0].fields.a.pattern', code: 'CatalogInvalidValue' },
        { path: 'categories[0].fields.b.pattern', code: 'CatalogInvalidValue' },
        { path: 'categories[0].fields.c.pattern', code: 'CatalogInvalidValue' },
        { path: 'categories[0].fields.d.pattern', code: 'CatalogInvalidValue' },
        { path: 'categories[0].fields.e.pattern', code: 'CatalogInvalidValue' },
      ]);
    });

    it('reads a catalogue stored in the ledger without the admission rules, so older stores keep working', () => {
      const text = stringify({
        categories: [category({ legalBasis: 'None', fields: { religion: { type: 'string' } } })],
      });
      expect(parseCatalog(text).ok).toBe(false);
      expect(parseCatalog(text, { stored: true }).ok).toBe(true);
    });

    it('has a test above for every code it exports', () => {
      expect([...CATALOG_PROBLEM_CODES].sort()).toEqual(
        [
          'CatalogYamlSyntax',
          'CatalogNotAnObject',
          'CatalogMissingField',
          'CatalogInvalidValue',
          'CatalogInvalidId',
          'CatalogDuplicateId',
          'CatalogForbiddenDataClass',
          'CatalogUnknownDataClass',
          'CatalogMissingLegalBasis',
          'CatalogInvalidDuration',
          'CatalogTierRequired',
          'CatalogUnknownKey',
          'CatalogEmpty',
          'CatalogForbiddenContent',
          'CatalogUnboundedText',
        ].sort(),
      );
    });
  });

  it('reports every problem at once, in document order', () => {
    const result = parse(
      category({ id: 'BAD', dataClass: 'religion' }),
      without(category({ id: 'tax.arrears', tier: undefined, legalBasis: '' }), 'submitters'),
      category({
        id: 'utility.arrears',
        fields: { amount: { type: 'integer', min: 10, max: 1, maxLength: 5 } },
        effect: { maxDuration: 'forever' },
      }),
      category({ id: 'court.dishonest-debtor', subjects: [] }),
    );
    expect(problemsOf(result)).toEqual([
      { path: 'categories[0].id', code: 'CatalogInvalidId' },
      { path: 'categories[0].dataClass', code: 'CatalogForbiddenDataClass' },
      { path: 'categories[1].tier', code: 'CatalogTierRequired' },
      { path: 'categories[1].legalBasis', code: 'CatalogMissingLegalBasis' },
      { path: 'categories[1].submitters', code: 'CatalogMissingField' },
      { path: 'categories[2].fields.amount.max', code: 'CatalogInvalidValue' },
      { path: 'categories[2].fields.amount.maxLength', code: 'CatalogInvalidValue' },
      { path: 'categories[2].effect.maxDuration', code: 'CatalogInvalidDuration' },
      { path: 'categories[3].subjects', code: 'CatalogInvalidValue' },
    ]);
    for (const p of result.ok ? [] : result.problems) expect(p.message.length).toBeGreaterThan(10);
  });

  it('accepts field constraints on the types they apply to', () => {
    const c = parsed(
      category({
        fields: {
          amount: { type: 'integer', min: 0, max: 100, required: true },
          offence: { type: 'string', enum: ['theft', 'fraud'], maxLength: 20 },
          paid: { type: 'boolean' },
        },
      }),
    ).categories[0]!;
    expect(c.fields).toEqual({
      amount: { type: 'integer', min: 0, max: 100, required: true },
      offence: { type: 'string', enum: ['theft', 'fraud'], maxLength: 20, required: false },
      paid: { type: 'boolean', required: false },
    });
  });

  it('refuses field names that cannot be policy variables', () => {
    expect(
      problemsOf(
        parse(
          category({
            fields: {
              tier: { type: 'string', maxLength: 8 },
              'case-no': { type: 'string', maxLength: 8 },
            },
          }),
        ),
      ),
    ).toEqual([
      { path: 'categories[0].fields.tier', code: 'CatalogInvalidValue' },
      { path: 'categories[0].fields.case-no', code: 'CatalogInvalidValue' },
    ]);
  });

  it('refuses a tier on a favourable category', () => {
    expect(
      problemsOf(
        parse(category({ polarity: 'favourable', tier: 'minor', dataClass: 'civic-commendation' })),
      ),
    ).toEqual([{ path: 'categories[0].tier', code: 'CatalogInvalidValue' }]);
  });
});
