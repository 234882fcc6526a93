import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FORBIDDEN_DATA_CLASSES, parseCatalog, type Catalog, type Category } from './index.js';

const text = readFileSync(new URL('../../../policies/catalog.yaml', import.meta.url), 'utf8');

function load(): Catalog {
  const result = parseCatalog(text);
  if (!result.ok)
    throw new Error(result.problems.map((p) => `${p.path}: ${p.code}: ${p.message}`).join('\n'));
  return result.catalog;
}

const catalog = load();

function byId(id: string): Category {
  const c = catalog.byId.get(id);
  if (!c) throw new Error(`${id} is not in the reference catalogue`);
  return c;
}

describe('the reference catalogue (policies/catalog.yaml)', () => {
  it('parses with zero problems', () => {
    expect(parseCatalog(text)).toMatchObject({ ok: true });
  });

  it('has at least 25 categories, each citing a legal basis', () => {
    expect(catalog.categories.length).toBeGreaterThanOrEqual(25);
    for (const c of catalog.categories)
      expect(c.legalBasis.trim().length, c.id).toBeGreaterThan(20);
  });

  it('uses no forbidden data class', () => {
    for (const c of catalog.categories) expect(FORBIDDEN_DATA_CLASSES).not.toContain(c.dataClass);
  });

  it('defines court.dishonest-debtor exactly', () => {
    const c = byId('court.dishonest-debtor');
    expect(c).toMatchObject({
      subjects: ['person', 'organization'],
      submitters: ['court'],
      dataClass: 'judicial',
      polarity: 'adverse',
      tier: 'serious',
    });
    expect(c.fields.amount).toMatchObject({ type: 'integer', min: 0, required: true });
    expect(c.fields.caseNumber).toMatchObject({ type: 'string', required: true });
    expect(c.effect.endsWhenFulfilled).toBe(true);
    expect(c.legalBasis).toContain('art. 1(1)');
  });

  it.each([
    ['court.obstructs-enforcement', 'art. 1(2)'],
    ['court.evades-enforcement', 'art. 1(3)'],
    ['court.false-asset-report', 'art. 1(4)'],
    ['court.violates-consumption-restriction', 'art. 1(5)'],
    ['court.refuses-settlement', 'art. 1(6)'],
  ])('defines %s on SPC %s with a two-year term', (id, article) => {
    const c = byId(id);
    expect(c).toMatchObject({ dataClass: 'judicial', polarity: 'adverse', submitters: ['court'] });
    expect(c.legalBasis).toContain(article);
    expect(c.fields.caseNumber).toMatchObject({ type: 'string', required: true });
    expect(c.effect.maxDuration.text).toBe('P2Y');
  });

  it.each<
    [string, { subjects: string[]; submitters: string[]; tier: string | undefined; field: string }]
  >([
    [
      'utility.arrears',
      {
        subjects: ['person', 'organization'],
        submitters: ['utility'],
        tier: 'minor',
        field: 'amount',
      },
    ],
    [
      'tax.arrears',
      {
        subjects: ['person', 'organization'],
        submitters: ['tax'],
        tier: 'general',
        field: 'amount',
      },
    ],
    [
      'police.aviation-safety',
      { subjects: ['person'], submitters: ['police'], tier: 'general', field: 'offence' },
    ],
    [
      'police.rail-safety',
      { subjects: ['person'], submitters: ['police'], tier: 'general', field: 'offence' },
    ],
    [
      'commerce.payment-default',
      {
        subjects: ['person', 'organization'],
        submitters: ['commerce-platform'],
        tier: 'minor',
        field: 'amount',
      },
    ],
    [
      'civic.volunteering',
      { subjects: ['person'], submitters: ['civil-affairs'], tier: undefined, field: 'hours' },
    ],
  ])('defines %s exactly', (id, expected) => {
    const c = byId(id);
    expect(c.subjects).toEqual(expected.subjects);
    expect(c.submitters).toEqual(expected.submitters);
    expect(c.tier).toBe(expected.tier);
    expect(c.polarity).toBe(expected.tier === undefined ? 'favourable' : 'adverse');
    const type = expected.field === 'offence' ? 'string' : 'integer';
    expect(c.fields[expected.field]).toMatchObject({ type, required: true });
  });

  it('gives aviation offences one year and rail offences 180 days', () => {
    expect(byId('police.aviation-safety').effect.maxDuration.text).toBe('P1Y');
    expect(byId('police.rail-safety').effect.maxDuration.text).toBe('P180D');
    expect(byId('police.aviation-safety').fields.offence?.enum).toHaveLength(9);
  });

  it('covers every domain the reference catalogue promises', () => {
    for (const id of [
      'police.public-security-penalty',
      'labour.wage-arrears',
      'environment.penalty',
      'food-safety.penalty',
      'market.abnormal-operations',
      'finance.contract-default',
      'civic.blood-donation',
      'civic.honour',
    ]) {
      expect(catalog.byId.has(id), id).toBe(true);
    }
    expect(byId('civic.blood-donation')).toMatchObject({
      dataClass: 'civic-commendation',
      submitters: ['health'],
    });
    expect(
      catalog.categories.filter((c) => c.polarity === 'favourable').length,
    ).toBeGreaterThanOrEqual(3);
  });
});
