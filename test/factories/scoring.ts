// Builders for the reference evaluator's tests: a small catalogue and policies parsed from YAML,
// records with their events, and subjects, so that each table row states only what it is about.
// Instants are fixed (around T0 = 2026-01-01T00:00:00Z), never read from the clock.
import { stringify } from 'yaml';
import { parseCatalog, type Catalog, type Category } from '../../src/core/catalog/index.js';
import type {
  LedgerRecord,
  LedgerRecordEvent,
  RecordEventType,
  RecordFields,
} from '../../src/core/ledger/ledger-types.js';
import { parsePolicy, type CompiledPolicy } from '../../src/core/policy/index.js';
import type {
  RecordHistory,
  SubjectEvaluation,
  SubjectHistory,
} from '../../src/core/scoring/evaluation-types.js';
import { evaluateSubject } from '../../src/core/scoring/subject-evaluate.js';
import { instant, MS_PER_DAY, parseInstant, type Instant } from '../../src/core/time/instant.js';

export const DAY = MS_PER_DAY;

/** An instant from a date or an ISO text. */
export function at(text: string): Instant {
  return parseInstant(text);
}

export const T0: Instant = at('2026-01-01T00:00:00Z');

/** T0 (or `from`) plus n days; fractional days allowed. */
export function day(n: number, from: Instant = T0): Instant {
  return instant(from + n * DAY);
}

/** One millisecond before / after an instant. */
export const before = (t: Instant): Instant => instant(t - 1);
export const after = (t: Instant): Instant => instant(t + 1);

export const iso = (t: Instant): string => new Date(t).toISOString();

/**
 * The test catalogue:
 *  - court.debt: serious, 3 years, ends when fulfilled, repair after 1 year;
 *  - court.contempt: serious, 2 years, not ended by fulfilment, objection deadline P10D;
 *  - police.fine: general (1 year, repair after 3 months);
 *  - traffic.offence: general, 100 days (D = 100 for decay);
 *  - civic.help: favourable, 100 days.
 */
export const TEST_CATALOG_YAML = stringify({
  categories: [
    category(
      'court.debt',
      'serious',
      { amount: { type: 'integer', min: 0, required: true } },
      {
        effect: { maxDuration: 'P3Y', endsWhenFulfilled: true, repairAfter: 'P1Y' },
      },
    ),
    category(
      'court.contempt',
      'serious',
      { amount: { type: 'integer', min: 0, required: false } },
      {
        effect: { maxDuration: 'P2Y' },
        objectionDeadline: 'P10D',
      },
    ),
    category('police.fine', 'general', { amount: { type: 'integer', min: 0, required: true } }),
    category(
      'traffic.offence',
      'general',
      { points: { type: 'integer', required: false } },
      {
        effect: { maxDuration: 'P100D' },
      },
    ),
    {
      id: 'civic.help',
      label: 'Volunteer help',
      dataClass: 'civic-commendation',
      polarity: 'favourable',
      legalBasis: 'City volunteering regulations, art. 1',
      subjects: ['person', 'organization'],
      submitters: ['authority'],
      fields: { hours: { type: 'integer', min: 0, required: true } },
      effect: { maxDuration: 'P100D' },
    },
  ],
});

function category(
  id: string,
  tier: string,
  fields: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    label: `Test category ${id}`,
    dataClass: id.startsWith('court') ? 'judicial' : 'administrative-penalty',
    polarity: 'adverse',
    tier,
    legalBasis: `Test basis for ${id}, art. 1`,
    subjects: ['person', 'organization'],
    submitters: ['court', 'police'],
    fields,
    ...extra,
  };
}

export function catalogFrom(yamlText: string): Catalog {
  const result = parseCatalog(yamlText);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.catalog;
}

export const TEST_CATALOG: Catalog = catalogFrom(TEST_CATALOG_YAML);

export function categoryOf(catalog: Catalog): (record: LedgerRecord) => Category | undefined {
  return (record) => catalog.byId.get(record.category);
}

export function testCategory(id: string): Category {
  const c = TEST_CATALOG.byId.get(id);
  if (c === undefined) throw new Error(`no test category ${id}`);
  return c;
}

export function policyFrom(yamlText: string, catalog: Catalog = TEST_CATALOG): CompiledPolicy {
  const result = parsePolicy(yamlText, catalog);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.policy;
}

/** Grades of the test policies: AAA ≥ 1050, A ≥ 960, B ≥ 850, D from 0. */
export const TEST_GRADES = [
  { grade: 'AAA', min: 1050 },
  { grade: 'A', min: 960 },
  { grade: 'B', min: 850 },
  { grade: 'D', min: 0 },
];

