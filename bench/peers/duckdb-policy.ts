// The reference policy's scoring as ONE DuckDB SQL query, for the P2 comparison (issue 11): the
// same records as the engine holds, loaded once into a DuckDB table, each record's effect dates
// (effectEnd, and `until`: the first instant it is out of force for good, fulfilment folded in)
// computed at load by the engine's own fold (src/engine/ledger-fold.ts), as the engine does. The
// query, given t, does what the engine's full pass does:
//  - first-match rules: one CASE over the policy's rules in policy order (category in the ids the
//    rule's pattern matches, and its `when` translated from CEL), then the rule's points;
//  - contributions at t: records visible (recordedAt <= t) and in force (t < until); linear decay
//    as round(points × (D − d) / D) half away from zero, d and D whole days, in exact arithmetic
//    on doubles holding integers, as the engine computes it;
//  - per subject and rule: the sum, capped; the base of the subject's kind plus the capped sums,
//    clamped to the score bounds; the grade (first grade whose min the score reaches);
//  - sanction lists: a record in force at t, of a category the list names, whose `when` holds and
//    whose notice (the list's period added to recordedAt, calendar months then elapsed time, as
//    the engine adds durations) has run; only for the subject kinds the list covers;
//  - incentive lists: the grade is one the list names and no visible, unrevoked adverse record
//    has occurredAt <= t < occurredAt + noAdverseWithin;
//  - only subjects scorable at t (adult, not closed) get a row.
// What it does not express: the record-state of records with suspensions, objections or
// corrections (the engine runs the reference record-state function on their event history).
// `load` refuses a ledger holding such a record (the synthetic city has none). A CEL run-time
// error (rule error) is modelled only for an int division by zero, which gives the rule 0 points.
//
// CEL is translated through bench/peers/cel-subset.ts (what it cannot parse throws): fields are
// columns named `f_<field>` holding CEL's zero value when absent, beside `f_has__<field>` (1 when
// the record carries the field), which `has(record.<field>)` reads.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Catalog } from '../../src/core/catalog/index.js';
import type { RecordFields } from '../../src/core/ledger/ledger-types.js';
import type { CompiledPolicy } from '../../src/core/policy/index.js';
import type { Duration } from '../../src/core/time/duration.js';
import { parseCelSubset, presenceFact, UnsupportedCel, type CelExpr } from './cel-subset.js';

const MS_PER_DAY = 86_400_000;

/** The records and subjects as the engine folded them, ready for loading (index = record). */
export interface DuckLedger {
  readonly records: number;
  /** Per record: the subject ordinal. */
  readonly subject: Uint32Array;
  readonly categoryId: (r: number) => string;
  readonly occurredAt: Float64Array;
  readonly recordedAt: Float64Array;
  readonly effectEnd: Float64Array;
  readonly until: Float64Array;
  /** Per record: when a visible `revoked` takes it out (+Infinity when none). */
  readonly revokedFrom: (r: number) => number;
  /** Per record: true when it needs the record-state function (suspension, objection, correction). */
  readonly sidePath: (r: number) => boolean;
  readonly fields: (r: number) => RecordFields;
  readonly subjects: number;
  /** Per subject: 0 person, 1 organisation (the engine's kind codes). */
  readonly kind: Uint8Array;
  readonly adultFrom: Float64Array;
  readonly closedFrom: Float64Array;
}

/** Scores by subject ordinal: only subjects scorable at t are present. */
export interface DuckScores {
  readonly score: Map<number, number>;
  readonly grade: Map<number, number>;
  readonly lists: Map<number, number>;
}

type FieldType = 'integer' | 'string' | 'boolean';

function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function column(field: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) {
    throw new UnsupportedCel(`field name ${field} is not a SQL identifier`);
  }
  return `f_${field}`;
}

/** A CEL expression of the subset in DuckDB SQL (NULL where CEL fails: a division by zero). */
export function sqlExpression(expr: CelExpr): string {
  switch (expr.kind) {
    case 'int':
      return `(${expr.value})::DOUBLE`;
    case 'string':
      return sqlString(expr.value);
    case 'field':
      return column(expr.name);
    case 'category':
      return 'category';
    case 'compare':
      return `(${sqlExpression(expr.left)} ${expr.op === '==' ? '=' : expr.op} ${sqlExpression(expr.right)})`;
    case 'and':
      return `(${sqlExpression(expr.left)} AND ${sqlExpression(expr.right)})`;
    case 'or':
      return `(${sqlExpression(expr.left)} OR ${sqlExpression(expr.right)})`;
    case 'cond':
      return `(CASE WHEN ${sqlExpression(expr.test)} THEN ${sqlExpression(expr.yes)} ELSE ${sqlExpression(expr.no)} END)`;
    case 'div': {
      const right = sqlExpression(expr.right);
      return `(CASE WHEN ${right} = 0 THEN NULL ELSE trunc(${sqlExpression(expr.left)} / ${right}) END)`;
    }
    default: {
      const never: never = expr;
      return never;
    }
  }
}

