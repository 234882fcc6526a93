// Objections per agency (GET /v1/authority/objections): for each agency, its records, the
// objections filed on them and how it decided them, the pending and overdue, the median days to
// decide, the upheld rate and appeals overturned; the rule and the agencies it flags. The period
// is picked with the page's dates (period-form.tsx), kept in its URL.
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, Show } from '../app/states';
import { useApi } from '../app/use-api';
import { useFormat } from '../i18n/use-format';
import { authorityApi, type AgencyObjections } from './authority-api';
import { COLOURS, Figure } from './figure';
import { AUTHORITY_NS } from './i18n/messages';
import { dayOf, doorQuery, lastDayOf } from './period';
import { PeriodForm, useDates } from './period-form';

function Agencies({ answer }: { readonly answer: AgencyObjections }): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const format = useFormat();
  const agencies = answer.agencies;
  const config = useMemo(
    () => ({
      type: 'bar' as const,
      data: {
        labels: agencies.map((a) => a.name),
        datasets: (['upheld', 'rejected', 'pending', 'overdue'] as const).map((k, i) => ({
          label: t(`objections.${k}`),
          data: agencies.map((a) => a[k]),
          backgroundColor: COLOURS[i],
        })),
      },
    }),
    [answer, format.language],
  );
  if (agencies.length === 0) return <Empty>{t('objections.none')}</Empty>;
  return (
    <Figure
      label={t('objections.label')}
      config={config}
      table={{
        columns: [
          t('population.agency'),
          t('objections.records'),
          t('objections.objections'),
          t('objections.upheld'),
          t('objections.rejected'),
          t('objections.pending'),
          t('objections.overdue'),
          t('objections.median'),
          t('objections.upheldRate'),
          t('objections.overturned'),
          t('objections.flagged'),
        ],
        rows: agencies.map((a) => [
          `${a.name} (${a.agency})`,
          a.records,
          a.objections,
          a.upheld,
          a.rejected,
          a.pending,
          a.overdue,
          a.medianDaysToDecide === null ? '—' : format.number(a.medianDaysToDecide),
          a.upheldRate === null ? '—' : format.percent(a.upheldRate),
          a.overturnedOnAppeal,
          a.flagged ? t('objections.yes') : t('objections.no'),
        ]),
      }}
    />
  );
}

export function ObjectionsPage(): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const format = useFormat();
  const [dates, setDates] = useDates();
  const loaded = useApi(
    () => authorityApi.objections(doorQuery({ from: dates.from, to: dates.to })),
    [dates.from, dates.to],
  );
  const answered = loaded.state === 'ok' ? loaded.data : undefined;
  return (
    <>
      <h1>{t('objections.title')}</h1>
      <PeriodForm
        fields={['from', 'to']}
        dates={dates}
        shown={
          answered && {
            from: dayOf(answered.window.from),
            to: lastDayOf(answered.window.to),
          }
        }
        onApply={(next) => setDates({ from: next.from, to: next.to })}
      />
      <Show loaded={loaded}>
        {(answer) => (
          <>
            <p className="lead">
              {t('objections.intro', {
                from: format.date(answer.window.from),
                to: format.date(lastDayOf(answer.window.to)),
              })}
            </p>
            <p>
              <strong>{t('fairness.rule')}:</strong>{' '}
              {t('objections.ruleText', {
                rate: format.percent(answer.rule.upheldRateAbove),
                min: format.number(answer.rule.minDecided),
              })}
            </p>
            <Agencies answer={answer} />
          </>
        )}
      </Show>
    </>
  );
}
