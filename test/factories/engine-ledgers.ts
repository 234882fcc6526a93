// Builders for the engine's tests: a small catalogue and two policy versions that exercise every
// clause of the semantics (a `when`, caps, linear decay, a points expression, a sanction list with
// a day notice and one with a calendar-month notice limited to organisations, an incentive list),
// a cast of subjects (an adult, a minor who turns 18 inside the test window, a person who dies, two
// organisations, one dissolved), and fast-check arbitraries for random ledgers over them. Each
// ledger comes with the subjects' histories built directly from the generated events, so that
// the reference evaluator never sees the engine's own reconstruction.
import fc from 'fast-check';
import { parseCatalog, type Catalog, type Category } from '../../src/core/catalog/index.js';
import type {
  LedgerEvent,
  LedgerRecord,
  LedgerRecordEvent,
  RecordEventType,
  RecordFields,
  SubjectKind,
} from '../../src/core/ledger/ledger-types.js';
import { parsePolicy, type CompiledPolicy } from '../../src/core/policy/index.js';
import type { SubjectHistory } from '../../src/core/scoring/index.js';
import { instant, MS_PER_DAY, type Instant } from '../../src/core/time/instant.js';
import { organizationId, personId } from './subjects.js';

export const ENGINE_CATALOG_YAML = `
categories:
  - id: court.debtor
    label: Dishonest judgment debtor
    dataClass: judicial
    polarity: adverse
    tier: serious
    legalBasis: 'SPC Provisions on the List of Dishonest Judgment Debtors (2017), art. 1(1)'
    subjects: [person, organization]
    submitters: [court]
    fields:
      amount: { type: integer, min: 0, required: true }
    effect: { maxDuration: P2Y, endsWhenFulfilled: true }
  - id: utility.arrears
    label: Late public-service fees
    dataClass: utility
    polarity: adverse
    tier: general
    legalBasis: 'Municipal Regulations on Public Utilities, art. 12'
    subjects: [person, organization]
    submitters: [utility]
    fields:
      amount: { type: integer, min: 0, required: true }
    objectionDeadline: P10D
  - id: police.minor-offence
    label: Minor public-security offence
    dataClass: administrative-penalty
    polarity: adverse
    tier: minor
    legalBasis: 'Public Security Administration Punishments Law, art. 23'
    subjects: [person]
    submitters: [police]
    fields:
      severity: { type: string, required: true, enum: [low, high] }
  - id: tax.arrears
    label: Tax arrears
    dataClass: tax
    polarity: adverse
    tier: general
    legalBasis: 'Law on the Administration of Tax Collection, art. 45'
    subjects: [person, organization]
    submitters: [tax]
    fields:
      amount: { type: integer, min: 0, required: true }
      penalty: { type: integer, min: 0, max: 10000000, required: false }
  - id: civic.volunteering
    label: Volunteer service
    dataClass: civic-commendation
    polarity: favourable
    legalBasis: 'Regulations on Volunteer Service (State Council Decree No. 685), art. 20'
    subjects: [person]
    submitters: [civil-affairs]
    fields:
      hours: { type: integer, min: 0, required: true }
`;