/** `at` (a DOUBLE of ms) plus a duration as the engine adds it: calendar months in UTC, then elapsed. */
function sqlShift(at: string, d: Duration): string {
  const months = d.years * 12 + d.months;
  const elapsed =
    ((d.weeks * 7 + d.days) * 86_400 + d.hours * 3_600 + d.minutes * 60 + d.seconds) * 1_000;
  const calendar =
    months === 0 ? at : `epoch_ms(epoch_ms((${at})::BIGINT) + to_months(${months}))::DOUBLE`;
  return elapsed === 0 ? calendar : `(${calendar} + ${elapsed})`;
}

/** The fields the policy's expressions read, with their catalogue types. */
function fieldsRead(policy: CompiledPolicy, catalog: Catalog): Map<string, FieldType> {
  const names = new Set<string>();
  for (const rule of policy.rules) {
    for (const n of rule.when?.fields ?? []) names.add(n);
    if (rule.constantPoints === undefined) for (const n of rule.points.fields) names.add(n);
  }
  for (const list of policy.lists) {
    if (list.kind === 'sanction') for (const n of list.include.when?.fields ?? []) names.add(n);
  }
  const types = new Map<string, FieldType>();
  for (const category of catalog.categories) {
    for (const [name, spec] of Object.entries(category.fields)) {
      if (!names.has(name)) continue;
      const known = types.get(name);
      if (known !== undefined && known !== spec.type) {
        throw new UnsupportedCel(
          `field ${name} is ${known} in one category, ${spec.type} in another`,
        );
      }
      types.set(name, spec.type);
    }
  }
  for (const n of names) if (!types.has(n)) types.set(n, 'integer');
  return types;
}

