// The full scoring pass walks a subject-ordered mirror of the record columns (subject-order.ts)
// while the ledger interleaves subjects record by record. These tests fold ledgers whose subjects
// arrive interleaved, in chunks with full passes in between (so that passes run on a fresh
// grouping, on one with appended records not yet in it, and on one whose records events changed),
// and compare every subject of each pass with `scoreSubject` (which walks the subject's own
// record list) and with the reference evaluator.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCatalog, type Catalog } from '../core/catalog/index.js';
import type { LedgerEvent } from '../core/ledger/ledger-types.js';
import { parsePolicy, type CompiledPolicy } from '../core/policy/index.js';
import { evaluateSubject, policyAt } from '../core/scoring/index.js';
import { instant, type Instant } from '../core/time/instant.js';
import { generateCity } from '../synth/index.js';
import {
  buildLedger,
  catalogFor as castCatalogFor,
  enginePolicies,
  instantInWindow,
  interleave,
  ledgerSpec,
} from '../../test/factories/engine-ledgers.js';
import { Engine } from './engine.js';
import { LedgerFold } from './ledger-fold.js';
import { PolicyApplication } from './policy-application.js';
import { NO_GRADE, ScoreKernel } from './score-kernel.js';
import { subjectHistoryOf } from './subject-history.js';

const NOW = instant(Date.parse('2026-06-01T00:00:00Z'));

function referenceDocuments(): { catalog: Catalog; policy: CompiledPolicy } {
  const root = new URL('../../policies/', import.meta.url);
  const parsed = parseCatalog(readFileSync(new URL('catalog.yaml', root), 'utf8'));
  if (!parsed.ok) throw new Error('the reference catalogue does not parse');
  const policy = parsePolicy(readFileSync(new URL('policy.yaml', root), 'utf8'), parsed.catalog);
  if (!policy.ok) throw new Error('the reference policy does not compile');
  return { catalog: parsed.catalog, policy: policy.policy };
}

/** A small synthetic city's ledger: records and fulfilments in the order a ledger accepts them. */
function cityLedger(catalog: Catalog): LedgerEvent[] {
  const city = generateCity(catalog, {
    persons: 600,
    organizations: 60,
    years: 5,
    seed: 7,
    now: NOW,
  });
  const ids = new Float64Array(city.recordCount);
  const events: LedgerEvent[] = [];
  for (const item of city.ledgerOrder()) {
    const seq = events.length + 1;
    if (item < city.recordCount) {
      ids[item] = seq;
      events.push({
        kind: 'record',
        seq,
        record: { id: seq, ...city.record(item), catalogVersion: 1 },
      });
    } else {
      const f = city.fulfilment(item - city.recordCount);
      events.push({
        kind: 'record-event',
        seq,
        event: {
          seq,
          recordId: ids[f.record] ?? 0,
          subject: f.subject,
          type: 'fulfilled',
          at: f.at,
          recordedAt: f.recordedAt,
          actor: f.agencyId,
          reason: undefined,
          fields: undefined,
        },
      });
    }
  }
  return events;
}

interface Standing {
  score: number | null;
  grade: number | null;
  lists: number;
}

