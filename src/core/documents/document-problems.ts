// The one way to collect the problems of a document written by people (the catalogue, the
// policy): every problem at once, each with a path such as `rules[2].when`, a stable code of the
// document's own vocabulary, and a message. The collector also reads the YAML text, reporting its
// syntax errors like any other problem, and refuses the keys a closed format does not define.
import { parseDocument } from 'yaml';
import type { Problem } from '../errors/domain-error.js';
import type { Obj } from './plain-object.js';
import { firstLine, join } from './yaml-values.js';

/** The codes and words a document's own problems are reported with. */
export interface DocumentVocabulary<Code extends string> {
  /** How messages name the document: "the <document> is closed". */
  readonly document: string;
  /** Text that is not well-formed YAML (path '', the line and column in the message). */
  readonly syntaxCode: Code;
  /** A key the format does not define. */
  readonly unknownKeyCode: Code;
  /** A key refused for a reason of its own rather than as merely unknown (the policy: C3). */
  readonly refusedKey?: (
    key: string,
    what: string,
  ) => { readonly code: Code; readonly message: string } | undefined;
}

export class DocumentProblems<Code extends string> {
  readonly list: Problem<Code>[] = [];

  constructor(private readonly vocabulary: DocumentVocabulary<Code>) {}

  add(path: string, code: Code, message: string): void {
    this.list.push({ path, code, message });
  }

  /** How many so far: compare before and after a part to tell whether it had problems. */
  get count(): number {
    return this.list.length;
  }

  /**
   * The YAML text as plain values (`value` is undefined or null for an empty document), or
   * undefined once each syntax error is reported. Duplicate keys are errors; aliases are bounded.
   */
  readYaml(text: string): { readonly value: unknown } | undefined {
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        this.add('', this.vocabulary.syntaxCode, firstLine(error.message));
      }
      return undefined;
    }
    try {
      return { value: doc.toJS({ maxAliasCount: 100 }) as unknown };
    } catch (error) {
      this.add(
        '',
        this.vocabulary.syntaxCode,
        firstLine(error instanceof Error ? error.message : String(error)),
      );
      return undefined;
    }
  }

  /** Reports each key of `obj` not in `allowed`: the format is closed, so typos are errors. */
  unknownKeys(obj: Obj, allowed: readonly string[], path: string, what: string): void {
    for (const key of Object.keys(obj)) {
      if (allowed.includes(key)) continue;
      const refused = this.vocabulary.refusedKey?.(key, what);
      if (refused) {
        this.add(join(path, key), refused.code, refused.message);
      } else {
        this.add(
          join(path, key),
          this.vocabulary.unknownKeyCode,
          `"${key}" is not a key of ${what} (allowed: ${allowed.join(', ')}); the ${this.vocabulary.document} is closed, so unknown keys are errors`,
        );
      }
    }
  }
}
