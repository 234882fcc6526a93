// Who looked at my data and why (GET /v1/citizen/access-log, charter C11): the counts of the
// whole log by who and why, then the entries newest first, one page at a time.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Show } from '../app/states';
import { useFormat } from '../i18n/use-format';
import { citizenApi, type AccessLog } from './citizen-api';
import { CITIZEN_NS } from './i18n/messages';
import { TableWrap } from './table-wrap';
import { useCitizen } from './use-citizen';

type Entry = AccessLog['entries'][number];

/**
 * Who, what and the outcome in the reader's words where the portal knows them (the person's own
 * accesses as "you", the audit log's actions, a plain read), else as the audit log writes them.
 */
function useAuditWords(): {
  actor(actor: string): string;
  action(action: string): string;
  outcome(outcome: string): string;
} {
  const { t, i18n } = useTranslation(CITIZEN_NS);
  const known = (key: string) => i18n.exists(key, { ns: CITIZEN_NS });
  return {
    actor: (actor) =>
      actor.startsWith('subject:')
        ? t('terms.you')
        : actor === 'operator'
          ? t('terms.operator')
          : actor,
    action: (action) => (known(`terms.actions.${action}`) ? t(`terms.actions.${action}`) : action),
    outcome: (outcome) => (outcome === 'read' ? t('terms.actions.read') : outcome),
  };
}

function Entries({ first }: { readonly first: AccessLog }): ReactNode {
  const { t } = useTranslation(CITIZEN_NS);
  const format = useFormat();
  const words = useAuditWords();
  const [entries, setEntries] = useState<Entry[]>(first.entries);
  const [next, setNext] = useState<number | undefined>(first.next);
  const [error, setError] = useState<unknown>(undefined);
  async function older(before: number): Promise<void> {
    try {
      const page = await citizenApi.accessLog({ before });
      setEntries((e) => [...e, ...page.entries]);
      setNext(page.next);
    } catch (e) {
      setError(e);
    }
  }
  return (
    <>
      <TableWrap label={t('accessLog.entriesCaption', { total: format.number(first.total) })}>
        <table>
          <caption>{t('accessLog.entriesCaption', { total: format.number(first.total) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('accessLog.at')}</th>
              <th scope="col">{t('accessLog.actor')}</th>
              <th scope="col">{t('accessLog.purpose')}</th>
              <th scope="col">{t('accessLog.action')}</th>
              <th scope="col">{t('accessLog.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq}>
                <td>{format.dateTime(e.at)}</td>
                <td className="mono">{words.actor(e.actor)}</td>
                <td>{t(`terms.purposes.${e.purpose}`, { defaultValue: e.purpose })}</td>
                <td>{words.action(e.action)}</td>
                <td>{words.outcome(e.outcome)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {error !== undefined && <ErrorState error={error} />}
      {next !== undefined && (
        <p>
          <button type="button" className="secondary" onClick={() => void older(next)}>
            {t('accessLog.older')}
          </button>
        </p>
      )}
    </>
  );
}

export function AccessLogPage(): ReactNode {
  const { t } = useTranslation(CITIZEN_NS);
  const format = useFormat();
  const words = useAuditWords();
  const [loaded] = useCitizen(() => citizenApi.accessLog({ limit: 100 }));
  return (
    <>
      <h1>{t('accessLog.title')}</h1>
      <p className="lead">{t('accessLog.intro')}</p>
      <Show loaded={loaded}>
        {(log) =>
          log.total === 0 ? (
            <Empty>{t('accessLog.none')}</Empty>
          ) : (
            <>
              <TableWrap label={t('accessLog.countsCaption')}>
                <table>
                  <caption>{t('accessLog.countsCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('accessLog.actor')}</th>
                      <th scope="col">{t('accessLog.purpose')}</th>
                      <th scope="col" className="num">
                        {t('accessLog.entries')}
                      </th>
                      <th scope="col">{t('accessLog.first')}</th>
                      <th scope="col">{t('accessLog.last')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {log.counts.map((c) => (
                      <tr key={`${c.actor}:${c.purpose}`}>
                        <td className="mono">{words.actor(c.actor)}</td>
                        <td>{t(`terms.purposes.${c.purpose}`, { defaultValue: c.purpose })}</td>
                        <td className="num">{format.number(c.entries)}</td>
                        <td>{format.dateTime(c.first)}</td>
                        <td>{format.dateTime(c.last)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              <Entries first={log} />
            </>
          )
        }
      </Show>
    </>
  );
}
