import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerEvent, LedgerRecord, LedgerRecordEvent } from '../core/ledger/ledger-types.js';
import { addDuration, tryParseDuration } from '../core/time/duration.js';
import { instant, MS_PER_DAY } from '../core/time/instant.js';
import { parsePolicy } from '../core/policy/index.js';
import {
  CAST,
  catalogFor,
  engineCatalog,
  enginePolicies,
  policyYaml,
} from '../../test/factories/engine-ledgers.js';
import { compileDurationAdd } from './calendar-add.js';
import { Engine } from './engine.js';
import { LedgerFold } from './ledger-fold.js';
import { PolicyApplication } from './policy-application.js';

const ADULT = CAST[0]!.key;
const ORG = CAST[3]!.key;
const T0 = instant(Date.UTC(2025, 2, 1, 8, 0, 0));
const DAY = MS_PER_DAY;

function record(seq: number, overrides: Partial<LedgerRecord> = {}): LedgerEvent {
  return {
    kind: 'record',
    seq,
    record: {
      id: seq,
      subject: ADULT,
      subjectKind: 'person',
      agencyId: 'court-1',
      sourceRef: `case-${seq}`,
      category: 'court.debtor',
      occurredAt: instant(T0 - DAY),
      recordedAt: T0,
      fields: { amount: 5_000 },
      catalogVersion: 1,
      ...overrides,
    },
  };
}

function recordEvent(
  seq: number,
  recordId: number,
  overrides: Partial<LedgerRecordEvent> = {},
): LedgerEvent {
  return {
    kind: 'record-event',
    seq,
    event: {
      seq,
      recordId,
      subject: ADULT,
      type: 'fulfilled',
      at: T0,
      recordedAt: T0,
      actor: 'court-1',
      reason: undefined,
      fields: undefined,
      ...overrides,
    },
  };
}

function anEngine(events: readonly LedgerEvent[] = []): Engine {
  const engine = new Engine({ catalogFor });
  engine.setPolicies(enginePolicies);
  engine.apply(events);
  return engine;
}

