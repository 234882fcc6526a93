// Reads a policy document (policy.md, "Policy") against one catalogue into a CompiledPolicy, or
// reports every problem at once with a path such as `rules[2].when`. Each charter rule that the
// policy language enforces has its own code: a sanction list built on a score or grade
// (C5, PolicySanctionFromScore), a list or measure without a legal basis (C1), and any reference
// beyond the record itself (C3, PolicyForbiddenReference). CEL is compiled here, once per policy
// version; see policy-compile.ts.
import { parseLabels, type Catalog, type Category, type Labels } from '../catalog/index.js';
import type { Problem } from '../errors/domain-error.js';
import type { SubjectKind } from '../ledger/ledger-types.js';
import { tryParseDuration, type Duration } from '../time/duration.js';
import { tryParseInstant, type Instant } from '../time/instant.js';
import {
  BUILTIN_VARIABLES,
  constantPoints,
  createExpressionCompiler,
  type ExpressionCompiler,
  type ExpressionField,
  type ExpressionVariables,
} from './policy-compile.js';
import {
  literalProblems,
  presenceOf,
  presentWhenTrue,
  rangeProblems,
  RECORD_VARIABLE,
  selectedFields,
} from './expression-analysis.js';
import { buildCategoryPlans, categoryMatches } from './policy-plan.js';
import {
  DECAYS,
  LIST_KINDS,
  MEASURE_KINDS,
  type CategoryPattern,
  type CompiledExpression,
  type CompiledPolicy,
  type CompiledRule,
  type Decay,
  type GradeBand,
  type IncentiveList,
  type ListKind,
  type Measure,
  type MeasureKind,
  type PolicyList,
  type RecordPoints,
  type RecordPredicate,
  type SanctionList,
} from './policy-types.js';
import { isObject, type Obj } from '../documents/plain-object.js';
import { DocumentProblems } from '../documents/document-problems.js';
import { get, join, show } from '../documents/yaml-values.js';

/** Stable problem codes of `parsePolicy`; scripts and tests rely on them. */
export const POLICY_PROBLEM_CODES = [
  /** The text is not well-formed YAML (path '', the line and column in the message). */
  'PolicyYamlSyntax',
  /** Something that must be a mapping is not: the document, base, bounds, a grade, rule, list, include or measure. */
  'PolicyNotAnObject',
  /** A required key is absent: id, version, base, bounds, grades; a rule's id, category or points; a list's label or noticePeriod... */
  'PolicyMissingField',
  /** A value of the wrong type or outside its allowed set (an id's shape, a duration, an integer, an enum, an unknown grade). */
  'PolicyInvalidValue',
  /** A key the format does not define: the policy is closed, so typos are errors rather than ignored. */
  'PolicyUnknownKey',
  /** Two rules, lists, measures or grades with the same id (reported on the later one). */
  'PolicyDuplicateId',
  /** A rule's exact category, or a list's category, that the catalogue does not contain. */
  'PolicyUnknownCategory',
  /** A prefix pattern (`court.*`) that matches no catalogue category. */
  'PolicyPatternMatchesNothing',
  /** A measure naming a list the policy does not define. */
  'PolicyUnknownList',
  /** A CEL expression naming a catalogue field that not every category the rule or list can match declares. */
  'PolicyUnknownField',
  /** A CEL expression that is not well-formed. */
  'PolicyExpressionSyntax',
  /** A CEL expression that does not type-check, a `when` that is not bool, a `points` that is not a number. */
  'PolicyTypeError',
  /** Charter C5: a sanction list whose include mentions grades, scores or noAdverseWithin, or whose `when` reads a score or grade. */
  'PolicySanctionFromScore',
  /** A restriction measure pointing at an incentive list, or a benefit measure at a sanction list. */
  'PolicyMeasureListKind',
  /** Grades not strictly descending by min, or a last band whose min is above bounds.min (some score would have no grade). */
  'PolicyGradesOrder',
  /** Charter C1: a list or measure without a non-empty legal basis. */
  'PolicyMissingLegalBasis',
  /** Charter C3: a name beyond the record's own fields, `category` and `tier`, or a key that would extend a list or measure to another subject. */
  'PolicyForbiddenReference',
  /** An optional field read by its bare name, or as `record.x` without a dominating `has(record.x)` guard. */
  'PolicyUnguardedField',
  /** Integer arithmetic that the fields' catalogue bounds cannot keep within the exact integer range (±2^53 − 1). */
  'PolicyIntegerRange',
  /** A `points` expression that does not give an int (a double such as "1.5", a double division, a uint). */
  'PolicyPointsNotInteger',
  /** An expression nested deeper than the limit (32 levels). */
  'PolicyExpressionTooDeep',
  /** A number literal outside the exact integer range (±2^53 − 1). */
  'PolicyLiteralOutOfRange',
] as const;

export type PolicyProblemCode = (typeof POLICY_PROBLEM_CODES)[number];

export type PolicyParseResult =
  | { readonly ok: true; readonly policy: CompiledPolicy }
  | { readonly ok: false; readonly problems: Problem[] };

const POLICY_ID = /^[a-z0-9][a-z0-9-]*$/;
/** Rule, list and measure ids: lower-case words joined by hyphens or dots (`travel.flight`). */
const ITEM_ID = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;
const CATEGORY_ID = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;
const CATEGORY_PREFIX = /^([a-z0-9-]+(?:\.[a-z0-9-]+)*\.)\*$/;
const GRADE_NAME = /^[A-Za-z][A-Za-z0-9+-]*$/;
const AGENCY_KIND = /^\S+$/;

