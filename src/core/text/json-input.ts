// The shape rules every parsed input (an HTTP body, query or path, a row of a record file) must
// pass before anything reads it: every string and every property name storable
// (storable-text.ts), and no nesting deeper than `MAX_INPUT_DEPTH`. Nothing Probity accepts is
// nested more than a few levels (`records[3].fields.amount`); a value nested 10 000 deep is an
// attack on whatever walks it recursively (JSON.stringify, a validator), so it is refused here,
// by a walk that is itself not recursive.
import { DomainError, type Problem } from '../errors/domain-error.js';
import { describeTextFlaw, excerpt, textFlaw } from './storable-text.js';

/** How deep an input may nest: `{"records":[{"fields":{"x":1}}]}` is 3 levels of containers. */
export const MAX_INPUT_DEPTH = 32;

/** Problems reported at most per input (a 64 MB body of NULs is one refusal, not millions). */
export const MAX_INPUT_PROBLEMS = 100;

/** `InvalidText`: a string or property name that cannot be stored; `TooDeep`: nested too deep. */
export type InputProblemCode = 'InvalidText' | 'TooDeep';

export interface InputCheckOptions {
  readonly maxDepth?: number;
  readonly maxProblems?: number;
}

interface Node {
  readonly value: unknown;
  readonly parent: Node | undefined;
  /** The property name or array index under the parent. */
  readonly key: string | number | undefined;
  readonly depth: number;
}

/** `records[3].fields.amount` (the paths the error details use), prefixed by `root` when given. */
function pathOf(node: Node, root: string): string {
  const parts: (string | number)[] = [];
  for (let n: Node | undefined = node; n?.key !== undefined; n = n.parent) parts.push(n.key);
  let path = root;
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i] ?? '';
    if (typeof part === 'number') path += `[${part}]`;
    else path += path === '' ? excerpt(part) : `.${excerpt(part)}`;
  }
  return path;
}

/**
 * Every unstorable string or property name in `value`, and every container nested deeper than
 * `maxDepth`, up to `maxProblems`. Paths start at `root` (e.g. `body`, `query`, or '' for a row).
 */
export function inputProblems(
  value: unknown,
  root = '',
  options: InputCheckOptions = {},
): Problem<InputProblemCode>[] {
  const maxDepth = options.maxDepth ?? MAX_INPUT_DEPTH;
  const maxProblems = options.maxProblems ?? MAX_INPUT_PROBLEMS;
  const problems: Problem<InputProblemCode>[] = [];
  const stack: Node[] = [{ value, parent: undefined, key: undefined, depth: 0 }];
  while (stack.length > 0 && problems.length < maxProblems) {
    const node = stack.pop() as Node;
    const v = node.value;
    if (typeof v === 'string') {
      const flaw = textFlaw(v);
      if (flaw !== undefined) {
        const path = pathOf(node, root);
        problems.push({
          path,
          code: 'InvalidText',
          message: `${path || 'the value'} ${describeTextFlaw(flaw)}`,
        });
      }
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    const depth = node.depth + 1;
    if (depth > maxDepth) {
      const path = pathOf(node, root);
      problems.push({
        path,
        code: 'TooDeep',
        message: `${path || 'the value'} is nested more than ${maxDepth} levels deep`,
      });
      continue;
    }
    // Pushed in reverse, so problems come out in document order.
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ value: v[i] as unknown, parent: node, key: i, depth });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      stack.push({ value: (v as Record<string, unknown>)[key], parent: node, key, depth });
    }
    for (const key of keys) {
      const flaw = textFlaw(key);
      if (flaw === undefined) continue;
      const path = pathOf({ value: key, parent: node, key, depth }, root);
      problems.push({
        path,
        code: 'InvalidText',
        message: `the property name at ${path} ${describeTextFlaw(flaw)}`,
      });
    }
  }
  return problems.slice(0, maxProblems);
}

/** Throws `InvalidText` (naming the field) when `text` is not storable; returns it otherwise. */
export function requireStorableText<T extends string | undefined>(text: T, field: string): T {
  if (text === undefined) return text;
  const flaw = textFlaw(text);
  if (flaw === undefined) return text;
  const message = `${field} ${describeTextFlaw(flaw)}`;
  throw new DomainError('InvalidText', message, [{ path: field, code: 'InvalidText', message }]);
}

/**
 * The error for an input with problems: `InvalidText` when any text is unstorable, else
 * `InvalidRequest` (only nesting is wrong); one detail per problem.
 */
export function inputError(problems: readonly Problem<InputProblemCode>[]): DomainError {
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  const text = problems.some((p) => p.code === 'InvalidText');
  return new DomainError(
    text ? 'InvalidText' : 'InvalidRequest',
    `${first?.message ?? 'the input is not valid'}${more}`,
    problems,
  );
}