describe('the record columns and the fold', () => {
  it('grows past the initial capacity and keeps each subject list in ledger order', () => {
    const fold = new LedgerFold(catalogFor);
    const events = Array.from({ length: 100 }, (_, i) =>
      record(i + 1, {
        subject: i % 2 === 0 ? ADULT : ORG,
        subjectKind: i % 2 === 0 ? 'person' : 'organization',
      }),
    );
    fold.apply(events);
    expect(fold.records.count).toBe(100);
    expect(fold.subjects.count).toBe(2);
    const ids: number[] = [];
    for (let r = fold.subjects.head[1]!; r >= 0; r = fold.records.next[r]!)
      ids.push(fold.records.id[r]!);
    expect(ids).toEqual(Array.from({ length: 50 }, (_, i) => 2 * i + 2));
    expect(fold.records.indexOf(77)).toBe(76);
    expect(fold.records.indexOf(1000)).toBe(-1);
  });

  it('marks dirty only the subjects an event touches, and skips seqs already folded', () => {
    const fold = new LedgerFold(catalogFor);
    fold.apply([record(1), record(2, { subject: ORG, subjectKind: 'organization' })]);
    expect(fold.subjects.takeDirty()).toEqual([0, 1]);
    const outcome = fold.apply([
      record(2, { subject: ORG, subjectKind: 'organization' }),
      recordEvent(3, 1),
    ]);
    expect(outcome).toMatchObject({ applied: 1, skipped: 1 });
    expect(fold.subjects.takeDirty()).toEqual([0]);
    expect(fold.subjects.takeDirty()).toEqual([]);
  });

  it('sorts a batch given out of seq order', () => {
    const fold = new LedgerFold(catalogFor);
    fold.apply([recordEvent(2, 1), record(1)]);
    expect(fold.side.events(0, 1, ADULT)).toMatchObject([
      { seq: 2, recordId: 1, type: 'fulfilled' },
    ]);
    expect(fold.lastSeq).toBe(2);
  });

  it('refuses an event about a record it has not folded', () => {
    const fold = new LedgerFold(catalogFor);
    expect(() => fold.apply([recordEvent(1, 99)])).toThrow(
      expect.objectContaining({ code: 'EngineUnknownRecord' }),
    );
  });

  it('takes a fulfilled record out of force from when the fulfilment is visible', () => {
    const engine = anEngine([
      record(1),
      recordEvent(2, 1, { at: instant(T0 + 2 * DAY), recordedAt: instant(T0 + 5 * DAY) }),
    ]);
    const s = engine.ordinalOf(ADULT)!;
    expect(engine.scoreAll(instant(T0 + 4 * DAY)).scores[s]).toBe(940);
    expect(engine.scoreAll(instant(T0 + 5 * DAY)).scores[s]).toBe(1000);
  });

  it('re-evaluates the rule of a corrected record on the fields in force at t', () => {
    const engine = anEngine([
      record(1, { fields: { amount: 5_000 } }),
      recordEvent(2, 1, {
        type: 'corrected',
        at: instant(T0 + 3 * DAY),
        recordedAt: instant(T0 + 3 * DAY),
        fields: { amount: 150_000 },
      }),
    ]);
    const s = engine.ordinalOf(ADULT)!;
    expect(engine.scoreAll(instant(T0 + DAY)).scores[s]).toBe(940);
    expect(engine.scoreAll(instant(T0 + 4 * DAY)).scores[s]).toBe(850);
    expect(engine.evaluate(ADULT, instant(T0 + 4 * DAY)).contributions[0]).toMatchObject({
      rule: 'debtor-major',
      points: -150,
    });
  });

  it('explains and counts a rule that fails at run time as a rule error, never a silent 0', () => {
    // The volunteering rule divides by hours when hours is 0: a division by zero.
    const volunteering = (seq: number, hours: number): LedgerEvent =>
      record(seq, { category: 'civic.volunteering', agencyId: 'ca-1', fields: { hours } });
    const engine = anEngine([
      volunteering(1, 0),
      volunteering(2, 250),
      recordEvent(3, 2, {
        type: 'corrected',
        at: instant(T0 + 3 * DAY),
        recordedAt: instant(T0 + 3 * DAY),
        fields: { hours: 0 },
      }),
    ]);
    const t = instant(T0 + DAY);
    const later = instant(T0 + 4 * DAY);
    const s = engine.ordinalOf(ADULT)!;
    expect(engine.scoreAll(t).scores[s]).toBe(1025);
    expect(engine.ruleErrors(t)).toEqual({ volunteering: 1 });
    expect(engine.evaluate(ADULT, t).contributions).toEqual([
      expect.objectContaining({
        recordId: 1,
        rule: 'volunteering',
        points: 0,
        error: 'points: division by zero',
      }),
      expect.not.objectContaining({ error: expect.anything() as unknown }),
    ]);
    // The corrected record fails too once its correction is in force (the side path).
    expect(engine.scoreAll(later).scores[s]).toBe(1000);
    expect(engine.ruleErrors(later)).toEqual({ volunteering: 2 });
  });

  it('rescores only the touched subjects when the same instant is asked again', () => {
    const engine = anEngine([record(1)]);
    const t = instant(T0 + 20 * DAY);
    expect(engine.scoreAll(t).scores[0]).toBe(940);
    engine.apply([
      record(2, { subject: ORG, subjectKind: 'organization', fields: { amount: 200_000 } }),
    ]);
    const table = engine.scoreAll(t);
    expect([...table.scores]).toEqual([940, 850]);
    expect(engine.listMembers('debtors', t)).toEqual([ADULT, ORG]);
  });

  it('answers a check on an unknown but valid identifier as on a subject with no records', () => {
    const engine = anEngine([record(1)]);
    engine.prepareChecks(T0);
    const unknown = CAST[1]!.key;
    expect(engine.check(unknown, 'travel.flight', T0)).toMatchObject({
      decision: 'allow',
      reasons: [],
    });
    expect(engine.check(unknown, 'service.fast-lane', T0)).toMatchObject({
      decision: 'not-eligible',
    });
  });
});