/** Each subject of a full pass at t against scoreSubject and the reference; returns how many were compared. */
function expectPassAgrees(
  engine: Engine,
  events: readonly LedgerEvent[],
  catalogFor: (version: number) => Catalog | undefined,
  policies: readonly CompiledPolicy[],
  t: Instant,
): number {
  const table = engine.scoreAll(t);
  // A separate fold of the same events, for scoreSubject and the subjects' histories.
  const fold = new LedgerFold(catalogFor);
  fold.apply(events);
  const policy = policyAt(policies, t);
  if (policy === undefined) throw new Error('no policy in force');
  const app = new PolicyApplication(policy);
  app.catchUp(fold.records, fold.categories);
  const kernel = new ScoreKernel(fold, app);
  const categoryOf = engine.categoryOf;
  expect(table.subjects).toBe(fold.subjects.count);
  for (let s = 0; s < fold.subjects.count; s += 1) {
    const key = fold.subjects.keyOf(s);
    const ordinal = engine.ordinalOf(key) ?? -1;
    const score = table.scores[ordinal] ?? Number.NaN;
    const grade = table.grades[ordinal] ?? NO_GRADE;
    const pass: Standing = {
      score: Number.isNaN(score) ? null : score,
      grade: grade === NO_GRADE ? null : grade,
      lists: table.lists[ordinal] ?? 0,
    };
    kernel.scoreSubject(s, t);
    const single: Standing = {
      score: Number.isNaN(kernel.score) ? null : kernel.score,
      grade: kernel.grade === NO_GRADE ? null : kernel.grade,
      lists: kernel.lists,
    };
    expect(pass, `${key} at ${t}: full pass against scoreSubject`).toEqual(single);
    const evaluation = evaluateSubject(subjectHistoryOf(fold, s), policy, categoryOf, t);
    const gradeIndex = policy.grades.findIndex((g) => g.grade === evaluation.grade);
    let lists = 0;
    for (const l of evaluation.lists) lists |= 1 << (policy.listsById.get(l.list)?.ordinal ?? 0);
    expect(pass, `${key} at ${t}: full pass against the reference`).toEqual({
      score: evaluation.score,
      grade: evaluation.grade === null ? null : gradeIndex,
      lists: lists >>> 0,
    });
  }
  return fold.subjects.count;
}

describe('the full scoring pass in subject order', () => {
  it('scores each subject of a city whose records arrive interleaved as scoreSubject and the reference do, folded in chunks with passes in between', () => {
    const { catalog, policy } = referenceDocuments();
    const catalogFor = (v: number) => (v === 1 ? catalog : undefined);
    const events = cityLedger(catalog);
    const subjectsSeen = new Set(
      events.map((e) => (e.kind === 'record' ? e.record.subject : e.event.subject)),
    );
    expect(subjectsSeen.size).toBeGreaterThan(100);
    const engine = new Engine({ catalogFor });
    engine.setPolicies([policy]);
    // Chunks of uneven size: some passes find a tail of appended records under an eighth of the
    // grouped ones (scored from the tail), others a larger one (the grouping is rebuilt); every
    // chunk also carries fulfilments of records folded in earlier chunks.
    const cuts = [0.3, 0.32, 0.35, 0.6, 0.62, 0.9, 0.91, 1].map((f) =>
      Math.round(f * events.length),
    );
    let from = 0;
    let compared = 0;
    for (const cut of cuts) {
      engine.apply(events.slice(from, cut));
      from = cut;
      const folded = events.slice(0, cut);
      const last = folded[folded.length - 1];
      const at = last?.kind === 'record' ? last.record.recordedAt : (last?.event.recordedAt ?? 0);
      compared += expectPassAgrees(engine, folded, catalogFor, [policy], instant(at));
      compared += expectPassAgrees(engine, folded, catalogFor, [policy], NOW);
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('scores each subject of any interleaving of a ledger with suspensions, objections, corrections and revocations as scoreSubject and the reference do', () => {
    fc.assert(
      fc.property(
        ledgerSpec,
        fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
        fc.array(instantInWindow, { minLength: 1, maxLength: 2 }),
        (spec, picks, chunks, instants) => {
          const { events } = interleave(buildLedger(spec).events, picks);
          const engine = new Engine({ catalogFor: castCatalogFor });
          engine.setPolicies(enginePolicies);
          let from = 0;
          for (const size of [...chunks, events.length]) {
            const to = Math.min(events.length, from + size);
            engine.apply(events.slice(from, to));
            from = to;
            for (const t of instants) {
              expectPassAgrees(engine, events.slice(0, to), castCatalogFor, enginePolicies, t);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
