// Compiles a policy's CEL expressions, once per policy version, into plain JS closures.
//
// Each expression is type-checked by cel-js in an environment that holds ONLY the record's own
// fields visible to it, `category` and `tier` (charter C3: there is nothing else to name). The
// fields are on the variable `record` (`record.fine`, `has(record.fine)`); the fields every
// category the expression can see requires are also bound by their bare names (`amount`). A field
// absent from the record is absent in CEL too: `record.fine` is then the error "No such key" and
// a bare name the error "Unknown variable", never 0, "" or false. Then the cel-js AST is
// translated into a tree of closures for a common subset: identifiers and `record.<field>`;
// `has(record.<field>)`; int, string and bool literals; == != < <= > >=; + - * / %; && || !;
// unary minus; ?:; and `in` over a list literal. Anything else (doubles, uints, functions,
// macros, string ordering) runs through cel-js itself: correct, only slower. No `eval` and no
// `new Function` (house rule).
//
// The closures follow CEL exactly where the two could differ:
//  - CEL ints are 64-bit BigInts in cel-js; the closures use JS numbers and, the moment an
//    intermediate result leaves the safe-integer range, hand the whole evaluation to cel-js,
//    which then gives the exact result or its overflow error.
//  - Integer division truncates toward zero and `%` takes the dividend's sign; by zero is an error.
//  - && and || absorb errors from either side (`error && false` is false), like CEL.
// Every compiled expression has `attempt`, which gives the value or an EvaluationFailure with
// CEL's message (the engine and the reference evaluator record it as a rule error on the subject),
// and `evaluate`, the total form (a failure is a `when` that does not hold, or 0 points) used
// where an error must simply not count, such as a sanction list's `when`.
import { Environment, EvaluationError, ParseError, type ASTNode } from '@marcbachmann/cel-js';
import type { FieldType } from '../catalog/index.js';
import { childrenOf } from './expression-analysis.js';
import type { FieldValue, RecordFields } from '../ledger/ledger-types.js';
import {
  expressionDepth,
  selectedFields,
  MAX_EXPRESSION_DEPTH,
  RECORD_VARIABLE,
} from './expression-analysis.js';
import {
  failure,
  isFailure,
  type CompiledExpression,
  type EvaluationFailure,
  type RecordPoints,
  type RecordPredicate,
} from './policy-types.js';

/** What an expression knows of one record field: its catalogue type, presence and bounds. */
export interface ExpressionField {
  readonly type: FieldType;
  /** Required by every category the expression can see: then also bound by its bare name. */
  readonly required: boolean;
  /** Integer bounds declared by the catalogue (the loosest over the categories), when declared. */
  readonly min?: number;
  readonly max?: number;
}

/** The record fields an expression may read, with what the catalogue says of them. */
export type ExpressionVariables = ReadonlyMap<string, ExpressionField>;

/** The two names every expression sees besides the record's fields. */
export const BUILTIN_VARIABLES = ['category', 'tier'] as const;

export type ParsedExpression =
  | { readonly ok: true; readonly ast: ASTNode; readonly identifiers: readonly string[] }
  | { readonly ok: false; readonly reason: 'syntax' | 'depth'; readonly message: string };

export type CompileOutcome<F extends RecordPredicate | RecordPoints> =
  | { readonly ok: true; readonly expression: CompiledExpression<F> }
  | { readonly ok: false; readonly message: string; readonly notInteger?: boolean };

export interface ExpressionCompiler {
  /** Syntax only, and the free identifiers the expression names (macro variables excluded). */
  parse(source: string): ParsedExpression;
  /** A `when`: must type-check as bool. */
  predicate(source: string, variables: ExpressionVariables): CompileOutcome<RecordPredicate>;
  /** A `points`: must type-check as an int (whole points; `hours / 10` is integer division). */
  points(source: string, variables: ExpressionVariables): CompileOutcome<RecordPoints>;
}

const NUMBER_TYPES: ReadonlySet<string> = new Set(['int', 'uint', 'double']);
const CEL_TYPE: Readonly<Record<FieldType, string>> = {
  integer: 'int',
  string: 'string',
  boolean: 'bool',
};

