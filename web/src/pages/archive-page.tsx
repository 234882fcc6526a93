// A list's archive: every version ever published, newest first, each with its date, size and
// manifest hash (the chain a reader can follow back to version 1).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { Empty, ErrorState, Show } from '../app/states';
import { initialData } from '../app/initial-data';
import { useApi } from '../app/use-api';
import { useFormat } from '../i18n/use-format';
import { listLabel, useDocuments } from '../publications/documents';
import { INDEX_PATH, loadIndex } from '../publications/load';
import type { PublicationIndex } from '../publications/types';

export function ArchivePage(): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  const docs = useDocuments();
  const { list = '' } = useParams();
  // Server-rendered with the index (initial-data.ts): shown at once, not fetched again.
  const loaded = useApi(loadIndex, [], initialData<PublicationIndex>(INDEX_PATH));
  return (
    <Show loaded={loaded}>
      {(index) => {
        const found = index.lists.find((l) => l.list === list);
        if (!found) {
          return (
            <>
              <h1>{t('archive.title', { list })}</h1>
              <ErrorState error={new ApiError(404, 'NotFound', 'no such list')} />
              <p>
                <Link to="/">{t('notFound.home')}</Link>
              </p>
            </>
          );
        }
        const versions = [...found.versions].sort((a, b) => b.version - a.version);
        return (
          <>
            <p className="crumbs">
              <Link to="/">{t('nav.lists')}</Link>
            </p>
            <h1>
              {t('archive.title', {
                list: listLabel(docs, format.language, found.list, found.label),
              })}
            </h1>
            <p className="lead">{t('archive.intro')}</p>
            {versions.length === 0 ? (
              <Empty>{t('lists.none')}</Empty>
            ) : (
              <div className="table-wrap" tabIndex={0}>
                <table>
                  <caption>{t('archive.caption', { count: versions.length })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('archive.version')}</th>
                      <th scope="col">{t('lists.asOf')}</th>
                      <th scope="col">{t('archive.publishedAt')}</th>
                      <th scope="col" className="num">
                        {t('lists.entries')}
                      </th>
                      <th scope="col">{t('publication.manifestSha256')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {versions.map((v) => (
                      <tr key={v.version}>
                        <th scope="row">
                          <Link to={`/lists/${found.list}/${v.version}`}>
                            {t('lists.version', { version: v.version })}
                          </Link>
                        </th>
                        <td>{format.dateTime(v.at)}</td>
                        <td>{format.dateTime(v.publishedAt)}</td>
                        <td className="num">{format.number(v.entries)}</td>
                        <td className="mono">{v.manifestSha256.slice(0, 16)}…</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        );
      }}
    </Show>
  );
}