/** A policy version of the engine tests (the YAML text), for tests that vary it. */
export function policyYaml(version: number, effectiveFrom: string, debtorPoints: number): string {
  return `
id: engine-test
version: ${version}
effectiveFrom: ${effectiveFrom}
base: { person: 1000, organization: 1000 }
bounds: { min: 800, max: 1050 }
grades:
  - { grade: AAA, min: 1040 }
  - { grade: A, min: 960 }
  - { grade: C, min: 880 }
  - { grade: D, min: 800 }
rules:
  - id: debtor-major
    category: court.debtor
    when: 'amount >= 100000'
    points: -150
    cap: 200
  - id: debtor
    category: court.debtor
    points: ${debtorPoints}
    cap: 200
  - id: utility
    category: utility.arrears
    points: -25
    decay: linear
    cap: 40
  - id: police
    category: 'police.*'
    points: 'record.severity == "high" ? -9 : -3'
    decay: linear
  - id: tax
    category: tax.arrears
    # penalty is optional: read only behind has(), and bounded, so the arithmetic is proved exact.
    points: 'has(record.penalty) ? -(15 + record.penalty / 1000000) : (record.amount >= 50000 ? -40 : -15)'
    decay: linear
    cap: 45
  - id: volunteering
    category: civic.volunteering
    # A record of 0 hours is a rule error (division by zero): 0 points either way, so the scores
    # are those of 'hours / 10', and the agreement tests cover rule errors in both evaluators.
    points: 'hours == 0 ? 10 / hours : hours / 10'
    cap: 60
lists:
  - id: debtors
    kind: sanction
    label: Dishonest judgment debtors
    legalBasis: 'SPC Provisions on the List of Dishonest Judgment Debtors (2017), art. 7'
    public: true
    subjects: [person, organization]
    include:
      categories: [court.debtor]
      when: 'amount > 0'
    noticePeriod: P10D
  - id: tax-defaulters
    kind: sanction
    label: Serious tax defaulters
    legalBasis: 'SAT Order No. 54 (2021)'
    public: true
    subjects: [organization]
    include:
      categories: [tax.arrears]
      when: 'has(record.amount) && record.amount >= 50000'
    noticePeriod: P1M
  - id: honour
    kind: incentive
    label: Honour roll
    legalBasis: 'State Council Guofa [2016] No. 33'
    public: true
    subjects: [person, organization]
    include: { grades: [AAA], noAdverseWithin: P6M }
measures:
  - id: travel.flight
    kind: restriction
    label: Civil aviation tickets
    legalBasis: 'SPC Provisions on Restricting High Consumption, art. 3(1)'
    lists: [debtors]
    enforcers: [aviation]
  - id: market.procurement
    kind: restriction
    label: Government procurement
    legalBasis: 'Government Procurement Law, art. 22'
    lists: [debtors, tax-defaulters]
    enforcers: [procurement]
  - id: service.fast-lane
    kind: benefit
    label: Fast-lane public services
    legalBasis: 'State Council Guofa [2016] No. 33, art. 9'
    lists: [honour]
    enforcers: [civil-service]
`;
}

function parsedCatalog(): Catalog {
  const result = parseCatalog(ENGINE_CATALOG_YAML);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.catalog;
}

export const engineCatalog: Catalog = parsedCatalog();

function parsedPolicy(yaml: string): CompiledPolicy {
  const result = parsePolicy(yaml, engineCatalog);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.policy;
}

/** Version 1 from 2000; version 2 (debtors -80 instead of -60) from 2026-03-01. */
export const enginePolicies: readonly CompiledPolicy[] = [
  parsedPolicy(policyYaml(1, '2000-01-01T00:00:00Z', -60)),
  parsedPolicy(policyYaml(2, '2026-03-01T00:00:00Z', -80)),
];

export const catalogFor = (version: number): Catalog | undefined =>
  version === 1 ? engineCatalog : undefined;

export const categoryOf = (record: LedgerRecord): Category | undefined =>
  catalogFor(record.catalogVersion)?.byId.get(record.category);

/** The test window: ledgers live in [WINDOW_START, WINDOW_END). */
export const WINDOW_START: Instant = instant(Date.UTC(2024, 0, 1));
export const WINDOW_END: Instant = instant(Date.UTC(2028, 0, 1));

export interface CastMember {
  readonly key: string;
  readonly kind: SubjectKind;
  readonly birthDate: Instant | undefined;
  /** The closing event this member may receive. */
  readonly closable: boolean;
}

function birth(date: string): Instant {
  return instant(Date.parse(`${date}T00:00:00Z`));
}

