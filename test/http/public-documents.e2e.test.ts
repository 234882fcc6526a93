// GET /v1/public/documents (docs/http-api.md, "The public site's doors"): the catalogue and the
// policy in force for anyone, without a token, as the web application's "how Probity works"
// renders them. Read from the reference city's documents (policies/).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './http-harness.js';

interface Documents {
  at: string;
  catalog: {
    version: number;
    categories: {
      id: string;
      label: string;
      labels: Record<string, string>;
      legalBasis: string;
      tier: string | null;
      maxDuration: string;
      endsWhenFulfilled: boolean;
      repairAfter: string | null;
      objectionDeadline: string;
      submitters: string[];
      fields: { name: string; type: string; required: boolean }[];
    }[];
  };
  policy: {
    id: string;
    version: number;
    base: Record<string, number>;
    grades: { grade: string; min: number }[];
    rules: {
      id: string;
      category: string;
      categories: string[];
      when: string | null;
      points: string;
      cap: number | null;
    }[];
    lists: {
      id: string;
      kind: string;
      legalBasis: string;
      categories: string[];
      measures: string[];
      noticePeriod: string;
    }[];
    measures: { id: string; lists: string[]; enforcers: string[]; legalBasis: string }[];
  };
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('the documents in force, for the public', () => {
  it('answers anyone without a token with the catalogue and the policy in force', async () => {
    const res = await h.app.inject({ url: '/v1/public/documents' });
    expect(res.statusCode).toBe(200);
    const docs = res.json<Documents>();
    expect(docs.catalog.version).toBe(1);
    expect(docs.policy).toMatchObject({ id: 'city-reference', base: { person: 1000 } });
    expect(docs.policy.grades.map((g) => g.grade)).toContain('AAA');

    const debtor = docs.catalog.categories.find((c) => c.id === 'court.dishonest-debtor');
    expect(debtor).toMatchObject({
      tier: 'serious',
      maxDuration: 'P3Y',
      endsWhenFulfilled: true,
      submitters: ['court'],
    });
    expect(debtor?.legalBasis).toMatch(/Fa Shi \[2017\] No\. 7/);
    expect(debtor?.fields.map((f) => f.name)).toEqual(['amount', 'caseNumber']);
    expect(debtor?.objectionDeadline).toBe('P15D');
    expect(debtor?.labels).toEqual({ 'zh-CN': '失信被执行人（有履行能力而拒不履行）' });

    const major = docs.policy.rules.find((r) => r.id === 'dishonest-debtor-major');
    expect(major).toMatchObject({
      category: 'court.dishonest-debtor',
      when: 'record.amount >= 100000000',
      points: '-150',
      cap: 300,
    });
    const wildcard = docs.policy.rules.find((r) => r.id === 'court-other-grounds');
    expect(wildcard?.category).toBe('court.*');
    expect(wildcard?.categories).toContain('court.evades-enforcement');
    const expression = docs.policy.rules.find((r) => r.id === 'payment-default');
    expect(expression?.points).toContain('record.amount >= 1000000 ?');

    const list = docs.policy.lists.find((l) => l.id === 'dishonest-debtors');
    expect(list).toMatchObject({ kind: 'sanction', noticePeriod: 'P10D' });
    expect(list?.categories).toContain('court.dishonest-debtor');
    expect(list?.measures).toContain('travel.flight');
    expect(list).toMatchObject({ labels: { 'zh-CN': '失信被执行人名单' } });
    const flight = docs.policy.measures.find((m) => m.id === 'travel.flight');
    expect(flight?.enforcers).toEqual(['aviation']);
    expect(flight?.lists).toEqual(['dishonest-debtors', 'aviation-safety-offenders']);
  });

  it('holds nothing about any person', async () => {
    const res = await h.app.inject({ url: '/v1/public/documents' });
    expect(res.body).not.toMatch(/\d{17}[\dX]/);
  });

  it('is in the OpenAPI document as a public door', async () => {
    const spec = (await h.app.inject({ url: '/openapi.json' })).json<{
      paths: Record<string, { get?: { security?: unknown[] } }>;
    }>();
    expect(spec.paths['/v1/public/documents']?.get?.security).toEqual([]);
  });
});
