// The rules of a compiled Probity policy as a zen-engine decision (JSON Decision Model), for the
// P2 comparison: input node -> one decision table -> output node. The table's hit policy is
// "first" and its rows are the policy's rules in policy order, so the first row that matches a
// record scores it, as in Probity. Columns:
//  - input `category`: the ids the rule's pattern matches, as a zen unary list (`"a", "b"`);
//  - input `when` (no field: each cell is a whole boolean expression), the rule's `when` in zen's
//    expression language, empty when the rule has none;
//  - outputs `rule` (the policy rule id) and `points` (a zen expression: CEL's `?:` is zen's, and
//    CEL's int `/` truncates, so it becomes `trunc(a / b)`).
// A record that no row matches gives an empty result: no rule, 0 points.
import { ZenEngine, type ZenDecision } from '@gorules/zen-engine';
import type { FieldValue } from '../../src/core/ledger/ledger-types.js';
import type { CompiledPolicy } from '../../src/core/policy/index.js';
import { parseCelSubset, UnsupportedCel, type CelExpr } from './cel-subset.js';
import type { PeerVerdict } from './json-rules-engine-policy.js';

/** A CEL expression of the subset in zen's expression language. */
export function zenExpression(expr: CelExpr): string {
  switch (expr.kind) {
    case 'int':
      return String(expr.value);
    case 'string':
      return JSON.stringify(expr.value);
    case 'field':
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(expr.name)) {
        throw new UnsupportedCel(`field name ${expr.name} is not a zen identifier`);
      }
      return expr.name;
    case 'category':
      return 'category';
    case 'compare':
      return `(${zenExpression(expr.left)} ${expr.op} ${zenExpression(expr.right)})`;
    case 'and':
      return `(${zenExpression(expr.left)} and ${zenExpression(expr.right)})`;
    case 'or':
      return `(${zenExpression(expr.left)} or ${zenExpression(expr.right)})`;
    case 'cond':
      return `(${zenExpression(expr.test)} ? ${zenExpression(expr.yes)} : ${zenExpression(expr.no)})`;
    case 'div':
      return `trunc(${zenExpression(expr.left)} / ${zenExpression(expr.right)})`;
    default: {
      const never: never = expr;
      return never;
    }
  }
}

/** The JDM document of the policy's rules. */
export function policyDecision(policy: CompiledPolicy): Record<string, unknown> {
  const rows = policy.rules.map((rule) => ({
    _id: `rule-${rule.ordinal}`,
    category: rule.categories.map((id) => JSON.stringify(id)).join(', '),
    when: rule.when === undefined ? '' : zenExpression(parseCelSubset(rule.when.source)),
    rule: JSON.stringify(rule.id),
    points: zenExpression(parseCelSubset(rule.points.source)),
  }));
  const position = { x: 0, y: 0 };
  return {
    contentType: 'application/vnd.gorules.decision',
    nodes: [
      { id: 'request', type: 'inputNode', name: 'Record', position },
      {
        id: 'rules',
        type: 'decisionTableNode',
        name: `${policy.id} v${policy.version} rules`,
        position,
        content: {
          hitPolicy: 'first',
          inputs: [
            { id: 'category', name: 'Category', type: 'expression', field: 'category' },
            { id: 'when', name: 'When', type: 'expression' },
          ],
          outputs: [
            { id: 'rule', name: 'Rule', type: 'expression', field: 'rule' },
            { id: 'points', name: 'Points', type: 'expression', field: 'points' },
          ],
          rules: rows,
        },
      },
      { id: 'response', type: 'outputNode', name: 'Verdict', position },
    ],
    edges: [
      { id: 'in', type: 'edge', sourceId: 'request', targetId: 'rules' },
      { id: 'out', type: 'edge', sourceId: 'rules', targetId: 'response' },
    ],
  };
}

export class ZenEnginePolicy {
  private readonly engine = new ZenEngine();
  private readonly decision: ZenDecision;

  constructor(policy: CompiledPolicy) {
    this.decision = this.engine.createDecision(policyDecision(policy));
  }

  /** The verdict on one record; `facts` holds `category` and every field (see peerFacts). */
  async judge(facts: Readonly<Record<string, FieldValue>>): Promise<PeerVerdict> {
    const response = await this.decision.evaluate(facts);
    const result = response.result as { rule?: unknown; points?: unknown } | null;
    if (typeof result?.rule !== 'string') return { rule: null, points: 0 };
    return { rule: result.rule, points: Number(result.points) };
  }

  dispose(): void {
    this.engine.dispose();
  }
}