/** Creates a compiler; environments are shared between expressions that see the same fields. */
export function createExpressionCompiler(): ExpressionCompiler {
  const syntaxOnly = new Environment({ unlistedVariablesAreDyn: true });
  const environments = new Map<string, Environment>();

  const environmentFor = (variables: ExpressionVariables): Environment => {
    const names = [...variables.keys()].sort();
    const key = names
      .map((n) => `${n}:${variables.get(n)?.type}:${variables.get(n)?.required === true}`)
      .join(',');
    let env = environments.get(key);
    if (env === undefined) {
      env = new Environment({ limits: { maxDepth: MAX_EXPRESSION_DEPTH } });
      for (const name of BUILTIN_VARIABLES) env.registerVariable(name, 'string');
      const schema: Record<string, string> = {};
      for (const name of names) {
        const field = variables.get(name);
        if (field === undefined) continue;
        schema[name] = CEL_TYPE[field.type];
        if (field.required && name !== RECORD_VARIABLE)
          env.registerVariable(name, CEL_TYPE[field.type]);
      }
      env.registerVariable({ name: RECORD_VARIABLE, schema });
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
      let ast: ASTNode;
      try {
        ast = syntaxOnly.parse(source).ast;
      } catch (error) {
        if (error instanceof ParseError && /maxDepth/.test(error.message)) return tooDeep();
        if (error instanceof ParseError)
          return { ok: false, reason: 'syntax', message: firstLine(error.message) };
        // A stack overflow inside the parser: the text nests far too deep to be read.
        if (error instanceof RangeError) return tooDeep();
        throw error;
      }
      // Depth first, with a loop: everything after this (type-checking, the closures, the bounds
      // proof) recurses over the tree, and a tree a few thousand levels deep would overflow.
      if (expressionDepth(ast) > MAX_EXPRESSION_DEPTH) return tooDeep();
      return { ok: true, ast, identifiers: freeIdentifiers(ast) };
    },
    predicate(source, variables) {
      const checked = typed(source, variables, (t) => t === 'bool', 'a bool');
      if (!checked.ok) return checked;
      const slow = slowEvaluator(checked.env, source, variables);
      const fast = translate(checked.ast, variables);
      const slowPredicate: PredicateAttempt = (f, c, t) => toPredicate(slow(f, c, t));
      const attempt: PredicateAttempt =
        fast?.type === 'bool' ? fastPredicate(fast.run, slowPredicate) : slowPredicate;
      const evaluate: RecordPredicate = (f, c, t) => attempt(f, c, t) === true;
      return {
        ok: true,
        expression: expression(
          source,
          checked.ast,
          variables,
          fast !== undefined,
          evaluate,
          attempt,
        ),
      };
    },
    points(source, variables) {
      const checked = typed(source, variables, (t) => NUMBER_TYPES.has(t), 'a number');
      if (!checked.ok) return checked;
      const type = checked.env.check(source).type;
      if (type !== 'int')
        return {
          ok: false,
          notInteger: true,
          message: `must give whole points (an int), but gives ${type ?? 'an unknown type'}: write an integer expression (hours / 10 divides whole numbers)`,
        };
      const slow = slowEvaluator(checked.env, source, variables);
      const fast = translate(checked.ast, variables);
      const slowPoints: PointsAttempt = (f, c, t) => toPoints(slow(f, c, t));
      const attempt: PointsAttempt =
        fast?.type === 'int' ? fastPoints(fast.run, slowPoints) : slowPoints;
      const evaluate: RecordPoints = (f, c, t) => {
        const n = attempt(f, c, t);
        return typeof n === 'number' ? n : 0;
      };
      return {
        ok: true,
        expression: expression(
          source,
          checked.ast,
          variables,
          fast !== undefined,
          evaluate,
          attempt,
        ),
      };
    },
  };
}

/** A constant `points` as a compiled expression, so the engine always has a closure to call. */
export function constantPoints(value: number): CompiledExpression<RecordPoints> {
  return {
    source: String(value),
    fields: [],
    fast: true,
    evaluate: () => value,
    attempt: () => value,
  };
}

type PredicateAttempt = (f: RecordFields, c: string, t: string) => boolean | EvaluationFailure;
type PointsAttempt = (f: RecordFields, c: string, t: string) => number | EvaluationFailure;

