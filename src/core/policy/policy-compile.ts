// Compiles a policy's CEL expressions, once per policy version, into plain JS closures.
//
// Each expression is type-checked by cel-js in an environment that holds ONLY the record's own
// fields visible to it, `category` and `tier` (charter C3: there is nothing else to name). Then
// the cel-js AST is translated into a tree of closures for a common subset: identifiers; int,
// string and bool literals; == != < <= > >=; + - * / %; && || !; unary minus; ?:; and `in` over a
// list literal. Anything else (doubles, uints, functions, macros, string ordering) runs through
// cel-js itself: correct, only slower. No `eval` and no `new Function` (house rule).
//
// The closures follow CEL exactly where the two could differ:
//  - CEL ints are 64-bit BigInts in cel-js; the closures use JS numbers and, the moment an
//    intermediate result leaves the safe-integer range, hand the whole evaluation to cel-js,
//    which then gives the exact result or its overflow error.
//  - Integer division truncates toward zero and `%` takes the dividend's sign; by zero is an error.
//  - && and || absorb errors from either side (`error && false` is false), like CEL.
// A run-time error makes a `when` false and a `points` 0: the compiled functions are total, so a
// single odd record never stops a rescoring of millions.
import { Environment, EvaluationError, ParseError, type ASTNode } from '@marcbachmann/cel-js';
import type { FieldType } from '../catalog/index.js';
import type { FieldValue, RecordFields } from '../ledger/ledger-types.js';
import type { CompiledExpression, RecordPoints, RecordPredicate } from './policy-types.js';

/** The record fields an expression may read, with their catalogue types. */
export type ExpressionVariables = ReadonlyMap<string, FieldType>;

/** The two names every expression sees besides the record's fields. */
export const BUILTIN_VARIABLES = ['category', 'tier'] as const;

export type ParsedExpression =
  | { readonly ok: true; readonly ast: ASTNode; readonly identifiers: readonly string[] }
  | { readonly ok: false; readonly message: string };

export type CompileOutcome<F extends RecordPredicate | RecordPoints> =
  | { readonly ok: true; readonly expression: CompiledExpression<F> }
  | { readonly ok: false; readonly message: string };

export interface ExpressionCompiler {
  /** Syntax only, and the free identifiers the expression names (macro variables excluded). */
  parse(source: string): ParsedExpression;
  /** A `when`: must type-check as bool. */
  predicate(source: string, variables: ExpressionVariables): CompileOutcome<RecordPredicate>;
  /** A `points`: must type-check as a number (int, uint or double). */
  points(source: string, variables: ExpressionVariables): CompileOutcome<RecordPoints>;
}

const CEL_TYPE: Readonly<Record<FieldType, string>> = {
  integer: 'int',
  string: 'string',
  boolean: 'bool',
};
const NUMBER_TYPES: ReadonlySet<string> = new Set(['int', 'uint', 'double']);

/** Creates a compiler; environments are shared between expressions that see the same fields. */
export function createExpressionCompiler(): ExpressionCompiler {
  const syntaxOnly = new Environment({ unlistedVariablesAreDyn: true });
  const environments = new Map<string, Environment>();

  const environmentFor = (variables: ExpressionVariables): Environment => {
    const names = [...variables.keys()].sort();
    const key = names.map((n) => `${n}:${variables.get(n)}`).join(',');
    let env = environments.get(key);
    if (env === undefined) {
      env = new Environment();
      for (const name of BUILTIN_VARIABLES) env.registerVariable(name, 'string');
      for (const name of names)
        env.registerVariable(name, CEL_TYPE[variables.get(name) ?? 'string']);
      environments.set(key, env);
    }
    return env;
  };

  const typed = (
    source: string,
    variables: ExpressionVariables,
    accepts: (type: string) => boolean,
    wanted: string,
  ): { ok: true; env: Environment; ast: ASTNode } | { ok: false; message: string } => {
    const env = environmentFor(variables);
    const result = env.check(source);
    if (!result.valid)
      return { ok: false, message: firstLine(result.error?.message ?? 'does not type-check') };
    if (result.type === undefined || !accepts(result.type)) {
      return {
        ok: false,
        message: `must give ${wanted}, but gives ${result.type ?? 'an unknown type'}`,
      };
    }
    return { ok: true, env, ast: env.parse(source).ast };
  };

  return {
    parse(source) {
      try {
        const ast = syntaxOnly.parse(source).ast;
        return { ok: true, ast, identifiers: freeIdentifiers(ast) };
      } catch (error) {
        if (error instanceof ParseError) return { ok: false, message: firstLine(error.message) };
        throw error;
      }
    },
    predicate(source, variables) {
      const checked = typed(source, variables, (t) => t === 'bool', 'a bool');
      if (!checked.ok) return checked;
      const slow = slowEvaluator(checked.env, source, variables);
      const fast = translate(checked.ast, variables);
      const evaluate: RecordPredicate =
        fast?.type === 'bool' ? fastPredicate(fast.run, slow) : (f, c, t) => slow(f, c, t) === true;
      return {
        ok: true,
        expression: expression(source, checked.ast, fast !== undefined, evaluate),
      };
    },
    points(source, variables) {
      const checked = typed(
        source,
        variables,
        (t) => NUMBER_TYPES.has(t),
        'a number (int or double)',
      );
      if (!checked.ok) return checked;
      const slow = slowEvaluator(checked.env, source, variables);
      const fast = translate(checked.ast, variables);
      const slowPoints: RecordPoints = (f, c, t) => toPoints(slow(f, c, t));
      const evaluate: RecordPoints =
        fast?.type === 'int' ? fastPoints(fast.run, slowPoints) : slowPoints;
      return {
        ok: true,
        expression: expression(source, checked.ast, fast !== undefined, evaluate),
      };
    },
  };
}