const TOP_KEYS = [
  'id',
  'version',
  'effectiveFrom',
  'description',
  'base',
  'bounds',
  'grades',
  'rules',
  'lists',
  'measures',
];
const BASE_KEYS = ['person', 'organization'] as const;
const BOUNDS_KEYS = ['min', 'max'];
const GRADE_KEYS = ['grade', 'min'];
const RULE_KEYS = ['id', 'label', 'labels', 'category', 'when', 'points', 'decay', 'cap'];
const LIST_KEYS = [
  'id',
  'kind',
  'label',
  'labels',
  'legalBasis',
  'public',
  'subjects',
  'include',
  'noticePeriod',
];
const SANCTION_INCLUDE_KEYS = ['categories', 'when'];
const INCENTIVE_INCLUDE_KEYS = ['grades', 'noAdverseWithin'];
const MEASURE_KEYS = ['id', 'kind', 'label', 'labels', 'legalBasis', 'lists', 'enforcers'];
const SUBJECT_KINDS: readonly SubjectKind[] = ['person', 'organization'];
const ZERO_DURATION: Duration = {
  years: 0,
  months: 0,
  weeks: 0,
  days: 0,
  hours: 0,
  minutes: 0,
  seconds: 0,
  text: 'P0D',
};

/** Keys that would make a list or measure reach someone other than the subject (charter C3). */
const REACH_BEYOND_SUBJECT =
  /relative|family|spouse|child|parent|household|employee|staff|associate|officer|director|representative|controller|guarantor|extends|appliesTo|reach|thirdParty|third-party/i;
/** Include keys that would make a sanction follow a score, a grade or a clean history (charter C5). */
const SCORE_KEYS = /score|grade|noAdverseWithin|rating/i;
/** Names in a sanction list's `when` that would read a score or grade (charter C5). */
const SCORE_NAMES = /score|grade/i;

type Problems = DocumentProblems<PolicyProblemCode>;

export interface PolicyParseOptions {
  /**
   * A version already in the ledger, read again (never a new one): the rules that only guard the
   * admission of a new version (presence guards, the integer-range proof, literal ranges) are not
   * applied, so a store written before they existed stays readable. What they prevent is still
   * caught where it matters, at run time: an absent field, an overflow or an out-of-range literal
   * makes that rule's contribution an explained, counted rule error, never a silent value.
   */
  readonly stored?: boolean;
}

/** Reads a policy document against a catalogue, compiling every expression; all problems at once. */
export function parsePolicy(
  yamlText: string,
  catalog: Catalog,
  options: PolicyParseOptions = {},
): PolicyParseResult {
  const problems: Problems = new DocumentProblems<PolicyProblemCode>({
    document: 'policy',
    syntaxCode: 'PolicyYamlSyntax',
    unknownKeyCode: 'PolicyUnknownKey',
    // Keys reaching beyond the subject are C3 refusals, not mere typos.
    refusedKey: (key, what) =>
      REACH_BEYOND_SUBJECT.test(key)
        ? {
            code: 'PolicyForbiddenReference',
            message: `"${key}" would extend ${what} beyond the subject; a list or measure applies only to the subject its own records are about (charter C3)`,
          }
        : undefined,
  });
  const read = problems.readYaml(yamlText);
  if (read === undefined) return { ok: false, problems: problems.list };
  const root = read.value;
  if (!isObject(root)) {
    problems.add(
      '',
      'PolicyNotAnObject',
      'a policy is a YAML mapping (id, version, base, bounds, grades, rules, lists, measures)',
    );
    return { ok: false, problems: problems.list };
  }
  problems.unknownKeys(root, TOP_KEYS, '', 'a policy');
  return new PolicyReader(catalog, problems, options.stored !== true).read(root);
}

class PolicyReader {
  private readonly compiler: ExpressionCompiler = createExpressionCompiler();
  /** Every field name some catalogue category declares: tells a missing field from a foreign name. */
  private readonly catalogFields: ReadonlySet<string>;
  private listIdsInDocument: ReadonlySet<string> = new Set();

  constructor(
    private readonly catalog: Catalog,
    private readonly problems: Problems,
    /** A new version is being admitted (not a stored one read again): see PolicyParseOptions. */
    private readonly admission: boolean,
  ) {
    this.catalogFields = new Set(catalog.categories.flatMap((c) => Object.keys(c.fields)));
  }

  read(root: Obj): PolicyParseResult {
    const p = this.problems;
    this.noteListIds(root);
    const id = this.policyId(get(root, 'id'));
    const version = this.version(get(root, 'version'));
    const effectiveFrom = this.effectiveFrom(get(root, 'effectiveFrom'));
    const description = get(root, 'description');
    if (description !== undefined && typeof description !== 'string') {
      p.add('description', 'PolicyInvalidValue', 'description must be text');
    }
    const bounds = this.bounds(get(root, 'bounds'));
    const base = this.base(get(root, 'base'), bounds);
    const grades = this.grades(get(root, 'grades'), bounds);
    const rules = this.section(root, 'rules', (raw, path, ordinal) =>
      this.rule(raw, path, ordinal),
    );
    const gradeNames = new Set(grades?.map((g) => g.grade));
    const lists = this.section(root, 'lists', (raw, path, ordinal) =>
      this.policyList(raw, path, ordinal, grades && gradeNames),
    );
    const listsById = new Map(lists.map((l) => [l.id, l]));
    const measures = this.section(root, 'measures', (raw, path, ordinal) =>
      this.measure(raw, path, ordinal, listsById),
    );

    if (p.count > 0 || id === undefined || version === undefined || !bounds || !base || !grades) {
      return { ok: false, problems: p.list };
    }
    const measuresByList = new Map<string, Measure[]>();
    for (const measure of measures) {
      for (const listId of measure.lists) {
        const bucket = measuresByList.get(listId) ?? [];
        bucket.push(measure);
        measuresByList.set(listId, bucket);
      }
    }
    const categoryPlans = buildCategoryPlans(this.catalog, rules, lists);
    return {
      ok: true,
      policy: {
        id,
        version,
        effectiveFrom,
        base,
        bounds,
        grades,
        rules,
        lists,
        measures,
        rulesById: new Map(rules.map((r) => [r.id, r])),
        listsById,
        measuresById: new Map(measures.map((m) => [m.id, m])),
        measuresByList,
        catalog: this.catalog,
        categoryPlans,
        plansByCategory: new Map(categoryPlans.map((plan) => [plan.category.id, plan])),
      },
    };
  }

