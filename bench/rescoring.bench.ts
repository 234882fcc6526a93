// P2: the full rescoring after a policy change, against json-rules-engine and zen-engine
// evaluating the same rules on the same records, in the same run.
//
// Probity: an Engine holding the whole city (every record and `fulfilled` event); one run is
// `setPolicies([a freshly compiled reference policy])` + `scoreAll(now)`, which re-derives every
// record's rule and points (the engine caches them per policy object, hence a new object per run)
// and every subject's score, grade and lists. Its rate is the city's records over that time.
//
// Peers: the compiled policy's rules translated by bench/peers/ (json-rules-engine: one rule per
// policy rule, per-category rule sets, priorities for first match; zen-engine: one first-hit
// decision table), each called once per record, awaited one by one, and for zen also as
// concurrent promises in chunks. They are timed on a sample of 100 000 records spread evenly over
// the city; they produce far less than Probity's pass (a rule and points per record, no decay,
// caps, grades or lists), so the per-record ratio flatters them.
//
// Before any timing, the three must agree on the sample: each record's (rule, points) from the
// engine's own per-record application (src/engine/policy-application.ts on a fold of the sample)
// must equal each peer's, and so must the per-subject rule totals with caps applied (decay left
// out: it is a function of t that the peers do not model). A mismatch throws.
import type { CompiledPolicy } from '../src/core/policy/index.js';
import type { FieldValue } from '../src/core/ledger/ledger-types.js';
import type { Catalog } from '../src/core/catalog/index.js';
import type { RecordFields } from '../src/core/ledger/ledger-types.js';
import type { ScoreTable } from '../src/engine/index.js';
import { LedgerFold } from '../src/engine/ledger-fold.js';
import { FLAG_REVOKED, FLAG_SIDE } from '../src/engine/record-columns.js';
import { PolicyApplication } from '../src/engine/policy-application.js';
import type { SyntheticCity } from '../src/synth/index.js';
import {
  cityEventPages,
  cityOf,
  CATALOG_VERSION,
  compilePolicy,
  loadCityEngine,
  NOW,
  referenceDocuments,
  type ReferenceDocuments,
} from './city-ledger.js';
import { peerFacts } from './peers/cel-subset.js';
import { DuckDbPolicy, type DuckLedger } from './peers/duckdb-policy.js';
import { JsonRulesEnginePolicy, type PeerVerdict } from './peers/json-rules-engine-policy.js';
import { ZenEnginePolicy } from './peers/zen-engine-policy.js';
import { median, seconds, type BenchArgs } from './scales.js';

export const PEER_SAMPLE = 100_000;
const ZEN_CHUNK = 1_000;
/** Probity's rescoring is timed this many times at least (it takes about a second at M). */
const MIN_PROBITY_RUNS = 5;

export interface ProbityRescoring {
  readonly records: number;
  readonly subjects: number;
  /** Folding the city's events into a fresh engine (not part of P2). */
  readonly loadSeconds: number;
  /** Median of setPolicies + scoreAll. */
  readonly seconds: number;
  readonly runs: readonly number[];
  /** Median time to compile the policy text (parse, validate, CEL), outside the timed pass. */
  readonly compileSeconds: number;
  /** The last run's table (the DuckDB peer is held to it). */
  readonly table: ScoreTable;
}

/** Loads the city into an engine, then times the full rescoring after a policy change. */
export function probityRescoring(
  city: SyntheticCity,
  docs: ReferenceDocuments,
  runs: number,
): ProbityRescoring {
  let start = process.hrtime.bigint();
  const engine = loadCityEngine(city, docs.catalog, [compilePolicy(docs.policyText, docs.catalog)]);
  const loadSeconds = seconds(start);
  const times: number[] = [];
  const compiles: number[] = [];
  let table: ScoreTable | undefined;
  for (let run = 0; run < runs; run++) {
    start = process.hrtime.bigint();
    const policy = compilePolicy(docs.policyText, docs.catalog);
    compiles.push(seconds(start));
    start = process.hrtime.bigint();
    engine.setPolicies([policy]);
    table = engine.scoreAll(NOW);
    times.push(seconds(start));
  }
  if (table === undefined) throw new Error('no rescoring run');
  return {
    records: engine.stats().records,
    subjects: table.subjects,
    table,
    loadSeconds,
    seconds: median(times),
    runs: times,
    compileSeconds: median(compiles),
  };
}

