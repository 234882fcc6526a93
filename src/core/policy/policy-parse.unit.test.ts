import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalog, type Catalog } from '../catalog/index.js';
import { failure } from './policy-types.js';
import {
  candidateRules,
  firstMatchingRule,
  gradeFor,
  parsePolicy,
  POLICY_PROBLEM_CODES,
  readPolicyHeader,
  sanctionListAccepts,
  sanctionListsFor,
  type CompiledPolicy,
  type PolicyProblemCode,
} from './index.js';

const CATALOG = `
categories:
  - id: court.debtor
    label: Debtor
    dataClass: judicial
    polarity: adverse
    tier: serious
    legalBasis: "SPC art. 1(1)"
    subjects: [person, organization]
    submitters: [court]
    fields:
      amount: { type: integer, min: 0, required: true }
      caseNumber: { type: string, required: true, maxLength: 64 }
  - id: court.obstructs
    label: Obstructs
    dataClass: judicial
    polarity: adverse
    tier: serious
    legalBasis: "SPC art. 1(2)"
    subjects: [person, organization]
    submitters: [court]
    fields:
      caseNumber: { type: string, required: true, maxLength: 64 }
      amount: { type: integer, min: 0, required: false }
  - id: utility.arrears
    label: Utility arrears
    dataClass: utility
    polarity: adverse
    tier: minor
    legalBasis: "Civil Code art. 654"
    subjects: [person, organization]
    submitters: [utility]
    fields:
      amount: { type: integer, min: 0, required: true }
      caseNumber: { type: integer, required: false }
  - id: civic.volunteering
    label: Volunteering
    dataClass: civic-commendation
    polarity: favourable
    legalBasis: "Volunteer Service Regulations, art. 10"
    subjects: [person]
    submitters: [civil-affairs]
    fields:
      hours: { type: integer, min: 1, max: 10000, required: true }
`;