/** A constant `points` as a compiled expression, so the engine always has a closure to call. */
export function constantPoints(value: number): CompiledExpression<RecordPoints> {
  return { source: String(value), fields: [], fast: true, evaluate: () => value };
}

function expression<F extends RecordPredicate | RecordPoints>(
  source: string,
  ast: ASTNode,
  fast: boolean,
  evaluate: F,
): CompiledExpression<F> {
  const fields = freeIdentifiers(ast).filter(
    (n) => !(BUILTIN_VARIABLES as readonly string[]).includes(n),
  );
  return { source, fields, fast, evaluate };
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}

// ---- The cel-js path -------------------------------------------------------------------------

type Evaluate = (fields: RecordFields, category: string, tier: string) => unknown;

const FAILED = Symbol('failed');

/** Evaluates through cel-js: fields become CEL values (ints as BigInt; absent -> zero value). */
function slowEvaluator(env: Environment, source: string, variables: ExpressionVariables): Evaluate {
  const program = env.parse(source);
  const entries = [...variables.entries()];
  return (fields, category, tier) => {
    const context: Record<string, unknown> = { category, tier };
    for (const [name, type] of entries) context[name] = celValue(fields[name], type);
    try {
      return program(context) as unknown;
    } catch (error) {
      if (error instanceof EvaluationError) return FAILED;
      throw error;
    }
  };
}

function celValue(value: FieldValue | undefined, type: FieldType): unknown {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : 0n;
    case 'string':
      return typeof value === 'string' ? value : '';
    case 'boolean':
      return typeof value === 'boolean' ? value : false;
    default: {
      const never: never = type;
      return never;
    }
  }
}

/** A CEL result as points: ints become numbers; errors and non-finite doubles give 0. */
function toPoints(value: unknown): number {
  let n: number;
  if (typeof value === 'bigint') n = Number(value);
  else if (typeof value === 'number') n = value;
  else if (typeof value === 'object' && value !== null && 'value' in value) n = Number(value.value);
  else return 0;
  return Number.isFinite(n) && n !== 0 ? n : 0;
}

// ---- The closure path ------------------------------------------------------------------------

type FastType = 'int' | 'string' | 'bool';
type Run = (fields: RecordFields, category: string, tier: string) => number | string | boolean;
interface Fast {
  readonly type: FastType;
  readonly run: Run;
  /** Set when the node is a literal. */
  readonly constant?: number | string | boolean;
}

/** Thrown (preallocated, no per-record cost) for a CEL run-time error: division by zero. */
class CelRuntimeError extends Error {}
/** Thrown when an int leaves the safe range: cel-js takes over for that evaluation. */
class OutsideFastRange extends Error {}
const RUNTIME_ERROR = new CelRuntimeError('CEL evaluation error');
const OUTSIDE_FAST_RANGE = new OutsideFastRange('integer outside the safe range');

function fastPredicate(run: Run, slow: Evaluate): RecordPredicate {
  return (f, c, t) => {
    try {
      return run(f, c, t) === true;
    } catch (error) {
      if (error === RUNTIME_ERROR) return false;
      if (error === OUTSIDE_FAST_RANGE) return slow(f, c, t) === true;
      throw error;
    }
  };
}

function fastPoints(run: Run, slow: RecordPoints): RecordPoints {
  return (f, c, t) => {
    try {
      const n = run(f, c, t) as number;
      return n === 0 ? 0 : n;
    } catch (error) {
      if (error === RUNTIME_ERROR) return 0;
      if (error === OUTSIDE_FAST_RANGE) return slow(f, c, t);
      throw error;
    }
  };
}

