// The part of CEL the reference policy uses, as a small tree the peer translators can render in
// their own languages: int and string literals (negative ones included), record fields (bare or
// `record.<field>`), `has(record.<field>)`, `category`, comparisons, `&&`, `||`, `?:` and integer
// division. The source is parsed by cel-js (the parser Probity compiles with), so both sides read
// the same expression; anything outside this subset throws, so a policy the translators cannot
// render faithfully is never benchmarked.
//
// CEL's semantics that matter for the translation: an absent field is absent (reading it is an
// error), and the reference policy reads an optional field only behind `has(record.<field>)`. The
// peers have no such test, so they are given every catalogue field of the record's category, an
// absent one at its type's zero value (never read: its guard is false), plus a presence fact
// `has__<field>` (1 or 0) that `has(record.<field>)` becomes (`peerFacts`); `/` on ints truncates
// toward zero.
import { Environment, type ASTNode } from '@marcbachmann/cel-js';
import type { Catalog } from '../../src/core/catalog/index.js';
import type { FieldValue, RecordFields } from '../../src/core/ledger/ledger-types.js';

export type Comparison = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type CelExpr =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'category' }
  | {
      readonly kind: 'compare';
      readonly op: Comparison;
      readonly left: CelExpr;
      readonly right: CelExpr;
    }
  | { readonly kind: 'and' | 'or'; readonly left: CelExpr; readonly right: CelExpr }
  | { readonly kind: 'cond'; readonly test: CelExpr; readonly yes: CelExpr; readonly no: CelExpr }
  | { readonly kind: 'div'; readonly left: CelExpr; readonly right: CelExpr };

const parser = new Environment({ unlistedVariablesAreDyn: true });

export class UnsupportedCel extends Error {}

export function parseCelSubset(source: string): CelExpr {
  return fromAst(parser.parse(source).ast, source);
}

function fromAst(node: ASTNode, source: string): CelExpr {
  const unsupported = (what: string): never => {
    throw new UnsupportedCel(`"${source}": ${what} is outside the CEL subset the peers translate`);
  };
  switch (node.op) {
    case 'value': {
      const v = node.args;
      if (typeof v === 'bigint') {
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
          return unsupported(`the int ${v}`);
        return { kind: 'int', value: Number(v) };
      }
      if (typeof v === 'string') return { kind: 'string', value: v };
      return unsupported(`the literal ${String(v)}`);
    }
    case '-_': {
      const operand = fromAst(node.args, source);
      if (operand.kind !== 'int') return unsupported('a minus on anything but an int literal');
      return { kind: 'int', value: -operand.value };
    }
    case 'id':
      if (node.args === 'tier') return unsupported('`tier`');
      return node.args === 'category' ? { kind: 'category' } : { kind: 'field', name: node.args };
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return {
        kind: 'compare',
        op: node.op,
        left: fromAst(node.args[0], source),
        right: fromAst(node.args[1], source),
      };
    case '&&':
    case '||':
      return {
        kind: node.op === '&&' ? 'and' : 'or',
        left: fromAst(node.args[0], source),
        right: fromAst(node.args[1], source),
      };
    case '?:':
      return {
        kind: 'cond',
        test: fromAst(node.args[0], source),
        yes: fromAst(node.args[1], source),
        no: fromAst(node.args[2], source),
      };
    case '/':
      return {
        kind: 'div',
        left: fromAst(node.args[0], source),
        right: fromAst(node.args[1], source),
      };
    case '.': {
      const [target, name] = node.args;
      if (target.op !== 'id' || target.args !== 'record') return unsupported('a selection');
      return { kind: 'field', name };
    }
    case 'call': {
      const [fn, args] = node.args;
      const selection = args[0];
      if (
        fn !== 'has' ||
        args.length !== 1 ||
        selection?.op !== '.' ||
        selection.args[0].op !== 'id' ||
        selection.args[0].args !== 'record'
      )
        return unsupported(`the function ${fn}`);
      return {
        kind: 'compare',
        op: '==',
        left: { kind: 'field', name: presenceFact(selection.args[1]) },
        right: { kind: 'int', value: 1 },
      };
    }
    case '+':
    case '-':
    case '*':
    case '%':
    case '!_':
    case 'in':
    case '.?':
    case '[]':
    case '[?]':
    case 'rcall':
    case 'list':
    case 'map':
      return unsupported(`the operator ${node.op}`);
    default: {
      const never: never = node;
      return never;
    }
  }
}

/** The fact that tells whether a record carries `field`: 1 when present, 0 when absent. */
export function presenceFact(field: string): string {
  return `has__${field}`;
}

/** Evaluates an int-valued expression of the subset (for a peer that cannot do arithmetic). */
export function evaluateInt(expr: CelExpr, facts: Readonly<Record<string, FieldValue>>): number {
  switch (expr.kind) {
    case 'int':
      return expr.value;
    case 'field': {
      const v = facts[expr.name];
      if (typeof v !== 'number') throw new UnsupportedCel(`field ${expr.name} is not an int`);
      return v;
    }
    case 'div': {
      const d = evaluateInt(expr.right, facts);
      if (d === 0) return 0; // a CEL error; Probity's points then give 0
      return Math.trunc(evaluateInt(expr.left, facts) / d);
    }
    case 'string':
    case 'category':
    case 'compare':
    case 'and':
    case 'or':
    case 'cond':
      throw new UnsupportedCel(`${expr.kind} is not an int-valued expression of the subset`);
  }
}

/** The record as a peer's input: `category` plus every catalogue field, absent ones at CEL's zero value. */
export function peerFacts(
  catalog: Catalog,
  category: string,
  fields: RecordFields,
): Record<string, FieldValue> {
  const spec = catalog.byId.get(category);
  if (spec === undefined) throw new Error(`category ${category} is not in the catalogue`);
  const facts: Record<string, FieldValue> = { category };
  for (const [name, field] of Object.entries(spec.fields)) {
    const value = fields[name];
    facts[presenceFact(name)] = value === undefined ? 0 : 1;
    facts[name] =
      value !== undefined
        ? value
        : field.type === 'integer'
          ? 0
          : field.type === 'string'
            ? ''
            : false;
  }
  return facts;
}