  // ---- Header ----------------------------------------------------------------------------------

  private policyId(value: unknown): string | undefined {
    if (value === undefined) {
      this.problems.add(
        'id',
        'PolicyMissingField',
        'id (lower-case letters, digits, hyphens) is required',
      );
      return undefined;
    }
    if (typeof value !== 'string' || !POLICY_ID.test(value)) {
      this.problems.add(
        'id',
        'PolicyInvalidValue',
        `id ${show(value)} must be lower-case letters, digits and hyphens`,
      );
      return undefined;
    }
    return value;
  }

  private version(value: unknown): number | undefined {
    if (value === undefined) {
      this.problems.add(
        'version',
        'PolicyMissingField',
        'version (a whole number from 1) is required',
      );
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      this.problems.add(
        'version',
        'PolicyInvalidValue',
        `version ${show(value)} must be a whole number from 1`,
      );
      return undefined;
    }
    return value;
  }

  private effectiveFrom(value: unknown): Instant | undefined {
    if (value === undefined) return undefined;
    const text =
      value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : undefined;
    const at = text === undefined ? undefined : tryParseInstant(text);
    if (at === undefined) {
      this.problems.add(
        'effectiveFrom',
        'PolicyInvalidValue',
        `effectiveFrom ${show(value)} is not an ISO 8601 instant such as 2026-01-01T00:00:00Z`,
      );
    }
    return at;
  }

  private integer(value: unknown, path: string, what: string): number | undefined {
    if (value === undefined) {
      this.problems.add(path, 'PolicyMissingField', `${what} (a whole number) is required`);
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      this.problems.add(
        path,
        'PolicyInvalidValue',
        `${what} must be a whole number (got ${show(value)})`,
      );
      return undefined;
    }
    return value;
  }

  private mapping(value: unknown, path: string, what: string): Obj | undefined {
    if (value === undefined) {
      this.problems.add(path, 'PolicyMissingField', `${what} is required`);
      return undefined;
    }
    if (!isObject(value)) {
      this.problems.add(path, 'PolicyNotAnObject', `${what} must be a mapping`);
      return undefined;
    }
    return value;
  }

  private bounds(value: unknown): { min: number; max: number } | undefined {
    const obj = this.mapping(value, 'bounds', 'bounds ({ min, max })');
    if (!obj) return undefined;
    this.problems.unknownKeys(obj, BOUNDS_KEYS, 'bounds', 'bounds');
    const min = this.integer(get(obj, 'min'), 'bounds.min', 'bounds.min');
    const max = this.integer(get(obj, 'max'), 'bounds.max', 'bounds.max');
    if (min === undefined || max === undefined) return undefined;
    if (min >= max) {
      this.problems.add(
        'bounds',
        'PolicyInvalidValue',
        `bounds.min (${min}) must be below bounds.max (${max})`,
      );
      return undefined;
    }
    return { min, max };
  }

  private base(
    value: unknown,
    bounds: { min: number; max: number } | undefined,
  ): Record<SubjectKind, number> | undefined {
    const obj = this.mapping(value, 'base', 'base ({ person, organization })');
    if (!obj) return undefined;
    this.problems.unknownKeys(obj, BASE_KEYS, 'base', 'base');
    const out: Partial<Record<SubjectKind, number>> = {};
    for (const kind of BASE_KEYS) {
      const n = this.integer(get(obj, kind), `base.${kind}`, `base.${kind}`);
      if (n === undefined) continue;
      if (bounds && (n < bounds.min || n > bounds.max)) {
        this.problems.add(
          `base.${kind}`,
          'PolicyInvalidValue',
          `base.${kind} (${n}) must lie within bounds ${bounds.min}..${bounds.max}`,
        );
        continue;
      }
      out[kind] = n;
    }
    const { person, organization } = out;
    return person === undefined || organization === undefined
      ? undefined
      : { person, organization };
  }

