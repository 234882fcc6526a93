// Where in the text a document's problem is: the line of the path a problem names
// (`rules[2].when`), so an editor can show the problem beside it (the authority's workbench,
// docs/web.md). The text is read again with the same parser as the document itself
// (document-problems.ts): a syntax error (path '') gets the line the parser gives it, in order;
// a path gets the line of its deepest part the text holds (a missing key: the line of the mapping
// that lacks it). A path the text does not locate at all gets no line.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Problem } from '../errors/domain-error.js';

/** `rules[2].when` → ['rules', 2, 'when']; `''` → []. */
export function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    if (part === '') continue;
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (match === null) {
      out.push(part);
      continue;
    }
    if (match[1] !== undefined && match[1] !== '') out.push(match[1]);
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(index[1]));
  }
  return out;
}

/** Each problem with the 1-based line it points at, where the text locates it. */
export function withLines<P extends Problem<string>>(
  text: string,
  problems: readonly P[],
): (P & { readonly line?: number })[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, lineCounter });
  const lineAt = (offset: number | undefined): number | undefined =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line;
  let syntax = 0;
  return problems.map((problem) => {
    let line: number | undefined;
    if (problem.path === '') {
      const error = doc.errors[syntax];
      if (error !== undefined) {
        syntax += 1;
        line = error.linePos?.[0].line;
      }
    } else if (doc.errors.length === 0) {
      line = lineAt(offsetOf(doc.contents, pathSegments(problem.path)));
    }
    return line === undefined ? { ...problem } : { ...problem, line };
  });
}

/** The start of the deepest node on the path (a mapping's key, a sequence's item). */
function offsetOf(root: unknown, segments: readonly (string | number)[]): number | undefined {
  let node: unknown = root;
  let offset: number | undefined;
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
      );
      if (pair === undefined) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined || item === null) break;
      offset = (item as Node).range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}
