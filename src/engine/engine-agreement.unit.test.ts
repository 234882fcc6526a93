import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../core/ledger/ledger-types.js';
import {
  checkMeasure,
  evaluateSubject,
  policyAt,
  type CheckResult,
  type SubjectEvaluation,
} from '../core/scoring/index.js';
import type { Instant } from '../core/time/instant.js';
import {
  buildLedger,
  CAST,
  catalogFor,
  categoryOf,
  enginePolicies,
  instantInWindow,
  interleave,
  ledgerSpec,
  UNKNOWN_PERSON,
} from '../../test/factories/engine-ledgers.js';
import { Engine } from './engine.js';
import { NO_GRADE } from './score-kernel.js';

const MEASURES = ['travel.flight', 'market.procurement', 'service.fast-lane'];

function engineOf(events: readonly LedgerEvent[]): Engine {
  const engine = new Engine({ catalogFor });
  engine.setPolicies(enginePolicies);
  engine.apply(events);
  return engine;
}

/** What the engine says about one subject at t, in the reference's terms. */
function engineView(engine: Engine, key: string, t: Instant) {
  const table = engine.scoreAll(t);
  const s = engine.ordinalOf(key);
  const policy = table.policy;
  if (s === undefined) return { score: null, grade: null, lists: [] as string[] };
  const score = table.scores[s] ?? Number.NaN;
  const grade = table.grades[s] ?? NO_GRADE;
  const bits = table.lists[s] ?? 0;
  return {
    score: Number.isNaN(score) ? null : score,
    grade: grade === NO_GRADE ? null : (policy.grades[grade]?.grade ?? '?'),
    lists: policy.lists.filter((l) => (bits & (1 << l.ordinal)) !== 0).map((l) => l.id),
  };
}

function referenceView(evaluation: SubjectEvaluation) {
  return {
    score: evaluation.score,
    grade: evaluation.grade,
    lists: evaluation.lists.map((l) => l.list),
  };
}

function referenceCheck(evaluation: SubjectEvaluation, measureId: string, t: Instant): CheckResult {
  const policy = policyAt(enginePolicies, t)!;
  return checkMeasure(evaluation, policy.measuresById.get(measureId)!, policy);
}

