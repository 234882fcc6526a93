import { Environment, EvaluationError } from '@marcbachmann/cel-js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordFields } from '../ledger/ledger-types.js';
import {
  createExpressionCompiler,
  freeIdentifiers,
  type ExpressionField,
  type ExpressionVariables,
} from './policy-compile.js';
import { failure } from './policy-types.js';

/** a, b, s and flag as required fields (also bare names); o optional (only on `record`). */
const VARIABLES: ExpressionVariables = new Map<string, ExpressionField>([
  ['a', { type: 'integer', required: true }],
  ['b', { type: 'integer', required: true }],
  ['s', { type: 'string', required: true }],
  ['flag', { type: 'boolean', required: true }],
  ['o', { type: 'integer', required: false }],
]);

/**
 * The oracle: cel-js itself, with CEL's own conventions: a field absent from the record is absent
 * from `record` and unbound as a bare name, so reading it is an error (compared by message).
 */
const oracleEnv = new Environment()
  .registerVariable('a', 'int')
  .registerVariable('b', 'int')
  .registerVariable('s', 'string')
  .registerVariable('flag', 'bool')
  .registerVariable({
    name: 'record',
    schema: { a: 'int', b: 'int', s: 'string', flag: 'bool', o: 'int' },
  })
  .registerVariable('category', 'string')
  .registerVariable('tier', 'string');

function oracle(source: string, fields: RecordFields, category: string, tier: string): unknown {
  const record: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields))
    record[name] = typeof value === 'number' ? BigInt(value) : value;
  const context: Record<string, unknown> = { ...record, record, category, tier };
  delete context.o;
  try {
    const value: unknown = oracleEnv.evaluate(source, context);
    return typeof value === 'bigint' ? Number(value) : value;
  } catch (error) {
    if (error instanceof EvaluationError) return failure(error.message.split('\n', 1)[0] ?? '');
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
  'has(record.o) && record.o < 500000',
  '!has(record.o) || record.o > a',
  'has(record.o) ? record.o / b > 1 : flag',
  'record.o > 3 || flag',
  'flag && record.a + record.b > 0',
  'record.o > 3 && false',
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
  'has(record.o) ? (record.o >= 100000000 ? -80 : -40) : -40',
  'record.o % 3',
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
    const sized = compiler.points('size(s) * 2', VARIABLES);
    expect(sized.ok && !sized.expression.fast).toBe(true);
  });

  it('agrees with cel-js on every predicate for random field values, errors and their messages included', () => {
    const compiled = PREDICATES.map((source) => {
      const c = compiler.predicate(source, VARIABLES);
      if (!c.ok) throw new Error(`${source}: ${c.message}`);
      return { source, expression: c.expression };
    });
    fc.assert(
      fc.property(fields, category, tier, (f, c, t) => {
        for (const { source, expression } of compiled) {
          const expected = oracle(source, f, c, t);
          expect(expression.attempt(f, c, t), source).toEqual(expected);
          expect(expression.evaluate(f, c, t), source).toBe(expected === true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with cel-js on every points expression for random field values, errors and their messages included', () => {
    const compiled = POINTS.map((source) => {
      const c = compiler.points(source, VARIABLES);
      if (!c.ok) throw new Error(`${source}: ${c.message}`);
      return { source, expression: c.expression };
    });
    fc.assert(
      fc.property(fields, category, tier, (f, c, t) => {
        for (const { source, expression } of compiled) {
          const expected = oracle(source, f, c, t);
          const value =
            typeof expected === 'number' && !Number.isSafeInteger(expected)
              ? failure(`integer outside the exact range: ${BigInt(expected)}`)
              : expected;
          const got = expression.attempt(f, c, t);
          if (typeof value === 'number') expect(got, source).toBe(value === 0 ? 0 : value);
          else if (typeof got === 'object' && typeof value === 'object' && value !== null)
            expect(got.failed, source).toBe(true);
          else expect(got, source).toEqual(value);
          expect(expression.evaluate(f, c, t), source).toBe(typeof got === 'number' ? got : 0);
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

  it("gives a run-time error as a failure with CEL's message, and the total form as false or zero", () => {
    const when = compiler.predicate('a / b > 0', VARIABLES);
    const points = compiler.points('a % b', VARIABLES);
    if (!when.ok || !points.ok) throw new Error('expected both to compile');
    expect(when.expression.attempt({ a: 1, b: 0 }, '', '')).toEqual(failure('division by zero'));
    expect(points.expression.attempt({ a: 1, b: 0 }, '', '')).toEqual(failure('modulo by zero'));
    expect(when.expression.evaluate({ a: 1, b: 0 }, '', '')).toBe(false);
    expect(points.expression.evaluate({ a: 1, b: 0 }, '', '')).toBe(0);
  });

  it('never reads an absent field as 0, "" or false: reading it is an error, has() tells it apart', () => {
    const bare = compiler.predicate('a == 0 && s == "" && !flag', VARIABLES);
    const selected = compiler.predicate('record.o < 500000', VARIABLES);
    const guarded = compiler.predicate('has(record.o) && record.o < 500000', VARIABLES);
    const points = compiler.points(
      'has(record.o) ? (record.o >= 100000000 ? -80 : -40) : 0',
      VARIABLES,
    );
    if (!bare.ok || !selected.ok || !guarded.ok || !points.ok)
      throw new Error('expected all to compile');
    expect(bare.expression.attempt({}, '', '')).toEqual(failure('Unknown variable: flag'));
    expect(selected.expression.attempt({}, '', '')).toEqual(failure('No such key: o'));
    expect(guarded.expression.attempt({}, '', '')).toBe(false);
    expect(guarded.expression.attempt({ o: 12 }, '', '')).toBe(true);
    expect(points.expression.attempt({}, '', '')).toBe(0);
    expect(points.expression.attempt({ o: 100000000 }, '', '')).toBe(-80);
  });

  it('gives an int beyond the exact range as a failure, never as a rounded number of points', () => {
    const c = compiler.points('-(a * 2048)', VARIABLES);
    if (!c.ok) throw new Error(c.message);
    expect(
      c.expression.attempt({ a: 4_503_599_627_370_496, b: 1, s: '', flag: true }, '', ''),
    ).toEqual(failure('integer overflow: 9223372036854775808'));
    expect(
      c.expression.attempt({ a: 4_503_599_627_370, b: 1, s: '', flag: true }, '', ''),
    ).toMatchObject({
      failed: true,
    });
  });

  it('refuses points that are not an int, and reads a deeply nested text as a problem, not a crash', () => {
    for (const source of ['1.5', 'double(a) * 0.5', 'double(a) / 2.0', '3u']) {
      const c = compiler.points(source, VARIABLES);
      expect(c.ok === false && c.notInteger, source).toBe(true);
    }
    const deep = `${'('.repeat(3000)}a${')'.repeat(3000)} > 0`;
    const unary = `${'-'.repeat(5000)}a > 0`;
    for (const source of [deep, unary]) {
      const parsed = compiler.parse(source);
      expect(parsed.ok === false && parsed.reason, source.slice(0, 10)).toBe('depth');
    }
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