export const CAST: readonly CastMember[] = [
  {
    key: personId('1980-05-17', 1),
    kind: 'person',
    birthDate: birth('1980-05-17'),
    closable: false,
  },
  // Turns 18 on 2026-06-15, inside the window.
  {
    key: personId('2008-06-15', 2),
    kind: 'person',
    birthDate: birth('2008-06-15'),
    closable: false,
  },
  {
    key: personId('1950-02-28', 3),
    kind: 'person',
    birthDate: birth('1950-02-28'),
    closable: true,
  },
  { key: organizationId(4), kind: 'organization', birthDate: undefined, closable: false },
  { key: organizationId(5), kind: 'organization', birthDate: undefined, closable: true },
];

/** A valid person nobody has recorded anything about. */
export const UNKNOWN_PERSON = personId('1990-01-01', 9);

const CATEGORIES = [
  'court.debtor',
  'utility.arrears',
  'police.minor-offence',
  'tax.arrears',
  'civic.volunteering',
] as const;
type CategoryId = (typeof CATEGORIES)[number];

const PERSON_ONLY: ReadonlySet<CategoryId> = new Set([
  'police.minor-offence',
  'civic.volunteering',
]);

// ---- Specs: what the arbitraries generate -------------------------------------------------------

export interface EventSpec {
  readonly type: RecordEventType;
  /** Days after the record's occurredAt at which it happened. */
  readonly atDays: number;
  readonly atMs: number;
  /** Days between it happening and its recording. */
  readonly lagDays: number;
  /** `corrected` only: the variant of new field values. */
  readonly variant: number;
}

export interface RecordSpec {
  readonly subject: number;
  readonly category: number;
  readonly occurredDay: number;
  readonly occurredMs: number;
  readonly lagDays: number;
  readonly lagMs: number;
  readonly variant: number;
  readonly events: readonly EventSpec[];
}

export interface LedgerSpec {
  readonly records: readonly RecordSpec[];
  /** Per cast member that can be closed: day of closing (relative to WINDOW_START), or none. */
  readonly closures: readonly (number | null)[];
  readonly closureLag: number;
}

const DAYS = Math.floor((WINDOW_END - WINDOW_START) / MS_PER_DAY);

const eventSpec: fc.Arbitrary<EventSpec> = fc.record({
  type: fc.constantFrom<RecordEventType>(
    'fulfilled',
    'suspended',
    'resumed',
    'objected',
    'upheld',
    'corrected',
    'revoked',
    'repaired',
    'appealed',
  ),
  atDays: fc.integer({ min: 0, max: 500 }),
  atMs: fc.integer({ min: 0, max: MS_PER_DAY - 1 }),
  lagDays: fc.integer({ min: 0, max: 20 }),
  variant: fc.integer({ min: 0, max: 5 }),
});

const recordSpec: fc.Arbitrary<RecordSpec> = fc.record({
  subject: fc.integer({ min: 0, max: CAST.length - 1 }),
  category: fc.integer({ min: 0, max: CATEGORIES.length - 1 }),
  occurredDay: fc.integer({ min: 0, max: DAYS - 30 }),
  occurredMs: fc.integer({ min: 0, max: MS_PER_DAY - 1 }),
  lagDays: fc.integer({ min: 0, max: 20 }),
  lagMs: fc.integer({ min: 0, max: MS_PER_DAY - 1 }),
  variant: fc.integer({ min: 0, max: 5 }),
  events: fc.array(eventSpec, { maxLength: 3 }),
});

export const ledgerSpec: fc.Arbitrary<LedgerSpec> = fc.record({
  records: fc.array(recordSpec, { minLength: 1, maxLength: 14 }),
  closures: fc.array(fc.option(fc.integer({ min: 0, max: DAYS - 1 }), { nil: null }), {
    minLength: 2,
    maxLength: 2,
  }),
  closureLag: fc.integer({ min: 0, max: 5 }),
});