interface Sample {
  /** City record indexes, in ledger order. */
  readonly records: readonly number[];
  readonly subjects: readonly string[];
  readonly facts: readonly Readonly<Record<string, FieldValue>>[];
  /** Probity's verdicts, from the engine's per-record policy application. */
  readonly probity: readonly PeerVerdict[];
  /** Probity's per-record application alone on the sample: median seconds. */
  readonly applySeconds: number;
}

/** An even spread of `size` records, folded and judged by the engine's own application code. */
function sampleOf(
  city: SyntheticCity,
  catalog: Catalog,
  policy: CompiledPolicy,
  size: number,
): Sample {
  const n = city.recordCount;
  const only = new Uint8Array(n);
  const count = Math.min(size, n);
  for (let k = 0; k < count; k++) only[Math.floor((k * n) / count)] = 1;
  const records: number[] = [];
  for (const item of city.ledgerOrder()) if (item < n && only[item] === 1) records.push(item);
  const fold = new LedgerFold((v) => (v === CATALOG_VERSION ? catalog : undefined));
  for (const page of cityEventPages(city, only)) fold.apply(page);
  if (fold.records.count !== records.length) throw new Error('the sample fold lost records');
  const applyTimes: number[] = [];
  let app = new PolicyApplication(policy);
  for (let rep = 0; rep < 11; rep++) {
    app = new PolicyApplication(policy);
    const start = process.hrtime.bigint();
    app.catchUp(fold.records, fold.categories);
    applyTimes.push(seconds(start));
  }
  const subjects: string[] = [];
  const facts: Record<string, FieldValue>[] = [];
  const probity: PeerVerdict[] = [];
  records.forEach((item, r) => {
    const record = city.record(item);
    subjects.push(record.subject);
    facts.push(peerFacts(catalog, record.category, record.fields));
    const rule = app.rule[r] ?? -1;
    probity.push({
      rule: rule < 0 ? null : (policy.rules[rule]?.id ?? '?'),
      points: app.points[r] ?? 0,
    });
  });
  return { records, subjects, facts, probity, applySeconds: median(applyTimes) };
}

type Judge = (facts: Readonly<Record<string, FieldValue>>) => Promise<PeerVerdict>;

async function judgeSequentially(judge: Judge, facts: Sample['facts']): Promise<PeerVerdict[]> {
  const out: PeerVerdict[] = [];
  for (const f of facts) out.push(await judge(f));
  return out;
}

async function judgeConcurrently(judge: Judge, facts: Sample['facts']): Promise<PeerVerdict[]> {
  const out: PeerVerdict[] = [];
  for (let from = 0; from < facts.length; from += ZEN_CHUNK) {
    out.push(...(await Promise.all(facts.slice(from, from + ZEN_CHUNK).map(judge))));
  }
  return out;
}

/** Per subject and rule: the sum of points, capped as the policy caps it. */
function ruleTotals(
  policy: CompiledPolicy,
  subjects: readonly string[],
  verdicts: readonly PeerVerdict[],
): Map<string, number> {
  const sums = new Map<string, number>();
  verdicts.forEach((v, k) => {
    if (v.rule === null) return;
    const key = `${subjects[k]}\u0000${v.rule}`;
    sums.set(key, (sums.get(key) ?? 0) + v.points);
  });
  for (const [key, sum] of sums) {
    const cap = policy.rulesById.get(key.split('\u0000')[1] ?? '')?.cap ?? Infinity;
    sums.set(key, Math.max(-cap, Math.min(cap, sum)));
  }
  return sums;
}

/** Throws, naming the first differences, unless the peer agrees with Probity on every record and total. */
function assertAgreement(
  peer: string,
  sample: Sample,
  policy: CompiledPolicy,
  verdicts: readonly PeerVerdict[],
): number {
  const diffs: string[] = [];
  sample.probity.forEach((p, k) => {
    const v = verdicts[k];
    if (v?.rule !== p.rule || v.points !== p.points) {
      diffs.push(
        `record ${sample.records[k]} ${JSON.stringify(sample.facts[k])}: probity ${JSON.stringify(p)}, ${peer} ${JSON.stringify(v)}`,
      );
    }
  });
  const expected = ruleTotals(policy, sample.subjects, sample.probity);
  const actual = ruleTotals(policy, sample.subjects, verdicts);
  for (const [key, total] of expected) {
    if (actual.get(key) !== total)
      diffs.push(
        `rule total ${key.replace('\u0000', ' ')}: probity ${total}, ${peer} ${actual.get(key)}`,
      );
  }
  if (actual.size !== expected.size)
    diffs.push(`${expected.size} subject-rule totals from probity, ${actual.size} from ${peer}`);
  if (diffs.length > 0) {
    throw new Error(
      `${peer} disagrees with Probity on ${diffs.length} results:\n  ${diffs.slice(0, 8).join('\n  ')}`,
    );
  }
  return expected.size;
}

