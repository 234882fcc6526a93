// Searching the published lists by identifier or name, in what the publications hold: masked
// identifiers (a person's birth date hidden) and names. The first page searches the latest
// version of every list on the server (GET /v1/public/search, `searchPublished`: an index, not
// the files, so a list of 100 000 entries is not downloaded); the rules of a query are the
// server's, checked here first so that the page says what is missing without asking
// (`queryProblem`). A version's page filters the entries it has loaded (`matches`): an identifier
// typed in full is masked the way publications mask it (src/core/identifiers/identifier-mask.ts)
// and compared whole; anything else is looked for in the masked identifiers and the names.
// Nothing but published text is searched, so nothing unpublished can be found.
import { api, unwrap } from '../api/client';
import type { paths } from '../api/schema';

export type SearchAnswer =
  paths['/v1/public/search']['get']['responses'][200]['content']['application/json'];

/** The server's rules (app/publications/publication-search-terms.ts). */
export const MIN_NAME_QUERY = 2;
export const MIN_IDENTIFIER_QUERY = 4;
export const MAX_QUERY = 64;

export type QueryProblem = 'shortIdentifier' | 'shortName' | 'long' | 'characters';

/** Why the server would refuse a query (400 SearchQueryInvalid), if it would. */
export function queryProblem(query: string): QueryProblem | undefined {
  const trimmed = query.trim();
  if ([...trimmed].length > MAX_QUERY) return 'long';
  if (/[\d*]/.test(trimmed)) {
    const text = normalise(trimmed);
    if (!/^[0-9A-Z*]+$/.test(text)) return 'characters';
    return text.length < MIN_IDENTIFIER_QUERY ? 'shortIdentifier' : undefined;
  }
  const name = trimmed.normalize('NFKC').replace(/\s+/g, ' ');
  return [...name].length < MIN_NAME_QUERY ? 'shortName' : undefined;
}

/** One page of the server's search of the latest versions; `cursor` is the last page's `next`. */
export function searchPublished(q: string, cursor?: string): Promise<SearchAnswer> {
  return unwrap(
    api.GET('/v1/public/search', {
      params: { query: { q, ...(cursor !== undefined && { cursor }) } },
    }),
  );
}

export interface SearchableEntry {
  readonly subject: string;
  readonly name: string | null;
}

/** A query as an identifier: spaces gone, a lower-case x upper-cased. */
function normalise(query: string): string {
  return query.replace(/\s+/g, '').toUpperCase();
}

/** The published form of a person's number typed in full (18 or 15 characters). */
export function maskedForm(query: string): string | undefined {
  const text = normalise(query);
  if (/^\d{17}[\dX]$/.test(text)) return `${text.slice(0, 6)}********${text.slice(14)}`;
  if (/^\d{15}$/.test(text)) return `${text.slice(0, 6)}******${text.slice(12)}`;
  return undefined;
}

export function matches(entry: SearchableEntry, query: string): boolean {
  const trimmed = query.trim();
  if (trimmed === '') return false;
  const id = normalise(trimmed);
  const masked = maskedForm(trimmed);
  if (masked !== undefined) return entry.subject === masked || entry.subject === id;
  if (entry.subject.toUpperCase().includes(id)) return true;
  return entry.name !== null && entry.name.toLowerCase().includes(trimmed.toLowerCase());
}
