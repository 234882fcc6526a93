// Labels in other languages (labels.ts): optional on a category, a rule, a list and a measure;
// only the closed list of languages, non-empty bounded text; a Chinese label is read for charter
// C2's vocabulary like the English one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parsePolicy } from '../policy/index.js';
import { parseCatalog, type Catalog } from './index.js';

const CATEGORY = {
  id: 'court.debtor',
  label: 'Dishonest judgment debtor',
  dataClass: 'judicial',
  polarity: 'adverse',
  tier: 'serious',
  legalBasis: 'SPC Several Provisions, Fa Shi [2017] No. 7, art. 1(1)',
  subjects: ['person', 'organization'],
  submitters: ['court'],
  fields: { amount: { type: 'integer', min: 0, required: true } },
};

function catalogOf(labels: unknown): ReturnType<typeof parseCatalog> {
  return parseCatalog(stringify({ categories: [{ ...CATEGORY, labels }] }));
}

function catalog(): Catalog {
  const parsed = parseCatalog(stringify({ categories: [CATEGORY] }));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.catalog;
}

function policyText(labels: { rule?: unknown; list?: unknown; measure?: unknown }): string {
  return stringify({
    id: 'p',
    version: 1,
    base: { person: 1000, organization: 1000 },
    bounds: { min: 0, max: 2000 },
    grades: [
      { grade: 'A', min: 900 },
      { grade: 'D', min: 0 },
    ],
    rules: [{ id: 'debtor', category: 'court.debtor', points: -100, labels: labels.rule }],
    lists: [
      {
        id: 'debtors',
        kind: 'sanction',
        label: 'Debtors',
        labels: labels.list,
        legalBasis: 'SPC art. 1',
        include: { categories: ['court.debtor'] },
        noticePeriod: 'P10D',
      },
    ],
    measures: [
      {
        id: 'travel.flight',
        kind: 'restriction',
        label: 'Flights',
        labels: labels.measure,
        legalBasis: 'SPC art. 3',
        lists: ['debtors'],
        enforcers: ['aviation'],
      },
    ],
  });
}

describe('labels in the catalogue', () => {
  it('keeps a category’s zh-CN label, and has none when it gives none', () => {
    const parsed = catalogOf({ 'zh-CN': '失信被执行人' });
    expect(parsed.ok && parsed.catalog.categories[0]?.labels).toEqual({ 'zh-CN': '失信被执行人' });
    expect(catalog().categories[0]).not.toHaveProperty('labels');
  });

  it('refuses another language, an empty or overlong label, and labels that are not a mapping', () => {
    for (const [labels, path] of [
      [{ fr: 'débiteur' }, 'categories[0].labels.fr'],
      [{ 'zh-CN': ' ' }, 'categories[0].labels.zh-CN'],
      [{ 'zh-CN': '失'.repeat(201) }, 'categories[0].labels.zh-CN'],
      [{ 'zh-CN': 3 }, 'categories[0].labels.zh-CN'],
      [['失信'], 'categories[0].labels'],
      ['失信', 'categories[0].labels'],
    ] as const) {
      const parsed = catalogOf(labels);
      expect(parsed.ok, JSON.stringify(labels)).toBe(false);
      if (!parsed.ok) {
        expect(parsed.problems.map((p) => [p.path, p.code])).toContainEqual([
          path,
          'CatalogInvalidValue',
        ]);
      }
    }
  });

  it('reads a Chinese label for what charter C2 forbids, as it reads the English one', () => {
    const parsed = catalogOf({ 'zh-CN': '宗教信仰记录' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problems.map((p) => [p.path, p.code])).toContainEqual([
        'categories[0].labels.zh-CN',
        'CatalogForbiddenContent',
      ]);
    }
  });
});

describe('labels in the policy', () => {
  it('keeps the zh-CN labels of a rule, a list and a measure', () => {
    const parsed = parsePolicy(
      policyText({
        rule: { 'zh-CN': '失信被执行人' },
        list: { 'zh-CN': '失信被执行人名单' },
        measure: { 'zh-CN': '乘坐飞机', en: 'Flights' },
      }),
      catalog(),
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.policy.rules[0]?.labels).toEqual({ 'zh-CN': '失信被执行人' });
    expect(parsed.policy.lists[0]?.labels).toEqual({ 'zh-CN': '失信被执行人名单' });
    expect(parsed.policy.measures[0]?.labels).toEqual({ 'zh-CN': '乘坐飞机', en: 'Flights' });
  });

  it('has no labels where the policy gives none', () => {
    const parsed = parsePolicy(policyText({}), catalog());
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.policy.lists[0]).not.toHaveProperty('labels');
  });

  it('refuses a label in another language or an empty one', () => {
    const parsed = parsePolicy(
      policyText({ list: { de: 'Schuldner' }, measure: { 'zh-CN': '' } }),
      catalog(),
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      const problems = parsed.problems.map((p) => [p.path, p.code]);
      expect(problems).toContainEqual(['lists[0].labels.de', 'PolicyInvalidValue']);
      expect(problems).toContainEqual(['measures[0].labels.zh-CN', 'PolicyInvalidValue']);
    }
  });
});

describe('the reference documents (policies/)', () => {
  const text = (name: string) =>
    readFileSync(new URL(`../../../policies/${name}`, import.meta.url), 'utf8');

  it('give every category, list and measure, and every labelled rule, a Simplified Chinese label', () => {
    const parsed = parseCatalog(text('catalog.yaml'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    for (const c of parsed.catalog.categories) expect(c.labels?.['zh-CN'], c.id).toBeTruthy();
    const policy = parsePolicy(text('policy.yaml'), parsed.catalog);
    if (!policy.ok) throw new Error(JSON.stringify(policy.problems));
    for (const l of policy.policy.lists) expect(l.labels?.['zh-CN'], l.id).toBeTruthy();
    for (const m of policy.policy.measures) expect(m.labels?.['zh-CN'], m.id).toBeTruthy();
    for (const r of policy.policy.rules.filter((rule) => rule.label !== undefined))
      expect(r.labels?.['zh-CN'], r.id).toBeTruthy();
  });
});