async function timed(
  run: () => Promise<PeerVerdict[]>,
  check: (v: PeerVerdict[]) => void,
): Promise<number> {
  const start = process.hrtime.bigint();
  const verdicts = await run();
  const took = seconds(start);
  check(verdicts);
  return took;
}

export interface DuckDbRescoring {
  readonly threads: number;
  /** Folding the city (the engine's fold) and appending it into DuckDB; not timed as P2. */
  readonly loadSeconds: number;
  /** Median of the scoring query at now, its rows read into JS. */
  readonly seconds: number;
  readonly runs: readonly number[];
  readonly subjectsCompared: number;
}

/** The city's records and subjects as the engine folds them, with each record's fields. */
function duckLedgerOf(city: SyntheticCity, catalog: Catalog): DuckLedger {
  const fold = new LedgerFold((v) => (v === CATALOG_VERSION ? catalog : undefined));
  const fields: RecordFields[] = [];
  for (const page of cityEventPages(city)) {
    for (const e of page) if (e.kind === 'record') fields.push(e.record.fields);
    fold.apply(page);
  }
  const { records, subjects, categories, side } = fold;
  if (fields.length !== records.count) throw new Error('the DuckDB load lost records');
  return {
    records: records.count,
    subject: records.subject,
    categoryId: (r) => categories.entry(records.category[r] ?? 0).id,
    occurredAt: records.occurredAt,
    recordedAt: records.recordedAt,
    effectEnd: records.effectEnd,
    until: records.until,
    revokedFrom: (r) =>
      ((records.flags[r] ?? 0) & FLAG_REVOKED) !== 0 ? side.revokedFrom(r) : Infinity,
    sidePath: (r) => ((records.flags[r] ?? 0) & FLAG_SIDE) !== 0,
    fields: (r) => fields[r] ?? {},
    subjects: subjects.count,
    kind: subjects.kind,
    adultFrom: subjects.adultFrom,
    closedFrom: subjects.closedFrom,
  };
}

/**
 * The DuckDB peer: the city loaded once, then agreement with the engine's table on every
 * subject's score, grade and lists (throws naming the subjects that differ), then the query timed.
 */
export async function duckdbRescoring(
  city: SyntheticCity,
  docs: ReferenceDocuments,
  engineTable: ScoreTable,
  runs: number,
): Promise<DuckDbRescoring> {
  const threads = 2;
  const policy = compilePolicy(docs.policyText, docs.catalog);
  let start = process.hrtime.bigint();
  const ledger = duckLedgerOf(city, docs.catalog);
  const duck = await DuckDbPolicy.open(policy, threads);
  try {
    await duck.load(
      ledger,
      docs.catalog,
      (id) => docs.catalog.byId.get(id)?.polarity === 'adverse',
    );
    const loadSeconds = seconds(start);
    if (engineTable.subjects !== ledger.subjects) {
      throw new Error(
        `the engine scored ${engineTable.subjects} subjects, DuckDB holds ${ledger.subjects}`,
      );
    }
    const answer = await duck.score(NOW);
    const diffs: string[] = [];
    for (let s = 0; s < ledger.subjects; s += 1) {
      const score = engineTable.scores[s] ?? Number.NaN;
      const engine = Number.isNaN(score)
        ? 'unscorable'
        : `${score} grade ${engineTable.grades[s]} lists ${engineTable.lists[s]}`;
      const duckScore = answer.score.get(s);
      const peer =
        duckScore === undefined
          ? 'unscorable'
          : `${duckScore} grade ${answer.grade.get(s)} lists ${answer.lists.get(s)}`;
      if (engine !== peer) diffs.push(`subject ${s}: engine ${engine}, DuckDB ${peer}`);
    }
    if (diffs.length > 0) {
      throw new Error(
        `DuckDB disagrees with Probity on ${diffs.length} subjects:\n  ${diffs.slice(0, 10).join('\n  ')}`,
      );
    }
    const times: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      start = process.hrtime.bigint();
      await duck.score(NOW);
      times.push(seconds(start));
    }
    return {
      threads,
      loadSeconds,
      seconds: median(times),
      runs: times,
      subjectsCompared: ledger.subjects,
    };
  } finally {
    duck.close();
  }
}

