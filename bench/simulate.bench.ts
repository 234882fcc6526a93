// P7: `simulate` a draft policy on the city. The engine holds the city under the reference
// policy with checks prepared (a running server's state); the draft is the reference as version 2
// with a few point values changed and one sanction list's `when` changed. One run is one call of
// simulatePolicy (src/app/simulate): both scorings, the grade transition matrix, the list entries
// gained and lost, the score distributions, and putting the engine back as it was (which
// re-prepares the checks). Afterwards the engine must give exactly the scores, grades, lists and
// prepared checks it gave before; otherwise the bench throws.
import {
  simulatePolicy,
  UNGRADED,
  type PolicySimulation,
} from '../src/app/policy/policy-simulation.js';
import type { ScoreTable } from '../src/engine/index.js';
import { cityOf, compilePolicy, loadCityEngine, NOW, referenceDocuments } from './city-ledger.js';
import { median, seconds, type BenchArgs } from './scales.js';

const MIN_RUNS = 3;

/** Replaces `from` by `to` inside the YAML block that starts at `anchor`; exactly once, or throws. */
function edit(text: string, anchor: string, from: string, to: string): string {
  const start = text.indexOf(anchor);
  if (start < 0) throw new Error(`draft: "${anchor}" is not in the reference policy`);
  const next = text.indexOf('\n  - id: ', start + anchor.length);
  const end = next < 0 ? text.length : next;
  const at = text.indexOf(from, start);
  if (at < 0 || at + from.length > end)
    throw new Error(`draft: "${from}" is not in the block of "${anchor}"`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** The draft: the reference policy's rules and lists with the changes listed in `DRAFT_CHANGES`. */
export const DRAFT_CHANGES = [
  ['id: city-reference\nversion: 2', 'version: 2', 'version: 3'],
  ['- id: dishonest-debtor\n', 'points: -100', 'points: -120'],
  ['- id: utility-arrears\n', 'points: -20', 'points: -30'],
  ['- id: blood-donation\n', 'points: 10', 'points: 15'],
  ['- id: volunteering\n', "points: 'record.hours / 10'", "points: 'record.hours / 5'"],
  [
    '- id: major-penalty-violators\n',
    "when: 'has(record.fine) && record.fine >= 100000000'",
    "when: 'has(record.fine) && record.fine >= 50000000'",
  ],
] as const;

export function draftPolicyText(reference: string): string {
  return DRAFT_CHANGES.reduce(
    (text, [anchor, from, to]) => edit(text, anchor, from, to),
    reference,
  );
}

function sameTable(a: ScoreTable, b: ScoreTable): boolean {
  const equal = (x: ArrayLike<number>, y: ArrayLike<number>) => {
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  };
  return (
    a.policy === b.policy &&
    equal(a.scores, b.scores) &&
    equal(a.grades, b.grades) &&
    equal(a.lists, b.lists)
  );
}

function gradeMoves(result: PolicySimulation): { up: number; down: number; same: number } {
  const order = Object.keys(result.transitions);
  let up = 0;
  let down = 0;
  let same = 0;
  for (const [from, row] of Object.entries(result.transitions)) {
    for (const [to, count] of Object.entries(row)) {
      if (from === to) same += count;
      else if (from === UNGRADED || to === UNGRADED) continue;
      else if (order.indexOf(to) < order.indexOf(from)) up += count;
      else down += count;
    }
  }
  return { up, down, same };
}

export function simulateBench(args: BenchArgs): Promise<Record<string, unknown>> {
  return Promise.resolve(simulateOn(args));
}

function simulateOn(args: BenchArgs): Record<string, unknown> {
  const docs = referenceDocuments();
  const city = cityOf(docs.catalog, args.scale);
  const current = compilePolicy(docs.policyText, docs.catalog);
  const draft = compilePolicy(draftPolicyText(docs.policyText), docs.catalog);
  const engine = loadCityEngine(city, docs.catalog, [current], [draft]);
  const prepared = engine.prepareChecks(NOW);
  const reference = engine.scoreAll(NOW);

  const times: number[] = [];
  let result: PolicySimulation | undefined;
  for (let run = 0; run < Math.max(MIN_RUNS, args.runs); run++) {
    const start = process.hrtime.bigint();
    result = simulatePolicy(engine, current, draft, NOW);
    times.push(seconds(start));
  }
  if (result === undefined) throw new Error('no run');

  const restored = engine.stats().prepared;
  if (
    restored?.at !== prepared.at ||
    restored.validUntil !== prepared.validUntil ||
    !sameTable(engine.scoreAll(NOW), reference)
  ) {
    throw new Error('simulatePolicy did not leave the engine as it found it');
  }
  const took = median(times);
  const changedLists = Object.fromEntries(
    Object.entries(result.lists).filter(([, c]) => c.gained + c.lost > 0),
  );
  return {
    bench: 'simulate',
    target: 'P7',
    scale: args.scale,
    records: engine.stats().records,
    subjects: result.subjects,
    runs: times.length,
    simulateSeconds: Number(took.toFixed(3)),
    runsSeconds: times.map((s) => Number(s.toFixed(3))),
    draft: DRAFT_CHANGES.map(([, from, to]) => `${from} -> ${to}`),
    gradeMoves: gradeMoves(result),
    changedLists,
    engineRestored: true,
    meets: args.scale === 'M' ? took <= 3 : 'only judged at M',
  };
}
