// Documents (catalogues, policies) are identified by the SHA-256 of their exact text, which the
// ledger keeps so that any past result can be recomputed. Two texts that differ only in comments
// or layout say the same thing: `init` treats them as one document rather than a new version.
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { sha256Hex } from '../sha256.js';

export function digestOf(text: string): string {
  return sha256Hex(text);
}

/** Whether two documents have the same content: the same text, or the same YAML data. */
export function sameContent(
  stored: { readonly digest: string; readonly text: string },
  text: string,
): boolean {
  if (stored.digest === digestOf(text)) return true;
  try {
    return isDeepStrictEqual(parse(stored.text), parse(text));
  } catch {
    return false;
  }
}
