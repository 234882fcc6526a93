// The first page (public, no sign-in): every published list with its latest version, and a
// search by identifier or name across the latest version of each list, answering exactly what
// the publication holds (masked identifiers, names, dates, legal bases, case references). The
// search is the server's (GET /v1/public/search, publications/search.ts), a page at a time.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { initialData } from '../app/initial-data';
import { Empty, ErrorState, Loading, Show } from '../app/states';
import { useApi } from '../app/use-api';
import { useFormat } from '../i18n/use-format';
import { listLabel, useDocuments } from '../publications/documents';
import { EntriesTable } from '../publications/entries-table';
import { INDEX_PATH, loadIndex } from '../publications/load';
import {
  MAX_QUERY,
  MIN_IDENTIFIER_QUERY,
  MIN_NAME_QUERY,
  queryProblem,
  searchPublished,
  type SearchAnswer,
} from '../publications/search';
import type { PublicationIndex } from '../publications/types';

type Index = PublicationIndex;

/** How long typing pauses before the page searches. */
const SEARCH_DELAY_MS = 400;

type Result = SearchAnswer['results'][number];

/** Pages after the first, fetched with "more". */
interface LaterPages {
  readonly pages: number;
  readonly results: readonly Result[];
  readonly next: string | undefined;
  readonly loading: boolean;
  readonly error: unknown;
}

const NO_LATER: LaterPages = {
  pages: 0,
  results: [],
  next: undefined,
  loading: false,
  error: undefined,
};

function ResultsTable({
  index,
  results,
  caption,
}: {
  index: Index;
  results: readonly Result[];
  caption: string;
}): ReactNode {
  const format = useFormat();
  const docs = useDocuments();
  const listOf = (i: number): ReactNode => {
    const { list, version } = results[i] as Result;
    const label = index.lists.find((l) => l.list === list)?.label;
    return (
      <Link to={`/lists/${list}/${version}`}>{listLabel(docs, format.language, list, label)}</Link>
    );
  };
  return <EntriesTable entries={results.map((r) => r.entry)} caption={caption} listOf={listOf} />;
}

/** The server's search of the latest versions (GET /v1/public/search), a page at a time. */
function SearchPages({ index, query }: { index: Index; query: string }): ReactNode {
  const { t } = useTranslation();
  const first = useApi(() => searchPublished(query), [query]);
  const [later, setLater] = useState<LaterPages>(NO_LATER);
  return (
    <Show loaded={first}>
      {(answer) => {
        const results = [...answer.results, ...later.results];
        const next = later.pages === 0 ? answer.next : later.next;
        if (results.length === 0) return <Empty>{t('lists.search.none', { query })}</Empty>;
        const more = async (cursor: string) => {
          setLater((l) => ({ ...l, loading: true, error: undefined }));
          try {
            const page = await searchPublished(query, cursor);
            setLater((l) => ({
              pages: l.pages + 1,
              results: [...l.results, ...page.results],
              next: page.next,
              loading: false,
              error: undefined,
            }));
          } catch (error) {
            setLater((l) => ({ ...l, loading: false, error }));
          }
        };
        return (
          <>
            {answer.match === 'visible-parts' && (
              <p className="hint">{t('lists.search.visibleParts')}</p>
            )}
            <ResultsTable
              index={index}
              results={results}
              caption={t(next === undefined ? 'lists.search.found' : 'lists.search.foundMore', {
                count: results.length,
                query,
              })}
            />
            {later.error !== undefined && <ErrorState error={later.error} />}
            {next !== undefined && (
              <p>
                <button
                  type="button"
                  className="secondary"
                  disabled={later.loading}
                  onClick={() => void more(next)}
                >
                  {later.loading ? t('lists.search.loadingMore') : t('lists.search.more')}
                </button>
              </p>
            )}
          </>
        );
      }}
    </Show>
  );
}

function SearchResults({ index, query }: { index: Index; query: string }): ReactNode {
  const { t } = useTranslation();
  const problem = queryProblem(query);
  if (problem !== undefined)
    return (
      <p className="state state-empty" role="status">
        {t(`lists.search.problem.${problem}`, {
          min: problem === 'shortIdentifier' ? MIN_IDENTIFIER_QUERY : MIN_NAME_QUERY,
          max: MAX_QUERY,
        })}
      </p>
    );
  // A new query starts from its first page (the key drops the pages of the one before).
  return <SearchPages key={query} index={index} query={query} />;
}

function ListsTable({ index }: { index: Index }): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  const docs = useDocuments();
  if (index.lists.length === 0) return <Empty>{t('lists.none')}</Empty>;
  return (
    <div className="table-wrap" tabIndex={0}>
      <table>
        <caption>{t('lists.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('lists.list')}</th>
            <th scope="col">{t('lists.entries')}</th>
            <th scope="col">{t('lists.asOf')}</th>
            <th scope="col">{t('lists.latest')}</th>
            <th scope="col">{t('lists.archive')}</th>
          </tr>
        </thead>
        <tbody>
          {index.lists.map((list) => {
            const latest = list.versions.find((v) => v.version === list.latest);
            return (
              <tr key={list.list}>
                <th scope="row">{listLabel(docs, format.language, list.list, list.label)}</th>
                <td className="num">{latest ? format.number(latest.entries) : '—'}</td>
                <td>{latest ? format.dateTime(latest.at) : '—'}</td>
                <td>
                  <Link to={`/lists/${list.list}/${list.latest}`}>
                    {t('lists.version', { version: list.latest })}
                  </Link>
                </td>
                <td>
                  <Link to={`/lists/${list.list}`}>
                    {t('lists.versions', { count: list.versions.length })}
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function ListsPage(): ReactNode {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const [draft, setDraft] = useState(query);
  // Server-rendered with the index (initial-data.ts): shown at once, not fetched again.
  const loaded = useApi(loadIndex, [], initialData<Index>(INDEX_PATH));
  // Typing searches once it pauses (SEARCH_DELAY_MS), replacing the address rather than adding
  // to the history; submitting searches at once.
  useEffect(() => {
    const q = draft.trim();
    if (q === query) return;
    const timer = setTimeout(
      () => setParams(q === '' ? {} : { q }, { replace: true }),
      SEARCH_DELAY_MS,
    );
    return () => clearTimeout(timer);
  }, [draft, query, setParams]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = draft.trim();
    setParams(q === '' ? {} : { q });
  };
  return (
    <>
      <h1>{t('lists.title')}</h1>
      <p className="lead">{t('lists.intro')}</p>
      <form className="search" role="search" onSubmit={submit}>
        <label htmlFor="search">{t('lists.search.label')}</label>
        <p id="search-hint" className="hint">
          {t('lists.search.hint')}
        </p>
        <div className="search-row">
          <input
            id="search"
            type="search"
            name="q"
            value={draft}
            aria-describedby="search-hint"
            autoComplete="off"
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit">{t('lists.search.submit')}</button>
        </div>
      </form>
      {loaded.state === 'loading' ? (
        <Loading />
      ) : loaded.state === 'error' ? (
        <ErrorState error={loaded.error} />
      ) : (
        <>
          {query !== '' && (
            <section aria-labelledby="results">
              <h2 id="results">{t('lists.search.results')}</h2>
              <SearchResults index={loaded.data} query={query} />
            </section>
          )}
          <section aria-labelledby="all-lists">
            <h2 id="all-lists">{t('lists.all')}</h2>
            <ListsTable index={loaded.data} />
          </section>
        </>
      )}
    </>
  );
}
