// A text field's `pattern`: a regular expression the whole value must match (JavaScript syntax,
// Unicode mode, anchored at both ends). A catalogue's patterns run on every record submitted, so
// the ones that can take exponential time are refused when the catalogue is read: no
// back-references, and no repetition (`*`, `+`, `{n,}`) of a group that itself repeats or holds
// an alternative (`(a+)+`, `(a|ab)*`). Values are at most 128 characters (catalog-content.ts), so
// a linear pattern is cheap.

/** The longest pattern source accepted. */
export const MAX_PATTERN_LENGTH = 200;

interface AddProblem {
  add(path: string, code: 'CatalogInvalidValue', message: string): void;
}

const compiled = new Map<string, RegExp>();

/** The anchored expression of a pattern accepted by `parsePattern`. */
function expressionOf(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (re === undefined) {
    re = new RegExp(`^(?:${pattern})$`, 'u');
    compiled.set(pattern, re);
  }
  return re;
}

/** Whether a value matches a field's pattern as a whole. */
export function matchesPattern(pattern: string, value: string): boolean {
  return expressionOf(pattern).test(value);
}

/** Why a pattern could take exponential time, or undefined when it cannot. */
export function patternRisk(pattern: string): string | undefined {
  const frames: { repeats: boolean; alternates: boolean }[] = [
    { repeats: false, alternates: false },
  ];
  const repeatsAt = (i: number): boolean => {
    const c = pattern[i];
    return c === '*' || c === '+' || (c === '{' && /^\{\d*,\d*\}/.test(pattern.slice(i)));
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const top = frames[frames.length - 1];
    if (top === undefined) return 'unbalanced parentheses';
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return 'a back-reference';
      i++;
      if (repeatsAt(i + 1)) top.repeats = true;
    } else if (c === '[') {
      i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      if (repeatsAt(i + 1)) top.repeats = true;
    } else if (c === '(') {
      frames.push({ repeats: false, alternates: false });
    } else if (c === ')') {
      const group = frames.pop();
      const parent = frames[frames.length - 1];
      if (group === undefined || parent === undefined) return 'unbalanced parentheses';
      if (repeatsAt(i + 1) && (group.repeats || group.alternates)) {
        return group.repeats
          ? 'a repeated group that itself repeats'
          : 'a repeated group with alternatives';
      }
      parent.repeats = parent.repeats || group.repeats || repeatsAt(i + 1);
    } else if (c === '|') {
      top.alternates = true;
    } else if (repeatsAt(i + 1)) {
      top.repeats = true;
    }
  }
  return undefined;
}

/** A field's pattern, checked; undefined (and a problem) when it is not acceptable. */
export function parsePattern(
  value: unknown,
  path: string,
  problems: AddProblem,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '' || value.length > MAX_PATTERN_LENGTH) {
    problems.add(
      path,
      'CatalogInvalidValue',
      `pattern must be a regular expression of 1 to ${MAX_PATTERN_LENGTH} characters`,
    );
    return undefined;
  }
  try {
    expressionOf(value);
  } catch (error) {
    problems.add(
      path,
      'CatalogInvalidValue',
      `pattern is not a regular expression: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
  const risk = patternRisk(value);
  if (risk !== undefined) {
    problems.add(
      path,
      'CatalogInvalidValue',
      `pattern has ${risk}, which can take exponential time on a crafted value: write it without nested repetition or back-references`,
    );
    return undefined;
  }
  return value;
}
