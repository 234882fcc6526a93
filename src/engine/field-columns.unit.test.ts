import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCatalog, type Catalog, type Category } from '../core/catalog/index.js';
import type { LedgerEvent, LedgerRecord, RecordFields } from '../core/ledger/ledger-types.js';
import { parsePolicy, type CompiledPolicy } from '../core/policy/index.js';
import { evaluateSubject, policyAt } from '../core/scoring/index.js';
import { instant, MS_PER_DAY, type Instant } from '../core/time/instant.js';
import { CAST, historiesOf, WINDOW_START } from '../../test/factories/engine-ledgers.js';
import { decodeSnapshot, encodeSnapshot, type Sha256 } from './engine-snapshot.js';
import { Engine } from './engine.js';
import { FieldColumns, KIND_BOOLEAN, KIND_INTEGER, KIND_STRING } from './field-columns.js';
import { fieldsReadBy } from './policy-application.js';
import { NO_GRADE } from './score-kernel.js';

// A category whose records carry an integer, an optional integer, an enumerated string, an
// optional boolean and a free-text case number. Version 1 of the policy reads all but the case
// number; version 2, in force from 2026-03-01, also reads the case number.
const CATALOG_YAML = `
categories:
  - id: market.violation
    label: Market violation
    dataClass: administrative-penalty
    polarity: adverse
    tier: general
    legalBasis: 'Test Regulations, art. 1'
    subjects: [person, organization]
    submitters: [market]
    fields:
      amount: { type: integer, min: 0, max: 100000000, required: true }
      penalty: { type: integer, min: 0, max: 10000000, required: false }
      severity: { type: string, required: true, enum: [low, high, critical] }
      repeat: { type: boolean, required: false }
      caseNo: { type: string, required: false, maxLength: 32 }
`;

function policyYaml(version: number, effectiveFrom: string, extraRule: string): string {
  return `
id: columns-test
version: ${version}
effectiveFrom: ${effectiveFrom}
base: { person: 1000, organization: 1000 }
bounds: { min: 700, max: 1050 }
grades:
  - { grade: A, min: 960 }
  - { grade: C, min: 880 }
  - { grade: D, min: 700 }
rules:${extraRule}
  - id: severe-repeat
    category: market.violation
    when: 'record.severity in ["high", "critical"] && has(record.repeat) && record.repeat'
    points: '-(20 + record.amount / 10000)'
    cap: 200
  - id: penalised
    category: market.violation
    when: 'has(record.penalty)'
    points: '-(record.penalty / 100000)'
  - id: plain
    category: market.violation
    # An amount of 0 is a rule error (division by zero).
    points: 'record.amount == 0 ? 1 / record.amount : -5'
lists:
  - id: violators
    kind: sanction
    label: Serious violators
    legalBasis: 'Test Regulations, art. 2'
    public: true
    subjects: [person, organization]
    include:
      categories: [market.violation]
      when: 'record.severity == "critical" || (has(record.repeat) && !record.repeat)'
    noticePeriod: P10D
measures:
  - id: market.entry
    kind: restriction
    label: Market entry
    legalBasis: 'Test Regulations, art. 3'
    lists: [violators]
    enforcers: [market]
`;
}

const CASE_RULE = `
  - id: named-case
    category: market.violation
    when: 'has(record.caseNo) && record.caseNo == "C-7"'
    points: -50`;

