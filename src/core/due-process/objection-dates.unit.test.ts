// The dates a notice names (objectionsUntil, repeatObjectionLatest, appealLatest) are exactly the
// instants the transitions refuse from: one millisecond before, the filing is taken; at it,
// refused with the code the door answers. Both with a long effect (the notice + P1Y ends the
// repeat, the decision + P10D the appeal) and with one that ends sooner (the effect end ends both).
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { at, catalogFrom, day } from '../../../test/factories/scoring.js';
import type { Category } from '../catalog/index.js';
import { DomainError } from '../errors/domain-error.js';
import type { Agency, LedgerRecord, LedgerRecordEvent } from '../ledger/ledger-types.js';
import { instant, type Instant } from '../time/instant.js';
import {
  appealLatest,
  decideObjection,
  fileAppeal,
  fileObjection,
  objectionsUntil,
  repeatObjectionLatest,
  type NewRecordEvent,
} from './objection-state.js';

const debt = (id: string, maxDuration: string) => ({
  id,
  label: id,
  dataClass: 'administrative-penalty',
  polarity: 'adverse',
  tier: 'serious',
  legalBasis: `Basis of ${id}, art. 1`,
  subjects: ['person'],
  submitters: ['court'],
  fields: { amount: { type: 'integer', min: 0, required: true } },
  effect: { maxDuration, endsWhenFulfilled: false },
});

const CATALOG = catalogFrom(
  stringify({ categories: [debt('court.long', 'P3Y'), debt('court.short', 'P6M')] }),
);
const T0 = at('2026-01-01T00:00:00Z');
const COURT: Agency = { id: 'court-1', kind: 'court', name: 'Court', createdAt: T0 };

function caseOf(categoryId: string) {
  const category = CATALOG.byId.get(categoryId) as Category;
  const record: LedgerRecord = {
    id: 1,
    subject: 'S',
    subjectKind: 'person',
    agencyId: COURT.id,
    sourceRef: 'r1',
    category: categoryId,
    occurredAt: T0,
    recordedAt: day(5, T0),
    fields: { amount: 100 },
    catalogVersion: 1,
  };
  const events: LedgerRecordEvent[] = [];
  const c = { record, category, events };
  const append = (e: NewRecordEvent) => events.push({ seq: 100 + events.length, ...e });
  return { c, record, category, events, append };
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'ok';
}

const before = (t: Instant) => instant(t - 1);
const NEW = { grounds: 'paid', evidence: 'receipt 1' };

describe('the dates a notice names are the instants the transitions refuse from', () => {
  it('a first objection: taken until the effect end, whatever its objectionDeadline', () => {
    for (const id of ['court.long', 'court.short']) {
      const { c, record, category } = caseOf(id);
      const until = objectionsUntil(record, category);
      expect(codeOf(() => fileObjection(c, NEW, before(until)))).toBe('ok');
      expect(codeOf(() => fileObjection(c, NEW, until))).toBe('RecordExpired');
    }
  });

  it('a long effect: the appeal ends at the decision + P10D, a repeat at the notice + P1Y', () => {
    const { c, record, category, append } = caseOf('court.long');
    append(fileObjection(c, NEW, day(10, T0)));
    const decidedAt = day(12, T0);
    append(decideObjection(c, 100, COURT, { outcome: 'upheld', reason: 'no payment' }, decidedAt));
    const appealEnd = appealLatest(record, category, decidedAt);
    expect(appealEnd).toBe(day(22, T0));
    expect(codeOf(() => fileAppeal(c, NEW, before(appealEnd)))).toBe('ok');
    expect(codeOf(() => fileAppeal(c, NEW, appealEnd))).toBe('AppealWindowClosed');
    const repeatEnd = repeatObjectionLatest(record, category);
    expect(repeatEnd).toBe(at('2027-01-06T00:00:00Z'));
    const again = { grounds: 'new', evidence: 'receipt 2' };
    expect(codeOf(() => fileObjection(c, again, before(repeatEnd)))).toBe('ok');
    expect(codeOf(() => fileObjection(c, again, repeatEnd))).toBe('ObjectionWindowClosed');
  });

  it('a short effect: both end with the effect, sooner than the decision + P10D and the notice + P1Y', () => {
    const { c, record, category, append } = caseOf('court.short');
    const effectEnd = objectionsUntil(record, category);
    expect(effectEnd).toBe(at('2026-07-01T00:00:00Z'));
    append(fileObjection(c, NEW, day(-10, effectEnd)));
    const decidedAt = day(-5, effectEnd);
    append(decideObjection(c, 100, COURT, { outcome: 'upheld', reason: 'no payment' }, decidedAt));
    expect(appealLatest(record, category, decidedAt)).toBe(effectEnd);
    expect(repeatObjectionLatest(record, category)).toBe(effectEnd);
    expect(codeOf(() => fileAppeal(c, NEW, before(effectEnd)))).toBe('ok');
    expect(codeOf(() => fileAppeal(c, NEW, effectEnd))).toBe('RecordExpired');
    const again = { grounds: 'new', evidence: 'receipt 2' };
    expect(codeOf(() => fileObjection(c, again, before(effectEnd)))).toBe('ok');
    expect(codeOf(() => fileObjection(c, again, effectEnd))).toBe('RecordExpired');
  });
});
