// What validation proves about a policy expression before it is compiled (docs/policy.md,
// "Expressions"), so that a careless author cannot hurt anyone by accident:
//  - depth: no expression nests deeper than MAX_EXPRESSION_DEPTH (measured with a loop, so a
//    text nested thousands of levels deep is a problem, never a stack overflow);
//  - literals: every number written lies in the exact integer range |x| <= 2^53 - 1;
//  - presence: an optional field is read only as `record.<field>` under a `has(record.<field>)`
//    guard that dominates the read (`has(record.x) && …`, `has(record.x) ? … : …`,
//    `!has(record.x) || …`); bare names are for required fields;
//  - range: interval arithmetic over the catalogue's min/max bounds shows that no intermediate
//    or final int of the expression can leave the exact integer range, so overflow is impossible.
// The exact integer range is that of a JS number (|x| <= 2^53 - 1), not CEL's int64: points,
// scores and record fields are JS numbers in the engine, in stored JSON and in the API, and a
// value beyond 2^53 could not be represented there even where int64 would not overflow.
import type { ASTNode } from '@marcbachmann/cel-js';
import type { ExpressionVariables } from './policy-compile.js';

/** The variable that holds the record's fields: `record.fine`, `has(record.fine)`. */
export const RECORD_VARIABLE = 'record';
/** The deepest an expression may nest (nodes from the root to the deepest leaf). */
export const MAX_EXPRESSION_DEPTH = 32;
/** The exact integer range of the engine: |x| <= 2^53 - 1 (Number.MAX_SAFE_INTEGER). */
export const MAX_EXACT_INTEGER = BigInt(Number.MAX_SAFE_INTEGER);

/** The direct sub-expressions of a node. */
export function childrenOf(node: ASTNode): ASTNode[] {
  switch (node.op) {
    case 'value':
    case 'id':
      return [];
    case '.':
    case '.?':
      return [node.args[0]];
    case 'call':
      return [...node.args[1]];
    case 'rcall':
      return [node.args[1], ...node.args[2]];
    case 'list':
      return [...node.args];
    case 'map':
      return node.args.flatMap(([k, v]) => [k, v]);
    case '!_':
    case '-_':
      return [node.args];
    case '?:':
      return [...node.args];
    case '[]':
    case '[?]':
    case '&&':
    case '||':
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
    case 'in':
      return [node.args[0], node.args[1]];
    default: {
      const never: never = node;
      return never;
    }
  }
}