describe('policy application', () => {
  it('rescores from the new version alone after the policies are replaced', () => {
    const events = [record(1), record(2, { subject: ORG, subjectKind: 'organization' })];
    const engine = anEngine(events);
    engine.setPolicies([enginePolicies[0]!]);
    const t = instant(Date.UTC(2026, 5, 1));
    expect([...engine.scoreAll(t).scores]).toEqual([940, 940]);
    engine.setPolicies([enginePolicies[1]!]);
    const fresh = new Engine({ catalogFor });
    fresh.setPolicies([enginePolicies[1]!]);
    fresh.apply(events);
    const early = instant(T0 + 20 * DAY);
    expect(() => engine.scoreAll(early)).toThrow(
      expect.objectContaining({ code: 'NoPolicyInForce' }),
    );
    const later = instant(Date.UTC(2026, 2, 5));
    expect([...engine.scoreAll(later).scores]).toEqual([...fresh.scoreAll(later).scores]);
    expect([...engine.scoreAll(later).scores]).toEqual([920, 920]);
  });

  it('refuses a policy with more than 32 lists', () => {
    const base = enginePolicies[0]!;
    const many = {
      ...base,
      lists: Array.from({ length: 33 }, (_, i) => ({ ...base.lists[0]!, ordinal: i })),
    };
    expect(() => new PolicyApplication(many)).toThrow(
      expect.objectContaining({ code: 'EngineTooManyLists' }),
    );
  });

  it('evaluates no CEL for a category whose first rule is constant and whose lists have no when', () => {
    const fold = new LedgerFold(catalogFor);
    fold.apply([record(1, { category: 'utility.arrears', fields: { amount: 1 } })]);
    const app = new PolicyApplication(enginePolicies[0]!);
    app.catchUp(fold.records, fold.categories);
    expect(app.rule[0]).toBe(enginePolicies[0]!.rulesById.get('utility')!.ordinal);
    expect(app.points[0]).toBe(-25);
    expect(app.sanctions[0]).toBe(0);
    expect(engineCatalog.byId.has('utility.arrears')).toBe(true);
  });
});

describe('nextTransition', () => {
  it('returns exactly the end of the notice period, where a deny begins, and nothing earlier', () => {
    const occurredAt = instant(T0 - DAY);
    const engine = anEngine([record(1, { occurredAt, recordedAt: T0 })]);
    const noticeEnd = T0 + 10 * DAY;
    expect(engine.nextTransition(T0)).toBe(noticeEnd);
    const prepared = engine.prepareChecks(T0);
    expect(prepared.validUntil).toBe(noticeEnd);
    expect(engine.check(ADULT, 'travel.flight', instant(noticeEnd - 1)).decision).toBe('allow');
    const deny = engine.check(ADULT, 'travel.flight', instant(noticeEnd));
    expect(deny).toMatchObject({
      decision: 'deny',
      reasons: [{ list: 'debtors', since: new Date(noticeEnd).toISOString(), records: [1] }],
    });
  });

  it('narrows a prepared window when an ingest brings an earlier transition', () => {
    const engine = anEngine([record(1)]);
    engine.prepareChecks(T0);
    engine.apply([
      record(2, { subject: ORG, subjectKind: 'organization', recordedAt: instant(T0 - 5 * DAY) }),
    ]);
    expect(engine.stats().prepared?.validUntil).toBe(T0 + 5 * DAY);
    expect(engine.check(ORG, 'travel.flight', instant(T0 + 5 * DAY)).decision).toBe('deny');
  });
});

