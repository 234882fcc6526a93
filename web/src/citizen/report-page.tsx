// The printable credit report: my standing, lists, measures and records on one page, with a
// print style sheet (citizen.css) that drops the site's navigation and keeps each record whole
// across page breaks, so the browser's "print" or "save as PDF" gives a clean document.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Show } from '../app/states';
import { useApi } from '../app/use-api';
import { useFormat } from '../i18n/use-format';
import { citizenApi } from './citizen-api';
import { useLabels } from './labels';
import { CITIZEN_NS } from './i18n/messages';
import { TableWrap } from './table-wrap';
import { ListsAndMeasures, ScoreFacts } from './standing-page';

async function loadReport() {
  const [evaluation, records] = await Promise.all([citizenApi.me(), citizenApi.records()]);
  return { evaluation, records };
}

export function ReportPage(): ReactNode {
  const { t } = useTranslation(CITIZEN_NS);
  const format = useFormat();
  const labels = useLabels();
  const loaded = useApi(loadReport, []);
  return (
    <article className="report">
      <h1>{t('report.title')}</h1>
      <Show loaded={loaded}>
        {({ evaluation: e, records }) => (
          <>
            <p className="no-print">
              <button type="button" onClick={() => window.print()}>
                {t('report.print')}
              </button>
            </p>
            <dl className="facts">
              <dt>{t('report.subject')}</dt>
              <dd className="mono">{e.subject}</dd>
              <dt>{t('report.generated')}</dt>
              <dd>{format.dateTime(e.at)}</dd>
            </dl>
            <ScoreFacts e={e} />
            <ListsAndMeasures e={e} />
            <h2>{t('report.records')}</h2>
            <TableWrap label={t('report.records')}>
              <table>
                <caption>{t('report.records')}</caption>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t('standing.category')}</th>
                    <th scope="col">{t('records.agency')}</th>
                    <th scope="col">{t('records.occurredAt')}</th>
                    <th scope="col">{t('records.status')}</th>
                    <th scope="col">{t('records.effectEnd')}</th>
                  </tr>
                </thead>
                <tbody>
                  {records.records.map((r) => (
                    <tr key={r.id}>
                      <td className="num">{r.id}</td>
                      <td>{labels.category(r.category)}</td>
                      <td>{r.agency}</td>
                      <td>{format.date(r.occurredAt)}</td>
                      <td>
                        {r.inForce
                          ? t('records.inForce')
                          : t('records.notInForce', { reason: r.notInForceReason ?? '' })}
                      </td>
                      <td>{r.effectEnd === null ? '—' : format.date(r.effectEnd)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <p className="hint">{t('report.footer')}</p>
          </>
        )}
      </Show>
    </article>
  );
}
