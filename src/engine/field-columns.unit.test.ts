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
import {
  FieldColumns,
  KIND_BOOLEAN,
  KIND_INTEGER,
  KIND_NUMBER,
  KIND_STRING,
} from './field-columns.js';
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

const sha256: Sha256 = (chunks) => {
  const hash = createHash('sha256');
  for (const c of chunks) hash.update(c);
  return new Uint8Array(hash.digest());
};

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
  it('keep integers, booleans and interned strings by type, absent staying absent and other types exact', () => {
    const columns = new FieldColumns(['amount', 'repeat', 'severity', 'never']);
    columns.grow(8);
    const rows: RecordFields[] = [
      { amount: 5, severity: 'low', note: 'not kept' },
      { repeat: false, severity: 'high' },
      { amount: 0, repeat: true, severity: 'low' },
      { amount: -0, severity: 'high' },
      // A value of another type than its column's (a field whose catalogue type changed).
      { amount: 'seven', repeat: 1, severity: true },
      {},
    ];
    rows.forEach((row, i) => columns.append(i, row));
    expect(rows.map((_, i) => columns.recordFields(i))).toEqual([
      { amount: 5, severity: 'low' },
      { repeat: false, severity: 'high' },
      { amount: 0, repeat: true, severity: 'low' },
      { amount: -0, severity: 'high' },
      { amount: 'seven', repeat: 1, severity: true },
      {},
    ]);
    expect(Object.is(columns.column('amount')?.get(3), -0)).toBe(true);
    expect(columns.column('amount')?.get(1)).toBeUndefined();
    expect(columns.column('repeat')?.get(0)).toBeUndefined();
    expect(columns.column('never')?.get(0)).toBeUndefined();
    expect(columns.column('amount')?.kind).toBe(KIND_NUMBER);
    expect(columns.column('repeat')?.kind).toBe(KIND_BOOLEAN);
    expect(columns.column('severity')?.kind).toBe(KIND_STRING);
    // Two distinct strings, however many records hold them.
    expect(columns.column('severity')?.strings).toEqual(['low', 'high']);
    expect(columns.holds('note')).toBe(false);
    expect(columns.columnsOf(['note'])).toEqual([]);
  });

  it('hold integers in 32 bits until one does not fit, then widen without losing any value', () => {
    const columns = new FieldColumns(['n']);
    columns.grow(4);
    columns.append(0, { n: 2_147_483_647 });
    columns.append(1, {});
    columns.append(2, { n: 'text' });
    expect(columns.column('n')?.kind).toBe(KIND_INTEGER);
    columns.grow(8);
    columns.append(3, { n: -2_147_483_648 });
    expect(columns.column('n')?.kind).toBe(KIND_NUMBER);
    columns.append(4, { n: 2 ** 53 - 1 });
    columns.append(5, { n: -7 });
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => columns.column('n')?.get(i))).toEqual([
      2_147_483_647,
      undefined,
      'text',
      -2_147_483_648,
      2 ** 53 - 1,
      -7,
      undefined,
    ]);
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
        (specs, instants) => {
          const events = ledgerOf(specs);
          const engine = new Engine({ catalogFor, fields: fieldsReadBy(V2) });
          engine.apply(events);
          engine.setPolicies([V1, V2]);
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
        fc.double({ min: 0, max: 1, noNaN: true }),
        instantIn,
        (specs, fraction, t) => {
          const events = ledgerOf(specs);
          const cut = Math.floor(events.length * fraction);
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

  it('go into the snapshot and come back; a snapshot lacking a field the policies read is refused', () => {
    fc.assert(
      fc.property(
        fc.array(recordSpec, { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        instantIn,
        (specs, fraction, t) => {
          const events = ledgerOf(specs);
          const cut = Math.floor(events.length * fraction);
          const first = new Engine({ catalogFor, fields: fieldsReadBy(V2) });
          first.apply(events.slice(0, cut));
          const chunks = encodeSnapshot(first.snapshotState(), META, sha256);
          const bytes = Buffer.concat(chunks);
          const decoded = decodeSnapshot(bytes, sha256);
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
          const narrowState = decodeSnapshot(narrowBytes, sha256);
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
