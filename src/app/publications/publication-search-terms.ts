// What the public search (GET /v1/public/search) looks a query up by, computed from what a
// publication holds and nothing else: the masked identifier and the name of each entry of the
// latest version of a list. The store keeps these terms beside the entries when a version is
// published (migration 0013, publication-queries.ts), so a search is an index range read, never
// a scan of the files; the files stay the truth, and the terms can always be computed again
// from them (the migration does, for versions published before it).
//
// Terms carry their kind, `i:` for identifiers and `n:` for names, and a query is looked up as a
// prefix of one kind's terms:
//
// - identifiers: the masked identifier as published, upper case (`110105********4118`, an
//   organisation's code as is), and for a masked person's number the visible characters after
//   the mask (`4118`), so a searcher may type the beginning or the last four;
// - names: the name (NFKC, lower case, spaces collapsed), and each of its endings that starts a
//   word: after a space or a punctuation mark, and at every Chinese character (a Chinese name has
//   no spaces: `张三丰` is found by `张三`, `三丰` and `丰`... within the query's minimum length).
//   At most `MAX_NAME_TERMS` endings of the first `MAX_NAME_LENGTH` characters.
//
// A query with a digit or `*` is an identifier, any other a name. An identifier typed in full
// (15 or 18 characters) is masked exactly as a publication masks it (core/identifiers) and
// compared with the published form whole. The publication carries no keyed hash of the hidden
// digits, so nothing else can be compared: a full number matches every entry whose visible parts
// (region, sequence, check character) are the same, whatever its hidden birth date. That is what
// the publication itself can tell, and the answer says so (`match: "visible-parts"`).
import {
  checkIdentifier,
  maskIdentifier,
  normalizeIdentifier,
} from '../../core/identifiers/index.js';
import type { Instant } from '../../core/time/instant.js';
import type { SearchableEntry } from '../ports/publication-store.js';
import type { PublishedEntry } from './publication-format.js';

/** Shortest query: a name of two characters, four of an identifier (each limits enumeration). */
export const MIN_NAME_QUERY = 2;
export const MIN_IDENTIFIER_QUERY = 4;
/** Longest query (characters, after normalising). */
export const MAX_QUERY = 64;
export const MAX_NAME_LENGTH = 64;
export const MAX_NAME_TERMS = 32;

const HAN = /\p{Script=Han}/u;
const WORD_BREAK = /[\s\p{P}\p{S}]/u;
const IDENTIFIER_QUERY = /^[0-9A-Z*]+$/;

/** A name as it is compared: NFKC, lower case, runs of spaces as one, trimmed. */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The terms of one published entry (each once). */
export function entryTerms(entry: Pick<PublishedEntry, 'subject' | 'name'>): string[] {
  const terms = new Set<string>();
  const subject = entry.subject.toUpperCase();
  if (subject !== '') terms.add(`i:${subject}`);
  const tail = /\*+([^*]+)$/.exec(subject)?.[1];
  if (tail !== undefined) terms.add(`i:${tail}`);
  if (entry.name !== null) {
    const chars = [...normaliseName(entry.name)].slice(0, MAX_NAME_LENGTH);
    let count = 0;
    for (let i = 0; i < chars.length && count < MAX_NAME_TERMS; i++) {
      const char = chars[i] ?? '';
      const previous = i === 0 ? ' ' : (chars[i - 1] ?? ' ');
      if (WORD_BREAK.test(char)) continue;
      if (i === 0 || WORD_BREAK.test(previous) || HAN.test(char)) {
        terms.add(`n:${chars.slice(i).join('').trimEnd()}`);
        count++;
      }
    }
  }
  return [...terms];
}

export type SearchQuery =
  | {
      readonly kind: 'identifier';
      /** A full identifier, masked: compared whole. */
      readonly exact: string;
      /** The masked form. */
      readonly text: string;
    }
  | {
      readonly kind: 'identifier' | 'name';
      /** A term prefix (with its kind). */
      readonly prefix: string;
      readonly text: string;
    };

export type QueryProblem =
  | { readonly problem: 'short'; readonly kind: 'identifier' | 'name'; readonly min: number }
  | { readonly problem: 'long'; readonly max: number }
  | { readonly problem: 'characters' };

/** The lookup a query asks for, or why it is refused. */
export function parseSearchQuery(query: string, today: Instant): SearchQuery | QueryProblem {
  const trimmed = query.trim();
  if ([...trimmed].length > MAX_QUERY) return { problem: 'long', max: MAX_QUERY };
  if (/[\d*]/.test(trimmed)) {
    const text = normalizeIdentifier(trimmed);
    if (!IDENTIFIER_QUERY.test(text)) return { problem: 'characters' };
    if (text.length < MIN_IDENTIFIER_QUERY)
      return { problem: 'short', kind: 'identifier', min: MIN_IDENTIFIER_QUERY };
    if (!text.includes('*') && (text.length === 15 || text.length === 18)) {
      const check = checkIdentifier(text, today);
      const full = check.valid ? check.normalized : text;
      // Echoed masked too: an answer never holds an unmasked identifier, even the searcher's.
      const masked = maskIdentifier(full);
      return { kind: 'identifier', exact: `i:${masked}`, text: masked };
    }
    return { kind: 'identifier', prefix: `i:${text}`, text };
  }
  const text = normaliseName(trimmed);
  if ([...text].length < MIN_NAME_QUERY)
    return { problem: 'short', kind: 'name', min: MIN_NAME_QUERY };
  return { kind: 'name', prefix: `n:${text}`, text };
}

/** A version's entries as the store keeps them for the search: the JSON as published, the terms. */
export function searchableEntries(entries: readonly PublishedEntry[]): SearchableEntry[] {
  return entries.map((entry, ordinal) => ({
    ordinal,
    entry: JSON.stringify(entry),
    terms: entryTerms(entry),
  }));
}
