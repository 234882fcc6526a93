// One version of a public list: what it is (dates, size, the manifest's hash, the version it
// follows, the key that signed it, the catalogue and policy it was computed under), what changed
// against the version before (its delta), its entries with a filter, and its files.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { Empty, Show } from '../app/states';
import { useApi } from '../app/use-api';
import { useFormat } from '../i18n/use-format';
import { EntriesTable } from '../publications/entries-table';
import { listLabel, useDocuments } from '../publications/documents';
import { fileUrl, loadDelta, loadVersion } from '../publications/load';
import { matches } from '../publications/search';
import type { PublicationVersion } from '../publications/types';

function Delta({ list, version }: { readonly list: string; readonly version: number }): ReactNode {
  const { t } = useTranslation();
  const loaded = useApi(() => loadDelta(list, version), [list, version]);
  return (
    <section aria-labelledby="delta">
      <h2 id="delta">{t('publication.delta.title')}</h2>
      <Show loaded={loaded}>
        {(delta) => (
          <>
            <p>
              {delta.previousVersion === null
                ? t('publication.delta.first')
                : t('publication.delta.summary', {
                    previous: delta.previousVersion,
                    added: delta.added.length,
                    removed: delta.removed.length,
                    modified: delta.modified.length,
                  })}
            </p>
            {delta.added.length > 0 && (
              <EntriesTable
                entries={delta.added}
                caption={t('publication.delta.added', { count: delta.added.length })}
              />
            )}
            {delta.removed.length > 0 && (
              <EntriesTable
                entries={delta.removed}
                caption={t('publication.delta.removed', { count: delta.removed.length })}
              />
            )}
            {delta.modified.length > 0 && (
              <EntriesTable
                entries={delta.modified.map((m) => m.after)}
                caption={t('publication.delta.modified', { count: delta.modified.length })}
              />
            )}
          </>
        )}
      </Show>
    </section>
  );
}

function Facts({ data }: { readonly data: PublicationVersion }): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  const m = data.manifest;
  return (
    <dl className="facts">
      <dt>{t('lists.asOf')}</dt>
      <dd>{format.dateTime(m.at)}</dd>
      <dt>{t('archive.publishedAt')}</dt>
      <dd>{format.dateTime(m.publishedAt)}</dd>
      <dt>{t('lists.entries')}</dt>
      <dd>{format.number(m.entries)}</dd>
      <dt>{t('publication.manifestSha256')}</dt>
      <dd className="mono">{data.manifestSha256}</dd>
      <dt>{t('publication.previous')}</dt>
      <dd>
        {m.previous ? (
          <>
            <Link to={`/lists/${data.list}/${m.previous.version}`}>
              {t('lists.version', { version: m.previous.version })}
            </Link>{' '}
            <span className="mono">{m.previous.manifestSha256}</span>
          </>
        ) : (
          t('publication.noPrevious')
        )}
      </dd>
      <dt>{t('publication.signedBy')}</dt>
      <dd>
        <span className="mono">{data.signature.keyId}</span>{' '}
        <Link to={`/verify?list=${encodeURIComponent(data.list)}&version=${data.version}`}>
          {t('publication.howToVerify')}
        </Link>
      </dd>
      {m.sources && (
        <>
          <dt>{t('publication.sources')}</dt>
          <dd>
            {t('publication.sourcesText', {
              catalog: m.sources.catalog.version,
              policy: m.sources.policy.id,
              policyVersion: m.sources.policy.version,
            })}
          </dd>
        </>
      )}
    </dl>
  );
}

function Entries({ data }: { readonly data: PublicationVersion }): ReactNode {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const shown =
    filter.trim() === '' ? data.entries : data.entries.filter((e) => matches(e, filter));
  return (
    <section aria-labelledby="entries">
      <h2 id="entries">{t('publication.entries')}</h2>
      <div className="filter">
        <label htmlFor="filter">{t('publication.filter')}</label>
        <input
          id="filter"
          type="search"
          value={filter}
          autoComplete="off"
          onChange={(event) => setFilter(event.target.value)}
        />
      </div>
      {data.entries.length === 0 ? (
        <Empty>{t('publication.noEntries')}</Empty>
      ) : shown.length === 0 ? (
        <Empty>{t('lists.search.none', { query: filter })}</Empty>
      ) : (
        <EntriesTable
          entries={shown}
          caption={t('publication.entriesCaption', {
            shown: shown.length,
            total: data.entries.length,
          })}
        />
      )}
    </section>
  );
}

export function VersionPage(): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  const docs = useDocuments();
  const { list = '', version: v = '' } = useParams();
  const version = /^[1-9]\d{0,9}$/.test(v) ? Number(v) : undefined;
  const loaded = useApi(
    () =>
      version === undefined
        ? Promise.reject(new ApiError(404, 'NotFound', 'no such version'))
        : loadVersion(list, version),
    [list, version],
  );
  return (
    <>
      <p className="crumbs">
        <Link to="/">{t('nav.lists')}</Link> ›{' '}
        <Link to={`/lists/${list}`}>{t('lists.archive')}</Link>
      </p>
      <Show loaded={loaded}>
        {(data) => (
          <>
            <h1>
              {listLabel(docs, format.language, data.list, data.manifest.label)} —{' '}
              {t('lists.version', { version: data.version })}
            </h1>
            <Facts data={data} />
            <Delta list={data.list} version={data.version} />
            <Entries data={data} />
            <section aria-labelledby="files">
              <h2 id="files">{t('publication.files')}</h2>
              <p>{t('publication.filesIntro')}</p>
              <ul className="files">
                {data.manifest.files.map((file) => (
                  <li key={file.name}>
                    <a href={fileUrl(data.list, data.version, file.name)} download={file.name}>
                      {file.name}
                    </a>{' '}
                    <span className="hint">
                      {t('publication.fileFacts', { bytes: file.bytes })}{' '}
                      <span className="mono">SHA-256 {file.sha256}</span>
                    </span>
                  </li>
                ))}
                <li>
                  <a
                    href={fileUrl(data.list, data.version, `v${data.version}.manifest.json`)}
                    download={`v${data.version}.manifest.json`}
                  >
                    {`v${data.version}.manifest.json`}
                  </a>{' '}
                  <span className="hint">{t('publication.manifestFile')}</span>
                </li>
              </ul>
            </section>
          </>
        )}
      </Show>
    </>
  );
}
