// The public search (GET /v1/public/search, charter C13): anyone, without a token, looks up an
// identifier or a name in the LATEST published version of every public list (or of one), and is
// answered exactly what that version holds: the entries as published (masked identifiers, names,
// dates, legal bases, case references), never an unmasked identifier, never an entry of an older
// version nor one removed since (repaired, revoked, expired: it is not in the latest version).
// The store keeps the latest version's entries with their terms (migration 0013), replaced in the
// transaction that records each new version, so a search is an index read whatever a list's size.
//
// How a query is read (publication-search-terms.ts): with a digit or `*` it is an identifier, at
// least 4 characters; typed in full it is masked as publications mask it and compared whole
// (`match: "visible-parts"`: the publication hides the birth date and carries no keyed hash, so a
// full number can only be compared on what is visible); shorter, it is the beginning of a masked
// identifier or its last visible characters (`match: "prefix"`). Otherwise it is a name, at least
// 2 characters, found at the start of any word of a name (each Chinese character starts one).
// The minimum lengths limit enumeration through this door: a single digit or a surname would
// page through most of a list. They are no secrecy (the lists are published in full, as files);
// they keep a search a search. Pages hold at most 100 entries; `next` is the cursor of the next.
// Public data, already published: not audited, like the publications' other doors.
import { DomainError } from '../../core/errors/domain-error.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import type { PublicationStore } from '../ports/publication-store.js';
import type { PublishedEntry } from './publication-format.js';
import { MAX_QUERY, parseSearchQuery } from './publication-search-terms.js';

export const SEARCH_PAGE_DEFAULT = 20;
export const SEARCH_PAGE_MAX = 100;
const CURSOR = /^([A-Za-z0-9][A-Za-z0-9._-]{0,127}):(0|[1-9]\d{0,8})$/;

export interface PublicSearchRequest {
  readonly q: string;
  readonly list?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
}

export interface PublicSearchResult {
  readonly list: string;
  /** The latest version of the list, the one the entry is in. */
  readonly version: number;
  readonly entry: PublishedEntry;
}

export interface PublicSearchAnswer {
  /** The query as it was compared (normalised). */
  readonly query: string;
  readonly kind: 'identifier' | 'name';
  /**
   * `visible-parts`: a full identifier, masked, compared whole with the published masked form
   * (another person with the same visible digits would match too); `prefix`: the beginning of a
   * masked identifier or of a word of a name.
   */
  readonly match: 'visible-parts' | 'prefix';
  readonly results: readonly PublicSearchResult[];
  /** The cursor of the next page, when there is one. */
  readonly next?: string;
}

type SearchDeps = Pick<AppDeps, 'clock'> & {
  readonly store: Pick<PublicationStore, 'searchPublishedEntries'>;
};

function refused(message: string): DomainError {
  return new DomainError('SearchQueryInvalid', message, [
    { path: '/q', code: 'SearchQueryInvalid', message },
  ]);
}

export async function searchPublications(
  deps: SearchDeps,
  _caller: Caller,
  request: PublicSearchRequest,
): Promise<PublicSearchAnswer> {
  const parsed = parseSearchQuery(request.q, deps.clock());
  if ('problem' in parsed) {
    switch (parsed.problem) {
      case 'short':
        throw refused(
          parsed.kind === 'identifier'
            ? `an identifier is searched with at least ${parsed.min} of its characters`
            : `a name is searched with at least ${parsed.min} characters`,
        );
      case 'long':
        throw refused(`a query has at most ${MAX_QUERY} characters`);
      case 'characters':
        throw refused(
          'a query with a digit or * is an identifier: only digits, letters and * (no spaces between)',
        );
      default: {
        const never: never = parsed;
        return never;
      }
    }
  }
  let after: { list: string; ordinal: number } | undefined;
  if (request.cursor !== undefined) {
    const match = CURSOR.exec(request.cursor);
    if (match === null)
      throw new DomainError('InvalidRequest', 'the cursor is not one a search answered', [
        { path: '/cursor', code: 'InvalidRequest', message: 'use the `next` of the page before' },
      ]);
    after = { list: match[1] ?? '', ordinal: Number(match[2]) };
  }
  const limit = Math.min(Math.max(request.limit ?? SEARCH_PAGE_DEFAULT, 1), SEARCH_PAGE_MAX);
  const found = await deps.store.searchPublishedEntries({
    term: 'exact' in parsed ? { exact: parsed.exact } : { prefix: parsed.prefix },
    list: request.list,
    after,
    limit: limit + 1,
  });
  const page = found.slice(0, limit);
  const last = page[page.length - 1];
  return {
    query: parsed.text,
    kind: parsed.kind,
    match: 'exact' in parsed ? 'visible-parts' : 'prefix',
    results: page.map((f) => ({
      list: f.list,
      version: f.version,
      entry: JSON.parse(f.entry) as PublishedEntry,
    })),
    ...(found.length > limit && last !== undefined && { next: `${last.list}:${last.ordinal}` }),
  };
}
