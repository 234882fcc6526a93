// My score over time (GET /v1/citizen/score-history) as a line chart, drawn by the site's chart
// module (Chart.js, loaded only when this chart is shown), with every figure also in a table.
import { lazy, Suspense, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, Loading, Show } from '../app/states';
import { useFormat } from '../i18n/use-format';
import { citizenApi, type ScoreHistory } from './citizen-api';
import { CITIZEN_NS } from './i18n/messages';
import { TableWrap } from './table-wrap';
import { useCitizen } from './use-citizen';

const ChartCanvas = lazy(() => import('../charts/chart-canvas'));

const LINE = '#1d3557';

function Chart({ history }: { readonly history: ScoreHistory }): ReactNode {
  const { t } = useTranslation(CITIZEN_NS);
  const format = useFormat();
  const scored = history.points.filter((p) => p.score !== null);
  const config = useMemo(
    () => ({
      type: 'line' as const,
      data: {
        labels: scored.map((p) => format.date(p.at)),
        datasets: [
          {
            label: t('standing.score'),
            data: scored.map((p) => p.score ?? 0),
            borderColor: LINE,
            backgroundColor: LINE,
            pointRadius: 2,
            stepped: false,
          },
        ],
      },
      options: { plugins: { legend: { display: false } } },
    }),
    [history, format.language],
  );
  if (scored.length === 0) return <Empty>{t('standing.historyNone')}</Empty>;
  const label = t('standing.historyLabel', {
    from: format.date(history.points[0]?.at ?? ''),
    to: format.date(history.points[history.points.length - 1]?.at ?? ''),
  });
  return (
    <>
      <Suspense fallback={<Loading />}>
        <ChartCanvas config={config} label={label} counts={false} />
      </Suspense>
      <details>
        <summary>{t('standing.historyTable')}</summary>
        <TableWrap label={label}>
          <table>
            <caption>{label}</caption>
            <thead>
              <tr>
                <th scope="col">{t('standing.date')}</th>
                <th scope="col" className="num">
                  {t('standing.score')}
                </th>
                <th scope="col">{t('standing.grade')}</th>
              </tr>
            </thead>
            <tbody>
              {history.points.map((p) => (
                <tr key={p.at}>
                  <td>{format.date(p.at)}</td>
                  <td className="num">{p.score === null ? '—' : format.number(p.score)}</td>
                  <td>{p.grade ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
    </>
  );
}

export function ScoreChart(): ReactNode {
  const { t } = useTranslation(CITIZEN_NS);
  const [loaded] = useCitizen(() => citizenApi.scoreHistory(365));
  return (
    <section aria-labelledby="score-history">
      <h2 id="score-history">{t('standing.history')}</h2>
      <Show loaded={loaded}>{(history) => <Chart history={history} />}</Show>
    </section>
  );
}