function expression<F extends RecordPredicate | RecordPoints>(
  source: string,
  ast: ASTNode,
  variables: ExpressionVariables,
  fast: boolean,
  evaluate: F,
  attempt: (f: RecordFields, c: string, t: string) => ReturnType<F> | EvaluationFailure,
): CompiledExpression<F> {
  const fields = fieldNames(ast, variables);
  return { source, fields, fast, evaluate, attempt };
}

/** Whether `record` is used other than as `record.<field>` (`record["fine"]`): it may read any field. */
function readsRecordWhole(ast: ASTNode): boolean {
  const stack: ASTNode[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop() as ASTNode;
    if (node.op === 'id' && node.args === RECORD_VARIABLE) return true;
    if (node.op === '.' && node.args[0].op === 'id' && node.args[0].args === RECORD_VARIABLE)
      continue;
    stack.push(...childrenOf(node));
  }
  return false;
}

/**
 * The record fields an expression reads, bare or as `record.<field>`, sorted; every field it can
 * see when it reads `record` otherwise (an index such as `record["fine"]`). The engine keeps
 * these fields' values as columns, and no others.
 */
function fieldNames(ast: ASTNode, variables: ExpressionVariables): string[] {
  const names = new Set<string>(selectedFields(ast));
  if (readsRecordWhole(ast)) for (const n of variables.keys()) names.add(n);
  for (const n of freeIdentifiers(ast)) {
    if (n !== RECORD_VARIABLE && !(BUILTIN_VARIABLES as readonly string[]).includes(n))
      names.add(n);
  }
  return [...names].sort();
}

function tooDeep(): ParsedExpression {
  return {
    ok: false,
    reason: 'depth',
    message: `nests deeper than ${MAX_EXPRESSION_DEPTH} levels; split it into simpler rules`,
  };
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}

// ---- The cel-js path -------------------------------------------------------------------------

type Evaluate = (fields: RecordFields, category: string, tier: string) => unknown;

/**
 * Evaluates through cel-js: the fields present become CEL values (ints as BigInt) on `record`
 * and, for required fields, under their bare names; an absent field is absent in CEL too.
 */
function slowEvaluator(env: Environment, source: string, variables: ExpressionVariables): Evaluate {
  const program = env.parse(source);
  const entries = [...variables.entries()];
  return (fields, category, tier) => {
    const record: Record<string, unknown> = {};
    const context: Record<string, unknown> = { category, tier, [RECORD_VARIABLE]: record };
    for (const [name, field] of entries) {
      const value = celValue(fields[name], field.type);
      if (value === undefined) continue;
      record[name] = value;
      if (field.required && name !== RECORD_VARIABLE) context[name] = value;
    }
    try {
      return program(context) as unknown;
    } catch (error) {
      if (error instanceof EvaluationError) return failure(firstLine(error.message));
      throw error;
    }
  };
}

/** A stored field value as a CEL value; undefined when absent (or not of the declared type). */
function celValue(value: FieldValue | undefined, type: FieldType): unknown {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : undefined;
    case 'string':
      return typeof value === 'string' ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    default: {
      const never: never = type;
      return never;
    }
  }
}

function toPredicate(value: unknown): boolean | EvaluationFailure {
  if (isFailure(value)) return value;
  return value === true;
}

/**
 * A CEL int result as points. An int outside the exact range of a JS number cannot be a number of
 * points: it is a failure, never a rounded 9.22e18 (validation proves this cannot happen for a
 * rule whose arithmetic uses bounded fields; this is the guard behind the proof).
 */
function toPoints(value: unknown): number | EvaluationFailure {
  if (isFailure(value)) return value;
  if (typeof value !== 'bigint') return failure('points did not give an int');
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER))
    return failure(`integer outside the exact range: ${value}`);
  const n = Number(value);
  return n === 0 ? 0 : n;
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

/**
 * Thrown (preallocated at compile time, no per-record cost) for a CEL run-time error; carries the
 * failure with the message cel-js gives for the same error, so both paths explain it alike.
 */