function catalog(text = CATALOG): Catalog {
  const parsed = parseCatalog(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.catalog;
}

const HEADER = `
id: test-policy
version: 2
effectiveFrom: 2024-01-01T00:00:00Z
base: { person: 1000, organization: 900 }
bounds: { min: 0, max: 2000 }
grades:
  - { grade: A, min: 1000 }
  - { grade: B, min: 800 }
  - { grade: D, min: 0 }
`;

const RULES = `
rules:
  - id: big-debtor
    category: court.debtor
    when: "amount >= 1000000"
    points: -150
    cap: 300
  - id: court-any
    category: "court.*"
    points: -100
    decay: linear
  - id: utility
    category: utility.arrears
    points: "amount >= 10000 ? -20 : -5"
  - id: volunteering
    category: civic.volunteering
    points: "hours / 10"
    cap: 50
`;

const LISTS = `
lists:
  - id: debtors
    kind: sanction
    label: Debtors
    legalBasis: "SPC art. 1"
    public: true
    include:
      categories: [court.debtor, court.obstructs]
      when: 'caseNumber != ""'
    noticePeriod: P10D
  - id: honour
    kind: incentive
    label: Honour roll
    legalBasis: "Guofa [2016] No. 33"
    subjects: [person]
    include: { grades: [A], noAdverseWithin: P3Y }
measures:
  - id: travel.flight
    kind: restriction
    label: Flights
    legalBasis: "SPC art. 3"
    lists: [debtors]
    enforcers: [aviation]
  - id: benefit.green-channel
    kind: benefit
    label: Green channel
    legalBasis: "Guofa [2016] No. 33"
    lists: [honour]
    enforcers: [registry, tax]
`;

const VALID = HEADER + RULES + LISTS;

function parseOk(text: string, cat = catalog()): CompiledPolicy {
  const result = parsePolicy(text, cat);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.policy;
}

function problemsOf(text: string, cat = catalog()): { path: string; code: string }[] {
  const result = parsePolicy(text, cat);
  if (result.ok) throw new Error('expected problems, got a policy');
  return result.problems.map(({ path, code }) => ({ path, code }));
}

describe('parsePolicy: a valid policy', () => {
  it('reads the header, base, bounds and grades', () => {
    const policy = parseOk(VALID);
    expect(policy.id).toBe('test-policy');
    expect(policy.version).toBe(2);
    expect(policy.effectiveFrom).toBe(Date.UTC(2024, 0, 1));
    expect(policy.base).toEqual({ person: 1000, organization: 900 });
    expect(policy.bounds).toEqual({ min: 0, max: 2000 });
    expect(policy.grades.map((g) => g.grade)).toEqual(['A', 'B', 'D']);
    expect(gradeFor(policy.grades, 1000)).toBe('A');
    expect(gradeFor(policy.grades, 999)).toBe('B');
    expect(gradeFor(policy.grades, 0)).toBe('D');
  });

  it('parses cap and decay, defaulting decay to none and cap to none', () => {
    const policy = parseOk(VALID);
    const byId = policy.rulesById;
    expect(byId.get('big-debtor')).toMatchObject({ decay: 'none', cap: 300, constantPoints: -150 });
    expect(byId.get('court-any')).toMatchObject({
      decay: 'linear',
      cap: undefined,
      constantPoints: -100,
    });
    expect(byId.get('volunteering')).toMatchObject({
      decay: 'none',
      cap: 50,
      constantPoints: undefined,
    });
    expect(byId.get('volunteering')?.points.evaluate({ hours: 25 }, 'civic.volunteering', '')).toBe(
      2,
    );
  });

  it('resolves a prefix pattern to every category under it, and an exact id to itself', () => {
    const policy = parseOk(VALID);
    expect(policy.rulesById.get('court-any')?.category).toEqual({
      text: 'court.*',
      kind: 'prefix',
      value: 'court.',
    });
    expect(policy.rulesById.get('court-any')?.categories).toEqual([
      'court.debtor',
      'court.obstructs',
    ]);
    expect(policy.rulesById.get('big-debtor')?.categories).toEqual(['court.debtor']);
  });

  it('orders candidate rules per category by policy order, and the first whose when holds scores', () => {
    const policy = parseOk(VALID);
    const debtor = candidateRules(policy, 'court.debtor');
    expect(debtor.map((r) => r.id)).toEqual(['big-debtor', 'court-any']);
    expect(candidateRules(policy, 'court.obstructs').map((r) => r.id)).toEqual(['court-any']);
    expect(candidateRules(policy, 'no.such').map((r) => r.id)).toEqual([]);
    expect(
      firstMatchingRule(debtor, { amount: 5_000_000, caseNumber: 'x' }, 'court.debtor', 'serious')
        ?.id,
    ).toBe('big-debtor');
    expect(
      firstMatchingRule(debtor, { amount: 10, caseNumber: 'x' }, 'court.debtor', 'serious')?.id,
    ).toBe('court-any');
  });

  it('leaves a record unmatched when no candidate rule holds', () => {
    const policy = parseOk(
      HEADER +
        'rules:\n  - { id: only-big, category: court.debtor, when: "amount > 100", points: -1 }\n',
    );
    const rules = candidateRules(policy, 'court.debtor');
    expect(
      firstMatchingRule(rules, { amount: 5, caseNumber: 'x' }, 'court.debtor', 'serious'),
    ).toBeUndefined();
  });

  it('indexes the sanction lists each category can feed, and measures by list', () => {
    const policy = parseOk(VALID);
    expect(sanctionListsFor(policy, 'court.debtor').map((l) => l.id)).toEqual(['debtors']);
    expect(sanctionListsFor(policy, 'utility.arrears')).toEqual([]);
    const plan = policy.plansByCategory.get('court.obstructs');
    expect(plan).toMatchObject({ ordinal: 1, tier: 'serious' });
    expect(policy.plansByCategory.get('civic.volunteering')?.tier).toBe('');
    const debtors = policy.listsById.get('debtors');
    expect(debtors?.kind).toBe('sanction');
    if (debtors?.kind !== 'sanction') return;
    expect(debtors.noticePeriod.text).toBe('P10D');
    expect(debtors.subjects).toEqual(['person', 'organization']);
    expect(sanctionListAccepts(debtors, { caseNumber: '' }, 'court.obstructs', 'serious')).toBe(
      false,
    );
    expect(sanctionListAccepts(debtors, { caseNumber: 'c1' }, 'court.obstructs', 'serious')).toBe(
      true,
    );
    expect(policy.measuresByList.get('debtors')?.map((m) => m.id)).toEqual(['travel.flight']);
  });

  it('gives incentive lists a P0D notice period and a P0D clean history when none is written', () => {
    const policy = parseOk(
      HEADER +
        'lists:\n  - { id: top, kind: incentive, label: Top, legalBasis: "Guofa [2016] No. 33", include: { grades: [A] } }\n',
    );
    const top = policy.listsById.get('top');
    expect(top).toMatchObject({ kind: 'incentive', public: false, noticePeriod: { text: 'P0D' } });
    expect(top?.kind === 'incentive' ? top.include.noAdverseWithin.text : undefined).toBe('P0D');
  });
});

describe('parsePolicy: problems, one code at a time', () => {
  const cases: { name: string; text: string; code: PolicyProblemCode; path: string }[] = [
    { name: 'broken YAML', text: 'id: [unclosed', code: 'PolicyYamlSyntax', path: '' },
    { name: 'a document that is a list', text: '- 1\n- 2\n', code: 'PolicyNotAnObject', path: '' },
    {
      name: 'a rule that is not a mapping',
      text: HEADER + 'rules: [42]\n',
      code: 'PolicyNotAnObject',
      path: 'rules[0]',
    },
    {
      name: 'a missing version',
      text: HEADER.replace('version: 2', ''),
      code: 'PolicyMissingField',
      path: 'version',
    },
    {
      name: 'a rule without points',
      text: HEADER + 'rules:\n  - { id: r, category: court.debtor }\n',
      code: 'PolicyMissingField',
      path: 'rules[0].points',
    },
    {
      name: 'fractional points',
      text: HEADER + 'rules:\n  - { id: r, category: court.debtor, points: 1.5 }\n',
      code: 'PolicyInvalidValue',
      path: 'rules[0].points',
    },
    {
      name: 'an unknown decay',
      text:
        HEADER + 'rules:\n  - { id: r, category: court.debtor, points: 1, decay: exponential }\n',
      code: 'PolicyInvalidValue',
      path: 'rules[0].decay',
    },
    {
      name: 'a zero cap',
      text: HEADER + 'rules:\n  - { id: r, category: court.debtor, points: 1, cap: 0 }\n',
      code: 'PolicyInvalidValue',
      path: 'rules[0].cap',
    },
    {
      name: 'a malformed notice period',
      text:
        HEADER +
        'lists:\n  - { id: l, kind: sanction, label: L, legalBasis: "x", include: { categories: [court.debtor] }, noticePeriod: ten-days }\n',
      code: 'PolicyInvalidValue',
      path: 'lists[0].noticePeriod',
    },
    {
      name: 'a typo in a rule key',
      text: HEADER + 'rules:\n  - { id: r, category: court.debtor, points: 1, cpa: 3 }\n',
      code: 'PolicyUnknownKey',
      path: 'rules[0].cpa',
    },
    {
      name: 'two rules with one id',
      text:
        HEADER +
        'rules:\n  - { id: r, category: court.debtor, points: 1 }\n  - { id: r, category: court.obstructs, points: 1 }\n',
      code: 'PolicyDuplicateId',
      path: 'rules[1].id',
    },
    {
      name: 'a rule on a category the catalogue lacks',
      text: HEADER + 'rules:\n  - { id: r, category: court.unknown, points: 1 }\n',
      code: 'PolicyUnknownCategory',
      path: 'rules[0].category',
    },
    {
      name: 'a sanction list on a category the catalogue lacks',
      text:
        HEADER +
        'lists:\n  - { id: l, kind: sanction, label: L, legalBasis: "x", include: { categories: [court.debtor, tax.nothing] }, noticePeriod: P1D }\n',
      code: 'PolicyUnknownCategory',
      path: 'lists[0].include.categories[1]',
    },
    {
      name: 'a prefix pattern that matches nothing',
      text: HEADER + 'rules:\n  - { id: r, category: "tax.*", points: 1 }\n',
      code: 'PolicyPatternMatchesNothing',
      path: 'rules[0].category',
    },
    {
      name: 'a measure naming an undefined list',
      text:
        HEADER +
        'measures:\n  - { id: m, kind: restriction, label: M, legalBasis: "x", lists: [ghosts], enforcers: [aviation] }\n',
      code: 'PolicyUnknownList',
      path: 'measures[0].lists[0]',
    },
    {
      name: 'a field not declared by every category the rule can match',
      text: HEADER + 'rules:\n  - { id: r, category: court.obstructs, points: "hours" }\n',
      code: 'PolicyUnknownField',
      path: 'rules[0].points',
    },
    {
      name: 'a CEL syntax error',
      text: HEADER + 'rules:\n  - { id: r, category: court.debtor, when: "amount >", points: 1 }\n',
      code: 'PolicyExpressionSyntax',
      path: 'rules[0].when',
    },
    {
      name: 'a when that is not bool',
      text:
        HEADER + 'rules:\n  - { id: r, category: court.debtor, when: "amount - 1", points: 1 }\n',
      code: 'PolicyTypeError',
      path: 'rules[0].when',
    },
    {
      name: 'points that are not a number',
      text: HEADER + 'rules:\n  - { id: r, category: court.debtor, points: "caseNumber" }\n',
      code: 'PolicyTypeError',
      path: 'rules[0].points',
    },
    {
      name: 'an expression that does not type-check',
      text:
        HEADER +
        'rules:\n  - { id: r, category: court.debtor, when: "amount == caseNumber", points: 1 }\n',
      code: 'PolicyTypeError',
      path: 'rules[0].when',
    },
    {
      name: 'an optional field read by its bare name',
      text:
        HEADER +
        'rules:\n  - { id: r, category: court.obstructs, when: "amount > 5", points: 1 }\n',
      code: 'PolicyUnguardedField',
      path: 'rules[0].when',
    },
    {
      name: 'arithmetic that an unbounded field can take out of the exact integer range',
      text: HEADER + 'rules:\n  - { id: r, category: court.debtor, points: "-(amount * 2048)" }\n',
      code: 'PolicyIntegerRange',
      path: 'rules[0].points',
    },
    {
      name: 'points given as a double',
      text: HEADER + 'rules:\n  - { id: r, category: court.debtor, points: "1.5" }\n',
      code: 'PolicyPointsNotInteger',
      path: 'rules[0].points',
    },
    {
      name: 'an expression nested thousands of levels deep',
      text:
        HEADER +
        `rules:\n  - { id: r, category: court.debtor, when: "${'('.repeat(3000)}amount${')'.repeat(3000)} > 0", points: 1 }\n`,
      code: 'PolicyExpressionTooDeep',
      path: 'rules[0].when',
    },
    {
      name: 'a literal outside the exact integer range',
      text:
        HEADER +
        'rules:\n  - { id: r, category: court.debtor, when: "99999999999999999999 > amount", points: 1 }\n',
      code: 'PolicyLiteralOutOfRange',
      path: 'rules[0].when',
    },
    {
      name: 'a sanction list by grade',
      text:
        HEADER +
        'lists:\n  - { id: l, kind: sanction, label: L, legalBasis: "x", include: { categories: [court.debtor], grades: [D] }, noticePeriod: P1D }\n',
      code: 'PolicySanctionFromScore',
      path: 'lists[0].include.grades',
    },
    {
      name: 'a sanction list by a clean-history window',
      text:
        HEADER +
        'lists:\n  - { id: l, kind: sanction, label: L, legalBasis: "x", include: { categories: [court.debtor], noAdverseWithin: P1Y }, noticePeriod: P1D }\n',
      code: 'PolicySanctionFromScore',
      path: 'lists[0].include.noAdverseWithin',
    },
    {
      name: 'a sanction list whose when reads the score',
      text:
        HEADER +
        'lists:\n  - { id: l, kind: sanction, label: L, legalBasis: "x", include: { categories: [court.debtor], when: "score < 600" }, noticePeriod: P1D }\n',
      code: 'PolicySanctionFromScore',
      path: 'lists[0].include.when',
    },
    {
      name: 'a restriction on an incentive list',
      text:
        HEADER +
        'lists:\n  - { id: top, kind: incentive, label: T, legalBasis: "x", include: { grades: [A] } }\n' +
        'measures:\n  - { id: m, kind: restriction, label: M, legalBasis: "x", lists: [top], enforcers: [aviation] }\n',
      code: 'PolicyMeasureListKind',
      path: 'measures[0].lists[0]',
    },
    {
      name: 'a benefit on a sanction list',
      text:
        HEADER +
        'lists:\n  - { id: bad, kind: sanction, label: B, legalBasis: "x", include: { categories: [court.debtor] }, noticePeriod: P1D }\n' +
        'measures:\n  - { id: m, kind: benefit, label: M, legalBasis: "x", lists: [bad], enforcers: [tax] }\n',
      code: 'PolicyMeasureListKind',
      path: 'measures[0].lists[0]',
    },
    {
      name: 'grades not highest first',
      text: HEADER.replace('{ grade: B, min: 800 }', '{ grade: B, min: 1200 }'),
      code: 'PolicyGradesOrder',
      path: 'grades[1].min',
    },
    {
      name: 'a last grade above bounds.min',
      text: HEADER.replace('{ grade: D, min: 0 }', '{ grade: D, min: 100 }'),
      code: 'PolicyGradesOrder',
      path: 'grades[2].min',
    },
    {
      name: 'a list without a legal basis',
      text:
        HEADER + 'lists:\n  - { id: top, kind: incentive, label: T, include: { grades: [A] } }\n',
      code: 'PolicyMissingLegalBasis',
      path: 'lists[0].legalBasis',
    },
    {
      name: 'a measure with a blank legal basis',
      text:
        HEADER +
        'lists:\n  - { id: top, kind: incentive, label: T, legalBasis: "x", include: { grades: [A] } }\n' +
        'measures:\n  - { id: m, kind: benefit, label: M, legalBasis: "  ", lists: [top], enforcers: [tax] }\n',
      code: 'PolicyMissingLegalBasis',
      path: 'measures[0].legalBasis',
    },
    {
      name: 'an expression naming something other than the record',
      text:
        HEADER +
        'rules:\n  - { id: r, category: court.debtor, when: "spouse.amount > 0", points: 1 }\n',
      code: 'PolicyForbiddenReference',
      path: 'rules[0].when',
    },
    {
      name: 'a rule reading the subject score',
      text:
        HEADER + 'rules:\n  - { id: r, category: court.debtor, when: "score < 500", points: 1 }\n',
      code: 'PolicyForbiddenReference',
      path: 'rules[0].when',
    },
    {
      name: 'a measure extended to relatives',
      text:
        HEADER +
        'lists:\n  - { id: top, kind: incentive, label: T, legalBasis: "x", include: { grades: [A] } }\n' +
        'measures:\n  - { id: m, kind: benefit, label: M, legalBasis: "x", lists: [top], enforcers: [tax], appliesToRelatives: true }\n',
      code: 'PolicyForbiddenReference',
      path: 'measures[0].appliesToRelatives',
    },
  ];

  for (const c of cases) {
    it(`reports ${c.code} at "${c.path}" for ${c.name}`, () => {
      expect(problemsOf(c.text)).toContainEqual({ path: c.path, code: c.code });
    });
  }

  it('reports PolicyTypeError when matched categories declare a field with different types', () => {
    // caseNumber is a string in court.debtor and an integer in utility.arrears.
    const cat = catalog(CATALOG.replaceAll('id: utility.arrears', 'id: court.utility'));
    const text =
      HEADER +
      'rules:\n  - { id: r, category: "court.*", when: "caseNumber == \\"x\\"", points: 1 }\n';
    expect(problemsOf(text, cat)).toContainEqual({
      path: 'rules[0].when',
      code: 'PolicyTypeError',
    });
  });

  it('reports PolicyUnknownField for a list when reading a field one of its categories lacks', () => {
    const text =
      HEADER +
      'lists:\n  - { id: l, kind: sanction, label: L, legalBasis: "x", include: { categories: [court.debtor, civic.volunteering], when: "amount > 0" }, noticePeriod: P1D }\n';
    expect(problemsOf(text)).toContainEqual({
      path: 'lists[0].include.when',
      code: 'PolicyUnknownField',
    });
  });

  it('covers every exported code with at least one case', () => {
    const covered = new Set(cases.map((c) => c.code));
    expect(POLICY_PROBLEM_CODES.filter((code) => !covered.has(code))).toEqual([]);
  });

  it('reports every problem of a document together', () => {
    const text = `
id: Bad_Id
version: 0
base: { person: 5000, organization: 1000 }
bounds: { min: 0, max: 2000 }
grades:
  - { grade: A, min: 100 }
  - { grade: B, min: 500 }
rules:
  - { id: r1, category: court.nothing, points: 1 }
  - { id: r1, category: "x.*", points: 1 }
  - { id: r3, category: court.debtor, when: "amount - 1", points: 1, extra: 1 }
lists:
  - { id: low, kind: sanction, label: Low, include: { grades: [D] } }
measures:
  - { id: m, kind: restriction, label: M, legalBasis: "x", lists: [ghost], enforcers: [aviation] }
`;
    const found = problemsOf(text);
    expect(found).toEqual(
      expect.arrayContaining([
        { path: 'id', code: 'PolicyInvalidValue' },
        { path: 'version', code: 'PolicyInvalidValue' },
        { path: 'base.person', code: 'PolicyInvalidValue' },
        { path: 'grades[1].min', code: 'PolicyGradesOrder' },
        { path: 'rules[0].category', code: 'PolicyUnknownCategory' },
        { path: 'rules[1].id', code: 'PolicyDuplicateId' },
        { path: 'rules[1].category', code: 'PolicyPatternMatchesNothing' },
        { path: 'rules[2].extra', code: 'PolicyUnknownKey' },
        { path: 'rules[2].when', code: 'PolicyTypeError' },
        { path: 'lists[0].legalBasis', code: 'PolicyMissingLegalBasis' },
        { path: 'lists[0].include.grades', code: 'PolicySanctionFromScore' },
        { path: 'lists[0].noticePeriod', code: 'PolicyMissingField' },
        { path: 'measures[0].lists[0]', code: 'PolicyUnknownList' },
      ]),
    );
  });

  it('reports PolicySanctionFromScore for the smoke test document, header aside', () => {
    const text = 'id: x\nversion: 1\nlists:\n  - {id: low, kind: sanction, include: {grades: [D]}}';
    const found = problemsOf(text);
    expect(found).toContainEqual({
      path: 'lists[0].include.grades',
      code: 'PolicySanctionFromScore',
    });
    expect(found.some((p) => p.path === 'id' || p.path === 'version')).toBe(false);
  });

  it('keeps readPolicyHeader working for stored policy versions', () => {
    const header = readPolicyHeader(VALID);
    expect(header).toEqual({
      ok: true,
      header: { id: 'test-policy', version: 2, effectiveFrom: Date.UTC(2024, 0, 1) },
    });
  });
});

describe('the reference policy', () => {
  const referenceCatalog = catalog(
    readFileSync(new URL('../../../policies/catalog.yaml', import.meta.url), 'utf8'),
  );
  const text = readFileSync(new URL('../../../policies/policy.yaml', import.meta.url), 'utf8');

  it('parses against the reference catalogue with zero problems', () => {
    const result = parsePolicy(text, referenceCatalog);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('keeps its identity and covers the demo history', () => {
    const policy = parseOk(text, referenceCatalog);
    expect(policy).toMatchObject({
      id: 'city-reference',
      version: 2,
      effectiveFrom: Date.UTC(2020, 0, 1),
    });
  });

  it('has a rule for every category of the catalogue, all compiled to closures', () => {
    const policy = parseOk(text, referenceCatalog);
    for (const plan of policy.categoryPlans) {
      expect(plan.rules.length, plan.category.id).toBeGreaterThan(0);
      const last = plan.rules[plan.rules.length - 1];
      expect(
        last?.when,
        `${plan.category.id}: its last candidate rule always matches`,
      ).toBeUndefined();
    }
    for (const rule of policy.rules) {
      expect(rule.points.fast, rule.id).toBe(true);
      if (rule.when) expect(rule.when.fast, rule.id).toBe(true);
    }
  });

  it('restricts flights for dishonest debtors and aviation offenders, checked by airlines', () => {
    const policy = parseOk(text, referenceCatalog);
    expect(policy.measuresById.get('travel.flight')).toMatchObject({
      kind: 'restriction',
      lists: ['dishonest-debtors', 'aviation-safety-offenders'],
      enforcers: ['aviation'],
    });
    expect(policy.measures.length).toBeGreaterThanOrEqual(15);
    const court = [
      'court.dishonest-debtor',
      'court.obstructs-enforcement',
      'court.evades-enforcement',
      'court.false-asset-report',
      'court.violates-consumption-restriction',
      'court.refuses-settlement',
    ];
    const debtors = policy.listsById.get('dishonest-debtors');
    expect(debtors?.kind === 'sanction' ? debtors.include.categories : []).toEqual(court);
    expect(debtors?.noticePeriod.text).toBe('P10D');
    expect(policy.listsById.get('honour-roll')).toMatchObject({
      kind: 'incentive',
      public: true,
      include: { grades: ['AAA'], noAdverseWithin: { text: 'P3Y' } },
    });
  });

  it('puts large tax arrears and every major tax violation on the serious tax list', () => {
    const policy = parseOk(text, referenceCatalog);
    const list = policy.listsById.get('serious-tax-defaulters');
    if (list?.kind !== 'sanction') throw new Error('expected a sanction list');
    expect(sanctionListAccepts(list, { amount: 9_999_999 }, 'tax.arrears', 'general')).toBe(false);
    expect(sanctionListAccepts(list, { amount: 10_000_000 }, 'tax.arrears', 'general')).toBe(true);
    expect(
      sanctionListAccepts(
        list,
        { amount: 1, decisionNumber: 'd' },
        'tax.major-violation',
        'serious',
      ),
    ).toBe(true);
  });
});

describe('parsePolicy: expressions that cannot hurt by accident', () => {
  // amount is optional in court.obstructs and required in court.debtor; hours is bounded (1..10000).
  const rule = (category: string, key: 'when' | 'points', expression: string): string =>
    HEADER +
    `rules:\n  - id: r\n    category: ${category}\n    ${key}: ${JSON.stringify(expression)}\n` +
    (key === 'when' ? '    points: -1\n' : '');
  const messagesOf = (text: string): { path: string; code: string; message: string }[] => {
    const result = parsePolicy(text, catalog());
    if (result.ok) throw new Error(`expected problems for ${text}`);
    return result.problems.map(({ path, code, message }) => ({ path, code, message }));
  };

  it('accepts an optional field read behind a has() guard that dominates it', () => {
    for (const when of [
      'has(record.amount) && record.amount > 5',
      '!has(record.amount) || record.amount > 5',
      'has(record.amount) ? record.amount > 5 : false',
      '!(has(record.amount) && record.amount > 5) ? true : record.amount < 9',
      'has(record.amount) && has(record.caseNumber) && record.amount > 5',
    ]) {
      expect(() => parseOk(rule('court.obstructs', 'when', when)), when).not.toThrow();
    }
    const points = parseOk(
      rule('court.obstructs', 'points', 'has(record.amount) ? -(record.amount / 1000000) : -5'),
    );
    expect(points.rules[0]?.points.fast).toBe(true);
  });

  it('refuses an unguarded read of an optional field, naming the field and the rule', () => {
    for (const when of [
      'amount > 5',
      'record.amount > 5',
      'record.amount > 5 && has(record.amount)',
      'has(record.amount) || record.amount > 5',
      'has(record.amount) ? false : record.amount > 5',
      'has(record.caseNumber) && record.amount > 5',
    ]) {
      const problems = messagesOf(rule('court.obstructs', 'when', when));
      expect(problems, when).toEqual([
        {
          path: 'rules[0].when',
          code: 'PolicyUnguardedField',
          message: expect.stringMatching(
            /^rule r reads "amount", optional in court\.obstructs/,
          ) as unknown,
        },
      ]);
    }
  });

  it("counts a rule's when as the guard of its points, which run only where the when holds", () => {
    const guarded =
      HEADER +
      'rules:\n  - id: r\n    category: court.obstructs\n    when: "has(record.amount) && record.amount > 5"\n    points: "-(record.amount / 1000000)"\n';
    expect(() => parseOk(guarded)).not.toThrow();
    const unguarded =
      HEADER +
      'rules:\n  - id: r\n    category: court.obstructs\n    when: "!has(record.amount)"\n    points: "-(record.amount / 1000000)"\n';
    expect(problemsOf(unguarded)).toEqual([
      { path: 'rules[0].points', code: 'PolicyUnguardedField' },
    ]);
  });

  it('lets a required field be read bare or on record without a guard', () => {
    for (const when of ['amount > 5', 'record.amount > 5', 'caseNumber == "x" && amount > 0'])
      expect(() => parseOk(rule('court.debtor', 'when', when)), when).not.toThrow();
  });

  it('refuses to bind record whole, and names unknown fields read on it', () => {
    expect(messagesOf(rule('court.debtor', 'when', 'record == record'))).toContainEqual(
      expect.objectContaining({ path: 'rules[0].when', code: 'PolicyTypeError' }),
    );
    expect(messagesOf(rule('court.debtor', 'when', 'has(record.religion)'))).toContainEqual(
      expect.objectContaining({ path: 'rules[0].when', code: 'PolicyForbiddenReference' }),
    );
  });

  it('proves integer arithmetic in range from the catalogue bounds, and refuses it otherwise', () => {
    expect(() => parseOk(rule('civic.volunteering', 'points', 'record.hours / 10'))).not.toThrow();
    expect(() =>
      parseOk(rule('civic.volunteering', 'points', 'record.hours * 900000000000 - 1')),
    ).not.toThrow();
    expect(() => parseOk(rule('court.debtor', 'when', 'amount / 2048 > 3'))).not.toThrow();
    expect(() => parseOk(rule('court.debtor', 'when', 'amount % 7 == 3'))).not.toThrow();
    const overflow = messagesOf(rule('court.debtor', 'points', '-(amount * 2048)'));
    expect(overflow).toEqual([
      {
        path: 'rules[0].points',
        code: 'PolicyIntegerRange',
        message: expect.stringMatching(
          /^rule r: "amount \* 2048" can reach 18446744073709549568, outside the exact integer range .*declare a max \(and min\) for amount in the catalogue/,
        ) as unknown,
      },
    ]);
    for (const [key, expression] of [
      ['points', 'record.hours * 1000000000000'],
      ['when', 'amount + 1 > 0'],
      ['when', '-amount - 1 < 0'],
      ['points', 'size(caseNumber) * 1'],
    ] as const) {
      expect(
        messagesOf(
          rule(
            key === 'points' && expression.includes('hours')
              ? 'civic.volunteering'
              : 'court.debtor',
            key,
            expression,
          ),
        ).map((p) => p.code),
        expression,
      ).toEqual(['PolicyIntegerRange']);
    }
  });

  it('refuses points that are not whole: a double literal, a double expression, a double division', () => {
    for (const points of ['1.5', 'double(amount) / 3.0', '2.0 * 3.0']) {
      expect(messagesOf(rule('court.debtor', 'points', points)), points).toEqual([
        expect.objectContaining({ path: 'rules[0].points', code: 'PolicyPointsNotInteger' }),
      ]);
    }
    const volunteering = parseOk(rule('civic.volunteering', 'points', 'record.hours / 10'));
    expect(volunteering.rules[0]?.points.evaluate({ hours: 19 }, 'civic.volunteering', '')).toBe(1);
  });

  it('reports a deeply nested expression and an out-of-range literal as problems, never a crash', () => {
    const nested = `${'('.repeat(3000)}amount${')'.repeat(3000)} > 0`;
    const negations = `${'!'.repeat(4000)}(amount > 0)`;
    const sum = `${Array.from({ length: 3000 }, () => 'amount').join(' - ')} > 0`;
    for (const when of [nested, negations, sum]) {
      expect(messagesOf(rule('court.debtor', 'when', when)).map((p) => p.code)).toEqual([
        'PolicyExpressionTooDeep',
      ]);
    }
    for (const when of [
      '99999999999999999999 > amount',
      'amount < 9007199254740992',
      'amount < 18446744073709551615u',
      'double(amount) < 1e300',
    ]) {
      expect(
        messagesOf(rule('court.debtor', 'when', when)).map((p) => p.code),
        when,
      ).toContain('PolicyLiteralOutOfRange');
    }
  });

  it('reads a version already in the ledger without the admission rules, its unsafe reads failing at run time instead', () => {
    // A store written before these rules holds versions that read an optional field bare or do
    // unproved arithmetic: it must stay readable, and those reads become explained rule errors.
    const bare = rule('court.obstructs', 'points', 'amount >= 1000 ? -(amount * 2048) : -40');
    expect(problemsOf(bare).map((p) => p.code)).toContain('PolicyUnguardedField');
    const stored = parsePolicy(bare, catalog(), { stored: true });
    if (!stored.ok) throw new Error(JSON.stringify(stored.problems));
    const points = stored.policy.rules[0]?.points;
    expect(points?.attempt({ caseNumber: 'x', amount: 2000 }, 'court.obstructs', 'serious')).toBe(
      -4096000,
    );
    expect(points?.attempt({ caseNumber: 'x' }, 'court.obstructs', 'serious')).toEqual(
      failure('Unknown variable: amount'),
    );
    expect(
      points?.attempt({ caseNumber: 'x', amount: 2 ** 52 }, 'court.obstructs', 'serious'),
    ).toMatchObject({ failed: true });
    // Still refused when stored: what the compiler cannot read at all.
    expect(
      parsePolicy(rule('court.obstructs', 'points', '1.5'), catalog(), { stored: true }).ok,
    ).toBe(false);
  });
});