/** An instant in the window (with some outside it, where little is in force). */
export const instantInWindow: fc.Arbitrary<Instant> = fc
  .integer({ min: WINDOW_START - 200 * MS_PER_DAY, max: WINDOW_END + 400 * MS_PER_DAY })
  .map(instant);

// ---- Building a ledger from a spec ---------------------------------------------------------------

function fieldsFor(category: CategoryId, variant: number): RecordFields {
  switch (category) {
    case 'court.debtor':
      return { amount: [0, 5_000, 99_999, 100_000, 250_000, 40_000][variant] ?? 0 };
    case 'utility.arrears':
      return { amount: 1_000 + variant * 777 };
    case 'police.minor-offence':
      return { severity: variant % 2 === 0 ? 'low' : 'high' };
    case 'tax.arrears':
      return {
        amount: [10_000, 49_999, 50_000, 80_000, 0, 120_000][variant] ?? 0,
        ...(variant % 2 === 1 ? { penalty: variant * 1_900_000 } : {}),
      };
    case 'civic.volunteering':
      return { hours: [0, 40, 99, 250, 600, 1_000][variant] ?? 0 };
  }
}

export interface BuiltLedger {
  /** In seq order (seq 1..n); a record's id is its seq. */
  readonly events: readonly LedgerEvent[];
  /** The histories of the cast, built from the events (not by the engine). */
  readonly histories: readonly SubjectHistory[];
}

interface Pending {
  readonly order: number;
  readonly recordedAt: number;
  readonly subject: number;
  readonly make: (seq: number, ids: Map<number, number>) => LedgerEvent;
}

/**
 * The ledger of a spec: events ordered by recordedAt (ties in generation order), as the ledger
 * accepts them. A record event is never recorded before its record.
 */
export function buildLedger(spec: LedgerSpec): BuiltLedger {
  const pending: Pending[] = [];
  let order = 0;
  spec.records.forEach((r, recordNumber) => {
    const member = CAST[r.subject] as CastMember;
    let categoryId = CATEGORIES[r.category] as CategoryId;
    if (member.kind === 'organization' && PERSON_ONLY.has(categoryId))
      categoryId = 'utility.arrears';
    const occurredAt = WINDOW_START + r.occurredDay * MS_PER_DAY + r.occurredMs;
    const recordedAt = occurredAt + r.lagDays * MS_PER_DAY + r.lagMs;
    pending.push({
      order: order++,
      recordedAt,
      subject: r.subject,
      make: (seq, ids) => {
        ids.set(recordNumber, seq);
        return {
          kind: 'record',
          seq,
          record: {
            id: seq,
            subject: member.key,
            subjectKind: member.kind,
            agencyId: `agency-${r.category}`,
            sourceRef: `ref-${recordNumber}`,
            category: categoryId,
            occurredAt: instant(occurredAt),
            recordedAt: instant(recordedAt),
            fields: fieldsFor(categoryId, r.variant),
            catalogVersion: 1,
          },
        };
      },
    });
    for (const e of r.events) {
      const at = occurredAt + e.atDays * MS_PER_DAY + e.atMs;
      const eventRecordedAt = Math.max(at + e.lagDays * MS_PER_DAY, recordedAt);
      pending.push({
        order: order++,
        recordedAt: eventRecordedAt,
        subject: r.subject,
        make: (seq, ids) => ({
          kind: 'record-event',
          seq,
          event: {
            seq,
            recordId: ids.get(recordNumber) ?? -1,
            subject: member.key,
            type: e.type,
            at: instant(at),
            recordedAt: instant(eventRecordedAt),
            actor:
              e.type === 'objected' || e.type === 'appealed' ? 'subject' : `agency-${r.category}`,
            reason: e.type === 'suspended' ? 'court order' : undefined,
            fields: e.type === 'corrected' ? fieldsFor(categoryId, e.variant) : undefined,
          },
        }),
      });
    }
  });
  const closable = CAST.flatMap((m, i) => (m.closable ? [i] : []));
  closable.forEach((memberIndex, k) => {
    const day = spec.closures[k];
    if (day === null || day === undefined) return;
    const member = CAST[memberIndex] as CastMember;
    const at = WINDOW_START + day * MS_PER_DAY + 3_600_000;
    const recordedAt = at + spec.closureLag * MS_PER_DAY;
    pending.push({
      order: order++,
      recordedAt,
      subject: memberIndex,
      make: (seq) => ({
        kind: 'subject-event',
        seq,
        event: {
          seq,
          subject: member.key,
          type: member.kind === 'person' ? 'deceased' : 'dissolved',
          at: instant(at),
          recordedAt: instant(recordedAt),
          actor: 'registry-1',
        },
      }),
    });
  });
  pending.sort((a, b) => a.recordedAt - b.recordedAt || a.order - b.order);
  const ids = new Map<number, number>();
  const events = pending.map((p, i) => p.make(i + 1, ids));
  return { events, histories: historiesOf(events) };
}