/** The number of nodes on the longest path from the root, counted without recursion. */
export function expressionDepth(ast: ASTNode): number {
  let deepest = 0;
  const stack: [ASTNode, number][] = [[ast, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [ASTNode, number];
    if (depth > deepest) deepest = depth;
    for (const child of childrenOf(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** The fields named as `record.<field>` (read or tested with has()), sorted. */
export function selectedFields(ast: ASTNode): string[] {
  const names = new Set<string>();
  const stack: ASTNode[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop() as ASTNode;
    if (node.op === '.' && node.args[0].op === 'id' && node.args[0].args === RECORD_VARIABLE)
      names.add(node.args[1]);
    stack.push(...childrenOf(node));
  }
  return [...names].sort();
}

/** The source text of a sub-expression, for messages. */
function textOf(source: string, node: ASTNode): string {
  return source.slice(node.start, node.end);
}

/** Number literals outside the exact integer range (ints, uints and doubles alike). */
export function literalProblems(source: string, ast: ASTNode): string[] {
  const problems: string[] = [];
  const stack: ASTNode[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop() as ASTNode;
    stack.push(...childrenOf(node));
    if (node.op !== 'value') continue;
    const v = node.args;
    let outside = false;
    if (typeof v === 'bigint') outside = v > MAX_EXACT_INTEGER || v < -MAX_EXACT_INTEGER;
    else if (typeof v === 'number')
      outside = !Number.isFinite(v) || Math.abs(v) > Number.MAX_SAFE_INTEGER;
    else if (typeof v === 'object' && v !== null && 'value' in v && typeof v.value === 'bigint')
      outside = v.value > MAX_EXACT_INTEGER;
    if (outside)
      problems.push(
        `the literal ${textOf(source, node)} is outside the exact integer range (±${MAX_EXACT_INTEGER})`,
      );
  }
  return problems;
}

// ---- Presence ----------------------------------------------------------------------------------

/** One read of a record field: bare (`fine`) or selected (`record.fine`), and whether guarded. */
export interface FieldRead {
  readonly name: string;
  readonly bare: boolean;
  /** A `has(record.<name>)` that holds wherever this read is evaluated dominates it. */
  readonly guarded: boolean;
}

export interface PresenceAnalysis {
  readonly reads: readonly FieldRead[];
  /** `record` used other than as `record.<field>` or inside `has(…)`. */
  readonly misuses: readonly string[];
}

/** The field a `has(record.<field>)` tests, if the node is one. */
function presenceTest(node: ASTNode): string | undefined {
  if (node.op !== 'call' || node.args[0] !== 'has' || node.args[1].length !== 1) return undefined;
  const selection = node.args[1][0];
  if (selection?.op !== '.') return undefined;
  const [target, name] = selection.args;
  return target.op === 'id' && target.args === RECORD_VARIABLE ? name : undefined;
}

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  return new Set([...a, ...b]);
}

function intersection(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  return new Set([...a].filter((x) => b.has(x)));
}

const NONE: ReadonlySet<string> = new Set();

/** The fields certainly present when `node` is true. */
export function presentWhenTrue(node: ASTNode): ReadonlySet<string> {
  const tested = presenceTest(node);
  if (tested !== undefined) return new Set([tested]);
  if (node.op === '&&') return union(presentWhenTrue(node.args[0]), presentWhenTrue(node.args[1]));
  if (node.op === '||')
    return intersection(presentWhenTrue(node.args[0]), presentWhenTrue(node.args[1]));
  if (node.op === '!_') return presentWhenFalse(node.args);
  return NONE;
}

/** The fields certainly present when `node` is false. */
function presentWhenFalse(node: ASTNode): ReadonlySet<string> {
  if (node.op === '||')
    return union(presentWhenFalse(node.args[0]), presentWhenFalse(node.args[1]));
  if (node.op === '&&')
    return intersection(presentWhenFalse(node.args[0]), presentWhenFalse(node.args[1]));
  if (node.op === '!_') return presentWhenTrue(node.args);
  return NONE;
}

/**
 * Every field read with whether a presence guard dominates it. Guards count left to right, as
 * written: the right side of `&&` sees what the left side's truth proves, the right side of `||`
 * what the left side's falsehood proves, and each branch of `?:` what its condition proves.
 * `names` are the record's field names (anything else bare is not a read of this analysis);
 * `present` the fields known present before the expression runs (a rule's `when`, for `points`).
 */
export function presenceOf(
  ast: ASTNode,
  names: ReadonlySet<string>,
  present: ReadonlySet<string> = NONE,
): PresenceAnalysis {
  const reads: FieldRead[] = [];
  const misuses: string[] = [];
  const visit = (node: ASTNode, known: ReadonlySet<string>): void => {
    if (presenceTest(node) !== undefined) return;
    if (node.op === '.') {
      const [target, name] = node.args;
      if (target.op === 'id' && target.args === RECORD_VARIABLE)
        reads.push({ name, bare: false, guarded: known.has(name) });
      else visit(target, known);
    } else if (node.op === 'id') {
      if (node.args === RECORD_VARIABLE)
        misuses.push(
          `"${RECORD_VARIABLE}" is read only field by field: record.<field>, guarded by has(record.<field>) for an optional field`,
        );
      else if (names.has(node.args)) reads.push({ name: node.args, bare: true, guarded: false });
    } else if (node.op === '&&') {
      visit(node.args[0], known);
      visit(node.args[1], union(known, presentWhenTrue(node.args[0])));
    } else if (node.op === '||') {
      visit(node.args[0], known);
      visit(node.args[1], union(known, presentWhenFalse(node.args[0])));
    } else if (node.op === '?:') {
      const [condition, yes, no] = node.args;
      visit(condition, known);
      visit(yes, union(known, presentWhenTrue(condition)));
      visit(no, union(known, presentWhenFalse(condition)));
    } else {
      for (const child of childrenOf(node)) visit(child, known);
    }
  };
  visit(ast, present);
  return { reads, misuses };
}

// ---- Range -------------------------------------------------------------------------------------

interface Range {
  readonly lo: bigint;
  readonly hi: bigint;
  /** Fields read without a declared bound on the side that matters (named in problems). */
  readonly unbounded: readonly string[];
}

/** Not an int (string, bool, double...), or an int validation cannot bound (a function's). */
type Shape = Range | 'other' | 'unknown';

/** Functions whose int result validation cannot bound: arithmetic on them is refused. */
const INT_FUNCTIONS: ReadonlySet<string> = new Set([
  'int',
  'uint',
  'size',
  'getFullYear',
  'getMonth',
  'getDate',
  'getDayOfMonth',
  'getDayOfWeek',
  'getDayOfYear',
  'getHours',
  'getMinutes',
  'getSeconds',
  'getMilliseconds',
]);

function minOf(values: readonly bigint[]): bigint {
  return values.reduce((a, b) => (b < a ? b : a));
}

function maxOf(values: readonly bigint[]): bigint {
  return values.reduce((a, b) => (b > a ? b : a));
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

/** Truncating division over intervals, the divisor without 0 (by zero is a run-time error). */
function divide(a: Range, b: Range): { lo: bigint; hi: bigint } {
  const parts: [bigint, bigint][] = [];
  if (b.lo <= -1n) parts.push([b.lo, b.hi < -1n ? b.hi : -1n]);
  if (b.hi >= 1n) parts.push([b.lo > 1n ? b.lo : 1n, b.hi]);
  if (parts.length === 0) return { lo: 0n, hi: 0n };
  const candidates: bigint[] = [];
  for (const [l, h] of parts) for (const d of [l, h]) candidates.push(a.lo / d, a.hi / d);
  return { lo: minOf(candidates), hi: maxOf(candidates) };
}

/** CEL's `%`: the result has the dividend's sign and |r| < |divisor|, |r| <= |dividend|. */
function remainder(a: Range, b: Range): { lo: bigint; hi: bigint } {
  const divisor = maxOf([abs(b.lo), abs(b.hi)]) - 1n;
  const bound = minOf([maxOf([abs(a.lo), abs(a.hi)]), divisor < 0n ? 0n : divisor]);
  return { lo: a.lo < 0n ? -bound : 0n, hi: a.hi > 0n ? bound : 0n };
}

/**
 * Proves that every int the expression computes stays in the exact integer range, from the
 * fields' catalogue bounds (a field without a bound ranges over the whole exact range, which is
 * all ingest accepts). Gives one message per sub-expression that cannot be proved, naming it, the
 * range it can reach and the fields whose bounds would have to be declared.
 */
export function rangeProblems(
  source: string,
  ast: ASTNode,
  variables: ExpressionVariables,
): string[] {
  const problems: string[] = [];
  const fieldRange = (name: string): Shape => {
    const field = variables.get(name);
    if (field?.type !== 'integer') return 'other';
    const unbounded: string[] = [];
    if (field.min === undefined || field.max === undefined) unbounded.push(name);
    return {
      lo: field.min === undefined ? -MAX_EXACT_INTEGER : BigInt(field.min),
      hi: field.max === undefined ? MAX_EXACT_INTEGER : BigInt(field.max),
      unbounded,
    };
  };
  const checked = (node: ASTNode, lo: bigint, hi: bigint, from: readonly Range[]): Shape => {
    const unbounded = [...new Set(from.flatMap((r) => r.unbounded))].sort();
    if (lo < -MAX_EXACT_INTEGER || hi > MAX_EXACT_INTEGER) {
      const why =
        unbounded.length > 0
          ? `; declare a max (and min) for ${unbounded.join(', ')} in the catalogue, or bound it in the expression`
          : '';
      problems.push(
        `"${textOf(source, node)}" can reach ${lo < -MAX_EXACT_INTEGER ? lo : hi}, outside the exact integer range (±${MAX_EXACT_INTEGER})${why}`,
      );
      // Report each overflow once: the enclosing arithmetic is judged on the clipped range.
      return {
        lo: lo < -MAX_EXACT_INTEGER ? -MAX_EXACT_INTEGER : lo,
        hi: hi > MAX_EXACT_INTEGER ? MAX_EXACT_INTEGER : hi,
        unbounded,
      };
    }
    return { lo, hi, unbounded };
  };
  const unknown = (node: ASTNode, operand: ASTNode): Shape => {
    problems.push(
      `"${textOf(source, node)}" does arithmetic on "${textOf(source, operand)}", whose range cannot be proved: integer arithmetic may use only literals and catalogue fields`,
    );
    return 'other';
  };
  const walk = (node: ASTNode): Shape => {
    switch (node.op) {
      case 'value': {
        const v = node.args;
        if (typeof v === 'bigint') return { lo: v, hi: v, unbounded: [] };
        return 'other';
      }
      case 'id':
        return fieldRange(node.args);
      case '.': {
        const [target, name] = node.args;
        if (target.op === 'id' && target.args === RECORD_VARIABLE) return fieldRange(name);
        walk(target);
        return 'other';
      }
      case '-_': {
        const a = walk(node.args);
        if (a === 'unknown') return unknown(node, node.args);
        if (a === 'other') return 'other';
        return checked(node, -a.hi, -a.lo, [a]);
      }
      case '+':
      case '-':
      case '*':
      case '/':
      case '%': {
        const a = walk(node.args[0]);
        const b = walk(node.args[1]);
        if (a === 'other' || b === 'other') return 'other';
        if (a === 'unknown') return unknown(node, node.args[0]);
        if (b === 'unknown') return unknown(node, node.args[1]);
        if (node.op === '+') return checked(node, a.lo + b.lo, a.hi + b.hi, [a, b]);
        if (node.op === '-') return checked(node, a.lo - b.hi, a.hi - b.lo, [a, b]);
        if (node.op === '*') {
          const products = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
          return checked(node, minOf(products), maxOf(products), [a, b]);
        }
        const r = node.op === '/' ? divide(a, b) : remainder(a, b);
        return checked(node, r.lo, r.hi, [a, b]);
      }
      case '?:': {
        walk(node.args[0]);
        const yes = walk(node.args[1]);
        const no = walk(node.args[2]);
        if (yes === 'unknown' || no === 'unknown') return 'unknown';
        if (yes === 'other' || no === 'other') return 'other';
        return {
          lo: minOf([yes.lo, no.lo]),
          hi: maxOf([yes.hi, no.hi]),
          unbounded: [...yes.unbounded, ...no.unbounded],
        };
      }
      case 'call':
        for (const arg of node.args[1]) walk(arg);
        return INT_FUNCTIONS.has(node.args[0]) ? 'unknown' : 'other';
      case 'rcall':
        for (const child of childrenOf(node)) walk(child);
        return INT_FUNCTIONS.has(node.args[0]) ? 'unknown' : 'other';
      case '[]':
      case '[?]':
        for (const child of childrenOf(node)) walk(child);
        return 'unknown';
      case '.?':
      case '!_':
      case '&&':
      case '||':
      case '==':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
      case 'in':
      case 'list':
      case 'map':
        for (const child of childrenOf(node)) walk(child);
        return 'other';
      default: {
        const never: never = node;
        return never;
      }
    }
  };
  walk(ast);
  return problems;
}
