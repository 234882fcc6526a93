import { Environment, EvaluationError } from '@marcbachmann/cel-js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldType } from '../catalog/index.js';
import type { RecordFields } from '../ledger/ledger-types.js';
import { createExpressionCompiler, freeIdentifiers } from './policy-compile.js';

const VARIABLES: ReadonlyMap<string, FieldType> = new Map<string, FieldType>([
  ['a', 'integer'],
  ['b', 'integer'],
  ['s', 'string'],
  ['flag', 'boolean'],
]);

/** The oracle: cel-js itself, with the same conventions (absent field = zero value; error = false / 0). */
const oracleEnv = new Environment()
  .registerVariable('a', 'int')
  .registerVariable('b', 'int')
  .registerVariable('s', 'string')
  .registerVariable('flag', 'bool')
  .registerVariable('category', 'string')
  .registerVariable('tier', 'string');

function oracle(source: string, fields: RecordFields, category: string, tier: string): unknown {
  const context = {
    a: BigInt(typeof fields.a === 'number' ? fields.a : 0),
    b: BigInt(typeof fields.b === 'number' ? fields.b : 0),
    s: typeof fields.s === 'string' ? fields.s : '',
    flag: typeof fields.flag === 'boolean' ? fields.flag : false,
    category,
    tier,
  };
  try {
    const value: unknown = oracleEnv.evaluate(source, context);
    return typeof value === 'bigint' ? Number(value) : value;
  } catch (error) {
    if (error instanceof EvaluationError) return 'error';
    throw error;
  }
}

const PREDICATES = [
  'a > b && flag',
  'a >= 100000 || !flag',
  'flag || a / b > 2',
  '(a / b > 2) || flag',
  'a / b > 2 && !flag',
  '!flag && (a % b == 1)',
  '(a % b == 1) && false',
  's == "x" || s != "y" && a <= b',
  's in ["x", "y", ""]',
  'a in [1, 2, b]',
  'a in [-1, 0, 1] == flag',
  'category == "court.debtor" && tier == "serious"',
  'category in ["court.debtor", "utility.arrears"] ? a > 0 : b > 0',
  's + "!" == "x!"',
  'a * b * 1000000 > 0',
  'a + b > 9007199254740000',
  '-a < b - 3',
  '(a > 0 ? a : -a) / 7 >= 2',
] as const;

const POINTS = [
  'a + b * 3 - 7',
  'a / b',
  'a % b',
  '-a / 3',
  'b / -4 + a % -3',
  's == "x" ? a : b',
  'a >= 100000 ? -100 : (a >= 1000 ? -50 : -10)',
  'a * b * 1000000',
  'a * 9007199254',
  'flag ? a / 10 : -(b / 10)',
  'tier == "serious" ? -100 : -20',
] as const;

const integer = fc.oneof(
  fc.integer({ min: -12, max: 12 }),
  fc.integer(),
  fc.constantFrom(0, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 100_000, 999),
);
const fields = fc.record(
  { a: integer, b: integer, s: fc.constantFrom('x', 'y', '', 'xy', 'é'), flag: fc.boolean() },
  { requiredKeys: [] },
);
const category = fc.constantFrom('court.debtor', 'utility.arrears', 'civic.volunteering');
const tier = fc.constantFrom('serious', 'minor', '');

describe('compiled expressions', () => {
  const compiler = createExpressionCompiler();

  it('runs the common subset as closures, and the rest through cel-js', () => {
    for (const source of PREDICATES) {
      const compiled = compiler.predicate(source, VARIABLES);
      expect(compiled.ok && compiled.expression.fast, source).toBe(true);
    }
    for (const source of POINTS) {
      const compiled = compiler.points(source, VARIABLES);
      expect(compiled.ok && compiled.expression.fast, source).toBe(true);
    }
    for (const source of ['s.startsWith("x")', 'size(s) > 1', 'double(a) > 1.5', 's < "y"']) {
      const compiled = compiler.predicate(source, VARIABLES);
      expect(compiled.ok && !compiled.expression.fast, source).toBe(true);
    }
    const doubled = compiler.points('double(a) * 0.5', VARIABLES);
    expect(doubled.ok && !doubled.expression.fast).toBe(true);
  });

  it('agrees with cel-js on every predicate for random field values', () => {
    const compiled = PREDICATES.map((source) => {
      const c = compiler.predicate(source, VARIABLES);
      if (!c.ok) throw new Error(`${source}: ${c.message}`);
      return { source, evaluate: c.expression.evaluate };
    });
    fc.assert(
      fc.property(fields, category, tier, (f, c, t) => {
        for (const { source, evaluate } of compiled) {
          const expected = oracle(source, f, c, t);
          expect(evaluate(f, c, t), source).toBe(expected === 'error' ? false : expected);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with cel-js on every points expression for random field values', () => {
    const compiled = POINTS.map((source) => {
      const c = compiler.points(source, VARIABLES);
      if (!c.ok) throw new Error(`${source}: ${c.message}`);
      return { source, evaluate: c.expression.evaluate };
    });
    fc.assert(
      fc.property(fields, category, tier, (f, c, t) => {
        for (const { source, evaluate } of compiled) {
          const expected = oracle(source, f, c, t);
          expect(evaluate(f, c, t), source).toBe(
            expected === 'error' ? 0 : expected === 0 ? 0 : expected,
          );
        }
      }),
      { numRuns: 500 },
    );
  });

  it('truncates integer division toward zero and gives JS numbers', () => {
    const c = compiler.points('a / b', VARIABLES);
    if (!c.ok) throw new Error(c.message);
    expect(c.expression.evaluate({ a: -7, b: 2 }, '', '')).toBe(-3);
    expect(c.expression.evaluate({ a: 7, b: -2 }, '', '')).toBe(-3);
    expect(
      c.expression.evaluate({ a: 9_007_199_254_740_991, b: 9_007_199_254_740_990 }, '', ''),
    ).toBe(1);
  });

  it('treats a run-time error as a when that does not hold and as zero points', () => {
    const when = compiler.predicate('a / b > 0', VARIABLES);
    const points = compiler.points('a % b', VARIABLES);
    if (!when.ok || !points.ok) throw new Error('expected both to compile');
    expect(when.expression.evaluate({ a: 1, b: 0 }, '', '')).toBe(false);
    expect(points.expression.evaluate({ a: 1, b: 0 }, '', '')).toBe(0);
  });

  it('reads an absent optional field as its zero value', () => {
    const c = compiler.predicate('a == 0 && s == "" && !flag', VARIABLES);
    if (!c.ok) throw new Error(c.message);
    expect(c.expression.evaluate({}, '', '')).toBe(true);
  });

  it('lists the record fields an expression reads, without macro variables', () => {
    const parsed = compiler.parse('[1, 2].exists(x, x > a) && cel.bind(y, b, y > 0) && tier == ""');
    expect(parsed.ok && parsed.identifiers).toEqual(['a', 'b', 'tier']);
    const c = compiler.predicate('a > 1 && category == "x"', VARIABLES);
    expect(c.ok && c.expression.fields).toEqual(['a']);
    const p = compiler.parse('a > 1');
    expect(p.ok && freeIdentifiers(p.ast)).toEqual(['a']);
  });

  it('refuses a when that is not bool and points that are not a number', () => {
    expect(compiler.predicate('a + 1', VARIABLES).ok).toBe(false);
    expect(compiler.points('s', VARIABLES).ok).toBe(false);
    expect(compiler.points('flag', VARIABLES).ok).toBe(false);
  });
});