/** The cast's histories from a ledger, in the shape the reference evaluator takes. */
export function historiesOf(events: readonly LedgerEvent[]): SubjectHistory[] {
  return CAST.map((member) => {
    const records: { record: LedgerRecord; events: LedgerRecordEvent[] }[] = [];
    const byId = new Map<number, { record: LedgerRecord; events: LedgerRecordEvent[] }>();
    let closure: SubjectHistory['closure'];
    for (const e of events) {
      if (e.kind === 'record' && e.record.subject === member.key) {
        const rh = { record: e.record, events: [] };
        records.push(rh);
        byId.set(e.record.id, rh);
      } else if (e.kind === 'record-event' && e.event.subject === member.key) {
        byId.get(e.event.recordId)?.events.push(e.event);
      } else if (e.kind === 'subject-event' && e.event.subject === member.key) {
        closure ??= { at: e.event.at, recordedAt: e.event.recordedAt };
      }
    }
    return {
      key: member.key,
      kind: member.kind,
      birthDate: member.birthDate,
      closure,
      records: records,
    };
  });
}

/**
 * Another interleaving of the same ledger: each subject's events keep their relative order, the
 * subjects are merged in the order `picks` gives, and seq and record ids are renumbered. Returns
 * the new ledger and the map from new record ids to the original ones.
 */
export function interleave(
  events: readonly LedgerEvent[],
  picks: readonly number[],
): { readonly events: LedgerEvent[]; readonly originalId: Map<number, number> } {
  const keyOf = (e: LedgerEvent): string =>
    e.kind === 'record' ? e.record.subject : e.event.subject;
  const queues = new Map<string, LedgerEvent[]>();
  for (const e of events) {
    const q = queues.get(keyOf(e)) ?? [];
    q.push(e);
    queues.set(keyOf(e), q);
  }
  const keys = [...queues.keys()];
  const out: LedgerEvent[] = [];
  const newId = new Map<number, number>();
  const originalId = new Map<number, number>();
  let pick = 0;
  while (out.length < events.length) {
    const open = keys.filter((k) => (queues.get(k)?.length ?? 0) > 0);
    const key = open[(picks[pick++ % Math.max(1, picks.length)] ?? 0) % open.length] as string;
    const e = (queues.get(key) as LedgerEvent[]).shift() as LedgerEvent;
    const seq = out.length + 1;
    switch (e.kind) {
      case 'record':
        newId.set(e.record.id, seq);
        originalId.set(seq, e.record.id);
        out.push({ kind: 'record', seq, record: { ...e.record, id: seq } });
        break;
      case 'record-event':
        out.push({
          kind: 'record-event',
          seq,
          event: { ...e.event, seq, recordId: newId.get(e.event.recordId) ?? -1 },
        });
        break;
      case 'subject-event':
        out.push({ kind: 'subject-event', seq, event: { ...e.event, seq } });
        break;
    }
  }
  return { events: out, originalId };
}
