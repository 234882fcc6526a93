// The first page (public, no sign-in): every published list with its latest version, and a
// search by identifier or name across the latest version of each list, answering exactly what
// the publication holds (masked identifiers, names, dates, legal bases, case references).
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { initialData } from '../app/initial-data';
import { Empty, ErrorState, Loading, Show } from '../app/states';
import { useApi } from '../app/use-api';
import { useFormat } from '../i18n/use-format';
import { listLabel, useDocuments } from '../publications/documents';
import { INDEX_PATH, loadIndex, loadVersion } from '../publications/load';
import { matches } from '../publications/search';
import type { PublicationIndex, PublicationVersion, PublishedEntry } from '../publications/types';

type Index = PublicationIndex;
type Version = PublicationVersion;
type Entry = PublishedEntry;

function loadLatest(index: Index): Promise<Version[]> {
  return Promise.all(index.lists.map((list) => loadVersion(list.list, list.latest)));
}

function SearchResults({ index, query }: { index: Index; query: string }): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  const docs = useDocuments();
  const loaded = useApi(() => loadLatest(index), [index]);
  return (
    <Show loaded={loaded}>
      {(versions) => {
        const found: { version: Version; entry: Entry }[] = versions.flatMap((version) =>
          version.entries
            .filter((entry) => matches(entry, query))
            .map((entry) => ({ version, entry })),
        );
        if (found.length === 0) return <Empty>{t('lists.search.none', { query })}</Empty>;
        return (
          <div className="table-wrap" tabIndex={0}>
            <table>
              <caption>{t('lists.search.found', { count: found.length, query })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('entry.subject')}</th>
                  <th scope="col">{t('entry.name')}</th>
                  <th scope="col">{t('entry.list')}</th>
                  <th scope="col">{t('entry.since')}</th>
                  <th scope="col">{t('entry.until')}</th>
                  <th scope="col">{t('entry.legalBasis')}</th>
                  <th scope="col">{t('entry.caseReferences')}</th>
                </tr>
              </thead>
              <tbody>
                {found.map(({ version, entry }) => (
                  <tr key={`${version.list}:${entry.subject}:${entry.since}`}>
                    <td className="mono">{entry.subject}</td>
                    <td>{entry.name ?? '—'}</td>
                    <td>
                      <Link to={`/lists/${version.list}/${version.version}`}>
                        {listLabel(docs, format.language, version.list, version.manifest.label)}
                      </Link>
                    </td>
                    <td>{format.date(entry.since)}</td>
                    <td>{entry.until ? format.date(entry.until) : t('entry.noEnd')}</td>
                    <td>{entry.legalBasis}</td>
                    <td>{entry.caseReferences.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      }}
    </Show>
  );
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