function parsed<T>(result: { ok: true; value: T } | { ok: false; problems: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.value;
}

const catalog: Catalog = parsed(
  ((r) => (r.ok ? { ok: true as const, value: r.catalog } : r))(parseCatalog(CATALOG_YAML)),
);
const policyOf = (yaml: string): CompiledPolicy =>
  parsed(((r) => (r.ok ? { ok: true as const, value: r.policy } : r))(parsePolicy(yaml, catalog)));
const V1 = policyOf(policyYaml(1, '2000-01-01T00:00:00Z', ''));
const V2 = policyOf(policyYaml(2, '2026-03-01T00:00:00Z', CASE_RULE));
const catalogFor = (v: number): Catalog | undefined => (v === 1 ? catalog : undefined);
const categoryOf = (record: LedgerRecord): Category | undefined =>
  catalogFor(record.catalogVersion)?.byId.get(record.category);

const sha256: Sha256 = () => createHash('sha256');

interface Spec {
  readonly subject: number;
  readonly day: number;
  readonly amount: number;
  readonly penalty: number | undefined;
  readonly severity: string;
  readonly repeat: boolean | undefined;
  readonly caseNo: string | undefined;
  readonly corrected: boolean;
}

const recordSpec: fc.Arbitrary<Spec> = fc.record({
  subject: fc.integer({ min: 0, max: CAST.length - 1 }),
  day: fc.integer({ min: 0, max: 1200 }),
  amount: fc.constantFrom(0, 5_000, 120_000),
  penalty: fc.constantFrom(undefined, 0, 2_500_000),
  severity: fc.constantFrom('low', 'high', 'critical'),
  repeat: fc.constantFrom(undefined, true, false),
  caseNo: fc.option(fc.constantFrom('C-7', 'C-8', 'C-7 ', 'c-7'), { nil: undefined }),
  corrected: fc.boolean(),
});

function fieldsOf(s: Spec): RecordFields {
  const f: Record<string, number | string | boolean> = { amount: s.amount, severity: s.severity };
  if (s.penalty !== undefined) f.penalty = s.penalty;
  if (s.repeat !== undefined) f.repeat = s.repeat;
  if (s.caseNo !== undefined) f.caseNo = s.caseNo;
  return f;
}

/** Records in seq order (id = seq); a `corrected` spec gets a correction that flips `repeat` and drops the case number. */
function ledgerOf(specs: readonly Spec[]): LedgerEvent[] {
  const events: LedgerEvent[] = [];
  const sorted = [...specs].sort((a, b) => a.day - b.day);
  for (const s of sorted) {
    const member = CAST[s.subject]!;
    const at = WINDOW_START + s.day * MS_PER_DAY;
    const seq = events.length + 1;
    events.push({
      kind: 'record',
      seq,
      record: {
        id: seq,
        subject: member.key,
        subjectKind: member.kind,
        agencyId: 'market-1',
        sourceRef: `ref-${seq}`,
        category: 'market.violation',
        occurredAt: instant(at),
        recordedAt: instant(at + MS_PER_DAY),
        fields: fieldsOf(s),
        catalogVersion: 1,
      },
    });
    if (s.corrected) {
      const { caseNo: _dropped, ...rest } = fieldsOf(s);
      events.push({
        kind: 'record-event',
        seq: events.length + 1,
        event: {
          seq: events.length + 1,
          recordId: seq,
          subject: member.key,
          type: 'corrected',
          at: instant(at + 2 * MS_PER_DAY),
          recordedAt: instant(at + 2 * MS_PER_DAY),
          actor: 'market-1',
          reason: 'wrong entry',
          fields: { ...rest, repeat: s.repeat !== true },
        },
      });
    }
  }
  return events;
}

const instantIn = fc
  .integer({ min: 0, max: 1400 })
  .map((d): Instant => instant(WINDOW_START + d * MS_PER_DAY + 7_200_000));

/** Every cast member's score, grade and lists by the engine and by the reference evaluator at t. */
function views(engine: Engine, events: readonly LedgerEvent[], t: Instant) {
  const policies = [V1, V2];
  const policy = policyAt(policies, t)!;
  const table = engine.scoreAll(t);
  // The members the ledger mentions (the table has a row for each).
  const mentioned = historiesOf(events).filter((h) => engine.ordinalOf(h.key) !== undefined);
  expect(mentioned.length).toBeGreaterThan(0);
  return mentioned.map((history) => {
    const reference = evaluateSubject(history, policy, categoryOf, t);
    const s = engine.ordinalOf(history.key) ?? 0;
    const grade = table.grades[s] ?? NO_GRADE;
    const score = table.scores[s] ?? Number.NaN;
    const bits = table.lists[s] ?? 0;
    return {
      engine: {
        score: Number.isNaN(score) ? null : score,
        grade: grade === NO_GRADE ? null : (policy.grades[grade]?.grade ?? '?'),
        lists: policy.lists.filter((l) => (bits & (1 << l.ordinal)) !== 0).map((l) => l.id),
        explained: engine.evaluate(history.key, t),
      },
      reference: {
        score: reference.score,
        grade: reference.grade,
        lists: reference.lists.map((l) => l.list),
        explained: reference,
      },
    };
  });
}

function expectAgreement(engine: Engine, events: readonly LedgerEvent[], t: Instant): void {
  for (const { engine: e, reference: r } of views(engine, events, t)) expect(e).toEqual(r);
}

describe('the field columns', () => {
  it('keep integers, booleans and interned strings in slots by type, absent staying absent and other values exact', () => {
    const columns = new FieldColumns(['amount', 'repeat', 'severity', 'never']);
    columns.grow(8);
    // Category entries 0 and 1: entry 0 carries amount and severity, entry 1 repeat and severity.
    const rows: [number, RecordFields][] = [
      [0, { amount: 5, severity: 'low', note: 'not kept' }],
      [1, { repeat: false, severity: 'high' }],
      [0, { amount: 0, severity: 'low' }],
      [0, { amount: -0, severity: 'high' }],
      [0, { amount: 2 ** 40, severity: 'low' }],
      // A value of another type than its slot's (a field whose catalogue type changed).
      [0, { amount: 'seven', severity: true }],
      [1, { repeat: true }],
      [1, {}],
    ];
    rows.forEach(([entry, row], i) => columns.append(i, entry, row));
    expect(rows.map(([entry], i) => columns.recordFields(i, entry))).toEqual([
      { amount: 5, severity: 'low' },
      { repeat: false, severity: 'high' },
      { amount: 0, severity: 'low' },
      { amount: -0, severity: 'high' },
      { amount: 2 ** 40, severity: 'low' },
      { amount: 'seven', severity: true },
      { repeat: true },
      {},
    ]);
    expect(Object.is(columns.get(3, 0, 'amount'), -0)).toBe(true);
    expect(columns.get(1, 1, 'amount')).toBeUndefined();
    expect(columns.get(0, 0, 'never')).toBeUndefined();
    expect(columns.get(0, 0, 'note')).toBeUndefined();
    // Two slots a record, however many fields the policies read; each entry its own layout.
    expect(columns.stride).toBe(2);
    expect(columns.layout(0)?.names).toEqual(['amount', 'severity']);
    expect(columns.layout(0)?.kinds).toEqual([KIND_INTEGER, KIND_STRING]);
    expect(columns.layout(1)?.names).toEqual(['repeat', 'severity']);
    expect(columns.layout(1)?.kinds).toEqual([KIND_BOOLEAN, KIND_STRING]);
    expect(columns.holds('note')).toBe(false);
    expect(columns.names()).toEqual(['amount', 'never', 'repeat', 'severity']);
  });

  it('widen every row when a category carries more kept fields than any before, losing no value', () => {
    const columns = new FieldColumns();
    columns.grow(2);
    columns.append(0, 0, { a: 1 });
    columns.append(1, 0, { a: 2 });
    expect(columns.stride).toBe(1);
    columns.grow(4);
    columns.append(2, 1, { b: 'x', c: true, d: 3 });
    columns.append(3, 0, { a: -7 });
    expect(columns.stride).toBe(3);
    expect([0, 1, 2, 3].map((i) => columns.recordFields(i, i === 2 ? 1 : 0))).toEqual([
      { a: 1 },
      { a: 2 },
      { b: 'x', c: true, d: 3 },
      { a: -7 },
    ]);
    expect(columns.keepAll).toBe(true);
    expect(columns.names()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keep exactly the fields the policy versions read', () => {
    expect(fieldsReadBy(V1)).toEqual(['amount', 'penalty', 'repeat', 'severity']);
    expect(fieldsReadBy(V2)).toEqual(['amount', 'caseNo', 'penalty', 'repeat', 'severity']);
    const engine = new Engine({ catalogFor, fields: fieldsReadBy(V1) });
    expect(engine.keptFields()).toEqual(['amount', 'penalty', 'repeat', 'severity']);
    expect(new Engine({ catalogFor }).keptFields()).toBeUndefined();
  });

  it('score from the columns as the reference evaluator does from the records: absent, boolean and interned fields, rule errors and corrections', () => {
    fc.assert(
      fc.property(
        fc.array(recordSpec, { minLength: 1, maxLength: 30 }),
        fc.array(instantIn, { minLength: 1, maxLength: 3 }),
        fc.nat(),
        (specs, instants, at) => {
          const events = ledgerOf(specs);
          const engine = new Engine({ catalogFor, fields: fieldsReadBy(V2) });
          engine.setPolicies([V1, V2]);
          // Scored between two parts of the ledger: the second may bring fields the first lacked.
          const cut = at % (events.length + 1);
          engine.apply(events.slice(0, cut));
          for (const t of instants) engine.scoreAll(t);
          engine.apply(events.slice(cut));
          for (const t of instants) expectAgreement(engine, events, t);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuse a policy version reading a field the engine does not keep, and build its column from the ledger when asked', () => {
    fc.assert(
      fc.property(
        fc.array(recordSpec, { minLength: 1, maxLength: 30 }),
        fc.nat(),
        instantIn,
        (specs, at, t) => {
          const events = ledgerOf(specs);
          const cut = at % (events.length + 1);
          // An engine built for version 1 only: the case number is not kept.
          const engine = new Engine({ catalogFor, fields: fieldsReadBy(V1) });
          engine.setPolicies([V1]);
          engine.apply(events.slice(0, cut));
          expect(() => engine.setPolicies([V1, V2])).toThrow(
            expect.objectContaining({ code: 'EngineFieldsNotKept' }),
          );
          // Version 2 is activated: its new field's column is built from what the ledger holds
          // (every event read again, as a store would page them), then the ledger goes on.
          engine.fillFields(['caseNo'], events);
          engine.setPolicies([V1, V2]);
          engine.apply(events.slice(cut));
          expect(engine.keptFields()).toContain('caseNo');
          expectAgreement(engine, events, t);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('go into the snapshot and come back; a snapshot lacking a field the policies read is refused', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(recordSpec, { minLength: 1, maxLength: 30 }),
        fc.nat(),
        instantIn,
        async (specs, at, t) => {
          const events = ledgerOf(specs);
          const cut = at % (events.length + 1);
          const first = new Engine({ catalogFor, fields: fieldsReadBy(V2) });
          first.apply(events.slice(0, cut));
          const chunks = encodeSnapshot(first.snapshotState(), META, sha256);
          const bytes = Buffer.concat(chunks);
          const decoded = await decodeSnapshot(bytes, sha256);
          if (!decoded.ok) throw new Error(decoded.reason);
          const engine = Engine.fromSnapshot(
            { catalogFor, fields: fieldsReadBy(V2) },
            decoded.state,
          );
          engine.setPolicies([V1, V2]);
          engine.apply(events.slice(cut));
          expectAgreement(engine, events, t);
          // A snapshot of an engine kept for version 1 cannot serve version 2.
          const narrow = new Engine({ catalogFor, fields: fieldsReadBy(V1) });
          narrow.apply(events.slice(0, cut));
          const narrowBytes = Buffer.concat(encodeSnapshot(narrow.snapshotState(), META, sha256));
          const narrowState = await decodeSnapshot(narrowBytes, sha256);
          if (!narrowState.ok) throw new Error(narrowState.reason);
          expect(() =>
            Engine.fromSnapshot({ catalogFor, fields: fieldsReadBy(V2) }, narrowState.state),
          ).toThrow(expect.objectContaining({ code: 'EngineFieldsNotKept' }));
        },
      ),
      { numRuns: 30 },
    );
  });
});

const META = {
  storeIdentity: 'a'.repeat(64),
  seq: 0,
  chainHash: 'b'.repeat(64),
  catalogVersion: 1,
  documents: [1, 2],
  policies: [{ id: 'columns-test', version: 2 }],
  writtenAt: '2026-01-01T00:00:00Z',
};
