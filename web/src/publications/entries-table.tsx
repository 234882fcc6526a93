// A table of published entries, exactly the fields a publication holds; with a "list" column
// when the entries span lists (the search's results).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/use-format';
import type { PublishedEntry } from './types';

export function EntriesTable({
  entries,
  caption,
  listOf,
}: {
  readonly entries: readonly PublishedEntry[];
  readonly caption: string;
  /** The "list" cell of the i-th entry; no such column without it. */
  readonly listOf?: (i: number) => ReactNode;
}): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="table-wrap" tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('entry.subject')}</th>
            <th scope="col">{t('entry.name')}</th>
            {listOf && <th scope="col">{t('entry.list')}</th>}
            <th scope="col">{t('entry.since')}</th>
            <th scope="col">{t('entry.until')}</th>
            <th scope="col">{t('entry.legalBasis')}</th>
            <th scope="col">{t('entry.caseReferences')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry, i) => (
            <tr key={`${entry.list}:${entry.subject}:${entry.since}:${i}`}>
              <td className="mono">{entry.subject}</td>
              <td>{entry.name ?? '—'}</td>
              {listOf && <td>{listOf(i)}</td>}
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
}