  private grades(
    value: unknown,
    bounds: { min: number; max: number } | undefined,
  ): GradeBand[] | undefined {
    if (value === undefined) {
      this.problems.add(
        'grades',
        'PolicyMissingField',
        'grades (a list of { grade, min }, highest first) are required',
      );
      return undefined;
    }
    if (!Array.isArray(value) || value.length === 0) {
      this.problems.add(
        'grades',
        'PolicyInvalidValue',
        'grades must be a non-empty list of { grade, min }, highest first',
      );
      return undefined;
    }
    const bands: GradeBand[] = [];
    const seen = new Map<string, number>();
    let complete = true;
    value.forEach((raw: unknown, index) => {
      const path = `grades[${index}]`;
      if (!isObject(raw)) {
        this.problems.add(path, 'PolicyNotAnObject', 'a grade is a mapping { grade, min }');
        complete = false;
        return;
      }
      this.problems.unknownKeys(raw, GRADE_KEYS, path, 'a grade');
      const grade = get(raw, 'grade');
      const min = this.integer(get(raw, 'min'), `${path}.min`, 'min');
      let name: string | undefined;
      if (grade === undefined)
        this.problems.add(
          `${path}.grade`,
          'PolicyMissingField',
          'grade (a name such as AAA) is required',
        );
      else if (typeof grade !== 'string' || !GRADE_NAME.test(grade)) {
        this.problems.add(
          `${path}.grade`,
          'PolicyInvalidValue',
          `grade ${show(grade)} must be a short name such as AAA or B`,
        );
      } else if (seen.has(grade)) {
        this.problems.add(
          `${path}.grade`,
          'PolicyDuplicateId',
          `grade "${grade}" is already defined by grades[${seen.get(grade)}]`,
        );
      } else {
        seen.set(grade, index);
        name = grade;
      }
      if (name === undefined || min === undefined) complete = false;
      else bands.push({ grade: name, min });
    });
    if (!complete) return undefined;
    let ordered = true;
    for (let i = 1; i < bands.length; i++) {
      const prev = bands[i - 1];
      const band = bands[i];
      if (prev && band && band.min >= prev.min) {
        this.problems.add(
          `grades[${i}].min`,
          'PolicyGradesOrder',
          `grades are ordered highest first: ${band.grade} (min ${band.min}) must be below ${prev.grade} (min ${prev.min})`,
        );
        ordered = false;
      }
    }
    const last = bands[bands.length - 1];
    if (bounds && last && last.min > bounds.min) {
      this.problems.add(
        `grades[${bands.length - 1}].min`,
        'PolicyGradesOrder',
        `the last grade (${last.grade}, min ${last.min}) must start at or below bounds.min (${bounds.min}) so that every score has a grade`,
      );
      ordered = false;
    }
    return ordered ? bands : undefined;
  }

  // ---- Sections --------------------------------------------------------------------------------