/** The one scoring query of a policy; `$t` is the instant (ms since the epoch, a DOUBLE). */
export function scoringQuery(policy: CompiledPolicy): string {
  const t = '$t::DOUBLE';
  const ruleCase = policy.rules
    .map((rule) => {
      const ids = rule.categories.map(sqlString).join(', ');
      if (ids === '') return '';
      const when =
        rule.when === undefined ? '' : ` AND ${sqlExpression(parseCelSubset(rule.when.source))}`;
      return `WHEN category IN (${ids})${when} THEN ${rule.ordinal}`;
    })
    .filter((w) => w !== '')
    .join('\n        ');
  const pointsCase = policy.rules
    .map((rule) => {
      const points =
        rule.constantPoints !== undefined
          ? `(${rule.constantPoints})::DOUBLE`
          : `coalesce(${sqlExpression(parseCelSubset(rule.points.source))}, 0)`;
      return `WHEN ${rule.ordinal} THEN ${points}`;
    })
    .join('\n        ');
  const decays = policy.rules.filter((r) => r.decay === 'linear').map((r) => r.ordinal);
  const capped = policy.rules
    .filter((r) => r.cap !== undefined)
    .map((r) => `WHEN ${r.ordinal} THEN least(${r.cap}, greatest(-${r.cap}, total))`)
    .join(' ');
  const cappedTotal = capped === '' ? 'total' : `CASE rule ${capped} ELSE total END`;
  const sanctionBits = policy.lists
    .filter((l) => l.kind === 'sanction')
    .map((l) => {
      if (l.kind !== 'sanction') return '';
      const ids = l.include.categories.map(sqlString).join(', ');
      const when =
        l.include.when === undefined
          ? ''
          : ` AND coalesce(${sqlExpression(parseCelSubset(l.include.when.source))}, false)`;
      const kinds = kindsCondition(l.subjects, 'subjects.kind');
      return `bit_or(CASE WHEN category IN (${ids})${when} AND ${t} >= ${sqlShift('recorded', l.noticePeriod)} AND ${kinds} THEN ${2 ** l.ordinal}::BIGINT ELSE 0 END)`;
    });
  const incentives = policy.lists.filter((l) => l.kind === 'incentive');
  const blocked = incentives.map((l) => {
    if (l.kind !== 'incentive') return '';
    return `bool_or(adverse AND occurred <= ${t} AND ${t} < ${sqlShift('occurred', l.include.noAdverseWithin)} AND NOT (revoked_from <= ${t})) AS blocked_${l.ordinal}`;
  });
  const incentiveBits = incentives.map((l) => {
    if (l.kind !== 'incentive') return '0';
    const grades = l.include.grades
      .map((g) => policy.grades.findIndex((x) => x.grade === g))
      .filter((g) => g >= 0);
    const inGrades = grades.length === 0 ? 'false' : `grade IN (${grades.join(', ')})`;
    return `(CASE WHEN ${inGrades} AND NOT coalesce(blocked_${l.ordinal}, false) AND ${kindsCondition(l.subjects, 'graded.kind')} THEN ${2 ** l.ordinal}::BIGINT ELSE 0 END)`;
  });
  const gradeCase = policy.grades.map((g, i) => `WHEN score >= ${g.min} THEN ${i}`).join(' ');
  const lastGrade = policy.grades.length - 1;
  const { min, max } = policy.bounds;
  return `
WITH visible AS (
  SELECT s, category, occurred, recorded, until, effect_end, revoked_from, adverse, ${[...columnsOf(policy)].join(', ')},
    CASE
        ${ruleCase}
        ELSE -1 END AS rule
  FROM records
  WHERE recorded <= ${t}
), in_force AS (
  SELECT s, rule, category, recorded, ${[...columnsOf(policy)].join(', ')},
    CASE rule
        ${pointsCase}
        ELSE 0 END AS points,
    occurred, effect_end
  FROM visible
  WHERE ${t} < until
), contributions AS (
  SELECT s, rule,
    CASE WHEN rule IN (${decays.length === 0 ? '-2' : decays.join(', ')})
          AND floor((effect_end - occurred) / ${MS_PER_DAY}) > 0
      THEN (CASE WHEN n < 0 THEN -1 ELSE 1 END)
        * (floor(abs(n) / dd) + CASE WHEN 2 * (abs(n) - floor(abs(n) / dd) * dd) >= dd THEN 1 ELSE 0 END)
      ELSE (CASE WHEN points < 0 THEN -round(-points) ELSE round(points) END)
    END AS c
  FROM (
    SELECT s, rule, points, occurred, effect_end,
      floor((effect_end - occurred) / ${MS_PER_DAY}) AS dd,
      points * (floor((effect_end - occurred) / ${MS_PER_DAY}) - floor((${t} - occurred) / ${MS_PER_DAY})) AS n
    FROM in_force
    WHERE rule >= 0
  )
), rule_totals AS (
  SELECT s, rule, sum(c) AS total FROM contributions GROUP BY s, rule
), deltas AS (
  SELECT s, sum(${cappedTotal}) AS delta FROM rule_totals GROUP BY s
), sanctions AS (
  SELECT s, ${sanctionBits.length === 0 ? '0' : sanctionBits.join(' | ')} AS bits
  FROM in_force JOIN subjects USING (s)
  GROUP BY s
), blocks AS (
  SELECT s${blocked.length === 0 ? '' : ', ' + blocked.join(', ')} FROM visible GROUP BY s
), scored AS (
  SELECT subjects.s, subjects.kind,
    least(${max}, greatest(${min}, CASE subjects.kind WHEN 0 THEN ${policy.base.person} ELSE ${policy.base.organization} END + coalesce(deltas.delta, 0))) AS score
  FROM subjects LEFT JOIN deltas USING (s)
  WHERE subjects.adult_from <= ${t} AND subjects.closed_from > ${t}
), graded AS (
  SELECT scored.*, CASE ${gradeCase} ELSE ${lastGrade} END AS grade FROM scored
)
SELECT graded.s, graded.score, graded.grade,
  (coalesce(sanctions.bits, 0)${incentiveBits.length === 0 ? '' : ' | ' + incentiveBits.join(' | ')})::BIGINT AS lists
FROM graded LEFT JOIN sanctions USING (s) LEFT JOIN blocks USING (s)
`;
}

/** `kind` (a subject kind code column) is one of the kinds a list covers. */
function kindsCondition(kinds: readonly string[], kind: string): string {
  const codes = kinds.map((k) => (k === 'person' ? 0 : 1));
  return codes.length === 0 ? 'false' : `${kind} IN (${codes.join(', ')})`;
}

function columnsOf(policy: CompiledPolicy): Set<string> {
  const names = new Set<string>();
  const add = (source: string | undefined) => {
    if (source === undefined) return;
    collect(parseCelSubset(source), names);
  };
  for (const rule of policy.rules) {
    add(rule.when?.source);
    if (rule.constantPoints === undefined) add(rule.points.source);
  }
  for (const list of policy.lists) if (list.kind === 'sanction') add(list.include.when?.source);
  return names;
}