function safe(n: number): number {
  if (!Number.isSafeInteger(n)) throw OUTSIDE_FAST_RANGE;
  return n;
}

function fieldDefault(type: FieldType): number | string | boolean {
  return type === 'integer' ? 0 : type === 'string' ? '' : false;
}

/** Translates the supported subset; undefined as soon as any node falls outside it. */
function translate(node: ASTNode, variables: ExpressionVariables): Fast | undefined {
  switch (node.op) {
    case 'value': {
      const v = node.args;
      if (typeof v === 'bigint') {
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
          return undefined;
        const n = Number(v);
        return { type: 'int', run: () => n, constant: n };
      }
      if (typeof v === 'string') return { type: 'string', run: () => v, constant: v };
      if (typeof v === 'boolean') return { type: 'bool', run: () => v, constant: v };
      return undefined;
    }
    case 'id': {
      const name = node.args;
      if (name === 'category') return { type: 'string', run: (_f, c) => c };
      if (name === 'tier') return { type: 'string', run: (_f, _c, t) => t };
      const fieldType = variables.get(name);
      if (fieldType === undefined) return undefined;
      const fallback = fieldDefault(fieldType);
      const type: FastType =
        fieldType === 'integer' ? 'int' : fieldType === 'string' ? 'string' : 'bool';
      return {
        type,
        run: (f) => {
          const v = f[name];
          return v === undefined ? fallback : v;
        },
      };
    }
    case '!_': {
      const a = translate(node.args, variables);
      if (a?.type !== 'bool') return undefined;
      const ra = a.run;
      return { type: 'bool', run: (f, c, t) => !(ra(f, c, t) as boolean) };
    }
    case '-_': {
      const a = translate(node.args, variables);
      if (a?.type !== 'int') return undefined;
      const ra = a.run;
      return { type: 'int', run: (f, c, t) => -(ra(f, c, t) as number) };
    }
    case '&&':
    case '||':
      return logical(node.op, node.args[0], node.args[1], variables);
    case '?:': {
      const [cond, yes, no] = node.args.map((n) => translate(n, variables));
      if (cond?.type !== 'bool' || yes === undefined || no === undefined || yes.type !== no.type)
        return undefined;
      const rc = cond.run;
      const ry = yes.run;
      const rn = no.run;
      return {
        type: yes.type,
        run: (f, c, t) => (rc(f, c, t) === true ? ry(f, c, t) : rn(f, c, t)),
      };
    }
    case '==':
    case '!=': {
      const a = translate(node.args[0], variables);
      const b = translate(node.args[1], variables);
      if (a === undefined || b === undefined || a.type !== b.type) return undefined;
      const ra = a.run;
      const rb = b.run;
      return node.op === '=='
        ? { type: 'bool', run: (f, c, t) => ra(f, c, t) === rb(f, c, t) }
        : { type: 'bool', run: (f, c, t) => ra(f, c, t) !== rb(f, c, t) };
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
      return arithmetic(node.op, node.args[0], node.args[1], variables);
    case 'in':
      return membership(node.args[0], node.args[1], variables);
    case '.':
    case '.?':
    case '[]':
    case '[?]':
    case 'call':
    case 'rcall':
    case 'list':
    case 'map':
      return undefined;
    default: {
      const never: never = node;
      return never;
    }
  }
}

function logical(
  op: '&&' | '||',
  left: ASTNode,
  right: ASTNode,
  variables: ExpressionVariables,
): Fast | undefined {
  const a = translate(left, variables);
  const b = translate(right, variables);
  if (a?.type !== 'bool' || b?.type !== 'bool') return undefined;
  const ra = a.run;
  const rb = b.run;
  // The value that decides the result on its own: false for &&, true for ||. CEL lets it absorb
  // an error on the other side, whichever side the error is on.
  const decisive = op === '||';
  return {
    type: 'bool',
    run: (f, c, t) => {
      let av: boolean;
      try {
        av = ra(f, c, t) as boolean;
      } catch (error) {
        if (error !== RUNTIME_ERROR) throw error;
        if ((rb(f, c, t) as boolean) === decisive) return decisive;
        throw error;
      }
      return av === decisive ? decisive : rb(f, c, t);
    },
  };
}

function arithmetic(
  op: '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%',
  left: ASTNode,
  right: ASTNode,
  variables: ExpressionVariables,
): Fast | undefined {
  const a = translate(left, variables);
  const b = translate(right, variables);
  if (a === undefined || b === undefined || a.type !== b.type) return undefined;
  const ra = a.run as (f: RecordFields, c: string, t: string) => number;
  const rb = b.run as (f: RecordFields, c: string, t: string) => number;
  if (a.type === 'string' && op === '+') {
    const sa = a.run as (f: RecordFields, c: string, t: string) => string;
    const sb = b.run as (f: RecordFields, c: string, t: string) => string;
    return { type: 'string', run: (f, c, t) => sa(f, c, t) + sb(f, c, t) };
  }
  if (a.type !== 'int') return undefined;
  switch (op) {
    case '<':
      return { type: 'bool', run: (f, c, t) => ra(f, c, t) < rb(f, c, t) };
    case '<=':
      return { type: 'bool', run: (f, c, t) => ra(f, c, t) <= rb(f, c, t) };
    case '>':
      return { type: 'bool', run: (f, c, t) => ra(f, c, t) > rb(f, c, t) };
    case '>=':
      return { type: 'bool', run: (f, c, t) => ra(f, c, t) >= rb(f, c, t) };
    case '+':
      return { type: 'int', run: (f, c, t) => safe(ra(f, c, t) + rb(f, c, t)) };
    case '-':
      return { type: 'int', run: (f, c, t) => safe(ra(f, c, t) - rb(f, c, t)) };
    case '*':
      return { type: 'int', run: (f, c, t) => safe(ra(f, c, t) * rb(f, c, t)) };
    case '/':
      return {
        type: 'int',
        run: (f, c, t) => {
          const x = ra(f, c, t);
          const y = rb(f, c, t);
          if (y === 0) throw RUNTIME_ERROR;
          // Exact truncating division: x - x % y is an exact multiple of y, so the quotient is exact.
          return (x - (x % y)) / y;
        },
      };
    case '%':
      return {
        type: 'int',
        run: (f, c, t) => {
          const y = rb(f, c, t);
          if (y === 0) throw RUNTIME_ERROR;
          return ra(f, c, t) % y;
        },
      };
    default: {
      const never: never = op;
      return never;
    }
  }
}

function membership(
  left: ASTNode,
  right: ASTNode,
  variables: ExpressionVariables,
): Fast | undefined {
  if (right.op !== 'list') return undefined;
  const needle = translate(left, variables);
  if (needle === undefined) return undefined;
  const items: Fast[] = [];
  for (const node of right.args) {
    const item = translate(node, variables);
    if (item === undefined || item.type !== needle.type) return undefined;
    items.push(item);
  }
  const rn = needle.run;
  if (items.every((i) => i.constant !== undefined)) {
    const set = new Set(items.map((i) => i.constant));
    return { type: 'bool', run: (f, c, t) => set.has(rn(f, c, t)) };
  }
  const runs = items.map((i) => i.run);
  return {
    type: 'bool',
    run: (f, c, t) => {
      const v = rn(f, c, t);
      // CEL builds the whole list first, so an error in any element is an error.
      let found = false;
      for (const r of runs) if (r(f, c, t) === v) found = true;
      return found;
    },
  };
}

// ---- Identifiers -----------------------------------------------------------------------------

const MACROS: ReadonlySet<string> = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

/** The identifiers an expression refers to, sorted, without the variables its macros bind. */
export function freeIdentifiers(ast: ASTNode): string[] {
  const found = new Set<string>();
  const visit = (node: ASTNode, bound: ReadonlySet<string>): void => {
    switch (node.op) {
      case 'value':
        return;
      case 'id':
        if (!bound.has(node.args)) found.add(node.args);
        return;
      case '.':
      case '.?':
        visit(node.args[0], bound);
        return;
      case 'call':
        for (const arg of node.args[1]) visit(arg, bound);
        return;
      case 'rcall': {
        const [name, receiver, args] = node.args;
        const first = args[0];
        const isBind = name === 'bind' && receiver.op === 'id' && receiver.args === 'cel';
        if (isBind && first?.op === 'id' && args.length === 3) {
          visit(args[1] as ASTNode, bound);
          visit(args[2] as ASTNode, new Set([...bound, first.args]));
          return;
        }
        visit(receiver, bound);
        if (MACROS.has(name) && first?.op === 'id' && args.length >= 2) {
          const inner = new Set([...bound, first.args]);
          for (const arg of args.slice(1)) visit(arg, inner);
          return;
        }
        for (const arg of args) visit(arg, bound);
        return;
      }
      case 'list':
        for (const item of node.args) visit(item, bound);
        return;
      case 'map':
        for (const [k, v] of node.args) {
          visit(k, bound);
          visit(v, bound);
        }
        return;
      case '!_':
      case '-_':
        visit(node.args, bound);
        return;
      case '?:':
        for (const arg of node.args) visit(arg, bound);
        return;
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
        visit(node.args[0], bound);
        visit(node.args[1], bound);
        return;
      default: {
        const never: never = node;
        return never;
      }
    }
  };
  visit(ast, new Set());
  return [...found].sort();
}