  /** Reads an optional list section, item by item, and reports duplicate ids on the later item. */
  private section<T extends { id: string }>(
    root: Obj,
    key: 'rules' | 'lists' | 'measures',
    readItem: (raw: Obj, path: string, ordinal: number) => T | undefined,
  ): T[] {
    const value = get(root, key);
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.problems.add(key, 'PolicyInvalidValue', `${key} must be a list`);
      return [];
    }
    const items: T[] = [];
    const seen = new Map<string, number>();
    value.forEach((raw: unknown, index) => {
      const path = `${key}[${index}]`;
      if (!isObject(raw)) {
        this.problems.add(path, 'PolicyNotAnObject', `each of ${key} must be a mapping`);
        return;
      }
      const id = get(raw, 'id');
      if (typeof id === 'string' && ITEM_ID.test(id)) {
        const first = seen.get(id);
        if (first !== undefined) {
          this.problems.add(
            `${path}.id`,
            'PolicyDuplicateId',
            `id "${id}" is already used by ${key}[${first}]`,
          );
        } else seen.set(id, index);
      }
      const item = readItem(raw, path, index);
      if (item) items.push(item);
    });
    return items;
  }

  private itemId(raw: Obj, path: string, what: string): string | undefined {
    const id = get(raw, 'id');
    if (id === undefined) {
      this.problems.add(`${path}.id`, 'PolicyMissingField', `${what} needs an id`);
      return undefined;
    }
    if (typeof id !== 'string' || !ITEM_ID.test(id)) {
      this.problems.add(
        `${path}.id`,
        'PolicyInvalidValue',
        `id ${show(id)} must be lower-case words joined by hyphens or dots`,
      );
      return undefined;
    }
    return id;
  }

  /** `labels` in other languages (core/catalog/labels.ts), when given. */
  private labels(raw: Obj, path: string): Labels | undefined {
    return parseLabels(get(raw, 'labels'), join(path, 'labels'), (at, message) =>
      this.problems.add(at, 'PolicyInvalidValue', message),
    );
  }

  private text(raw: Obj, key: string, path: string, required: boolean): string | undefined {
    const value = get(raw, key);
    if (value === undefined) {
      if (required) this.problems.add(join(path, key), 'PolicyMissingField', `${key} is required`);
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      this.problems.add(join(path, key), 'PolicyInvalidValue', `${key} must be non-empty text`);
      return undefined;
    }
    return value;
  }

  private legalBasis(raw: Obj, path: string, what: string): string | undefined {
    const value = get(raw, 'legalBasis');
    if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
      this.problems.add(
        join(path, 'legalBasis'),
        'PolicyMissingLegalBasis',
        `${what} must cite its legal basis, a text one can look up (charter C1)`,
      );
      return undefined;
    }
    if (typeof value !== 'string') {
      this.problems.add(join(path, 'legalBasis'), 'PolicyInvalidValue', 'legalBasis must be text');
      return undefined;
    }
    return value;
  }

  private oneOf<T extends string>(
    raw: Obj,
    key: string,
    allowed: readonly T[],
    path: string,
    fallback?: T,
  ): T | undefined {
    const value = get(raw, key);
    if (value === undefined) {
      if (fallback !== undefined) return fallback;
      this.problems.add(
        join(path, key),
        'PolicyMissingField',
        `${key} (${allowed.join(' or ')}) is required`,
      );
      return undefined;
    }
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.problems.add(
        join(path, key),
        'PolicyInvalidValue',
        `${key} ${show(value)} must be one of ${allowed.join(', ')}`,
      );
      return undefined;
    }
    return value as T;
  }

  private duration(
    raw: Obj,
    key: string,
    path: string,
    fallback: Duration | undefined,
    why: string,
  ): Duration | undefined {
    const value = get(raw, key);
    if (value === undefined) {
      if (fallback === undefined)
        this.problems.add(join(path, key), 'PolicyMissingField', `${key} is required: ${why}`);
      return fallback;
    }
    const parsed = typeof value === 'string' ? tryParseDuration(value) : undefined;
    if (parsed === undefined) {
      this.problems.add(
        join(path, key),
        'PolicyInvalidValue',
        `${key} ${show(value)} is not an ISO 8601 duration such as P10D or P3Y`,
      );
    }
    return parsed;
  }

  /** A list of strings, each checked by `item`; undefined when the key is absent. */
  private strings(
    raw: Obj,
    key: string,
    path: string,
    item: (value: string, itemPath: string) => boolean,
    what: string,
  ): string[] | undefined {
    const value = get(raw, key);
    if (value === undefined) return undefined;
    const listPath = join(path, key);
    if (!Array.isArray(value) || value.length === 0) {
      this.problems.add(
        listPath,
        'PolicyInvalidValue',
        `${key} must be a non-empty list of ${what}`,
      );
      return undefined;
    }
    const out: string[] = [];
    let complete = true;
    value.forEach((v: unknown, i) => {
      const itemPath = `${listPath}[${i}]`;
      if (typeof v !== 'string') {
        this.problems.add(itemPath, 'PolicyInvalidValue', `${show(v)} is not one of ${what}`);
        complete = false;
      } else if (item(v, itemPath)) out.push(v);
      else complete = false;
    });
    return complete ? out : undefined;
  }

  // ---- Rules -----------------------------------------------------------------------------------

  private rule(raw: Obj, path: string, ordinal: number): CompiledRule | undefined {
    const p = this.problems;
    p.unknownKeys(raw, RULE_KEYS, path, 'a rule');
    const id = this.itemId(raw, path, 'a rule');
    const label = this.text(raw, 'label', path, false);
    const labels = this.labels(raw, path);
    const pattern = this.pattern(get(raw, 'category'), `${path}.category`);
    const categories = pattern
      ? this.catalog.categories.filter((c) => categoryMatches(pattern, c.id))
      : undefined;
    if (pattern && categories?.length === 0) {
      if (pattern.kind === 'exact') {
        p.add(
          `${path}.category`,
          'PolicyUnknownCategory',
          `"${pattern.text}" is not a category of the catalogue`,
        );
      } else {
        p.add(
          `${path}.category`,
          'PolicyPatternMatchesNothing',
          `"${pattern.text}" matches no category of the catalogue`,
        );
      }
    }
    const matched = categories && categories.length > 0 ? categories : undefined;

    const whenText = this.expressionText(raw, 'when', path);
    const when =
      whenText === undefined
        ? undefined
        : this.predicate(whenText, `${path}.when`, matched, 'rule', false, ruleName(id));

    const rawPoints = get(raw, 'points');
    let points: CompiledExpression<RecordPoints> | undefined;
    let constant: number | undefined;
    if (rawPoints === undefined) {
      p.add(
        `${path}.points`,
        'PolicyMissingField',
        'points (a whole number, or a CEL expression giving a number) is required',
      );
    } else if (typeof rawPoints === 'number') {
      if (Number.isSafeInteger(rawPoints)) {
        constant = rawPoints === 0 ? 0 : rawPoints;
        points = constantPoints(constant);
      } else
        p.add(
          `${path}.points`,
          'PolicyInvalidValue',
          `points ${show(rawPoints)} must be a whole number`,
        );
    } else if (typeof rawPoints === 'string' && rawPoints.trim() !== '') {
      // `points` is evaluated only where `when` holds: the fields its truth proves present count
      // as guarded (`when: has(record.fine)`, `points: -(record.fine / 1000000)`).
      const parsedWhen = when === undefined ? undefined : this.compiler.parse(when.source);
      const present = parsedWhen?.ok === true ? presentWhenTrue(parsedWhen.ast) : new Set<string>();
      points = this.pointsExpression(rawPoints, `${path}.points`, matched, ruleName(id), present);
    } else {
      p.add(
        `${path}.points`,
        'PolicyInvalidValue',
        `points ${show(rawPoints)} must be a whole number or a CEL expression`,
      );
    }

    const decay = this.oneOf<Decay>(raw, 'decay', DECAYS, path, 'none');
    const rawCap = get(raw, 'cap');
    let cap: number | undefined;
    if (rawCap !== undefined) {
      if (typeof rawCap === 'number' && Number.isSafeInteger(rawCap) && rawCap > 0) cap = rawCap;
      else
        p.add(
          `${path}.cap`,
          'PolicyInvalidValue',
          `cap ${show(rawCap)} must be a whole number above 0`,
        );
    }

    if (
      id === undefined ||
      pattern === undefined ||
      matched === undefined ||
      points === undefined ||
      decay === undefined
    ) {
      return undefined;
    }
    if (whenText !== undefined && when === undefined) return undefined;
    if (rawCap !== undefined && cap === undefined) return undefined;
    return {
      id,
      ordinal,
      label,
      ...(labels === undefined ? {} : { labels }),
      category: pattern,
      categories: matched.map((c) => c.id),
      when,
      constantPoints: constant,
      points,
      decay,
      cap,
    };
  }

  private pattern(value: unknown, path: string): CategoryPattern | undefined {
    if (value === undefined) {
      this.problems.add(
        path,
        'PolicyMissingField',
        'category (an exact category id, or a prefix pattern such as court.*) is required',
      );
      return undefined;
    }
    if (typeof value === 'string') {
      if (CATEGORY_ID.test(value)) return { text: value, kind: 'exact', value };
      const prefix = CATEGORY_PREFIX.exec(value);
      if (prefix?.[1] !== undefined) return { text: value, kind: 'prefix', value: prefix[1] };
    }
    this.problems.add(
      path,
      'PolicyInvalidValue',
      `category ${show(value)} must be a category id (court.dishonest-debtor) or a prefix pattern (court.*)`,
    );
    return undefined;
  }

  // ---- Lists -----------------------------------------------------------------------------------

  private policyList(
    raw: Obj,
    path: string,
    ordinal: number,
    gradeNames: ReadonlySet<string> | undefined,
  ): PolicyList | undefined {
    const p = this.problems;
    p.unknownKeys(raw, LIST_KEYS, path, 'a list');
    const id = this.itemId(raw, path, 'a list');
    const kind = this.oneOf<ListKind>(raw, 'kind', LIST_KINDS, path);
    const label = this.text(raw, 'label', path, true);
    const labels = this.labels(raw, path);
    const legalBasis = this.legalBasis(raw, path, 'a list');
    const rawPublic = get(raw, 'public');
    if (rawPublic !== undefined && typeof rawPublic !== 'boolean') {
      p.add(`${path}.public`, 'PolicyInvalidValue', 'public must be true or false');
    }
    const subjects: readonly SubjectKind[] | undefined =
      (this.strings(
        raw,
        'subjects',
        path,
        (v, itemPath) => {
          if ((SUBJECT_KINDS as readonly string[]).includes(v)) return true;
          p.add(
            itemPath,
            'PolicyInvalidValue',
            `"${v}" is not a subject kind (person, organization)`,
          );
          return false;
        },
        'subject kinds (person, organization)',
      ) as SubjectKind[] | undefined) ??
      (get(raw, 'subjects') === undefined ? SUBJECT_KINDS : undefined);

    const includePath = `${path}.include`;
    const include = this.mapping(get(raw, 'include'), includePath, 'include');
    const noticePeriod = this.duration(
      raw,
      'noticePeriod',
      path,
      kind === 'sanction' ? undefined : ZERO_DURATION,
      'a sanction list takes effect only after a notice period, which may be P0D but must be stated (charter C6)',
    );

    let sanctionInclude: SanctionList['include'] | undefined;
    let incentiveInclude: IncentiveList['include'] | undefined;
    if (include && kind === 'sanction')
      sanctionInclude = this.sanctionInclude(include, includePath);
    if (include && kind === 'incentive')
      incentiveInclude = this.incentiveInclude(include, includePath, gradeNames);

    if (
      id === undefined ||
      kind === undefined ||
      label === undefined ||
      legalBasis === undefined ||
      subjects === undefined ||
      noticePeriod === undefined ||
      (rawPublic !== undefined && typeof rawPublic !== 'boolean')
    ) {
      return undefined;
    }
    const common = {
      id,
      ordinal,
      label,
      ...(labels === undefined ? {} : { labels }),
      legalBasis,
      public: rawPublic === true,
      subjects,
      noticePeriod,
    };
    if (kind === 'sanction')
      return sanctionInclude ? { ...common, kind, include: sanctionInclude } : undefined;
    return incentiveInclude ? { ...common, kind, include: incentiveInclude } : undefined;
  }

  private sanctionInclude(include: Obj, path: string): SanctionList['include'] | undefined {
    const p = this.problems;
    for (const key of Object.keys(include)) {
      if (SANCTION_INCLUDE_KEYS.includes(key)) continue;
      if (SCORE_KEYS.test(key)) {
        p.add(
          join(path, key),
          'PolicySanctionFromScore',
          `a sanction list is defined by record categories only, never by a score, a grade or a clean history ("${key}"); scores may drive incentives and information only (charter C5)`,
        );
      } else {
        p.unknownKeys(
          { [key]: include[key] },
          SANCTION_INCLUDE_KEYS,
          path,
          'a sanction list include',
        );
      }
    }
    const categories = this.strings(
      include,
      'categories',
      path,
      (v, itemPath) => {
        if (this.catalog.byId.has(v)) return true;
        if (v.endsWith('*')) {
          p.add(
            itemPath,
            'PolicyInvalidValue',
            `"${v}": a list names each category it is made of, exactly; patterns are for rules only`,
          );
        } else
          p.add(itemPath, 'PolicyUnknownCategory', `"${v}" is not a category of the catalogue`);
        return false;
      },
      'catalogue category ids',
    );
    if (get(include, 'categories') === undefined) {
      p.add(
        join(path, 'categories'),
        'PolicyMissingField',
        'a sanction list needs the record categories that put a subject on it (charter C5)',
      );
    }
    const matched = categories
      ?.map((id) => this.catalog.byId.get(id))
      .filter((c): c is Category => c !== undefined);
    const whenText = this.expressionText(include, 'when', path);
    const when =
      whenText === undefined
        ? undefined
        : this.predicate(whenText, join(path, 'when'), matched, 'list', true, 'this list');
    if (categories === undefined || (whenText !== undefined && when === undefined))
      return undefined;
    return { categories, when };
  }

  private incentiveInclude(
    include: Obj,
    path: string,
    gradeNames: ReadonlySet<string> | undefined,
  ): IncentiveList['include'] | undefined {
    const p = this.problems;
    for (const key of Object.keys(include)) {
      if (INCENTIVE_INCLUDE_KEYS.includes(key)) continue;
      const why =
        key === 'categories' || key === 'when'
          ? `; an incentive list is defined by grades and a clean history (grades, noAdverseWithin)`
          : '';
      if (why !== '')
        p.add(
          join(path, key),
          'PolicyUnknownKey',
          `"${key}" is not a key of an incentive list include${why}`,
        );
      else
        p.unknownKeys(
          { [key]: include[key] },
          INCENTIVE_INCLUDE_KEYS,
          path,
          'an incentive list include',
        );
    }
    const grades = this.strings(
      include,
      'grades',
      path,
      (v, itemPath) => {
        if (gradeNames === undefined || gradeNames.has(v)) return true;
        p.add(
          itemPath,
          'PolicyInvalidValue',
          `"${v}" is not a grade of this policy (${[...gradeNames].join(', ')})`,
        );
        return false;
      },
      'grades',
    );
    if (get(include, 'grades') === undefined) {
      p.add(
        join(path, 'grades'),
        'PolicyMissingField',
        'an incentive list needs the grades that qualify for it',
      );
    }
    const noAdverseWithin = this.duration(include, 'noAdverseWithin', path, ZERO_DURATION, '');
    if (grades === undefined || noAdverseWithin === undefined) return undefined;
    return { grades, noAdverseWithin };
  }

  // ---- Measures --------------------------------------------------------------------------------

  private measure(
    raw: Obj,
    path: string,
    ordinal: number,
    lists: ReadonlyMap<string, PolicyList>,
  ): Measure | undefined {
    const p = this.problems;
    p.unknownKeys(raw, MEASURE_KEYS, path, 'a measure');
    const id = this.itemId(raw, path, 'a measure');
    const kind = this.oneOf<MeasureKind>(raw, 'kind', MEASURE_KINDS, path);
    const label = this.text(raw, 'label', path, true);
    const labels = this.labels(raw, path);
    const legalBasis = this.legalBasis(raw, path, 'a measure');
    const wanted: ListKind | undefined =
      kind === 'restriction' ? 'sanction' : kind === 'benefit' ? 'incentive' : undefined;
    const listIds = this.strings(
      raw,
      'lists',
      path,
      (v, itemPath) => {
        const list = lists.get(v);
        if (list === undefined) {
          // A list that failed validation is reported where it is defined, not here as well.
          if (!this.definesList(v))
            p.add(itemPath, 'PolicyUnknownList', `"${v}" is not a list of this policy`);
          return false;
        }
        if (wanted !== undefined && list.kind !== wanted) {
          p.add(
            itemPath,
            'PolicyMeasureListKind',
            `a ${kind} measure applies ${wanted} lists only, and "${v}" is ${list.kind === 'incentive' ? 'an' : 'a'} ${list.kind} list`,
          );
          return false;
        }
        return true;
      },
      'list ids',
    );
    if (get(raw, 'lists') === undefined)
      p.add(`${path}.lists`, 'PolicyMissingField', 'a measure needs the lists it applies to');
    const enforcers = this.strings(
      raw,
      'enforcers',
      path,
      (v, itemPath) => {
        if (AGENCY_KIND.test(v)) return true;
        p.add(
          itemPath,
          'PolicyInvalidValue',
          `${show(v)} is not an agency kind (a word such as aviation or rail)`,
        );
        return false;
      },
      'agency kinds',
    );
    if (get(raw, 'enforcers') === undefined) {
      p.add(
        `${path}.enforcers`,
        'PolicyMissingField',
        'a measure needs the agency kinds that enforce it',
      );
    }
    if (
      id === undefined ||
      kind === undefined ||
      label === undefined ||
      legalBasis === undefined ||
      listIds === undefined ||
      enforcers === undefined
    ) {
      return undefined;
    }
    return {
      id,
      ordinal,
      kind,
      label,
      ...(labels === undefined ? {} : { labels }),
      legalBasis,
      lists: listIds,
      enforcers,
    };
  }

  private definesList(id: string): boolean {
    return this.listIdsInDocument.has(id);
  }

  /** Noted before lists are read so that measures can tell a broken list from a missing one. */
  private noteListIds(root: Obj): void {
    const raw = get(root, 'lists');
    const ids = Array.isArray(raw)
      ? raw.flatMap((l: unknown) => (isObject(l) && typeof l.id === 'string' ? [l.id] : []))
      : [];
    this.listIdsInDocument = new Set(ids);
  }

  // ---- Expressions -----------------------------------------------------------------------------

  private expressionText(raw: Obj, key: string, path: string): string | undefined {
    const value = get(raw, key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      this.problems.add(
        join(path, key),
        'PolicyInvalidValue',
        `${key} must be a CEL expression, written as text (quote it in YAML)`,
      );
      return undefined;
    }
    return value;
  }

  /**
   * Checks the names an expression uses against the categories it can see, and returns the
   * variables to compile it with, or undefined after reporting why it cannot be compiled.
   */
  private variablesFor(
    source: string,
    path: string,
    categories: readonly Category[] | undefined,
    owner: 'rule' | 'list',
    sanction: boolean,
    who: string,
    present: ReadonlySet<string> = new Set(),
  ): ExpressionVariables | undefined {
    const p = this.problems;
    const parsed = this.compiler.parse(source);
    if (!parsed.ok) {
      if (parsed.reason === 'depth')
        p.add(path, 'PolicyExpressionTooDeep', `${who}: the expression ${parsed.message}`);
      else p.add(path, 'PolicyExpressionSyntax', `not a CEL expression: ${parsed.message}`);
      return undefined;
    }
    const literals = this.admission ? literalProblems(source, parsed.ast) : [];
    for (const message of literals) p.add(path, 'PolicyLiteralOutOfRange', `${who}: ${message}`);
    const visible = categories === undefined ? undefined : sharedFields(categories);
    let clean = literals.length === 0;
    const names = [
      ...parsed.identifiers.filter((n) => n !== RECORD_VARIABLE),
      ...selectedFields(parsed.ast),
    ];
    for (const name of new Set(names)) {
      if ((BUILTIN_VARIABLES as readonly string[]).includes(name)) continue;
      if (visible?.fields.has(name)) continue;
      if (sanction && SCORE_NAMES.test(name)) {
        p.add(
          path,
          'PolicySanctionFromScore',
          `a sanction list's when may read the qualifying record's fields only, not "${name}": a score or grade never sanctions (charter C5)`,
        );
      } else if (!this.catalogFields.has(name)) {
        p.add(
          path,
          'PolicyForbiddenReference',
          `"${name}" is not something a policy can see: an expression reads only the record's own fields${visible ? ` (${[...visible.fields.keys()].join(', ') || 'none here'})` : ''}, category and tier, never another subject or the subject's other records (charter C3)`,
        );
      } else if (visible === undefined || categories === undefined) {
        // The categories are unknown (reported already): which fields exist cannot be said.
      } else if (visible.conflicting.has(name)) {
        p.add(
          path,
          'PolicyTypeError',
          `"${name}" has different types in the categories this ${owner} can match (${visible.conflicting.get(name)})`,
        );
      } else {
        const lacking = categories.filter((c) => !Object.hasOwn(c.fields, name)).map((c) => c.id);
        p.add(
          path,
          'PolicyUnknownField',
          `"${name}" is not a field of ${lacking.join(', ')}, which this ${owner} can match; an expression may use only the fields every such category declares`,
        );
      }
      clean = false;
    }
    if (!clean || visible === undefined || categories === undefined) return undefined;
    const presence = presenceOf(parsed.ast, new Set(visible.fields.keys()), present);
    for (const message of presence.misuses) {
      p.add(path, 'PolicyTypeError', `${who}: ${message}`);
      clean = false;
    }
    const reported = new Set<string>();
    for (const read of this.admission ? presence.reads : []) {
      const field = visible.fields.get(read.name);
      if (field === undefined || field.required || read.guarded || reported.has(read.name))
        continue;
      reported.add(read.name);
      const optionalIn = categories
        .filter((c) => c.fields[read.name]?.required !== true)
        .map((c) => c.id)
        .join(', ');
      const how = read.bare
        ? `by its bare name, which only a required field may use`
        : `without a has(record.${read.name}) guard before it`;
      p.add(
        path,
        'PolicyUnguardedField',
        `${who} reads "${read.name}", optional in ${optionalIn}, ${how}: a record without it has no value to compare, so write e.g. has(record.${read.name}) && record.${read.name} ... or has(record.${read.name}) ? ... : ...`,
      );
      clean = false;
    }
    const ranges = this.admission ? rangeProblems(source, parsed.ast, visible.fields) : [];
    for (const message of ranges) {
      p.add(path, 'PolicyIntegerRange', `${who}: ${message}`);
      clean = false;
    }
    if (!clean) return undefined;
    if (this.admission) return visible.fields;
    // A stored version may read an optional field by its bare name (earlier rules allowed it):
    // bind every field by name, so a record without it is a rule error at run time, as CEL says.
    return new Map(
      [...visible.fields].map(([name, field]) => [name, { ...field, required: true }]),
    );
  }

  private predicate(
    source: string,
    path: string,
    categories: readonly Category[] | undefined,
    owner: 'rule' | 'list',
    sanction: boolean,
    who: string,
  ): CompiledExpression<RecordPredicate> | undefined {
    const variables = this.variablesFor(source, path, categories, owner, sanction, who);
    if (variables === undefined) return undefined;
    const compiled = this.compiler.predicate(source, variables);
    if (!compiled.ok) {
      this.problems.add(path, 'PolicyTypeError', `when ${compiled.message}`);
      return undefined;
    }
    return compiled.expression;
  }

  private pointsExpression(
    source: string,
    path: string,
    categories: readonly Category[] | undefined,
    who: string,
    present: ReadonlySet<string>,
  ): CompiledExpression<RecordPoints> | undefined {
    const variables = this.variablesFor(source, path, categories, 'rule', false, who, present);
    if (variables === undefined) return undefined;
    const compiled = this.compiler.points(source, variables);
    if (!compiled.ok) {
      if (compiled.notInteger === true)
        this.problems.add(path, 'PolicyPointsNotInteger', `${who}: points ${compiled.message}`);
      else this.problems.add(path, 'PolicyTypeError', `points ${compiled.message}`);
      return undefined;
    }
    return compiled.expression;
  }
}

