// The rules of a compiled Probity policy as json-rules-engine rules, for the P2 comparison.
//
// One json-rules-engine rule per policy rule (per branch of a `?:` in its points, see below): its
// conditions are `category in [the ids its pattern matches]` and the rule's `when` translated to
// json-rules-engine operators (`&&` -> all, `||` -> any, comparisons -> greaterThanInclusive...);
// its event carries the policy rule id and the points. Policy order is first-match: each rule gets
// its own priority, descending in policy order, and the first success stops the run, so lower
// rules are never evaluated (json-rules-engine evaluates priority sets one after another).
//
// The rules are grouped into one Engine per category (the peer's best case: like Probity's
// per-category plans, a record only meets the rules that can score it; one engine holding every
// rule would evaluate up to 30 rules per record).
//
// Points: a constant goes into the event as is; `c ? a : b` becomes two rules in a row (the first
// with `c` added to its conditions), which is the same under first match; an arithmetic leaf
// (`hours / 10`) has no json-rules-engine form, so it becomes a computed fact that the event
// params reference (`replaceFactsInEventParams`), the library's way of deriving a value.
import { Engine, type TopLevelCondition } from 'json-rules-engine';
import type { FieldValue } from '../../src/core/ledger/ledger-types.js';
import type { CompiledPolicy, CompiledRule } from '../../src/core/policy/index.js';
import {
  evaluateInt,
  parseCelSubset,
  UnsupportedCel,
  type CelExpr,
  type Comparison,
} from './cel-subset.js';

type Condition = Extract<TopLevelCondition, { all: unknown }>['all'][number];

export interface PeerVerdict {
  /** The policy rule id, or null when no rule matches (the record scores nothing). */
  readonly rule: string | null;
  readonly points: number;
}

const OPERATORS: Readonly<Record<Comparison, string>> = {
  '==': 'equal',
  '!=': 'notEqual',
  '<': 'lessThan',
  '<=': 'lessThanInclusive',
  '>': 'greaterThan',
  '>=': 'greaterThanInclusive',
};
const MIRRORED: Readonly<Record<Comparison, Comparison>> = {
  '==': '==',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

/** A boolean expression of the subset as a json-rules-engine condition. */
export function conditionOf(expr: CelExpr): Condition {
  switch (expr.kind) {
    case 'and':
      return { all: [conditionOf(expr.left), conditionOf(expr.right)] };
    case 'or':
      return { any: [conditionOf(expr.left), conditionOf(expr.right)] };
    case 'compare': {
      const fact = factName(expr.left);
      if (fact !== undefined)
        return { fact, operator: OPERATORS[expr.op], value: literal(expr.right) };
      const mirrored = factName(expr.right);
      if (mirrored !== undefined) {
        return {
          fact: mirrored,
          operator: OPERATORS[MIRRORED[expr.op]],
          value: literal(expr.left),
        };
      }
      throw new UnsupportedCel(`a comparison needs a field or category on one side`);
    }
    case 'int':
    case 'string':
    case 'field':
    case 'category':
    case 'cond':
    case 'div':
      throw new UnsupportedCel(`${expr.kind} is not a condition json-rules-engine can express`);
  }
}

function factName(expr: CelExpr): string | undefined {
  if (expr.kind === 'field') return expr.name;
  if (expr.kind === 'category') return 'category';
  return undefined;
}

function literal(expr: CelExpr): number | string {
  if (expr.kind === 'int' || expr.kind === 'string') return expr.value;
  throw new UnsupportedCel(`only a literal can be compared with a fact`);
}

/** The branches of a points expression in first-match order: extra conditions and a leaf. */
function pointBranches(expr: CelExpr): { tests: Condition[]; leaf: CelExpr }[] {
  if (expr.kind !== 'cond') return [{ tests: [], leaf: expr }];
  return [
    ...pointBranches(expr.yes).map((b) => ({
      tests: [conditionOf(expr.test), ...b.tests],
      leaf: b.leaf,
    })),
    ...pointBranches(expr.no),
  ];
}

function fieldsOf(expr: CelExpr): string[] {
  switch (expr.kind) {
    case 'field':
      return [expr.name];
    case 'div':
      return [...fieldsOf(expr.left), ...fieldsOf(expr.right)];
    case 'int':
      return [];
    case 'string':
    case 'category':
    case 'compare':
    case 'and':
    case 'or':
    case 'cond':
      throw new UnsupportedCel(`${expr.kind} cannot be computed as points`);
  }
}

/** The json-rules-engine rule set of one category, first match first. */
function engineFor(rules: readonly CompiledRule[]): Engine {
  const engine = new Engine([], { replaceFactsInEventParams: true });
  let priority = 1 + rules.length * 8;
  for (const rule of rules) {
    const when = rule.when === undefined ? [] : [conditionOf(parseCelSubset(rule.when.source))];
    const points = parseCelSubset(rule.points.source);
    pointBranches(points).forEach((branch, k) => {
      let pointsParam: number | { fact: string };
      if (branch.leaf.kind === 'int') {
        pointsParam = branch.leaf.value;
      } else {
        const factId = `points:${rule.id}:${k}`;
        const leaf = branch.leaf;
        const names = fieldsOf(leaf);
        engine.addFact(factId, async (_params, almanac) => {
          const facts: Record<string, FieldValue> = {};
          for (const name of names) facts[name] = await almanac.factValue<FieldValue>(name);
          return evaluateInt(leaf, facts);
        });
        pointsParam = { fact: factId };
      }
      priority -= 1;
      if (priority < 1) throw new Error('too many rule branches for the priorities');
      engine.addRule({
        name: `${rule.id}#${k}`,
        priority,
        conditions: {
          all: [
            { fact: 'category', operator: 'in', value: [...rule.categories] },
            ...when,
            ...branch.tests,
          ],
        },
        event: { type: 'scored', params: { rule: rule.id, points: pointsParam } },
      });
    });
  }
  // First match: once a rule succeeds, the lower-priority sets are skipped.
  engine.on('success', () => {
    engine.stop();
  });
  return engine;
}

/** The policy's rules as json-rules-engine engines, one per catalogue category. */
export class JsonRulesEnginePolicy {
  private readonly engines = new Map<string, Engine>();

  constructor(policy: CompiledPolicy) {
    for (const plan of policy.categoryPlans)
      this.engines.set(plan.category.id, engineFor(plan.rules));
  }

  /** The verdict on one record; `facts` holds `category` and every field (see peerFacts). Not re-entrant. */
  async judge(facts: Readonly<Record<string, FieldValue>>): Promise<PeerVerdict> {
    const category = facts.category;
    const engine = typeof category === 'string' ? this.engines.get(category) : undefined;
    if (engine === undefined) throw new Error(`no rule set for category ${String(category)}`);
    const { events } = await engine.run(facts);
    const first = events[0];
    if (first === undefined) return { rule: null, points: 0 };
    const params = first.params ?? {};
    return { rule: String(params.rule), points: Number(params.points) };
  }
}