class CelRuntimeError extends Error {
  readonly failure: EvaluationFailure;
  constructor(message: string) {
    super(message);
    this.failure = failure(message);
  }
}
/** Thrown when an int leaves the safe range: cel-js takes over for that evaluation. */
class OutsideFastRange extends Error {}
const DIVISION_BY_ZERO = new CelRuntimeError('division by zero');
const MODULO_BY_ZERO = new CelRuntimeError('modulo by zero');
const OUTSIDE_FAST_RANGE = new OutsideFastRange('integer outside the safe range');

function fastPredicate(run: Run, slow: PredicateAttempt): PredicateAttempt {
  return (f, c, t) => {
    try {
      return run(f, c, t) === true;
    } catch (error) {
      if (error instanceof CelRuntimeError) return error.failure;
      if (error === OUTSIDE_FAST_RANGE) return slow(f, c, t);
      throw error;
    }
  };
}

function fastPoints(run: Run, slow: PointsAttempt): PointsAttempt {
  return (f, c, t) => {
    try {
      const n = run(f, c, t) as number;
      return n === 0 ? 0 : n;
    } catch (error) {
      if (error instanceof CelRuntimeError) return error.failure;
      if (error === OUTSIDE_FAST_RANGE) return slow(f, c, t);
      throw error;
    }
  };
}

function safe(n: number): number {
  if (!Number.isSafeInteger(n)) throw OUTSIDE_FAST_RANGE;
  return n;
}

const FAST_TYPE: Readonly<Record<FieldType, FastType>> = {
  integer: 'int',
  string: 'string',
  boolean: 'bool',
};

/** A field read: the value when present, else CEL's error for an absent key or variable. */
function fieldRead(name: string, field: ExpressionField, bare: boolean): Fast {
  const absent = new CelRuntimeError(bare ? `Unknown variable: ${name}` : `No such key: ${name}`);
  return {
    type: FAST_TYPE[field.type],
    run: (f) => {
      const v = f[name];
      if (v === undefined) throw absent;
      return v;
    },
  };
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
      const field = variables.get(name);
      if (field === undefined || !field.required || name === RECORD_VARIABLE) return undefined;
      return fieldRead(name, field, true);
    }
    case '.': {
      const [target, name] = node.args;
      if (target.op !== 'id' || target.args !== RECORD_VARIABLE) return undefined;
      const field = variables.get(name);
      return field === undefined ? undefined : fieldRead(name, field, false);
    }
    case 'call': {
      const [fn, args] = node.args;
      const selection = args[0];
      if (fn !== 'has' || args.length !== 1 || selection?.op !== '.') return undefined;
      const [target, name] = selection.args;
      if (target.op !== 'id' || target.args !== RECORD_VARIABLE || !variables.has(name))
        return undefined;
      return { type: 'bool', run: (f) => f[name] !== undefined };
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
    case '.?':
    case '[]':
    case '[?]':
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
        if (!(error instanceof CelRuntimeError)) throw error;
        // When both sides fail, cel-js reports the right one: rb's own error propagates.
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
          if (y === 0) throw DIVISION_BY_ZERO;
          // Exact truncating division: x - x % y is an exact multiple of y, so the quotient is exact.
          return (x - (x % y)) / y;
        },
      };
    case '%':
      return {
        type: 'int',
        run: (f, c, t) => {
          const x = ra(f, c, t);
          const y = rb(f, c, t);
          if (y === 0) throw MODULO_BY_ZERO;
          return x % y;
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
    if (node.op === 'id') {
      if (!bound.has(node.args)) found.add(node.args);
      return;
    }
    if (node.op === 'rcall') {
      // cel.bind(x, init, body) and the macros bind their first argument inside the rest.
      const [name, receiver, args] = node.args;
      const first = args[0];
      const isBind = name === 'bind' && receiver.op === 'id' && receiver.args === 'cel';
      if (isBind && first?.op === 'id' && args.length === 3) {
        visit(args[1] as ASTNode, bound);
        visit(args[2] as ASTNode, new Set([...bound, first.args]));
        return;
      }
      if (MACROS.has(name) && first?.op === 'id' && args.length >= 2) {
        visit(receiver, bound);
        const inner = new Set([...bound, first.args]);
        for (const arg of args.slice(1)) visit(arg, inner);
        return;
      }
    }
    for (const child of childrenOf(node)) visit(child, bound);
  };
  visit(ast, new Set());
  return [...found].sort();
}