function ruleName(id: string | undefined): string {
  return id === undefined ? 'this rule' : `rule ${id}`;
}

/**
 * The fields every one of `categories` declares with one type (required when every one requires
 * it; integer bounds the loosest of theirs, absent when one of them has none), and those whose
 * types disagree.
 */
function sharedFields(categories: readonly Category[]): {
  fields: Map<string, ExpressionField>;
  conflicting: Map<string, string>;
} {
  const fields = new Map<string, ExpressionField>();
  const conflicting = new Map<string, string>();
  const [first, ...rest] = categories;
  if (!first) return { fields, conflicting };
  for (const [name, spec] of Object.entries(first.fields)) {
    if (!rest.every((c) => Object.hasOwn(c.fields, name))) continue;
    const specs = categories.flatMap((c) => (c.fields[name] ? [c.fields[name]] : []));
    const types = new Set(specs.map((f) => f.type));
    const mins = specs.map((f) => f.min);
    const maxes = specs.map((f) => f.max);
    const min = mins.every((m) => m !== undefined) ? Math.min(...mins) : undefined;
    const max = maxes.every((m) => m !== undefined) ? Math.max(...maxes) : undefined;
    if (types.size === 1)
      fields.set(name, {
        type: spec.type,
        required: specs.every((f) => f.required),
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
      });
    else
      conflicting.set(name, categories.map((c) => `${c.id}: ${c.fields[name]?.type}`).join(', '));
  }
  return { fields, conflicting };
}