/** A test policy: base 1000, bounds [0, 2000], TEST_GRADES; the given rules, lists, measures. */
export function aPolicy(parts: {
  rules?: unknown[];
  lists?: unknown[];
  measures?: unknown[];
  bounds?: { min: number; max: number };
  base?: { person: number; organization: number };
  grades?: unknown[];
  effectiveFrom?: string;
  version?: number;
}): CompiledPolicy {
  const doc: Record<string, unknown> = {
    id: 'test',
    version: parts.version ?? 1,
    base: parts.base ?? { person: 1000, organization: 1000 },
    bounds: parts.bounds ?? { min: 0, max: 2000 },
    grades: parts.grades ?? TEST_GRADES,
    rules: parts.rules ?? [],
    lists: parts.lists ?? [],
    measures: parts.measures ?? [],
  };
  if (parts.effectiveFrom !== undefined) doc.effectiveFrom = parts.effectiveFrom;
  return policyFrom(stringify(doc));
}

/** A sanction list over the given categories with a notice period (P10D unless given). */
export function aSanctionList(
  id: string,
  categories: string[],
  extra: { when?: string; noticePeriod?: string; subjects?: string[] } = {},
): Record<string, unknown> {
  return {
    id,
    kind: 'sanction',
    label: `List ${id}`,
    legalBasis: `Basis of ${id}, art. 2`,
    subjects: extra.subjects ?? ['person', 'organization'],
    include: { categories, ...(extra.when === undefined ? {} : { when: extra.when }) },
    noticePeriod: extra.noticePeriod ?? 'P10D',
  };
}

export function anIncentiveList(
  id: string,
  grades: string[],
  noAdverseWithin = 'P1Y',
): Record<string, unknown> {
  return {
    id,
    kind: 'incentive',
    label: `List ${id}`,
    legalBasis: `Basis of ${id}, art. 3`,
    include: { grades, noAdverseWithin },
  };
}

export function aMeasure(
  id: string,
  kind: 'restriction' | 'benefit',
  lists: string[],
): Record<string, unknown> {
  return {
    id,
    kind,
    label: `Measure ${id}`,
    legalBasis: `Basis of ${id}, art. 4`,
    lists,
    enforcers: ['aviation'],
  };
}

export interface EventSpec {
  readonly type: RecordEventType;
  readonly at: Instant;
  /** Defaults to `at`. */
  readonly recordedAt?: Instant;
  readonly fields?: RecordFields;
}

export function ev(
  type: RecordEventType,
  when: Instant,
  extra: { recordedAt?: Instant; fields?: RecordFields } = {},
): EventSpec {
  return { type, at: when, ...extra };
}

export interface RecordSpec {
  readonly id: number;
  readonly category: string;
  /** Defaults to T0. */
  readonly occurredAt?: Instant;
  /** Defaults to occurredAt. */
  readonly recordedAt?: Instant;
  readonly fields?: RecordFields;
  readonly events?: readonly EventSpec[];
}

const DEFAULT_FIELDS: Readonly<Record<string, RecordFields>> = {
  'court.debt': { amount: 500_000 },
  'court.contempt': {},
  'police.fine': { amount: 20_000 },
  'traffic.offence': {},
  'civic.help': { hours: 10 },
};

/** A record and its events; event seq numbers follow the order given (ledger order). */
export function rec(spec: RecordSpec, subject = 'S'): RecordHistory {
  const occurredAt = spec.occurredAt ?? T0;
  const record: LedgerRecord = {
    id: spec.id,
    subject,
    subjectKind: 'person',
    agencyId: 'agency-1',
    sourceRef: `ref-${spec.id}`,
    category: spec.category,
    occurredAt,
    recordedAt: spec.recordedAt ?? occurredAt,
    fields: spec.fields ?? DEFAULT_FIELDS[spec.category] ?? {},
    catalogVersion: 1,
  };
  const events: LedgerRecordEvent[] = (spec.events ?? []).map((e, i) => ({
    seq: spec.id * 1000 + i + 1,
    recordId: spec.id,
    subject,
    type: e.type,
    at: e.at,
    recordedAt: e.recordedAt ?? e.at,
    actor: 'agency-1',
    reason: undefined,
    fields: e.fields,
  }));
  return { record, events };
}

export function aPerson(
  records: readonly RecordHistory[],
  extra: { birth?: Instant | undefined; closure?: { at: Instant; recordedAt: Instant } } = {},
): SubjectHistory {
  return {
    key: 'S',
    kind: 'person',
    birthDate: 'birth' in extra ? extra.birth : at('1990-01-01'),
    closure: extra.closure,
    records,
  };
}

export function anOrganization(
  records: readonly RecordHistory[],
  closure?: { at: Instant; recordedAt: Instant },
): SubjectHistory {
  return { key: 'O', kind: 'organization', birthDate: undefined, closure, records };
}

/** Evaluates against the test catalogue. */
export function evaluate(
  subject: SubjectHistory,
  policy: CompiledPolicy,
  t: Instant,
): SubjectEvaluation {
  return evaluateSubject(subject, policy, categoryOf(TEST_CATALOG), t);
}