export async function rescoringBench(args: BenchArgs): Promise<Record<string, unknown>> {
  const docs = referenceDocuments();
  const city = cityOf(docs.catalog, args.scale);
  const policy = compilePolicy(docs.policyText, docs.catalog);

  // Agreement first, on the sample, before anything is timed.
  const sample = sampleOf(city, docs.catalog, policy, PEER_SAMPLE);
  const jre = new JsonRulesEnginePolicy(policy);
  const zen = new ZenEnginePolicy(policy);
  const jreJudge: Judge = (f) => jre.judge(f);
  const zenJudge: Judge = (f) => zen.judge(f);
  assertAgreement(
    'json-rules-engine',
    sample,
    policy,
    await judgeSequentially(jreJudge, sample.facts),
  );
  const totalsCompared = assertAgreement(
    'zen-engine',
    sample,
    policy,
    await judgeConcurrently(zenJudge, sample.facts),
  );
  const scored = sample.probity.filter((p) => p.rule !== null).length;

  const jreTimes: number[] = [];
  const zenSeqTimes: number[] = [];
  const zenConcTimes: number[] = [];
  for (let run = 0; run < args.runs; run++) {
    jreTimes.push(
      await timed(
        () => judgeSequentially(jreJudge, sample.facts),
        (v) => assertAgreement('json-rules-engine', sample, policy, v),
      ),
    );
    zenSeqTimes.push(
      await timed(
        () => judgeSequentially(zenJudge, sample.facts),
        (v) => assertAgreement('zen-engine', sample, policy, v),
      ),
    );
    zenConcTimes.push(
      await timed(
        () => judgeConcurrently(zenJudge, sample.facts),
        (v) => assertAgreement('zen-engine', sample, policy, v),
      ),
    );
  }
  zen.dispose();

  const probity = probityRescoring(city, docs, Math.max(MIN_PROBITY_RUNS, args.runs));
  const duckdb = await duckdbRescoring(
    city,
    docs,
    probity.table,
    Math.max(MIN_PROBITY_RUNS, args.runs),
  );
  const n = sample.facts.length;
  const probityRate = probity.records / probity.seconds;
  const jreRate = n / median(jreTimes);
  const zenSeqRate = n / median(zenSeqTimes);
  const zenConcRate = n / median(zenConcTimes);
  const round = (x: number, digits = 0) => Number(x.toFixed(digits));
  const ratios = {
    jsonRulesEngine: round(probityRate / jreRate, 1),
    zenSequential: round(probityRate / zenSeqRate, 1),
    zenConcurrent: round(probityRate / zenConcRate, 1),
    /** DuckDB's query time over the engine's pass: the lead (target >= 2). */
    duckdb: round(duckdb.seconds / probity.seconds, 2),
  };
  const inMemoryTarget = args.scale === 'M' ? probity.seconds <= 1 : undefined;
  return {
    bench: 'rescoring',
    target: 'P2',
    scale: args.scale,
    records: probity.records,
    subjects: probity.subjects,
    runs: { probity: probity.runs.length, peers: args.runs },
    probity: {
      rescoringSeconds: round(probity.seconds, 3),
      runsSeconds: probity.runs.map((s) => round(s, 3)),
      recordsPerSecond: round(probityRate),
      policyCompileSeconds: round(probity.compileSeconds, 4),
      engineLoadSeconds: round(probity.loadSeconds, 2),
      ruleApplicationOnSampleRecordsPerSecond: round(n / sample.applySeconds),
    },
    peers: {
      sample: n,
      jsonRulesEngineRecordsPerSecond: round(jreRate),
      zenSequentialRecordsPerSecond: round(zenSeqRate),
      zenConcurrentRecordsPerSecond: round(zenConcRate),
      zenChunk: ZEN_CHUNK,
    },
    ratios,
    duckdb: {
      threads: duckdb.threads,
      querySeconds: round(duckdb.seconds, 3),
      runsSeconds: duckdb.runs.map((x) => round(x, 3)),
      loadSeconds: round(duckdb.loadSeconds, 2),
      subjectsAgreeing: duckdb.subjectsCompared,
    },
    agreement: {
      records: n,
      scoredRecords: scored,
      subjectRuleTotals: totalsCompared,
      mismatches: 0,
    },
    meets: {
      underOneSecondAtM: inMemoryTarget ?? 'only judged at M',
      atLeast300xEachPeer:
        Math.min(ratios.jsonRulesEngine, ratios.zenSequential, ratios.zenConcurrent) >= 300,
      atLeast300xBestPeerMode: Math.min(ratios.jsonRulesEngine, ratios.zenConcurrent) >= 300,
      atLeast2xDuckDb: ratios.duckdb >= 2,
    },
  };
}