describe('the engine agrees with the reference evaluator', () => {
  it('on scores, grades, list memberships and check answers with their reasons', () => {
    fc.assert(
      fc.property(
        ledgerSpec,
        fc.array(instantInWindow, { minLength: 1, maxLength: 4 }),
        (spec, instants) => {
          const { events, histories } = buildLedger(spec);
          const engine = engineOf(events);
          for (const t of instants) {
            const policy = policyAt(enginePolicies, t)!;
            for (const history of histories) {
              const evaluation = evaluateSubject(history, policy, categoryOf, t);
              // The score table holds the subjects the ledger mentions; the others are checked below.
              if (engine.ordinalOf(history.key) !== undefined) {
                expect(engineView(engine, history.key, t), history.key).toEqual(
                  referenceView(evaluation),
                );
              }
              for (const m of MEASURES) {
                expect(engine.check(history.key, m, t)).toEqual(referenceCheck(evaluation, m, t));
              }
            }
            for (const list of policy.lists) {
              const members = histories
                .filter((h) =>
                  evaluateSubject(h, policy, categoryOf, t).lists.some((l) => l.list === list.id),
                )
                .map((h) => h.key)
                .sort();
              expect([...engine.listMembers(list.id, t)].sort()).toEqual(members);
            }
            // Rule errors: the engine's count per rule is the reference's explained errors.
            const errors: Record<string, number> = {};
            for (const history of histories) {
              for (const c of evaluateSubject(history, policy, categoryOf, t).contributions) {
                if (c.error === undefined || c.rule === null) continue;
                expect(c.points).toBe(0);
                errors[c.rule] = (errors[c.rule] ?? 0) + 1;
              }
            }
            expect(engine.ruleErrors(t)).toEqual(errors);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('on checks answered from the prepared index anywhere inside its window, in which nothing changes', () => {
    fc.assert(
      fc.property(
        ledgerSpec,
        instantInWindow,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (spec, t0, f) => {
          const { events, histories } = buildLedger(spec);
          const engine = engineOf(events);
          const { validUntil } = engine.prepareChecks(t0);
          expect(validUntil).toBeGreaterThan(t0);
          const span = Number.isFinite(validUntil) ? validUntil - t0 : 1_000 * 86_400_000;
          const t = (t0 + Math.floor(f * (span - 1))) as Instant;
          const policy = policyAt(enginePolicies, t)!;
          for (const history of [
            ...histories,
            { ...histories[0]!, key: UNKNOWN_PERSON, records: [], closure: undefined },
          ]) {
            const evaluation = evaluateSubject(history, policy, categoryOf, t);
            for (const m of MEASURES) {
              expect(engine.check(history.key, m, t)).toEqual(referenceCheck(evaluation, m, t));
            }
          }
          // Nothing changes inside the window: the transition schedule missed no instant.
          const atStart = engine.scoreAll(t0);
          const inside = engine.scoreAll(t);
          expect([...inside.scores]).toEqual([...atStart.scores]);
          expect([...inside.lists]).toEqual([...atStart.lists]);
          const keys = [UNKNOWN_PERSON, ...CAST.map((c) => c.key)];
          expect(engine.checkBatch(keys, 'travel.flight', t)).toEqual(
            keys.map((k) => engine.check(k, 'travel.flight', t)),
          );
          // Restriction answers hold on their own, longer window, where only sanction lists count.
          const { restrictionsValidUntil } = engine.stats().prepared!;
          expect(restrictionsValidUntil).toBeGreaterThanOrEqual(validUntil);
          const rSpan = Number.isFinite(restrictionsValidUntil)
            ? restrictionsValidUntil - t0
            : 1_000 * 86_400_000;
          const tr = (t0 + Math.floor(f * (rSpan - 1))) as Instant;
          const policyR = policyAt(enginePolicies, tr)!;
          const sanctionBits = policyR.lists
            .filter((l) => l.kind === 'sanction')
            .reduce((m, l) => m | (1 << l.ordinal), 0);
          expect([...engine.scoreAll(tr).lists].map((b) => b & sanctionBits)).toEqual(
            [...atStart.lists].map((b) => b & sanctionBits),
          );
          for (const history of histories) {
            const evaluation = evaluateSubject(history, policyR, categoryOf, tr);
            for (const m of ['travel.flight', 'market.procurement']) {
              expect(engine.check(history.key, m, tr)).toEqual(referenceCheck(evaluation, m, tr));
            }
          }
          // Anywhere later, each subject is answered from its own window or scored afresh.
          const tl = (t0 + Math.floor(f * 400 * 86_400_000)) as Instant;
          const policyL = policyAt(enginePolicies, tl)!;
          for (const history of histories) {
            const evaluation = evaluateSubject(history, policyL, categoryOf, tl);
            for (const m of MEASURES) {
              expect(engine.check(history.key, m, tl)).toEqual(referenceCheck(evaluation, m, tl));
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('the fold', () => {
  it('gives the same results rebuilt at once as applied in chunks with scoring in between', () => {
    fc.assert(
      fc.property(
        ledgerSpec,
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 10 }),
        instantInWindow,
        fc.array(instantInWindow, { minLength: 1, maxLength: 3 }),
        (spec, chunkSizes, between, instants) => {
          const { events } = buildLedger(spec);
          const whole = engineOf(events);
          const chunked = new Engine({ catalogFor });
          chunked.setPolicies(enginePolicies);
          chunked.prepareChecks(between);
          let from = 0;
          let i = 0;
          while (from < events.length) {
            const size = chunkSizes[i++ % chunkSizes.length] ?? 1;
            chunked.apply(events.slice(from, from + size));
            from += size;
            chunked.scoreAll(between);
            for (const c of CAST) chunked.check(c.key, 'market.procurement', between);
          }
          for (const t of [between, ...instants]) {
            for (const c of CAST) {
              expect(engineView(chunked, c.key, t)).toEqual(engineView(whole, c.key, t));
              for (const m of MEASURES)
                expect(chunked.check(c.key, m, t)).toEqual(whole.check(c.key, m, t));
            }
          }
          expect(chunked.nextTransition(between)).toEqual(whole.nextTransition(between));
        },
      ),
      { numRuns: 120 },
    );
  });

  it('gives each subject the same results whatever the interleaving of subjects in the ledger', () => {
    fc.assert(
      fc.property(
        ledgerSpec,
        fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
        fc.array(instantInWindow, { minLength: 1, maxLength: 3 }),
        (spec, picks, instants) => {
          const { events } = buildLedger(spec);
          const reordered = interleave(events, picks);
          const original = engineOf(events);
          const other = engineOf(reordered.events);
          const back = (result: CheckResult): CheckResult => ({
            ...result,
            reasons: result.reasons.map((r) => ({
              ...r,
              records: r.records.map((id) => reordered.originalId.get(id) ?? -1),
            })),
          });
          for (const t of instants) {
            for (const c of CAST) {
              expect(engineView(other, c.key, t)).toEqual(engineView(original, c.key, t));
              for (const m of MEASURES)
                expect(back(other.check(c.key, m, t))).toEqual(original.check(c.key, m, t));
            }
            expect(other.nextTransition(t)).toEqual(original.nextTransition(t));
          }
        },
      ),
      { numRuns: 120 },
    );
  });
});