function collect(expr: CelExpr, into: Set<string>): void {
  switch (expr.kind) {
    case 'field':
      into.add(column(expr.name));
      return;
    case 'compare':
    case 'and':
    case 'or':
    case 'div':
      collect(expr.left, into);
      collect(expr.right, into);
      return;
    case 'cond':
      collect(expr.test, into);
      collect(expr.yes, into);
      collect(expr.no, into);
      return;
    case 'int':
    case 'string':
    case 'category':
      return;
  }
}

/** A DuckDB database (in memory, `threads` threads) holding one ledger, scored by one query. */
export class DuckDbPolicy {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly policy: CompiledPolicy,
    readonly sql: string,
  ) {}

  static async open(policy: CompiledPolicy, threads = 2): Promise<DuckDbPolicy> {
    const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
    const connection = await instance.connect();
    return new DuckDbPolicy(instance, connection, policy, scoringQuery(policy));
  }

  /** Loads the ledger (records and subjects); throws on a record only the record-state function can judge. */
  async load(
    ledger: DuckLedger,
    catalog: Catalog,
    adverse: (categoryId: string) => boolean,
  ): Promise<void> {
    const fields = fieldsRead(this.policy, catalog);
    const fieldColumns = [...fields].flatMap(([name, type]) => [
      `${column(name)} ${type === 'integer' ? 'DOUBLE' : type === 'string' ? 'VARCHAR' : 'BOOLEAN'}`,
      `${column(presenceFact(name))} DOUBLE`,
    ]);
    await this.connection.run(
      `CREATE TABLE subjects (s INTEGER, kind UTINYINT, adult_from DOUBLE, closed_from DOUBLE)`,
    );
    await this.connection.run(
      `CREATE TABLE records (s INTEGER, category VARCHAR, adverse BOOLEAN, occurred DOUBLE, recorded DOUBLE,
        effect_end DOUBLE, until DOUBLE, revoked_from DOUBLE${fieldColumns.map((c) => `, ${c}`).join('')})`,
    );
    const subjects = await this.connection.createAppender('subjects');
    for (let s = 0; s < ledger.subjects; s += 1) {
      subjects.appendInteger(s);
      subjects.appendUTinyInt(ledger.kind[s] ?? 0);
      subjects.appendDouble(ledger.adultFrom[s] ?? Infinity);
      subjects.appendDouble(ledger.closedFrom[s] ?? Infinity);
      subjects.endRow();
    }
    subjects.closeSync();
    const side: number[] = [];
    const records = await this.connection.createAppender('records');
    const adverseOf = new Map<string, boolean>();
    for (let r = 0; r < ledger.records; r += 1) {
      if (ledger.sidePath(r)) side.push(r);
      const category = ledger.categoryId(r);
      let isAdverse = adverseOf.get(category);
      if (isAdverse === undefined) {
        isAdverse = adverse(category);
        adverseOf.set(category, isAdverse);
      }
      records.appendInteger(ledger.subject[r] ?? 0);
      records.appendVarchar(category);
      records.appendBoolean(isAdverse);
      records.appendDouble(ledger.occurredAt[r] ?? 0);
      records.appendDouble(ledger.recordedAt[r] ?? 0);
      records.appendDouble(ledger.effectEnd[r] ?? 0);
      records.appendDouble(ledger.until[r] ?? 0);
      records.appendDouble(ledger.revokedFrom(r));
      const values = ledger.fields(r);
      for (const [name, type] of fields) {
        const v = values[name];
        if (type === 'integer') records.appendDouble(typeof v === 'number' ? v : 0);
        else if (type === 'string') records.appendVarchar(typeof v === 'string' ? v : '');
        else records.appendBoolean(v === true);
        records.appendDouble(v === undefined ? 0 : 1);
      }
      records.endRow();
    }
    records.closeSync();
    if (side.length > 0) {
      throw new Error(
        `the DuckDB peer cannot judge records with suspensions, objections or corrections (${side.length}, e.g. record index ${side[0]}): their state at t is the reference record-state function's`,
      );
    }
  }

  /** Runs the scoring query at t and reads its rows. */
  async score(t: number): Promise<DuckScores> {
    const reader = await this.connection.runAndReadAll(this.sql, { t });
    const [s, score, grade, lists] = reader.getColumnsJS() as [
      number[],
      number[],
      number[],
      bigint[],
    ];
    const out: DuckScores = { score: new Map(), grade: new Map(), lists: new Map() };
    for (let i = 0; i < s.length; i += 1) {
      const subject = Number(s[i]);
      out.score.set(subject, Number(score[i]));
      out.grade.set(subject, Number(grade[i]));
      out.lists.set(subject, Number(lists[i]) >>> 0);
    }
    return out;
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