describe('checks and the policy in force', () => {
  /** Version 2 (from 2026-03-01) adds a restriction that version 1 does not have. */
  function withRail(): Engine {
    const yaml = policyYaml(2, '2026-03-01T00:00:00Z', -80).replace(
      'measures:\n',
      `measures:
  - id: travel.rail
    kind: restriction
    label: High-speed rail tickets
    legalBasis: 'SPC Provisions on Restricting High Consumption, art. 3(1)'
    lists: [debtors]
    enforcers: [aviation]
`,
    );
    const v2 = parsePolicy(yaml, engineCatalog);
    if (!v2.ok) throw new Error(JSON.stringify(v2.problems));
    const engine = new Engine({ catalogFor });
    engine.setPolicies([enginePolicies[0]!, v2.policy]);
    engine.apply([record(1)]);
    return engine;
  }

  it('answers each check by the measures of the policy in force at its instant, prepared or not', () => {
    const before = instant(Date.UTC(2026, 1, 28)); // version 1: no travel.rail
    const after = instant(Date.UTC(2026, 5, 1)); // version 2: travel.rail
    const prepared = withRail();
    expect(prepared.prepareChecks(before).validUntil).toBeLessThanOrEqual(Date.UTC(2026, 2, 1));
    const unprepared = withRail();
    for (const engine of [prepared, unprepared]) {
      expect(() => engine.check(ADULT, 'travel.rail', before)).toThrow(/no measure "travel.rail"/);
      expect(() => engine.checkBatch([ADULT], 'travel.rail', before)).toThrow(
        /no measure "travel.rail"/,
      );
      expect(() => engine.check(ADULT, 'no.such-measure', before)).toThrow(
        expect.objectContaining({ code: 'UnknownMeasure' }),
      );
      expect(engine.check(ADULT, 'travel.rail', after)).toMatchObject({
        measure: 'travel.rail',
        decision: 'deny',
      });
      expect(engine.check(ORG, 'travel.rail', after).decision).toBe('allow');
    }
    for (const t of [before, after]) {
      for (const key of [ADULT, ORG]) {
        expect(prepared.check(key, 'travel.flight', t)).toEqual(
          unprepared.check(key, 'travel.flight', t),
        );
      }
    }
    // Prepared again inside version 2's time: its measures, from the prepared index.
    prepared.prepareChecks(after);
    expect(prepared.check(ADULT, 'travel.rail', after)).toEqual(
      unprepared.check(ADULT, 'travel.rail', after),
    );
    expect(() => prepared.check(ADULT, 'travel.rail', before)).toThrow(/no measure "travel.rail"/);
  });
});

describe('prepared answers', () => {
  it('gives the reasons of a deny again unchanged inside its window, and anew once an ingest touches the subject', () => {
    const engine = anEngine([record(1)]);
    const t = instant(T0 + 20 * DAY);
    engine.prepareChecks(t);
    const first = engine.check(ADULT, 'travel.flight', t);
    expect(first).toMatchObject({ decision: 'deny', reasons: [{ list: 'debtors', records: [1] }] });
    const later = instant(t + DAY);
    expect(engine.check(ADULT, 'travel.flight', t)).toEqual(first);
    expect(engine.check(ADULT, 'travel.flight', later)).toEqual({
      ...first,
      at: new Date(later).toISOString(),
    });
    expect(engine.checkBatch([ORG, ADULT], 'travel.flight', t)[1]).toEqual(first);
    engine.apply([record(2, { recordedAt: instant(T0 + DAY) })]);
    expect(engine.check(ADULT, 'travel.flight', t)).toMatchObject({
      decision: 'deny',
      reasons: [{ list: 'debtors', records: [1, 2] }],
    });
  });
});

describe('calendar addition', () => {
  it('gives the same instants as addDuration', () => {
    const durations = ['P18Y', 'P1M', 'P3Y', 'P6M', 'P10D', 'P1Y2M3DT4H', 'PT36H'].map((d) =>
      tryParseDuration(d)!,
    );
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.constantFrom(...durations),
        (ms, d) => {
          const at = instant(ms);
          expect(compileDurationAdd(d)(at)).toBe(addDuration(at, d));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
